package model

import "math"

// FTEYears is the field's FTE-years from the start to year T: the integral
// of N(t), which levers are costed by (MODEL.md §16). Where the log growth
// rate is constant it is in closed form; over the lever's ramp, where it
// moves linearly, Gauss-Legendre on pieces of at most a year is exact to
// about 1e-10 relative.
func FTEYears(p *Params, T float64) float64 {
	fte := math.Min(p.FTE, p.Cap)
	if !(T > p.Start) || fte <= 0 {
		return 0
	}
	w := newField(p)
	// Pieces on which the log growth rate is constant or linear.
	cuts := [4]float64{p.Start, p.LeverStart, p.LeverStart + p.LeverRamp, T}
	total := 0.0
	a := p.Start
	for i := 1; i < len(cuts) && a < T; i++ {
		b := math.Min(math.Max(cuts[i], a), T)
		if b <= a {
			continue
		}
		if i == 2 && p.LeverRamp > 0 { // inside the ramp
			total += w.rampFTEYears(a, b)
		} else {
			g := w.g0
			if i == 3 && !math.IsInf(p.LeverStart, 1) {
				g = w.g1
			}
			total += w.lineFTEYears(a, b, g)
		}
		a = b
	}
	return total
}

// lineFTEYears integrates N over [a, b] where the log growth rate is g.
func (w *world) lineFTEYears(a, b, g float64) float64 {
	ga := w.cumGrowth(a)
	dt := b - a
	if !w.capped {
		na := math.Exp(w.lnN0 + ga)
		if math.Abs(g*dt) < 1e-9 {
			return na * dt
		}
		return na * math.Expm1(g*dt) / g
	}
	// N = K e^G / (e^G + k1), G the cumulative growth since the start.
	if math.Abs(g*dt) < 1e-9 {
		return math.Exp(w.lnN(a)) * dt
	}
	lnK1 := math.Log(w.k1)
	return math.Exp(w.lnK) / g * (logAddExp(ga+g*dt, lnK1) - logAddExp(ga, lnK1))
}

// rampFTEYears integrates N over [a, b] by 4-point Gauss-Legendre on
// pieces of at most a year.
func (w *world) rampFTEYears(a, b float64) float64 {
	x := [4]float64{-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526}
	wt := [4]float64{0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538}
	n := int(math.Ceil(b - a))
	h := (b - a) / float64(n)
	total := 0.0
	for k := range n {
		mid := a + (float64(k)+0.5)*h
		for j := range x {
			total += wt[j] * math.Exp(w.lnN(mid+x[j]*h/2)) * h / 2
		}
	}
	return total
}

// logAddExp is ln(e^x + e^y) without overflow.
func logAddExp(x, y float64) float64 {
	if math.IsInf(y, -1) {
		return x
	}
	if x < y {
		x, y = y, x
	}
	return x + math.Log1p(math.Exp(y-x))
}
