package job

import (
	"bytes"
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"ontrack/internal/analysis"
	"ontrack/internal/budget"
	"ontrack/internal/fault"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

func small(n int) Request { return Request{N: n, Seed: sim.DefaultSeed} }

// A form's mistakes get the command's messages, word for word, as invalid
// input, before any world runs.
func TestErrorsAreTheCommands(t *testing.T) {
	ctx := context.Background()
	started := false
	env := Env{Start: func(analysis.Cost) error { started = true; return nil }}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"n", func() error { _, err := Run(ctx, env, RunRequest{small(0)}); return err }(),
			"-n 0: the number of worlds must be at least 1"},
		{"only", func() error {
			_, err := Compare(ctx, env, CompareRequest{Request: small(10), Only: []string{"nope"}})
			return err
		}(), ""},
		{"sweep axes", func() error { _, err := Sweep(ctx, env, SweepRequest{Request: small(10)}); return err }(),
			"sweep: give one or two --set PATH=A..B:STEPS, got 0"},
		{"solve metric", func() error {
			_, err := Solve(ctx, env, SolveRequest{Request: small(10), Vary: "field.growth", In: "0..2", Target: "50%", Metric: "q"})
			return err
		}(), ""},
		{"method", func() error {
			_, err := Sensitivity(ctx, env, SensitivityRequest{Request: small(100), Method: "x", TornadoN: 10, Boot: 10})
			return err
		}(), `--method "x": expected tornado, sobol or both`},
		{"given", func() error { _, err := Condition(ctx, env, ConditionRequest{Request: small(10)}); return err }(), ""},
		{"report", func() error {
			_, err := Report(ctx, env, ReportRequest{Request: small(10), TornadoN: -1, FanN: 1})
			return err
		}(),
			"report: --tornado-n must be 0 (no tornado) or more, and --fan-n at least 1"},
	} {
		if c.err == nil || fault.KindOf(c.err) != fault.Invalid {
			t.Errorf("%s: got %v, want invalid input", c.name, c.err)
		} else if c.want != "" && c.err.Error() != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.err, c.want)
		}
	}
	if started {
		t.Error("a request with a mistake started")
	}
}

// A request too large for the budget is refused before it starts.
func TestTooLarge(t *testing.T) {
	started := false
	env := Env{Mem: budget.Memory{Bytes: 1 << 20, Free: 1 << 20, Limit: 1 << 20, Source: "test"},
		Start: func(analysis.Cost) error { started = true; return nil }}
	_, err := Compare(context.Background(), env, CompareRequest{Request: small(1_000_000)})
	if fault.KindOf(err) != fault.TooLarge {
		t.Errorf("compare of a million worlds in 1 MiB: %v, want too large", err)
	}
	if started {
		t.Error("the refused request started")
	}
}

// Start's error ends the request, as a server refusing a slow one would.
func TestStartRefuses(t *testing.T) {
	refuse := errors.New("too slow")
	env := Env{Start: func(analysis.Cost) error { return refuse }}
	if _, err := Condition(context.Background(), env, ConditionRequest{Request: small(10), Given: []string{"agi<2030"}}); !errors.Is(err, refuse) {
		t.Errorf("got %v, want Start's error", err)
	}
}

// A form may give the axes apart from the overrides; the command gives
// them among its --set flags. Both are the same sweep.
func TestSweepAxesOrSets(t *testing.T) {
	ctx := context.Background()
	a := SweepRequest{Request: small(200), Axes: []string{"field.growth=10%..60%:3"}}
	a.Scenario = scenario.Request{Sets: []string{"field.fte=800"}}
	b := SweepRequest{Request: small(200)}
	b.Scenario = scenario.Request{Sets: []string{"field.growth=10%..60%:3", "field.fte=800"}}
	var out [2]bytes.Buffer
	for i, r := range []SweepRequest{a, b} {
		rep, err := Sweep(ctx, Env{}, r)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteJSON(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	if out[0].String() != out[1].String() {
		t.Errorf("axes apart:\n%s\naxes among the overrides:\n%s", &out[0], &out[1])
	}
}

// Each phase says how many worlds it counts, and counts them all.
func TestPhases(t *testing.T) {
	var done atomic.Int64
	var totals, counted []int64
	env := Env{Progress: &done, Phase: func(total int64) {
		if len(totals) > 0 {
			counted = append(counted, done.Load())
		}
		totals = append(totals, total)
	}}
	req := SensitivityRequest{Request: small(64), Method: "both", TornadoN: 50, Boot: 10}
	if _, err := Sensitivity(context.Background(), env, req); err != nil {
		t.Fatal(err)
	}
	counted = append(counted, done.Load())
	if len(totals) != 2 || totals[0] != 50 || totals[1] != 64 {
		t.Errorf("phases %v, want [50 64]", totals)
	}
	for i := range counted {
		if counted[i] != totals[i] {
			t.Errorf("phase %d counted %d worlds of %d", i, counted[i], totals[i])
		}
	}
}
