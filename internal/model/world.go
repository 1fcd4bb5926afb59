package model

import (
	"math"

	"ontrack/internal/fastmath"
)

// MilestoneOutcome is how one threshold or milestone fared in a world.
type MilestoneOutcome struct {
	Year     float64 // year reached; +Inf if not reached by the end of the world
	Deadline float64 // year of the arrival it had to beat
	OnTrack  bool    // reached by the world's cut-off: min(its deadline, horizon)
	Lead     float64 // Deadline - Year; if never reached, Deadline - End (censored)
	Frac     float64 // share of its work done at its deadline, at most 1
}

// Dearnaley's thresholds (MODEL.md §4). Done needs all three: (1), some
// answer to (2), and (3); his (4), value learning that converges, implies
// (3), so "(3) or (4)" is reached when (3) is.
const (
	NoTakeover  = iota // (1) AI does not kill or disempower everyone
	NoPowerGrab        // (2) no small group uses AI to seize power
	SafeToHelp         // (3) aligned enough to help safely with alignment
	NThresholds
)

// ThresholdNames are the thresholds' names in reports, by index.
var ThresholdNames = [NThresholds]string{"no_takeover", "no_power_grab", "safe_to_help"}

// Class is what a world's state at its cut-off means.
type Class uint8

const (
	ClassOnTrack      Class = iota // done by the cut-off
	ClassLateSafe                  // late, with (1) and (2) in place
	ClassLatePower                 // late, with (1) but without (2)
	ClassLateTakeover              // late, without (1)
	NClasses
)

// ClassNames are the outcome classes' names in reports, by value.
var ClassNames = [NClasses]string{"on_track", "late_safe", "late_power", "late_takeover"}

// Outcome is what happened in one world.
type Outcome struct {
	R        float64 // total work needed, person-years (+Inf: impossible)
	E0       float64 // effort spent before the start, in the same units
	AGI, ASI float64 // arrival years after pauses
	End      float64 // last year simulated: max(horizon, every deadline)
	Cutoff   float64 // min(deadline, horizon): the year the world is judged at

	Done         float64 // year done: (1), (2) and (3) all reached; +Inf if not by End
	Deadline     float64 // year done had to beat
	OnTrack      bool    // Done <= Cutoff
	Lead         float64 // Deadline - Done, or Deadline - End when never done
	LeadCensored bool    // the lead is an upper bound: never done by End
	FracAtDL     float64 // share of the main work (to safe_to_help) done at the deadline

	Thresholds     [NThresholds]MilestoneOutcome
	Governed       bool    // (2) was answered by law or society before its technical path
	Believed       float64 // year safe_to_help was believed reached (earlier where sabotage counted false work)
	FalseAssurance bool    // believed reached by the cut-off, but not in fact
	Class          Class

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
		c -= min(max(t-q.s, 0), q.l)
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
	lnK1       float64 // ln k1
	g0, g1     float64 // log growth before and after the lever
	gStart     float64 // leverAnti at the start
	lnMNow     float64
	lnMAGI     float64
	lnMMax     float64
	aiSlope    float64 // d ln m / d capability-year before AGI
	aiPost     float64 // d ln m / d capability-year after AGI, once handed over
	lnNorm     float64 // log of the help at the start, which E0 already counts
	lnHandover float64
	ps         []pause
	tau        float64 // share of AI help that is real
	tauSeen    float64 // share counted, above tau where sabotage counts false work
	seen       bool    // the counted work runs ahead of the real

	// State that changes as the world runs: the rate depends on it.
	handed  bool    // safe_to_help reached: full trust, handover, growth of m
	cHand   float64 // capability time of the handover
	postASI bool    // past ASI: control fails, trust falls to ai.trust_after_asi
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
	// ln(1 + e^z) with z = ln(k1 e^-G), in the form that cannot overflow
	// where the field shrinks fast (absolute accuracy suffices); a field
	// at its ceiling from the start (k1 = 0, z = -Inf) stays there.
	z := w.lnK1 - cum
	if z > 0 {
		return w.lnK - z - fastmath.Log(1+fastmath.Exp(-z))
	}
	return w.lnK - fastmath.Log(1+fastmath.Exp(z))
}

