package analysis

import (
	"context"
	"math"
	"math/bits"
	"math/rand/v2"
	"reflect"
	"testing"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// values evaluates a game v on every hybrid of d.
func values(d *design, v func(mask uint64) float64) []float64 {
	out := make([]float64, len(d.masks))
	for h, m := range d.masks {
		out[h] = v(m)
	}
	return out
}

// An additive game, v(S) = c + Σ_{j∈S} a_j, gives each part its own a_j,
// alone and as a Shapley value, and no interaction: exactly, for the exact
// design, and for every sampled order too, since each order's marginal
// effect of j is a_j.
func TestShapleyAdditive(t *testing.T) {
	a := []float64{0.25, -0.125, 0.5, 0, 0.0625, -0.375, 1.5}
	k := len(a)
	v := func(m uint64) float64 {
		s := 3.0
		for j := range k {
			if m&(1<<j) != 0 {
				s += a[j]
			}
		}
		return s
	}
	for name, d := range map[string]*design{"exact": exactDesign(k), "sampled": sampledDesign(k, 16, 1)} {
		got := d.apply(values(d, v))
		for j := range k {
			if math.Abs(got[j]-a[j]) > 1e-12 || math.Abs(got[k+j]-a[j]) > 1e-12 {
				t.Errorf("%s: part %d: Shapley %v, alone %v, want %v", name, j, got[j], got[k+j], a[j])
			}
		}
		if math.Abs(got[2*k+1]) > 1e-12 {
			t.Errorf("%s: interaction %v in an additive game", name, got[2*k+1])
		}
	}
}

// The unanimity game on T (v(S) = 1 when S holds all of T) gives each
// member of T 1/|T| and everyone else nothing (Shapley 1953): symmetry and
// the null player in one closed form. Alone, no part of T does anything,
// so the interaction is the whole change.
func TestShapleyUnanimity(t *testing.T) {
	for k := 1; k <= MaxExactParts; k++ {
		T := uint64(0b1011) & (1<<k - 1)
		if T == 0 {
			T = 1
		}
		size := bits.OnesCount64(T)
		d := exactDesign(k)
		if len(d.masks) != 1<<k {
			t.Fatalf("k=%d: %d hybrids, want %d", k, len(d.masks), 1<<k)
		}
		got := d.apply(values(d, func(m uint64) float64 {
			if m&T == T {
				return 1
			}
			return 0
		}))
		for j := range k {
			want := 0.0
			if T&(1<<j) != 0 {
				want = 1 / float64(size)
			}
			if math.Abs(got[j]-want) > 1e-12 {
				t.Errorf("k=%d: part %d gets %v, want %v", k, j, got[j], want)
			}
		}
		if want := 1.0; size > 1 && math.Abs(got[2*k+1]-want) > 1e-12 {
			t.Errorf("k=%d: interaction %v, want %v", k, got[2*k+1], want)
		}
	}
}

// Efficiency: for any game the Shapley values add up to v(all) − v(none),
// exactly in integers (each hybrid's weights sum to 0 but for the two
// views'), and so in floating point to rounding; the sampled design too,
// each order telescoping.
func TestShapleyEfficiency(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for _, k := range []int{1, 2, 5, 9, 12, 20} {
		var d *design
		if k <= MaxExactParts {
			d = exactDesign(k)
		} else {
			d = sampledDesign(k, ExplainOrders, 7)
		}
		c := d.cols()
		for h, m := range d.masks {
			var s int64
			for j := range k {
				s += d.coef[h*c+j]
			}
			want := int64(0)
			switch m {
			case 1<<k - 1:
				want = d.den
			case 0:
				want = -d.den
			}
			if s != want {
				t.Errorf("k=%d: hybrid %b's weights sum to %d, want %d", k, m, s, want)
			}
		}
		vals := make([]float64, len(d.masks))
		for h := range vals {
			vals[h] = r.Float64()
		}
		got := d.apply(vals)
		var sum float64
		for j := range k {
			sum += got[j]
		}
		total := vals[d.index[1<<k-1]] - vals[d.index[0]]
		if math.Abs(sum-total) > 1e-12 || math.Abs(got[2*k]-total) > 1e-12 {
			t.Errorf("k=%d: the values add to %v and the total column is %v, want %v", k, sum, got[2*k], total)
		}
	}
}

// A sampled design estimates a non-additive game's values within its
// standard error over orders: the glove game with left hands {0, 1} and
// right hands {2} (v(S) = number of matched pairs) gives 1/6, 1/6, 2/3;
// parts 3.. are null players.
func TestShapleySampled(t *testing.T) {
	const k = 14
	want := []float64{1.0 / 6, 1.0 / 6, 2.0 / 3}
	v := func(m uint64) float64 {
		left := bits.OnesCount64(m & 0b011)
		right := bits.OnesCount64(m & 0b100)
		return float64(min(left, right))
	}
	d := sampledDesign(k, ExplainOrders, 11)
	if d.orders == nil || len(d.orders) != ExplainOrders {
		t.Fatalf("%d orders", len(d.orders))
	}
	vals := values(d, v)
	got, se := d.apply(vals), d.orderSE(vals)
	for j := range k {
		w := 0.0
		if j < len(want) {
			w = want[j]
		}
		if math.Abs(got[j]-w) > 4*se[j]+1e-12 {
			t.Errorf("part %d: %v ± %v, want %v", j, got[j], se[j], w)
		}
		if j >= len(want) && (got[j] != 0 || se[j] != 0) {
			t.Errorf("null part %d: %v ± %v", j, got[j], se[j])
		}
	}
	if !(se[2] > 0) {
		t.Errorf("no spread over orders for a part that interacts: %v", se[2])
	}
}

func build(t testing.TB, presets []string, sets ...string) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Request{Presets: presets, Sets: sets}.Build()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func explain(t testing.TB, from, to *scenario.Scenario, g Group, opt ExplainOptions) *Explanation {
	t.Helper()
	parts, _ := Parts(from, to, g)
	e, err := Explain(context.Background(), from, to, parts, opt)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// The parts of two presets are what differ between them, and R's two
// forms go together.
func TestParts(t *testing.T) {
	cases := []struct {
		from, to []string
		sets     []string
		g        Group
		want     []string
	}{
		{[]string{"futures-kokotajlo"}, []string{"samotsvety"}, nil, ByParam, []string{"timelines.agi", "timelines.takeoff"}},
		{[]string{"dearnaley-literal"}, []string{"dearnaley"}, nil, ByParam, []string{"field.fte", "field.growth", "field.past_growth"}},
		{[]string{"dearnaley-literal"}, []string{"dearnaley"}, nil, BySection, []string{"field"}},
		{[]string{"dearnaley"}, []string{"olah-scale"}, nil, ByParam, []string{"difficulty.done_so_far/total"}},
		{[]string{"dearnaley"}, []string{"optimistic"}, nil, BySection, []string{"difficulty", "ai"}},
		{[]string{"dearnaley"}, []string{"dearnaley"}, []string{"deadline=agi", "pause.at_agi=true", "start=2027"}, BySection, []string{"settings", "pause"}},
		{[]string{"dearnaley"}, []string{"dearnaley"}, nil, ByParam, nil},
	}
	for _, c := range cases {
		parts, _ := Parts(build(t, c.from), build(t, c.to, c.sets...), c.g)
		var got []string
		for _, p := range parts {
			got = append(got, p.Name)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v to %v %v by %v: parts %q, want %q", c.from, c.to, c.sets, c.g, got, c.want)
		}
	}
	// Correlations are one part; interventions enter no run.
	a := build(t, nil)
	b := a.Clone()
	b.Correlations = nil
	b.Interventions = b.Interventions[:1]
	parts, unused := Parts(a, b, ByParam)
	if len(parts) != 1 || parts[0].Name != "correlations" || len(unused) != 1 || unused[0].Key != "interventions" {
		t.Errorf("parts %+v, unused %+v", parts, unused)
	}
}

// The hybrid with every part runs as the second view does and the one
// with none as the first: the explanation's two ends are the views' own
// runs on the same worlds, to the last bit, and the parts' values add up
// to the difference.
func TestExplainTotal(t *testing.T) {
	const n = 3000
	for _, pair := range [][2][]string{
		{{"futures-kokotajlo"}, {"samotsvety"}},
		{{"dearnaley-literal"}, {"dearnaley"}},
		{{"dearnaley"}, {"olah-scale"}},
		{{"optimistic"}, {"no-stacking", "century"}},
	} {
		from, to := build(t, pair[0]), build(t, pair[1])
		e := explain(t, from, to, ByParam, ExplainOptions{N: n, Seed: 9})
		var plans []*scenario.Plan
		for _, s := range []*scenario.Scenario{from, to} {
			pl, err := scenario.Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			plans = append(plans, pl)
		}
		rs, err := sim.RunMany(context.Background(), plans, sim.Options{N: n, Seed: 9})
		if err != nil {
			t.Fatal(err)
		}
		sf, st := sim.Summarize(rs[0]), sim.Summarize(rs[1])
		if e.PFrom.V != sf.Done.POnTrack || e.PTo.V != st.Done.POnTrack || e.LeadFrom.V != sf.Done.Lead.P50 || e.LeadTo.V != st.Done.Lead.P50 {
			t.Errorf("%v: P %v to %v and lead %v to %v; separate runs give %v to %v and %v to %v", pair,
				e.PFrom.V, e.PTo.V, e.LeadFrom.V, e.LeadTo.V, sf.Done.POnTrack, st.Done.POnTrack, sf.Done.Lead.P50, st.Done.Lead.P50)
		}
		if math.Abs(e.DeltaP.V-(st.Done.POnTrack-sf.Done.POnTrack)) > 1e-12 || math.Abs(e.DeltaLead.V-(st.Done.Lead.P50-sf.Done.Lead.P50)) > 1e-9 {
			t.Errorf("%v: change %v and %v", pair, e.DeltaP.V, e.DeltaLead.V)
		}
		var sp, sl float64
		for _, p := range e.Parts {
			sp += p.P.V
			sl += p.Lead.V
		}
		if math.Abs(sp-e.DeltaP.V) > 1e-12 || math.Abs(sl-e.DeltaLead.V) > 1e-9 {
			t.Errorf("%v: the parts add up to %v and %v, want %v and %v", pair, sp, sl, e.DeltaP.V, e.DeltaLead.V)
		}
		if len(e.Parts) == 1 && (e.Parts[0].P != e.DeltaP || e.InteractP.V != 0) {
			t.Errorf("%v: one part %+v against the change %+v, interaction %+v", pair, e.Parts[0].P, e.DeltaP, e.InteractP)
		}
	}
}

// A part that differs but cannot matter gets nothing: the pause's start
// year while no pause is ever pulled, and the cost of a researcher, which
// only compare reads. Every world is the same with it and without it, so
// its value and error are exactly 0; the other part carries the change.
func TestExplainNullPart(t *testing.T) {
	from := build(t, nil)
	to := build(t, nil, "pause.start=2040", "costs.fte_year=1M", "field.growth=40%")
	e := explain(t, from, to, ByParam, ExplainOptions{N: 2000, Seed: 4})
	if len(e.Parts) != 3 {
		t.Fatalf("%d parts", len(e.Parts))
	}
	for _, p := range e.Parts {
		switch p.Name {
		case "field.growth":
			if math.Abs(p.P.V-e.DeltaP.V) > 1e-12 || !(math.Abs(p.P.V) > 3*p.P.SE) {
				t.Errorf("%s: %+v of %+v", p.Name, p.P, e.DeltaP)
			}
		default:
			if math.Abs(p.P.V) > 3*p.P.SE || math.Abs(p.Lead.V) > 3*p.Lead.SE || p.P.V != 0 || p.Lead.V != 0 {
				t.Errorf("%s: %+v and lead %+v, want 0", p.Name, p.P, p.Lead)
			}
		}
	}
}

// The same seed gives the same explanation whatever the number of
// workers and however many hybrids run side by side.
func TestExplainDeterministic(t *testing.T) {
	from, to := build(t, []string{"dearnaley-literal"}), build(t, []string{"futures-lifland"})
	var first *Explanation
	for _, opt := range []ExplainOptions{{Workers: 1, Slab: 64}, {Workers: 2, Slab: 1}, {Workers: 5, Slab: 3}} {
		opt.N, opt.Seed = 1500, 2
		e := explain(t, from, to, ByParam, opt)
		if first == nil {
			first = e
			if len(e.Parts) != 5 || e.Hybrids != 32 {
				t.Fatalf("%d parts, %d hybrids", len(e.Parts), e.Hybrids)
			}
			continue
		}
		if !reflect.DeepEqual(e, first) {
			t.Errorf("workers %d, slab %d: a different explanation", opt.Workers, opt.Slab)
		}
	}
}

// The standard errors are what replications show: over 30 seeds of 2,000 worlds, the
// spread of each part's value is within a factor of 1.6 of the mean
// standard error reported, for P(on track) (per-world contributions) and
// for the median lead (batch means).
func TestExplainSE(t *testing.T) {
	if testing.Short() {
		t.Skip("30 explanations")
	}
	from, to := build(t, []string{"futures-kokotajlo"}), build(t, []string{"samotsvety"})
	const reps = 30
	var vals [2][2][]float64
	var ses [2][2]float64
	for s := range reps {
		e := explain(t, from, to, ByParam, ExplainOptions{N: 2000, Seed: uint64(100 + s)})
		for j, p := range e.Parts {
			vals[j][0] = append(vals[j][0], p.P.V)
			vals[j][1] = append(vals[j][1], p.Lead.V)
			ses[j][0] += p.P.SE / reps
			ses[j][1] += p.Lead.SE / reps
		}
	}
	for j, name := range []string{"timelines.agi", "timelines.takeoff"} {
		for m, what := range []string{"P", "lead"} {
			sd := sdMean(vals[j][m]) * math.Sqrt(reps)
			t.Logf("%s, %s: SE %.4g, spread %.4g", name, what, ses[j][m], sd)
			if r := ses[j][m] / sd; r < 1/1.6 || r > 1.6 {
				t.Errorf("%s, %s: mean SE %.4g against a spread of %.4g over %d seeds", name, what, ses[j][m], sd, reps)
			}
		}
	}
}

// With the sampled design forced on three parts, the values still add up,
// and each lies within its error of the exact one.
func TestExplainSampled(t *testing.T) {
	from, to := build(t, []string{"dearnaley-literal"}), build(t, []string{"futures-kokotajlo"})
	exact := explain(t, from, to, ByParam, ExplainOptions{N: 2000, Seed: 5})
	sampled := explain(t, from, to, ByParam, ExplainOptions{N: 2000, Seed: 5, exactUpTo: 1})
	if !exact.Exact || sampled.Exact || sampled.Orders != ExplainOrders {
		t.Fatalf("exact %v, sampled %v with %d orders", exact.Exact, sampled.Exact, sampled.Orders)
	}
	var sum float64
	for j, p := range sampled.Parts {
		sum += p.P.V
		x := exact.Parts[j]
		if math.Abs(p.P.V-x.P.V) > 4*p.P.SE {
			t.Errorf("%s: sampled %+v, exact %+v", p.Name, p.P, x.P)
		}
		if p.PAlone != x.PAlone {
			t.Errorf("%s: alone %+v and %+v", p.Name, p.PAlone, x.PAlone)
		}
	}
	if math.Abs(sum-sampled.DeltaP.V) > 1e-12 || sampled.DeltaP != exact.DeltaP {
		t.Errorf("sampled parts add to %v; change %+v, exact %+v", sum, sampled.DeltaP, exact.DeltaP)
	}
}

// Views that do not differ have nothing to explain, and still run.
func TestExplainSame(t *testing.T) {
	s := build(t, []string{"century"})
	e := explain(t, s, s.Clone(), ByParam, ExplainOptions{N: 500, Seed: 1})
	if len(e.Parts) != 0 || e.Hybrids != 1 || e.DeltaP.V != 0 || e.PFrom != e.PTo {
		t.Errorf("%+v", e)
	}
}

// An explanation's memory is checked before it starts, and a tight budget
// runs fewer hybrids side by side rather than refusing.
func TestCheckExplain(t *testing.T) {
	slab, err := CheckExplain(memory(1<<40), 12, 20_000, 1)
	if err != nil || slab != maxSlab {
		t.Errorf("a roomy budget: slab %d, %v", slab, err)
	}
	slab, err = CheckExplain(memory(10<<20), 12, 20_000, 1)
	if err != nil || slab >= maxSlab || slab < 1 {
		t.Errorf("10 MiB: slab %d, %v", slab, err)
	}
	if _, err := CheckExplain(memory(10<<20), 12, 100_000_000, 1); err == nil {
		t.Error("10^8 worlds fit in 10 MiB")
	}
}

// BenchmarkExplain is `ontrack explain` at its default 20,000 worlds: the
// default against olah-scale (one part, 2 combinations), futures-kokotajlo
// against samotsvety (2 parts, 4) and dearnaley-literal against the
// default (3 parts, 8); and a view that differs in 12 parameters (4,096
// combinations) on 200 worlds, for the cost of the combinatorics.
func BenchmarkExplain(b *testing.B) {
	twelve := []string{"field.fte=700", "field.growth=30%", "field.cap=100k", "research.lambda=0.7", "difficulty.error=1",
		"ai.multiplier_now=1.1", "ai.multiplier_agi=3", "ai.growth_after_agi=0.5", "ai.trust=0.3", "ai.sabotage_waste=0.5",
		"timelines.agi=2033", "timelines.takeoff=2"}
	for _, c := range []struct {
		name     string
		from, to *scenario.Scenario
		n        int
	}{
		{"dearnaley-olah", build(b, nil), build(b, []string{"olah-scale"}), 20_000},
		{"kokotajlo-samotsvety", build(b, []string{"futures-kokotajlo"}), build(b, []string{"samotsvety"}), 20_000},
		{"literal-dearnaley", build(b, []string{"dearnaley-literal"}), build(b, nil), 20_000},
		{"twelve", build(b, nil), build(b, nil, twelve...), 200},
	} {
		parts, _ := Parts(c.from, c.to, ByParam)
		b.Run(c.name, func(b *testing.B) {
			var e *Explanation
			for b.Loop() {
				var err error
				if e, err = Explain(context.Background(), c.from, c.to, parts, ExplainOptions{N: c.n, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(e.Hybrids*e.N), "ns/world")
		})
	}
}

// A hybrid changes the switched parameter's draw in every world and
// nothing else: world i's other parameters are the first view's, to the
// bit, and the switched one is the second view's. That is what keeps the
// paired differences small.
func TestHybridDraws(t *testing.T) {
	from, to := build(t, nil), build(t, []string{"futures-kokotajlo"}, "brakes.pause_years=1 to 4")
	parts, _ := Parts(from, to, ByParam)
	if len(parts) != 3 || parts[0].Name != "timelines.agi" {
		t.Fatalf("parts %+v", parts)
	}
	var plans []*scenario.Plan
	for _, s := range []*scenario.Scenario{from, to, Hybrid(from, to, parts, 1)} {
		pl, err := scenario.Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, pl)
	}
	u := make([]float64, scenario.Dim)
	v := make([]float64, scenario.Dim)
	var p [3]model.Params
	for i := range 2000 {
		sim.Uniforms(7, i, u)
		for k, pl := range plans {
			copy(v, u)
			pl.Draw(v, &p[k])
		}
		want := p[0]
		want.AGI = p[1].AGI
		if !reflect.DeepEqual(p[2], want) {
			t.Fatalf("world %d: the hybrid draws %+v, want the first view's with the second's AGI, %+v", i, p[2], want)
		}
	}
}
