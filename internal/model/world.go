package model

import "math"

// MilestoneOutcome is how one milestone fared in a world.
type MilestoneOutcome struct {
	Year     float64 // year reached; +Inf if not reached by the end of the world
	Deadline float64 // year of the arrival it had to beat
	OnTrack  bool    // Year <= Deadline
	Lead     float64 // Deadline - Year; if never reached, Deadline - End (censored)
	Frac     float64 // share of its effort reached at its deadline, at most 1
}

// Outcome is what happened in one world.
type Outcome struct {
	R        float64 // total effort needed, person-years (+Inf: impossible)
	AGI, ASI float64 // arrival years after pauses
	End      float64 // last year simulated: max(horizon, every deadline)

	Done         float64 // year done; +Inf if not done by End
	Deadline     float64 // year done had to beat
	OnTrack      bool    // Done <= Deadline
	Lead         float64 // Deadline - Done, or Deadline - End when never done
	LeadCensored bool    // the lead is an upper bound: never done by End
	FracAtDL     float64 // fraction of R reached at the deadline, at most 1

	Paused      bool    // the pause lever was pulled
	NearMiss    float64 // year of the first near miss before ASI; +Inf if none
	NearPause   bool    // that near miss brought a pause
	Sabotaged   bool    // this world's AI assistants sabotage
	Milestones  [MaxMilestones]MilestoneOutcome
	NMilestones int
}

type pause struct{ s, l float64 }

// realTime maps a capability-clock time c to the year it is reached, given
// pauses sorted by start that do not overlap. A pause that starts at the
// very moment of an arrival comes too late for it.
func realTime(c float64, ps []pause) float64 {
	t := c
	for _, q := range ps {
		if q.s < t {
			t += q.l
		}
	}
	return t
}

// capTime is realTime's inverse: the capability clock at year t.
func capTime(t float64, ps []pause) float64 {
	c := t
	for _, q := range ps {
		c -= math.Min(math.Max(t-q.s, 0), q.l)
	}
	return c
}

// world holds what a world needs to evaluate its research rate at a year.
type world struct {
	p          *Params
	lnN0       float64 // log of FTEs at the start
	lnRef      float64 // log of the reference field size for research input
	capped     bool
	lnK, k1    float64 // log of the ceiling; K/N0 - 1
	g0, g1     float64 // log growth before and after the lever
	gStart     float64 // leverAnti at the start
	lnMNow     float64
	lnMAGI     float64
	lnMMax     float64
	aiSlope    float64 // d ln m / d capability-year before AGI
	aiPost     float64 // d ln m / d capability-year after AGI
	tau        float64 // share of AI help that counts
	lnHandover float64
	ps         []pause
}

// cumGrowth returns the integral of the field's log growth rate from the
// start to year t: ln(1+field.growth) before the lever, moving linearly to
// ln(1+lever.growth) over lever.ramp years, constant after.
func (w *world) cumGrowth(t float64) float64 {
	if math.IsInf(w.p.LeverStart, 1) {
		return w.g0 * (t - w.p.Start)
	}
	return w.leverAnti(t) - w.gStart
}

// leverAnti is an antiderivative of the log growth rate, zero at the lever.
func (w *world) leverAnti(t float64) float64 {
	x, ramp := t-w.p.LeverStart, w.p.LeverRamp
	switch {
	case x <= 0:
		return w.g0 * x
	case x < ramp:
		return w.g0*x + (w.g1-w.g0)*x*x/(2*ramp)
	}
	return w.g0*ramp + (w.g1-w.g0)*ramp/2 + w.g1*(x-ramp)
}

// lnN is the log of the field's FTEs at year t: exponential, or logistic
// toward the ceiling K with the same time-varying rate, which has the closed
// form N = K / (1 + (K/N0 - 1) exp(-integral of the rate)).
func (w *world) lnN(t float64) float64 {
	cum := w.cumGrowth(t)
	if !w.capped {
		return w.lnN0 + cum
	}
	return w.lnK - math.Log(1+w.k1*math.Exp(-cum)) // absolute accuracy suffices
}

// lnM is the log of the raw AI multiplier m at year t: log-linear in the
// capability clock from the start to AGI, then growing at ai.growth_after_agi,
// never above ai.multiplier_max.
func (w *world) lnM(t float64) float64 {
	c := capTime(t, w.ps)
	p := w.p
	var lm float64
	if c < p.AGI {
		lm = w.lnMNow + w.aiSlope*(c-p.Start)
	} else {
		lm = w.lnMAGI + w.aiPost*(c-p.AGI)
	}
	return math.Min(lm, w.lnMMax)
}

