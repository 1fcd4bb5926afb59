package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
)

func plan(t testing.TB, sets ...string) *scenario.Plan {
	t.Helper()
	s := scenario.Default()
	for i := 0; i+1 < len(sets); i += 2 {
		if err := s.Set(sets[i], sets[i+1], "test"); err != nil {
			t.Fatal(err)
		}
	}
	pl, err := scenario.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

func summary(t testing.TB, pl *scenario.Plan, n int, seed uint64) Summary {
	t.Helper()
	r, err := Run(context.Background(), pl, Options{N: n, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return Summarize(r)
}

// Dearnaley's conclusions: with ASI 5 years away very likely not done; with
// 10 years probably not; at 50% growth some chance at 5 and probably OK at
// 10. They hold under the default (the field from the data) and, but for
// one cell, under dearnaley-literal (his own field numbers); nothing in
// either was tuned to them (MODEL.md §12). The literal 10-year, 50% cell
// is better than even but short of the 0.6 that "probably OK" is held to
// here: that is the finding the bounds pin.
func TestDearnaleyTable(t *testing.T) {
	cases := []struct {
		preset      string
		asi, growth string
		lo, hi      float64
	}{
		{"dearnaley", "2031", "20%", 0, 0.15},
		{"dearnaley", "2036", "20%", 0, 0.5},
		{"dearnaley", "2031", "50%", 0.05, 0.6},
		{"dearnaley", "2036", "50%", 0.6, 1},
		{"dearnaley-literal", "2031", "20%", 0, 0.15},
		{"dearnaley-literal", "2036", "20%", 0, 0.5},
		{"dearnaley-literal", "2031", "50%", 0.05, 0.6},
		{"dearnaley-literal", "2036", "50%", 0.5, 0.6}, // the finding
	}
	doc, err := os.ReadFile("../../MODEL.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		for preset, label := range map[string]string{"dearnaley": "| dearnaley (the data) |", "dearnaley-literal": "| dearnaley-literal (his numbers) |"} {
			if strings.HasPrefix(line, label) {
				cells := strings.Split(strings.Trim(line, "| "), "|")
				for k := range cells {
					cells[k] = strings.Trim(strings.TrimSpace(cells[k]), "*")
				}
				rows[preset] = cells[1:]
			}
		}
	}
	for k, c := range cases {
		s := scenario.Default()
		if err := s.ApplyPreset(c.preset); err != nil {
			t.Fatal(err)
		}
		for _, kv := range [][2]string{{"timelines.agi", c.asi}, {"timelines.takeoff", "0"}, {"field.growth", c.growth}} {
			if err := s.Set(kv[0], kv[1], "test"); err != nil {
				t.Fatal(err)
			}
		}
		pl, err := scenario.Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		sm := summary(t, pl, 50_000, DefaultSeed)
		p, se := sm.Done.POnTrack, sm.Done.POnTrackSE
		t.Logf("%s, ASI %s, growth %s: P(on track) = %.4f ± %.4f", c.preset, c.asi, c.growth, p, se)
		// The bounds must hold with room for Monte Carlo error, not by luck.
		if p-3*se < c.lo || p+3*se > c.hi {
			t.Errorf("%s, ASI %s, growth %s: P(on track) %.4f ± %.4f outside (%g, %g)", c.preset, c.asi, c.growth, p, se, c.lo, c.hi)
		}
		// MODEL.md §12 quotes the same numbers: 5 y 20%, 10 y 20%, 5 y 50%, 10 y 50%.
		cell := k % 4
		if got, want := fmt.Sprintf("%.3f ± %.3f", p, se), rows[c.preset]; len(want) < 4 || want[cell] != got {
			t.Errorf("%s, ASI %s, growth %s: MODEL.md §12 says %v, the model %s", c.preset, c.asi, c.growth, want, got)
		}
	}
}

// The outcome classes share out every world, and on track is one of them.
func TestOutcomesSumToOne(t *testing.T) {
	for _, sets := range [][]string{nil, {"horizon", "2030"}, {"deadline", "agi"}} {
		s := summary(t, plan(t, sets...), 20_000, DefaultSeed)
		sum, se := 0.0, 0.0
		for _, o := range s.Outcomes {
			sum += o.P
			se = math.Max(se, o.SE)
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("%v: outcomes sum to %v", sets, sum)
		}
		if s.Outcomes[model.ClassOnTrack].P != s.Done.POnTrack {
			t.Errorf("%v: on-track share %v, P(on track) %v", sets, s.Outcomes[model.ClassOnTrack].P, s.Done.POnTrack)
		}
		if s.Done.POnTrack+s.Done.PNever > 1+1e-12 {
			t.Errorf("%v: P(on track) %v + P(never) %v > 1", sets, s.Done.POnTrack, s.Done.PNever)
		}
		if se <= 0 {
			t.Errorf("%v: no standard errors", sets)
		}
	}
}

// AGI has not come by the start: every world's AGI is at or after it,
// even for the smallest uniforms.
func TestNoAGIBeforeStart(t *testing.T) {
	pl := plan(t)
	r, err := Run(context.Background(), pl, Options{N: 20_000, Seed: DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	if m := slices.Min(r.AGI); m < 2026 {
		t.Errorf("earliest AGI %v, before the start", m)
	}
	u := make([]float64, scenario.Dim)
	for i := range u {
		u[i] = 1e-12
	}
	var p model.Params
	pl.Draw(u, &p)
	if p.AGI < 2026 {
		t.Errorf("AGI at u = 1e-12: %v", p.AGI)
	}
}

// Under olah-scale the P-vs-NP-class worlds must not be finished by
// unaligned AGI: before safe_to_help, how fast AI grows after AGI changes
// nothing (issue 8, finding 4).
func TestOlahNotFinishedByAGI(t *testing.T) {
	var never [2]float64
	for k, g := range []string{"", "0"} {
		s := scenario.Default()
		if err := s.ApplyPreset("olah-scale"); err != nil {
			t.Fatal(err)
		}
		if g != "" {
			if err := s.Set("ai.growth_after_agi", g, "test"); err != nil {
				t.Fatal(err)
			}
		}
		pl, err := scenario.Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		never[k] = summary(t, pl, 20_000, DefaultSeed).Done.PNever
	}
	t.Logf("olah-scale P(never): %.4f; with no growth of AI after AGI %.4f", never[0], never[1])
	if math.Abs(never[0]-never[1]) > 0.01 {
		t.Errorf("P(never) moves from %.4f to %.4f with AI growth after AGI", never[0], never[1])
	}
}

// World i depends only on the seed and i: any number of workers gives the
// same per-world outcomes.
func TestSameWhateverTheWorkers(t *testing.T) {
	pl := plan(t)
	var first *Result
	for _, w := range []int{1, 2, 7} {
		r, err := Run(context.Background(), pl, Options{N: 10_000, Seed: 42, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = r
			continue
		}
		if !reflect.DeepEqual(first.Done, r.Done) || !reflect.DeepEqual(first.Miles, r.Miles) || !reflect.DeepEqual(first.ASI, r.ASI) {
			t.Fatalf("%d workers give other outcomes than 1", w)
		}
	}
}

// World i's draws depend on the run seed and i and nothing else (MODEL.md
// §9), so two seeds give independent worlds: neither the same worlds, nor
// the same worlds shifted by one index (as a stream seeded with seed+i
// would give), nor worlds whose draws are correlated. Two seeds still
// agree on P(on track) within Monte Carlo error.
func TestSeedsIndependent(t *testing.T) {
	const n = 20_000
	u, v := make([]float64, scenario.Dim), make([]float64, scenario.Dim)
	for _, pair := range [][2]uint64{{1, 2}, {DefaultSeed, DefaultSeed + 1}, {0, 1 << 63}} {
		for _, shift := range []int{-1, 0, 1} {
			// The correlation of uniforms of world i under one seed and world
			// i+shift under the other, over every slot; its standard error is
			// about 1/sqrt(m).
			var cross float64
			m := 0
			for i := 1; i < n; i++ {
				Uniforms(pair[0], i, u)
				Uniforms(pair[1], i+shift, v)
				for j := range u {
					cross += (u[j] - 0.5) * (v[j] - 0.5)
					m++
				}
			}
			if c := 12 * cross / float64(m); math.Abs(c) > 5/math.Sqrt(float64(m)) {
				t.Errorf("seeds %d and %d, worlds i and i%+d: correlation %.4f", pair[0], pair[1], shift, c)
			}
		}
	}
	pl := plan(t)
	ra, err := Run(context.Background(), pl, Options{N: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := Run(context.Background(), pl, Options{N: n, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Outcomes: world i on track under both seeds as often as independence
	// predicts, p_a p_b, within 5 standard errors.
	var both, a, b float64
	for i := range n {
		x, y := ra.Done.OnTrack[i], rb.Done.OnTrack[i]
		if x {
			a++
		}
		if y {
			b++
		}
		if x && y {
			both++
		}
	}
	pa, pb, pab := a/n, b/n, both/n
	if se := BinomialSE(pa*pb, n); math.Abs(pab-pa*pb) > 5*se {
		t.Errorf("on track under both seeds in %.4f of worlds, independence gives %.4f ± %.4f", pab, pa*pb, se)
	}
	sa, sb := Summarize(ra), Summarize(rb)
	if d := math.Abs(sa.Done.POnTrack - sb.Done.POnTrack); d > 5*math.Hypot(sa.Done.POnTrackSE, sb.Done.POnTrackSE) {
		t.Errorf("seeds disagree by %.4f", d)
	}
}

// The uniforms are uniform and independent across slots: mean 1/2,
// variance 1/12, no correlation between neighbouring slots or worlds.
// The extreme bits map inside (0, 1), never onto an end.
func TestUnitEnds(t *testing.T) {
	if lo, hi := unit(0), unit(^uint64(0)); !(lo > 0 && hi < 1) {
		t.Errorf("unit(0) = %v, unit(max) = %v", lo, hi)
	}
}

func TestUniforms(t *testing.T) {
	const n = 50_000
	u := make([]float64, scenario.Dim)
	prev := make([]float64, scenario.Dim)
	var sum, sq, lag, cross float64
	for i := range n {
		Uniforms(7, i, u)
		for j, x := range u {
			if !(x > 0 && x < 1) {
				t.Fatalf("uniform %v out of (0, 1)", x)
			}
			sum += x
			sq += x * x
			if j > 0 {
				lag += (x - 0.5) * (u[j-1] - 0.5)
			}
			if i > 0 {
				cross += (x - 0.5) * (prev[j] - 0.5)
			}
		}
		copy(prev, u)
	}
	m := float64(n * scenario.Dim)
	mean := sum / m
	if math.Abs(mean-0.5) > 0.002 || math.Abs(sq/m-mean*mean-1.0/12) > 0.001 {
		t.Errorf("mean %.4f variance %.5f", mean, sq/m-mean*mean)
	}
	// Correlation 12 * E[(x-1/2)(y-1/2)]; its standard error is about 1/sqrt(m).
	if c := 12 * lag / m; math.Abs(c) > 5/math.Sqrt(m) {
		t.Errorf("correlation between slots %.4f", c)
	}
	if c := 12 * cross / m; math.Abs(c) > 5/math.Sqrt(m) {
		t.Errorf("correlation between worlds %.4f", c)
	}
}

// Common random numbers: changing a parameter leaves the other parameters of
// every world as they were, and a world can be replayed alone.
func TestReplay(t *testing.T) {
	a, b := plan(t), plan(t, "field.growth", "50%")
	ra, _ := Run(context.Background(), a, Options{N: 3000, Seed: 9})
	rb, _ := Run(context.Background(), b, Options{N: 3000, Seed: 9})
	same := 0
	for i := range 3000 {
		if ra.AGI[i] == rb.AGI[i] {
			same++
		}
	}
	// Only worlds whose near miss moved with the faster field may differ.
	if same < 2900 {
		t.Errorf("only %d of 3000 worlds kept their AGI year", same)
	}
	u := make([]float64, scenario.Dim)
	var o outcomeBuf
	World(a, 9, 1234, u, &o.p, &o.o)
	if o.o.Done != ra.Done.Year[1234] || o.o.OnTrack != ra.Done.OnTrack[1234] {
		t.Error("replaying world 1234 alone gave another outcome")
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, plan(t), Options{N: 100_000, Seed: 1}); err != context.Canceled {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestTooMany(t *testing.T) {
	pl := plan(t)
	_, err := Run(context.Background(), pl, Options{N: math.MaxInt / 2, Seed: 1})
	if _, ok := err.(*TooManyError); !ok {
		t.Errorf("without a budget: got %v, want TooManyError", err)
	}
	per := BytesPerWorld(len(pl.Scenario.Milestones))
	_, err = Run(context.Background(), pl, Options{N: 1001, Seed: 1, MaxBytes: 1000 * per})
	if tm, ok := err.(*TooManyError); !ok || tm.Max != 1000 {
		t.Errorf("1001 worlds in room for 1000: got %v, want TooManyError with at most 1000", err)
	}
	if _, err = Run(context.Background(), pl, Options{N: 1000, Seed: 1, MaxBytes: 1000 * per}); err != nil {
		t.Errorf("1000 worlds in room for 1000: %v", err)
	}
}

func TestQuantile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	// R: quantile(1:10, c(.1, .5, .9)) gives 1.9, 5.5, 9.1.
	if q := quantiles(xs, math.Inf(1), new([]float64)); q != (Quantiles{1.9, 5.5, 9.1}) {
		if math.Abs(q.P10-1.9)+math.Abs(q.P50-5.5)+math.Abs(q.P90-9.1) > 1e-12 {
			t.Errorf("quantiles %+v", q)
		}
	}
	inf := math.Inf(1)
	if q := Quantile([]float64{1, 2, inf, inf}, 0.5); !math.IsInf(q, 1) {
		t.Errorf("median with half never: %v", q)
	}
}

type outcomeBuf struct {
	p model.Params
	o model.Outcome
}

// quantiles, which counts rather than sorts, gives exactly what sorting
// and Quantile give: with ties, infinities, values above the limit (which
// count as +Inf), all values equal, a range beyond the floats, outliers
// far outside a sample's range and every size from one value up.
func TestQuantilesMatchSort(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	inf := math.Inf(1)
	draws := []struct {
		name string
		draw func() float64
	}{
		{"ties and inf", func() float64 {
			if r.IntN(5) == 0 {
				return inf
			}
			return float64(r.IntN(50))
		}},
		{"normal, inf", func() float64 {
			if r.IntN(4) == 0 {
				return inf
			}
			return r.NormFloat64()
		}},
		{"years", func() float64 { return 2026 + 80*r.Float64()*r.Float64() }},
		{"all equal", func() float64 { return 7 }},
		{"all inf", func() float64 { return inf }},
		{"outliers", func() float64 { // a sample of 1,024 sees few of them
			if r.IntN(3000) == 0 {
				return 1e300 * r.Float64()
			}
			return r.Float64()
		}},
		{"huge range", func() float64 { return (r.Float64()*2 - 1) * math.MaxFloat64 }},
		{"one crowded", func() float64 { // almost all in one bucket
			if r.IntN(2000) == 0 {
				return -1e6
			}
			return 1 + 1e-9*r.Float64()
		}},
	}
	for _, d := range draws {
		for _, n := range []int{1, 2, 3, 4, 10, 11, 999, 4096, 100_000} {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = d.draw()
			}
			for _, limit := range []float64{inf, 2040, 0.5, 25} {
				censored := slices.Clone(xs)
				for i, x := range censored {
					if x > limit {
						censored[i] = inf
					}
				}
				slices.Sort(censored)
				want := Quantiles{Quantile(censored, 0.1), Quantile(censored, 0.5), Quantile(censored, 0.9)}
				before := slices.Clone(xs)
				same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
				if got := quantiles(xs, limit, new([]float64)); !same(got.P10, want.P10) || !same(got.P50, want.P50) || !same(got.P90, want.P90) {
					t.Errorf("%s, n %d, limit %v: %+v, want %+v", d.name, n, limit, got, want)
				}
				if !slices.Equal(xs, before) {
					t.Fatalf("%s, n %d: quantiles changed its input", d.name, n)
				}
			}
		}
	}
}

// Difficulty carries Dearnaley's error bars (issue 8, finding 3): R's 90%
// range spans at least a factor of four, and an Apollo-scale R (at least
// 130,000 person-years, the Apollo class's low end in ontrack fit) is a
// real tail, though "probably" not where alignment sits.
func TestDifficultySpread(t *testing.T) {
	pl := plan(t)
	u := make([]float64, scenario.Dim)
	var p model.Params
	var o model.Outcome
	const n = 20_000
	rs := make([]float64, n)
	apollo := 0
	for i := range n {
		World(pl, DefaultSeed, i, u, &p, &o)
		rs[i] = o.R
		if o.R >= 130_000 {
			apollo++
		}
	}
	slices.Sort(rs)
	p5, p95 := Quantile(rs, 0.05), Quantile(rs, 0.95)
	pa := float64(apollo) / n
	t.Logf("R: p5 %.0f, p50 %.0f, p95 %.0f; P(R >= 130,000) = %.3f", p5, Quantile(rs, 0.5), p95, pa)
	if p95/p5 < 4 {
		t.Errorf("R's p95/p5 is %.2f, narrower than his factor of two or three either way", p95/p5)
	}
	if pa < 0.08 || pa > 0.3 {
		t.Errorf("P(R at Apollo scale) = %.3f: want a real tail that is still 'probably' not the case", pa)
	}
}
