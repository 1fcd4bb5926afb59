package main

import (
	"context"
	"io"
	"sync/atomic"

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
	if c.format == "csv" {
		if mx := sim.MaxWorlds(0); c.n > mx {
			return &sim.TooManyError{N: c.n, Max: mx}
		}
		return writeWorldsCSV(ctx, stdout, pl, c.seed, c.n)
	}
	var done atomic.Int64
	stop := showProgress(ctx, stderr, &done, int64(c.n))
	r, err := sim.Run(ctx, pl, sim.Options{N: c.n, Seed: c.seed, Progress: &done})
	stop()
	if err != nil {
		return err
	}
	sum := sim.Summarize(r)
	if c.format == "json" {
		return writeJSON(stdout, summaryJSON(&sum, pl))
	}
	return writeText(stdout, &sum, pl)
}

// runPlans runs several plans on the same worlds, with a progress bar, and
// summarises each.
func runPlans(ctx context.Context, plans []*scenario.Plan, c common, stderr io.Writer) ([]*sim.Result, []sim.Summary, error) {
	var done atomic.Int64
	stop := showProgress(ctx, stderr, &done, int64(c.n))
	rs, err := sim.RunMany(ctx, plans, sim.Options{N: c.n, Seed: c.seed, Progress: &done})
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
