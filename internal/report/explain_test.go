package report

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// The waterfall is drawn from what the JSON holds: a front end that has
// only the JSON draws the same chart, byte for byte.
func TestExplainWaterfallFromJSON(t *testing.T) {
	r := reports(t)["explain"].(*Explain)
	js, err := render(t, r, "json")
	if err != nil {
		t.Fatal(err)
	}
	var back Explain
	if err := json.Unmarshal([]byte(js), &back); err != nil {
		t.Fatal(err)
	}
	for _, lead := range []bool{false, true} {
		a, b := r.Waterfall(lead), back.Waterfall(lead)
		if !bytes.Equal(a, b) || len(a) == 0 {
			t.Errorf("lead %v: the chart from the JSON differs", lead)
		}
	}
	// The waterfall's levels add up: each part starts where the last
	// ended, and the last ends at the second view.
	level := float64(r.From.POnTrack)
	for _, p := range r.Parts {
		level += float64(p.DeltaP)
		if math.Abs(level-float64(p.PAfter)) > 1e-12 {
			t.Errorf("%s: after %v, want %v", p.Name, p.PAfter, level)
		}
	}
	if math.Abs(level-float64(r.To.POnTrack)) > 1e-12 {
		t.Errorf("the waterfall ends at %v, the second view at %v", level, r.To.POnTrack)
	}
}

// A text bar covers its span, in one shade for a rise and another for a
// fall, and a step narrower than a character still shows.
func TestBar(t *testing.T) {
	for _, c := range []struct {
		a, b float64
		want string
	}{
		{0, 0.5, "████████████████                "},
		{0.5, 0.25, "        ░░░░░░░░                "},
		{0.5, 0.501, "                ▏               "},
		{1, 1.001, "                               ▏"},
		{0.3, 0.3, "                                "},
	} {
		if got := bar(c.a, c.b, 0, 1); got != c.want {
			t.Errorf("bar(%v, %v) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}
