package main

import (
	"context"
	"io"
	"sync/atomic"

	"ontrack/internal/analysis"
	"ontrack/internal/report"
	"ontrack/internal/sim"
)

const sweepUsage = `Usage: ontrack sweep --set PATH=A..B:STEPS [--set PATH2=A..B:STEPS] [flags]

Runs the scenario on a grid of one or two parameters, STEPS evenly spaced
values from A to B each (e.g. --set field.growth=10%..60%:6), and prints
P(on track) in each cell. Every cell uses the same worlds (common random
numbers), so differences between cells are not Monte Carlo noise.
Other --set flags override parameters as in 'ontrack run'.
`

func sweepCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c, err := parseCommon("sweep", sweepUsage, 20_000, args, stdin, stdout, stderr)
	if err != nil {
		return err
	}
	axes, rest, err := analysis.Axes(c.sets)
	if err != nil {
		return err
	}
	c.sets = rest
	base, err := c.scenario()
	if err != nil {
		return err
	}
	// The grid's size and each point's worlds must fit before any is built.
	if err := analysis.CheckSweep(c.mem, base, axes, c.n); err != nil {
		return err
	}
	grid := analysis.Grid(axes)
	plans, err := analysis.SweepPlans(base, axes, grid)
	if err != nil {
		return err
	}
	warnSlow(stderr, analysis.Estimate(plans, c.seed, float64(c.n)*float64(len(plans)), 0))
	var done atomic.Int64
	stop := showProgress(ctx, stderr, &done, int64(c.n*len(plans)))
	sums := make([]sim.Summary, len(grid))
	for i, pl := range plans {
		r, err := sim.Run(ctx, pl, c.options(c.n, &done))
		if err != nil {
			stop()
			return err
		}
		sums[i] = sim.Summarize(r)
	}
	stop()
	return emit(stdout, stderr, c.format, report.NewSweep(base.Name, axes, grid, sums))
}