// lnHelp is the log of the AI factor 1 + tau (m - 1) at year t, for a
// trusted share tau, before it is divided by the help at the start (§3).
// m rises log-linearly in the capability clock to AGI; from AGI until
// safe_to_help it stays at its AGI level (help is no more than what was
// trusted at AGI), and past ASI only ai.trust_after_asi of the trust is
// left; once safe_to_help is reached, trust is whole and m grows at
// ai.growth_after_agi. m never exceeds ai.multiplier_max.
func (w *world) lnHelp(t, tau float64) float64 {
	if tau <= 0 {
		return 0
	}
	te, lm, _ := w.helpAt(t, tau, 0)
	return fastmath.Log(1 + te*(fastmath.Exp(min(lm, w.lnMMax))-1)) // m >= 1: no cancellation to fear
}

// helpAt returns, at year t for a trusted share tau, the share of trust
// that applies, te, and ln m before its ceiling, lm, with dlm, the rate at
// which lm changes with the year there given dc, the rate at which the
// capability clock moves (0 in a pause, else 1).
func (w *world) helpAt(t, tau, dc float64) (te, lm, dlm float64) {
	c := capTime(t, w.ps)
	p := w.p
	switch {
	case c < p.AGI:
		return tau, w.lnMNow + w.aiSlope*(c-p.Start), w.aiSlope * dc
	case w.handed:
		return tau, w.lnMAGI + w.aiPost*(c-max(p.AGI, w.cHand)), w.aiPost * dc
	case w.postASI:
		return tau * p.AfterASI, w.lnMAGI, 0
	}
	return tau, w.lnMAGI, 0
}

// lnRate is the log of the research rate in person-years per year at year
// t with a trusted share tau of AI help: Nref (N/Nref)^lambda times the AI
// factor relative to the start's, times the handover multiplier once it
// applies. It is clamped so that nothing overflows at a finite date.
func (w *world) lnRate(t, tau float64) float64 {
	lr := w.lnRef + w.p.Lambda*(w.lnN(t)-w.lnRef) + w.lnHelp(t, tau) - w.lnNorm
	if w.handed {
		lr += w.lnHandover
	}
	return min(max(lr, -700), 700)
}

// pauses settles the world's pauses (MODEL.md §6): the lever's, then the
// first near miss on the timeline the lever left. A lever pause at AGI
// starts when AGI really comes, so a near-miss pause before it delays both.
func pauses(p *Params, o *Outcome, buf *[2]pause) []pause {
	ps := buf[:0]
	if p.UPause < p.PauseProb && p.PauseYears > 0 {
		s := p.PauseStart
		if p.PauseAtAGI {
			s = p.AGI
		}
		ps = append(ps, pause{s, p.PauseYears})
		o.Paused = true
	}
	asi := realTime(p.AGI+p.Takeoff, ps)
	if p.WarnRate <= 0 || asi <= p.Start {
		return ps
	}
	sc := p.WarnScale
	e := -math.Log1p(-p.UWarn)
	tail := math.Exp(-(asi - p.Start) / sc)
	if e >= p.WarnRate*sc*(1-tail) {
		return ps
	}
	t1 := asi + sc*math.Log(e/(p.WarnRate*sc)+tail)
	o.NearMiss = t1
	if p.UWarnPause >= p.WarnPauseProb || p.WarnPause <= 0 {
		return ps
	}
	o.NearPause = true
	q := pause{t1, p.WarnPause}
	if len(ps) == 0 {
		return append(ps, q)
	}
	lv := &ps[0]
	switch {
	case p.PauseAtAGI && q.s < lv.s:
		// AGI, and the pause that waits for it, come q.l later.
		lv.s += q.l
		ps = append(ps, *lv)
		ps[0] = q
	case q.s >= lv.s && q.s < lv.s+lv.l:
		// A near miss inside the lever's pause: its pause follows that one.
		q.s = lv.s + lv.l
		ps = append(ps, q)
	case q.s < lv.s:
		ps = append(ps, *lv)
		ps[0] = q
		// The lever's pause may now begin inside the near miss's.
		if ps[1].s < q.s+q.l {
			ps[1].s = q.s + q.l
		}
	default:
		ps = append(ps, q)
	}
	return ps
}

