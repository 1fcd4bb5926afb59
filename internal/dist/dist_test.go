package dist

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// samples draws n values by inversion from a fixed seed.
func samples(d Dist, n int) []float64 {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = d.Quantile((float64(r.Uint64()>>11) + 0.5) / (1 << 53))
	}
	return xs
}

func meanVar(xs []float64) (float64, float64) {
	var m, v float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return m, v / float64(len(xs)-1)
}

// ksDistance is the largest gap between the sample's empirical CDF and d's.
func ksDistance(d Dist, xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := float64(len(s))
	var dmax float64
	for i, x := range s {
		f := d.CDF(x)
		dmax = max(dmax, math.Abs(f-float64(i)/n), math.Abs(f-float64(i+1)/n))
	}
	return dmax
}

func mustParse(t *testing.T, s string) Dist {
	t.Helper()
	d, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return d
}

// Known moments: normal, lognormal (mean exp(mu + s^2/2)), uniform
// ((a+b)/2, (b-a)^2/12), beta (a/(a+b)), triangular ((a+b+c)/3) and PERT
// ((min + 4 mode + max)/6).
func TestMoments(t *testing.T) {
	cases := []struct {
		text       string
		mean, vari float64
	}{
		{"normal(3, 2)", 3, 4},
		{"lognormal(0, 0.5)", math.Exp(0.125), (math.Exp(0.25) - 1) * math.Exp(0.25)},
		{"uniform(2, 8)", 5, 3},
		{"beta(2, 5)", 2.0 / 7, 10.0 / (49 * 8)},
		{"triangular(0, 1, 4)", 5.0 / 3, (0 + 1 + 16 - 0 - 0 - 4) / 18.0},
		{"pert(0, 1, 4)", (0 + 4 + 4) / 6.0, math.NaN()},
	}
	for _, c := range cases {
		d := mustParse(t, c.text)
		m, v := meanVar(samples(d, 400_000))
		sd := math.Sqrt(v)
		if math.Abs(m-c.mean) > 5*sd/math.Sqrt(400_000) {
			t.Errorf("%s: mean %.5f, want %.5f", c.text, m, c.mean)
		}
		if !math.IsNaN(c.vari) && math.Abs(v-c.vari) > 0.01*c.vari {
			t.Errorf("%s: variance %.5f, want %.5f", c.text, v, c.vari)
		}
	}
}

func TestQuantileCDFIdentity(t *testing.T) {
	for _, text := range []string{
		"normal(3, 2)", "lognormal(1, 0.3)", "uniform(-1, 1)", "beta(0.5, 0.5)", "beta(2, 3)",
		"triangular(0, 0, 1)", "triangular(0, 0.3, 1)", "pert(1, 2, 10)", "5 to 50", "-3 to 4",
		"{p10: 2028, p50: 2033, p90: 2050}", "{p5: 1, p25: 2, p50: 3, p75: 5, p95: 10}",
		"mixture(normal(0, 1), normal(10, 2), [0.3, 0.7])", "mixture(1 to 10, 100 to 1000)",
	} {
		d := mustParse(t, text)
		for _, p := range []float64{1e-6, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 - 1e-6} {
			if got := d.CDF(d.Quantile(p)); math.Abs(got-p) > 1e-7 {
				t.Errorf("%s: CDF(Quantile(%g)) = %.10g", text, p, got)
			}
		}
		if ks := ksDistance(d, samples(d, 100_000)); ks > 0.006 {
			t.Errorf("%s: KS distance %.4f from its own CDF", text, ks)
		}
	}
}

