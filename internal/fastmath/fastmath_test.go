package fastmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ulps is how many floats apart a and b are.
func ulps(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(a-b) / (math.Nextafter(math.Abs(b), math.Inf(1)) - math.Abs(b))
}

// Exp and Log against the math package over the ranges the panels
// use and beyond, at random and at the edges of their tables: within two
// units in the last place, and the math package's answer outside their
// range (infinities, NaN, subnormals).
func TestFastMath(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var worstExp, worstLog float64
	for range 1_000_000 {
		x := (r.Float64()*2 - 1) * 700
		if r.IntN(2) == 0 {
			x = (r.Float64()*2 - 1) * 5
		}
		worstExp = max(worstExp, ulps(Exp(x), math.Exp(x)))
		y := math.Exp((r.Float64()*2 - 1) * 690)
		if r.IntN(2) == 0 {
			y = 1 + r.Float64()*r.Float64()*1e3
		}
		worstLog = max(worstLog, logUlps(y))
	}
	for i := range expN + 1 { // where k changes the table's entry
		x := float64(i) * math.Ln2 / expN
		for _, v := range []float64{x, -x, math.Nextafter(x, 0), x + 1e-9} {
			worstExp = max(worstExp, ulps(Exp(v), math.Exp(v)))
		}
	}
	for i := range logN + 1 { // where the mantissa changes the table's entry
		y := 1 + float64(i)/logN
		for _, v := range []float64{y, math.Nextafter(y, 0), math.Nextafter(y, 2), 2 * y, y / 8} {
			worstLog = max(worstLog, logUlps(v))
		}
	}
	t.Logf("worst: exp %.2f, log %.2f units in the last place", worstExp, worstLog)
	if worstExp > 2 || worstLog > 2 {
		t.Errorf("exp off by %.2f, log by %.2f units in the last place; want 2 at most", worstExp, worstLog)
	}
	for _, x := range []float64{0, 1, -1, 700, -700, 710, -746, math.Inf(1), math.Inf(-1), math.NaN()} {
		if got, want := Exp(x), math.Exp(x); got != want && !(math.IsNaN(got) && math.IsNaN(want)) && ulps(got, want) > 2 {
			t.Errorf("Exp(%v) = %v, want %v", x, got, want)
		}
	}
	for _, y := range []float64{1, 2, 0.5, 0, -1, 1e-310, 1e308, math.Inf(1), math.NaN()} {
		if got, want := Log(y), math.Log(y); got != want && !(math.IsNaN(got) && math.IsNaN(want)) && ulps(got, want) > 2 {
			t.Errorf("Log(%v) = %v, want %v", y, got, want)
		}
	}
}

// logUlps is Log's error at y in units in the last place of ln y, or
// of 1 where |ln y| < 1: the panels take ln(1 + k1 x), whose argument has
// already rounded to the last place of 1.
func logUlps(y float64) float64 {
	got, want := Log(y), math.Log(y)
	if got == want {
		return 0
	}
	w := math.Max(math.Abs(want), 1)
	return math.Abs(got-want) / (math.Nextafter(w, math.Inf(1)) - w)
}

var sink float64

func BenchmarkExp(b *testing.B) {
	x, s := 0.1, 0.0
	for b.Loop() {
		s += Exp(x)
		x += 1e-9
	}
	sink = s
}

func BenchmarkMathExp(b *testing.B) {
	x, s := 0.1, 0.0
	for b.Loop() {
		s += math.Exp(x)
		x += 1e-9
	}
	sink = s
}

func BenchmarkLog(b *testing.B) {
	x, s := 1.1, 0.0
	for b.Loop() {
		s += Log(x)
		x += 1e-9
	}
	sink = s
}

func BenchmarkMathLog(b *testing.B) {
	x, s := 1.1, 0.0
	for b.Loop() {
		s += math.Log(x)
		x += 1e-9
	}
	sink = s
}
