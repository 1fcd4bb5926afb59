package job

import (
	"context"

	"ontrack/internal/analysis"
	"ontrack/internal/fault"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// ReportRequest asks for the HTML report: the run, its charts, the levers
// and a tornado, on the same worlds.
type ReportRequest struct {
	Request
	TornadoN int // the tornado's worlds (ReportTornadoN by default; 0 leaves it out)
	FanN     int // the fan chart's worlds, at most N (ReportFanN by default)
	// SobolN is the Sobol design's base samples (ReportSobolN by
	// default; 0 leaves the Sobol indices out) and Boot its bootstrap
	// resamples.
	SobolN, Boot int
	// NoLevers leaves the scenario's levers out.
	NoLevers bool
	// Command is the command line the page says reproduces it.
	Command string
}

// Report runs everything the page shows. Its headline is Run's
// P(on track) for the same Request.
func Report(ctx context.Context, env Env, req ReportRequest) (*report.Page, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	if req.TornadoN < 0 || req.FanN < 1 {
		return nil, fault.Errorf(fault.Invalid, "report: --tornado-n must be 0 (no tornado) or more, and --fan-n at least 1")
	}
	if req.SobolN < 0 || req.SobolN > 0 && req.Boot < 1 {
		return nil, fault.Errorf(fault.Invalid, "report: --sobol-n must be 0 (no Sobol indices) or more, and --boot at least 1")
	}
	s, pl, err := req.plan()
	if err != nil {
		return nil, err
	}
	var arms []analysis.Arm
	var scs []*scenario.Scenario
	if len(s.Interventions) > 0 && !req.NoLevers {
		if arms, scs, err = analysis.Arms(s, nil); err != nil {
			return nil, err
		}
	}
	worlds, serial, err := analysis.CheckPage(env.Mem, pl, len(arms), req.N, req.FanN, req.TornadoN, req.SobolN, req.Boot)
	if err != nil {
		return nil, err
	}
	if err := env.start([]*scenario.Plan{pl}, req.Seed, worlds, serial); err != nil {
		return nil, err
	}
	opt := func(n int) sim.Options {
		env.phase(n)
		return env.options(req.Request, n)
	}
	r, err := sim.Run(ctx, pl, opt(req.N))
	if err != nil {
		return nil, err
	}
	sum := sim.Summarize(r)
	in := report.PageInput{Result: r, Summary: &sum, Plan: pl, Command: req.Command}
	if in.Fan, err = sim.FracFan(ctx, pl, opt(min(req.FanN, req.N))); err != nil {
		return nil, err
	}
	if len(arms) > 0 {
		if in.Compare, err = analysis.Compare(ctx, s, arms, scs, opt(req.N)); err != nil {
			return nil, err
		}
	}
	if req.TornadoN > 0 {
		if in.Tornado, err = analysis.TornadoPlan(ctx, s, opt(req.TornadoN)); err != nil {
			return nil, err
		}
	}
	if req.SobolN > 0 {
		env.phase(req.SobolN)
		if in.Sobol, err = analysis.SobolPlan(ctx, pl, req.SobolN, req.Seed, req.Boot, 0, env.Progress); err != nil {
			return nil, err
		}
	}
	return report.NewPage(in), nil
}
