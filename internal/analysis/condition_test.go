package analysis

import (
	"context"
	"math"
	"testing"

	"ontrack/internal/fault"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

func conditions(t *testing.T, texts ...string) *Conditions {
	t.Helper()
	var obs []Observation
	for _, s := range texts {
		ob, err := ParseObservation(s)
		if err != nil {
			t.Fatal(err)
		}
		obs = append(obs, ob)
	}
	pl, err := scenario.Compile(scenario.Default())
	if err != nil {
		t.Fatal(err)
	}
	c, err := Condition(context.Background(), pl, obs, sim.Options{N: 20_000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Conditioning on what holds in every world changes nothing; the two sides
// of a split average back to the whole; a run agrees with the engine's.
func TestCondition(t *testing.T) {
	c := conditions(t, "agi>=1900", "agi<2030", "field.growth>=30%, agi<2040")
	all := c.Given[0]
	if all.PGiven != c.POnTrack || all.NGiven != c.N || all.PEvent != 1 || all.Shift != 0 || !math.IsNaN(all.PNot) {
		t.Errorf("an event that always holds: %+v (P %v)", all, c.POnTrack)
	}
	for _, g := range c.Given[1:] {
		back := g.PEvent*g.PGiven + (1-g.PEvent)*g.PNot
		if math.Abs(back-c.POnTrack) > 1e-12 || g.NGiven+g.NNot != c.N {
			t.Errorf("%s: the sides average to %v, not %v", g.Text, back, c.POnTrack)
		}
	}
	if early := c.Given[1]; !(early.PGiven < c.POnTrack-0.05) {
		t.Errorf("AGI before 2030 should make being on track less likely: %+v", early)
	}
	pl, _ := scenario.Compile(scenario.Default())
	r, _ := sim.Run(context.Background(), pl, sim.Options{N: 20_000, Seed: 3})
	if p, _ := share(r.Done.OnTrack); p != c.POnTrack {
		t.Errorf("condition's P %v, the engine's %v", c.POnTrack, p)
	}
}

func TestParseObservation(t *testing.T) {
	for _, bad := range []string{"agi", "agi~2030", "agi<soon", "foo<1", "<3"} {
		if _, err := ParseObservation(bad); err == nil {
			t.Errorf("%q should be refused", bad)
		}
	}
}

func TestParseObservations(t *testing.T) {
	obs, err := ParseObservations([]string{"agi<2030", "field.growth>=30%,paused==1"})
	if err != nil || len(obs) != 2 {
		t.Fatalf("%d observations, %v", len(obs), err)
	}
	for _, given := range [][]string{nil, {"agi<2030", "agi<<2030"}} {
		if _, err := ParseObservations(given); err == nil || fault.KindOf(err) != fault.Invalid {
			t.Errorf("ParseObservations(%q): %v; want invalid input", given, err)
		}
	}
}
