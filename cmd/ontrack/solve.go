package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"ontrack/internal/analysis"
	"ontrack/internal/dist"
	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

const solveUsage = `Usage: ontrack solve --vary PATH --in A..B --target X [--metric p|lead] [--preset NAME]... [-f FILE] [--set PATH=VALUE]... [-n N] [--seed S] [--format text|json|csv]

Finds the value of one parameter, held at that number in every world, that
brings P(on track) (--metric p, the default) or the median lead in years
(--metric lead) to the target: "what growth rate gets P(on track) to
50%?" is

    ontrack solve --vary field.growth --in 0..2 --target 50%

Every trial value runs on the same worlds, so the metric is a smooth,
deterministic function of the parameter and the Illinois method converges
to it. The 95% interval is where the metric crosses the target plus and
minus its Monte Carlo error. If the target is not reached anywhere in the
range, it says so.
`

func solveCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var vary, in, target, metric string
	var tol float64
	c, err := parseCommon("solve", solveUsage, 20_000, args, stdin, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&vary, "vary", "", "the parameter to solve for: `PATH`")
		fs.StringVar(&in, "in", "", "the range to search: `A..B`")
		fs.StringVar(&target, "target", "", "the target: a probability such as 0.5 or 50% (metric p), or years (metric lead)")
		fs.StringVar(&metric, "metric", "p", "what to aim at: p (P(on track)) or lead (median lead in years)")
		fs.Float64Var(&tol, "tol", 0, "width of the final bracket (default: the range / 10,000)")
	})
	if err != nil {
		return err
	}
	if tol < 0 || math.IsNaN(tol) {
		return usagef("--tol %g: must be positive (or 0 for the default)", tol)
	}
	g := analysis.Goal{Path: vary, Metric: analysis.Metric(metric), Tol: tol}
	if vary == "" || in == "" || target == "" {
		return usagef("solve: give --vary PATH, --in A..B and --target X")
	}
	fi := model.FieldIndex(vary)
	if fi < 0 {
		return usagef("--vary %s: unknown parameter (ontrack params lists them)", vary)
	}
	a, b, ok := strings.Cut(in, "..")
	if !ok {
		return usagef("--in %q: expected A..B", in)
	}
	if g.Lo, err = number(a); err == nil {
		g.Hi, err = number(b)
	}
	if err != nil {
		return usagef("--in %q: %v", in, err)
	}
	f := &model.Fields[fi]
	if !(g.Lo < g.Hi) || g.Lo < f.Lo || g.Hi > f.Hi {
		return usagef("--in %q: the range must be increasing and inside %s's range [%g, %g]", in, vary, f.Lo, f.Hi)
	}
	if g.Target, err = number(target); err != nil {
		return usagef("--target %q: %v", target, err)
	}
	switch g.Metric {
	case analysis.MetricP:
		if !(g.Target > 0 && g.Target < 1) {
			return usagef("--target %q: a probability strictly between 0 and 1", target)
		}
	case analysis.MetricLead:
	default:
		return usagef("--metric %q: expected p or lead", metric)
	}
	s, err := c.scenario(nil)
	if err != nil {
		return err
	}
	// Trials run one after another: the memory is one trial's worlds, the
	// lead's sorted copy, and the garbage of the trial before.
	perWorld := 2 * (float64(sim.BytesPerWorld(len(s.Milestones))) + 10)
	if err := checkMemory(c.mem, "-n", c.n, "worlds", 0, perWorld); err != nil {
		return err
	}
	pl, err := scenario.Compile(s)
	if err != nil {
		return err
	}
	warnSlow(stderr, float64(c.n)*float64(solveTrials(g)), worldTime([]*scenario.Plan{pl}, c.seed), 0)
	sol, err := analysis.Solve(ctx, s, g, c.options(c.n, nil))
	if err != nil {
		return err
	}
	if c.format == "csv" {
		cw := csv.NewWriter(stdout)
		_ = cw.Write([]string{"vary", "range_lo", "range_hi", "metric", "target", "reachable", "value", "value_lo95", "value_hi95", "metric_at_range_lo", "metric_at_range_hi", "runs", "samples", "seed"})
		_ = cw.Write([]string{vary, csvNum(g.Lo), csvNum(g.Hi), metric, csvNum(g.Target), strconv.FormatBool(sol.Reachable), csvNum(sol.X), csvNum(sol.XLo), csvNum(sol.XHi),
			csvNum(sol.AtLo), csvNum(sol.AtHi), strconv.Itoa(sol.Evals), strconv.Itoa(c.n), strconv.FormatUint(c.seed, 10)})
		cw.Flush()
		return cw.Error()
	}
	if c.format == "json" {
		return writeJSON(stdout, struct {
			Version   string `json:"version"`
			Scenario  string `json:"scenario"`
			Samples   int    `json:"samples"`
			Seed      uint64 `json:"seed"`
			Vary      string `json:"vary"`
			Lo        num    `json:"range_lo"`
			Hi        num    `json:"range_hi"`
			Metric    string `json:"metric"`
			Target    num    `json:"target"`
			Reachable bool   `json:"reachable"`
			Value     num    `json:"value"`
			ValueLo   num    `json:"value_lo95"`
			ValueHi   num    `json:"value_hi95"`
			AtLo      num    `json:"metric_at_range_lo"`
			AtHi      num    `json:"metric_at_range_hi"`
			Runs      int    `json:"runs"`
			BracketLo num    `json:"bracket_lo"`
			BracketHi num    `json:"bracket_hi"`
			Stopped   string `json:"stopped,omitempty"`
		}{version, s.Name, c.n, c.seed, vary, num(g.Lo), num(g.Hi), metric, num(g.Target), sol.Reachable,
			num(sol.X), num(sol.XLo), num(sol.XHi), num(sol.AtLo), num(sol.AtHi), sol.Evals,
			num(sol.Bracket[0]), num(sol.Bracket[1]), sol.Stopped})
	}
	return writeSolveText(stdout, sol, s.Name, f.Unit)
}

