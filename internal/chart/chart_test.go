package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ontrack/internal/analysis"
	"ontrack/internal/dist"
	"ontrack/internal/model"
	"ontrack/internal/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The inputs are literals, not simulations, so that the golden files hold
// only the charts' own arithmetic, which is the same on every machine.

func summary() *sim.Summary {
	s := &sim.Summary{Scenario: "test", N: 1000, Seed: 1, Start: 2026, Horizon: 2040,
		AGI: sim.Quantiles{P10: 2028, P50: 2031.5, P90: 2038}, ASI: sim.Quantiles{P10: 2029, P50: 2033.25, P90: 2039.5}}
	s.Done = sim.TrackSummary{Name: "done", POnTrack: 0.375, POnTrackSE: 0.0153, PNever: 0.125, PNeverSE: 0.0105,
		Year: sim.Quantiles{P10: 2030, P50: 2035.5, P90: math.Inf(1)}, Deadline: s.ASI, Lead: sim.Quantiles{P10: -12, P50: -1.5, P90: 6}}
	s.Outcomes = [model.NClasses]sim.Share{{P: 0.375, SE: 0.0153}, {P: 0.0625, SE: 0.0077}, {P: 0.1875, SE: 0.0123}, {P: 0.375, SE: 0.0153}}
	for k := range 15 {
		x := float64(k) / 14
		s.Curve = append(s.Curve, sim.CurvePoint{Year: 2026 + float64(k), PDone: 0.875 * x * x, PAGI: math.Min(1, 1.5*x), PASI: x})
	}
	return s
}

func result() *sim.Result {
	r := &sim.Result{N: 12}
	r.Done.Lead = []float64{-30, -12.5, -7, -3, -1, -0.5, 0.25, 2, 4.5, 9, -60, -70}
	r.Done.Year = []float64{2060, 2045, 2040, 2036, 2034, 2033, 2032, 2030, 2029, 2027, math.Inf(1), math.Inf(1)}
	return r
}

func fan() *sim.Fan {
	f := &sim.Fan{N: 1000, Seed: 1, NoTakeover: 0.5}
	for k := range 15 {
		x := float64(k) / 14
		f.Years = append(f.Years, sim.FracYear{Year: 2026 + float64(k),
			Quantiles: sim.Quantiles{P10: 0.05 + 0.5*x*x, P50: math.Min(1, 0.125+x), P90: math.Min(1, 0.25+2*x)}})
	}
	return f
}

func comparison() *analysis.Comparison {
	c := &analysis.Comparison{N: 1000, Seed: 1, POnTrack: 0.375, POnTrackSE: 0.0153}
	for _, a := range []struct {
		name      string
		delta, se float64
	}{{"grow-50", 0.0775, 0.0062}, {"hire-1000", 0.105, 0.0071}, {"pause-at-agi", 0.0275, 0.0041}, {"a-lever-with-a-very-long-name+another", -0.0125, 0.0033}} {
		c.Arms = append(c.Arms, analysis.ArmResult{Arm: analysis.Arm{Name: a.name}, Delta: a.delta, PairedSE: a.se})
	}
	return c
}

func tornado() *analysis.Tornado {
	return &analysis.Tornado{N: 1000, Seed: 1, POnTrack: 0.4375, POnTrackSE: 0.0157, Bars: []analysis.Bar{
		{Path: "timelines.agi", AtP10: 0.0625, AtP90: 0.875},
		{Path: "difficulty.error", AtP10: 0.6875, AtP90: 0.125},
		{Path: "research.lambda", AtP10: 0.375, AtP90: 0.5},
		{Path: "ai.trust", AtP10: 0.4, AtP90: 0.42},
		{Path: "field.cap", AtP10: 0.43, AtP90: 0.44},
	}}
}

