package sim

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"ontrack/internal/budget"
	"ontrack/internal/scenario"
)

// measureEnv, when set in the environment, makes
// TestBytesPerWorldMeasured the child that runs and measures.
const measureEnv = "ONTRACK_MEASURE_WORLDS"

// TestBytesPerWorldMeasured holds BytesPerWorld against the memory real
// runs take: a fresh process (this test binary again, so that nothing else
// has grown its heap), held to the budget as the command holds itself,
// runs N worlds and summarises them, and reports how far its peak resident
// memory (VmHWM) rose. The estimate must cover the
// measurement (within the margin the budget keeps back) and not exceed it
// by more than a third, or the budget would refuse runs that fit.
func TestBytesPerWorldMeasured(t *testing.T) {
	if spec := os.Getenv(measureEnv); spec != "" {
		measureChild(t, spec)
		return
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs /proc/self/status to read the peak resident memory")
	}
	if testing.Short() {
		t.Skip("runs 300,000 worlds twice")
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, st := range bi.Settings {
			if st.Key == "-race" && st.Value == "true" {
				t.Skip("the race detector's shadow memory would count as the run's")
			}
		}
	}
	if err := exec.Command(os.Args[0], "-test.list=^$").Run(); err != nil {
		// Under qemu-user without binfmt (CI's arm64 run) the test binary
		// cannot start itself again.
		t.Skipf("the test binary cannot run itself here: %v", err)
	}
	const n = 300_000
	for _, ms := range []string{"none", "three"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestBytesPerWorldMeasured$", "-test.v")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d:%s", measureEnv, n, ms))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		var nm int
		var perWorld float64
		for line := range strings.SplitSeq(string(out), "\n") {
			if _, err := fmt.Sscanf(strings.TrimSpace(line), "measured nm=%d bytes/world=%g", &nm, &perWorld); err == nil {
				break
			}
		}
		if perWorld == 0 {
			t.Fatalf("child printed no measurement:\n%s", out)
		}
		est := float64(BytesPerWorld(nm))
		t.Logf("milestones %s (%d): measured %.0f bytes a world at the peak, estimate %.0f", ms, nm, perWorld, est)
		// The budget keeps back 1 - budget.Share of the room beyond the
		// estimates, for overshoot such as the soft limit's.
		if perWorld > est/budget.Share {
			t.Errorf("milestones %s: measured %.0f bytes a world, beyond the estimate %.0f and the budget's margin", ms, perWorld, est)
		}
		// Nor far above it, which would refuse runs that fit. The peak moves
		// with the collector's timing (294 to 302 bytes from run to run with
		// three milestones, against an estimate of 392), so the bound is half
		// again, not a third.
		if est > 1.5*perWorld {
			t.Errorf("milestones %s: the estimate %.0f bytes a world is more than half again the measured %.0f", ms, est, perWorld)
		}
	}
}

func measureChild(t *testing.T, spec string) {
	nText, ms, _ := strings.Cut(spec, ":")
	n, err := strconv.Atoi(nText)
	if err != nil {
		t.Fatal(err)
	}
	s := scenario.Default()
	s.Milestones = nil
	if ms == "three" {
		yaml := "milestones:\n  - {name: a, fraction: 0.25}\n  - {name: b, fraction: 0.5}\n  - {name: c, fraction: 0.75}\n"
		if err := s.Overlay("test", []byte(yaml)); err != nil {
			t.Fatal(err)
		}
	}
	pl, err := scenario.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	// The command holds the Go runtime to its budget (budget.Enforce), so
	// that garbage from the worlds is collected before it passes it; do
	// the same with a budget of exactly the estimate.
	budget.Memory{Bytes: BytesPerWorld(len(pl.Scenario.Milestones)) * int64(n)}.Enforce()
	before := vmHWM(t)
	r, err := Run(context.Background(), pl, Options{N: n, Seed: DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	sum := Summarize(r)
	after := vmHWM(t)
	if sum.N != n {
		t.Fatal("no summary")
	}
	fmt.Printf("measured nm=%d bytes/world=%.1f\n", len(pl.Scenario.Milestones), float64(after-before)/float64(n))
}

// vmHWM is the process's peak resident memory so far, in bytes.
func vmHWM(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb * 1024
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}
