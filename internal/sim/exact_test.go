package sim

import (
	"math"
	"os"
	"strconv"
	"testing"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
)

func presetPlan(t testing.TB, name string) *scenario.Plan {
	t.Helper()
	s := scenario.Default()
	if err := s.ApplyPreset(name); err != nil {
		t.Fatal(err)
	}
	pl, err := scenario.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// oracleWorlds is how many worlds of each preset the oracle tests check:
// a few thousand always, 100,000 with ONTRACK_ORACLE=full.
func oracleWorlds(t *testing.T, small int) int {
	if v := os.Getenv("ONTRACK_ORACLE"); v == "full" {
		return 100_000
	} else if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return n
	}
	if testing.Short() {
		return small / 4
	}
	return small
}

// simulateAt simulates world i of pl with sim.step set to step: 0 for the
// exact engine, else the knot integrator at that spacing.
func simulateAt(pl *scenario.Plan, i int, u []float64, p *model.Params, step float64, o *model.Outcome) {
	Uniforms(DefaultSeed, i, u)
	pl.Draw(u, p)
	p.Step = step
	model.Simulate(p, o)
}

// The exact engine against the knot integrator at 1/64 year, world by
// world over every preset: the same worlds finish, the year done and each
// threshold's year agree within the oracle's own step error, and no world
// changes class unless that error straddles its cut-off. One-year knots
// are off by up to 0.06 years (TestStepConverges) and the error is of
// second order, so 1/64-year knots are good to about 0.06/64^2 = 1.5e-5
// years; 1e-4 leaves room. TestExactToMicroyear checks the last digits.
func TestExactMatchesKnots(t *testing.T) {
	n := oracleWorlds(t, 500)
	u := make([]float64, scenario.Dim)
	var p model.Params
	var ex, kn model.Outcome
	const tol = 1e-4
	for _, name := range scenario.PresetNames() {
		pl := presetPlan(t, name)
		var worst, mean float64
		fin, flips := 0, 0
		for i := range n {
			simulateAt(pl, i, u, &p, 0, &ex)
			simulateAt(pl, i, u, &p, 1.0/64, &kn)
			if math.IsInf(ex.Done, 1) != math.IsInf(kn.Done, 1) && math.Abs(math.Min(ex.Done, kn.Done)-ex.End) > tol {
				t.Errorf("%s world %d: done %v exactly, %v with knots", name, i, ex.Done, kn.Done)
				continue
			}
			for j := range ex.Thresholds {
				a, b := ex.Thresholds[j].Year, kn.Thresholds[j].Year
				if a != b && !(math.Abs(a-b) <= tol) {
					t.Errorf("%s world %d: %s %v exactly, %v with knots", name, i, model.ThresholdNames[j], a, b)
				}
			}
			if ex.Class != kn.Class || ex.OnTrack != kn.OnTrack {
				flips++
				if math.Abs(ex.Done-ex.Cutoff) > tol && math.Abs(ex.Thresholds[model.NoTakeover].Year-ex.Cutoff) > tol &&
					math.Abs(ex.Thresholds[model.NoPowerGrab].Year-ex.Cutoff) > tol {
					t.Errorf("%s world %d: class %v exactly, %v with knots, far from the cut-off %v", name, i, ex.Class, kn.Class, ex.Cutoff)
				}
			}
			if math.IsInf(ex.Done, 1) || math.IsInf(kn.Done, 1) {
				continue
			}
			fin++
			d := math.Abs(ex.Done - kn.Done)
			worst, mean = max(worst, d), mean+d
		}
		t.Logf("%-18s %6d worlds, %6d done: year done differs by at most %.1e years (mean %.1e) from 1/64-year knots; %d change class",
			name, n, fin, worst, mean/float64(max(fin, 1)), flips)
	}
}

// The exact engine's year done to a microyear: against knots every 1/1024
// year, whose own step error is about 0.06/1024^2 = 6e-8 years, on a
// sample of each preset's worlds (every world with ONTRACK_ORACLE=full
// takes hours; 1,000 a preset then).
func TestExactToMicroyear(t *testing.T) {
	n := 40
	if os.Getenv("ONTRACK_ORACLE") == "full" {
		n = 1000
	} else if testing.Short() {
		n = 10
	}
	u := make([]float64, scenario.Dim)
	var p model.Params
	var ex, kn model.Outcome
	for _, name := range scenario.PresetNames() {
		pl := presetPlan(t, name)
		var worst float64
		for i := range n {
			simulateAt(pl, i, u, &p, 0, &ex)
			if math.IsInf(ex.Done, 1) {
				continue
			}
			simulateAt(pl, i, u, &p, model.MinStep, &kn)
			d := math.Abs(ex.Done - kn.Done)
			worst = max(worst, d)
			if !(d <= 1e-6) {
				t.Errorf("%s world %d: done %.9f exactly, %.9f with knots every 1/1024 year", name, i, ex.Done, kn.Done)
			}
		}
		t.Logf("%-18s worst difference %.1e years over %d worlds", name, worst, n)
	}
}
