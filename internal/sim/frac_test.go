package sim

import (
	"context"
	"math"
	"reflect"
	"slices"
	"testing"
)

// TestFracFanAtFixedDeadline holds the fan against the model's own share
// done at the deadline: with ASI in 2040 in every world and no pauses,
// each world's FracAtDL is its share done in 2040, and their quantiles
// must match the fan's for 2040 to within the fan's resolution.
func TestFracFanAtFixedDeadline(t *testing.T) {
	pl := plan(t, "timelines.agi", "2040", "timelines.takeoff", "0", "brakes.pause_probability", "0")
	const n = 4000
	r, err := Run(context.Background(), pl, Options{N: n, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	f, err := FracFan(context.Background(), pl, Options{N: n, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	fr := slices.Clone(r.Done.Frac)
	slices.Sort(fr)
	// The world's share in 2040 is reached in 2040 or earlier: the fan's
	// row for 2040 counts milestones reached by its end.
	i := slices.IndexFunc(f.Years, func(y FracYear) bool { return y.Year == 2040 })
	if i < 0 {
		t.Fatal("no row for 2040")
	}
	got := f.Years[i].Quantiles
	for _, c := range []struct {
		q           float64
		fan, oracle float64
	}{{0.1, got.P10, Quantile(fr, 0.1)}, {0.5, got.P50, Quantile(fr, 0.5)}, {0.9, got.P90, Quantile(fr, 0.9)}} {
		if math.Abs(c.fan-c.oracle) > FanStep+0.01 {
			t.Errorf("p%.0f of the share done in 2040: fan %.4f, the model's FracAtDL %.4f (resolution %v)", 100*c.q, c.fan, c.oracle, FanStep)
		}
	}
	if math.Abs(f.NoTakeover-0.5) > 1e-12 {
		t.Errorf("median no_takeover share %v, want the default's 0.5", f.NoTakeover)
	}
}

// TestFracFanShape: quantiles ordered, within [0, 1], never falling with
// the years, and the same whatever the number of workers.
func TestFracFanShape(t *testing.T) {
	pl := plan(t)
	a, err := FracFan(context.Background(), pl, Options{N: 3000, Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := FracFan(context.Background(), pl, Options{N: 3000, Seed: 3, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("the fan depends on the number of workers")
	}
	base := pl.Base()
	if len(a.Years) != int(base.Horizon-math.Ceil(base.Start))+1 {
		t.Errorf("%d years, want one per year from the start to the horizon", len(a.Years))
	}
	var prev Quantiles
	for i, y := range a.Years {
		q := y.Quantiles
		if !(0 <= q.P10 && q.P10 <= q.P50 && q.P50 <= q.P90 && q.P90 <= 1) {
			t.Fatalf("%v: quantiles %+v not ordered within [0, 1]", y.Year, q)
		}
		if i > 0 && (q.P10 < prev.P10 || q.P50 < prev.P50 || q.P90 < prev.P90) {
			t.Fatalf("%v: quantiles %+v fell from %+v", y.Year, q, prev)
		}
		prev = q
	}
	if first := a.Years[0].P50; first <= 0 || first >= 1 {
		t.Errorf("median share at the start %v: the default has 10-20%% done, divided by its error bars", first)
	}
}

func TestShareQuantile(t *testing.T) {
	// Four parts; the chance that at least k/4 is done: 1, 0.8, 0.6, 0.2, 0.
	s := []float64{1, 0.8, 0.6, 0.2, 0}
	for _, c := range []struct{ q, want float64 }{
		{0.1, 0.125},  // the chance falls to 0.9 halfway from 0 to 1/4
		{0.5, 0.5625}, // to 0.5 a quarter of the way from 2/4 to 3/4
		{0.9, 0.875},  // to 0.1 halfway from 3/4 to 1
	} {
		if got := shareQuantile(s, c.q); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("q %v: %v, want %v", c.q, got, c.want)
		}
	}
	if got := shareQuantile([]float64{1, 1, 1}, 0.9); got != 1 {
		t.Errorf("all done: %v, want 1", got)
	}
}

// TestCurveCounts: each point of the curve is the share of worlds whose
// year done, AGI and ASI come by that year.
func TestCurveCounts(t *testing.T) {
	r, err := Run(context.Background(), plan(t), Options{N: 2000, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	s := Summarize(r)
	by := func(xs []float64, y float64) float64 {
		k := 0
		for _, x := range xs {
			if x <= y {
				k++
			}
		}
		return float64(k) / float64(len(xs))
	}
	for _, c := range s.Curve {
		if c.PDone != by(r.Done.Year, c.Year) || c.PAGI != by(r.AGI, c.Year) || c.PASI != by(r.ASI, c.Year) {
			t.Fatalf("%v: curve %+v, counted %v %v %v", c.Year, c, by(r.Done.Year, c.Year), by(r.AGI, c.Year), by(r.ASI, c.Year))
		}
	}
}
