package model

import (
	"math"
	"testing"
)

// plain returns a world with pure exponential growth, no AI, no brakes.
func plain() Params {
	return Params{
		Start: 2026, Horizon: 2100, Step: 1,
		FTE: 1000, Growth: 0.2, Cap: math.Inf(1),
		LeverStart: math.Inf(1), LeverGrow: 0.2,
		Lambda:      1,
		EffortSoFar: 4000, DoneSoFar: 0.1,
		AINow: 1, AIAtAGI: 1, AIMax: 1, Handover: 1,
		AGI: 2040, Takeoff: 2,
		UPause: 0.5, USabotage: 0.5, UWarn: 0.5, UWarnPause: 0.5,
		WarnScale: 1,
	}
}

// closedDone is the year done under pure exponential growth: solving
// E0 + N0 (exp(lambda r t) - 1) / (lambda r) = R for t.
func closedDone(p Params) float64 {
	R := p.EffortSoFar / p.DoneSoFar
	if p.Total != 0 {
		R = p.Total
	}
	lr := p.Lambda * math.Log1p(p.Growth)
	if lr == 0 {
		return p.Start + (R-p.EffortSoFar)/p.FTE
	}
	x := lr * (R - p.EffortSoFar) / p.FTE
	if x <= -1 {
		return math.Inf(1)
	}
	return p.Start + math.Log1p(x)/lr
}

func TestClosedForm(t *testing.T) {
	cases := []struct {
		name                 string
		growth, lambda, step float64
		total                float64
	}{
		{"20%/yr", 0.2, 1, 1, 0},
		{"50%/yr", 0.5, 1, 1, 0},
		{"lambda 0.5", 0.2, 0.5, 1, 0},
		{"no growth", 0, 1, 1, 0},
		{"shrinking, reachable", -0.05, 1, 1, 15000},
		{"coarse step", 0.3, 0.7, 5, 0},
		{"fine step", 0.3, 0.7, 1.0 / 16, 0},
	}
	for _, c := range cases {
		p := plain()
		p.Growth, p.Lambda, p.Step, p.Total = c.growth, c.lambda, c.step, c.total
		var o Outcome
		Simulate(&p, &o)
		want := closedDone(p)
		if math.Abs(o.Done-want) > 1e-9*want {
			t.Errorf("%s: done %.12f, closed form %.12f", c.name, o.Done, want)
		}
		if o.OnTrack != (want <= 2042) {
			t.Errorf("%s: on track %v with done %.3f and ASI 2042", c.name, o.OnTrack, want)
		}
		if math.Abs(o.Lead-(2042-want)) > 1e-9*want {
			t.Errorf("%s: lead %.6f, want %.6f", c.name, o.Lead, 2042-want)
		}
	}
}

// A shrinking field whose remaining effort is finite never finishes work
// beyond it, and says so without NaN.
func TestNeverWhenShrinking(t *testing.T) {
	p := plain()
	p.Growth = -0.5 // remaining effort at most N0/ln 2 = 1443 person-years
	var o Outcome
	Simulate(&p, &o)
	if !math.IsInf(o.Done, 1) || o.OnTrack || !o.LeadCensored {
		t.Fatalf("shrinking field: done %v, on track %v, censored %v", o.Done, o.OnTrack, o.LeadCensored)
	}
	if want := 2042 - 2100.0; o.Lead != want {
		t.Errorf("lead %v, want %v (deadline - horizon)", o.Lead, want)
	}
	if math.IsNaN(o.FracAtDL) || o.FracAtDL <= 0.1 || o.FracAtDL >= 1 {
		t.Errorf("fraction at deadline %v", o.FracAtDL)
	}
}

func TestDegenerate(t *testing.T) {
	cases := []struct {
		name string
		set  func(*Params)
	}{
		{"impossible", func(p *Params) { p.Total = math.Inf(1) }},
		{"lambda near 0", func(p *Params) { p.Lambda = 1e-6 }},
		{"f0 = 1", func(p *Params) { p.DoneSoFar = 1 }},
		{"f0 tiny", func(p *Params) { p.DoneSoFar = 1e-9 }},
		{"ASI before start", func(p *Params) { p.AGI = 2000 }},
		{"growth near -100%", func(p *Params) { p.Growth = math.Nextafter(-1, 0) }},
		{"growth 1000%", func(p *Params) { p.Growth = 10; p.DoneSoFar = 1e-9 }},
		{"huge AI", func(p *Params) { p.AIAtAGI, p.AIMax, p.Trust, p.AIGrowth = 1e6, 1e9, 1, 100 }},
		{"AGI in 3000", func(p *Params) { p.AGI = 3000; p.Takeoff = 500; p.Growth = -0.5 }},
		{"cap below fte", func(p *Params) { p.Cap = 10 }},
		{"zero fte", func(p *Params) { p.FTE = 0 }},
	}
	for _, c := range cases {
		p := plain()
		c.set(&p)
		var o Outcome
		Simulate(&p, &o)
		vals := []float64{o.Done, o.Lead, o.FracAtDL, o.AGI, o.ASI, o.Deadline, o.End, o.R}
		for i, v := range vals {
			if math.IsNaN(v) {
				t.Errorf("%s: value %d is NaN: %+v", c.name, i, o)
			}
		}
		if math.IsInf(o.Lead, 0) || math.IsInf(o.End, 0) {
			t.Errorf("%s: infinite lead or end: %+v", c.name, o)
		}
		if !math.IsInf(o.Done, 1) && (o.Done < p.Start || o.Done > o.End) {
			t.Errorf("%s: done %v outside [start, end]", c.name, o.Done)
		}
	}
}

// The reference field size: with lambda < 1 the input is
// Nref (N/Nref)^lambda, so at a constant field N the rate is
// Nref^(1-lambda) N^lambda, a closed form; a reference equal to the start's
// field is the same as none; with lambda = 1 the reference does not matter.
func TestReferenceFTE(t *testing.T) {
	p := plain()
	p.Growth, p.Lambda = 0, 0.5
	p.RefFTE = 4000 // four times the field: input 4000 (1000/4000)^0.5 = 2000 a year
	var o Outcome
	Simulate(&p, &o)
	R := p.EffortSoFar / p.DoneSoFar
	if want := p.Start + (R-p.EffortSoFar)/2000; math.Abs(o.Done-want) > 1e-9 {
		t.Errorf("done %v, want %v", o.Done, want)
	}
	var a, b Outcome
	q := plain()
	q.Lambda = 0.6
	Simulate(&q, &a)
	q.RefFTE = q.FTE
	Simulate(&q, &b)
	if a.Done != b.Done {
		t.Errorf("reference = the start's field: %v, none: %v", b.Done, a.Done)
	}
	q = plain()
	Simulate(&q, &a)
	q.RefFTE = 123
	Simulate(&q, &b)
	if math.Abs(a.Done-b.Done) > 1e-9 {
		t.Errorf("lambda 1: the reference changed done from %v to %v", a.Done, b.Done)
	}
}
