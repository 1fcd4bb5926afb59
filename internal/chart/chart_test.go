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

// charts are every chart on the literal inputs, by golden file name.
func charts() map[string]func() []byte {
	return map[string]func() []byte{
		"race":           func() []byte { return Race(summary()) },
		"lead":           func() []byte { return Lead(result()) },
		"fan":            func() []byte { return Fan(fan(), summary()) },
		"outcomes":       func() []byte { return Outcomes(summary()) },
		"levers":         func() []byte { return Levers(comparison()) },
		"tornado":        func() []byte { return Tornado(tornado(), 4) },
		"waterfall":      func() []byte { return Waterfall(explanation(), false) },
		"waterfall-lead": func() []byte { return Waterfall(explanation(), true) },
	}
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
