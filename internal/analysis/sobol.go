package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sync/atomic"

	"ontrack/internal/sim"
)

// Index is one factor's Sobol indices with 95% bootstrap intervals.
type Index struct {
	Name           string
	S1, S1Lo, S1Hi float64 // first order: share of variance from the factor alone
	ST, STLo, STHi float64 // total: share that involves the factor at all
}

// Indices are the Sobol indices of one output.
type Indices struct {
	Output   string
	Mean     float64
	Var      float64
	Factors  []Index
	SumS1    float64
	Warnings []string
}

// Evaluator computes a model's outputs for one point of the unit cube. Each
// worker gets its own from a factory, so it may keep scratch space.
type Evaluator func(u []float64, out []float64)

// SaltelliDesign runs the model on Saltelli's design: two independent
// N x dim matrices A and B of uniforms, and for each factor k the matrix
// AB_k, which is A with factor k's columns (a factor may be a group of
// columns) taken from B. That is N (K + 2) runs. ys[o] holds output o as
// one row for A, one for B, then one per factor, each of length N.
func SaltelliDesign(ctx context.Context, groups [][]int, dim, n int, seed uint64, workers int, progress *atomic.Int64, newEval func() Evaluator, nout int) ([][][]float64, error) {
	k := len(groups)
	ys := make([][][]float64, nout)
	for o := range ys {
		ys[o] = make([][]float64, k+2)
		for r := range ys[o] {
			ys[o][r] = make([]float64, n)
		}
	}
	err := sim.Parallel(ctx, n, 64, workers, progress, func(int) func(lo, hi int) {
		eval := newEval()
		a, b, ab := make([]float64, dim), make([]float64, dim), make([]float64, dim)
		out := make([]float64, nout)
		put := func(row, j int) {
			for o := range nout {
				ys[o][row][j] = out[o]
			}
		}
		return func(lo, hi int) {
			for j := lo; j < hi; j++ {
				// A and B rows are two independent streams of the engine's
				// generator: world j of seed and of a derived seed.
				sim.Uniforms(seed, j, a)
				sim.Uniforms(seed^0x5851f42d4c957f2d, j, b)
				copy(ab, a)
				eval(ab, out)
				put(0, j)
				copy(ab, b)
				eval(ab, out)
				put(1, j)
				for g, cols := range groups {
					copy(ab, a)
					for _, c := range cols {
						ab[c] = b[c]
					}
					eval(ab, out)
					put(2+g, j)
				}
			}
		}
	})
	return ys, err
}

// Sobol estimates first-order indices with Saltelli et al. (2010) and total
// indices with Jansen (1999), as SALib does:
//
//	S_k  = mean_j f(B)_j (f(AB_k)_j - f(A)_j) / V
//	ST_k = mean_j (f(A)_j - f(AB_k)_j)^2 / (2 V)
//
// with V the variance of f over the rows of A and B together. The 95%
// intervals are bootstrap percentiles over boot resamplings of the rows.
func Sobol(output string, names []string, y [][]float64, boot int, seed uint64) Indices {
	n := len(y[0])
	k := len(names)
	res := Indices{Output: output}
	est := func(idx []int, s1, st []float64) (mean, v float64) {
		var m, m2 float64
		for _, j := range idx {
			m += y[0][j] + y[1][j]
			m2 += y[0][j]*y[0][j] + y[1][j]*y[1][j]
		}
		nn := float64(2 * len(idx))
		mean = m / nn
		v = m2/nn - mean*mean
		for f := range k {
			var a, b float64
			ab := y[2+f]
			for _, j := range idx {
				a += y[1][j] * (ab[j] - y[0][j])
				d := y[0][j] - ab[j]
				b += d * d
			}
			s1[f] = a / float64(len(idx)) / v
			st[f] = b / float64(len(idx)) / (2 * v)
		}
		return mean, v
	}
	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	s1, st := make([]float64, k), make([]float64, k)
	res.Mean, res.Var = est(all, s1, st)
	if !(res.Var > 0) {
		res.Warnings = append(res.Warnings, "the output does not vary over the sample, so it has no indices")
		for f := range k {
			res.Factors = append(res.Factors, Index{Name: names[f]})
		}
		return res
	}
	bs1, bst := make([][]float64, k), make([][]float64, k)
	for f := range k {
		bs1[f], bst[f] = make([]float64, 0, boot), make([]float64, 0, boot)
	}
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	idx := make([]int, n)
	t1, tt := make([]float64, k), make([]float64, k)
	for range boot {
		for j := range idx {
			idx[j] = r.IntN(n)
		}
		if _, v := est(idx, t1, tt); !(v > 0) {
			continue // a resample without variance has no indices
		}
		for f := range k {
			bs1[f] = append(bs1[f], t1[f])
			bst[f] = append(bst[f], tt[f])
		}
	}
	unstable, negative := false, false
	for f := range k {
		ix := Index{Name: names[f], S1: s1[f], ST: st[f]}
		ix.S1Lo, ix.S1Hi = percentiles(bs1[f])
		ix.STLo, ix.STHi = percentiles(bst[f])
		res.SumS1 += s1[f]
		if ix.S1Hi < -0.01 { // tiny negative values are noise around zero
			negative = true
		}
		if ix.STHi-ix.STLo > 0.1 || ix.S1Hi-ix.S1Lo > 0.1 {
			unstable = true
		}
		res.Factors = append(res.Factors, ix)
	}
	if negative {
		res.Warnings = append(res.Warnings, "a first-order index is negative beyond its interval: the sample is too small; raise -n")
	}
	if unstable {
		res.Warnings = append(res.Warnings, "some intervals are wider than 0.1: the sample is too small to rank those factors; raise -n")
	}
	if res.SumS1 > 1.05 {
		res.Warnings = append(res.Warnings, "the first-order indices add to more than 1: the sample is too small; raise -n")
	}
	return res
}

// SobolBytes is the memory SobolPlan takes for k factors, n base samples
// and boot resamples, at its peak: the design's two outputs for K + 2 rows
// of n (16 (K + 2) n bytes), and for each output, whose bootstraps run
// side by side, the row indices (16 n) and the estimates (16 K + 8 per
// resample); and a quarter more for the garbage collector's slack.
func SobolBytes(k, n, boot int) float64 {
	return 1.25 * (16*float64(k+4)*float64(n) + float64(32*k+16)*float64(boot))
}

// percentiles returns the 2.5th and 97.5th percentiles.
func percentiles(xs []float64) (lo, hi float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	c := slices.Clone(xs)
	slices.Sort(c)
	return sim.Quantile(c, 0.025), sim.Quantile(c, 0.975)
}
