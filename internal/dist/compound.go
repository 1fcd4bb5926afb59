package dist

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"

	"ontrack/internal/root"
)

// Metalog is Keelin's metalog distribution fitted exactly through quantiles
// given directly: its quantile function is a linear combination of the basis
// 1, L, (y-1/2)L, (y-1/2), (y-1/2)^2, (y-1/2)^2 L, ... with L = ln(y/(1-y)).
// With three quantiles it is the three-term metalog; with two, a logistic.
type Metalog struct {
	P, X []float64 // the quantiles it was fitted through: Quantile(P[i]) = X[i]
	a    []float64
}

// metalogBasis writes the first len(row) basis functions at y into row.
func metalogBasis(y float64, row []float64) {
	l := math.Log(y / (1 - y))
	c := y - 0.5
	for j := range row {
		switch {
		case j == 0:
			row[j] = 1
		case j == 1:
			row[j] = l
		case j == 2:
			row[j] = c * l
		case j == 3:
			row[j] = c
		case j%2 == 0: // j = 4, 6, ...: (y-1/2)^(j/2)
			row[j] = math.Pow(c, float64(j/2))
		default: // j = 5, 7, ...: (y-1/2)^((j-1)/2) L
			row[j] = math.Pow(c, float64((j-1)/2)) * l
		}
	}
}

// zMax bounds the logit of a uniform that sampling can produce (the
// engine's uniforms lie in [2^-54, 1-2^-54], whose logits are within 37.5).
const zMax = 38.0

// errNotMonotone is returned when quantiles admit no metalog that increases.
var errNotMonotone = errors.New("these quantiles give a metalog that is not increasing (too skewed for so few points); give more quantiles or use an interval")

// NewMetalog fits a metalog with one term per quantile. p must be increasing
// in (0, 1) and x increasing.
func NewMetalog(p, x []float64) (Metalog, error) {
	k := len(p)
	y := mat.NewDense(k, k, nil)
	row := make([]float64, k)
	for i, pi := range p {
		metalogBasis(pi, row)
		y.SetRow(i, row)
	}
	var a mat.VecDense
	if err := a.SolveVec(y, mat.NewVecDense(k, append([]float64(nil), x...))); err != nil {
		return Metalog{}, errNotMonotone
	}
	m := Metalog{P: append([]float64(nil), p...), X: append([]float64(nil), x...), a: make([]float64, k)}
	for j := range m.a {
		m.a[j] = a.AtVec(j)
	}
	// Feasibility: increasing on a grid dense in logit space, out to the far
	// tails that sampling by inversion of a float64 uniform can reach.
	prev := math.Inf(-1)
	for i := 0; i <= 4000; i++ {
		v := m.zq(-zMax + 2*zMax*float64(i)/4000)
		if !(v > prev) || math.IsInf(v, 0) || math.IsNaN(v) {
			return Metalog{}, errNotMonotone
		}
		prev = v
	}
	return m, nil
}

func (m Metalog) Quantile(u float64) float64 {
	return m.atLogit(math.Log(u/(1-u)), u-0.5)
}

// atLogit evaluates the quantile function at logit l = ln(y/(1-y)), with
// c = y - 1/2, so that the far tails need not round y to 0 or 1.
func (m Metalog) atLogit(l, c float64) float64 {
	a := m.a
	v := a[0] + a[1]*l
	if len(a) > 2 {
		v += a[2] * c * l
	}
	if len(a) > 3 {
		v += a[3] * c
		cp := c
		for j := 4; j < len(a); j++ {
			if j%2 == 0 {
				cp *= c
				v += a[j] * cp
			} else {
				v += a[j] * cp * l
			}
		}
	}
	return v
}

// zq is the quantile function at logit z.
func (m Metalog) zq(z float64) float64 { return m.atLogit(z, 0.5*math.Tanh(z/2)) }