// EffortSoFar is E0: given, or the field's history counted in the model's
// units, the integral of Nref (N/Nref)^lambda over an exponential past
// growing at field.past_growth, Nref^(1-lambda) N0^lambda / (lambda b).
func EffortSoFar(p *Params) float64 {
	if !p.DeriveE0 {
		return p.EffortSoFar
	}
	fte := min(p.FTE, p.Cap)
	if fte <= 0 {
		return 0
	}
	lnN0 := fastmath.Log(fte)
	lnRef := lnN0
	if p.RefFTE > 0 {
		lnRef = fastmath.Log(p.RefFTE)
	}
	return fastmath.Exp(lnRef+p.Lambda*(lnN0-lnRef)) / (p.Lambda * math.Log1p(p.PastGrowth))
}

// Simulate runs one world from p.Start and writes what happened to o. It
// takes the steps of MODEL.md in turn and allocates nothing.
func Simulate(p *Params, o *Outcome) {
	if simulate(p, o, 1) {
		simulate(p, o, tightTol)
	}
}

// simulate is Simulate with the panels' tolerances times tight. It
// reports whether the world is loose: a crossing whose year the panels'
// errors could move by more than yearTol (exact.go).
func simulate(p *Params, o *Outcome, tight float64) (loose bool) {
	*o = Outcome{NearMiss: math.Inf(1), Done: math.Inf(1), Believed: math.Inf(1)}
	var pbuf [2]pause
	ps := pauses(p, o, &pbuf) // §6
	arrivals(p, o, ps)        // §5
	w := newWorld(p, ps, o)   // §1-§3
	r := newRace(p, o, &w)    // §4
	r.tight = tight
	r.run()   // §8
	r.judge() // §7
	return r.loose
}

// arrivals sets the years of AGI and ASI after pauses, the deadline, the
// cut-off the world is judged at and the end of the world (MODEL.md §5, §7).
func arrivals(p *Params, o *Outcome, ps []pause) {
	o.AGI = realTime(p.AGI, ps)
	o.ASI = realTime(p.AGI+p.Takeoff, ps)
	o.Deadline = o.ASI
	if p.DeadlineAt == AtAGI {
		o.Deadline = o.AGI
	}
	o.End = max(p.Horizon, o.Deadline)
	o.Cutoff = min(o.Deadline, p.Horizon)
	o.NMilestones = len(p.Milestones)
	for i, m := range p.Milestones {
		dl := o.ASI
		if m.Deadline == AtAGI {
			dl = o.AGI
		}
		o.Milestones[i] = MilestoneOutcome{Year: math.Inf(1), Deadline: dl}
		o.End = max(o.End, dl)
	}
	for i := range o.Thresholds {
		o.Thresholds[i] = MilestoneOutcome{Year: math.Inf(1), Deadline: o.Deadline}
	}
}

// newField sets up the field's size over time (MODEL.md §1).
func newField(p *Params) world {
	fte := min(p.FTE, p.Cap) // the field cannot start above its ceiling
	w := world{p: p, lnN0: fastmath.Log(fte), capped: !math.IsInf(p.Cap, 1),
		g0: math.Log1p(p.Growth), g1: math.Log1p(p.LeverGrow)}
	if w.capped {
		w.lnK = fastmath.Log(p.Cap)
		w.k1 = p.Cap/fte - 1
		w.lnK1 = fastmath.Log(w.k1)
	}
	if !math.IsInf(p.LeverStart, 1) {
		w.gStart = w.leverAnti(p.Start)
	}
	return w
}

// newWorld sets up the research rate (MODEL.md §1-§3): the field, research
// input and AI help, with the trusted shares of help that is real and that
// is counted where sabotage has struck.
func newWorld(p *Params, ps []pause, o *Outcome) world {
	w := newField(p)
	w.lnMNow, w.lnMAGI, w.lnMMax = fastmath.Log(p.AINow), fastmath.Log(p.AIAtAGI), fastmath.Log(p.AIMax)
	w.aiPost = math.Log1p(p.AIGrowth)
	w.lnHandover = fastmath.Log(p.Handover)
	w.ps = ps
	w.postASI = o.ASI <= p.Start
	waste, false_ := 0.0, 0.0
	if p.USabotage < p.Sabotage {
		o.Sabotaged = true
		waste, false_ = p.Waste, min(p.False, 1-p.Waste)
	}
	w.tau = p.Trust * (1 - waste - false_) // help that is real
	w.tauSeen = p.Trust * (1 - waste)      // help that is counted
	w.seen = o.Sabotaged && false_ > 0
	w.lnRef = w.lnN0
	if p.RefFTE > 0 {
		w.lnRef = fastmath.Log(p.RefFTE)
	}
	if p.AGI > p.Start {
		w.aiSlope = (w.lnMAGI - w.lnMNow) / (p.AGI - p.Start)
	} else {
		w.lnMNow = w.lnMAGI // AGI at the start
	}
	w.lnNorm = w.lnHelp(p.Start, w.tau)
	return w
}

