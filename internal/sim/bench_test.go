package sim

import (
	"context"
	"os"
	"testing"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
)

// BenchmarkWorld is one world of the default scenario: draw its uniforms,
// turn them into parameters, simulate. It must not allocate.
func BenchmarkWorld(b *testing.B) { benchWorld(b, plan(b)) }

// BenchmarkWorldKnots is the same with the reference integrator at the
// spacing that was the default before the exact engine, one year.
func BenchmarkWorldKnots(b *testing.B) { benchWorld(b, plan(b, "sim.step", "1")) }

// BenchmarkWorldPreset is one world of each preset.
func BenchmarkWorldPreset(b *testing.B) {
	for _, name := range scenario.PresetNames() {
		b.Run(name, func(b *testing.B) { benchWorld(b, presetPlan(b, name)) })
	}
}

func benchWorld(b *testing.B, pl *scenario.Plan) {
	u := make([]float64, scenario.Dim)
	var p model.Params
	var o model.Outcome
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		World(pl, DefaultSeed, i, u, &p, &o)
		i++
	}
}

// BenchmarkWorldDraw is the part of BenchmarkWorld before the model runs:
// the uniforms and the parameters drawn from them. It is the floor under
// any engine, however fast.
func BenchmarkWorldDraw(b *testing.B) { benchDraw(b, plan(b)) }

func benchDraw(b *testing.B, pl *scenario.Plan) {
	u := make([]float64, scenario.Dim)
	var p model.Params
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Uniforms(DefaultSeed, i, u)
		pl.Draw(u, &p)
		i++
	}
}

// BenchmarkSimulate is the model alone, on one fixed world.
func BenchmarkSimulate(b *testing.B) {
	pl := plan(b)
	p := pl.Base()
	var o model.Outcome
	b.ReportAllocs()
	for b.Loop() {
		model.Simulate(&p, &o)
	}
}

func benchRun(b *testing.B, n int) {
	pl := plan(b)
	b.ReportAllocs()
	for b.Loop() {
		r, err := Run(context.Background(), pl, Options{N: n, Seed: DefaultSeed})
		if err != nil {
			b.Fatal(err)
		}
		Summarize(r)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/world")
}

// BenchmarkRun100k is `ontrack run` on the default: 100,000 worlds and the summary.
func BenchmarkRun100k(b *testing.B) { benchRun(b, 100_000) }

// BenchmarkRun1M is the same with 1,000,000 worlds.
func BenchmarkRun1M(b *testing.B) { benchRun(b, 1_000_000) }

// BenchmarkSummarize100k is the summary of a 100,000-world run alone.
func BenchmarkSummarize100k(b *testing.B) {
	pl := plan(b)
	r, err := Run(context.Background(), pl, Options{N: 100_000, Seed: DefaultSeed})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Summarize(r)
	}
}

// reducedPlan is bench/reduced.yaml, the model that bench/squiggle.sh times
// against Squiggle.
func reducedPlan(b *testing.B) *scenario.Plan {
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
	return pl
}

// BenchmarkWorldReduced is one world of bench/reduced.yaml.
func BenchmarkWorldReduced(b *testing.B) { benchWorld(b, reducedPlan(b)) }

// BenchmarkWorldDrawReduced is its draws alone.
func BenchmarkWorldDrawReduced(b *testing.B) { benchDraw(b, reducedPlan(b)) }
