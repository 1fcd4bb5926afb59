package main

import (
	"context"
	"io"
	"sync/atomic"

	"ontrack/internal/analysis"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
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
	c, err := parseCommon("run", runUsage, 100_000, args, stdin, stdout, stderr)
	if err != nil {
		return err
	}
	if c.mix != "" {
		return mixRun(ctx, c, stdout, stderr)
	}
	_, pl, err := c.plan()
	if err != nil {
		return err
	}
	plans := []*scenario.Plan{pl}
	// CSV is written one row at a time: its memory does not grow with -n.
	if c.format != "csv" {
		if err := analysis.CheckRun(c.mem, plans, c.n, 0); err != nil {
			return err
		}
	}
	warnSlow(stderr, analysis.Estimate(plans, c.seed, float64(c.n), 0))
	if c.format == "csv" {
		return report.WriteWorldsCSV(ctx, stdout, pl, c.seed, c.n)
	}
	var done atomic.Int64
	stop := showProgress(ctx, stderr, &done, int64(c.n))
	r, err := sim.Run(ctx, pl, c.options(c.n, &done))
	stop()
	if err != nil {
		return err
	}
	sum := sim.Summarize(r)
	return emit(stdout, stderr, c.format, report.NewRun(&sum, pl))
}

// runPlans runs several plans on the same worlds, with a progress bar, and
// summarises each. extra is memory per world on top of the runs (a pool).
func runPlans(ctx context.Context, plans []*scenario.Plan, c common, extra float64, stderr io.Writer) ([]*sim.Result, []sim.Summary, error) {
	if err := analysis.CheckRun(c.mem, plans, c.n, extra); err != nil {
		return nil, nil, err
	}
	warnSlow(stderr, analysis.Estimate(plans, c.seed, float64(c.n)*float64(len(plans)), 0))
	var done atomic.Int64
	stop := showProgress(ctx, stderr, &done, int64(c.n))
	rs, err := sim.RunMany(ctx, plans, c.options(c.n, &done))
	stop()
	if err != nil {
		return nil, nil, err
	}
	sums := make([]sim.Summary, len(rs))
	for k, r := range rs {
		sums[k] = sim.Summarize(r)
	}
	return rs, sums, nil
}