// snap is the state of the work at an arrival, for the shares done by the
// deadlines.
type snap struct {
	m, p   float64
	closed bool // (2) answered
	seen   bool
}

// race is the work of a world as it goes (MODEL.md §4): the main road to
// safe_to_help, Rm, passing no_takeover at a share of it, and (2)'s
// technical path, Rp, with what has been done on each.
type race struct {
	p *Params
	o *Outcome
	w *world

	R, Rm, Rp float64
	M, P      float64 // work done on the main road and on (2)
	Mseen     float64 // main work as counted: real work plus false assurance

	t                   float64
	mainOpen, powerOpen bool
	finished            bool
	atAGI, atASI        snap

	tight float64 // the panels' tolerances are relTol and absTol times this
	errE  float64 // the panels' estimates of their errors, summed
	loose bool    // a crossing's year may be off by more than yearTol
}

// newRace sets the work: R from E0, f0 and the error bars, or given; what
// was spent before the start went to both roads in proportion.
func newRace(p *Params, o *Outcome, w *world) race {
	r := race{p: p, o: o, w: w, t: p.Start, mainOpen: true, powerOpen: true, tight: 1}
	E0 := EffortSoFar(p)
	R := p.Total
	if R == 0 {
		R = math.Inf(1) // nothing spent says nothing of the total
		if E0 > 0 {
			R = p.Error * E0 / p.DoneSoFar
		}
	}
	o.R, o.E0, r.R = R, E0, R
	r.Rp = p.PowerWork * R
	r.Rm = R - r.Rp
	if math.IsInf(R, 1) {
		r.Rp, r.Rm = math.Inf(1), math.Inf(1)
	}
	r.M, r.P = E0*(1-p.PowerWork), E0*p.PowerWork
	r.Mseen = r.M
	return r
}

// settle marks what the work done so far has reached at year r.t, and
// reports whether the world is finished.
func (r *race) settle() bool {
	p, o, th := r.p, r.o, &r.o.Thresholds
	if math.IsInf(th[NoTakeover].Year, 1) && r.M >= p.NoTakeover*r.Rm*(1-1e-12) {
		th[NoTakeover].Year = r.t
	}
	for i, m := range p.Milestones {
		if math.IsInf(o.Milestones[i].Year, 1) && r.M >= m.Fraction*r.Rm*(1-1e-12) {
			o.Milestones[i].Year = r.t
		}
	}
	if r.w.seen && math.IsInf(o.Believed, 1) && r.Mseen >= r.Rm*(1-1e-12) {
		o.Believed = r.t
	}
	if r.mainOpen && r.M >= r.Rm*(1-1e-12) {
		r.mainOpen, r.M = false, r.Rm
		th[SafeToHelp].Year = r.t
		if !r.w.seen {
			o.Believed = r.t
		}
		if !r.w.handed {
			r.w.handed, r.w.cHand = true, capTime(r.t, r.w.ps)
		}
	}
	if r.powerOpen && r.P >= r.Rp*(1-1e-12) {
		r.powerOpen, r.P = false, r.Rp
		th[NoPowerGrab].Year = r.t
	}
	return !r.mainOpen && !r.powerOpen
}

// shares is how the field's effort divides between the two roads.
func (r *race) shares() (am, ap float64) {
	switch {
	case r.mainOpen && r.powerOpen:
		return 1 - r.p.PowerEffort, r.p.PowerEffort
	case r.mainOpen:
		return 1, 0
	}
	return 0, 1
}

