package model

import "math"

// Panels: the rate sampled at Chebyshev points of a stretch of time, its
// integral by Clenshaw-Curtis with an error estimate, and the year its
// integral reaches a given effort. The exact engine (exact.go) uses them
// where the rate has no closed form.

const chebN = 16 // most intervals of a panel: chebN+1 Chebyshev points

// chebRule holds the n+1 Chebyshev points on [-1, 1], increasing, the
// Clenshaw-Curtis weights, and the matrix from values to Chebyshev
// coefficients. The rules for n = 4, 8 and 16 are nested: each adds the
// midpoints (in angle) of the one before, so a panel refines without
// evaluating the rate again where it has.
type chebRule struct {
	n    int
	w    [chebN + 1]float64
	coef [chebN + 1][chebN + 1]float64 // coef[k][j]: weight of value j in coefficient k
}

// chebX are the points of the finest rule; rule n uses every (16/n)th.
var chebX = func() (x [chebN + 1]float64) {
	for j := range x {
		x[j] = -math.Cos(math.Pi * float64(j) / chebN)
	}
	return x
}()

var chebRules = [3]chebRule{newChebRule(4), newChebRule(8), newChebRule(16)}

func newChebRule(n int) chebRule {
	c := chebRule{n: n}
	fn := float64(n)
	for k := range n + 1 {
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
			c.coef[k][j] = v
		}
	}
	for j := range n + 1 {
		for k := 0; k <= n; k += 2 {
			c.w[j] += c.coef[k][j] * 2 / (1 - float64(k*k))
		}
	}
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
}

// folded returns the sums and differences of the values the panel's rule
// uses, mirrored about its middle: S[j] = v[j] + v[n-j] and
// D[j] = v[j] - v[n-j] for j < n/2, and S[n/2] = v[n/2]. Since
// T_k(-x) = (-1)^k T_k(x), even coefficients and the weights need only S
// and odd ones only D: half the work.
func (pn *panel) folded() (S, D [chebN/2 + 1]float64) {
	n := pn.rule.n
	stride := chebN / n
	for j := range n / 2 {
		a, b := pn.f[j*stride], pn.f[chebN-j*stride]
		S[j], D[j] = a+b, a-b
	}
	S[n/2] = pn.f[chebN/2]
	return S, D
}

// coef is the k-th Chebyshev coefficient of the interpolant.
func (r *chebRule) coefOf(k int, S, D *[chebN/2 + 1]float64) float64 {
	sum := 0.0
	row := &r.coef[k]
	if k%2 == 1 {
		for j := range r.n / 2 {
			sum += row[j] * D[j]
		}
		return sum
	}
	for j := range r.n/2 + 1 {
		sum += row[j] * S[j]
	}
	return sum
}

// integral is the panel's effort by Clenshaw-Curtis, and its error: the
// last two Chebyshev coefficients, times the rate at which the
// coefficients fall from the two before (an estimate of the next ones,
// which is what the rule leaves out; taking pairs keeps a coefficient that
// symmetry sets near zero from posing as convergence).
func (pn *panel) integral() (sum, err float64) {
	r := pn.rule
	n := r.n
	S, D := pn.folded()
	for j := range n/2 + 1 {
		sum += r.w[j] * S[j]
	}
	last := math.Abs(r.coefOf(n, &S, &D)) + math.Abs(r.coefOf(n-1, &S, &D))
	before := math.Abs(r.coefOf(n-2, &S, &D)) + math.Abs(r.coefOf(n-3, &S, &D))
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
	for k := range n + 1 {
		c[k] = r.coefOf(k, &S, &D)
	}
	c[n+1] = 0
	at := func(k int) float64 {
		if k > n {
			return 0
		}
		return c[k]
	}
	b[0] = 0
	b[1] = (2*c[0] - at(2)) / 2
	for k := 2; k <= n+1; k++ {
		b[k] = (at(k-1) - at(k+1)) / (2 * float64(k))
	}
	sign := -1.0 // T_k(-1) = (-1)^k
	for k := 1; k <= n+1; k++ {
		b[0] -= sign * b[k]
		sign = -sign
	}
	for k := range n + 2 {
		b[k] *= pn.h / 2
	}
}

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
// 0 <= e <= its integral: Newton's method on the antiderivative of the
// interpolant, kept inside a bracket by bisection.
func (pn *panel) solve(e float64) float64 {
	pn.series()
	n := pn.rule.n
	cs, bs := pn.c[:n+2], pn.b[:n+2]
	lo, hi := -1.0, 1.0
	// A first guess from the rate taken as exponential between the ends.
	s := pn.h / 2
	if fa, fb := pn.f[0], pn.f[chebN]; fa > 0 && fb > 0 {
		s = crossing(fa, math.Log(fb/fa), pn.h, e)
	}
	x := math.Min(math.Max(2*s/pn.h-1, lo), hi)
	for range 60 {
		F, f := clenshaw2(bs, cs, x)
		g := F - e
		if g == 0 {
			break
		}
		if g > 0 {
			hi = x
		} else {
			lo = x
		}
		d := f * pn.h / 2
		nx := x - g/d
		newton := d > 0 && nx > lo && nx < hi
		if !newton {
			nx = (lo + hi) / 2
		}
		// Newton's method converges quadratically: after a step of
		// 1e-6 the error is near 1e-12 (of half the panel).
		done := newton && math.Abs(nx-x) <= 1e-6 || hi-lo <= 1e-15
		x = nx
		if done {
			break
		}
	}
	return math.Min(math.Max((x+1)*pn.h/2, 0), pn.h)
}

// root16 is q^(1/16), the factor by which a panel's length changes the
// error of the finest rule (for an entire rate, as the 16th power).
func root16(q float64) float64 {
	return math.Sqrt(math.Sqrt(math.Sqrt(math.Sqrt(q))))
}

// clenshaw2 sums two Chebyshev series of the same length at x.
func clenshaw2(a, c []float64, x float64) (float64, float64) {
	c = c[:len(a)]
	var a1, a2, c1, c2 float64
	for k := len(a) - 1; k >= 1; k-- {
		a1, a2 = 2*x*a1-a2+a[k], a1
		c1, c2 = 2*x*c1-c2+c[k], c1
	}
	return x*a1 - a2 + a[0], x*c1 - c2 + c[0]
}
