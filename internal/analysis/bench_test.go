package analysis

import (
	"context"
	"testing"

	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// BenchmarkSobol4096 is `ontrack sensitivity --method sobol` on the
// default: N = 4,096 base samples, every uncertain parameter a factor,
// 200 bootstrap resamples.
func BenchmarkSobol4096(b *testing.B) {
	pl, err := scenario.Compile(scenario.Default())
	if err != nil {
		b.Fatal(err)
	}
	var runs int
	for b.Loop() {
		s, err := SobolPlan(context.Background(), pl, 4096, 1, 200, 0, nil)
		if err != nil {
			b.Fatal(err)
		}
		runs = s.Runs
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(runs), "ns/world")
	b.ReportMetric(float64(len(Factors(pl))), "factors")
}

// BenchmarkCompare100k is `ontrack compare` on the default: the baseline and
// its four interventions on 100,000 worlds.
func BenchmarkCompare100k(b *testing.B) {
	s := scenario.Default()
	arms, scs, err := Arms(s, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Compare(context.Background(), s, arms, scs, sim.Options{N: 100_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(100_000*(1+len(arms))), "ns/world")
}

// BenchmarkTornado20k is the tornado on the default: two runs per
// uncertain parameter plus the baseline, 20,000 worlds each.
func BenchmarkTornado20k(b *testing.B) {
	s := scenario.Default()
	for b.Loop() {
		if _, err := TornadoPlan(context.Background(), s, sim.Options{N: 20_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
