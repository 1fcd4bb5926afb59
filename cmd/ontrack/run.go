package main

import (
	"context"
	"io"

	"ontrack/internal/analysis"
	"ontrack/internal/job"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

const runUsage = `Usage: ontrack run [--preset NAME]... [-f FILE] [--set PATH=VALUE]... [-n N] [--seed S] [--format text|json|csv]
       ontrack run --mix NAME=W,NAME=W,... [--set PATH=VALUE]... [-n N] [--seed S] [--format text|json|csv]

Runs the scenario (the embedded default, Roger Dearnaley's view, unless -f
gives a file) over N worlds and reports P(on track): the chance that
alignment research is done before the deadline (ASI unless the scenario
says AGI), with its Monte Carlo standard error, and when things happen.
--format csv prints one row per world with its drawn inputs and outcomes.

Presets (ontrack presets lists them) are laid over the default in order,
then the file, then the --set overrides; the report lists every value that
differs from the default and where it came from. --mix runs several views
on the same worlds and pools them by weight, and says how much of the
pooled uncertainty is disagreement between the views.
`

func runCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c, err := parseCommon("run", runUsage, job.RunN, args, stdin, stdout, stderr, nil)
	if err != nil {
		return err
	}
	if c.mix != "" {
		return mixRun(ctx, c, stdout, stderr)
	}
	req, err := c.request()
	if err != nil {
		return err
	}
	if c.format == "csv" {
		// One row at a time: its memory does not grow with -n.
		s, err := req.Scenario.Build()
		if err != nil {
			return err
		}
		pl, err := scenario.Compile(s)
		if err != nil {
			return err
		}
		warnSlow(stderr, analysis.Estimate([]*scenario.Plan{pl}, c.seed, float64(c.n), 0))
		return report.WriteWorldsCSV(ctx, stdout, pl, c.seed, c.n)
	}
	return withEnv(ctx, c, stderr, func(env job.Env) (report.Report, error) {
		return job.Run(ctx, env, job.RunRequest{Request: req})
	}, stdout)
}
