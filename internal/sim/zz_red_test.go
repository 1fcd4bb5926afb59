package sim

import (
	"context"
	"os"
	"testing"

	"ontrack/internal/scenario"
)

func BenchmarkZZReduced(b *testing.B) {
	data, err := os.ReadFile("../../bench/reduced.yaml")
	if err != nil {
		b.Fatal(err)
	}
	s, err := scenario.Load("reduced.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	pl, err := scenario.Compile(s)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := Run(context.Background(), pl, Options{N: 1_000_000, Seed: DefaultSeed})
		if err != nil {
			b.Fatal(err)
		}
		Summarize(r)
	}
}
