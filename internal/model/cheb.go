package model

import (
	"math"

	"ontrack/internal/fastmath"
)

// Panels: the rate sampled at Chebyshev points of a stretch of time, its
// integral by Clenshaw-Curtis with an error estimate, and the year its
// integral reaches a given effort. The exact engine (exact.go) uses them
// where the rate has no closed form.

const chebN = 16 // most intervals of a panel: chebN+1 Chebyshev points

// chebRule holds a rule of n+1 Chebyshev points on [-1, 1] in folded
// form: since the points are symmetric about 0 and T_k(-x) = (-1)^k T_k(x),
// the Clenshaw-Curtis weights and the even Chebyshev coefficients need only
// the sums of mirrored values and the odd coefficients only their
// differences (folded), half the products. The rules for n = 8 and 16 are
// nested: the finer adds the midpoints (in angle) of the coarser, so a
// panel refines without evaluating the rate again where it has. (A 5-point
// rule first was kept by under 5% of panels and cost an error estimate in
// every one.) The arrays have the finest rule's sizes, zero beyond a
// coarser rule's, so that the sums run over fixed lengths the compiler
// checks once.
type chebRule struct {
	n  int
	w  [chebH + 1]float64            // w[j]: weight of the sum S[j]
	ev [chebH + 1][chebH + 1]float64 // ev[i][j]: weight of S[j] in coefficient 2i
	od [chebH][chebH]float64         // od[i][j]: weight of D[j] in coefficient 2i+1
	// est holds the rows of the last four coefficients, n, n-1, n-2 and
	// n-3, which estimate the error: of S, D, S and D.
	est [4][chebH + 1]float64
}

const chebH = chebN / 2

// chebX are the points of the finest rule; rule n uses every (16/n)th.
var chebX = func() (x [chebN + 1]float64) {
	for j := range x {
		x[j] = -math.Cos(math.Pi * float64(j) / chebN)
	}
	return x
}()

var chebRules = [2]chebRule{newChebRule(8), newChebRule(16)}

func newChebRule(n int) chebRule {
	c := chebRule{n: n}
	fn := float64(n)
	// coef[k][j] is the weight of value j in Chebyshev coefficient k.
	coef := make([][]float64, n+1)
	for k := range n + 1 {
		coef[k] = make([]float64, n+1)
		sign := 1.0
		if k%2 == 1 {
			sign = -1
		}
		for j := range n + 1 {
			v := 2 / fn * sign * math.Cos(math.Pi*float64(j*k)/fn)
			if j == 0 || j == n {
				v /= 2
			}
			if k == 0 || k == n {
				v /= 2
			}
			coef[k][j] = v
		}
	}
	// Fold: value j and its mirror n-j have the same weight in an even
	// coefficient and opposite weights in an odd one.
	for k := range n + 1 {
		for j := range n/2 + 1 {
			if k%2 == 0 {
				c.ev[k/2][j] = coef[k][j]
			} else if j < n/2 {
				c.od[k/2][j] = coef[k][j]
			}
		}
	}
	for j := range n/2 + 1 {
		for k := 0; k <= n; k += 2 {
			c.w[j] += coef[k][j] * 2 / (1 - float64(k*k))
		}
	}
	h := n / 2
	c.est[0], c.est[2] = c.ev[h], c.ev[h-1]
	copy(c.est[1][:], c.od[h-1][:])
	copy(c.est[3][:], c.od[h-2][:])
	return c
}

// panel is the rate sampled at Chebyshev points of [a, a+h]: f[j] at
// chebX[j], of which the rule in use has filled every (16/n)th.
type panel struct {
	a, h float64
	rule *chebRule
	f    [chebN + 1]float64

	ready bool               // c and b hold the series of f
	c     [chebN + 2]float64 // Chebyshev coefficients of the interpolant; c[n+1] = 0
	b     [chebN + 2]float64 // and of its antiderivative from the panel's start, in years
	d     [chebN + 2]float64 // and of its derivative in x; d[n] = d[n+1] = 0
}

