package sim

import (
	"context"
	"math"
	"testing"
)

// The reference integrator's old default spacing of one year agrees with a
// spacing of 1/64 year world by world: the rate is exponential between
// knots, which is exact for pure exponential growth and second order
// otherwise. MODEL.md §8 quotes these numbers as the step error the exact
// engine removed.
func TestStepConverges(t *testing.T) {
	const n = 20000
	ref, err := Run(context.Background(), plan(t, "sim.step", "0.015625"), Options{N: n, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), plan(t, "sim.step", "1"), Options{N: n, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var worst, mean float64
	flips := 0
	for i := range n {
		if math.IsInf(ref.Done.Year[i], 1) != math.IsInf(r.Done.Year[i], 1) {
			t.Fatalf("world %d: done %v with fine knots, %v with the default", i, ref.Done.Year[i], r.Done.Year[i])
		}
		if !math.IsInf(r.Done.Year[i], 1) {
			d := math.Abs(r.Done.Year[i] - ref.Done.Year[i])
			worst, mean = max(worst, d), mean+d/n
		}
		if r.Done.OnTrack[i] != ref.Done.OnTrack[i] {
			flips++
		}
	}
	t.Logf("year done: worst difference %.4f years, mean %.5f; on track differs in %d of %d worlds", worst, mean, flips, n)
	if worst > 0.1 || mean > 0.01 || flips > n/1000 {
		t.Errorf("one-year knots are too coarse: worst %.4f, mean %.5f, flips %d", worst, mean, flips)
	}
}
