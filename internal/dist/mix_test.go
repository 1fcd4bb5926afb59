package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// oldQuantile is Mixture.Quantile as it was before the table: solve on
// every draw. It is the oracle the table is held to.
func (m Mixture) oldQuantile(u float64) float64 {
	if u >= 1-m.wInf {
		return math.Inf(1)
	}
	return m.solve(u)
}

// probes returns u spread evenly in logit from 1e-17 to 1 - 1e-16, the
// engine's extreme uniforms, and every knot's CDF (or every so many) with the floats either
// side, where a bracket from the table starts or ends.
func probes(m Mixture, n, every int) []float64 {
	us := []float64{0x1p-54, 1 - 0x1p-53, 1e-300, 0.5}
	for k := range n {
		l := -39 + 76*float64(k)/float64(n-1)
		us = append(us, 1/(1+math.Exp(-l)))
	}
	m.Quantile(0.5) // build the table
	if t := m.tab; t != nil {
		for k := 0; k < len(t.f); k += every {
			f := t.f[k]
			us = append(us, f, math.Nextafter(f, 0), math.Nextafter(f, 1))
		}
	}
	var in []float64
	for _, u := range us {
		if u > 0 && u < 1 {
			in = append(in, u)
		}
	}
	slices.Sort(in)
	return slices.Compact(in)
}

// relDiff is |a-b| relative to b, and 0 when they are the same float or
// the same infinity. Below 1e-300 it is absolute: where a CDF is flat to
// rounding around zero (normal(0, 1e-300) mixed with a wide component),
// which float starts the flat stretch is a matter of rounding, and the two
// finders may differ by a subnormal.
func relDiff(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(a-b) / math.Max(math.Abs(b), 1e-300)
}

// checkMixture holds m's quantile to the oracle (the least float with
// CDF(x) >= u) within tol relative at every probe, and checks that it
// never decreases in u by more than tol (or by a step the CDF cannot
// tell, as below). It returns the worst difference. (A CDF summed from
// components is not monotone in the last place, so that between adjacent
// floats u neither finder is exactly monotone. The table's answer is good
// to 1e-12 of x, not the least float, so CDF(Quantile(u)) may fall below
// u by the CDF's change over that much of x.)
//
// Where the CDF is flat to rounding over more than tol of x (near zero, or
// near the end of a bounded component mixed with a wide one, the rounded
// CDF can stay within a few units in its last place over 1e-8 of x, or all
// of x near 0, and does not increase monotonically there) the finders can
// stop at different floats where the CDF crosses u. Such a probe passes if
// the new answer is a crossing (CDF(q) >= u > CDF of the float below q) and
// the CDF at the two answers differs by at most 1e-13: as draws they cannot
// be told apart. It is counted in flat.
func checkMixture(t *testing.T, name string, m Mixture, us []float64, tol float64) (worst float64, flat int) {
	t.Helper()
	prev := math.Inf(-1)
	bad := 0
	for _, u := range us {
		q, o := m.Quantile(u), m.oldQuantile(u)
		d := relDiff(q, o)
		if d > tol && math.Abs(m.CDF(q)-m.CDF(o)) <= 1e-13 && m.CDF(q) >= u && m.CDF(math.Nextafter(q, math.Inf(-1))) < u {
			flat++
			d = 0
		}
		worst = max(worst, d)
		switch {
		case !(d <= tol):
			t.Errorf("%s: Quantile(%v) = %v, the root-finder's %v (relative %.3g)", name, u, q, o, d)
		case q < prev-tol*math.Abs(prev) && m.CDF(prev)-m.CDF(q) > 1e-13:
			t.Errorf("%s: Quantile(%v) = %v below %v at a smaller u", name, u, q, prev)
		default:
			prev = max(prev, q)
			continue
		}
		if bad++; bad > 5 {
			t.FailNow()
		}
	}
	return worst, flat
}

