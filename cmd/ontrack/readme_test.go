package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"ontrack/internal/analysis"
	"ontrack/internal/budget"
	"ontrack/internal/data"
	"ontrack/internal/scenario"
)

// Every number README.md quotes is the library's: the preset table is
// TestREADMETable's; the rest are here, each computed, not copied. (The
// README quotes no timings: they depend on the machine.)
func TestREADMENumbers(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(b)), " ") // as if unwrapped
	f, err := data.Fit()
	if err != nil {
		t.Fatal(err)
	}
	pl, err := scenario.Compile(scenario.Default())
	if err != nil {
		t.Fatal(err)
	}
	const sobolN = 4096 // BenchmarkSobol4096's base samples
	k := len(analysis.Factors(pl))
	if goldenTol != 1e-9 {
		t.Errorf("README says results agree within 1e-9 across machines; the goldens allow %g", goldenTol)
	}
	if analysis.SlowAfter != 10*time.Second {
		t.Errorf("README says a request over about ten seconds says so first; analysis.SlowAfter is %v", analysis.SlowAfter)
	}
	for _, want := range []string{
		// The default's field growth, from the fit (ontrack fit).
		fmt.Sprintf("(%.1f%% a year, %s, where he says about 20%%)", 100*f.Growth.Mid, f.GrowthText()),
		"within 1e-9 of max(1, |x|)",
		// The Sobol design's size, N (K + 2) worlds.
		fmt.Sprintf("the default's %d factors make it N (K + 2) = %s worlds", k, budget.Count(int64(sobolN*(k+2)))),
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md does not say %q", want)
		}
	}
}
