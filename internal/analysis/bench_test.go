package analysis

import (
	"context"
	"fmt"
	"testing"

	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// BenchmarkSobol4096 is `ontrack sensitivity --method sobol` on the
// default (21 factors) and with five more parameters made uncertain (26
// factors): N = 4,096 base samples, 200 bootstrap resamples.
func BenchmarkSobol4096(b *testing.B) {
	wide := scenario.Default()
	for _, kv := range [][2]string{
		{"ai.multiplier_max", "30 to 300"}, {"ai.sabotage_probability", "0.1 to 0.5"},
		{"brakes.warning_rate", "0.2 to 1"}, {"brakes.warning_scale", "1 to 4"}, {"brakes.pause_probability", "0.1 to 0.5"},
	} {
		if err := wide.Set(kv[0], kv[1], "bench"); err != nil {
			b.Fatal(err)
		}
	}
	for _, s := range []*scenario.Scenario{scenario.Default(), wide} {
		pl, err := scenario.Compile(s)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("factors=%d", len(Factors(pl))), func(b *testing.B) {
			var runs int
			for b.Loop() {
				s, err := SobolPlan(context.Background(), pl, 4096, 1, 200, 0, nil)
				if err != nil {
					b.Fatal(err)
				}
				runs = s.Runs
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(runs), "ns/world")
		})
	}
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
