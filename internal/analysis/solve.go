package analysis

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"ontrack/internal/dist"
	"ontrack/internal/fault"
	"ontrack/internal/model"
	"ontrack/internal/root"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// Metric is what solve aims at.
type Metric string

const (
	MetricP    Metric = "p"    // P(on track)
	MetricLead Metric = "lead" // median lead in years
)

// Goal asks for the value of one parameter, held at a number in every
// world, that brings the metric to the target.
type Goal struct {
	Path   string
	Lo, Hi float64
	Metric Metric
	Target float64
	Tol    float64 // width of the final bracket; 0 means (Hi-Lo)/10,000
}

// Solution is where the metric crosses the target on common random
// numbers, with a 95% interval for Monte Carlo error: the values at which
// the metric crosses target plus and minus 1.96 standard errors.
type Solution struct {
	Goal
	N          int
	Seed       uint64
	Reachable  bool
	X          float64
	XLo, XHi   float64 // NaN where that crossing lies outside the range
	AtLo, AtHi float64 // the metric at the ends of the range
	Evals      int     // runs of N worlds made
	// Bracket is the final bracket around X: X is its middle. It is
	// narrower than Tol unless Stopped says why not.
	Bracket [2]float64
	Stopped string // "", StopSteps or StopSpacing
}

// MaxSteps caps the trials spent on each of the three crossings (the
// estimate and the two ends of its interval). Each trial keeps at most
// 15/16 of the bracket and Illinois usually far less, so the default
// tolerance takes a few dozen.
const MaxSteps = 200

// Why a solve stopped before its bracket came within Tol.
const (
	StopSteps   = root.StopSteps   // MaxSteps trials were made
	StopSpacing = root.StopSpacing // the bracket's ends are neighbouring floats
)

// ParseGoal reads a goal as a command line or a form gives it: the
// parameter's path, the range "A..B", the target (a probability such as
// 0.5 or 50% for the metric p, years for lead), the metric ("p" or "lead")
// and the tolerance (0 for the default). Its errors are invalid input and
// name each value as the command's flags do.
func ParseGoal(vary, in, target, metric string, tol float64) (Goal, error) {
	if tol < 0 || math.IsNaN(tol) {
		return Goal{}, invalidf("--tol %g: must be positive (or 0 for the default)", tol)
	}
	g := Goal{Path: vary, Metric: Metric(metric), Tol: tol}
	if vary == "" || in == "" || target == "" {
		return g, invalidf("solve: give --vary PATH, --in A..B and --target X")
	}
	fi := model.FieldIndex(vary)
	if fi < 0 {
		return g, invalidf("--vary %s: unknown parameter (ontrack params lists them)", vary)
	}
	a, b, ok := strings.Cut(in, "..")
	if !ok {
		return g, invalidf("--in %q: expected A..B", in)
	}
	var err error
	if g.Lo, err = Number(a); err == nil {
		g.Hi, err = Number(b)
	}
	if err != nil {
		return g, invalidf("--in %q: %w", in, err)
	}
	f := &model.Fields[fi]
	if !(g.Lo < g.Hi) || g.Lo < f.Lo || g.Hi > f.Hi {
		return g, invalidf("--in %q: the range must be increasing and inside %s's range [%g, %g]", in, vary, f.Lo, f.Hi)
	}
	if g.Target, err = Number(target); err != nil {
		return g, invalidf("--target %q: %w", target, err)
	}
	switch g.Metric {
	case MetricP:
		if !(g.Target > 0 && g.Target < 1) {
			return g, invalidf("--target %q: a probability strictly between 0 and 1", target)
		}
	case MetricLead:
	default:
		return g, invalidf("--metric %q: expected p or lead", metric)
	}
	return g, nil
}

