package main

import (
	"context"
	"flag"
	"io"

	"ontrack/internal/job"
	"ontrack/internal/report"
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
	var r job.SolveRequest
	return analyse(ctx, "solve", solveUsage, job.SolveN, args, stdin, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&r.Vary, "vary", "", "the parameter to solve for: `PATH`")
		fs.StringVar(&r.In, "in", "", "the range to search: `A..B`")
		fs.StringVar(&r.Target, "target", "", "the target: a probability such as 0.5 or 50% (metric p), or years (metric lead)")
		fs.StringVar(&r.Metric, "metric", "p", "what to aim at: p (P(on track)) or lead (median lead in years)")
		fs.Float64Var(&r.Tol, "tol", 0, "width of the final bracket (default: the range / 10,000)")
	}, func(env job.Env, req job.Request) (report.Report, error) {
		r.Request = req
		return job.Solve(ctx, env, r)
	})
}
