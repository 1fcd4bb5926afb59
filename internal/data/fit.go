package data

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"
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

// Estimate is one published estimate of the field's present growth
// (growth.csv, rows with in_spread=yes): one counting method's answer.
type Estimate struct {
	Name           string
	Growth         float64 // per year: 0.21 is 21%
	Source, Status string
}

// Interval is a central 90% interval with the fit's point estimate.
type Interval struct{ Lo, Mid, Hi float64 }

// FieldFit is the weighted log-linear fit of technical FTEs on the year,
//
//	ln F(t) = a + b (t - FitYear) + e,  e ~ N(0, sd_log^2),
//
// with each point's sd_log given in the data (its measurement error on the
// log scale), widened by a between-method term: the published estimates of
// the growth rate, counted by other methods, scatter more than the fit's
// standard error allows, so the variance of the slope is
//
//	Var b = SE_wls^2 + tau^2,
//
// with tau^2 the sample variance of ln(1+g) over the published estimates and
// the fit's own b. The effort so far is the integral of the fitted curve up
// to FitYear, F(FitYear)/b.
type FieldFit struct {
	Points    []Point
	Estimates []Estimate // the methods that set Tau; none: no method term
	A, B      float64    // intercept at FitYear, slope (per year, log scale)
	SEA, SEB  float64    // weighted least squares standard errors
	CovAB     float64
	Chi2      float64 // weighted residual sum of squares
	Scale     float64 // sqrt(max(1, chi2/(n-2))): inflation when points scatter more than their errors say
	Tau       float64 // between-method standard deviation of b
	SEBTotal  float64 // sqrt(SEB^2 + Tau^2): the slope's standard error with the method term
	DFGrowth  float64 // Satterthwaite degrees of freedom of the growth interval (+Inf without a method term)
	DFEffort  float64 // the same for the effort interval
	Growth    Interval
	FTE       Interval // F(FitYear)
	Effort    Interval // integral of F up to FitYear, person-years
}

// z90 is the standard normal 95th percentile: a central 90% interval is
// +-z90 standard errors.
var z90 = distuv.UnitNormal.Quantile(0.95)

// Fit fits the technical FTE series in field.csv, with the between-method
// term set by the estimates in growth.csv.
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
	if f.Estimates, err = estimates(); err != nil {
		return nil, err
	}
	f.solve()
	return f, nil
}

// estimates reads the rows of growth.csv with in_spread=yes.
func estimates() ([]Estimate, error) {
	s, err := Get("growth")
	if err != nil {
		return nil, err
	}
	cn, cg, cin, csrc := s.Col("estimate"), s.Col("growth"), s.Col("in_spread"), s.Col("source")
	var out []Estimate
	for i, r := range s.Rows {
		switch r[cin] {
		case "yes":
		case "no":
			continue
		default:
			return nil, fmt.Errorf("growth.csv row %d: in_spread is %q, want yes or no", i+2, r[cin])
		}
		pct, ok := strings.CutSuffix(r[cg], "%")
		g, err := strconv.ParseFloat(pct, 64)
		if !ok || err != nil || g <= -100 {
			return nil, fmt.Errorf("growth.csv row %d: growth %q is not a percentage above -100%%", i+2, r[cg])
		}
		out = append(out, Estimate{Name: r[cn], Growth: g / 100, Source: r[csrc], Status: s.Status(i)})
	}
	return out, nil
}

// solve is weighted least squares with known variances; the standard errors
// come from the weights, scaled up by the Birge ratio when the residuals
// are larger than the stated errors, and the slope's variance is widened by
// the between-method variance tau^2.
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

	// The between-method variance: the sample variance of b_j = ln(1+g_j)
	// over the m published estimates and the fit's own b (m+1 methods, m
	// degrees of freedom). It is added to the slope only: the methods
	// disagree about how the past is counted, not about the field's size
	// now, so it turns the fitted line about FitYear and leaves a alone.
	tau2, df := 0.0, 0.0
	if m := len(f.Estimates); m > 0 {
		bs := []float64{f.B}
		for _, e := range f.Estimates {
			bs = append(bs, math.Log1p(e.Growth))
		}
		tau2, df = stat.Variance(bs, nil), float64(m)
	}
	varBT := varB + tau2
	f.Tau, f.SEBTotal = math.Sqrt(tau2), math.Sqrt(varBT)

	qg := quantile90(varBT, tau2, df, &f.DFGrowth)
	f.Growth = Interval{math.Exp(f.B-qg*f.SEBTotal) - 1, math.Exp(f.B) - 1, math.Exp(f.B+qg*f.SEBTotal) - 1}
	f.FTE = logInterval(f.A, f.SEA, z90)
	// ln E = a - ln b; by the delta method its variance is
	// var a + var b / b^2 - 2 cov(a, b) / b, with var b including tau^2.
	varE := varA + varBT/(f.B*f.B) - 2*cov/f.B
	qe := quantile90(varE, tau2/(f.B*f.B), df, &f.DFEffort)
	f.Effort = logInterval(f.A-math.Log(f.B), math.Sqrt(varE), qe)
}

// quantile90 is the 95th percentile by which a central 90% interval
// multiplies the standard error sqrt(v), when a part vt of the variance v
// is estimated with df degrees of freedom and the rest is taken as known.
// The Welch-Satterthwaite degrees of freedom are v^2 df / vt^2, stored in
// *nu; without an estimated part they are infinite and the quantile is the
// normal one.
func quantile90(v, vt, df float64, nu *float64) float64 {
	if vt == 0 || df == 0 {
		*nu = math.Inf(1)
		return z90
	}
	*nu = v * v * df / (vt * vt)
	if *nu > 1e7 {
		// t is within 1e-7 of the normal here, and gonum's t quantile
		// loses accuracy far beyond it (1.64481 at 1e12 degrees).
		return z90
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: *nu}.Quantile(0.95)
}

func logInterval(m, se, q float64) Interval {
	return Interval{math.Exp(m - q*se), math.Exp(m), math.Exp(m + q*se)}
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
