package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"ontrack/internal/analysis"
)

// Solve is `ontrack solve`: the value of a parameter that brings P(on
// track) or the median lead to a target.
type Solve struct {
	Header
	Vary      string `json:"vary"`
	Unit      string `json:"unit"` // the parameter's
	RangeLo   Num    `json:"range_lo"`
	RangeHi   Num    `json:"range_hi"`
	Metric    string `json:"metric"` // p or lead
	Target    Num    `json:"target"`
	Reachable bool   `json:"reachable"`
	Value     Num    `json:"value"`
	ValueLo   Num    `json:"value_lo95"` // null where that crossing lies outside the range
	ValueHi   Num    `json:"value_hi95"`
	AtLo      Num    `json:"metric_at_range_lo"`
	AtHi      Num    `json:"metric_at_range_hi"`
	Runs      int    `json:"runs"`
	BracketLo Num    `json:"bracket_lo"`
	BracketHi Num    `json:"bracket_hi"`
	Tol       Num    `json:"tol"`
	Stopped   string `json:"stopped,omitempty"` // analysis.StopSteps or StopSpacing

	sol *analysis.Solution // for Sweep.ChartSolved
}

// NewSolve is the report of sol on scenario; unit is the parameter's.
func NewSolve(sol *analysis.Solution, scenario, unit string) *Solve {
	r := &Solve{sol: sol, Header: header(scenario, sol.N, sol.Seed), Vary: sol.Path, Unit: unit, RangeLo: Num(sol.Lo), RangeHi: Num(sol.Hi),
		Metric: string(sol.Metric), Target: Num(sol.Target), Reachable: sol.Reachable,
		Value: Num(sol.X), ValueLo: Num(sol.XLo), ValueHi: Num(sol.XHi), AtLo: Num(sol.AtLo), AtHi: Num(sol.AtHi), Runs: sol.Evals,
		BracketLo: Num(sol.Bracket[0]), BracketHi: Num(sol.Bracket[1]), Tol: Num(sol.Tol), Stopped: sol.Stopped}
	switch sol.Stopped {
	case analysis.StopSpacing:
		r.Warnings = append(r.Warnings, fmt.Sprintf("the tolerance %g is below the spacing of floats at the crossing; the bracket is as narrow as it can be", sol.Tol))
	case analysis.StopSteps:
		r.Warnings = append(r.Warnings, fmt.Sprintf("stopped after %d trials with the bracket wider than the tolerance %g", analysis.MaxSteps, sol.Tol))
	}
	return r
}

// WriteJSON writes the report as JSON.
func (r *Solve) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteCSV writes the report as one row.
func (r *Solve) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"vary", "range_lo", "range_hi", "metric", "target", "reachable", "value", "value_lo95", "value_hi95", "metric_at_range_lo", "metric_at_range_hi", "runs", "samples", "seed"})
	_ = cw.Write([]string{r.Vary, csvNum(r.RangeLo), csvNum(r.RangeHi), r.Metric, csvNum(r.Target), strconv.FormatBool(r.Reachable), csvNum(r.Value), csvNum(r.ValueLo), csvNum(r.ValueHi),
		csvNum(r.AtLo), csvNum(r.AtHi), strconv.Itoa(r.Runs), strconv.Itoa(r.Samples), strconv.FormatUint(r.Seed, 10)})
	cw.Flush()
	return cw.Error()
}

// WriteText writes the answer for a person to read.
func (r *Solve) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	what := "P(on track)"
	val := func(x Num) string { return fmt.Sprintf("%.3f", x) }
	if r.Metric == string(analysis.MetricLead) {
		what = "the median lead"
		val = func(x Num) string { return fmt.Sprintf("%.2f years", x) }
	}
	fmt.Fprintf(b, "ontrack %s · solve · scenario %s · %d worlds, the same for every trial · seed %d\n\n", r.Version, r.Scenario, r.Samples, r.Seed)
	x := func(v Num) string { return param(r.Vary, float64(v), -1) }
	fmt.Fprintf(b, "%s over %s..%s: %s is %s at %s and %s at %s.\n", r.Vary, x(r.RangeLo), x(r.RangeHi), what, val(r.AtLo), x(r.RangeLo), val(r.AtHi), x(r.RangeHi))
	if !r.Reachable {
		fmt.Fprintf(b, "\nNot reachable: %s never comes to %s anywhere in this range.\n", what, val(r.Target))
		return b.Flush()
	}
	end := func(x Num) string {
		if math.IsNaN(float64(x)) {
			return "beyond the range"
		}
		return param(r.Vary, float64(x), 4)
	}
	unit := " " + r.Unit // "per year" after a growth rate; a fraction's % says it all
	if percent(r.Vary) && r.Unit != "per year" || r.Unit == "" {
		unit = ""
	}
	fmt.Fprintf(b, "\n%s = %s%s gives %s = %s\n", r.Vary, end(r.Value), unit, what, val(r.Target))
	fmt.Fprintf(b, "95%% interval for Monte Carlo error: %s to %s (%d runs of %d worlds)\n", end(r.ValueLo), end(r.ValueHi), r.Runs, r.Samples)
	lo, hi := float64(r.BracketLo), float64(r.BracketHi)
	switch r.Stopped {
	case analysis.StopSpacing:
		fmt.Fprintf(b, "\nThe crossing lies between %v and %v, neighbouring floats:\na tolerance of %g is below their spacing, %.2g, so the bracket could shrink no further.\n", lo, hi, r.Tol, hi-lo)
	case analysis.StopSteps:
		fmt.Fprintf(b, "\nStopped after %d trials with the crossing between %v and %v, wider than the\ntolerance %g.\n", analysis.MaxSteps, lo, hi, r.Tol)
	}
	fmt.Fprintf(b, "\nThe parameter is held at the value in every world; everything else varies as in the scenario.\n")
	return b.Flush()
}
