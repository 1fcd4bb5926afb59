package model

import (
	"math"

	"ontrack/internal/fastmath"
)

// The exact engine (MODEL.md §8). Between events (the lever and its ramp,
// pauses, AGI, ASI, the legal answer to (2), m reaching its ceiling, and
// the handover at safe_to_help) the research rate is analytic, and the
// engine integrates it from event to event:
//
//   - where the field has no ceiling and the lever is not ramping, the rate
//     is A e^(αs) + B e^(γs) (the field's power of N times the help's two
//     parts), whose integral is closed; the year a threshold is crossed is
//     the root of that closed form, by Newton's method kept inside a
//     bracket;
//   - elsewhere (the logistic ceiling, the ramp) the rate is interpolated on
//     panels at 9 or 17 nested Chebyshev points, integrated by
//     Clenshaw-Curtis, and a panel is kept only if its last Chebyshev
//     coefficients say its integral is good to relTol; a crossing is the
//     root of the interpolant's antiderivative, found the same way.
//
// A threshold crossed inside a panel or a closed-form stretch does not end
// it unless the rate changes there (only the handover does): the shares of
// effort change and the rest of the stretch is still good. So the year
// done carries no step error: what is left is relTol of the work in each
// panel, and rounding. TestExactMatchesKnots and TestExactToMicroyear
// check it against the knot integrator at fine steps.

// run integrates the world: exactly, or from knot to knot where sim.step
// asks for the reference integrator.
func (r *race) run() {
	if r.p.Step > 0 {
		r.runKnots()
		return
	}
	r.runExact()
}

const (
	// relTol is the error allowed in a panel's integral, relative to it.
	// A year's error is the error in the effort before it over the rate
	// there, a few years' worth of relTol where the rate has grown (where
	// it has collapsed, yearTol catches it): against the fine oracle
	// the years agree to 2.5e-8 over 1,000 worlds of each preset
	// (TestExactToMicroyear with ONTRACK_ORACLE=full), 40 times inside the
	// microyear it asks. At 1e-7 they were off by up to 4e-7 in 40.
	relTol = 1e-8
	// yearTol bounds the error in the year of a crossing that the panels'
	// own estimates allow: what they have left in the effort so far over
	// the rate there. Where the rate has collapsed (a field shrinking by
	// 99% a year), a few years' worth of relTol is many years' worth of
	// the rate at the crossing, and FuzzWorld found the year done 1.35e-6
	// years early. Such a world (0.3 to 0.9% of each preset's, whose years
	// the rerun moves by at most 3.4e-8: the estimates are cautious) is run
	// again with every tolerance tighter by tightTol.
	yearTol  = 1e-6
	tightTol = 1e-3
	// absTol is the error allowed in a panel, relative to the total work,
	// so that panels where the rate is negligible are not refined forever.
	absTol   = 1e-13
	minPanel = 1e-7 // years: a panel this short is kept whatever its error
	// maxPanels bounds a world's panels, as a guard: a world takes about
	// five, and a kink the events missed costs some 25 more.
	maxPanels = 100000
)

// rates returns the research rate at year t with the real share of AI
// help and, if both, with the share counted. It is exp(lnRate) without
// the logarithm of the help, which is the same where lnRate's clamp does
// not act.
func (w *world) rates(t float64, both bool) (r, counted float64) {
	lb := w.lnRef + w.p.Lambda*(w.lnN(t)-w.lnRef) - w.lnNorm
	if w.handed {
		lb += w.lnHandover
	}
	if math.Abs(lb) > 650 { // the help is at most 1e9: near the clamp
		r = fastmath.Exp(w.lnRate(t, w.tau))
		if both {
			counted = fastmath.Exp(w.lnRate(t, w.tauSeen))
		}
		return r, counted
	}
	base := fastmath.Exp(lb)
	if w.tauSeen <= 0 {
		return base, base
	}
	f, lm, _ := w.helpAt(t, 1, 0)
	m1 := fastmath.Exp(min(lm, w.lnMMax)) - 1
	return base * (1 + f*w.tau*m1), base * (1 + f*w.tauSeen*m1)
}

