package sim

import (
	"testing"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
)

func BenchmarkZZDraw(b *testing.B) {
	pl := plan(b)
	u := make([]float64, scenario.Dim)
	var p model.Params
	i := 0
	for b.Loop() {
		Uniforms(DefaultSeed, i, u)
		pl.Draw(u, &p)
		i++
	}
}