// Number reads one finite number in the scenario syntax: 0.5, 50%, 3k.
func Number(s string) (float64, error) {
	d, err := dist.Parse(strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	pt, ok := d.(dist.Point)
	if !ok || math.IsInf(pt.V, 0) {
		return 0, errors.New("expected a finite number")
	}
	return pt.V, nil
}

func invalidf(format string, args ...any) error { return fault.Errorf(fault.Invalid, format, args...) }

// Solve finds the crossing by the Illinois method (root.Illinois) on the same worlds each
// time. On common random numbers the metric is a deterministic function of
// the parameter (a step function with N small steps), so the method
// converges to it; if the metric is monotone there is one crossing.
func Solve(ctx context.Context, s *scenario.Scenario, g Goal, opt sim.Options) (*Solution, error) {
	fi := model.FieldIndex(g.Path)
	if fi < 0 {
		return nil, fault.Errorf(fault.Invalid, "unknown parameter %q", g.Path)
	}
	f := &model.Fields[fi]
	if !(g.Lo < g.Hi) || g.Lo < f.Lo || g.Hi > f.Hi {
		return nil, fault.Errorf(fault.Invalid, "%s: the range %g..%g must be increasing and inside %s", g.Path, g.Lo, g.Hi, scenario.RangeText(f))
	}
	if g.Tol <= 0 {
		g.Tol = (g.Hi - g.Lo) / 1e4
	}
	sol := &Solution{Goal: g, N: opt.N, Seed: opt.Seed, XLo: math.NaN(), XHi: math.NaN(), X: math.NaN()}
	// eval returns the metric at x for the three levels: the estimate and
	// the ends of its 95% band.
	eval := func(x float64) ([3]float64, error) {
		sol.Evals++
		c := s.Clone()
		if err := c.Set(g.Path, fmtG(x), "solve"); err != nil {
			return [3]float64{}, err
		}
		pl, err := scenario.Compile(c)
		if err != nil {
			return [3]float64{}, err
		}
		r, err := sim.Run(ctx, pl, opt)
		if err != nil {
			return [3]float64{}, err
		}
		return levels(r, g), nil
	}
	lo, err := eval(g.Lo)
	if err != nil {
		return nil, err
	}
	hi, err := eval(g.Hi)
	if err != nil {
		return nil, err
	}
	sol.AtLo, sol.AtHi = lo[1], hi[1]
	targets := [3]float64{g.Target, g.Target, g.Target}
	if g.Metric == MetricP {
		se := 1.96 * math.Max(sim.BinomialSE(g.Target, float64(opt.N)), math.Sqrt(1e-12/float64(opt.N)))
		targets = [3]float64{g.Target + se, g.Target, g.Target - se}
	}
	var xs [3]float64
	for k := range 3 {
		xs[k] = math.NaN()
		a, b := lo[k]-targets[k], hi[k]-targets[k]
		if a == 0 {
			xs[k] = g.Lo
			continue
		}
		if b == 0 || a*b > 0 {
			if b == 0 {
				xs[k] = g.Hi
			}
			continue
		}
		x0, x1, stopped, err := root.Illinois(func(x float64) (float64, error) {
			v, err := eval(x)
			return v[k] - targets[k], err
		}, g.Lo, g.Hi, a, b, g.Tol, MaxSteps)
		if err != nil {
			return nil, err
		}
		xs[k] = x0 + (x1-x0)/2
		if k == 1 {
			sol.Bracket, sol.Stopped = [2]float64{x0, x1}, stopped
		}
	}
	sol.X = xs[1]
	sol.Reachable = !math.IsNaN(sol.X)
	sol.XLo, sol.XHi = xs[0], xs[2]
	if sol.XLo > sol.XHi {
		sol.XLo, sol.XHi = sol.XHi, sol.XLo
	}
	return sol, nil
}

// levels is the metric and the ends of its 95% band. For P(on track) the
// band is applied to the target instead (see Solve), so the three are
// equal; for the median lead they are the order statistics that bound the
// median's 95% confidence interval.
func levels(r *sim.Result, g Goal) [3]float64 {
	if g.Metric == MetricP {
		p, _ := share(r.Done.OnTrack)
		return [3]float64{p, p, p}
	}
	c := slices.Clone(r.Done.Lead)
	slices.Sort(c)
	d := 1.96 * 0.5 / math.Sqrt(float64(len(c)))
	return [3]float64{sim.Quantile(c, 0.5-d), sim.Quantile(c, 0.5), sim.Quantile(c, 0.5+d)}
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