func explanation() *analysis.Explanation {
	e := &analysis.Explanation{N: 1000, Seed: 1, From: "futures-kokotajlo", To: "samotsvety", Exact: true, Hybrids: 8, Batches: 10,
		PFrom: analysis.Effect{V: 0.3125, SE: 0.0147}, PTo: analysis.Effect{V: 0.6875, SE: 0.0147},
		LeadFrom: analysis.Effect{V: -5.25, SE: 0.25}, LeadTo: analysis.Effect{V: 7.5, SE: 0.375},
		DeltaP: analysis.Effect{V: 0.375, SE: 0.0125}, DeltaLead: analysis.Effect{V: 12.75, SE: 0.5}}
	for _, p := range []struct {
		name           string
		p, pse, l, lse float64
	}{{"timelines.agi", 0.4375, 0.0125, 14.5, 0.5}, {"timelines.takeoff", -0.0625, 0.005, -2, 0.25}, {"a-part-with-a-very-long-name.indeed", 0, 0, 0.25, 0.125}} {
		e.Parts = append(e.Parts, analysis.PartEffect{Part: analysis.Part{Name: p.name}, P: analysis.Effect{V: p.p, SE: p.pse}, Lead: analysis.Effect{V: p.l, SE: p.lse}})
	}
	return e
}

// views are three views on the same worlds and their pool.
func views() ([]string, []sim.Summary, *sim.Pooled) {
	names := []string{"dearnaley", "optimist <fast & \"safe\">", "doomer"}
	var sums []sim.Summary
	for _, p := range [][2]float64{{0.445, 0.0157}, {0.8125, 0.0123}, {0.0625, 0.0077}} {
		sums = append(sums, sim.Summary{N: 1000, Seed: 1, Done: sim.TrackSummary{POnTrack: p[0], POnTrackSE: p[1]}})
	}
	pool := &sim.Pooled{Weights: []float64{0.5, 0.25, 0.25}, POnTrack: 0.44125, POnTrackSE: 0.0125,
		OnTrackVar: sim.Decomp{Total: 0.2465, Within: 0.1765, Between: 0.07, ShareBetween: 0.284}}
	return names, sums, pool
}

// costed is a comparison with costs as compare gives them, from nothing
// to tens of billions of dollars.
func costed() *analysis.Comparison {
	c := comparison()
	c.FTEYearCost = 300e3
	for i, cost := range []float64{63e9, 29.1e9, 654e6, 0} {
		c.Arms[i].Cost = cost
		c.Arms[i].PerBillion = c.Arms[i].Delta / (cost / 1e9)
		if cost == 0 {
			c.Arms[i].PerBillion = math.NaN()
		}
	}
	return c
}

func sensitivity() *analysis.Sensitivity {
	ix := func(out string, v [][2]float64) analysis.Indices {
		names := []string{"field.growth", "timelines.agi", "difficulty.error", "chance events", "ai.handover"}
		r := analysis.Indices{Output: out, Mean: 0.5, Var: 0.25}
		for k, p := range v {
			r.Factors = append(r.Factors, analysis.Index{Name: names[k], S1: p[0], S1Lo: p[0] - 0.03, S1Hi: p[0] + 0.03, ST: p[1], STLo: p[1] - 0.025, STHi: p[1] + 0.025})
		}
		return r
	}
	return &analysis.Sensitivity{N: 2048, Runs: 2048 * 7, Seed: 1,
		OnTrack:    ix("on track", [][2]float64{{0.025, 0.175}, {0.375, 0.675}, {0.16, 0.47}, {0.015, 0.07}, {0, 0.001}}),
		Lead:       ix("lead", [][2]float64{{0.03, 0.04}, {0.32, 0.35}, {0.42, 0.55}, {0.002, 0.002}, {-0.0005, 0}}),
		Correlated: [][2]string{{"field.growth", "field.past_growth"}}}
}

// sweep1 is a sweep of field.growth over 6 values: P(on track) rising
// from 0.25 by 0.0625 a step, with the lead from -6 by 1.5 years.
func sweep1() ([]analysis.Axis, [][]float64, []sim.Summary) {
	ax := analysis.Axis{Path: "field.growth", Values: []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}}
	var grid [][]float64
	var cells []sim.Summary
	for i, v := range ax.Values {
		p := 0.25 + 0.0625*float64(i)
		l := -6 + 1.5*float64(i)
		grid = append(grid, []float64{v})
		cells = append(cells, sim.Summary{N: 1000, Seed: 1, Done: sim.TrackSummary{POnTrack: p, POnTrackSE: math.Sqrt(p * (1 - p) / 1000),
			Lead: sim.Quantiles{P10: l - 12, P50: l, P90: l + 7}}})
	}
	return []analysis.Axis{ax}, grid, cells
}

