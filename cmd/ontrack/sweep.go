package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync/atomic"

	"ontrack/internal/dist"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

const sweepUsage = `Usage: ontrack sweep --set PATH=A..B:STEPS [--set PATH2=A..B:STEPS] [flags]

Runs the scenario on a grid of one or two parameters, STEPS evenly spaced
values from A to B each (e.g. --set field.growth=10%..60%:6), and prints
P(on track) in each cell. Every cell uses the same worlds (common random
numbers), so differences between cells are not Monte Carlo noise.
Other --set flags override parameters as in 'ontrack run'.
`

// axis is one swept parameter.
type axis struct {
	path   string
	values []float64
}

// parseAxis reads PATH=A..B:STEPS; ok is false if kv is not of that form.
func parseAxis(kv string) (axis, bool, error) {
	path, val, found := strings.Cut(kv, "=")
	if !found || !strings.Contains(val, "..") {
		return axis{}, false, nil
	}
	bad := func(msg string) (axis, bool, error) {
		return axis{}, true, usagef("--set %s: %s (expected PATH=A..B:STEPS, e.g. field.growth=10%%..60%%:6)", kv, msg)
	}
	rng, stepsText, ok := strings.Cut(val, ":")
	if !ok {
		return bad("no :STEPS")
	}
	steps, err := strconv.Atoi(strings.TrimSpace(stepsText))
	if err != nil || steps < 2 || steps > 1000 {
		return bad("STEPS must be a whole number from 2 to 1000")
	}
	aText, bText, _ := strings.Cut(rng, "..")
	var ends [2]float64
	for i, t := range []string{aText, bText} {
		d, err := dist.Parse(t)
		pt, isPt := d.(dist.Point)
		if err != nil || !isPt {
			return bad(fmt.Sprintf("%s is not a number", dist.Quote(strings.TrimSpace(t))))
		}
		if math.IsInf(pt.V, 0) {
			return bad(fmt.Sprintf("the end %s is infinite; a sweep runs between finite numbers", dist.Quote(strings.TrimSpace(t))))
		}
		ends[i] = pt.V
	}
	ax := axis{path: strings.TrimSpace(path)}
	for i := range steps {
		// a(1-t) + b t, not a + (b-a)t: b-a overflows for ends near ±1e308.
		t := float64(i) / float64(steps-1)
		ax.values = append(ax.values, ends[0]*(1-t)+ends[1]*t)
	}
	return ax, true, nil
}

func sweepCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c, err := parseCommon("sweep", sweepUsage, 20_000, args, stdin, stdout, stderr)
	if err != nil {
		return err
	}
	var axes []axis
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
		cells *= len(ax.values)
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
	// Build every cell's plan first, so that a bad value fails before any run.
	var grid [][]float64
	for _, v := range axes[0].values {
		if len(axes) == 1 {
			grid = append(grid, []float64{v})
			continue
		}
		for _, w := range axes[1].values {
			grid = append(grid, []float64{v, w})
		}
	}
	plans := make([]*scenario.Plan, len(grid))
	for i, vals := range grid {
		s := base.Clone()
		for j, ax := range axes {
			text := strconv.FormatFloat(vals[j], 'g', -1, 64)
			if err := s.Set(ax.path, text, "--set "+ax.path+" (sweep)"); err != nil {
				return err
			}
		}
		if plans[i], err = scenario.Compile(s); err != nil {
			return err
		}
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
	paths := make([]string, len(axes))
	values := make([][]float64, len(axes))
	for j, ax := range axes {
		paths[j], values[j] = ax.path, ax.values
	}
	return emit(stdout, stderr, c.format, report.NewSweep(base.Name, paths, values, grid, sums))
}
