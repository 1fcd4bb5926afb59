package analysis

import (
	"context"
	"math"
	"testing"

	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// On the default, the indices are sane: totals at least first orders
// (within noise), all in [0, 1] within noise, and a parameter that the
// model ignores (the lever's growth, with the lever off) has none.
func TestSobolDefault(t *testing.T) {
	s := scenario.Default()
	s.Set("lever.growth", "30% to 70%", "test") // uncertain, but the lever never starts
	pl, err := scenario.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	sen, err := SobolPlan(context.Background(), pl, 2048, 1, 100, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sen.Runs != 2048*(len(sen.Factors)+2) {
		t.Errorf("runs %d", sen.Runs)
	}
	for _, ix := range []Indices{sen.OnTrack, sen.Lead} {
		for _, f := range ix.Factors {
			if f.ST < -0.02 || f.ST > 1.02 || f.ST < f.S1-0.1 {
				t.Errorf("%s %s: S1 %.3f ST %.3f", ix.Output, f.Name, f.S1, f.ST)
			}
			if f.Name == "lever.growth" && (f.ST != 0 || f.S1 != 0) {
				t.Errorf("lever.growth does nothing with the lever off, yet S1 %v ST %v", f.S1, f.ST)
			}
		}
	}
	if len(sen.Correlated) != 1 {
		t.Errorf("correlated pairs %v", sen.Correlated)
	}
}

// The tornado's swings are paired differences of runs on the same worlds;
// a parameter held at its 10th and 90th percentile moves P(on track) the
// way the model says (more growth, more on track).
func TestTornado(t *testing.T) {
	tor, err := TornadoPlan(context.Background(), scenario.Default(), sim.Options{N: 5000, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range tor.Bars {
		if i > 0 && math.Abs(b.Swing) > math.Abs(tor.Bars[i-1].Swing) {
			t.Error("bars not sorted by swing")
		}
		if b.Path == "field.growth" && !(b.Swing > 5*b.SwingSE) {
			t.Errorf("field.growth swing %v ± %v", b.Swing, b.SwingSE)
		}
		if b.Path == "difficulty.done_so_far" && !(b.Swing > 0) {
			t.Errorf("more done so far should help: %+v", b)
		}
	}
}
