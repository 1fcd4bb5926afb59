package analysis

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"ontrack/internal/budget"
	"ontrack/internal/fault"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

func memory(bytes int64) budget.Memory {
	return budget.Memory{Bytes: bytes, Free: bytes, Limit: bytes, Source: "test budget"}
}

var atMost = regexp.MustCompile(`at most ([0-9,]+) worlds fit`)

// What CheckRun says fits, the engine runs under the same budget, and one
// world more it refuses up front: the command's estimate and the
// engine's own check agree.
func TestCheckRunAgreesWithEngine(t *testing.T) {
	pl, err := scenario.Compile(scenario.Default())
	if err != nil {
		t.Fatal(err)
	}
	plans := []*scenario.Plan{pl}
	mem := memory(4 << 20)
	err = CheckRun(mem, plans, 1_000_000, 0)
	var be *budget.Error
	if !errors.As(err, &be) || fault.KindOf(err) != fault.TooLarge || !strings.HasPrefix(err.Error(), "-n 1000000 needs about") {
		t.Fatalf("CheckRun of a million worlds in 4 MiB: %v", err)
	}
	m := atMost.FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("no \"at most\" in %q", err)
	}
	var fit int
	for _, c := range strings.ReplaceAll(m[1], ",", "") {
		fit = 10*fit + int(c-'0')
	}
	if err := CheckRun(mem, plans, fit, 0); err != nil {
		t.Errorf("%d worlds, said to fit: %v", fit, err)
	}
	if err := CheckRun(mem, plans, fit+1, 0); err == nil {
		t.Errorf("%d worlds, one more than fits, were let through", fit+1)
	}
	if _, err := sim.Run(context.Background(), pl, sim.Options{N: fit, Seed: 1, MaxBytes: mem.Bytes}); err != nil {
		t.Errorf("the engine refused %d worlds that CheckRun lets through: %v", fit, err)
	}
}

