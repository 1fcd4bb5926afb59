package web

import (
	"context"
	"net/http"
	"strings"

	"ontrack/internal/analysis"
	"ontrack/internal/fault"
	"ontrack/internal/job"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

// Each analysis's endpoint takes Body and the analysis's own fields, named
// as the command's flags (--tornado-n is tornado_n), and answers with the
// command's --format json for the same request, byte for byte.

// endpoint is an analysis's handler: B is its body, which embeds Body;
// defaultN its worlds unless the body says; do runs it.
func endpoint[B any](s *Server, defaultN int, body func(*B) *Body, do func(context.Context, job.Env, job.Request, *B) (report.Report, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var b B
		if !decode(w, r, &b) {
			return
		}
		req := body(&b).request(defaultN)
		s.analyse(w, r, req, func(ctx context.Context, env job.Env) (report.Report, error) {
			return do(ctx, env, req, &b)
		})
	}
}

// CompareBody is POST /api/compare: ontrack compare.
type CompareBody struct {
	Body
	Only    []string `json:"only,omitempty"`    // --only A,B,...
	Combine []string `json:"combine,omitempty"` // --combine A+B, repeatable
}

// SweepBody is POST /api/sweep: ontrack sweep. An axis is PATH=A..B:STEPS,
// in axes or among set (as --set takes it).
type SweepBody struct {
	Body
	Axes []string `json:"axes,omitempty"`
}

// SolveBody is POST /api/solve: ontrack solve.
type SolveBody struct {
	Body
	Vary   string  `json:"vary"`
	In     string  `json:"in"`
	Target string  `json:"target"`
	Metric *string `json:"metric,omitempty"` // p (default) or lead
	Tol    float64 `json:"tol,omitempty"`
}

// SensitivityBody is POST /api/sensitivity: ontrack sensitivity; n is the
// Sobol design's base samples.
type SensitivityBody struct {
	Body
	Method   *string `json:"method,omitempty"` // tornado, sobol or both (default)
	TornadoN *int    `json:"tornado_n,omitempty"`
	Boot     *int    `json:"boot,omitempty"`
}

// ConditionBody is POST /api/condition: ontrack condition.
type ConditionBody struct {
	Body
	Given []string `json:"given"` // --given EXPR, repeatable
}

// MixBody is POST /api/mix: ontrack run --mix; each component is a preset.
type MixBody struct {
	Body
	Mix string `json:"mix"` // NAME=W,NAME=W,...
}

// View is one side of POST /api/explain: a scenario as Body gives one.
type ViewBody struct {
	Scenario string   `json:"scenario,omitempty"`
	Presets  []string `json:"presets,omitempty"`
	Set      []string `json:"set,omitempty"`
}

// ExplainBody is POST /api/explain: ontrack explain --from ... --to ....
type ExplainBody struct {
	Body
	From  ViewBody `json:"from"`
	To    ViewBody `json:"to"`
	Group *string  `json:"group,omitempty"` // param (default) or section
}

func (v ViewBody) request(name string) scenario.Request {
	r := scenario.Request{Presets: v.Presets, Sets: v.Set}
	if v.Scenario != "" {
		r.Files = []scenario.NamedText{{Name: name, Text: []byte(v.Scenario)}}
	}
	return r
}

// or and orS are a field's value, or the command's default where the
// body leaves it out; given empty, a string is the command's "".
func orS(p *string, def string) string {
	if p != nil {
		return *p
	}
	return def
}

func or(p *int, def int) int {
	if p != nil {
		return *p
	}
	return def
}

func (s *Server) analysisRoutes() {
	m := s.mux
	m.HandleFunc("POST /api/compare", endpoint(s, job.CompareN, func(b *CompareBody) *Body { return &b.Body },
		func(ctx context.Context, env job.Env, req job.Request, b *CompareBody) (report.Report, error) {
			only := make([]string, 0, len(b.Only))
			for _, o := range b.Only {
				only = append(only, strings.TrimSpace(o))
			}
			if len(only) == 0 {
				only = nil
			}
			return job.Compare(ctx, env, job.CompareRequest{Request: req, Only: only, Combine: b.Combine})
		}))
	m.HandleFunc("POST /api/sweep", endpoint(s, job.SweepN, func(b *SweepBody) *Body { return &b.Body },
		func(ctx context.Context, env job.Env, req job.Request, b *SweepBody) (report.Report, error) {
			return job.Sweep(ctx, env, job.SweepRequest{Request: req, Axes: b.Axes})
		}))
	m.HandleFunc("POST /api/solve", endpoint(s, job.SolveN, func(b *SolveBody) *Body { return &b.Body },
		func(ctx context.Context, env job.Env, req job.Request, b *SolveBody) (report.Report, error) {
			return job.Solve(ctx, env, job.SolveRequest{Request: req, Vary: b.Vary, In: b.In, Target: b.Target, Metric: orS(b.Metric, "p"), Tol: b.Tol})
		}))
	m.HandleFunc("POST /api/sensitivity", endpoint(s, job.SensitivityN, func(b *SensitivityBody) *Body { return &b.Body },
		func(ctx context.Context, env job.Env, req job.Request, b *SensitivityBody) (report.Report, error) {
			return job.Sensitivity(ctx, env, job.SensitivityRequest{Request: req, Method: orS(b.Method, "both"),
				TornadoN: or(b.TornadoN, job.SensitivityTornadoN), Boot: or(b.Boot, job.SensitivityBoot)})
		}))
	m.HandleFunc("POST /api/condition", endpoint(s, job.ConditionN, func(b *ConditionBody) *Body { return &b.Body },
		func(ctx context.Context, env job.Env, req job.Request, b *ConditionBody) (report.Report, error) {
			return job.Condition(ctx, env, job.ConditionRequest{Request: req, Given: b.Given})
		}))
	m.HandleFunc("POST /api/mix", endpoint(s, job.RunN, func(b *MixBody) *Body { return &b.Body },
		func(ctx context.Context, env job.Env, req job.Request, b *MixBody) (report.Report, error) {
			cs, err := analysis.ParseMix(b.Mix)
			if err != nil {
				return nil, err
			}
			r := job.MixRequest{Request: req}
			for _, c := range cs {
				if strings.ContainsAny(c.Name, `/\`) || strings.HasSuffix(c.Name, ".yaml") || strings.HasSuffix(c.Name, ".yml") || c.Name == "-" {
					return nil, fault.Errorf(fault.Invalid, "--mix %s: a component here is a preset; nothing in a request names a file on the server", c.Name)
				}
				r.Components = append(r.Components, job.MixComponent{Name: c.Name, Weight: c.Weight})
			}
			return job.Mix(ctx, env, r)
		}))
	m.HandleFunc("POST /api/presets", endpoint(s, job.RunN, func(b *Body) *Body { return b },
		func(ctx context.Context, env job.Env, req job.Request, b *Body) (report.Report, error) {
			if b.Scenario != "" || len(b.Presets) > 0 || len(b.Set) > 0 {
				return nil, fault.Errorf(fault.Invalid, "presets runs every preset alone over the default: give only n and seed")
			}
			return job.Presets(ctx, env, job.PresetsRequest{Request: req})
		}))
	m.HandleFunc("POST /api/explain", endpoint(s, job.ExplainN, func(b *ExplainBody) *Body { return &b.Body },
		func(ctx context.Context, env job.Env, req job.Request, b *ExplainBody) (report.Report, error) {
			return job.Explain(ctx, env, job.ExplainRequest{Request: req,
				From: b.From.request("from.yaml"), To: b.To.request("to.yaml"), Group: orS(b.Group, "param")})
		}))
}
