package dist

import "testing"

// benchQuantile draws d's quantile at 997 evenly spaced u in (0, top).
func benchQuantile(b *testing.B, text string, top float64) {
	d, err := Parse(text)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var s float64
	i := 0
	for b.Loop() {
		s += d.Quantile((float64(i%997) + 0.5) / 997 * top)
		i++
	}
	_ = s
}

// BenchmarkMixtureQuantile is the olah-scale preset's difficulty: four
// lognormal-like classes over five orders of magnitude and a point at inf.
func BenchmarkMixtureQuantile(b *testing.B) {
	benchQuantile(b, "mixture(5000 to 150000, 130000 to 3500000, 3500000 to 100000000, inf, [0.35, 0.35, 0.2, 0.1])", 0.9)
}

// BenchmarkMixtureQuantileDefault is the default scenario's difficulty.error.
func BenchmarkMixtureQuantileDefault(b *testing.B) {
	benchQuantile(b, "mixture(0.4 to 2.5, 4 to 40, [0.85, 0.15])", 1)
}