// CDF inverts the quantile function by bisection in logit space.
func (m Metalog) CDF(x float64) float64 {
	lo, hi := -zMax, zMax
	if x <= m.zq(lo) {
		return 0
	}
	if x >= m.zq(hi) {
		return 1
	}
	for range 200 {
		mid := (lo + hi) / 2
		if m.zq(mid) <= x {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo < 1e-13 {
			break
		}
	}
	return 1 / (1 + math.Exp(-(lo+hi)/2))
}

// LogMetalog is the semi-bounded (log) metalog: ln(x - Above) follows a
// metalog fitted through the logs of the given quantiles. It suits skewed
// quantities with a floor, such as years after a survey.
type LogMetalog struct {
	Above float64
	M     Metalog   // on ln(x - Above)
	X     []float64 // the quantiles as given
}

func (m LogMetalog) Quantile(u float64) float64 { return m.Above + math.Exp(m.M.Quantile(u)) }

func (m LogMetalog) CDF(x float64) float64 {
	if !(x > m.Above) {
		return 0
	}
	return m.M.CDF(math.Log(x - m.Above))
}

func (m LogMetalog) String() string {
	var b strings.Builder
	b.WriteString("{above: " + num(m.Above))
	for i := range m.M.P {
		b.WriteString(", p" + num(m.M.P[i]*100) + ": " + num(m.X[i]))
	}
	b.WriteByte('}')
	return b.String()
}

func (m Metalog) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i := range m.P {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("p" + num(m.P[i]*100) + ": " + num(m.X[i]))
	}
	b.WriteByte('}')
	return b.String()
}

// Mixture draws from component i with probability W[i]. Its quantile is the
// mixture's own, the x with CDF(x) = u to 1e-12 of x (monotone in u to
// that much), so that it can take part in rank correlations and be pinned
// at percentiles. A component may be the point +Inf ("never"), which takes
// the top of the range.
//
// The quantile is found from a table of knots (x, CDF(x)), built once on the
// first draw, that brackets the answer between two knots; a Newton step or
// two on the true CDF then bring it to 1e-12 of x (refine). Draws outside the
// table, and a Mixture built without NewMixture, use solve, which finds the
// least float x with CDF(x) >= u.
type Mixture struct {
	C    []Dist
	W    []float64 // normalised to sum to 1
	wInf float64   // weight of +Inf points
	tab  *mixTable // shared by copies; nil: no table, always solve
}

// NewMixture normalises the weights, which must be positive and finite.
// It divides by the largest first, so that weights near the largest float
// (1e308) do not overflow their sum.
func NewMixture(c []Dist, w []float64) Mixture {
	var big float64
	for _, wi := range w {
		big = max(big, wi)
	}
	var s float64
	for _, wi := range w {
		s += wi / big
	}
	m := Mixture{C: c, W: make([]float64, len(w)), tab: sharedMixTable(c, w)}
	for i := range w {
		m.W[i] = w[i] / big / s
		// Mass at +Inf: an inf component's, or what a nested mixture holds.
		m.wInf += m.W[i] * (1 - c[i].CDF(math.MaxFloat64))
	}
	return m
}

// mixTables holds the process's mixture tables by the mixture's exact
// value, so that the same mixture parsed again (the page sends its
// scenario with every request) does not build its table again: about 2 ms
// for the default's difficulty.error and 4 ms for olah-scale's difficulty.
var mixTables struct {
	sync.Mutex
	m map[string]*mixTable
}

// maxMixTables bounds mixTables; mixtures beyond it get a table of their own.
const maxMixTables = 64

// sharedMixTable returns the table for the mixture of components c with
// weights w. The key is their %#v, every float to its last bit; a component
// that holds a pointer (a nested mixture) gives a key of its own each time.
func sharedMixTable(c []Dist, w []float64) *mixTable {
	key := fmt.Sprintf("%#v|%#v", c, w)
	mixTables.Lock()
	defer mixTables.Unlock()
	if t := mixTables.m[key]; t != nil {
		return t
	}
	t := new(mixTable)
	if len(mixTables.m) < maxMixTables {
		if mixTables.m == nil {
			mixTables.m = map[string]*mixTable{}
		}
		mixTables.m[key] = t
	}
	return t
}

// finiteLevel turns a level u of the whole mixture, below its finite mass
// 1 - wInf, into the level of the finite part alone: the mixture's CDF is
// (1 - wInf) times the finite part's.
func (m Mixture) finiteLevel(u float64) float64 {
	return min(u/(1-m.wInf), 1-0x1p-53)
}

// finiteQuantile is component c's quantile at level v of its finite part.
func finiteQuantile(c Dist, v float64) float64 {
	if fin := c.CDF(math.MaxFloat64); fin < 1 {
		return c.Quantile(v * fin)
	}
	return c.Quantile(v)
}