// expo is the rate A e^(αs) + B e^(γs), s years from a segment's start.
type expo struct{ A, al, B, ga float64 }

// expm1x is (e^x - 1)/x given ex = e^x: near 0 by its Taylor series to
// x^11 (the next term is below 1e-17 where it is used), elsewhere from ex,
// which loses at most a few units in the last place there.
func expm1x(x, ex float64) float64 {
	if !(math.Abs(x) < 0.25) {
		return (ex - 1) / x
	}
	const (
		c2  = 1.0 / 2
		c3  = c2 / 3
		c4  = c3 / 4
		c5  = c4 / 5
		c6  = c5 / 6
		c7  = c6 / 7
		c8  = c7 / 8
		c9  = c8 / 9
		c10 = c9 / 10
		c11 = c10 / 11
		c12 = c11 / 12
	)
	return 1 + x*(c2+x*(c3+x*(c4+x*(c5+x*(c6+x*(c7+x*(c8+x*(c9+x*(c10+x*(c11+x*c12))))))))))
}

// eval returns the effort over the first s years, the rate at s and the
// rate's slope there: two exponentials, in one call.
func (e *expo) eval(s float64) (F, f, df float64) {
	v := [2]float64{e.al * s, e.ga * s}
	x := v
	fastmath.Exps(v[:], v[:])
	F = s * (e.A*expm1x(x[0], v[0]) + e.B*expm1x(x[1], v[1]))
	return F, e.A*v[0] + e.B*v[1], e.A*e.al*v[0] + e.B*e.ga*v[1]
}

func (e *expo) integral(s float64) float64 {
	F, _, _ := e.eval(s)
	return F
}

// solve returns the s in [0, L] at which the effort reaches v, given that
// it does by L, and the rate there: Halley's method on the closed form,
// kept in a bracket.
func (e *expo) solve(v, L float64) (s, rate float64) {
	if e.B == 0 { // one exponential: the root is closed, and A e^(αs) = A + αv
		return min(max(v/e.A*log1pRel(e.al*v/e.A), 0), L), e.A + e.al*v
	}
	lo, hi := 0.0, L
	// First guess: the rate taken as exponential between the ends.
	_, rb, _ := e.eval(L)
	ra := e.A + e.B
	s = L / 2
	if ra > 0 && rb > 0 && !math.IsInf(rb, 1) {
		s = crossing(ra, fastmath.Log(rb/ra), L, v)
	}
	last := hi - lo
	for range 200 {
		F, f, df := e.eval(s)
		g := F - v
		rate = f
		if g == 0 {
			break
		}
		ns, ok := halley(s, g, f, df, &lo, &hi, &last)
		// Halley's method converges as the cube: after a step of 1e-5
		// years the error is near 1e-15 years.
		done := ok && math.Abs(ns-s) <= 1e-5 || hi-lo <= 1e-15*(1+hi)
		s = ns
		if done {
			break
		}
	}
	return min(max(s, 0), L), rate
}

// span is a stretch of a segment over which the effort is known as a
// function of time: a closed form or a panel.
type span struct {
	x  *expo
	pn *panel
	h  float64
}

// upTo is the effort over the span's first s years.
func (sp *span) upTo(s float64) float64 {
	if sp.x != nil {
		return sp.x.integral(s)
	}
	return sp.pn.upTo(s)
}

// solve returns when the effort over the span reaches v, which it does,
// and the rate then.
func (sp *span) solve(v float64) (s, rate float64) {
	if sp.x != nil {
		return sp.x.solve(v, sp.h)
	}
	return sp.pn.solve(v)
}

// walk is what a segment knows between spans: the shares of effort, the
// effort until the next threshold, and the counted effort until
// safe_to_help looks reached, while that is watched.
type walk struct {
	am, ap      float64
	need, needS float64
	watch       bool
}

// reset recomputes the walk at r.t, after a threshold was crossed.
func (r *race) reset(wk *walk) {
	wk.am, wk.ap = r.shares()
	wk.need = r.ahead(wk.am, wk.ap)
	wk.watch = r.w.seen && math.IsInf(r.o.Believed, 1) && wk.am > 0
	wk.needS = math.Inf(1)
	if wk.watch {
		wk.needS = max((r.Rm-r.Mseen)/wk.am, 0)
	}
}

