package dist

import "testing"

// BenchmarkMixtureQuantile is the olah-scale preset's difficulty: four
// lognormal-like classes over five orders of magnitude and a point at inf.
func BenchmarkMixtureQuantile(b *testing.B) {
	d, err := Parse("mixture(5000 to 150000, 130000 to 3500000, 3500000 to 100000000, inf, [0.35, 0.35, 0.2, 0.1])")
	if err != nil {
		b.Fatal(err)
	}
	var s float64
	i := 0
	for b.Loop() {
		s += d.Quantile((float64(i%997) + 0.5) / 997 * 0.9)
		i++
	}
	_ = s
}