// Known values: the standard normal's 97.5th percentile is 1.959963984540054
// (Abramowitz and Stegun, table 26.1); "a to b" puts a and b at the 5th and
// 95th percentiles, as Squiggle's "to" does.
func TestKnownValues(t *testing.T) {
	if q := (Normal{0, 1}).Quantile(0.975); math.Abs(q-1.959963984540054) > 1e-12 {
		t.Errorf("normal 0.975 quantile %.15f", q)
	}
	for _, c := range []struct{ lo, hi float64 }{{3000, 6000}, {-2, 8}, {0.1, 0.2}} {
		d := NewInterval(c.lo, c.hi)
		if math.Abs(d.Quantile(0.05)-c.lo) > 1e-9*math.Abs(c.hi) || math.Abs(d.Quantile(0.95)-c.hi) > 1e-9*math.Abs(c.hi) {
			t.Errorf("%v to %v: 5th %.9g, 95th %.9g", c.lo, c.hi, d.Quantile(0.05), d.Quantile(0.95))
		}
	}
	if _, ok := NewInterval(1, 2).d.(LogNormal); !ok {
		t.Error("a positive interval should be lognormal")
	}
	if _, ok := NewInterval(-1, 2).d.(Normal); !ok {
		t.Error("an interval through zero should be normal")
	}
	// The 3-term metalog fitted through three quantiles returns them.
	m := mustParse(t, "{p10: 2028, p50: 2033, p90: 2050}")
	for _, c := range [][2]float64{{0.1, 2028}, {0.5, 2033}, {0.9, 2050}} {
		if got := m.Quantile(c[0]); math.Abs(got-c[1]) > 1e-9 {
			t.Errorf("metalog quantile %g = %.12f, want %g", c[0], got, c[1])
		}
	}
	// The log metalog returns its quantiles too, never goes below its floor,
	// and its CDF inverts its quantile.
	lm := mustParse(t, "{above: 2023, p10: 2027, p50: 2047, p90: 2167}")
	for _, c := range [][2]float64{{0.1, 2027}, {0.5, 2047}, {0.9, 2167}} {
		if got := lm.Quantile(c[0]); math.Abs(got-c[1]) > 1e-9 {
			t.Errorf("log metalog quantile %g = %.12f, want %g", c[0], got, c[1])
		}
		if got := lm.CDF(c[1]); math.Abs(got-c[0]) > 1e-9 {
			t.Errorf("log metalog CDF(%g) = %.12f, want %g", c[1], got, c[0])
		}
	}
	if q := lm.Quantile(1e-12); !(q > 2023) || lm.CDF(2023) != 0 {
		t.Errorf("log metalog below its floor: Q(1e-12) = %v, CDF(2023) = %v", q, lm.CDF(2023))
	}
	if got := lm.String(); got != "{above: 2023, p10: 2027, p50: 2047, p90: 2167}" {
		t.Errorf("String() = %q", got)
	}
	for _, bad := range []string{"{above: 2030, p10: 2027, p50: 2047}", "{above: 1, above: 2, p10: 3, p50: 4}", "{abov: 1, p10: 3, p50: 4}", "{above: inf, p10: 3}"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) should fail", bad)
		}
	}
	// Two quantiles give the logistic: median at the midpoint.
	l := mustParse(t, "{p25: 10, p75: 20}")
	if got := l.Quantile(0.5); math.Abs(got-15) > 1e-12 {
		t.Errorf("two-term metalog median %g", got)
	}
}

func TestMixture(t *testing.T) {
	d := mustParse(t, "mixture(uniform(0, 1), uniform(2, 3), [1, 3])").(Mixture)
	if d.W[0] != 0.25 || d.W[1] != 0.75 {
		t.Fatalf("weights not normalised: %v", d.W)
	}
	// A quarter of the mass is in [0, 1], so the 10th percentile is 0.4 and
	// the 50th is 2 + (0.5-0.25)/0.75.
	if q := d.Quantile(0.1); math.Abs(q-0.4) > 1e-9 {
		t.Errorf("10th percentile %v", q)
	}
	if q := d.Quantile(0.5); math.Abs(q-(2+0.25/0.75)) > 1e-9 {
		t.Errorf("median %v", q)
	}
	never := mustParse(t, "mixture(10k to 100k, 1M to 10M, inf, [0.5, 0.3, 0.2])")
	if !math.IsInf(never.Quantile(0.85), 1) || math.IsInf(never.Quantile(0.79), 1) {
		t.Errorf("impossible share: Q(0.85) = %v, Q(0.79) = %v", never.Quantile(0.85), never.Quantile(0.79))
	}
	xs := samples(never, 200_000)
	n := 0
	for _, x := range xs {
		if math.IsInf(x, 1) {
			n++
		}
	}
	if f := float64(n) / float64(len(xs)); math.Abs(f-0.2) > 0.005 {
		t.Errorf("share impossible %.4f, want 0.2", f)
	}
}