// lnRate is the log of the research rate in person-years per year at year t:
// Nref (N/Nref)^lambda (1 + tau (m - 1)) times the handover multiplier once
// it applies. It is clamped so that nothing overflows at a finite date.
func (w *world) lnRate(t float64, handed bool) float64 {
	lr := w.lnRef + w.p.Lambda*(w.lnN(t)-w.lnRef)
	if w.tau > 0 {
		lr += math.Log(1 + w.tau*(math.Exp(w.lnM(t))-1)) // m >= 1: no cancellation to fear
	}
	if handed {
		lr += w.lnHandover
	}
	return math.Min(math.Max(lr, -700), 700)
}

// integral is the effort added over h years by a rate that moves
// exponentially from ra = exp(la) to rb = exp(lb), d = lb - la: exact for
// exponential growth. It reuses both ends' rates rather than calling Expm1.
func integral(ra, rb, d, h float64) float64 {
	if math.Abs(d) < 1e-5 {
		return ra * h * (1 + d/2 + d*d/6)
	}
	return h * (rb - ra) / d
}

// log1pRel is ln(1 + x) / x, by its series near 0.
func log1pRel(x float64) float64 {
	if math.Abs(x) < 1e-5 {
		return 1 - x/2 + x*x/3
	}
	return math.Log(1+x) / x
}

// crossing returns the time s in [0, h] at which that rate has added e:
// the root of ra (e^(c s) - 1) / c = e with c = d / h.
func crossing(ra, d, h, e float64) float64 {
	x := d / h * e / ra
	if x <= -1 {
		return h
	}
	s := e / ra * log1pRel(x)
	return math.Min(math.Max(s, 0), h)
}

