package job

import (
	"context"
	"fmt"

	"ontrack/internal/analysis"
	"ontrack/internal/fault"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

// ExplainN is the default number of worlds an explanation runs every
// combination of the two views on.
const ExplainN = 20_000

// ExplainRequest asks why two views disagree. Request gives the worlds
// (N, Seed); its Scenario is not used, since From and To give the views.
type ExplainRequest struct {
	Request
	From, To scenario.Request
	// Group is "param" (or empty: a part per parameter) or "section".
	Group string
}

// Explain builds the two views, checks the explanation against the memory
// budget, runs every combination of their differences on the same worlds
// and attributes the change in P(on track) and in the median lead to each.
func Explain(ctx context.Context, env Env, req ExplainRequest) (*report.Explain, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	if sc := req.Scenario; len(sc.Presets)+len(sc.Files)+len(sc.Sets) > 0 {
		return nil, fault.Errorf(fault.Invalid, "explain takes its two views from From and To, not from Scenario")
	}
	g, err := analysis.ParseGroup(req.Group)
	if err != nil {
		return nil, err
	}
	var views [2]*scenario.Scenario
	var plans []*scenario.Plan
	for i, r := range []scenario.Request{req.From, req.To} {
		side := [2]string{"--from", "--to"}[i]
		s, err := r.Build()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", side, err)
		}
		pl, err := scenario.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", side, err)
		}
		views[i], plans = s, append(plans, pl)
	}
	from, to := views[0], views[1]
	if from.Name == to.Name {
		from, to = from.Clone(), to.Clone()
		from.Name, to.Name = from.Name+" (from)", to.Name+" (to)"
	}
	parts, unused := analysis.Parts(from, to, g)
	slab, err := analysis.CheckExplain(env.Mem, len(parts), req.N, req.Seed)
	if err != nil {
		return nil, err
	}
	hybrids := analysis.ExplainHybrids(len(parts), req.Seed)
	if err := env.start(plans, req.Seed, float64(req.N)*float64(hybrids), 0); err != nil {
		return nil, err
	}
	env.phase(req.N * hybrids)
	e, err := analysis.Explain(ctx, from, to, parts, analysis.ExplainOptions{N: req.N, Seed: req.Seed, Progress: env.Progress, Slab: slab})
	if err != nil {
		return nil, err
	}
	e.Group, e.Unused = g, unused
	return report.NewExplain(e), nil
}
