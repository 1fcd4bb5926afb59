// Package job runs one analysis of a scenario the way a front end asks for
// it: it builds the scenario from a Request, checks the request against the
// memory budget before anything is allocated, runs the worlds and returns
// the typed report that the command prints and the server sends.
//
// Every analysis has the same shape,
//
//	func X(ctx context.Context, env Env, req XRequest) (*report.X, error)
//
// where XRequest embeds Request (the scenario and its worlds) and adds the
// analysis's own choices. The command and the server build the same
// XRequest from a command line and from an HTTP body, so they write the same
// report, byte for byte.
package job

import (
	"context"
	"sync/atomic"

	"ontrack/internal/analysis"
	"ontrack/internal/budget"
	"ontrack/internal/fault"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// Request is what every analysis takes: a scenario, as scenario.Request
// builds it, and the worlds to run it on.
type Request struct {
	Scenario scenario.Request
	// N is the number of worlds (per grid point, per arm, or the Sobol
	// base sample, as the analysis says); it must be at least 1.
	N    int
	Seed uint64
}

// Env is what the front end lends an analysis: none of it changes a
// number.
type Env struct {
	// Mem is the memory budget every request is checked against before it
	// allocates; the zero value is no budget.
	Mem budget.Memory
	// Progress, if not nil, counts the worlds done in the current phase.
	Progress *atomic.Int64
	// Start, if not nil, is told the request's estimated cost once the
	// scenario is built and before any world runs; an error it returns
	// ends the request (a server refusing a request that would take too
	// long). The command prints a notice when the cost is long.
	Start func(analysis.Cost) error
	// Phase, if not nil, is told as each phase of the work begins how many
	// worlds Progress will count in it; Progress, which still holds the
	// phase before's count, starts from zero once Phase returns. Most
	// analyses have one phase; a sensitivity analysis runs the tornado,
	// then the Sobol design; a solve, whose trials are not known in
	// advance, has none.
	Phase func(total int64)
}

// Default numbers of worlds, as the command's -n defaults.
const (
	RunN       = 100_000
	CompareN   = 100_000
	ConditionN = 100_000
	SweepN     = 20_000 // a grid point's
	SolveN     = 20_000 // a trial's
	// SensitivityN is the Sobol design's base samples: it runs N (K + 2)
	// worlds for K factors; 16,384 keeps every interval on the default
	// scenario narrower than 0.1.
	SensitivityN = 16_384
	// SensitivityTornadoN is the worlds of the tornado, and
	// SensitivityBoot the bootstrap resamples of the Sobol intervals.
	SensitivityTornadoN = 20_000
	SensitivityBoot     = 200
	ReportN             = 100_000
	ReportTornadoN      = 5_000  // the page's tornado
	ReportFanN          = 20_000 // the fan chart's, at most N
	ReportSobolN        = 4_096  // the page's Sobol design's base samples
)

// Check refuses a request whose size is out of bounds before anything is
// built: fewer than one world.
func (r Request) Check() error {
	if r.N < 1 {
		return fault.Errorf(fault.Invalid, "-n %d: the number of worlds must be at least 1", r.N)
	}
	return nil
}

// build checks the request and builds its scenario.
func (r Request) build() (*scenario.Scenario, error) {
	if err := r.Check(); err != nil {
		return nil, err
	}
	return r.Scenario.Build()
}

// plan builds and compiles the request's scenario.
func (r Request) plan() (*scenario.Scenario, *scenario.Plan, error) {
	s, err := r.build()
	if err != nil {
		return nil, nil, err
	}
	pl, err := scenario.Compile(s)
	return s, pl, err
}

// options are the engine's options for n worlds of r.
func (e Env) options(r Request, n int) sim.Options {
	return sim.Options{N: n, Seed: r.Seed, Progress: e.Progress, MaxBytes: e.Mem.Bytes}
}

// start tells e.Start the cost of worlds worlds of plans.
func (e Env) start(plans []*scenario.Plan, seed uint64, worlds, serial float64) error {
	if e.Start == nil {
		return nil
	}
	return e.Start(analysis.Estimate(plans, seed, worlds, serial))
}

// phase starts a phase of total worlds: the progress counts from zero.
func (e Env) phase(total int) {
	if e.Phase != nil {
		e.Phase(int64(total))
	}
	if e.Progress != nil {
		e.Progress.Store(0)
	}
}

// runPlans runs several plans on the same worlds and summarises each.
// extra is memory per world on top of the runs (a pool).
func runPlans(ctx context.Context, env Env, r Request, plans []*scenario.Plan, extra float64) ([]*sim.Result, []sim.Summary, error) {
	if err := analysis.CheckRun(env.Mem, plans, r.N, extra); err != nil {
		return nil, nil, err
	}
	if err := env.start(plans, r.Seed, float64(r.N)*float64(len(plans)), 0); err != nil {
		return nil, nil, err
	}
	env.phase(r.N)
	rs, err := sim.RunMany(ctx, plans, env.options(r, r.N))
	if err != nil {
		return nil, nil, err
	}
	sums := make([]sim.Summary, len(rs))
	for k, res := range rs {
		sums[k] = sim.Summarize(res)
	}
	return rs, sums, nil
}