// folded returns the sums and differences of the values the panel's rule
// uses, mirrored about its middle: S[j] = v[j] + v[n-j] and
// D[j] = v[j] - v[n-j] for j < n/2, and S[n/2] = v[n/2]; zero beyond.
func (pn *panel) folded() (S [chebH + 1]float64, D [chebH]float64) {
	f := &pn.f
	if pn.rule.n == chebN {
		for j := range chebH {
			a, b := f[j], f[chebN-j]
			S[j], D[j] = a+b, a-b
		}
	} else { // every other point
		for j := range chebH / 2 {
			a, b := f[2*j], f[chebN-2*j]
			S[j], D[j] = a+b, a-b
		}
	}
	S[pn.rule.n/2] = f[chebH]
	return S, D
}

// dotS and dotD are the sums of products of a row with the sums S and the
// differences D, in three chains that the processor runs side by side.
func dotS(r, v *[chebH + 1]float64) float64 {
	return (r[0]*v[0] + r[3]*v[3] + r[6]*v[6]) + (r[1]*v[1] + r[4]*v[4] + r[7]*v[7]) +
		(r[2]*v[2] + r[5]*v[5] + r[8]*v[8])
}

func dotD(r, v *[chebH]float64) float64 {
	return (r[0]*v[0] + r[3]*v[3] + r[6]*v[6]) + (r[1]*v[1] + r[4]*v[4] + r[7]*v[7]) +
		(r[2]*v[2] + r[5]*v[5])
}

// integral is the panel's effort by Clenshaw-Curtis, and its error: the
// last two Chebyshev coefficients, times the rate at which the
// coefficients fall from the two before (an estimate of the next ones,
// which is what the rule leaves out; taking pairs keeps a coefficient that
// symmetry sets near zero from posing as convergence).
func (pn *panel) integral() (sum, err float64) {
	r := pn.rule
	S, D := pn.folded()
	e := &r.est
	var cn, cn1, cn2, cn3 float64 // coefficients n, n-1, n-2, n-3
	for j := range chebH {
		s, d := S[j], D[j]
		sum += r.w[j] * s
		cn += e[0][j] * s
		cn1 += e[1][j] * d
		cn2 += e[2][j] * s
		cn3 += e[3][j] * d
	}
	s := S[chebH]
	sum += r.w[chebH] * s
	cn += e[0][chebH] * s
	cn2 += e[2][chebH] * s
	last := math.Abs(cn) + math.Abs(cn1)
	before := math.Abs(cn2) + math.Abs(cn3)
	fall := 1.0
	if last < before {
		fall = math.Sqrt(last / before)
	}
	return sum * pn.h / 2, last * fall * pn.h
}

// series sets the Chebyshev coefficients of the rate's interpolant and of
// its antiderivative from the panel's start, in units of years; the first
// rule.n+1 and rule.n+2 of each are used.
func (pn *panel) series() {
	if pn.ready {
		return
	}
	pn.ready = true
	r := pn.rule
	n := r.n
	S, D := pn.folded()
	c, b := &pn.c, &pn.b
	for i := range n/2 + 1 {
		c[2*i] = dotS(&r.ev[i], &S)
	}
	for i := range n / 2 {
		c[2*i+1] = dotD(&r.od[i], &D)
	}
	c[n+1] = 0
	// The antiderivative: b[k] = (c[k-1] - c[k+1]) / (2k), b[1] with 2 c[0],
	// and b[0] such that it is 0 at the start (T_k(-1) = (-1)^k), all times
	// h/2 for years.
	hs := pn.h / 2
	b[1] = (c[0] - c[2]/2) * hs
	for k := 2; k <= n; k++ {
		b[k] = (c[k-1] - c[k+1]) * (hs * inv2k[k])
	}
	b[n+1] = c[n] * (hs * inv2k[n+1])
	var odd, even float64
	for k := 1; k <= n+1; k += 2 {
		odd += b[k]
	}
	for k := 2; k <= n+1; k += 2 {
		even += b[k]
	}
	b[0] = odd - even
	// The derivative, from the top: d[k-1] = d[k+1] + 2k c[k], d[0] halved.
	d := &pn.d
	d[n], d[n+1] = 0, 0
	for k := n; k >= 1; k-- {
		d[k-1] = d[k+1] + float64(2*k)*c[k]
	}
	d[0] /= 2
}

// inv2k[k] is 1/(2k).
var inv2k = func() (v [chebN + 2]float64) {
	for k := 1; k < len(v); k++ {
		v[k] = 1 / float64(2*k)
	}
	return v
}()

