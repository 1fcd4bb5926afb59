package job

import (
	"context"

	"ontrack/internal/analysis"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

// SensitivityRequest asks which beliefs drive the answer. Request.N is the
// Sobol design's base samples (SensitivityN by default).
type SensitivityRequest struct {
	Request
	Method   string // "tornado", "sobol" or "both"
	TornadoN int    // the tornado's worlds (SensitivityTornadoN by default)
	Boot     int    // bootstrap resamples for the Sobol intervals (SensitivityBoot)
}

// Sensitivity runs the tornado, then the Sobol design, or one of them.
func Sensitivity(ctx context.Context, env Env, req SensitivityRequest) (*report.Sensitivity, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	ar, err := analysis.NewSensitivityRequest(req.Method, req.N, req.TornadoN, req.Boot)
	if err != nil {
		return nil, err
	}
	s, pl, err := req.plan()
	if err != nil {
		return nil, err
	}
	worlds, serial, err := analysis.CheckSensitivity(env.Mem, pl, ar)
	if err != nil {
		return nil, err
	}
	if err := env.start([]*scenario.Plan{pl}, req.Seed, worlds, serial); err != nil {
		return nil, err
	}
	var tor *analysis.Tornado
	var sen *analysis.Sensitivity
	if ar.Tornado {
		env.phase(req.TornadoN)
		if tor, err = analysis.TornadoPlan(ctx, s, env.options(req.Request, req.TornadoN)); err != nil {
			return nil, err
		}
	}
	if ar.Sobol {
		env.phase(req.N)
		if sen, err = analysis.SobolPlan(ctx, pl, req.N, req.Seed, req.Boot, 0, env.Progress); err != nil {
			return nil, err
		}
	}
	return report.NewSensitivity(s.Name, req.Seed, tor, sen), nil
}
