package dist

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

// TestBetaTable checks the tabled beta against gonum's exact inverse: every
// draw within 1e-12 of it, relative, over shapes from U-shaped to spiky,
// at uniforms spread over the whole range and at the engine's extremes.
// It also checks that the table answers nearly every draw, so that the
// comparison is of the table and not of the fallback.
func TestBetaTable(t *testing.T) {
	n := 8000
	if testing.Short() {
		n = 2000
	}
	for _, s := range [][2]float64{{0.5, 0.5}, {1, 1}, {2, 5}, {5, 2}, {0.3, 4}, {4, 0.3}, {1.5, 9},
		{50, 50}, {1000, 2}, {1e4, 1e4}, {0.05, 0.05}, {2, 3.4}, {1e4, 1e-5}, {1e-5, 1e4}} {
		d := NewBeta(s[0], s[1])
		tabled, worst := 0, 0.0
		for i := range n + 4 {
			u := (float64(i) + 0.5) / float64(n)
			if i >= n {
				u = []float64{0x1p-54, 1e-10, 1 - 1e-10, 1 - 0x1p-53}[i-n]
			}
			want := betaExact(s[0], s[1], u)
			got := d.Quantile(u)
			if !(got >= 0 && got <= 1) {
				t.Fatalf("beta(%g, %g) at u = %g: %v, outside [0, 1]", s[0], s[1], u, got)
			}
			if d.tab.tabled(u) {
				tabled++
			}
			if want == 0 && got == 0 {
				continue // far below the smallest float, where the table does not reach
			}
			if e := math.Abs(got-want) / want; !(e <= 1e-12) {
				t.Fatalf("beta(%g, %g) at u = %g: %.17g, exact %.17g (relative error %.2g)", s[0], s[1], u, got, want, e)
			} else {
				worst = max(worst, e)
			}
		}
		share := float64(tabled) / float64(n+4)
		t.Logf("beta(%g, %g): %.1f%% of draws from the table, worst relative error %.2g", s[0], s[1], 100*share, worst)
		if s[0] >= 0.3 && s[1] >= 0.3 && share < 0.99 {
			t.Errorf("beta(%g, %g): only %.1f%% of draws from the table", s[0], s[1], 100*share)
		}
	}
}

// TestBetaTableShared checks that betas of the same shapes share a table,
// that a PERT's beta is tabled, and that a literal Beta draws exactly.
func TestBetaTableShared(t *testing.T) {
	a, b := NewBeta(2, 7), NewBeta(2, 7)
	if a.tab == nil || a.tab != b.tab {
		t.Error("two betas of the same shapes do not share one table")
	}
	if p := NewPERT(0, 1, 4); p.b.tab == nil {
		t.Error("a PERT's beta has no table")
	}
	lit := Beta{Alpha: 2, Beta: 7}
	if got, want := lit.Quantile(0.3), betaExact(2, 7, 0.3); got != want {
		t.Errorf("a literal beta gave %v, exact %v", got, want)
	}
}

// TestBetaUpperTail checks the exact quantile's upper tail, where gonum's
// inverse alone is off: the mass above the float below the quantile at u,
// and above the float after it, bracket 1 - u.
func TestBetaUpperTail(t *testing.T) {
	tail := func(a, b, x float64) float64 { return mathext.RegIncBeta(b, a, 1-min(x, 1)) }
	for _, s := range [][2]float64{{0.3, 4}, {5, 2}, {2, 5}, {0.5, 0.5}} {
		for _, u := range []float64{1 - 0x1p-53, 1 - 1e-12, 1 - 1e-6, 0.9} {
			x := betaExact(s[0], s[1], u)
			below, above := tail(s[0], s[1], math.Nextafter(x, 0)), tail(s[0], s[1], math.Nextafter(x, 2))
			if !(above*(1-1e-9) <= 1-u && 1-u <= below*(1+1e-9)) {
				t.Errorf("beta(%g, %g) at u = 1 - %.3g: %.17g, whose neighbours' upper tails hold %.6g and %.6g",
					s[0], s[1], 1-u, x, below, above)
			}
		}
	}
}

func BenchmarkBetaQuantile(b *testing.B) {
	for _, c := range []struct {
		name string
		d    Beta
	}{{"table", NewBeta(2, 5)}, {"exact", Beta{Alpha: 2, Beta: 5}}} {
		b.Run(c.name, func(b *testing.B) {
			u := 0.0
			for b.Loop() {
				u += 0.6180339887498949
				if u >= 1 {
					u--
				}
				c.d.Quantile(u*0.999 + 0.0005)
			}
		})
	}
}

// TestBetaTableConcurrent draws from a fresh table on several goroutines
// at once, as a run's workers do: the first draws build it once, and every
// draw agrees with the same draw made alone (go test -race checks the rest).
func TestBetaTableConcurrent(t *testing.T) {
	d := NewBeta(3.3, 7.7)
	const n = 2000
	got := make([][]float64, 4)
	done := make(chan int)
	for g := range got {
		got[g] = make([]float64, n)
		go func() {
			for i := range n {
				got[g][i] = d.Quantile((float64(i) + 0.5) / n)
			}
			done <- g
		}()
	}
	for range got {
		<-done
	}
	for i := range n {
		for g := 1; g < len(got); g++ {
			if got[g][i] != got[0][i] {
				t.Fatalf("draw %d: %v on one goroutine, %v on another", i, got[0][i], got[g][i])
			}
		}
	}
}

// TestBetaTableOrder checks that draws never go down as u goes up, also
// where x is flat to its last float (beta(10000, 1e-5) sits at 1 - 1e-16,
// where the cubic's rounding turned draws back by a float before they
// were kept between their knots).
func TestBetaTableOrder(t *testing.T) {
	const n = 20000
	for _, s := range [][2]float64{{1e4, 1e-5}, {1e4, 1e-3}, {1e3, 0.01}, {0.01, 0.01}, {1e-5, 1e-5}, {5000, 0.1}, {2, 5}} {
		d := NewBeta(s[0], s[1])
		prev := math.Inf(-1)
		for i := range n + 1 {
			u := 1e-9 + (1-2e-9)*float64(i)/n
			q := d.Quantile(u)
			if !(q >= prev) {
				t.Fatalf("beta(%g, %g): Quantile(%.17g) = %.17g, after %.17g", s[0], s[1], u, q, prev)
			}
			prev = q
		}
	}
}