// consume adds the effort of the span that starts at year a, inc in all
// and incS as counted, to the roads, stopping at each threshold crossed
// on the way to settle it. A crossing that leaves the rate as it was
// (every one but safe_to_help, which hands over) does not end the span:
// the rest of it is still good. Nor does the legal or social answer to
// (2), which closes the power road at thresholds.governance but leaves
// the rate as it was: the span stops there to take it and goes on. It
// reports whether the world must start a new segment at r.t: finished, or
// the rate changed.
func (r *race) consume(a float64, re, se *span, inc, incS float64, wk *walk) bool {
	o := r.o
	var F0, FS0 float64 // effort and counted effort so far in the span
	// Governance, where it falls inside the span with the power road open,
	// is a stop in time: the effort to it, and as counted, end a stretch
	// (it is found by time rather than effort, which may not move at all
	// where the rate is negligible).
	tg := r.p.Governance
	gov := r.powerOpen && tg > a && tg < a+re.h
	var gs, gsS float64
	if gov {
		gs = re.upTo(tg - a)
		if wk.watch {
			gsS = se.upTo(tg - a)
		}
	}
	for range 4*(NThresholds+MaxMilestones) + 8 {
		lim, limS := inc, incS // the effort to the next stop: the span's end or governance
		if gov {
			lim, limS = gs, gsS
		}
		if wk.need > lim-F0 {
			d, dS := max(lim-F0, 0), 0.0
			if wk.watch {
				dS = limS - FS0
				if dS >= wk.needS {
					s, rate := se.solve(FS0 + wk.needS)
					o.Believed = a + s
					r.check(rate)
					wk.watch = false
				}
				wk.needS -= dS
			}
			r.M += wk.am * d
			r.P += wk.ap * d
			r.Mseen += wk.am * dS
			wk.need -= d
			if !gov {
				return false
			}
			F0, FS0 = max(lim, F0), limS
			r.t = max(r.t, tg) // a crossing just before it may have rounded past it
			gov = false
			r.arrive()
			if r.finished {
				return true
			}
			watch := wk.watch
			r.reset(wk)
			wk.watch = wk.watch && watch // the counted effort is followed only from the span's start
			continue
		}
		s, rate := re.solve(F0 + wk.need)
		r.check(rate)
		dS := 0.0
		if wk.watch {
			dS = se.upTo(s) - FS0
			if dS >= wk.needS {
				sb, rate := se.solve(FS0 + wk.needS)
				o.Believed = a + sb
				r.check(rate)
			}
		}
		r.M += wk.am * wk.need
		r.P += wk.ap * wk.need
		r.Mseen += wk.am * dS
		F0, FS0 = F0+wk.need, FS0+dS
		r.t = a + s
		handed := r.w.handed
		r.finished = r.settle()
		if r.finished || r.w.handed != handed {
			return true
		}
		r.reset(wk)
	}
	return true // a threshold crossed again and again: start afresh
}

// check marks the world loose where the errors the panels estimate they
// have left in the effort so far, over the rate at a crossing, could move
// its year by more than yearTol.
func (r *race) check(rate float64) {
	if r.errE > yearTol*rate {
		r.loose = true
	}
}

// capRate is how fast the capability clock moves at year t: 0 inside a
// pause, else 1.
func capRate(t float64, ps []pause) float64 {
	for _, q := range ps {
		if t > q.s && t < q.s+q.l {
			return 0
		}
	}
	return 1
}

