package sim

import (
	"cmp"
	"math"
	"slices"

	"ontrack/internal/fault"
)

// Decomp splits the variance of a quantity over a mixture of worldviews by
// the law of total variance: Total = Within + Between, where Within is the
// weighted mean of each component's variance and Between the weighted
// variance of the components' means: how much comes from disagreement.
type Decomp struct{ Total, Within, Between, ShareBetween float64 }

// Pooled is a credence-weighted mixture of runs over the same worlds.
type Pooled struct {
	Weights    []float64 // normalised
	POnTrack   float64
	POnTrackSE float64 // over worlds, counting that components share them
	Lead       Quantiles
	LeadMean   float64
	OnTrackVar Decomp // of the on-track indicator
	LeadVar    Decomp // of the lead, clipped to +-LeadClip years
}

// LeadClip bounds the lead in the variance split, so that a world whose
// deadline never comes does not make the variance infinite.
const LeadClip = 100.0

// Pool mixes results run on the same worlds with the given weights. Each
// world counts once in every component with its component's weight, which
// gives the mixture's exact expectation with less noise than sampling a
// component per world.
func Pool(rs []*Result, weights []float64) (Pooled, error) {
	if len(rs) == 0 || len(rs) != len(weights) {
		return Pooled{}, fault.Errorf(fault.Invalid, "pool: %d results and %d weights", len(rs), len(weights))
	}
	// Normalise by the largest weight first: the sum of weights near the
	// largest float would overflow to +Inf, and every weight to 0.
	var top float64
	for _, w := range weights {
		if !(w > 0) || math.IsInf(w, 0) {
			return Pooled{}, fault.Errorf(fault.Invalid, "pool: weights must be positive and finite, got %v", w)
		}
		top = max(top, w)
	}
	var sum float64
	for _, w := range weights {
		sum += w / top
	}
	n := rs[0].N
	for _, r := range rs {
		if r.N != n || r.Seed != rs[0].Seed {
			return Pooled{}, fault.Errorf(fault.Invalid, "pool: the runs must share their worlds (same N and seed)")
		}
	}
	pl := Pooled{Weights: make([]float64, len(rs))}
	for k, w := range weights {
		pl.Weights[k] = w / top / sum
	}
	// P(on track) and its standard error from the per-world weighted mean.
	var m, m2 float64
	for i := range n {
		var y float64
		for k, r := range rs {
			if r.Done.OnTrack[i] {
				y += pl.Weights[k]
			}
		}
		m += y
		m2 += y * y
	}
	fn := float64(n)
	pl.POnTrack = m / fn
	if n > 1 {
		pl.POnTrackSE = math.Sqrt(math.Max(0, m2/fn-pl.POnTrack*pl.POnTrack) / (fn - 1))
	}
	// Variance splits.
	means, vars := make([]float64, len(rs)), make([]float64, len(rs))
	for k, r := range rs {
		var on float64
		for _, b := range r.Done.OnTrack {
			if b {
				on++
			}
		}
		p := on / fn
		means[k], vars[k] = p, p*(1-p)
	}
	pl.OnTrackVar = split(pl.Weights, means, vars)
	for k, r := range rs {
		var s, s2 float64
		for _, x := range r.Done.Lead {
			x = math.Max(-LeadClip, math.Min(LeadClip, x))
			s += x
			s2 += x * x
		}
		means[k] = s / fn
		vars[k] = math.Max(0, s2/fn-means[k]*means[k])
	}
	pl.LeadVar = split(pl.Weights, means, vars)
	for k := range rs {
		pl.LeadMean += pl.Weights[k] * means[k]
	}
	pl.Lead = weightedQuantiles(rs, pl.Weights)
	return pl, nil
}

func split(w, means, vars []float64) Decomp {
	var mean, within, between float64
	for k := range w {
		mean += w[k] * means[k]
		within += w[k] * vars[k]
	}
	for k := range w {
		d := means[k] - mean
		between += w[k] * d * d
	}
	d := Decomp{Total: within + between, Within: within, Between: between}
	if d.Total > 0 {
		d.ShareBetween = between / d.Total
	}
	return d
}

// PoolBytes is the memory Pool takes for each world of k components, on
// top of their runs: a (lead, weight) pair per world and component for the
// weighted quantiles, and a quarter more for the collector's slack.
func PoolBytes(k int) float64 { return 1.25 * 16 * float64(k) }

// weightedQuantiles finds the 10th, 50th and 90th percentiles of the
// leads of every component's worlds, world i of component k weighing w_k/N.
func weightedQuantiles(rs []*Result, w []float64) Quantiles {
	type wx struct{ x, w float64 }
	all := make([]wx, 0, len(rs)*rs[0].N)
	for k, r := range rs {
		for _, x := range r.Done.Lead {
			all = append(all, wx{x, w[k] / float64(r.N)})
		}
	}
	slices.SortFunc(all, func(a, b wx) int { return cmp.Compare(a.x, b.x) })
	qs := [3]float64{0.1, 0.5, 0.9}
	var out [3]float64
	var cum float64
	j := 0
	for _, e := range all {
		cum += e.w
		for j < 3 && cum >= qs[j]-1e-12 {
			out[j] = e.x
			j++
		}
	}
	for ; j < 3; j++ {
		out[j] = all[len(all)-1].x
	}
	return Quantiles{out[0], out[1], out[2]}
}
