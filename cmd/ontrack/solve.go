package main

import (
	"context"
	"flag"
	"io"

	"ontrack/internal/analysis"
	"ontrack/internal/model"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
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
	g, err := analysis.ParseGoal(vary, in, target, metric, tol)
	if err != nil {
		return err
	}
	s, err := c.scenario()
	if err != nil {
		return err
	}
	if err := analysis.CheckSolve(c.mem, s, c.n); err != nil {
		return err
	}
	pl, err := scenario.Compile(s)
	if err != nil {
		return err
	}
	trials := float64(analysis.SolveTrials(g))
	warnSlow(stderr, analysis.Estimate([]*scenario.Plan{pl}, c.seed, float64(c.n)*trials, 0))
	sol, err := analysis.Solve(ctx, s, g, c.options(c.n, nil))
	if err != nil {
		return err
	}
	return emit(stdout, stderr, c.format, report.NewSolve(sol, s.Name, model.Fields[model.FieldIndex(g.Path)].Unit))
}
