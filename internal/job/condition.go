package job

import (
	"context"

	"ontrack/internal/analysis"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

// ConditionRequest asks for P(on track) given observations.
type ConditionRequest struct {
	Request
	// Given are the observations, each as --given takes it: "agi<2030",
	// or several joined by commas, all of which must hold. At least one.
	Given []string
}

// Condition runs req.N worlds once and splits them by each observation.
// Worlds are tallied as they finish: the memory does not grow with N.
func Condition(ctx context.Context, env Env, req ConditionRequest) (*report.Condition, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	obs, err := analysis.ParseObservations(req.Given)
	if err != nil {
		return nil, err
	}
	s, pl, err := req.plan()
	if err != nil {
		return nil, err
	}
	if err := env.start([]*scenario.Plan{pl}, req.Seed, float64(req.N), 0); err != nil {
		return nil, err
	}
	env.phase(req.N)
	res, err := analysis.Condition(ctx, pl, obs, env.options(req.Request, req.N))
	if err != nil {
		return nil, err
	}
	return report.NewCondition(res, s.Name), nil
}