// solveTrials is about how many trials a solve makes: the two ends, then
// for each of its three crossings about as many as bisection would take to
// come within the tolerance (Illinois is usually quicker, never allowed
// more than analysis.MaxSteps).
func solveTrials(g analysis.Goal) int {
	tol := g.Tol
	if tol <= 0 {
		tol = (g.Hi - g.Lo) / 1e4
	}
	steps := math.Ceil(math.Log2((g.Hi - g.Lo) / tol))
	return 2 + 3*int(math.Min(math.Max(steps, 1), analysis.MaxSteps))
}

// number reads one number in the scenario syntax: 0.5, 50%, 3k.
func number(s string) (float64, error) {
	d, err := dist.Parse(strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	pt, ok := d.(dist.Point)
	if !ok || math.IsInf(pt.V, 0) {
		return 0, fmt.Errorf("expected a finite number")
	}
	return pt.V, nil
}

func writeSolveText(w io.Writer, sol *analysis.Solution, scenario, unit string) error {
	b := bufio.NewWriter(w)
	what := "P(on track)"
	val := func(x float64) string { return fmt.Sprintf("%.3f", x) }
	if sol.Metric == analysis.MetricLead {
		what = "the median lead"
		val = func(x float64) string { return fmt.Sprintf("%.2f years", x) }
	}
	fmt.Fprintf(b, "ontrack %s · solve · scenario %s · %d worlds, the same for every trial · seed %d\n\n", version, scenario, sol.N, sol.Seed)
	fmt.Fprintf(b, "%s over %g..%g: %s is %s at %g and %s at %g.\n", sol.Path, sol.Lo, sol.Hi, what, val(sol.AtLo), sol.Lo, val(sol.AtHi), sol.Hi)
	if !sol.Reachable {
		fmt.Fprintf(b, "\nNot reachable: %s never comes to %s anywhere in this range.\n", what, val(sol.Target))
		return b.Flush()
	}
	end := func(x float64) string {
		if math.IsNaN(x) {
			return "beyond the range"
		}
		return fmt.Sprintf("%.4g", x)
	}
	fmt.Fprintf(b, "\n%s = %.4g %s gives %s = %s\n", sol.Path, sol.X, unit, what, val(sol.Target))
	fmt.Fprintf(b, "95%% interval for Monte Carlo error: %s to %s (%d runs of %d worlds)\n", end(sol.XLo), end(sol.XHi), sol.Evals, sol.N)
	lo, hi := sol.Bracket[0], sol.Bracket[1]
	switch sol.Stopped {
	case analysis.StopSpacing:
		fmt.Fprintf(b, "\nThe crossing lies between %v and %v, neighbouring floats:\na tolerance of %g is below their spacing, %.2g, so the bracket could shrink no further.\n", lo, hi, sol.Tol, hi-lo)
	case analysis.StopSteps:
		fmt.Fprintf(b, "\nStopped after %d trials with the crossing between %v and %v, wider than the\ntolerance %g.\n", analysis.MaxSteps, lo, hi, sol.Tol)
	}
	fmt.Fprintf(b, "\nThe parameter is held at the value in every world; everything else varies as in the scenario.\n")
	return b.Flush()
}