// ahead is the effort until the next threshold or milestone, given the shares.
func (r *race) ahead(am, ap float64) float64 {
	p, o := r.p, r.o
	e := math.Inf(1)
	if am > 0 {
		if math.IsInf(o.Thresholds[NoTakeover].Year, 1) {
			e = min(e, (p.NoTakeover*r.Rm-r.M)/am)
		}
		for i, m := range p.Milestones {
			if math.IsInf(o.Milestones[i].Year, 1) {
				e = min(e, (m.Fraction*r.Rm-r.M)/am)
			}
		}
		if r.mainOpen {
			e = min(e, (r.Rm-r.M)/am)
		}
	}
	if ap > 0 && r.powerOpen {
		e = min(e, (r.Rp-r.P)/ap)
	}
	return max(e, 0)
}

// arrive handles what happens on reaching year r.t: ASI (the rate jumps
// where trust falls), the legal or social answer to (2), and the state at
// each arrival. It reports whether the rate jumped.
func (r *race) arrive() bool {
	p, o, w := r.p, r.o, r.w
	jump := false
	if !w.postASI && r.t >= o.ASI {
		w.postASI, jump = true, !w.handed && p.AfterASI != 1
	}
	if r.powerOpen && r.t >= p.Governance {
		r.powerOpen, o.Governed = false, true
		o.Thresholds[NoPowerGrab].Year = r.t
		r.finished = !r.mainOpen
	}
	if !r.atAGI.seen && r.t >= o.AGI {
		r.atAGI = snap{r.M, r.P, !r.powerOpen, true}
	}
	if !r.atASI.seen && r.t >= o.ASI {
		r.atASI = snap{r.M, r.P, !r.powerOpen, true}
	}
	return jump
}

// judge settles the outcome at the cut-off (MODEL.md §7): done, the shares
// done at the deadline, each threshold and milestone, and the class.
func (r *race) judge() {
	p, o := r.p, r.o
	// An arrival not reached: the world finished first, or never ran.
	final := snap{r.M, r.P, !r.powerOpen, true}
	if !r.atAGI.seen {
		r.atAGI = final
	}
	if !r.atASI.seen {
		r.atASI = final
	}
	dl := r.atASI
	if p.DeadlineAt == AtAGI {
		dl = r.atAGI
	}
	o.FracAtDL = frac(dl.m, r.Rm)
	o.Thresholds[NoTakeover].Frac = frac(dl.m, p.NoTakeover*r.Rm)
	o.Thresholds[NoPowerGrab].Frac = frac(dl.p, r.Rp)
	if dl.closed {
		o.Thresholds[NoPowerGrab].Frac = 1
	}
	o.Thresholds[SafeToHelp].Frac = o.FracAtDL

	if !r.powerOpen && !r.mainOpen {
		o.Done = max(o.Thresholds[SafeToHelp].Year, o.Thresholds[NoPowerGrab].Year)
	}
	if o.Done > o.End {
		o.Done = math.Inf(1)
	}
	for i := range o.Thresholds {
		judge(&o.Thresholds[i], o.Cutoff, o.End)
	}
	for i := range o.NMilestones {
		mo := &o.Milestones[i]
		at := r.atASI
		if p.Milestones[i].Deadline == AtAGI {
			at = r.atAGI
		}
		mo.Frac = frac(at.m, p.Milestones[i].Fraction*r.Rm)
		judge(mo, min(mo.Deadline, p.Horizon), o.End)
	}
	o.OnTrack = o.Done <= o.Cutoff
	o.Lead = lead(o.Deadline, o.Done, o.End)
	o.LeadCensored = math.IsInf(o.Done, 1)
	o.FalseAssurance = o.Believed <= o.Cutoff && !o.Thresholds[SafeToHelp].OnTrack
	switch {
	case o.OnTrack:
		o.Class = ClassOnTrack
	case !o.Thresholds[NoTakeover].OnTrack:
		o.Class = ClassLateTakeover
	case !o.Thresholds[NoPowerGrab].OnTrack:
		o.Class = ClassLatePower
	default:
		o.Class = ClassLateSafe
	}
}

func judge(mo *MilestoneOutcome, cutoff, end float64) {
	mo.OnTrack = mo.Year <= cutoff
	mo.Lead = lead(mo.Deadline, mo.Year, end)
}

func frac(a, tgt float64) float64 {
	if math.IsInf(tgt, 1) {
		return 0
	}
	if tgt <= 0 {
		return 1
	}
	return min(a/tgt, 1)
}

func lead(deadline, year, end float64) float64 {
	if math.IsInf(year, 1) {
		return deadline - end
	}
	return deadline - year
}
