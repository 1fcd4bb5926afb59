package analysis

import (
	"context"
	"math"
	"strings"
	"testing"

	"ontrack/internal/fault"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// A world with nothing uncertain: a field of 800 growing at g, researchers
// that stack, no AI help, no brakes, ASI in exactly ten years, 27,000
// person-years left to do. It is on track iff 800 (e^{10r} - 1)/r >= 27,000
// with r = ln(1 + g), so solve must find that g.
func TestSolveClosedForm(t *testing.T) {
	s := scenario.Default()
	for _, kv := range [][2]string{
		{"field.fte", "800"}, {"field.cap", "inf"}, {"research.lambda", "1"},
		{"difficulty.effort_so_far", "3000"}, {"difficulty.total", "30000"},
		{"ai.multiplier_now", "1"}, {"ai.multiplier_agi", "1"}, {"ai.growth_after_agi", "0"},
		{"ai.trust", "0"}, {"ai.sabotage_probability", "0"}, {"ai.handover", "1"},
		{"timelines.agi", "2036"}, {"timelines.takeoff", "0"},
		{"brakes.warning_rate", "0"}, {"pause.probability", "0"},
	} {
		if err := s.Set(kv[0], kv[1], "test"); err != nil {
			t.Fatal(err)
		}
	}
	sol, err := Solve(context.Background(), s, Goal{Path: "field.growth", Lo: 0, Hi: 2, Metric: MetricP, Target: 0.5, Tol: 1e-7}, sim.Options{N: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// The root of 800 (e^{10r} - 1)/r = 27,000, by bisection on the formula.
	h := func(g float64) float64 { r := math.Log1p(g); return 800*math.Expm1(10*r)/r - 27000 }
	lo, hi := 0.01, 2.0
	for range 200 {
		if m := (lo + hi) / 2; h(m) < 0 {
			lo = m
		} else {
			hi = m
		}
	}
	t.Logf("solve %.7f (evals %d), closed form %.7f", sol.X, sol.Evals, lo)
	if !sol.Reachable || math.Abs(sol.X-lo) > 1e-5 {
		t.Errorf("solve found %v (reachable %v), closed form %v", sol.X, sol.Reachable, lo)
	}
	// A step from 0 to 1 has no Monte Carlo error: the interval collapses.
	if math.Abs(sol.XLo-sol.X) > 1e-5 || math.Abs(sol.XHi-sol.X) > 1e-5 {
		t.Errorf("interval %v..%v around %v", sol.XLo, sol.XHi, sol.X)
	}
}

// On the default, the growth that gives 50% lies inside its interval, the
// metric there is near the target, and an impossible target says so.
func TestSolveDefault(t *testing.T) {
	s := scenario.Default()
	opt := sim.Options{N: 20_000, Seed: 5}
	sol, err := Solve(context.Background(), s, Goal{Path: "field.growth", Lo: 0, Hi: 2, Metric: MetricP, Target: 0.6}, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("growth for 0.6: %.4f (%.4f to %.4f), %d runs", sol.X, sol.XLo, sol.XHi, sol.Evals)
	if !sol.Reachable || !(sol.XLo <= sol.X && sol.X <= sol.XHi) || sol.XHi-sol.XLo > 0.2 {
		t.Errorf("solution %+v", sol)
	}
	c := s.Clone()
	c.Set("field.growth", fmtG(sol.X), "test")
	if p := run(t, c, 20_000, 5).Done.POnTrack; math.Abs(p-0.6) > 0.005 {
		t.Errorf("P at the solution %v, want 0.6", p)
	}
	sol, err = Solve(context.Background(), s, Goal{Path: "field.growth", Lo: 0, Hi: 2, Metric: MetricP, Target: 0.999}, opt)
	if err != nil || sol.Reachable {
		t.Errorf("target 0.999 should be out of reach: %+v %v", sol, err)
	}
	lead, err := Solve(context.Background(), s, Goal{Path: "field.growth", Lo: 0, Hi: 2, Metric: MetricLead, Target: 2}, opt)
	if err != nil || !lead.Reachable || !(lead.XLo < lead.X && lead.X < lead.XHi) {
		t.Errorf("median lead 2: %+v %v", lead, err)
	}
}

// A tolerance below the spacing of floats at the crossing cannot be met:
// solve stops when the bracket's ends are neighbours, says so, and reports
// that bracket, in a bounded number of runs (issue 10: this never ended).
func TestSolveTolBelowSpacing(t *testing.T) {
	s := scenario.Default()
	g := Goal{Path: "field.growth", Lo: 0, Hi: 2, Metric: MetricP, Target: 0.5005, Tol: 1e-17}
	sol, err := Solve(context.Background(), s, g, sim.Options{N: 1000, Seed: sim.DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := sol.Bracket[0], sol.Bracket[1]
	t.Logf("%d runs; bracket %v..%v, stopped %q", sol.Evals, lo, hi, sol.Stopped)
	if sol.Stopped != StopSpacing || math.Nextafter(lo, 2) != hi || !(lo <= sol.X && sol.X <= hi) {
		t.Errorf("want a stop on neighbouring floats around X, got %+v", sol)
	}
	if sol.Evals > 2+3*MaxSteps {
		t.Errorf("%d runs, more than the cap allows", sol.Evals)
	}
}

func TestParseGoal(t *testing.T) {
	g, err := ParseGoal("field.growth", "0..200%", "50%", "p", 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Goal{Path: "field.growth", Lo: 0, Hi: 2, Metric: MetricP, Target: 0.5}); g != want {
		t.Errorf("ParseGoal = %+v, want %+v", g, want)
	}
	if g, err := ParseGoal("field.fte", "1k..3k", "-2", "lead", 10); err != nil || g.Lo != 1000 || g.Hi != 3000 || g.Target != -2 || g.Tol != 10 {
		t.Errorf("ParseGoal of a lead: %+v, %v", g, err)
	}
	for _, c := range []struct {
		vary, in, target, metric string
		tol                      float64
		want                     string
	}{
		{"field.growth", "0..2", "50%", "p", -1, "--tol -1"},
		{"field.growth", "0..2", "50%", "p", math.NaN(), "--tol NaN"},
		{"", "0..2", "50%", "p", 0, "give --vary PATH"},
		{"field.grwth", "0..2", "50%", "p", 0, "--vary field.grwth: unknown parameter"},
		{"field.growth", "2", "50%", "p", 0, `--in "2": expected A..B`},
		{"field.growth", "0..x", "50%", "p", 0, `--in "0..x"`},
		{"field.growth", "2..0", "50%", "p", 0, "must be increasing"},
		{"field.growth", "0..1e6", "50%", "p", 0, "inside field.growth's range"},
		{"field.growth", "0..2", "inf", "p", 0, "expected a finite number"},
		{"field.growth", "0..2", "100%", "p", 0, "strictly between 0 and 1"},
		{"field.growth", "0..2", "5", "median", 0, `--metric "median"`},
	} {
		_, err := ParseGoal(c.vary, c.in, c.target, c.metric, c.tol)
		if err == nil || !strings.Contains(err.Error(), c.want) || fault.KindOf(err) != fault.Invalid {
			t.Errorf("ParseGoal(%q, %q, %q, %q, %g): %v; want invalid input containing %q", c.vary, c.in, c.target, c.metric, c.tol, err, c.want)
		}
	}
}
