package job

import (
	"context"

	"ontrack/internal/analysis"
	"ontrack/internal/fault"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// RunRequest is a run of one scenario.
type RunRequest struct {
	Request
}

// Run runs the scenario over req.N worlds and summarises them.
func Run(ctx context.Context, env Env, req RunRequest) (*report.Run, error) {
	_, pl, err := req.plan()
	if err != nil {
		return nil, err
	}
	plans := []*scenario.Plan{pl}
	if err := analysis.CheckRun(env.Mem, plans, req.N, 0); err != nil {
		return nil, err
	}
	if err := env.start(plans, req.Seed, float64(req.N), 0); err != nil {
		return nil, err
	}
	env.phase(req.N)
	r, err := sim.Run(ctx, pl, env.options(req.Request, req.N))
	if err != nil {
		return nil, err
	}
	sum := sim.Summarize(r)
	return report.NewRun(&sum, pl), nil
}

// MixComponent is one view in a mixture: a preset by name, or a scenario
// file's text, with its weight.
type MixComponent struct {
	Name   string
	File   *scenario.NamedText // nil for a preset
	Weight float64
}

// MixRequest runs several views on the same worlds and pools them by
// weight. Request.Scenario's overrides (Sets) apply to every component; it
// must name no presets or files, which the components give.
type MixRequest struct {
	Request
	Components []MixComponent
}

// Mix runs each component on the same worlds and pools them.
func Mix(ctx context.Context, env Env, req MixRequest) (*report.Mix, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	if len(req.Scenario.Files) > 0 || len(req.Scenario.Presets) > 0 {
		return nil, fault.Errorf(fault.Invalid, "--mix takes its components itself: use NAME=W for a preset or FILE=W for a file, not -f or --preset")
	}
	if len(req.Components) == 0 {
		return nil, fault.Errorf(fault.Invalid, "--mix: no components")
	}
	n := len(req.Components)
	plans := make([]*scenario.Plan, n)
	weights := make([]float64, n)
	names := make([]string, n)
	for k, comp := range req.Components {
		r := scenario.Request{Presets: []string{comp.Name}, Sets: req.Scenario.Sets}
		if comp.File != nil {
			r.Presets, r.Files = nil, []scenario.NamedText{*comp.File}
		}
		s, err := r.Build()
		if err != nil {
			return nil, err
		}
		s.Name = comp.Name
		if plans[k], err = scenario.Compile(s); err != nil {
			return nil, err
		}
		weights[k], names[k] = comp.Weight, comp.Name
	}
	rs, sums, err := runPlans(ctx, env, req.Request, plans, sim.PoolBytes(n))
	if err != nil {
		return nil, err
	}
	pool, err := sim.Pool(rs, weights)
	if err != nil {
		return nil, err
	}
	return report.NewMix(names, sums, &pool), nil
}

// PresetsRequest runs every embedded preset on the same worlds.
type PresetsRequest struct {
	Request
}

// Presets runs each embedded preset, alone over the default, on the same
// worlds; req.Scenario is not used.
func Presets(ctx context.Context, env Env, req PresetsRequest) (*report.Presets, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	ps := scenario.Presets()
	plans := make([]*scenario.Plan, len(ps))
	names := make([]string, len(ps))
	for k, p := range ps {
		s, err := scenario.Request{Presets: []string{p.Name}}.Build()
		if err == nil {
			plans[k], err = scenario.Compile(s)
		}
		if err != nil {
			return nil, err
		}
		names[k] = p.Name
	}
	_, sums, err := runPlans(ctx, env, req.Request, plans, 0)
	if err != nil {
		return nil, err
	}
	return report.NewPresets(names, sums), nil
}