// The table's quantile is the root-finder's, draw for draw, for the default
// scenario's and olah-scale's mixtures and for the shapes that have broken
// root-finders here before (fuzz finds among them).
func TestMixtureTableMatchesSolve(t *testing.T) {
	for _, text := range []string{
		"mixture(0.4 to 2.5, 4 to 40, [0.85, 0.15])",                                                    // default difficulty.error
		"mixture(5000 to 150000, 130000 to 3500000, 3500000 to 100000000, inf, [0.35, 0.35, 0.2, 0.1])", // olah-scale
		"mixture(2030 to 2050, inf, [0.4, 0.6])",
		"mixture(10k to 100k, 1M to 10M, inf, [0.5, 0.3, 0.2])",
		"mixture(normal(0, 1), normal(10, 2), [0.3, 0.7])",
		"mixture(1 to 10, 100 to 1000)",
		"mixture(uniform(0, 1), uniform(2, 3), [1, 3])",
		"mixture(0 to 1, 10000000)",
		"mixture(0, 1E100, 1)",
		"mixture(0, 2, 0, 1, 1, 0, 0, 1, 0, 1, 1)",
		"mixture(-5 to -1, -1 to 3, normal(-1e6, 10))",
		"mixture(normal(0, 1e-300), normal(0, 1e300))",
		"mixture(-1e308, 1e308, normal(0, 1))",
		"mixture(mixture(1 to 2, 5, [0.3, 0.7]), mixture(normal(3, 1), beta(2, 5)), inf, [2, 2, 1])",
		"mixture(beta(0.5, 0.5), triangular(0, 0, 1), pert(0.2, 0.3, 2), uniform(-1, 0.5))",
		"mixture({p10: 2028, p50: 2033, p90: 2050}, {above: 2023, p10: 2027, p50: 2047, p90: 2167})",
		"mixture(lognormal(0, 5), lognormal(50, 0.01), 3)",
	} {
		m := mustParse(t, text).(Mixture)
		w, flat := checkMixture(t, text, m, probes(m, 4000, 1), 1e-12)
		if flat > 0 {
			t.Errorf("%s: %d answers differ on a flat step of the CDF", text, flat)
		}
		t.Logf("%s: worst relative difference %.3g", text, w)
	}
}

// randomDist draws a component for a random mixture: any distribution the
// syntax has, over scales from 1e-6 to 1e6 and both signs, or a mixture.
func randomDist(r *rand.Rand, depth int) string {
	sc := math.Pow(10, float64(r.IntN(13)-6))
	x := func() float64 { return (r.Float64()*2 - 1) * sc }
	switch r.IntN(11) {
	case 0:
		return fmt.Sprintf("normal(%g, %g)", x(), sc*(0.01+r.Float64()))
	case 1:
		return fmt.Sprintf("lognormal(%g, %g)", 3*x()/sc, 0.01+2*r.Float64())
	case 2:
		a := x()
		return fmt.Sprintf("%g to %g", a, a+sc*r.Float64()+1e-3*sc)
	case 3:
		a := sc * r.Float64()
		return fmt.Sprintf("%g to %g", a, a*(1+100*r.Float64()))
	case 4:
		a := x()
		return fmt.Sprintf("uniform(%g, %g)", a, a+sc*(0.01+r.Float64()))
	case 5:
		return fmt.Sprintf("beta(%g, %g)", 0.2+5*r.Float64(), 0.2+5*r.Float64())
	case 6:
		a, b := x(), x()
		a, b = min(a, b), max(a, b)+sc*1e-3
		return fmt.Sprintf("pert(%g, %g, %g)", a, a+(b-a)*r.Float64(), b)
	case 7:
		a, b := x(), x()
		a, b = min(a, b), max(a, b)+sc*1e-3
		return fmt.Sprintf("triangular(%g, %g, %g)", a, a+(b-a)*r.Float64(), b)
	case 8:
		return fmt.Sprintf("%g", x())
	case 9:
		return "inf"
	}
	if depth > 0 {
		return randomDist(r, depth)
	}
	return randomMixture(r, depth+1)
}

func randomMixture(r *rand.Rand, depth int) string {
	n := 2 + r.IntN(4)
	cs, ws := make([]string, n), make([]string, n)
	for i := range cs {
		cs[i] = randomDist(r, depth)
		ws[i] = fmt.Sprintf("%g", 0.01+r.Float64())
	}
	return "mixture(" + strings.Join(cs, ", ") + ", [" + strings.Join(ws, ", ") + "])"
}

