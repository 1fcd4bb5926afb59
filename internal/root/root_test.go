package root

import (
	"errors"
	"math"
	"testing"
)

// A smooth root to the tolerance, on a function convex enough that plain
// regula falsi keeps one end fixed and crawls: Illinois's halving cures it.
func TestSmooth(t *testing.T) {
	for _, c := range []struct {
		name   string
		f      func(float64) float64
		x0, x1 float64
		want   float64
		most   int // trials at most
	}{
		{"cube", func(x float64) float64 { return x*x*x - 2 }, 0, 2, math.Cbrt(2), 20},
		{"convex", func(x float64) float64 { return math.Exp(10*x) - 2 }, 0, 1, math.Log(2) / 10, 30},
		{"decreasing", func(x float64) float64 { return 1 - x*x }, 0, 3, 1, 20},
	} {
		n := 0
		f := func(x float64) (float64, error) { n++; return c.f(x), nil }
		lo, hi, stopped, err := Illinois(f, c.x0, c.x1, c.f(c.x0), c.f(c.x1), 1e-12, 200)
		if err != nil || stopped != "" {
			t.Errorf("%s: stopped %q, err %v", c.name, stopped, err)
		}
		if !(lo <= c.want && c.want <= hi) || hi-lo > 1e-12 {
			t.Errorf("%s: bracket [%v, %v] around %v", c.name, lo, hi, c.want)
		}
		if n > c.most {
			t.Errorf("%s: %d trials, want at most %d", c.name, n, c.most)
		}
	}
}

// On a step function every trial keeps at most 15/16 of the bracket, so
// the bracket shrinks to the tolerance within log(tol)/log(15/16) trials.
func TestStep(t *testing.T) {
	step := 0.3141
	n := 0
	f := func(x float64) (float64, error) {
		n++
		if x < step {
			return -1, nil
		}
		return 1e-9, nil // a jump whose chord points far from it
	}
	lo, hi, stopped, _ := Illinois(f, 0, 1, -1, 1e-9, 1e-6, 1000)
	if stopped != "" || !(lo < step && step <= hi) || hi-lo > 1e-6 {
		t.Errorf("bracket [%v, %v], stopped %q, around the step at %v", lo, hi, stopped, step)
	}
	if most := int(math.Ceil(math.Log(1e-6) / math.Log(15.0/16))); n > most {
		t.Errorf("%d trials, more than %d", n, most)
	}
}

// Each way of stopping early says which, and an exact zero ends at once.
func TestStops(t *testing.T) {
	lin := func(x float64) (float64, error) { return x - 0.3, nil }
	cube := func(x float64) (float64, error) { return x*x*x - 0.3, nil }
	if _, _, stopped, _ := Illinois(cube, 0, 1, -0.3, 0.7, 1e-12, 3); stopped != StopSteps {
		t.Errorf("after 3 trials: stopped %q, want %q", stopped, StopSteps)
	}
	x0 := 1.0
	x1 := math.Nextafter(x0, 2)
	if lo, hi, stopped, _ := Illinois(lin, x0, x1, -1, 1, 0, 10); stopped != StopSpacing || lo != x0 || hi != x1 {
		t.Errorf("neighbouring floats: [%v, %v] stopped %q", lo, hi, stopped)
	}
	half := func(x float64) (float64, error) { return x - 0.5, nil }
	if lo, hi, _, _ := Illinois(half, 0, 1, -0.5, 0.5, 1e-12, 10); lo != 0.5 || hi != 0.5 {
		t.Errorf("exact zero at 0.5: [%v, %v]", lo, hi)
	}
	boom := errors.New("boom")
	if _, _, _, err := Illinois(func(float64) (float64, error) { return 0, boom }, 0, 1, -1, 1, 1e-3, 10); !errors.Is(err, boom) {
		t.Errorf("got %v, want f's error", err)
	}
}
