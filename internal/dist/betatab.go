package dist

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/mathext"

	"ontrack/internal/fastmath"
)

// betaTable is a beta distribution's inverse CDF as a table, so that a draw
// costs a normal quantile and a cubic rather than gonum's inverse incomplete
// beta (some 730 ns a draw: a world of the default with three beta or PERT
// parameters spent 40% of its time there).
//
// The knots are at normal scores z evenly spaced from betaZLo to betaZHi;
// between two knots ln x is Hermite's cubic in z, through the exact
// quantiles at both knots with their exact slopes, d ln x/dz = φ(z)/(x f(x)).
// A cubic Hermite interpolant's error peaks at the middle of its cell, so
// each cell is checked there against the exact quantile when the table is
// built; a cell off by more than betaCheck of x is marked, and draws in it
// (and beyond the knots) go to the exact quantile. So every draw is within
// 1e-12 of the exact quantile, relative (TestBetaTable).
type betaTable struct {
	once  sync.Once
	x     []float64 // the quantile at each knot
	y, dy []float64 // ln x and d ln x/dz at each knot
	exact []bool    // per cell: the cubic failed its check
}

const (
	betaKnots = 8192 // cells; 200 KiB of knots a table
	betaZLo   = -8.5 // the engine's uniforms lie in [2^-54, 1-2^-53]: z in [-8.3, 8.3]
	betaZHi   = 8.5
	betaDZ    = (betaZHi - betaZLo) / betaKnots
	// betaCheck is the error a cell may show at its middle, relative to x:
	// a tenth of the promise, for the error away from the middle, where it
	// is smaller for a smooth function but need not be for every one.
	betaCheck = 1e-13
	// maxBetaTables bounds the tables kept for the process: one per
	// distinct pair of shapes. Betas beyond it draw exactly.
	maxBetaTables = 64
)

var betaTables struct {
	sync.Mutex
	m map[[2]float64]*betaTable
}

// NewBeta returns the beta distribution with shapes a and b, which draws
// from a table built on its first draw and shared with every beta of the
// same shapes.
func NewBeta(a, b float64) Beta {
	key := [2]float64{a, b}
	betaTables.Lock()
	defer betaTables.Unlock()
	t := betaTables.m[key]
	if t == nil && len(betaTables.m) < maxBetaTables {
		if betaTables.m == nil {
			betaTables.m = map[[2]float64]*betaTable{}
		}
		t = &betaTable{}
		betaTables.m[key] = t
	}
	return Beta{Alpha: a, Beta: b, tab: t}
}

// normalCDF is Φ(z), without the cancellation of 1 - Φ(-z) in either tail.
func normalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

func (t *betaTable) build(a, b float64) {
	lnB := mathext.Lbeta(a, b)
	t.x = make([]float64, betaKnots+1)
	t.y = make([]float64, betaKnots+1)
	t.dy = make([]float64, betaKnots+1)
	t.exact = make([]bool, betaKnots)
	for k := range t.y {
		z := betaZLo + float64(k)*betaDZ
		x, y := betaAt(a, b, z)
		lnx := math.Log(x)
		// ln f(x) + ln x, the density of ln x; the slope is φ(z) over it.
		lnfx := a*lnx + (b-1)*math.Log(y) - lnB
		t.x[k], t.y[k] = x, lnx
		t.dy[k] = math.Exp(-z*z/2-lnfx) / math.Sqrt(2*math.Pi)
	}
	for k := range t.exact {
		z := betaZLo + (float64(k)+0.5)*betaDZ
		want, _ := betaAt(a, b, z)
		got := math.Exp(t.cubic(k, 0.5))
		ok := isFinite(t.y[k]) && isFinite(t.y[k+1]) && isFinite(t.dy[k]) && isFinite(t.dy[k+1]) &&
			t.x[k] <= t.x[k+1] && want > 0 && math.Abs(got-want) <= betaCheck*want
		t.exact[k] = !ok
	}
}

// betaAt returns the exact quantile x at Φ(z), and 1 - x, as betaExact
// does at u = Φ(z) but from Φ(-z) where that is the tail to invert: Φ(z)
// itself would round to a float near 1, whose quantile jumps from float to
// float where the table's is smooth.
func betaAt(a, b, z float64) (x, y float64) {
	x = mathext.InvRegIncBeta(a, b, normalCDF(z))
	if z > 0 && x > 0.5 {
		y = mathext.InvRegIncBeta(b, a, normalCDF(-z))
		return 1 - y, y
	}
	return x, 1 - x
}

// betaExact is the beta's quantile at u. Where it lies above 1/2 at u
// above 1/2 it is found as 1 - y from the upper tail, 1 - u (exact in
// floats), of the beta with its shapes swapped: gonum's inverse at u near 1
// is off there (at u = 1 - 2^-53, beta(0.3, 4) gave 1 - 3e-16, whose upper
// tail holds 1.5e-63 rather than 2^-53; TestBetaUpperTail).
func betaExact(a, b, u float64) float64 {
	x := mathext.InvRegIncBeta(a, b, u)
	if u > 0.5 && x > 0.5 {
		x = 1 - mathext.InvRegIncBeta(b, a, 1-u)
	}
	return min(max(x, 0), 1)
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// cubic is Hermite's cubic for ln x in cell k, a fraction s of the way
// across it.
func (t *betaTable) cubic(k int, s float64) float64 {
	r := 1 - s
	return r*r*((1+2*s)*t.y[k]+s*betaDZ*t.dy[k]) + s*s*((3-2*s)*t.y[k+1]-r*betaDZ*t.dy[k+1])
}

// quantile returns the quantile at u: from the cubic, kept between the
// knots around it, or from the exact quantile where the cell failed its
// check or u lies beyond the knots. The knots keep draws in order from cell
// to cell where x is flat to its last float (beta(10000, 1e-5) sits at
// 1 - 1e-16), which the cubic's rounding would otherwise turn back by a
// float.
func (t *betaTable) quantile(a, b, u float64) float64 {
	if !(u > 0 && u < 1) {
		return betaExact(a, b, u)
	}
	c := (mathext.NormalQuantile(u) - betaZLo) / betaDZ
	if !(c >= 0 && c < betaKnots) || t.exact[int(c)] {
		return betaExact(a, b, u)
	}
	k := int(c)
	return min(max(fastmath.Exp(t.cubic(k, c-float64(k))), t.x[k]), t.x[k+1])
}

// tabled reports whether the draw at u comes from the cubic.
func (t *betaTable) tabled(u float64) bool {
	if !(u > 0 && u < 1) {
		return false
	}
	c := (mathext.NormalQuantile(u) - betaZLo) / betaDZ
	return c >= 0 && c < betaKnots && !t.exact[int(c)]
}