// Property: for random mixtures of every kind of component, the table's
// quantile is the root-finder's to 1e-12 relative and never decreases in u
// by more.
func TestMixtureTableRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 2026))
	n := 150
	if testing.Short() {
		n = 20
	}
	var worst float64
	var probed, flat int
	for range n {
		text := randomMixture(r, 0)
		m := mustParse(t, text).(Mixture)
		us := probes(m, 300, 7)
		for range 300 {
			us = append(us, r.Float64())
		}
		slices.Sort(us)
		w, f := checkMixture(t, text, m, us, 1e-12)
		worst, flat, probed = max(worst, w), flat+f, probed+len(us)
		if t.Failed() {
			return
		}
	}
	t.Logf("%d random mixtures, %d draws: worst relative difference %.3g; %d on a flat step of the CDF", n, probed, worst, flat)
}

// A Mixture is shared read-only between goroutines: the first draws build
// its table at once, and every goroutine sees the same quantiles (run with
// -race).
func TestMixtureShared(t *testing.T) {
	text := "mixture(0.4 to 2.5, 4 to 40, [0.85, 0.15])"
	want := mustParse(t, text).(Mixture)
	m := mustParse(t, text).(Mixture)
	var wg sync.WaitGroup
	got := make([][]float64, 8)
	for g := range got {
		wg.Go(func() {
			for k := range 200 {
				got[g] = append(got[g], m.Quantile((float64(k)+0.5)/200))
			}
		})
	}
	wg.Wait()
	for g := range got {
		for k, q := range got[g] {
			if w := want.Quantile((float64(k) + 0.5) / 200); q != w {
				t.Fatalf("goroutine %d draw %d: %v, want %v", g, k, q, w)
			}
		}
	}
}

// With mass at +Inf the finite draws must cover the whole finite part:
// CDF(Quantile(u)) = u below the finite mass, for a single finite
// component (the default's thresholds.governance), several (olah-scale)
// and a nested mixture that holds the +Inf. Before, the bracket used the
// components' quantiles at u itself, so governance's finite draws covered
// only the lower 40% of 2030-2050 and olah-scale's Q(0.89) had CDF 0.878.
func TestMixtureWithInfCoversFinitePart(t *testing.T) {
	for _, text := range []string{
		"mixture(2030 to 2050, inf, [0.4, 0.6])",
		"mixture(20000 to 150000, 130000 to 3500000, 3500000 to 100000000, inf, [0.35, 0.35, 0.2, 0.1])",
		"mixture(mixture(1 to 2, inf, [0.5, 0.5]), 3 to 4, [0.5, 0.5])",
	} {
		d, err := Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		fin := d.CDF(math.MaxFloat64)
		for _, u := range []float64{0.01, 0.1, 0.25, 0.39, 0.5, 0.7, 0.74, 0.89} {
			if u >= fin {
				if q := d.Quantile(u); !math.IsInf(q, 1) {
					t.Errorf("%s: Quantile(%v) = %v above the finite mass %v", text, u, q, fin)
				}
				continue
			}
			if got := d.CDF(d.Quantile(u)); math.Abs(got-u) > 1e-9 {
				t.Errorf("%s: CDF(Quantile(%v)) = %v", text, u, got)
			}
		}
	}
}

// The same mixture parsed twice shares one table, built once; a different
// one does not.
func TestMixtureTableShared(t *testing.T) {
	a := mustParse(t, "mixture(0.4 to 2.5, 4 to 40, [0.85, 0.15])").(Mixture)
	b := mustParse(t, "mixture(0.4 to 2.5, 4 to 40, [0.85, 0.15])").(Mixture)
	c := mustParse(t, "mixture(0.4 to 2.5, 4 to 41, [0.85, 0.15])").(Mixture)
	if a.tab != b.tab {
		t.Error("the same mixture parsed twice has two tables")
	}
	if a.tab == c.tab {
		t.Error("two different mixtures share a table")
	}
	if qa, qb := a.Quantile(0.3), b.Quantile(0.3); qa != qb {
		t.Errorf("the same mixture draws %v and %v", qa, qb)
	}
}
