package main

import (
	"context"
	"fmt"
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

// parseAxis reads PATH=A..B:STEPS; ok is false if kv is not of that form.
func parseAxis(kv string) (analysis.Axis, bool, error) {
	ax, ok, err := analysis.ParseAxis(kv)
	if err != nil {
		err = usagef("%v", err)
	}
	return ax, ok, err
}

func sweepCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c, err := parseCommon("sweep", sweepUsage, 20_000, args, stdin, stdout, stderr)
	if err != nil {
		return err
	}
	var axes []analysis.Axis
	for _, kv := range c.sets {
		ax, ok, err := parseAxis(kv)
		if err != nil {
			return err
		}
		if ok {
			axes = append(axes, ax)
		}
	}
	if len(axes) == 0 || len(axes) > 2 {
		return usagef("sweep: give one or two --set PATH=A..B:STEPS, got %d", len(axes))
	}
	base, err := c.scenario(func(kv string) bool { _, ok, _ := parseAxis(kv); return ok })
	if err != nil {
		return err
	}
	// The grid's size and each cell's worlds must fit before any is built.
	cells := 1
	for _, ax := range axes {
		cells *= len(ax.Values)
	}
	if err := c.mem.Check(fmt.Sprintf("a sweep of %d grid points", cells), cells, "grid points", 0, cellBytes); err != nil {
		return err
	}
	// The cells run one after another: the memory is a cell's worlds, and
	// the garbage of the one before until the collector takes it.
	perWorld := 2 * float64(sim.BytesPerWorld(len(base.Milestones)))
	if err := checkMemory(c.mem, "-n", c.n, "worlds", float64(cells)*cellBytes, perWorld); err != nil {
		return err
	}
	grid := analysis.Grid(axes)
	plans, err := analysis.SweepPlans(base, axes, grid)
	if err != nil {
		return err
	}
	warnSlow(stderr, float64(c.n)*float64(len(plans)), worldTime(plans, c.seed), 0)
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