// isInf reports whether d is the point +Inf.
func isInf(d Dist) bool {
	p, ok := d.(Point)
	return ok && math.IsInf(p.V, 1)
}

func (m Mixture) CDF(x float64) float64 {
	var f float64
	for i, c := range m.C {
		f += m.W[i] * c.CDF(x)
	}
	return f
}

func (m Mixture) Quantile(u float64) float64 {
	if u >= 1-m.wInf {
		return math.Inf(1)
	}
	if m.tab == nil {
		return m.solve(u)
	}
	t := m.tab
	t.once.Do(func() { t.build(m) })
	if t.only != nil {
		// As solve: one finite component's own quantile, at the level of its
		// finite part, whose mass the table keeps rather than each draw finding it.
		return t.only.Quantile(m.finiteLevel(u) * t.onlyFin)
	}
	n := len(t.x)
	if n < 2 || !(t.f[0] < u && u <= t.f[n-1]) {
		return m.solve(u) // beyond the table (or NaN): the far tails
	}
	// Knots i and i+1 with f[i] < u <= f[i+1], by bisection on the index; it
	// needs no monotone f, only the invariant at both ends.
	i, j := 0, n-1
	for j-i > 1 {
		h := int(uint(i+j) >> 1)
		if t.f[h] < u {
			i = h
		} else {
			j = h
		}
	}
	return m.refine(t, i, u)
}

// mixTable is a Mixture's inverse-CDF table. Its knots are the components'
// quantiles at u spaced evenly in normal score from z = -8.5 to the top
// float below 1 (sampling's uniforms lie in [2^-54, 1-2^-53]), so they follow
// each component's tails, plus the float below each atom so that a point
// mass is bracketed by adjacent floats. f[k] is CDF(x[k]) as CDF computes
// it, so a bracket from the table holds exactly the invariant solve keeps.
type mixTable struct {
	once    sync.Once
	only    Dist      // the one finite component, when there is only one
	onlyFin float64   // its finite mass, CDF(MaxFloat64)
	x, f    []float64 // knots, increasing in x; f[k] = CDF(x[k])
	t       []float64 // logit of f[k], the coordinate the first guess interpolates in
	sure    []bool    // sure[k]: the cubic's slope is good to 1e-3 on bracket k (certify); nil: none is
}

// tableKnots bounds the knots a table takes from all its components
// together: a knot costs one CDF, which costs every component, so the build
// grows as the square of the components. Each component gives between 128
// and 1024 knots: 1024 for up to four components (about 2 ms to build), 128
// for 100 (about 40 ms).
const tableKnots = 4096

func (t *mixTable) build(m Mixture) {
	var finite []Dist
	for _, c := range m.C {
		if !isInf(c) {
			finite = append(finite, c)
		}
	}
	if len(finite) == 1 {
		t.only, t.onlyFin = finite[0], finite[0].CDF(math.MaxFloat64)
		return
	}
	if len(finite) == 0 {
		return
	}
	scores := min(max(tableKnots/len(finite), 128), 1024)
	us := make([]float64, 0, scores+1)
	for k := range scores {
		z := -8.5 + 17*float64(k)/float64(scores)
		u := 0.5 * math.Erfc(-z/math.Sqrt2)
		if z > 0 {
			u = 1 - 0.5*math.Erfc(z/math.Sqrt2)
		}
		if u > 0 && u < 1 {
			us = append(us, u)
		}
	}
	us = append(us, 1-0x1p-53)
	var xs []float64
	for _, c := range finite {
		prev := math.NaN()
		for _, u := range us {
			x := c.Quantile(u)
			if math.IsInf(x, 0) || math.IsNaN(x) {
				continue
			}
			if x == prev { // an atom, or a flat quantile: bracket its jump
				xs = append(xs, math.Nextafter(x, math.Inf(-1)))
			}
			xs = append(xs, x)
			prev = x
		}
	}
	slices.Sort(xs)
	xs = slices.Compact(xs)
	t.x = xs
	t.f = make([]float64, len(xs))
	t.t = make([]float64, len(xs))
	for k, x := range xs {
		t.f[k] = m.CDF(x)
		t.t[k] = logit(t.f[k])
	}
	if len(finite) <= certifyMax {
		t.certify(m)
	}
}

// certifyMax is the most finite components a table certifies its slopes
// for (certify): its three density estimates a bracket cost 1.3 ms for
// two components but 200 ms for 100, where draws take two steps instead.
const certifyMax = 8

