package data

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// FitYear is the year the fit reports the field's size and its cumulative
// effort at: the model's start.
const FitYear = 2026

// Point is one observation the field fit uses.
type Point struct {
	Year, FTE, SDLog float64
	Source, Status   string
}

// Interval is a central 90% interval with the fit's point estimate.
type Interval struct{ Lo, Mid, Hi float64 }

// FieldFit is the weighted log-linear fit of technical FTEs on the year,
//
//	ln F(t) = a + b (t - FitYear) + e,  e ~ N(0, sd_log^2),
//
// with each point's sd_log given in the data (its measurement error on the
// log scale). The effort so far is the integral of the fitted curve up to
// FitYear, F(FitYear)/b.
type FieldFit struct {
	Points   []Point
	A, B     float64 // intercept at FitYear, slope (per year, log scale)
	SEA, SEB float64
	CovAB    float64
	Chi2     float64 // weighted residual sum of squares
	Scale    float64 // sqrt(max(1, chi2/(n-2))): inflation when points scatter more than their errors say
	Growth   Interval
	FTE      Interval // F(FitYear)
	Effort   Interval // integral of F up to FitYear, person-years
}

// z90 is the standard normal 95th percentile: a central 90% interval is
// +-z90 standard errors.
var z90 = distuv.UnitNormal.Quantile(0.95)

// Fit fits the technical FTE series in field.csv.
func Fit() (*FieldFit, error) {
	s, err := Get("field")
	if err != nil {
		return nil, err
	}
	col := func(n string) int { return s.Col(n) }
	cy, cs, cf, cin, csd, csrc := col("year"), col("series"), col("fte"), col("in_fit"), col("sd_log"), col("source")
	f := &FieldFit{}
	for i, r := range s.Rows {
		if r[cs] != "technical" || r[cin] != "yes" {
			continue
		}
		var p Point
		var errs [3]error
		p.Year, errs[0] = strconv.ParseFloat(r[cy], 64)
		p.FTE, errs[1] = strconv.ParseFloat(r[cf], 64)
		p.SDLog, errs[2] = strconv.ParseFloat(r[csd], 64)
		for _, e := range errs {
			if e != nil {
				return nil, fmt.Errorf("field.csv row %d: %v", i+2, e)
			}
		}
		if p.FTE <= 0 || p.SDLog <= 0 {
			return nil, fmt.Errorf("field.csv row %d: fte and sd_log must be positive", i+2)
		}
		p.Source, p.Status = r[csrc], s.Status(i)
		f.Points = append(f.Points, p)
	}
	if len(f.Points) < 3 {
		return nil, fmt.Errorf("field.csv: the fit needs at least 3 points, has %d", len(f.Points))
	}
	f.solve()
	return f, nil
}

// solve is weighted least squares with known variances; the standard errors
// come from the weights, scaled up by the Birge ratio when the residuals
// are larger than the stated errors.
func (f *FieldFit) solve() {
	var sw, swx, swy float64
	for _, p := range f.Points {
		w := 1 / (p.SDLog * p.SDLog)
		x, y := p.Year-FitYear, math.Log(p.FTE)
		sw, swx, swy = sw+w, swx+w*x, swy+w*y
	}
	mx, my := swx/sw, swy/sw
	var sxx, sxy float64
	for _, p := range f.Points {
		w := 1 / (p.SDLog * p.SDLog)
		dx := p.Year - FitYear - mx
		sxx += w * dx * dx
		sxy += w * dx * (math.Log(p.FTE) - my)
	}
	f.B = sxy / sxx
	f.A = my - f.B*mx
	for _, p := range f.Points {
		r := (math.Log(p.FTE) - f.A - f.B*(p.Year-FitYear)) / p.SDLog
		f.Chi2 += r * r
	}
	f.Scale = math.Sqrt(math.Max(1, f.Chi2/float64(len(f.Points)-2)))
	k := f.Scale * f.Scale
	varB, varA, cov := k/sxx, k*(1/sw+mx*mx/sxx), -k*mx/sxx
	f.SEA, f.SEB, f.CovAB = math.Sqrt(varA), math.Sqrt(varB), cov

	f.Growth = Interval{math.Exp(f.B-z90*f.SEB) - 1, math.Exp(f.B) - 1, math.Exp(f.B+z90*f.SEB) - 1}
	f.FTE = logInterval(f.A, f.SEA)
	// ln E = a - ln b; by the delta method its variance is
	// var a + var b / b^2 - 2 cov(a, b) / b.
	varE := varA + varB/(f.B*f.B) - 2*cov/f.B
	f.Effort = logInterval(f.A-math.Log(f.B), math.Sqrt(varE))
}

func logInterval(m, se float64) Interval {
	return Interval{math.Exp(m - z90*se), math.Exp(m), math.Exp(m + z90*se)}
}

// GrowthText is the growth interval as scenario syntax, in whole percent.
func (f *FieldFit) GrowthText() string {
	return fmt.Sprintf("%.0f%% to %.0f%%", 100*f.Growth.Lo, 100*f.Growth.Hi)
}

// FTEText is the field size at FitYear as scenario syntax.
func (f *FieldFit) FTEText() string { return RangeText(f.FTE.Lo, f.FTE.Hi) }

// RefText is the fitted field size in FitYear, to two figures: the
// reference size at which research input equals headcount.
func (f *FieldFit) RefText() string { return sig2(f.FTE.Mid) }

// EffortText is the effort so far as scenario syntax.
func (f *FieldFit) EffortText() string { return RangeText(f.Effort.Lo, f.Effort.Hi) }

// RangeText writes "lo to hi" with each end rounded to two significant
// figures, the precision the data support.
func RangeText(lo, hi float64) string {
	return sig2(lo) + " to " + sig2(hi)
}

func sig2(v float64) string {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	e := math.Pow(10, math.Floor(math.Log10(math.Abs(v)))-1)
	return strconv.FormatFloat(math.Round(v/e)*e, 'f', -1, 64)
}
