package job

import (
	"context"

	"ontrack/internal/analysis"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

// CompareRequest compares the scenario's levers with its baseline on the
// same worlds.
type CompareRequest struct {
	Request
	// Only names the interventions to compare; empty means all of the
	// scenario's.
	Only []string
	// Combine adds combinations, each "a+b" (as --combine takes it).
	Combine []string
}

// Compare runs the baseline and each arm on the same req.N worlds.
func Compare(ctx context.Context, env Env, req CompareRequest) (*report.Compare, error) {
	s, err := req.build()
	if err != nil {
		return nil, err
	}
	names, err := analysis.ArmNames(s, req.Only, req.Combine)
	if err != nil {
		return nil, err
	}
	arms, scs, err := analysis.Arms(s, names)
	if err != nil {
		return nil, err
	}
	if err := analysis.CheckCompare(env.Mem, s, len(arms), req.N); err != nil {
		return nil, err
	}
	base, err := scenario.Compile(s)
	if err != nil {
		return nil, err
	}
	if err := env.start([]*scenario.Plan{base}, req.Seed, float64(req.N)*float64(1+len(arms)), 0); err != nil {
		return nil, err
	}
	env.phase(req.N)
	cmp, err := analysis.Compare(ctx, s, arms, scs, env.options(req.Request, req.N))
	if err != nil {
		return nil, err
	}
	return report.NewCompare(cmp, s.Name), nil
}