func logit(u float64) float64 { return math.Log(u / (1 - u)) }

// refine returns x in (x[i], x[i+1]] with CDF(x) = u to 1e-12 of x,
// given f[i] < u <= f[i+1]. Its first guess is a cubic through the four
// nearest knots, as x against the logit of f, whose slope it keeps for
// Newton steps on the true CDF. Once two steps give a secant slope that
// the CDF's rounding cannot spoil, and the step it gives is below 1e-12 of
// x, the point that step leads to is the answer: its error is a small
// fraction of the step. Where that does not come (x near 0, u near the
// smallest floats, or the CDF's rounding blurring x by more than 1e-13 of
// it, far in an upper tail, where which float is the answer is a matter
// of rounding) it finds the least float x with CDF(x) >= u, as solve does:
// once a step is within about one rounding unit of the CDF, it brackets
// that estimate from both sides and bisects the floats between. Every
// evaluation narrows the bracket [a, b], which always has
// F(a) < u <= F(b).
func (m Mixture) refine(t *mixTable, i int, u float64) float64 {
	a, b := t.x[i], t.x[i+1]
	fa, fb := t.f[i]-u, t.f[i+1]-u
	x, s, cubic := t.guess(i, u)
	// q is how far x moves for F to move by a few units in the last place
	// of u: the width of the CDF's rounding, at least two floats of x.
	q := s * 0x1p-53 * u
	// Where the table vouches for the cubic's slope (certify), one step
	// from a guess that is already good to 1e-9 is good to 1e-12.
	sure := cubic && t.sure != nil && t.sure[i] && u > 0x1p-900 && q <= 1e-13*math.Abs(x)
	c := math.NaN() // the estimate to bracket, once Newton has converged
	xp, fp := math.NaN(), math.NaN()
	for range 6 {
		if ordered(b)-ordered(a) <= 1 {
			return b
		}
		if !(x > a && x < b) {
			x = a - fa*(b-a)/(fb-fa) // the secant, when Newton leaves the bracket
			if !(x > a && x < b) {
				x = unordered(ordered(a) + (ordered(b)-ordered(a))/2)
			}
		}
		fx := m.CDF(x) - u
		if fx >= 0 {
			b, fb = x, fx
		} else {
			a, fa = x, fx
		}
		if step := fx * s; sure && math.Abs(step) <= 1e-9*math.Abs(x) {
			return min(max(x-step, math.Nextafter(a, b)), b)
		}
		sure = false
		// The secant is good to about 1e-4 where F moved by 2^13 of its
		// rounding units between the two steps.
		if df := fx - fp; u > 0x1p-900 && math.Abs(df) >= 0x1p-40*u {
			sec := (x - xp) / df
			if d := fx * sec; sec > 0 && math.Abs(d) <= 1e-12*math.Abs(x) && sec*0x1p-53*u <= 1e-13*math.Abs(x) {
				return min(max(x-d, math.Nextafter(a, b)), b)
			}
		}
		step := fx * s
		if math.Abs(step) <= max(q, 2*ulp(x)) {
			c = x - step
			break
		}
		xp, fp = x, fx
		x -= step
	}
	if c >= a && c <= b {
		// Bracket c within d on each side, doubling d until it holds.
		d := max(q, 2*ulp(c))
		for range 60 {
			if ordered(b)-ordered(a) <= 1 {
				return b
			}
			var p float64
			switch {
			case c-d > a && c-a >= b-c:
				p = c - d
			case c+d < b:
				p = c + d
			case c-d > a:
				p = c - d
			default:
				p = math.NaN() // both ends within d: bisect
			}
			if !(p > a && p < b) {
				break
			}
			if m.CDF(p) >= u {
				b = p
			} else {
				a = p
			}
			d *= 2
		}
	}
	return m.bisectFloats(a, b, u)
}

// ulp is the gap from x to the next float away from zero.
func ulp(x float64) float64 {
	x = math.Abs(x)
	return math.Nextafter(x, math.Inf(1)) - x
}

// guess interpolates the knots around bracket i for x at u and dx/du there,
// and says whether that came from the cubic (rather than the straight line
// between the bracket's knots, its fallback).
func (t *mixTable) guess(i int, u float64) (x, s float64, cubic bool) {
	a, b, fa, fb := t.x[i], t.x[i+1], t.f[i], t.f[i+1]
	if p, ds, ok := t.cubic(i, u); ok && p > a && p < b {
		return p, ds, true
	}
	s = (b - a) / (fb - fa)
	return a + (u-fa)*s, s, false
}

