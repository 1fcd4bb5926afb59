package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"strings"

	"ontrack/internal/analysis"
	"ontrack/internal/dist"
	"ontrack/internal/model"
	"ontrack/internal/report"
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
	return emit(stdout, stderr, c.format, report.NewSolve(sol, s.Name, f.Unit))
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