// sweep2 is a 4 x 5 grid: P(on track) = row/5 + col/10 over research.lambda
// and timelines.takeoff, one cell never reached (an infinite lead).
func sweep2() ([]analysis.Axis, [][]float64, []sim.Summary) {
	axes := []analysis.Axis{{Path: "research.lambda", Values: []float64{0.25, 0.5, 0.75, 1}}, {Path: "timelines.takeoff", Values: []float64{0, 1, 2, 3, 4}}}
	grid := analysis.Grid(axes)
	var cells []sim.Summary
	for i := range 4 {
		for j := range 5 {
			p := float64(i)/5 + float64(j)/10
			cells = append(cells, sim.Summary{N: 1000, Seed: 1, Done: sim.TrackSummary{POnTrack: p, POnTrackSE: math.Sqrt(p * (1 - p) / 1000),
				Lead: sim.Quantiles{P50: -8 + 2*float64(i) + float64(j)}}})
		}
	}
	cells[0].Done.Lead.P50 = math.Inf(-1)
	return axes, grid, cells
}

func solution() *analysis.Solution {
	return &analysis.Solution{Goal: analysis.Goal{Path: "field.growth", Lo: 0.1, Hi: 0.6, Metric: analysis.MetricP, Target: 0.5},
		N: 1000, Seed: 1, Reachable: true, X: 0.5, XLo: 0.45, XHi: 0.55, AtLo: 0.25, AtHi: 0.5625}
}

// thumbs are distributions of each kind a thumbnail handles: spread,
// fixed, partly never, a point among a spread, and heavy-tailed.
func thumbs() map[string]dist.Dist {
	return map[string]dist.Dist{
		"uniform":    dist.Uniform{A: 0.1, B: 0.5},
		"flat":       dist.Uniform{A: 0, B: 1}, // wide, but not skewed: not logarithmic
		"triangular": dist.Triangular{Min: 2028, Mode: 2032, Max: 2050},
		"point":      dist.Point{V: 0.3},
		"never":      dist.NewMixture([]dist.Dist{dist.Uniform{A: 2030, B: 2050}, dist.Point{V: math.Inf(1)}}, []float64{0.4, 0.6}),
		"atom":       dist.NewMixture([]dist.Dist{dist.Triangular{Min: 1, Mode: 2, Max: 5}, dist.Point{V: 4}}, []float64{0.75, 0.25}),
		"heavy":      dist.NewInterval(0.4, 40),
		"all-never":  dist.Point{V: math.Inf(1)},
	}
}

// charts are every chart on the literal inputs, by golden file name.
func charts() map[string]func() []byte {
	m := map[string]func() []byte{
		"race":     func() []byte { return Race(summary()) },
		"lead":     func() []byte { return Lead(result()) },
		"fan":      func() []byte { return Fan(fan(), summary()) },
		"outcomes": func() []byte { return Outcomes(summary()) },
		"levers":   func() []byte { return Levers(comparison()) },
		"tornado":  func() []byte { return Tornado(tornado(), 4) },
		"views": func() []byte {
			n, s, p := views()
			return Views(n, s, p)
		},
		"views-presets": func() []byte {
			n, s, _ := views()
			return Views(n, s, nil)
		},
		"cost":  func() []byte { return CostDelta(costed()) },
		"sobol": func() []byte { return Sobol(sensitivity(), 4) },
		"sweep": func() []byte {
			a, g, c := sweep1()
			return Sweep(a, g, c, SweepOptions{})
		},
		"sweep-solve": func() []byte {
			a, g, c := sweep1()
			return Sweep(a, g, c, SweepOptions{Solution: solution()})
		},
		"sweep-lead": func() []byte {
			a, g, c := sweep1()
			return Sweep(a, g, c, SweepOptions{Metric: analysis.MetricLead})
		},
		"sweep-heat": func() []byte {
			a, g, c := sweep2()
			return Sweep(a, g, c, SweepOptions{})
		},
		"waterfall":      func() []byte { return Waterfall(explanation(), false) },
		"waterfall-lead": func() []byte { return Waterfall(explanation(), true) },
		"sweep-heat-lead": func() []byte {
			a, g, c := sweep2()
			return Sweep(a, g, c, SweepOptions{Metric: analysis.MetricLead})
		},
	}
	for name, d := range thumbs() {
		path := "ai.trust"
		if strings.Contains(name, "never") || name == "triangular" {
			path = "lever.start"
		} else if name == "atom" || name == "heavy" {
			path = "difficulty.error"
		}
		m["thumb-"+name] = func() []byte { return Thumb(path, d) }
	}
	return m
}