// Simulate runs one world from p.Start and writes what happened to o. It
// allocates nothing.
func Simulate(p *Params, o *Outcome) {
	*o = Outcome{NearMiss: math.Inf(1), Done: math.Inf(1)}

	R := p.Total
	if R == 0 {
		R = p.EffortSoFar / p.DoneSoFar
	}
	o.R = R

	// Pauses: the lever first, then the first near miss on the timeline it left.
	var pbuf [2]pause
	ps := pbuf[:0]
	if p.UPause < p.PauseProb && p.PauseYears > 0 {
		s := p.PauseStart
		if p.PauseAtAGI {
			s = p.AGI
		}
		ps = append(ps, pause{s, p.PauseYears})
		o.Paused = true
	}
	asi := realTime(p.AGI+p.Takeoff, ps)
	if p.WarnRate > 0 && asi > p.Start {
		sc := p.WarnScale
		e := -math.Log1p(-p.UWarn)
		tail := math.Exp(-(asi - p.Start) / sc)
		if e < p.WarnRate*sc*(1-tail) {
			t1 := asi + sc*math.Log(e/(p.WarnRate*sc)+tail)
			o.NearMiss = t1
			if p.UWarnPause < p.WarnPauseProb && p.WarnPause > 0 {
				o.NearPause = true
				q := pause{t1, p.WarnPause}
				// A pause that would start inside the lever's pause follows it.
				if len(ps) == 1 && q.s >= ps[0].s && q.s < ps[0].s+ps[0].l {
					q.s = ps[0].s + ps[0].l
				}
				ps = append(ps, q)
				if len(ps) == 2 && ps[1].s < ps[0].s {
					ps[0], ps[1] = ps[1], ps[0]
					// The lever's pause may now begin inside the near miss's.
					if ps[1].s < ps[0].s+ps[0].l {
						ps[1].s = ps[0].s + ps[0].l
					}
				}
			}
		}
	}
	o.AGI = realTime(p.AGI, ps)
	o.ASI = realTime(p.AGI+p.Takeoff, ps)
	o.Deadline = o.ASI
	if p.DeadlineAt == AtAGI {
		o.Deadline = o.AGI
	}
	o.End = math.Max(p.Horizon, o.Deadline)
	nm := len(p.Milestones)
	o.NMilestones = nm
	for i, m := range p.Milestones {
		dl := o.ASI
		if m.Deadline == AtAGI {
			dl = o.AGI
		}
		o.Milestones[i] = MilestoneOutcome{Year: math.Inf(1), Deadline: dl}
		o.End = math.Max(o.End, dl)
	}

	u := 0.0
	if p.USabotage < p.Sabotage {
		o.Sabotaged = true
		u = p.Waste
	}
	fte := p.FTE
	if fte > p.Cap {
		fte = p.Cap // the field cannot start above its ceiling
	}
	w := world{
		p:          p,
		lnN0:       math.Log(fte),
		capped:     !math.IsInf(p.Cap, 1),
		g0:         math.Log1p(p.Growth),
		g1:         math.Log1p(p.LeverGrow),
		lnMNow:     math.Log(p.AINow),
		lnMAGI:     math.Log(p.AIAtAGI),
		lnMMax:     math.Log(p.AIMax),
		aiPost:     math.Log1p(p.AIGrowth),
		tau:        p.Trust * (1 - u),
		lnHandover: math.Log(p.Handover),
		ps:         ps,
	}
	w.lnRef = w.lnN0
	if p.RefFTE > 0 {
		w.lnRef = math.Log(p.RefFTE)
	}
	if w.capped {
		w.lnK = math.Log(p.Cap)
		w.k1 = p.Cap/fte - 1
	}
	if p.AGI > p.Start {
		w.aiSlope = (w.lnMAGI - w.lnMNow) / (p.AGI - p.Start)
	} else {
		w.lnMNow = w.lnMAGI + w.aiPost*(p.Start-p.AGI) // AGI came before the start
	}
	if !math.IsInf(p.LeverStart, 1) {
		w.gStart = w.leverAnti(p.Start)
	}

	// Knots where the rate has a kink: the lever, pauses, arrivals.
	var ebuf [10]float64
	ev := ebuf[:0]
	add := func(t float64) {
		if t > p.Start && t < o.End {
			ev = append(ev, t)
		}
	}
	add(p.LeverStart)
	add(p.LeverStart + p.LeverRamp)
	for _, q := range ps {
		add(q.s)
		add(q.s + q.l)
	}
	add(o.AGI)
	add(o.ASI)
	for i := 1; i < len(ev); i++ { // insertion sort: at most ten knots
		for j := i; j > 0 && ev[j] < ev[j-1]; j-- {
			ev[j], ev[j-1] = ev[j-1], ev[j]
		}
	}

	// Targets: the milestones in order of fraction, then done at R.
	target := func(k int) float64 {
		if k < nm {
			return p.Milestones[k].Fraction * R
		}
		return R
	}
	reached := func(k int, year float64) {
		if k < nm {
			o.Milestones[k].Year = year
		} else {
			o.Done = year
		}
	}

	A := p.EffortSoFar
	aAGI, aASI := A, A // effort at the arrivals (E0 if they came before the start)
	t := p.Start
	k := 0
	handed := false
	for k <= nm && A >= target(k) {
		reached(k, t)
		handed = handed || (k < nm && p.Milestones[k].Handover)
		k++
	}
	if !math.IsInf(R, 1) && fte > 0 && k <= nm {
		la := w.lnRate(t, handed)
		ra := math.Exp(la)
		e := 0
		for t < o.End && k <= nm {
			for e < len(ev) && ev[e] <= t {
				e++
			}
			tb := math.Min(t+p.Step, o.End)
			if e < len(ev) && ev[e] < tb {
				tb = ev[e]
			}
			h := tb - t
			lb := w.lnRate(tb, handed)
			rb := math.Exp(lb)
			d := lb - la
			inc := integral(ra, rb, d, h)
			split := false
			for k <= nm && A+inc >= target(k) {
				s := crossing(ra, d, h, target(k)-A)
				reached(k, t+s)
				if k < nm && p.Milestones[k].Handover && !handed {
					// The rate jumps here: restart the step from the crossing.
					handed = true
					A = target(k)
					t += s
					la = w.lnRate(t, handed)
					ra = math.Exp(la)
					k++
					split = true
					break
				}
				k++
			}
			if split {
				continue
			}
			A += inc
			t, la, ra = tb, lb, rb
			if t == o.AGI {
				aAGI = A
			}
			if t == o.ASI {
				aASI = A
			}
		}
	}

	// Effort at an arrival not passed before the loop ended: done first, so
	// the fraction is capped at 1 below.
	if o.AGI > t {
		aAGI = math.Inf(1)
	}
	if o.ASI > t {
		aASI = math.Inf(1)
	}
	frac := func(a, tgt float64) float64 {
		if math.IsInf(tgt, 1) {
			return 0
		}
		return math.Min(a/tgt, 1)
	}
	for i := range nm {
		mo := &o.Milestones[i]
		a := aASI
		if p.Milestones[i].Deadline == AtAGI {
			a = aAGI
		}
		mo.Frac = frac(a, target(i))
		mo.OnTrack = mo.Year <= mo.Deadline
		mo.Lead = lead(mo.Deadline, mo.Year, o.End)
	}
	a := aASI
	if p.DeadlineAt == AtAGI {
		a = aAGI
	}
	o.FracAtDL = frac(a, R)
	o.OnTrack = o.Done <= o.Deadline
	o.Lead = lead(o.Deadline, o.Done, o.End)
	o.LeadCensored = math.IsInf(o.Done, 1)
}

func lead(deadline, year, end float64) float64 {
	if math.IsInf(year, 1) {
		return deadline - end
	}
	return deadline - year
}