// closed returns the rate over the segment [a, b] as an expo, where it is
// one: a field without a ceiling, not inside the lever's ramp, and a rate
// far from the clamp of lnRate.
func (w *world) closed(a, b, tau float64) (expo, bool) {
	p := w.p
	if w.capped {
		return expo{}, false
	}
	m := (a + b) / 2
	g := w.g0
	if !math.IsInf(p.LeverStart, 1) && m > p.LeverStart {
		if m < p.LeverStart+p.LeverRamp {
			return expo{}, false
		}
		g = w.g1
	}
	lb := w.lnRef + p.Lambda*(w.lnN0+w.cumGrowth(a)-w.lnRef) - w.lnNorm
	if w.handed {
		lb += w.lnHandover
	}
	al := p.Lambda * g
	if math.Abs(lb) > 600 || math.Abs(lb+al*(b-a)) > 600 {
		return expo{}, false
	}
	base := fastmath.Exp(lb)
	if tau <= 0 {
		return expo{A: base, al: al}, true
	}
	te, lm, dlm := w.helpAt(m, tau, capRate(m, w.ps))
	if lm >= w.lnMMax {
		lm, dlm = w.lnMMax, 0
	}
	lma := lm - dlm*(m-a)
	if math.Abs(lb+lma) > 600 || math.Abs(lb+lma+(al+dlm)*(b-a)) > 600 {
		return expo{}, false
	}
	return expo{A: base * (1 - te), al: al, B: base * te * fastmath.Exp(lma), ga: al + dlm}, true
}

// logistic is the rate under a ceiling over a segment where the field's
// log growth rate g is constant and ln m is linear in time. With
// x = k1 e^(-G), N^λ = K^λ (1 + x)^(-λ); x and m are exponentials in time,
// so the two points of a panel placed symmetrically about its middle need
// one exp each for both, and a point costs one log and one exp.
type logistic struct {
	c       float64 // ln of the rate's constant factor
	lam     float64
	g, dlm  float64 // ln x falls at g, ln m rises at dlm, a year
	te, teS float64 // shares of the help trusted, real and counted
}

// logistic returns the segment [a, b]'s logistic, ln x and m at a, where
// the rate has that form. ln x, not x: x underflows to 0 where the field
// has long sat at its ceiling, and where it then shrinks, x grows from
// there again.
func (w *world) logistic(a, b float64) (l logistic, lnx, m float64, ok bool) {
	p := w.p
	if !w.capped {
		return l, 0, 0, false
	}
	mid := (a + b) / 2
	l.g = w.g0
	if !math.IsInf(p.LeverStart, 1) && mid > p.LeverStart {
		if mid < p.LeverStart+p.LeverRamp {
			return l, 0, 0, false
		}
		l.g = w.g1
	}
	l.lam = p.Lambda
	l.c = w.lnRef*(1-p.Lambda) + p.Lambda*w.lnK - w.lnNorm
	if w.handed {
		l.c += w.lnHandover
	}
	lnx, m = w.lnK1-w.cumGrowth(a), 1
	if w.tauSeen > 0 {
		f, lm, dlm := w.helpAt(mid, 1, capRate(mid, w.ps))
		if lm >= w.lnMMax {
			lm, dlm = w.lnMMax, 0
		}
		l.te, l.teS, l.dlm = f*w.tau, f*w.tauSeen, dlm
		m = fastmath.Exp(lm - dlm*(mid-a))
	}
	return l, lnx, m, true
}

// sampler evaluates the rate at a panel's Chebyshev points.
type sampler struct {
	w                  *world
	lg                 *logistic
	fast               bool // the rate is lg's
	known              bool // the rates at the panel's start are in place
	watch              bool // the counted rate is wanted too
	a, h               float64
	xa, ma, xEnd, mEnd float64 // x and m at the panel's ends, where fast
}

// newPoints are the points of the panel's first half, middle included,
// that each rule adds to the coarser ones; each has its mirror image
// chebN - j.
var newPoints = [len(chebRules)][]int{{0, 2, 4, 6, 8}, {1, 3, 5, 7}}