func TestGolden(t *testing.T) {
	for name, draw := range charts() {
		t.Run(name, func(t *testing.T) {
			got := draw()
			if again := draw(); !bytes.Equal(got, again) {
				t.Fatal("two drawings of the same input differ")
			}
			path := filepath.Join("testdata", name+".svg")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, diff(string(want), string(got)))
			}
		})
	}
}

// diff shows the first lines that differ.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 5; i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			b.WriteString("line " + itoa(i+1) + ":\n- " + a + "\n+ " + c + "\n")
			shown++
		}
	}
	return b.String()
}

// TestWellFormed decodes each chart as XML: an svg root in the SVG
// namespace, whose title and desc are not empty and are the elements
// aria-labelledby names, and nothing that runs or loads.
func TestWellFormed(t *testing.T) {
	inputs := charts()
	// The degenerate inputs too: no curve, no worlds, no arms, no bars.
	inputs["race-empty"] = func() []byte { return Race(&sim.Summary{Horizon: 2100}) }
	inputs["lead-empty"] = func() []byte { return Lead(&sim.Result{}) }
	inputs["fan-empty"] = func() []byte { return Fan(&sim.Fan{}, &sim.Summary{}) }
	inputs["levers-empty"] = func() []byte { return Levers(&analysis.Comparison{}) }
	inputs["tornado-empty"] = func() []byte { return Tornado(&analysis.Tornado{}, 10) }
	inputs["waterfall-empty"] = func() []byte { return Waterfall(&analysis.Explanation{}, false) }
	inputs["waterfall-empty-lead"] = func() []byte {
		return Waterfall(&analysis.Explanation{LeadFrom: analysis.Effect{V: math.Inf(-1), SE: math.NaN()}, LeadTo: analysis.Effect{V: 3, SE: math.NaN()}}, true)
	}
	inputs["views-empty"] = func() []byte { return Views(nil, nil, nil) }
	inputs["cost-empty"] = func() []byte { return CostDelta(&analysis.Comparison{}) }
	inputs["sobol-empty"] = func() []byte { return Sobol(&analysis.Sensitivity{}, 10) }
	inputs["sweep-empty"] = func() []byte { return Sweep(nil, nil, nil, SweepOptions{}) }
	inputs["thumb-unset"] = func() []byte { return Thumb("difficulty.total", nil) }
	// No variance, so no indices and no intervals; a sweep's solution
	// out of reach; a sweep of one value; a thumbnail of a point at 0.
	inputs["sobol-flat"] = func() []byte {
		s := sensitivity()
		s.Lead = analysis.Indices{Output: "lead", Factors: []analysis.Index{{Name: "timelines.agi", S1Lo: math.NaN(), S1Hi: math.NaN(), STLo: math.NaN(), STHi: math.NaN()}}}
		return Sobol(s, 10)
	}
	inputs["sweep-unreached"] = func() []byte {
		a, g, c := sweep1()
		sol := solution()
		sol.Reachable, sol.X, sol.XLo, sol.XHi = false, math.NaN(), math.NaN(), math.NaN()
		return Sweep(a, g, c, SweepOptions{Solution: sol})
	}
	inputs["sweep-one"] = func() []byte {
		a, g, c := sweep1()
		a[0].Values = a[0].Values[:1]
		return Sweep(a, g[:1], c[:1], SweepOptions{})
	}
	// A grid too fine to label every cell or value.
	inputs["sweep-heat-fine"] = func() []byte {
		axes := []analysis.Axis{{Path: "field.growth"}, {Path: "field.cap"}}
		for i := range 60 {
			axes[0].Values = append(axes[0].Values, float64(i)/100)
		}
		for j := range 45 {
			axes[1].Values = append(axes[1].Values, 1000*float64(j+1))
		}
		grid := analysis.Grid(axes)
		cells := make([]sim.Summary, len(grid))
		for i, g := range grid {
			cells[i].Done.POnTrack = g[0] + g[1]/1e5
		}
		b := Sweep(axes, grid, cells, SweepOptions{})
		if n := bytes.Count(b, []byte("<text")); n > 60 {
			t.Errorf("a 60 x 45 heat map has %d labels", n)
		}
		return b
	}
	inputs["thumb-zero"] = func() []byte { return Thumb("odd <path> & \"name\"", dist.Point{}) }
	for name, draw := range inputs {
		t.Run(name, func(t *testing.T) {
			b := draw()
			for _, bad := range []string{"<script", "NaN", "Inf", "href", "@import", "url("} {
				if bytes.Contains(b, []byte(bad)) {
					t.Errorf("contains %q", bad)
				}
			}
			if n := bytes.Count(b, []byte("http")); n != 1 {
				t.Errorf("%d addresses, want only the namespace", n)
			}
			if bytes.Contains(Inline(b), []byte("http")) {
				t.Error("Inline leaves an address")
			}
			dec := xml.NewDecoder(bytes.NewReader(b))
			var ids = map[string]string{}
			var labelled string
			var stack []string
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("not well-formed XML: %v", err)
				}
				switch e := tok.(type) {
				case xml.StartElement:
					seen := map[string]bool{}
					for _, a := range e.Attr {
						if seen[a.Name.Local] {
							t.Errorf("<%s> has the attribute %s twice", e.Name.Local, a.Name.Local)
						}
						seen[a.Name.Local] = true
					}
					if len(stack) == 0 {
						if e.Name.Local != "svg" || e.Name.Space != "http://www.w3.org/2000/svg" {
							t.Fatalf("root %v, want svg in the SVG namespace", e.Name)
						}
						for _, a := range e.Attr {
							if a.Name.Local == "aria-labelledby" {
								labelled = a.Value
							}
						}
					}
					for _, a := range e.Attr {
						if a.Name.Local == "id" {
							ids[a.Value] = e.Name.Local
						}
					}
					stack = append(stack, e.Name.Local)
				case xml.EndElement:
					stack = stack[:len(stack)-1]
				case xml.CharData:
					if len(stack) > 0 && (stack[len(stack)-1] == "title" || stack[len(stack)-1] == "desc") && len(bytes.TrimSpace(e)) == 0 {
						t.Errorf("empty %s", stack[len(stack)-1])
					}
				}
			}
			f := strings.Fields(labelled)
			if len(f) != 2 || ids[f[0]] != "title" || ids[f[1]] != "desc" {
				t.Errorf("aria-labelledby %q: want the ids of the title and the desc (%v)", labelled, ids)
			}
		})
	}
}

func TestTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		max    int
		want   string
	}{
		{2026, 2100, 9, "2030 2040 2050 2060 2070 2080 2090 2100"},
		{0, 1, 5, "0 0.2 0.4 0.6 0.8 1"},
		{-50, 50, 8, "-40 -20 0 20 40"},
		{0, 0.117, 6, "0 0.02 0.04 0.06 0.08 0.1"},
	} {
		ts, _ := ticks(c.lo, c.hi, c.max)
		var s []string
		for _, x := range ts {
			s = append(s, strings.TrimSuffix(strings.TrimRight(fixed(x, 6), "0"), "."))
		}
		if got := strings.Join(s, " "); got != c.want {
			t.Errorf("ticks(%v, %v, %d) = %s, want %s", c.lo, c.hi, c.max, got, c.want)
		}
	}
}

// TestThumbShape checks what a thumbnail reads from each distribution
// against what is known of it: the mass at infinity, the point masses and
// their weights, that the bins hold the spread mass, and when the range
// is clipped or logarithmic.
func TestThumbShape(t *testing.T) {
	ds := thumbs()
	for _, c := range []struct {
		name         string
		pInf, cont   float64
		atoms        []atom
		clipped, log bool
		lo, hi       float64 // the range shown, or 0, 0 to skip
		bounded      bool    // whether the range is the support, not the 0.1st to 99.9th percentiles
	}{
		{name: "uniform", cont: 1, lo: 0.1, hi: 0.5, bounded: true},
		{name: "triangular", cont: 1, lo: 2028, hi: 2050, bounded: true},
		{name: "flat", cont: 1, lo: 0, hi: 1, bounded: true},
		{name: "point", atoms: []atom{{0.3, 1}}},
		{name: "never", pInf: 0.6, cont: 0.4, lo: 2030.02, hi: 2049.98},
		{name: "atom", cont: 0.75, atoms: []atom{{4, 0.25}}},
		{name: "heavy", cont: 1, clipped: true, log: true},
		{name: "all-never", pInf: 1},
	} {
		th := thumbOf(ds[c.name])
		if math.Abs(th.pInf-c.pInf) > 1e-12 || math.Abs(th.cont-c.cont) > 1e-9 {
			t.Errorf("%s: mass at infinity %v and spread %v, want %v and %v", c.name, th.pInf, th.cont, c.pInf, c.cont)
		}
		if len(th.atoms) != len(c.atoms) {
			t.Errorf("%s: point masses %v, want %v", c.name, th.atoms, c.atoms)
		} else {
			for i, a := range c.atoms {
				if th.atoms[i].x != a.x || math.Abs(th.atoms[i].mass-a.mass) > 1e-9 {
					t.Errorf("%s: point mass %v, want %v", c.name, th.atoms[i], a)
				}
			}
		}
		if th.clipped != c.clipped || th.log != c.log {
			t.Errorf("%s: clipped %v, log %v; want %v, %v", c.name, th.clipped, th.log, c.clipped, c.log)
		}
		if c.hi > c.lo && (math.Abs(th.lo-c.lo) > 1e-9*math.Abs(c.lo)+1e-12 || math.Abs(th.hi-c.hi) > 1e-9*math.Abs(c.hi)+1e-12) {
			t.Errorf("%s: range [%v, %v], want [%v, %v]", c.name, th.lo, th.hi, c.lo, c.hi)
		}
		// The bins times their widths are the spread mass inside the
		// range: all of it on a bounded support, else all but the 0.2%
		// of the finite mass outside the 0.1st to 99.9th percentiles, or
		// 2% where clipped to the 1st to 99th.
		if th.cont > 0 {
			var sum float64
			w := (th.at(th.hi) - th.at(th.lo)) / thumbBins
			for _, b := range th.bins {
				sum += b * w
			}
			lost := 0.002
			switch {
			case th.clipped:
				lost = 0.02
			case c.bounded:
				lost = 0
			}
			if want := th.cont - lost*(1-th.pInf); math.Abs(sum-want) > 1e-6 {
				t.Errorf("%s: the bins hold %v, want %v", c.name, sum, want)
			}
		}
	}
}