// cubic is Lagrange's cubic through the four knots around bracket i, as x
// against the logit of f, and its slope dx/du, at u; ok is false where
// there are fewer than four knots or their logits do not increase.
func (t *mixTable) cubic(i int, u float64) (p, ds float64, ok bool) {
	n := len(t.x)
	if n < 4 {
		return 0, 0, false
	}
	k := min(max(i-1, 0), n-4)
	ts, xs := t.t[k:k+4], t.x[k:k+4]
	if !(ts[0] < ts[1] && ts[1] < ts[2] && ts[2] < ts[3]) {
		return 0, 0, false
	}
	l := logit(u)
	var dp float64
	for j := range 4 {
		num, den, dnum := 1.0, 1.0, 0.0
		for q := range 4 {
			if q == j {
				continue
			}
			dnum = dnum*(l-ts[q]) + num
			num *= l - ts[q]
			den *= ts[j] - ts[q]
		}
		p += xs[j] * num / den
		dp += xs[j] * dnum / den
	}
	ds = dp / (u * (1 - u)) // dx/du = dx/dl · dl/du
	return p, ds, ds > 0 && !math.IsInf(ds, 0)
}

// certify sets sure[i] for each bracket i where the cubic's slope is
// within 1e-3 of the true dx/du = 1/pdf at both knots and the middle
// (where the error of an interpolant's slope is largest, at the ends, and
// where it is not), the density found from two CDF evaluations 1e-6 of x
// apart. There one Newton step from the guess, if it is below 1e-9 of x,
// leaves an error below 1e-12 of x.
func (t *mixTable) certify(m Mixture) {
	n := len(t.x)
	t.sure = make([]bool, max(n-1, 0))
	slopeOK := func(i int, u, x float64) bool {
		_, ds, ok := t.cubic(i, u)
		d := 1e-6 * math.Abs(x)
		if !ok || d == 0 || math.IsInf(x, 0) {
			return false
		}
		lo, hi := x-d, x+d
		pdf := (m.CDF(hi) - m.CDF(lo)) / (hi - lo)
		return pdf > 0 && math.Abs(1-ds*pdf) <= 1e-3
	}
	for i := range n - 1 {
		a, b := t.f[i], t.f[i+1]
		if !(a > 0 && b < 1 && a < b) {
			continue
		}
		mid := 1 / (1 + math.Exp(-(t.t[i]+t.t[i+1])/2))
		pm, _, ok := t.cubic(i, mid)
		t.sure[i] = ok && slopeOK(i, a, t.x[i]) && slopeOK(i, b, t.x[i+1]) && slopeOK(i, mid, pm)
	}
}

// solve finds the least float x with CDF(x) >= u by root-finding from the
// bracket of the components' u-quantiles. It is the oracle the table is
// tested against, and what draws beyond the table use.
func (m Mixture) solve(u float64) float64 {
	// The finite part's quantile at level v lies between its components'
	// quantiles at v (each of its own finite part).
	v := m.finiteLevel(u)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range m.C {
		if isInf(c) {
			continue
		}
		q := finiteQuantile(c, v)
		lo = min(lo, q)
		hi = max(hi, q)
	}
	if lo == hi {
		return lo
	}
	// Invariant: F(lo) < u <= F(hi); the answer is the least x with F(x) >= u.
	flo, fhi := m.CDF(lo)-u, m.CDF(hi)-u
	if flo >= 0 {
		return lo // a point mass at lo, or a flat stretch of F
	}
	// root.Illinois narrows the bracket to about 1e-12 of its ends. On a
	// positive bracket it works on ln x, where components spread over
	// orders of magnitude (lognormals) make F smooth and nearly linear,
	// which cuts the number of CDF evaluations about threefold. Each trial
	// moves lo or hi here, keeping the invariant on the floats evaluated
	// (the ends' logarithms do not map back to them exactly). F(x) = u
	// counts as above u: the least such float is sought, so a trial that
	// hits u must not end the search.
	to, from := func(x float64) float64 { return x }, func(y float64) float64 { return y }
	tol := 1e-12 * max(1, math.Abs(lo))
	if lo > 0 && !math.IsInf(hi, 1) {
		to, from, tol = math.Log, math.Exp, 1e-12
	}
	root.Illinois(func(y float64) (float64, error) {
		x := from(y)
		if !(x > lo && x < hi) {
			return 0, errPrecision // the transform ran out: bisect the floats
		}
		fx := m.CDF(x) - u
		if fx >= 0 {
			hi = x
			return max(fx, 0x1p-1074), nil
		}
		lo = x
		return fx, nil
	}, to(lo), to(hi), flo, fhi, tol, 100)
	// From a bracket narrowed to 1e-12 this takes about 13 steps.
	return m.bisectFloats(lo, hi, u)
}