// fill sets the rates, real and counted, at the points rule lv adds.
// Under a ceiling it works in passes, each one call for all the points
// (the exponentials for x and m, the logarithms, the exponentials for the
// rates), so that the processor overlaps their work rather than waiting
// out each one's latency and call.
func (sm *sampler) fill(pr, ps *panel, lv int) {
	if !sm.fast {
		for _, j := range newPoints[lv] {
			if jj := chebN - j; jj != j {
				pr.f[jj], ps.f[jj] = sm.w.rates(sm.at(jj), sm.watch)
			}
			if !(j == 0 && sm.known) {
				pr.f[j], ps.f[j] = sm.w.rates(sm.at(j), sm.watch)
			}
		}
		return
	}
	const most = chebN/2 + 2 // points a rule adds, with their mirror images
	lg := sm.lg
	pts := newPoints[lv]
	// u = e^(-g s) and v = e^(dlm s) at each point s of the first half
	// (but 0): x and m there, and, divided into their values at the end,
	// at its mirror image.
	var e [most]float64
	moving := lg.dlm != 0 // m moves: before AGI, or handed over
	nu := 0
	for _, j := range pts {
		if j > 0 {
			nu++
		}
	}
	q := 0
	for _, j := range pts {
		if j > 0 {
			sj := sm.h * (chebX[j] + 1) / 2
			e[q] = -lg.g * sj
			if moving {
				e[nu+q] = lg.dlm * sj
			}
			q++
		}
	}
	if moving {
		fastmath.Exps(e[:2*nu], e[:2*nu])
	} else {
		fastmath.Exps(e[:nu], e[:nu])
	}
	var idx [most]int
	var y, m, ln [most]float64 // 1 + x, m, ln(1 + x)
	k := 0
	q = 0
	for _, j := range pts {
		u, v := 1.0, 1.0
		if j > 0 {
			u = e[q]
			if moving {
				v = e[nu+q]
			}
			q++
		}
		if !(j == 0 && sm.known) {
			idx[k], y[k], m[k] = j, 1+sm.xa*u, sm.ma*v
			k++
		}
		if jj := chebN - j; jj != j {
			idx[k], y[k], m[k] = jj, 1+sm.xEnd/u, sm.mEnd/v
			k++
		}
	}
	fastmath.Logs(ln[:k], y[:k])
	lb := ln // ln's room, now the logarithm of the rate without the help
	for i := range k {
		lb[i] = lg.c - lg.lam*ln[i]
	}
	base := y // y's room, now e^lb
	fastmath.Exps(base[:k], lb[:k])
	for i := range k {
		j := idx[i]
		if !(math.Abs(lb[i]) <= 650) { // near lnRate's clamp: ask it
			pr.f[j], ps.f[j] = sm.w.rates(sm.at(j), sm.watch)
			continue
		}
		pr.f[j] = base[i] * (1 + lg.te*(m[i]-1))
		if sm.watch {
			ps.f[j] = base[i] * (1 + lg.teS*(m[i]-1))
		}
	}
}

// at is the year of the panel's point j.
func (sm *sampler) at(j int) float64 { return sm.a + sm.h*(chebX[j]+1)/2 }

// kink is the first year after t at which m meets its ceiling, where the
// help has a kink; +Inf if none. Before AGI, ln m is linear in the
// capability clock, so it meets the ceiling's at one capability time,
// from below or, where m falls toward AGI, from above; that time may lie
// before the start, where a pause that began before the start has held
// the clock back. What counts is when the clock reaches it, in real time.
func (w *world) kink(t float64) float64 {
	p := w.p
	k := math.Inf(1)
	if w.tauSeen <= 0 {
		return k
	}
	if w.aiSlope != 0 {
		if c := p.Start + (w.lnMMax-w.lnMNow)/w.aiSlope; c < p.AGI {
			if rt := realTime(c, w.ps); rt > t {
				k = rt
			}
		}
	}
	if w.handed && w.aiPost > 0 && w.lnMMax > w.lnMAGI {
		c := max(p.AGI, w.cHand) + (w.lnMMax-w.lnMAGI)/w.aiPost
		if rt := realTime(c, w.ps); rt > t {
			k = min(k, rt)
		}
	}
	return k
}

// begin settles what the world holds at its start and says whether there
// is a race left to integrate: not when it is already finished, when the
// work is endless, or when there is no field.
func (r *race) begin() bool {
	r.finished = r.settle()
	r.arrive()
	return !r.finished && !math.IsInf(r.R, 1) && !math.IsInf(r.w.lnN0, -1)
}