func TestTruncate(t *testing.T) {
	d, err := Truncate(Normal{0, 1}, 0, math.Inf(1))
	if err != nil {
		t.Fatal(err)
	}
	// The half-normal's median is the normal's 75th percentile, 0.6744897501960817.
	if q := d.Quantile(0.5); math.Abs(q-0.6744897501960817) > 1e-9 {
		t.Errorf("half-normal median %.15f", q)
	}
	for _, x := range samples(d, 10_000) {
		if x < 0 {
			t.Fatalf("draw %v below the truncation", x)
		}
	}
	if _, err := Truncate(Normal{-100, 1}, 0, 1); err == nil {
		t.Error("a distribution far outside the range should be refused")
	}
	if same, _ := Truncate(Uniform{0.2, 0.4}, 0, 1); same != (Uniform{0.2, 0.4}) {
		t.Error("a distribution inside the range should come back unchanged")
	}
}

func TestParse(t *testing.T) {
	good := map[string]float64{ // text -> median
		"0.2": 0.2, "20%": 0.2, "3k": 3000, "1.5M": 1.5e6, "2B": 2e9, "1e3": 1000, "-4": -4,
		"1_000": 1000, "inf": math.Inf(1), "never": math.Inf(1), "  7  ": 7,
		"2028 to 2040": math.Sqrt(2028 * 2040), "-1 to 1": 0, "10% to 20%": math.Sqrt(0.02),
		"normal(5, 1)": 5, "uniform(0, 10)": 5, "triangular(0, 5, 10)": 5, "PERT(0, 5, 10)": 5,
	}
	for text, med := range good {
		d := mustParse(t, text)
		if got := d.Quantile(0.5); math.Abs(got-med) > 1e-9*math.Max(1, math.Abs(med)) && !(math.IsInf(med, 1) && math.IsInf(got, 1)) {
			t.Errorf("%q: median %v, want %v", text, got, med)
		}
		if again := mustParse(t, d.String()); again.Quantile(0.3) != d.Quantile(0.3) && !math.IsInf(med, 1) {
			t.Errorf("%q prints as %q, which parses to another distribution", text, d.String())
		}
	}
	bad := map[string]int{ // text -> column of the mistake
		"":                                  1,
		"abc":                               1,
		"5 to 3":                            6,
		"5 to 5":                            6,
		"normal(0, -1)":                     1,
		"normal(0)":                         1,
		"uniform(3, 1)":                     1,
		"beta(0, 1)":                        1,
		"triangular(0, 5, 4)":               1,
		"{p10: 5, p90: 1}":                  10,
		"{p10: 5}":                          1,
		"{p0: 1, p50: 2}":                   2,
		"{p10: 2028, p50: 2029, p90: 2200}": 1,
		"mixture(1, 2, [1])":                15,
		"mixture(1, 2, [1, -1])":            15,
		"1e999":                             1,
		"3 4":                               3,
		"normal(1, 2":                       12,
		"5x":                                2,
		"inf to 5":                          1,
	}
	for text, col := range bad {
		_, err := Parse(text)
		se, ok := err.(*SyntaxError)
		if !ok {
			t.Errorf("%q: got %v, want a SyntaxError", text, err)
			continue
		}
		if se.Col != col {
			t.Errorf("%q: error at column %d, want %d (%s)", text, se.Col, col, se.Msg)
		}
	}
}

// FuzzParse checks that no text makes Parse panic, and that what it accepts
// has a quantile function that is finite or +Inf and never decreasing.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0.2", "20%", "2028 to 2040", "normal(1, 2)", "{p10: 1, p50: 2, p90: 5}",
		"mixture(1 to 2, inf, [0.5, 0.5])", "pert(1, 2, 3)", "beta(2, 3)", "-inf", "1e400", "{p10:1,p90:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("Parse(%q): error of type %T", s, err)
			}
			return
		}
		prev := math.Inf(-1)
		for _, u := range []float64{1e-9, 0.1, 0.5, 0.9, 1 - 1e-9} {
			q := d.Quantile(u)
			if math.IsNaN(q) || q < prev {
				t.Fatalf("Parse(%q): Quantile(%g) = %v after %v", s, u, q, prev)
			}
			prev = q
		}
	})
}

