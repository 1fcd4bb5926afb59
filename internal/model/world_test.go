package model

import (
	"math"
	"testing"
)

// plain returns a world with pure exponential growth, no AI, no brakes.
func plain() Params {
	return Params{
		Start: 2026, Horizon: 2100,
		FTE: 1000, Growth: 0.2, Cap: math.Inf(1),
		LeverStart: math.Inf(1), LeverGrow: 0.2,
		Lambda:      1,
		EffortSoFar: 4000, DoneSoFar: 0.1, Error: 1,
		NoTakeover: 0.5, Governance: math.Inf(1), AfterASI: 1,
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
		{"exact engine", 0.2, 1, 0, 0},
		{"exact, lambda 0.7", 0.3, 0.7, 0, 0},
		{"exact, shrinking", -0.05, 1, 0, 15000},
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

// The exact engine where the rate has no closed form it uses: under a
// ceiling (λ = 1, no AI) the effort is (K/g) ln((e^(g s) + k1)/(1 + k1))
// with k1 = K/N0 - 1, so done is where e^(g s) = (1 + k1) e^(g W/K) - k1
// for the work W still to do; under the lever's ramp (no ceiling) the
// effort is FTEYears, its own quadrature.
func TestExactPanels(t *testing.T) {
	for _, K := range []float64{3000, 20000, 1e6} {
		p := plain()
		p.Cap = K
		var o Outcome
		Simulate(&p, &o)
		g, k1, W := math.Log1p(p.Growth), K/p.FTE-1, p.EffortSoFar/p.DoneSoFar-p.EffortSoFar
		want := p.Start + math.Log((1+k1)*math.Exp(g*W/K)-k1)/g
		if math.IsNaN(want) {
			want = math.Inf(1)
		}
		if !(math.Abs(o.Done-want) <= 1e-9*(want-p.Start)) && o.Done != want {
			t.Errorf("cap %v: done %.12f, closed form %.12f", K, o.Done, want)
		}
	}
	for _, ramp := range []float64{0, 2, 15} {
		p := plain()
		p.LeverStart, p.LeverGrow, p.LeverRamp = 2028.3, 0.5, ramp
		var o Outcome
		Simulate(&p, &o)
		W := p.EffortSoFar/p.DoneSoFar - p.EffortSoFar
		if got := FTEYears(&p, o.Done); math.Abs(got-W) > 1e-9*W {
			t.Errorf("ramp %v: done %.9f, where the field's FTE-years are %.6f, not %.6f", ramp, o.Done, got, W)
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

// Degenerate worlds give the answers MODEL.md §7 promises, each checked
// against its closed form: plain() is a field of 1,000 growing 20% a year
// (λ = 1, no AI), 4,000 person-years spent of R = 40,000, ASI in 2042.
func TestDegenerate(t *testing.T) {
	r := math.Log(1.2)
	near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want)) }
	never := func(o *Outcome) bool { return math.IsInf(o.Done, 1) && !o.OnTrack && o.LeadCensored }
	cases := []struct {
		name  string
		set   func(*Params)
		check func(*Params, *Outcome) bool
	}{
		{"no growth: done = start + (R - E0)/N0", func(p *Params) { p.Growth = 0 },
			func(p *Params, o *Outcome) bool {
				return near(o.Done, 2062) && near(o.Lead, -20) && near(o.FracAtDL, (4000+16*1000)/40000.0)
			}},
		{"impossible: never, lead deadline - end, nothing done of it", func(p *Params) { p.Total = math.Inf(1) },
			func(p *Params, o *Outcome) bool {
				return never(o) && o.Lead == 2042-2100 && o.FracAtDL == 0 && o.Class == ClassLateTakeover
			}},
		{"lambda near 0: as no growth", func(p *Params) { p.Lambda = 1e-6 },
			func(p *Params, o *Outcome) bool { return math.Abs(o.Done-2062) < 1e-3 }},
		{"f0 = 1: done at the start", func(p *Params) { p.DoneSoFar = 1 },
			func(p *Params, o *Outcome) bool {
				return o.Done == p.Start && o.OnTrack && o.Lead == 2042-p.Start && o.FracAtDL == 1 && o.Class == ClassOnTrack
			}},
		{"f0 tiny: never, with the share done by the deadline", func(p *Params) { p.DoneSoFar = 1e-9 },
			func(p *Params, o *Outcome) bool {
				return never(o) && near(o.FracAtDL*1e9, (4000+1000*math.Expm1(16*r)/r)/4000)
			}},
		{"ASI before the start: late, f0 done at the deadline", func(p *Params) { p.AGI = 2000 },
			func(p *Params, o *Outcome) bool {
				return !o.OnTrack && o.ASI == 2002 && near(o.Done, closedDone(*p)) && near(o.Lead, 2002-o.Done) && near(o.FracAtDL, 0.1)
			}},
		{"growth near -100%: never, E0 + N0/|r| at most", func(p *Params) { p.Growth = math.Nextafter(-1, 0) },
			func(p *Params, o *Outcome) bool {
				g := math.Log1p(p.Growth)
				return never(o) && math.Abs(o.FracAtDL-(4000+1000/-g)/40000) < 1e-9
			}},
		{"growth 1000%: the closed form", func(p *Params) { p.Growth = 10; p.DoneSoFar = 1e-9 },
			func(p *Params, o *Outcome) bool { return near(o.Done, closedDone(*p)) }},
		{"huge AI: sooner than without", func(p *Params) { p.AIAtAGI, p.AIMax, p.Trust, p.AIGrowth = 1e6, 1e9, 1, 100 },
			func(p *Params, o *Outcome) bool { return o.Done < 2037.1 && o.Done > p.Start }},
		{"AGI in 3000: the end at ASI, lead 0 and censored", func(p *Params) { p.AGI = 3000; p.Takeoff = 500; p.Growth = -0.5 },
			func(p *Params, o *Outcome) bool { return never(o) && o.End == 3500 && o.ASI == 3500 && o.Lead == 0 }},
		{"cap below the field: a constant 10", func(p *Params) { p.Cap = 10 },
			func(p *Params, o *Outcome) bool { return never(o) && near(o.FracAtDL, (4000+10*16)/40000.0) }},
		{"no field: never, f0 done", func(p *Params) { p.FTE = 0 },
			func(p *Params, o *Outcome) bool { return never(o) && near(o.FracAtDL, 0.1) }},
		{"no field, effort derived: nothing to infer R from, never", func(p *Params) { p.FTE, p.DeriveE0 = 0, true },
			func(p *Params, o *Outcome) bool { return never(o) && math.IsInf(o.R, 1) && o.E0 == 0 }},
	}
	for _, c := range cases {
		p := plain()
		c.set(&p)
		var o Outcome
		Simulate(&p, &o)
		if !c.check(&p, &o) {
			t.Errorf("%s: done %v lead %v frac %v on track %v class %v R %v", c.name, o.Done, o.Lead, o.FracAtDL, o.OnTrack, o.Class, o.R)
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

// Issue 8, finding 1: a near-miss pause before AGI delays AGI, and the
// lever's pause at AGI starts when AGI really comes. With AGI at 2035 on
// the capability clock, a 3-year near-miss pause in 2026-2028 and a 2-year
// pause at AGI, AGI comes in 2038 and ASI (a year later in capability) in
// 2041.
func TestPauseAtAGIClock(t *testing.T) {
	p := plain()
	p.AGI, p.Takeoff = 2035, 1
	p.WarnRate, p.WarnScale, p.WarnPauseProb, p.WarnPause = 50, 2, 1, 3
	p.PauseProb, p.PauseAtAGI, p.PauseYears = 1, true, 2
	p.UPause, p.UWarn, p.UWarnPause = 0, 0.5, 0
	var o Outcome
	Simulate(&p, &o)
	if o.NearMiss > 2030 || !o.NearPause || !o.Paused {
		t.Fatalf("near miss %v (pause %v), lever pause %v", o.NearMiss, o.NearPause, o.Paused)
	}
	if o.AGI != 2038 || o.ASI != 2041 {
		t.Errorf("AGI %v, ASI %v; want 2038 and 2041", o.AGI, o.ASI)
	}
	// A near miss after AGI, inside the lever's pause, follows it.
	p.WarnRate = 0.5
	p.UWarn = 0.2 // a late near miss
	Simulate(&p, &o)
	if !math.IsInf(o.NearMiss, 1) && o.NearMiss < 2035 {
		t.Skipf("near miss at %v came before AGI", o.NearMiss)
	}
	if o.AGI != 2035 {
		t.Errorf("AGI %v with no near miss before it, want 2035", o.AGI)
	}
}

// Issue 8, finding 2: effort so far and future effort are one quantity.
// With E0 derived from a past growing at the same rate as the future, the
// research input from the distant past to t is E0 exp(lambda b (t - t0)),
// so the work R = E0/f0 is done at t0 + ln(1/f0)/(lambda b), whatever the
// field's size or the reference size.
func TestEffortOneUnit(t *testing.T) {
	for _, c := range []struct{ lambda, growth, fte, ref, f0 float64 }{
		{1, 0.2, 1000, 0, 0.1},
		{0.6, 0.2, 1000, 810, 0.1},
		{0.4, 0.5, 300, 5000, 0.25},
	} {
		p := plain()
		p.DeriveE0, p.EffortSoFar = true, math.NaN()
		p.Lambda, p.Growth, p.PastGrowth, p.FTE, p.RefFTE, p.DoneSoFar = c.lambda, c.growth, c.growth, c.fte, c.ref, c.f0
		p.AGI, p.Horizon = 2200, 2300
		var o Outcome
		Simulate(&p, &o)
		want := p.Start - math.Log(c.f0)/(c.lambda*math.Log1p(c.growth))
		if math.Abs(o.Done-want) > 1e-9*want {
			t.Errorf("%+v: done %.9f, want %.9f", c, o.Done, want)
		}
		if math.Abs(o.R*c.f0-o.E0) > 1e-9*o.E0 {
			t.Errorf("%+v: R %v is not E0 %v / f0", c, o.R, o.E0)
		}
	}
}

// Issue 8, finding 2: today's AI help is already in the estimate, so help
// that does not grow beyond today adds nothing.
func TestHelpStartsAtOne(t *testing.T) {
	p := plain()
	var bare, helped Outcome
	Simulate(&p, &bare)
	p.AINow, p.AIAtAGI, p.AIMax, p.Trust = 3, 3, 3, 0.5
	Simulate(&p, &helped)
	if math.Abs(helped.Done-bare.Done) > 1e-9 {
		t.Errorf("constant help moved done from %v to %v", bare.Done, helped.Done)
	}
	p.AIAtAGI, p.AIMax = 6, 6
	Simulate(&p, &helped)
	if !(helped.Done < bare.Done) {
		t.Errorf("help growing to AGI did not bring done forward: %v against %v", helped.Done, bare.Done)
	}
}

// Issue 8, finding 4: before safe_to_help, AI help after AGI stays at its
// AGI level, so how fast m grows after AGI cannot matter; after ASI only
// ai.trust_after_asi of the trust is left.
func TestHelpAfterAGI(t *testing.T) {
	p := plain()
	p.AINow, p.AIAtAGI, p.AIMax, p.Trust = 1, 4, 1e6, 0.5
	p.AGI, p.Takeoff = 2028, 3
	var a, b Outcome
	Simulate(&p, &a)
	if a.Done < 2031 {
		t.Fatalf("done %v before ASI: the test needs work after ASI", a.Done)
	}
	p.AIGrowth = 100
	Simulate(&p, &b)
	if a.Done != b.Done {
		t.Errorf("growth of m after AGI moved done from %v to %v before safe_to_help", a.Done, b.Done)
	}
	// Past ASI, trust 0 leaves the bare rate: done as with no AI from ASI on.
	p.AfterASI = 0
	Simulate(&p, &b)
	if !(b.Done > a.Done) {
		t.Errorf("losing trust at ASI did not delay done: %v against %v", b.Done, a.Done)
	}
}

// Issue 8, finding 5: the thresholds. (2)'s technical path is separate
// work; a legal or social answer to (2) at the start leaves only the main
// work, done in closed form; (1) comes at its share of the main work.
func TestThresholds(t *testing.T) {
	p := plain()
	p.Growth, p.Lambda = 0, 1 // constant input of 1000 a year
	p.PowerWork, p.PowerEffort = 0.2, 0.2
	var o Outcome
	Simulate(&p, &o)
	R := p.EffortSoFar / p.DoneSoFar // 40,000; 36,000 to do, in lockstep
	if want := p.Start + (R-p.EffortSoFar)/1000; math.Abs(o.Done-want) > 1e-9 {
		t.Errorf("lockstep: done %v, want %v", o.Done, want)
	}
	if o.Thresholds[SafeToHelp].Year != o.Thresholds[NoPowerGrab].Year {
		t.Errorf("lockstep: (3) %v and (2) %v differ", o.Thresholds[SafeToHelp].Year, o.Thresholds[NoPowerGrab].Year)
	}
	p.Governance = 2000
	Simulate(&p, &o)
	Rm := 0.8 * R
	if want := p.Start + (Rm-0.8*p.EffortSoFar)/1000; math.Abs(o.Done-want) > 1e-9 || !o.Governed {
		t.Errorf("governed at the start: done %v, want %v", o.Done, want)
	}
	if want := p.Start + (0.5*Rm-0.8*p.EffortSoFar)/1000; math.Abs(o.Thresholds[NoTakeover].Year-want) > 1e-9 {
		t.Errorf("no_takeover %v, want %v", o.Thresholds[NoTakeover].Year, want)
	}
	// Less effort on (2) than its share: (3) first, then the handover
	// multiplier carries the rest of (2).
	p.Governance = math.Inf(1)
	p.PowerEffort, p.Handover = 0.1, 4
	Simulate(&p, &o)
	t3 := p.Start + (Rm-0.8*p.EffortSoFar)/900
	p2 := 0.2*p.EffortSoFar + 100*(t3-p.Start) // (2)'s work at t3
	if want := t3 + (0.2*R-p2)/4000; math.Abs(o.Done-want) > 1e-9 {
		t.Errorf("handover carries (2): done %v, want %v", o.Done, want)
	}
	if o.Class != ClassOnTrack && o.OnTrack {
		t.Errorf("class %v for a world on track", o.Class)
	}
}

// A world judged at the horizon: done after it is not on track even where
// the deadline is later (issue 10, finding 5).
func TestOnTrackWithinHorizon(t *testing.T) {
	p := plain()
	p.Horizon = 2030
	var o Outcome
	Simulate(&p, &o)
	if o.Done <= 2030 || o.OnTrack || o.Class == ClassOnTrack {
		t.Errorf("done %v, on track %v, class %v with the horizon at 2030", o.Done, o.OnTrack, o.Class)
	}
}

// Sabotage that counts false work makes safe_to_help seem reached early.
func TestFalseAssurance(t *testing.T) {
	p := plain()
	p.AINow, p.AIAtAGI, p.AIMax, p.Trust = 1, 10, 10, 1
	p.Sabotage, p.USabotage, p.Waste, p.False = 1, 0, 0, 0.5
	var o Outcome
	Simulate(&p, &o)
	if !(o.Believed < o.Thresholds[SafeToHelp].Year) {
		t.Errorf("believed %v, reached %v", o.Believed, o.Thresholds[SafeToHelp].Year)
	}
	p.False = 0
	Simulate(&p, &o)
	if o.Believed != o.Thresholds[SafeToHelp].Year || o.FalseAssurance {
		t.Errorf("no false work: believed %v, reached %v", o.Believed, o.Thresholds[SafeToHelp].Year)
	}
}

// FTEYears against a fine trapezoid sum of N, with a lever and a ceiling.
func TestFTEYears(t *testing.T) {
	for _, c := range []struct{ cap, ramp float64 }{{math.Inf(1), 2}, {5000, 2}, {5000, 0}, {math.Inf(1), 0}} {
		p := plain()
		p.Cap, p.LeverStart, p.LeverGrow, p.LeverRamp = c.cap, 2027.5, 0.5, c.ramp
		w := newField(&p)
		const n = 200000
		T := 2040.3
		h := (T - p.Start) / n
		sum := 0.0
		for i := 0; i <= n; i++ {
			x := math.Exp(w.lnN(p.Start + float64(i)*h))
			if i == 0 || i == n {
				x /= 2
			}
			sum += x * h
		}
		if got := FTEYears(&p, T); math.Abs(got-sum) > 1e-7*sum {
			t.Errorf("%+v: FTEYears %v, trapezoid %v", c, got, sum)
		}
	}
}

// A world allocates nothing, so that the engine's cost is the model's.
func TestSimulateAllocatesNothing(t *testing.T) {
	p := plain()
	p.PowerWork, p.PowerEffort, p.Governance = 0.2, 0.1, 2040
	p.PauseProb, p.UPause, p.PauseAtAGI, p.PauseYears = 1, 0, true, 2
	p.WarnRate, p.WarnPauseProb, p.WarnPause, p.UWarnPause = 5, 1, 1, 0
	p.Sabotage, p.USabotage, p.False, p.Trust, p.AIAtAGI, p.AIMax = 1, 0, 0.3, 0.5, 4, 10
	p.Milestones = []Milestone{{Name: "m", Fraction: 0.3}}
	var o Outcome
	if n := testing.AllocsPerRun(100, func() { Simulate(&p, &o) }); n != 0 {
		t.Errorf("Simulate allocates %v times a world", n)
	}
}

// The exact engine at every kind of event, against the knot integrator
// refined toward zero step (knots 1/1024 and 1/4096 year apart,
// extrapolated: the knots' error is of second order): m reaching its
// ceiling before AGI and after the handover, pauses that stop the
// capability clock, the lever's ramp under a ceiling, sabotage's counted
// work, and a legal answer to (2).
func TestExactEvents(t *testing.T) {
	cases := []struct {
		name string
		set  func(*Params)
	}{
		{"m at its ceiling before AGI", func(p *Params) { p.AINow, p.AIAtAGI, p.AIMax, p.Trust = 1, 50, 4, 0.5 }},
		{"m at its ceiling after the handover", func(p *Params) {
			p.AINow, p.AIAtAGI, p.AIMax, p.Trust, p.AIGrowth, p.Handover, p.AGI, p.Takeoff = 1, 3, 5, 0.5, 0.8, 2, 2028, 30
			p.PowerWork, p.PowerEffort = 0.5, 0.02 // (3) first: AI carries (2) as m grows to its ceiling
		}},
		{"pauses", func(p *Params) {
			p.AINow, p.AIAtAGI, p.AIMax, p.Trust = 1, 6, 100, 0.4
			p.PauseProb, p.UPause, p.PauseStart, p.PauseYears = 1, 0, 2029.5, 2
			p.WarnRate, p.WarnPauseProb, p.UWarn, p.UWarnPause, p.WarnPause = 5, 1, 0.3, 0, 1.5
		}},
		// m starts above its ceiling and falls toward AGI, meeting the
		// ceiling from above: from multiplier_now, and where a pause that
		// began before the start holds the capability clock back, so that
		// it meets the ceiling at a capability time before the start (the
		// engine missed that event until FuzzWorld found it).
		{"m falling through its ceiling", func(p *Params) { p.AINow, p.AIAtAGI, p.AIMax, p.Trust = 8, 1.5, 4, 0.5 }},
		{"m falling through its ceiling after a pause before the start", func(p *Params) {
			p.AINow, p.AIAtAGI, p.AIMax, p.Trust, p.Cap = 3, 1.2, 3.5, 0.5, 30000
			p.PauseProb, p.UPause, p.PauseStart, p.PauseYears = 1, 0, 2020, 10
		}},
		// The field sits at its ceiling for centuries, so that its distance
		// from it, x = k1 e^-G, underflows, and then shrinks, so that x
		// grows back: the panels carried x = 0 from panel to panel and kept
		// the field at its ceiling to the end (0.04 years early here, and
		// "done" where the field in fact shrank away first, until FuzzWorld
		// found it).
		{"a field long at its ceiling, then shrinking", func(p *Params) {
			p.Growth, p.Cap, p.LeverStart, p.LeverGrow, p.LeverRamp, p.AGI, p.Total = 100, 2000, 2200, -0.9, 1, 2700, 1.05e6
		}},
		{"ramp under a ceiling", func(p *Params) {
			p.Cap, p.LeverStart, p.LeverGrow, p.LeverRamp, p.Lambda = 30000, 2028.2, 0.6, 5, 0.7
		}},
		{"sabotage and governance", func(p *Params) {
			p.AINow, p.AIAtAGI, p.AIMax, p.Trust, p.Cap = 1.1, 5, 100, 0.5, 50000
			p.Sabotage, p.USabotage, p.Waste, p.False = 1, 0, 0.3, 0.3
			p.PowerWork, p.PowerEffort, p.Governance, p.Handover = 0.2, 0.1, 2035.5, 3
		}},
	}
	for _, c := range cases {
		p := plain()
		c.set(&p)
		var ex, a, b Outcome
		Simulate(&p, &ex)
		q := p
		q.Step = 1.0 / 1024
		Simulate(&q, &a)
		q.Step = 1.0 / 4096
		Simulate(&q, &b)
		got := [...]float64{ex.Done, ex.Thresholds[NoTakeover].Year, ex.Thresholds[NoPowerGrab].Year, ex.Thresholds[SafeToHelp].Year, ex.Believed}
		fa := [...]float64{a.Done, a.Thresholds[NoTakeover].Year, a.Thresholds[NoPowerGrab].Year, a.Thresholds[SafeToHelp].Year, a.Believed}
		fb := [...]float64{b.Done, b.Thresholds[NoTakeover].Year, b.Thresholds[NoPowerGrab].Year, b.Thresholds[SafeToHelp].Year, b.Believed}
		if math.IsInf(ex.Done, 1) {
			t.Errorf("%s: never done; the case needs a finish", c.name)
		}
		t.Logf("%s: done %.4f, (1) %.4f, (2) %.4f, (3) %.4f, believed %.4f, AGI %.4f, ASI %.4f", c.name, got[0], got[1], got[2], got[3], got[4], ex.AGI, ex.ASI)
		for j := range got {
			want := fb[j] + (fb[j]-fa[j])/15
			if math.IsInf(fb[j], 1) {
				want = fb[j]
			}
			if got[j] != want && !(math.Abs(got[j]-want) <= 1e-7) {
				t.Errorf("%s: year %d is %.9f exactly, %.9f from fine knots (%.9f, %.9f)", c.name, j, got[j], want, fa[j], fb[j])
			}
		}
	}
}

// The closed form's root over a stretch of centuries, where the rate grows
// by e^500 and the root lies in its first years: from a first guess that
// is already right to rounding (a step below the guess's last place must
// end the search, not send it to bisect), and from one that is far off
// (two exponentials at very different rates). FuzzWorld found the first:
// the search bisected to the stretch's middle, where Halley's steps on
// the exponential are a few years each, ran out of iterations and
// answered 78 years late.
func TestExpoSolveWide(t *testing.T) {
	type solveCase struct {
		e    expo
		v, L float64
	}
	cases := []solveCase{
		{expo{A: 1, al: 0.01, B: 1e-6, ga: 1.2}, 50, 700},
		{expo{A: 1, al: -0.5, B: 1e-3, ga: 0.7}, 3, 900},
	}
	// Both parts at one rate, as without help's growth: the first guess
	// is the closed form's own root, right to rounding.
	same := expo{A: 0.4076173849722653, al: 0.6347528004998569, B: 1.2733135337329722, ga: 0.6347528004998569}
	for s0 := 1.0; s0 < 30; s0 += 0.37 {
		cases = append(cases, solveCase{same, same.integral(s0), 785.7570763714048})
	}
	for _, c := range cases {
		s, _ := c.e.solve(c.v, c.L)
		F := c.e.integral(s)
		if !(math.Abs(F-c.v) <= 1e-12*c.v) {
			t.Errorf("%+v: effort %v at s = %v, want %v", c.e, F, s, c.v)
		}
	}
}
