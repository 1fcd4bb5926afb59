// Package dist holds the probability distributions that scenario parameters
// take, and the compact syntax people write them in.
//
// Every distribution is sampled by inversion: Quantile(u) maps a uniform draw
// u in (0, 1) to a value. The engine owns the uniforms, so the same world can
// be replayed under another distribution, correlated through a copula, or
// pinned at a percentile, without a random source inside any distribution.
package dist

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/mathext"

	"ontrack/internal/fastmath"
)

// Dist is a one-dimensional distribution sampled by inversion.
type Dist interface {
	// Quantile returns the value below which a fraction u of the mass lies.
	Quantile(u float64) float64
	// CDF returns the fraction of the mass at or below x.
	CDF(x float64) float64
	// String returns the distribution in the syntax Parse reads.
	String() string
}

// Point is a fixed value: a parameter that is not uncertain.
type Point struct{ V float64 }

func (p Point) Quantile(float64) float64 { return p.V }
func (p Point) CDF(x float64) float64 {
	if x >= p.V {
		return 1
	}
	return 0
}
func (p Point) String() string { return num(p.V) }

// Normal is the Gaussian distribution with mean Mu and standard deviation Sigma.
type Normal struct{ Mu, Sigma float64 }

func (n Normal) Quantile(u float64) float64 { return n.Mu + n.Sigma*mathext.NormalQuantile(u) }
func (n Normal) CDF(x float64) float64      { return 0.5 * math.Erfc(-(x-n.Mu)/(n.Sigma*math.Sqrt2)) }
func (n Normal) String() string             { return "normal(" + num(n.Mu) + ", " + num(n.Sigma) + ")" }

// LogNormal is the distribution of exp(X) where X is Normal(Mu, Sigma).
type LogNormal struct{ Mu, Sigma float64 }

func (l LogNormal) Quantile(u float64) float64 {
	return fastmath.Exp(l.Mu + l.Sigma*mathext.NormalQuantile(u))
}
func (l LogNormal) CDF(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return 0.5 * math.Erfc(-(fastmath.Log(x)-l.Mu)/(l.Sigma*math.Sqrt2))
}
func (l LogNormal) String() string { return "lognormal(" + num(l.Mu) + ", " + num(l.Sigma) + ")" }

// Interval is a 90% interval "Lo to Hi": lognormal when both ends are
// positive, normal otherwise, with Lo and Hi at the 5th and 95th percentiles.
// It keeps the ends so that it prints as it was written.
type Interval struct {
	Lo, Hi float64
	d      Dist
}

// z95 is the standard normal's 95th percentile.
var z95 = mathext.NormalQuantile(0.95)

// NewInterval returns the 90% interval from lo to hi. lo must be below hi.
func NewInterval(lo, hi float64) Interval {
	iv := Interval{Lo: lo, Hi: hi}
	if lo > 0 {
		mu := (math.Log(lo) + math.Log(hi)) / 2
		iv.d = LogNormal{Mu: mu, Sigma: (math.Log(hi) - mu) / z95}
	} else {
		mu := (lo + hi) / 2
		iv.d = Normal{Mu: mu, Sigma: (hi - mu) / z95}
	}
	return iv
}

func (iv Interval) Quantile(u float64) float64 { return iv.d.Quantile(u) }
func (iv Interval) CDF(x float64) float64      { return iv.d.CDF(x) }
func (iv Interval) String() string             { return num(iv.Lo) + " to " + num(iv.Hi) }

// Uniform is the flat distribution on [A, B].
type Uniform struct{ A, B float64 }

func (d Uniform) Quantile(u float64) float64 { return d.A + u*(d.B-d.A) }
func (d Uniform) CDF(x float64) float64 {
	switch {
	case x <= d.A:
		return 0
	case x >= d.B:
		return 1
	}
	return (x - d.A) / (d.B - d.A)
}
func (d Uniform) String() string { return "uniform(" + num(d.A) + ", " + num(d.B) + ")" }

// Beta is the beta distribution on [0, 1] with shapes Alpha and Beta. One
// made by NewBeta draws from a table (betatab.go); a literal draws exactly.
type Beta struct {
	Alpha, Beta float64
	tab         *betaTable
}

func (d Beta) Quantile(u float64) float64 {
	if t := d.tab; t != nil {
		t.once.Do(func() { t.build(d.Alpha, d.Beta) })
		return t.quantile(d.Alpha, d.Beta, u)
	}
	return betaExact(d.Alpha, d.Beta, u)
}
func (d Beta) CDF(x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	return mathext.RegIncBeta(d.Alpha, d.Beta, x)
}
func (d Beta) String() string { return "beta(" + num(d.Alpha) + ", " + num(d.Beta) + ")" }

// Triangular has a density that rises linearly from Min to Mode and falls
// linearly to Max.
type Triangular struct{ Min, Mode, Max float64 }

func (d Triangular) Quantile(u float64) float64 {
	w := d.Max - d.Min
	fc := (d.Mode - d.Min) / w
	if u < fc {
		return d.Min + math.Sqrt(u*w*(d.Mode-d.Min))
	}
	return d.Max - math.Sqrt((1-u)*w*(d.Max-d.Mode))
}
func (d Triangular) CDF(x float64) float64 {
	w := d.Max - d.Min
	switch {
	case x <= d.Min:
		return 0
	case x >= d.Max:
		return 1
	case x <= d.Mode:
		return (x - d.Min) * (x - d.Min) / (w * (d.Mode - d.Min))
	}
	return 1 - (d.Max-x)*(d.Max-x)/(w*(d.Max-d.Mode))
}
func (d Triangular) String() string {
	return "triangular(" + num(d.Min) + ", " + num(d.Mode) + ", " + num(d.Max) + ")"
}

// PERT is the beta-PERT distribution: a beta on [Min, Max] whose mode is Mode
// and whose mean is (Min + 4 Mode + Max) / 6.
type PERT struct {
	Min, Mode, Max float64
	b              Beta
}

// NewPERT returns the PERT distribution; Min < Max and Min <= Mode <= Max.
func NewPERT(min, mode, max float64) PERT {
	w := max - min
	return PERT{Min: min, Mode: mode, Max: max,
		b: NewBeta(1+4*(mode-min)/w, 1+4*(max-mode)/w)}
}

func (d PERT) Quantile(u float64) float64 { return d.Min + (d.Max-d.Min)*d.b.Quantile(u) }
func (d PERT) CDF(x float64) float64      { return d.b.CDF((x - d.Min) / (d.Max - d.Min)) }
func (d PERT) String() string {
	return "pert(" + num(d.Min) + ", " + num(d.Mode) + ", " + num(d.Max) + ")"
}

// num formats a number so that Parse reads back the same float64.
func num(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
