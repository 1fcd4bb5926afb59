package job

import (
	"context"
	"slices"

	"ontrack/internal/analysis"
	"ontrack/internal/report"
	"ontrack/internal/sim"
)

// SweepRequest runs the scenario on a grid of one or two parameters.
type SweepRequest struct {
	Request
	// Axes are the swept parameters, each PATH=A..B:STEPS. An override in
	// Scenario.Sets of that form is an axis too, after these: the command
	// passes every --set there, as its users type them.
	Axes []string
}

// Sweep runs req.N worlds, the same ones, at every point of the grid.
func Sweep(ctx context.Context, env Env, req SweepRequest) (*report.Sweep, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	axes, rest, err := analysis.Axes(append(slices.Clip(req.Axes), req.Scenario.Sets...))
	if err != nil {
		return nil, err
	}
	req.Scenario.Sets = rest
	base, err := req.build()
	if err != nil {
		return nil, err
	}
	// The grid's size and each point's worlds must fit before any is built.
	if err := analysis.CheckSweep(env.Mem, base, axes, req.N); err != nil {
		return nil, err
	}
	grid := analysis.Grid(axes)
	plans, err := analysis.SweepPlans(base, axes, grid)
	if err != nil {
		return nil, err
	}
	if err := env.start(plans, req.Seed, float64(req.N)*float64(len(plans)), 0); err != nil {
		return nil, err
	}
	env.phase(req.N * len(plans))
	sums := make([]sim.Summary, len(grid))
	for i, pl := range plans {
		r, err := sim.Run(ctx, pl, env.options(req.Request, req.N))
		if err != nil {
			return nil, err
		}
		sums[i] = sim.Summarize(r)
	}
	return report.NewSweep(base.Name, axes, grid, sums), nil
}