// ordered keeps the floats' order across zero and round-trips, and the
// distance between a negative and a positive float does not overflow.
func TestOrdered(t *testing.T) {
	xs := []float64{math.Inf(-1), -math.MaxFloat64, -1e300, -8.25, -1.3, -math.SmallestNonzeroFloat64, 0, math.SmallestNonzeroFloat64, 1, 8.25, 1e300, math.MaxFloat64, math.Inf(1)}
	for i, x := range xs {
		if got := unordered(ordered(x)); got != x {
			t.Errorf("unordered(ordered(%v)) = %v", x, got)
		}
		if i > 0 && !(ordered(xs[i-1]) < ordered(x)) {
			t.Errorf("ordered(%v) >= ordered(%v)", xs[i-1], x)
		}
	}
	if d := ordered(8.25) - ordered(-1.3); d < 1<<62 {
		t.Errorf("distance %d", d)
	}
	// A normal through zero mixed with a far point: the quantile at a tiny u
	// bisects a bracket from a negative to a positive float.
	d := mustParse(t, "mixture(0 to 1, 10000000)")
	if q := d.Quantile(1e-9); !(q < -1 && q > -1.5) {
		t.Errorf("Quantile(1e-9) = %v, want about -1.29", q)
	}
}

// Weights near the largest float are normalised without overflow, and the
// limits on components and quantiles hold at any depth of nesting.
func TestMixtureLimits(t *testing.T) {
	d := mustParse(t, "mixture(1, 2, [1e308, 1e308])").(Mixture)
	if d.W[0] != 0.5 || d.W[1] != 0.5 {
		t.Errorf("weights %v, want [0.5 0.5]", d.W)
	}
	d = mustParse(t, "mixture(1, 2, [1.7e308, 5e-324])").(Mixture)
	if d.W[0] != 1 || d.W[1] != 0 {
		t.Errorf("weights %v, want [1 0]", d.W)
	}
	many := func(n int) string {
		return "mixture(" + strings.TrimSuffix(strings.Repeat("1, ", n), ", ") + ")"
	}
	mustParse(t, many(MaxComponents))
	nested := "mixture(" + many(MaxComponents/2) + ", " + many(MaxComponents/2) + ")"
	for _, text := range []string{many(MaxComponents + 1), many(20000), nested,
		strings.Repeat("mixture(", 5000) + "1" + strings.Repeat(")", 5000)} {
		_, err := Parse(text)
		if err == nil || !strings.Contains(err.Error(), "at most 100") {
			t.Errorf("%d bytes: got %v, want at most 100 components", len(text), err)
		}
	}
	if _, err := Parse("mixture(1, 2, [" + strings.Repeat("1, ", 5000) + "1])"); err == nil || !strings.Contains(err.Error(), "more weights") {
		t.Errorf("too many weights: got %v", err)
	}
	q := "{" + strings.Repeat("p1: 1, ", 10000) + "p2: 2}"
	if _, err := Parse(q); err == nil {
		t.Error("10,001 quantiles accepted")
	}
}

// Numbers are echoed short, and a suffix that overflows is not infinity.
func TestEchoes(t *testing.T) {
	long := "1" + strings.Repeat("0", 100_000)
	_, err := Parse(long)
	if err == nil || len(err.Error()) > 200 || !strings.Contains(err.Error(), "100001 bytes") {
		t.Errorf("got %d bytes of message: %.200v", len(err.Error()), err)
	}
	for _, text := range []string{"1e308B", "2e305k", "mixture(1, 1e308B)"} {
		if _, err := Parse(text); err == nil || !strings.Contains(err.Error(), "not a finite number") {
			t.Errorf("%s: got %v", text, err)
		}
	}
}
