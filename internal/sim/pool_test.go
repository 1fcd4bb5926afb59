package sim

import (
	"context"
	"math"
	"testing"

	"ontrack/internal/scenario"
)

// A mixture of two views with weights w and 1-w gives the weighted average
// of their P(on track), checked against runs on other worlds (another seed)
// so that the check is within Monte Carlo error, not an identity.
func TestPoolWeightedAverage(t *testing.T) {
	a := plan(t, "field.growth", "50%")
	b := plan(t, "research.lambda", "0.1 to 0.4")
	rs, err := RunMany(context.Background(), []*scenario.Plan{a, b}, Options{N: 40_000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	const w = 0.3
	pl, err := Pool(rs, []float64{w * 10, (1 - w) * 10}) // weights are normalised
	if err != nil {
		t.Fatal(err)
	}
	sa, sb := summary(t, a, 40_000, 2), summary(t, b, 40_000, 2)
	want := w*sa.Done.POnTrack + (1-w)*sb.Done.POnTrack
	se := math.Sqrt(pl.POnTrackSE*pl.POnTrackSE + w*w*sa.Done.POnTrackSE*sa.Done.POnTrackSE + (1-w)*(1-w)*sb.Done.POnTrackSE*sb.Done.POnTrackSE)
	t.Logf("pooled %.4f ± %.4f; weighted average of independent runs %.4f (P_a %.3f, P_b %.3f)", pl.POnTrack, pl.POnTrackSE, want, sa.Done.POnTrack, sb.Done.POnTrack)
	if math.Abs(pl.POnTrack-want) > 4*se {
		t.Errorf("pooled %.4f, weighted average %.4f, more than 4 SE (%.4f) apart", pl.POnTrack, want, se)
	}
	// The law of total variance: for an indicator the total is P(1-P).
	if d := pl.OnTrackVar; math.Abs(d.Total-pl.POnTrack*(1-pl.POnTrack)) > 1e-12 || d.Between <= 0 {
		t.Errorf("on-track variance %+v, want total %v and some between", d, pl.POnTrack*(1-pl.POnTrack))
	}
	// The pooled lead median splits the pooled worlds in half by weight.
	var below float64
	for k, r := range rs {
		for _, x := range r.Done.Lead {
			if x <= pl.Lead.P50 {
				below += pl.Weights[k] / float64(r.N)
			}
		}
	}
	if math.Abs(below-0.5) > 1e-3 {
		t.Errorf("weight at or below the pooled median %v, want 0.5", below)
	}
}

// Pooling a view with itself changes nothing and has no disagreement.
func TestPoolSame(t *testing.T) {
	a := plan(t)
	rs, err := RunMany(context.Background(), []*scenario.Plan{a, a}, Options{N: 5_000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := Pool(rs, []float64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	s := Summarize(rs[0])
	if math.Abs(pl.POnTrack-s.Done.POnTrack) > 1e-12 || math.Abs(pl.POnTrackSE-s.Done.POnTrackSE) > 1e-4 {
		t.Errorf("pooled %v ± %v, alone %v ± %v", pl.POnTrack, pl.POnTrackSE, s.Done.POnTrack, s.Done.POnTrackSE)
	}
	if pl.OnTrackVar.Between > 1e-15 || pl.LeadVar.Between > 1e-9 {
		t.Errorf("between-view variance of one view: %+v %+v", pl.OnTrackVar, pl.LeadVar)
	}
	if _, err := Pool(rs, []float64{1, -1}); err == nil {
		t.Error("a negative weight should be refused")
	}
}

// Weights near the largest float pool as their ratios say: their sum
// would overflow (issue 10: 1e308 and 1e308 gave P = 1.000 ± 0.000), and
// weights below the smallest normal float keep theirs too.
func TestPoolExtremeWeights(t *testing.T) {
	rs, err := RunMany(context.Background(), []*scenario.Plan{plan(t), plan(t, "field.growth", "60%")}, Options{N: 2_000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	even, err := Pool(rs, []float64{1, 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range [][]float64{{1e308, 1e308}, {math.MaxFloat64, math.MaxFloat64}, {5e-324, 5e-324}} {
		pl, err := Pool(rs, w)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Weights[0] != 0.5 || pl.Weights[1] != 0.5 || pl.POnTrack != even.POnTrack || pl.POnTrackSE != even.POnTrackSE {
			t.Errorf("weights %v: normalised %v, P %v ± %v; want 0.5 each and %v ± %v", w, pl.Weights, pl.POnTrack, pl.POnTrackSE, even.POnTrack, even.POnTrackSE)
		}
	}
	pl, err := Pool(rs, []float64{math.MaxFloat64, math.MaxFloat64 / 4})
	if err != nil || math.Abs(pl.Weights[0]-0.8) > 1e-15 {
		t.Errorf("weights max and max/4: %v %v, want 0.8 and 0.2", pl.Weights, err)
	}
}
