package analysis

import (
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"ontrack/internal/fault"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

func compare(t *testing.T, names []string, n int, seed uint64) *Comparison {
	t.Helper()
	s := scenario.Default()
	arms, scs, err := Arms(s, names)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(context.Background(), s, arms, scs, sim.Options{N: n, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Paired differences estimate the same thing as unpaired ones, with a
// smaller standard error, and that standard error is the real spread of
// the paired estimate over independent replications.
func TestPairedMatchesUnpaired(t *testing.T) {
	c := compare(t, []string{"grow-50"}, 40_000, 1)
	a := c.Arms[0]
	// Unpaired: baseline and intervention each on their own worlds.
	s := scenario.Default()
	arms, scs, _ := Arms(s, []string{"grow-50"})
	_ = arms
	pb := run(t, s, 40_000, 2)
	pa := run(t, scs[0], 40_000, 3)
	unpaired := pa.Done.POnTrack - pb.Done.POnTrack
	tol := 4 * math.Hypot(a.PairedSE, math.Hypot(pa.Done.POnTrackSE, pb.Done.POnTrackSE))
	t.Logf("paired %.4f ± %.4f, unpaired %.4f ± %.4f", a.Delta, a.PairedSE, unpaired, a.UnpairedSE)
	if math.Abs(a.Delta-unpaired) > tol {
		t.Errorf("paired %.4f and unpaired %.4f differ by more than %.4f", a.Delta, unpaired, tol)
	}
	if !(a.PairedSE < a.UnpairedSE/2) {
		t.Errorf("paired SE %.4f should be well below unpaired %.4f", a.PairedSE, a.UnpairedSE)
	}
	// Over 30 replications the paired deltas spread as the SE says.
	var s1, s2, se float64
	const reps = 30
	for r := range reps {
		c := compare(t, []string{"grow-50"}, 2_000, uint64(100+r))
		d := c.Arms[0].Delta
		s1 += d
		s2 += d * d
		se += c.Arms[0].PairedSE / reps
	}
	sd := math.Sqrt((s2 - s1*s1/reps) / (reps - 1))
	// The sample sd of 30 values is within about 25% of the truth (2 SE).
	if sd < 0.65*se || sd > 1.35*se {
		t.Errorf("replicated paired deltas spread %.4f, the SE says %.4f", sd, se)
	}
}

func run(t *testing.T, s *scenario.Scenario, n int, seed uint64) sim.Summary {
	t.Helper()
	pl, err := scenario.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	r, err := sim.Run(context.Background(), pl, sim.Options{N: n, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return sim.Summarize(r)
}

// An intervention that changes nothing has a zero paired difference with
// zero standard error; a combination applies both parts.
func TestCompareArms(t *testing.T) {
	s := scenario.Default()
	same := s.Params["field.growth"].Text // the default's own value: a no-op
	if err := s.Overlay("test", []byte("interventions:\n  - name: same\n    set:\n      field.growth: "+same+"\n  - name: big\n    set:\n      field.fte: +1000\n    cost: 300M\n")); err != nil {
		t.Fatal(err)
	}
	arms, scs, err := Arms(s, []string{"same", "big", "same+big"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(context.Background(), s, arms, scs, sim.Options{N: 5_000, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if a := c.Arms[0]; a.Delta != 0 || a.PairedSE != 0 || !math.IsNaN(a.PerBillion) {
		t.Errorf("no-op arm: %+v", a)
	}
	if b, sb := c.Arms[1], c.Arms[2]; b.Delta <= 0 || b.Delta != sb.Delta || math.Abs(b.PerBillion-b.Delta/(b.Cost/1e9)) > 1e-12 || b.Cost != sb.Cost {
		t.Errorf("big %+v, same+big %+v", b, sb)
	}
	if _, _, err := Arms(s, []string{"bigg"}); err == nil {
		t.Error("an unknown intervention should be refused")
	}
}

// Every lever that adds people is costed on one basis: its extra FTE-years
// in the simulation times costs.fte_year (issue 8, finding 8). hire-1000's
// thousand people compound with the field, so it adds far more than 1,000
// FTE-years a year; a lever that adds nobody adds no FTE-years.
func TestCostOneBasis(t *testing.T) {
	s := scenario.Default()
	arms, scs, err := Arms(s, []string{"grow-50", "hire-1000", "pause-at-agi"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(context.Background(), s, arms, scs, sim.Options{N: 5_000, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range c.Arms[:2] {
		if a.Fixed != 0 || a.ExtraFTEYears <= 0 {
			t.Fatalf("%s: fixed %v, extra FTE-years %v", a.Name, a.Fixed, a.ExtraFTEYears)
		}
		if per := a.Cost / a.ExtraFTEYears; math.Abs(per-c.FTEYearCost) > 1e-9*per {
			t.Errorf("%s: %v a FTE-year, want %v", a.Name, per, c.FTEYearCost)
		}
		if !(a.PerBillionSE > 0) {
			t.Errorf("%s: no standard error on ΔP per $1B", a.Name)
		}
	}
	if h := c.Arms[1]; h.ExtraFTEYears < 1000*5 {
		t.Errorf("hire-1000 adds only %v FTE-years", h.ExtraFTEYears)
	}
	if p := c.Arms[2]; p.ExtraFTEYears != 0 || !(p.Cost > 0) {
		t.Errorf("pause-at-agi: extra FTE-years %v, cost %v", p.ExtraFTEYears, p.Cost)
	}
}

// MODEL.md §16 quotes each default lever's ΔP with its paired SE on
// 100,000 worlds of the default seed: the table and the model agree.
func TestCompareTableInModel(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 worlds under five plans")
	}
	doc, err := os.ReadFile("../../MODEL.md")
	if err != nil {
		t.Fatal(err)
	}
	s := scenario.Default()
	arms, scs, err := Arms(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(context.Background(), s, arms, scs, sim.Options{N: 100_000, Seed: sim.DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range c.Arms {
		row := fmt.Sprintf("| %s | %+.3f ± %.3f |", a.Name, a.Delta, a.PairedSE)
		if !strings.Contains(string(doc), row) {
			t.Errorf("MODEL.md §16 lacks the row %q", row)
		}
	}
}

// All of the scenario's levers unless only names some; combinations after.
func TestArmNames(t *testing.T) {
	s := scenario.Default()
	var all []string
	for _, iv := range s.Interventions {
		all = append(all, iv.Name)
	}
	for _, c := range []struct {
		only, combine, want []string
	}{
		{nil, nil, all},
		{nil, []string{"grow-50+hire-1000"}, append(slices.Clone(all), "grow-50+hire-1000")},
		{[]string{"trust-up"}, []string{"grow-50+hire-1000"}, []string{"trust-up", "grow-50+hire-1000"}},
	} {
		if got, err := ArmNames(s, c.only, c.combine); err != nil || !slices.Equal(got, c.want) {
			t.Errorf("ArmNames(%q, %q) = %q, %v; want %q", c.only, c.combine, got, err, c.want)
		}
	}
	s.Interventions = nil
	if _, err := ArmNames(s, nil, nil); err == nil || fault.KindOf(err) != fault.Invalid {
		t.Errorf("no levers: %v; want invalid input", err)
	}
}