// runExact integrates the research rate from event to event (MODEL.md §8)
// until the world is finished or ends.
func (r *race) runExact() {
	if !r.begin() {
		return
	}
	p, o, w := r.p, r.o, r.w
	var kbuf [12]float64
	ev := knots(p, o, w.ps, false, &kbuf)
	e := 0
	h := 8.0 // years: the first panel's length, then what the last one suggests
	budget := maxPanels
	for r.t < o.End && !r.finished && budget > 0 {
		for e < len(ev) && ev[e] <= r.t {
			e++
		}
		tb := min(o.End, w.kink(r.t))
		if e < len(ev) {
			tb = min(tb, ev[e])
		}
		r.segment(tb, &h, &budget)
		r.arrive()
	}
}

// segment integrates from r.t to tb, a stretch over which the rate is
// analytic, or until a threshold crossed before it changes the rate or
// finishes the world; it leaves r.t where it stopped.
func (r *race) segment(tb float64, h *float64, budget *int) {
	w := r.w
	var wk walk
	r.reset(&wk)
	a := r.t
	if xr, ok := w.closed(a, tb, w.tau); ok {
		*budget--
		xs := xr
		if wk.watch {
			xs, ok = w.closed(a, tb, w.tauSeen)
		}
		if ok {
			L := tb - a
			re, se := span{x: &xr, h: L}, span{x: &xs, h: L}
			incS := 0.0
			if wk.watch {
				incS = xs.integral(L)
			}
			if !r.consume(a, &re, &se, xr.integral(L), incS, &wk) {
				r.t = tb
			}
			return
		}
	}
	var pr, ps panel
	tol, atol := relTol*r.tight, absTol*r.tight*r.R
	known := false // the rates at a are known: the last panel ended there
	lg, lnx, ma, fast := w.logistic(a, tb)
	xa := fastmath.Exp(lnx)
	for a < tb && *budget > 0 {
		step := min(*h, tb-a)
		if rest := tb - a; rest > step && rest < 1.25*step {
			step = rest / 2 // no sliver at the end
		}
		pr.a, pr.h, ps.a, ps.h = a, step, a, step
		var inc, incS, q, e float64 // e: the estimated error in inc (or incS)
		var xEnd, mEnd float64      // x and m at the panel's end
		if fast {
			xEnd, mEnd = fastmath.Exp(lnx-lg.g*step), ma*fastmath.Exp(lg.dlm*step)
		}
		// Each half of the panel takes x from its own end: where x
		// underflows there, it is below e^-145 at the middle, unless x
		// moves by more than e^600 over half a panel, where the points
		// are taken one by one.
		sm := sampler{w: w, lg: &lg, fast: fast && math.Abs(lg.g*step) <= 1200, known: known, watch: wk.watch,
			a: a, h: step, xa: xa, ma: ma, xEnd: xEnd, mEnd: mEnd}
		lv := 0
		for ; lv < len(chebRules); lv++ {
			*budget--
			rule := &chebRules[lv]
			sm.fill(&pr, &ps, lv)
			pr.rule, ps.rule = rule, rule
			inc, e = pr.integral()
			q = e / (tol*inc + atol)
			if wk.watch {
				var errS float64
				incS, errS = ps.integral()
				q = max(q, errS/(tol*incS+atol))
				e = max(e, errS)
			}
			if q <= 1 || step <= minPanel {
				break
			}
		}
		known = true // a is where this panel starts, accepted or not
		if lv == len(chebRules) {
			*h = step * max(0.2, 0.9/root16(q))
			continue
		}
		// Aim for panels that the finest rule just accepts: they cost
		// the fewest evaluations a year.
		*h = step * 4
		if lv == len(chebRules)-1 && q > 0 {
			*h = step * min(4, 0.9/root16(q))
		}
		r.errE += e
		pr.ready, ps.ready = false, false
		re, se := span{pn: &pr, h: step}, span{pn: &ps, h: step}
		if r.consume(a, &re, &se, inc, incS, &wk) {
			return
		}
		a += step
		r.t = a
		xa, ma, lnx = xEnd, mEnd, lnx-lg.g*step
		pr.f[0], ps.f[0] = pr.f[chebN], ps.f[chebN]
	}
}