func TestShort(t *testing.T) {
	for _, c := range []struct {
		v    float64
		unit string
		want string
	}{
		{654e6, "$", "$654M"}, {29.1e9, "$", "$29.1B"}, {999999, "", "1M"}, {1500, "", "1.5k"}, {0.125, "", "0.125"},
		{-2500, "$", "-$2.5k"}, {0, "$", "$0"}, {math.Inf(1), "", "never"}, {math.NaN(), "", "–"},
	} {
		if got := short(c.v, c.unit, 3); got != c.want {
			t.Errorf("short(%v, %q, 3) = %q, want %q", c.v, c.unit, got, c.want)
		}
	}
	for _, c := range []struct {
		path string
		v    float64
		want string
	}{{"field.growth", 0.289, "28.9%"}, {"field.cap", 30000, "30k"}, {"timelines.agi", 2033.25, "2033.2"}, {"lever.start", math.Inf(1), "never"}} {
		if got := paramText(c.path, c.v); got != c.want {
			t.Errorf("paramText(%s, %v) = %q, want %q", c.path, c.v, got, c.want)
		}
	}
}

func TestDecade(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want int
	}{{1, 0}, {9.99, 0}, {10, 1}, {654e6, 8}, {1e9, 9}, {0.05, -2}} {
		if got := decade(c.x); got != c.want {
			t.Errorf("decade(%v) = %d, want %d", c.x, got, c.want)
		}
	}
	if a, b := viridis(0), viridis(1); a != "#440154" || b != "#fde725" {
		t.Errorf("viridis ends %s, %s", a, b)
	}
}