// clenshaw sums a Chebyshev series at x in [-1, 1].
func clenshaw(a []float64, x float64) float64 {
	var b1, b2 float64
	for k := len(a) - 1; k >= 1; k-- {
		b1, b2 = 2*x*b1-b2+a[k], b1
	}
	return x*b1 - b2 + a[0]
}

// upTo is the panel's effort over its first s years.
func (pn *panel) upTo(s float64) float64 {
	pn.series()
	return clenshaw(pn.b[:pn.rule.n+2], 2*s/pn.h-1)
}

// solve returns the s in [0, h] at which the panel's effort reaches e,
// 0 <= e <= its integral, and the rate there: Halley's method on the
// antiderivative of the interpolant (it converges as the cube: a step of
// 1e-5 of half the panel leaves an error near 1e-15), kept inside a
// bracket by bisection.
func (pn *panel) solve(e float64) (s, rate float64) {
	pn.series()
	n := pn.rule.n
	bs, cs, ds := pn.b[:n+2], pn.c[:n+2], pn.d[:n+2]
	lo, hi := -1.0, 1.0
	hs := pn.h / 2
	// A first guess from the rate taken as exponential between the ends.
	s = hs
	if fa, fb := pn.f[0], pn.f[chebN]; fa > 0 && fb > 0 {
		x := fastmath.Log(fb/fa) / pn.h * e / fa
		s = pn.h
		if x > -1 {
			s = e / fa
			if math.Abs(x) >= 1e-5 {
				s *= fastmath.Log(1+x) / x
			}
		}
	}
	x := min(max(s/hs-1, lo), hi)
	last := hi - lo
	for range 120 {
		F, f, df := clenshaw3(bs, cs, ds, x)
		g := F - e
		rate = f
		if g == 0 {
			break
		}
		// F's first and second derivatives in x are f and df times hs.
		nx, ok := halley(x, g, f*hs, df*hs, &lo, &hi, &last)
		done := ok && math.Abs(nx-x) <= 1e-5 || hi-lo <= 1e-15
		x = nx
		if done {
			break
		}
	}
	return min(max((x+1)*hs, 0), pn.h), rate
}

// halley takes one step toward a root of G from x, where G is g, its
// first derivative d1 and its second d2, and the root lies in [lo, hi],
// which it narrows by g's sign. It takes Halley's step where that stays
// inside the bracket and is at most half the last step, which it keeps in
// last (start it at hi - lo), and bisects otherwise, so that it never
// does worse than bisection (far from the root of a steep exponential,
// Halley's steps stay short and would take hundreds to get there). A step
// below x's rounding leaves x, the closest it gets. ok says it was
// Halley's.
func halley(x, g, d1, d2 float64, lo, hi, last *float64) (nx float64, ok bool) {
	if g > 0 {
		*hi = x
	} else {
		*lo = x
	}
	step := g / d1
	if den := d1 - g*d2/(2*d1); den > 0 {
		step = g / den
	}
	nx = x - step
	if nx == x && d1 > 0 {
		return x, true
	}
	if d1 > 0 && nx > *lo && nx < *hi && 2*math.Abs(step) <= *last {
		*last = math.Abs(step)
		return nx, true
	}
	*last = (*hi - *lo) / 2
	return *lo + *last, false
}

// root16 is q^(1/16), the factor by which a panel's length changes the
// error of the finest rule (for an entire rate, as the 16th power).
func root16(q float64) float64 {
	return math.Sqrt(math.Sqrt(math.Sqrt(math.Sqrt(q))))
}

// clenshaw3 sums three Chebyshev series of the same length at x, side by
// side.
func clenshaw3(a, c, d []float64, x float64) (float64, float64, float64) {
	c, d = c[:len(a)], d[:len(a)]
	var a1, a2, c1, c2, d1, d2 float64
	x2 := 2 * x
	for k := len(a) - 1; k >= 1; k-- {
		a1, a2 = x2*a1-a2+a[k], a1
		c1, c2 = x2*c1-c2+c[k], c1
		d1, d2 = x2*d1-d2+d[k], d1
	}
	return x*a1 - a2 + a[0], x*c1 - c2 + c[0], x*d1 - d2 + d[0]
}
