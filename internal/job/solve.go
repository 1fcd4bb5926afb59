package job

import (
	"context"

	"ontrack/internal/analysis"
	"ontrack/internal/model"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

// SolveRequest asks for the value of one parameter that brings a metric
// to a target, each field as the command's flag of that name takes it.
type SolveRequest struct {
	Request
	Vary   string  // the parameter's path
	In     string  // the range to search, "A..B"
	Target string  // a probability such as 0.5 or 50% (metric p), or years (lead)
	Metric string  // "p" (P(on track)) or "lead" (the median lead in years)
	Tol    float64 // the final bracket's width; 0 is the range / 10,000
}

// Solve finds the crossing on req.N worlds, the same ones at every trial.
func Solve(ctx context.Context, env Env, req SolveRequest) (*report.Solve, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	g, err := analysis.ParseGoal(req.Vary, req.In, req.Target, req.Metric, req.Tol)
	if err != nil {
		return nil, err
	}
	s, err := req.build()
	if err != nil {
		return nil, err
	}
	if err := analysis.CheckSolve(env.Mem, s, req.N); err != nil {
		return nil, err
	}
	pl, err := scenario.Compile(s)
	if err != nil {
		return nil, err
	}
	trials := float64(analysis.SolveTrials(g))
	if err := env.start([]*scenario.Plan{pl}, req.Seed, float64(req.N)*trials, 0); err != nil {
		return nil, err
	}
	// The trials are not known in advance: no phase, no progress.
	opt := env.options(req.Request, req.N)
	opt.Progress = nil
	sol, err := analysis.Solve(ctx, s, g, opt)
	if err != nil {
		return nil, err
	}
	return report.NewSolve(sol, s.Name, model.Fields[model.FieldIndex(g.Path)].Unit), nil
}
