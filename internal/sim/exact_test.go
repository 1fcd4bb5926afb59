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

// worldPair simulates world i of pl with the exact engine and with the
// knot integrator at the given spacings.
func simulateAt(pl *scenario.Plan, i int, u []float64, p *model.Params, step float64, o *model.Outcome) {
	Uniforms(DefaultSeed, i, u)
	pl.Draw(u, p)
	p.Step = step
	model.Simulate(p, o)
}

func TestExploreExact(t *testing.T) {
	n := oracleWorlds(t, 2000)
	u := make([]float64, scenario.Dim)
	var p model.Params
	var ex, k64, k128 model.Outcome
	for _, name := range scenario.PresetNames() {
		pl := presetPlan(t, name)
		var w64, wR, m64, mR float64
		fin, flips := 0, 0
		for i := range n {
			simulateAt(pl, i, u, &p, 0, &ex)
			simulateAt(pl, i, u, &p, 1.0/64, &k64)
			simulateAt(pl, i, u, &p, 1.0/128, &k128)
			if math.IsInf(ex.Done, 1) != math.IsInf(k64.Done, 1) {
				t.Errorf("%s world %d: done %v exact, %v with knots", name, i, ex.Done, k64.Done)
				continue
			}
			if ex.Class != k64.Class {
				flips++
			}
			if math.IsInf(ex.Done, 1) {
				continue
			}
			fin++
			rich := (4*k128.Done - k64.Done) / 3
			d64, dR := math.Abs(ex.Done-k64.Done), math.Abs(ex.Done-rich)
			w64, wR = max(w64, d64), max(wR, dR)
			m64, mR = m64+d64, mR+dR
		}
		t.Logf("%-18s %d done of %d: vs 1/64 worst %.2e mean %.2e; vs Richardson worst %.2e mean %.2e; class flips %d",
			name, fin, n, w64, m64/float64(fin), wR, mR/float64(fin), flips)
	}
}