// Each analysis names the size that does not fit as the user typed it.
func TestChecksNameTheSize(t *testing.T) {
	s := scenario.Default()
	pl, err := scenario.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	mem := memory(8 << 20)
	ax, _, _ := ParseAxis("field.growth=0..1:1000")
	ax2, _, _ := ParseAxis("timelines.takeoff=0..5:1000")
	ax3, _, _ := ParseAxis("field.growth=0..1:3")
	sens := func(r SensitivityRequest) error { _, _, err := CheckSensitivity(mem, pl, r); return err }
	page := func(arms, n, tornadoN, sobolN int) error {
		_, _, err := CheckPage(mem, pl, arms, n, 20_000, tornadoN, sobolN, 200)
		return err
	}
	for _, c := range []struct {
		name, want string
		err        error
	}{
		{"sweep grid", "a sweep of 1000000 grid points needs", CheckSweep(mem, s, []Axis{ax, ax2}, 10)},
		{"sweep worlds", "-n 100000000 needs", CheckSweep(mem, s, []Axis{ax3}, 100_000_000)},
		{"solve", "-n 100000000 needs", CheckSolve(mem, s, 100_000_000)},
		{"compare", "-n 100000000 needs", CheckCompare(mem, s, 4, 100_000_000)},
		{"tornado", "--tornado-n 100000000 needs", sens(SensitivityRequest{Tornado: true, TornadoN: 100_000_000})},
		{"sobol", "-n 20000000 needs", sens(SensitivityRequest{Sobol: true, N: 20_000_000, Boot: 200})},
		{"bootstrap", "--boot 2000000000 needs", sens(SensitivityRequest{Sobol: true, N: 64, Boot: 2_000_000_000})},
		{"page", "-n 100000000 needs", page(4, 100_000_000, 10, 0)},
		{"page's tornado", "--tornado-n 100000000 needs", page(4, 1000, 100_000_000, 0)},
		{"page's sobol", "--sobol-n 20000000 needs", page(0, 1000, 10, 20_000_000)},
	} {
		if c.err == nil || !strings.HasPrefix(c.err.Error(), c.want) || fault.KindOf(c.err) != fault.TooLarge {
			t.Errorf("%s: %v; want %q... of kind too large", c.name, c.err, c.want)
		}
	}
	// What is not asked for is not checked.
	if err := sens(SensitivityRequest{Tornado: true, TornadoN: 100, N: 20_000_000}); err != nil {
		t.Errorf("a tornado alone was refused for the Sobol design's size: %v", err)
	}
	// The page's run is kept while its tornado runs: a tornado that fits
	// alone does not fit beside a run that takes most of the memory.
	if err := sens(SensitivityRequest{Tornado: true, TornadoN: 200}); err != nil {
		t.Fatal(err)
	}
	if err := page(0, 30_000, 200, 0); err == nil || !strings.HasPrefix(err.Error(), "--tornado-n 200 needs") {
		t.Errorf("a page's tornado beside its run of 30,000 worlds in 8 MiB: %v", err)
	}
	if err := page(0, 1000, 200, 0); err != nil {
		t.Errorf("a page's tornado beside a run of 1,000 worlds in 8 MiB: %v", err)
	}
	// So is its Sobol design.
	if err := sens(SensitivityRequest{Sobol: true, N: 4096, Boot: 10}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := CheckPage(mem, pl, 0, 30_000, 1000, 10, 4096, 10); err == nil || !strings.HasPrefix(err.Error(), "--sobol-n 4096 needs") {
		t.Errorf("a page's Sobol design beside its run of 30,000 worlds in 8 MiB: %v", err)
	}
}

// The default tolerance is a 10,000th of the range: 14 halvings for each
// of the three crossings, and the two ends.
func TestSolveTrials(t *testing.T) {
	for _, c := range []struct {
		g    Goal
		want int
	}{
		{Goal{Lo: 0, Hi: 2}, 2 + 3*14},
		{Goal{Lo: 0, Hi: 1, Tol: 0.5}, 2 + 3*1},
		{Goal{Lo: 0, Hi: 1, Tol: 1}, 2 + 3*1}, // at least one step
		{Goal{Lo: 0, Hi: 1, Tol: 1e-300}, 2 + 3*MaxSteps},
	} {
		if got := SolveTrials(c.g); got != c.want {
			t.Errorf("SolveTrials(%+v) = %d, want %d", c.g, got, c.want)
		}
	}
}

func TestNotice(t *testing.T) {
	quick := Cost{Worlds: 100_000, PerWorld: 2 * time.Microsecond}
	if msg := quick.Notice(2); msg != "" {
		t.Errorf("a 0.1 s request gave a notice: %q", msg)
	}
	slow := Cost{Worlds: 100_000_000, PerWorld: 2700 * time.Nanosecond, Serial: 30}
	if got, want := slow.Seconds(4), 100e6*2.7e-6/4+30; got != want {
		t.Errorf("Seconds = %g, want %g", got, want)
	}
	want := "this will take about 1m38s: 100,000,000 worlds at 2.7µs each on 4 cores, and 30s of bootstrap on one"
	if got := slow.Notice(4); got != want {
		t.Errorf("Notice:\n got %q\nwant %q", got, want)
	}
	ages := Cost{Worlds: 1e18, PerWorld: time.Millisecond}
	if got := ages.Notice(1); !strings.HasPrefix(got, "this will take about 11,574,074,074 days: 1,000,000,000,000,000,000 worlds") {
		t.Errorf("Notice of ages: %q", got)
	}
}

// WorldTime measures something, quickly, whatever the number of plans.
func TestWorldTime(t *testing.T) {
	pl, err := scenario.Compile(scenario.Default())
	if err != nil {
		t.Fatal(err)
	}
	if WorldTime(nil, 1) != 0 {
		t.Error("no plans should take no time")
	}
	plans := make([]*scenario.Plan, 1000)
	for i := range plans {
		plans[i] = pl
	}
	start := time.Now()
	if d := WorldTime(plans, 1); d <= 0 || d > time.Second {
		t.Errorf("WorldTime = %v", d)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timing 1,000 plans took %v: the pilot is not bounded", d)
	}
}

func TestNewSensitivityRequest(t *testing.T) {
	for method, want := range map[string][2]bool{"both": {true, true}, "tornado": {true, false}, "sobol": {false, true}} {
		r, err := NewSensitivityRequest(method, 64, 1, 10)
		if err != nil || r.Tornado != want[0] || r.Sobol != want[1] || r.N != 64 || r.TornadoN != 1 || r.Boot != 10 {
			t.Errorf("%s: %+v, %v", method, r, err)
		}
	}
	for _, c := range []struct {
		method            string
		n, tornadoN, boot int
		want              string
	}{
		{"morris", 64, 1, 10, `--method "morris"`},
		{"both", 63, 1, 10, "-n 63: Sobol indices need at least 64"},
		{"both", 64, 0, 10, "--tornado-n at least 1"},
		{"both", 64, 1, 9, "--boot must be at least 10"},
	} {
		_, err := NewSensitivityRequest(c.method, c.n, c.tornadoN, c.boot)
		if err == nil || !strings.Contains(err.Error(), c.want) || fault.KindOf(err) != fault.Invalid {
			t.Errorf("%+v: %v; want invalid input containing %q", c, err, c.want)
		}
	}
}
