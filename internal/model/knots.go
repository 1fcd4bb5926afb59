package model

import (
	"math"

	"ontrack/internal/fastmath"
)

// knots are the years where the rate has a kink or a jump: the lever,
// pauses, arrivals, in order, and with gov the legal or social answer to
// (2), which changes the shares of effort but not the rate (the exact
// engine takes it inside a span: consume).
func knots(p *Params, o *Outcome, ps []pause, gov bool, buf *[12]float64) []float64 {
	ev := buf[:0]
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
	if gov {
		add(p.Governance)
	}
	for i := 1; i < len(ev); i++ { // insertion sort: at most a dozen knots
		for j := i; j > 0 && ev[j] < ev[j-1]; j-- {
			ev[j], ev[j-1] = ev[j-1], ev[j]
		}
	}
	return ev
}

// runKnots integrates the research rate from knot to knot (MODEL.md §8),
// stopping at each crossing of a threshold, until the world is finished
// or ends. It is the engine sim.step > 0 asks for, and the reference the
// exact engine is tested against: between knots the rate is taken as
// exponential, which leaves a step error of second order.
func (r *race) runKnots() {
	if !r.begin() {
		return
	}
	p, o, w := r.p, r.o, r.w
	var kbuf [12]float64
	ev := knots(p, o, w.ps, true, &kbuf)
	la := w.lnRate(r.t, w.tau)
	ra := math.Exp(la)
	var laS, raS float64 // the counted rate, where sabotage inflates it
	if w.seen {
		laS = w.lnRate(r.t, w.tauSeen)
		raS = math.Exp(laS)
	}
	e := 0
	var cM, cP, cS float64 // what rounding has taken from M, P and Mseen (kahan)
	// Steps of sim.step, one per knot and a restart per crossing: at most
	// this many, a cap that rounding can never make it reach.
	budget := int(min((o.End-r.t)/p.Step, 1e9)) + 2*len(ev) + 4*(NThresholds+o.NMilestones) + 16
	for r.t < o.End && !r.finished && budget > 0 {
		budget--
		for e < len(ev) && ev[e] <= r.t {
			e++
		}
		tb := min(r.t+p.Step, o.End)
		if e < len(ev) && ev[e] < tb {
			tb = ev[e]
		}
		h := tb - r.t
		lb := w.lnRate(tb, w.tau)
		rb := math.Exp(lb)
		d := lb - la
		inc := integral(ra, rb, d, h)
		am, ap := r.shares()
		var lbS, rbS, dS, incS float64
		if w.seen {
			lbS = w.lnRate(tb, w.tauSeen)
			rbS = math.Exp(lbS)
			dS = lbS - laS
			incS = integral(raS, rbS, dS, h)
		}
		need := r.ahead(am, ap)
		cross := need <= inc
		s := h
		if cross {
			// A threshold is crossed inside the step: stop there, since the
			// shares or the rate may change, and start again.
			s, inc = crossing(ra, d, h, need), need
			if w.seen {
				incS = partial(raS, dS, h, s)
			}
		}
		if w.seen && math.IsInf(o.Believed, 1) && am > 0 && r.Mseen+am*incS >= r.Rm {
			o.Believed = r.t + crossing(raS, dS, h, (r.Rm-r.Mseen)/am)
		}
		r.M, cM = kahan(r.M, cM, am*inc)
		r.P, cP = kahan(r.P, cP, ap*inc)
		r.Mseen, cS = kahan(r.Mseen, cS, am*incS)
		if cross {
			r.t += s
			r.finished = r.settle()
		} else {
			r.t, la, ra, laS, raS = tb, lb, rb, lbS, rbS
		}
		if r.arrive() || cross {
			la = w.lnRate(r.t, w.tau)
			ra = math.Exp(la)
			if w.seen {
				laS = w.lnRate(r.t, w.tauSeen)
				raS = math.Exp(laS)
			}
		}
	}
}

// kahan adds v to the sum s, less c, what the sum's roundings have taken
// from it so far, and returns the new sum and c (Kahan's compensated sum).
// A plain sum of the same step's effort rounds the same way each time: over
// the million knots of 160 years at 1/16384 year that drifted by 3e-7
// person-years, a microyear at a rate of 0.4 a year. Adding nothing
// leaves the sum as it is: a road that settle has closed keeps the work it
// was set to.
func kahan(s, c, v float64) (float64, float64) {
	if v == 0 {
		return s, c
	}
	y := v - c
	t := s + y
	if math.IsInf(t, 0) {
		return t, 0
	}
	return t, (t - s) - y
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

// partial is the effort added over the first s of those h years.
func partial(ra, d, h, s float64) float64 {
	c := d / h
	if math.Abs(c*s) < 1e-5 {
		return ra * s * (1 + c*s/2 + c*c*s*s/6)
	}
	return ra * math.Expm1(c*s) / c
}

// log1pRel is ln(1 + x) / x, by its series near 0.
func log1pRel(x float64) float64 {
	if math.Abs(x) < 1e-5 {
		return 1 - x/2 + x*x/3
	}
	return fastmath.Log(1+x) / x
}

// crossing returns the time s in [0, h] at which that rate has added e:
// the root of ra (e^(c s) - 1) / c = e with c = d / h.
func crossing(ra, d, h, e float64) float64 {
	x := d / h * e / ra
	if x <= -1 {
		return h
	}
	s := e / ra * log1pRel(x)
	return min(max(s, 0), h)
}