// errPrecision ends a root-finding whose trial no longer maps to a float
// inside the bracket.
var errPrecision = errors.New("out of precision")

// bisectFloats bisects the float64s themselves, in order, between lo with
// F(lo) < u and hi with F(hi) >= u: at most 64 steps from any bracket, and
// it ends at the least float with F(x) >= u.
func (m Mixture) bisectFloats(lo, hi, u float64) float64 {
	a, b := ordered(lo), ordered(hi)
	for b-a > 1 {
		mid := a + (b-a)/2
		if m.CDF(unordered(mid)) >= u {
			b = mid
		} else {
			a = mid
		}
	}
	return unordered(b)
}

// ordered maps a float64 to a uint64 whose order is the floats' order, so
// that the distance between any two floats fits in a uint64 (an int64 can
// overflow between a negative and a positive float).
func ordered(x float64) uint64 {
	b := math.Float64bits(x)
	if b>>63 == 1 {
		return ^b // negative: larger magnitude, smaller value
	}
	return b | 1<<63
}

func unordered(i uint64) float64 {
	if i>>63 == 1 {
		return math.Float64frombits(i &^ (1 << 63))
	}
	return math.Float64frombits(^i)
}

func (m Mixture) String() string {
	var b strings.Builder
	b.WriteString("mixture(")
	for _, c := range m.C {
		b.WriteString(c.String())
		b.WriteString(", ")
	}
	b.WriteByte('[')
	for i, w := range m.W {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(num(w))
	}
	b.WriteString("])")
	return b.String()
}

// Truncated is D restricted to [Lo, Hi], the natural range of a parameter:
// Quantile(u) = D.Quantile(F(Lo) + u (F(Hi) - F(Lo))).
type Truncated struct {
	D        Dist
	Lo, Hi   float64
	flo, fhi float64
}

// ErrNoMass says a distribution puts (almost) nothing inside a range.
var ErrNoMass = errors.New("puts no mass inside the allowed range")

// Truncate restricts d to [lo, hi]. It returns d itself when d already lies
// inside, and ErrNoMass when less than one part in a million lies inside.
func Truncate(d Dist, lo, hi float64) (Dist, error) {
	if p, ok := d.(Point); ok {
		if p.V < lo || p.V > hi {
			return nil, ErrNoMass
		}
		return d, nil
	}
	flo, fhi := 0.0, 1.0
	if !math.IsInf(lo, -1) {
		flo = d.CDF(lo)
	}
	if !math.IsInf(hi, 1) {
		fhi = d.CDF(hi)
	}
	if fhi-flo < 1e-6 {
		return nil, ErrNoMass
	}
	if flo == 0 && fhi == 1 && inside(d, lo, hi) {
		return d, nil
	}
	return Truncated{D: d, Lo: lo, Hi: hi, flo: flo, fhi: fhi}, nil
}

// inside reports whether the extreme quantiles that inversion can reach lie
// within [lo, hi] (a CDF of exactly 0 or 1 can hide a far tail).
func inside(d Dist, lo, hi float64) bool {
	a, b := d.Quantile(1e-17), d.Quantile(1-1e-16)
	return a >= lo && b <= hi
}

func (t Truncated) Quantile(u float64) float64 {
	v := t.D.Quantile(t.flo + u*(t.fhi-t.flo))
	return min(max(v, t.Lo), t.Hi)
}

func (t Truncated) CDF(x float64) float64 {
	switch {
	case x < t.Lo:
		return 0
	case x >= t.Hi:
		return 1
	}
	return (t.D.CDF(x) - t.flo) / (t.fhi - t.flo)
}

func (t Truncated) String() string { return t.D.String() }
