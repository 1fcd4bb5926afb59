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

// years are a world's year done and its thresholds' years, in one array.
type years [model.NThresholds + 1]float64

func yearsOf(o *model.Outcome) years {
	var y years
	y[0] = o.Done
	for j := range o.Thresholds {
		y[j+1] = o.Thresholds[j].Year
	}
	return y
}

// yearNames name years' entries.
var yearNames = [model.NThresholds + 1]string{"done", "no_takeover", "no_power_grab", "safe_to_help"}

// agree tells whether two worlds' years agree within tol (or are both
// never) and their classes agree, but for a year within tol of the
// cut-off, where the oracle's error may change which side it falls.
func agree(a, b *model.Outcome, tol float64) bool {
	ya, yb := yearsOf(a), yearsOf(b)
	near := false
	for j := range ya {
		if ya[j] != yb[j] && !(math.Abs(ya[j]-yb[j]) <= tol) {
			return false
		}
		near = near || math.Abs(ya[j]-a.Cutoff) <= tol
	}
	return a.Class == b.Class || near
}

// fineOracle is the reference where knots 1/64 year apart are not fine
// enough (where the rate changes fast, as when AGI comes days after the
// start), for world i of pl (fineOracleOf).
func fineOracle(pl *scenario.Plan, i int, u []float64, p *model.Params) model.Outcome {
	o, _ := fineOracleOf(func(h float64, o *model.Outcome) { simulateAt(pl, i, u, p, h, o) }, 1.0/65536)
	return o
}

// fineOracleOf runs a world at knots h and h/4 apart, by at(h, o), and
// extrapolates its years (done, thresholds, milestones), from h = 1/256
// year. The error is of second order, so the finer run's is a fifteenth
// of their difference; while that is above 1e-7 years, h is quartered,
// down to minH. It returns the extrapolated outcome and that error.
//
// Millions of knots add millions of roundings. The knots sum their effort
// by Kahan's method, which keeps that far below the step error; before
// they did, a world FuzzWorld found wandered by ±4e-6 years from 1/4096
// year down. As a guard, where the difference stops falling about
// sixteenfold with each quarter, something other than the step error has
// taken over: there it stops, and the error is the whole difference
// (a year that moves by less than 1e-10 does not count: it is settled).
func fineOracleOf(at func(h float64, o *model.Outcome), minH float64) (o model.Outcome, err float64) {
	const n = model.NThresholds + 1 + model.MaxMilestones
	var a, b model.Outcome
	vals := func(o *model.Outcome) (v [n]float64) {
		y := yearsOf(o)
		copy(v[:], y[:])
		for i := range o.NMilestones {
			v[len(y)+i] = o.Milestones[i].Year
		}
		return v
	}
	var last [n]float64 // each entry's last difference; 0 before the first
	h := 1.0 / 256
	at(h, &a)
	for {
		at(h/4, &b)
		va, vb := vals(&a), vals(&b)
		err = 0
		noisy := false
		for k := range vb {
			if math.IsInf(va[k], 0) || math.IsInf(vb[k], 0) {
				continue
			}
			d := vb[k] - va[k]
			vb[k] += d / 15
			e := math.Abs(d) / 15
			if last[k] != 0 && math.Abs(d) > max(math.Abs(last[k])/8, 1e-10) {
				e, noisy = math.Abs(d), true
			}
			err = max(err, e)
			last[k] = d
		}
		if err <= 1e-7 || noisy || h/4 <= minH {
			b.Done = vb[0]
			for j := range b.Thresholds {
				b.Thresholds[j].Year = vb[j+1]
			}
			for i := range b.NMilestones {
				b.Milestones[i].Year = vb[model.NThresholds+1+i]
			}
			return b, err
		}
		h /= 4
		a = b
	}
}

// The exact engine against the knot integrator at 1/64 year, world by
// world over every preset: the same worlds finish, the year done and each
// threshold's year agree within the oracle's own step error, and no world
// changes class unless that error straddles its cut-off. One-year knots
// are off by up to 0.06 years (TestStepConverges) and the error is of
// second order, so 1/64-year knots are good to about 0.06/64^2 = 1.5e-5
// years in most worlds, and 1e-4 leaves room. A world where they differ by
// more goes to the fine oracle, which must agree to a microyear.
func TestExactMatchesKnots(t *testing.T) {
	n := oracleWorlds(t, 500)
	u := make([]float64, scenario.Dim)
	var p model.Params
	var ex, kn model.Outcome
	const tol = 1e-4
	for _, name := range scenario.PresetNames() {
		pl := presetPlan(t, name)
		var worst, mean, worstFine float64
		fin, referred := 0, 0
		for i := range n {
			simulateAt(pl, i, u, &p, 0, &ex)
			simulateAt(pl, i, u, &p, 1.0/64, &kn)
			if !agree(&ex, &kn, tol) {
				referred++
				fo := fineOracle(pl, i, u, &p)
				if !agree(&ex, &fo, 1e-6) {
					t.Errorf("%s world %d: years %v and class %v exactly, %v and %v with fine knots", name, i, yearsOf(&ex), ex.Class, yearsOf(&fo), fo.Class)
				}
				for j, y := range yearsOf(&ex) {
					if d := math.Abs(y - yearsOf(&fo)[j]); d > worstFine {
						worstFine = d
					}
				}
				continue
			}
			if math.IsInf(ex.Done, 1) {
				continue
			}
			fin++
			d := math.Abs(ex.Done - kn.Done)
			worst, mean = max(worst, d), mean+d
		}
		t.Logf("%-18s %6d worlds: year done within %.1e years (mean %.1e) of 1/64-year knots in %d done; %d referred to finer knots, within %.1e of them",
			name, n, worst, mean/float64(max(fin, 1)), fin, referred, worstFine)
	}
}

// The exact engine to a microyear: the year done and each threshold's
// against the fine oracle (knots 1/256 and 1/1024 year apart, or finer,
// extrapolated), on a sample of each preset's worlds (1,000 a preset with
// ONTRACK_ORACLE=full).
func TestExactToMicroyear(t *testing.T) {
	n := 40
	if os.Getenv("ONTRACK_ORACLE") == "full" {
		n = 1000
	} else if testing.Short() {
		n = 10
	}
	u := make([]float64, scenario.Dim)
	var p model.Params
	var ex model.Outcome
	for _, name := range scenario.PresetNames() {
		pl := presetPlan(t, name)
		var worst float64
		for i := range n {
			simulateAt(pl, i, u, &p, 0, &ex)
			fo := fineOracle(pl, i, u, &p)
			if !agree(&ex, &fo, 1e-6) {
				t.Errorf("%s world %d: years %v and class %v exactly, %v and %v with fine knots", name, i, yearsOf(&ex), ex.Class, yearsOf(&fo), fo.Class)
			}
			yf := yearsOf(&fo)
			for j, y := range yearsOf(&ex) {
				if y != yf[j] {
					worst = max(worst, math.Abs(y-yf[j]))
				}
			}
		}
		t.Logf("%-18s worst difference %.1e years over %d worlds (%s and the thresholds)", name, worst, n, yearNames[0])
	}
}
