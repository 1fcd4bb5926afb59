package sim

import (
	"math"
	"slices"
	"sort"
)

// Quantiles are the 10th, 50th and 90th percentiles of a quantity over
// worlds. A year beyond the horizon is +Inf: "not by the horizon".
type Quantiles struct{ P10, P50, P90 float64 }

// TrackSummary sums up one target (done or a milestone) over the worlds.
type TrackSummary struct {
	Name       string
	POnTrack   float64 // share of worlds where it came before its deadline
	POnTrackSE float64 // Monte Carlo standard error of POnTrack
	PNever     float64 // share of worlds where it did not come by the horizon
	PNeverSE   float64
	Year       Quantiles // year reached (+Inf beyond the horizon)
	Deadline   Quantiles
	Lead       Quantiles // deadline - year; censored where never reached
	FracMean   float64   // mean share of its effort reached at its deadline
}

// CurvePoint is the chance that done, and ASI, have come by a year.
type CurvePoint struct {
	Year  float64
	PDone float64
	PASI  float64
}

// Summary is a run boiled down to what a person reads.
type Summary struct {
	Scenario   string
	N          int
	Seed       uint64
	Start      float64
	Horizon    float64
	Done       TrackSummary
	Milestones []TrackSummary
	AGI, ASI   Quantiles
	Curve      []CurvePoint // each year from the start to the horizon
}

// Summarize computes a Summary. It is deterministic: it depends only on the
// per-world outcomes, not on how they were computed.
func Summarize(r *Result) Summary {
	base := r.Plan.Base()
	s := Summary{Scenario: r.Plan.Scenario.Name, N: r.N, Seed: r.Seed, Start: base.Start, Horizon: r.Horizon}
	scratch := make([]float64, r.N)
	s.Done = summarizeTrack(&r.Done, r.Horizon, scratch)
	for i := range r.Miles {
		s.Milestones = append(s.Milestones, summarizeTrack(&r.Miles[i], r.Horizon, scratch))
	}
	s.AGI = quantiles(sortedInto(scratch, r.AGI, math.Inf(1)))
	asi := sortedInto(make([]float64, r.N), r.ASI, math.Inf(1))
	s.ASI = quantiles(asi)
	done := sortedInto(scratch, r.Done.Year, r.Horizon)
	for y := math.Ceil(base.Start); y <= r.Horizon; y++ {
		s.Curve = append(s.Curve, CurvePoint{Year: y, PDone: fracAtOrBelow(done, y), PASI: fracAtOrBelow(asi, y)})
	}
	return s
}

func summarizeTrack(t *Track, horizon float64, scratch []float64) TrackSummary {
	n := float64(len(t.Year))
	ts := TrackSummary{Name: t.Name}
	var on, never int
	var frac float64
	for i, y := range t.Year {
		if t.OnTrack[i] {
			on++
		}
		if y > horizon {
			never++
		}
		frac += t.Frac[i]
	}
	ts.POnTrack = float64(on) / n
	ts.POnTrackSE = binomialSE(ts.POnTrack, n)
	ts.PNever = float64(never) / n
	ts.PNeverSE = binomialSE(ts.PNever, n)
	ts.FracMean = frac / n
	ts.Year = quantiles(sortedInto(scratch, t.Year, horizon))
	ts.Deadline = quantiles(sortedInto(scratch, t.Deadline, math.Inf(1)))
	ts.Lead = quantiles(sortedInto(scratch, t.Lead, math.Inf(1)))
	return ts
}

func binomialSE(p, n float64) float64 { return math.Sqrt(p * (1 - p) / n) }

// sortedInto copies xs into dst, turning values above limit into +Inf, and
// sorts it.
func sortedInto(dst, xs []float64, limit float64) []float64 {
	dst = dst[:len(xs)]
	for i, x := range xs {
		if x > limit {
			x = math.Inf(1)
		}
		dst[i] = x
	}
	slices.Sort(dst)
	return dst
}

// quantiles interpolates linearly between order statistics (type 7 in
// Hyndman and Fan's numbering, R's default).
func quantiles(sorted []float64) Quantiles {
	return Quantiles{Quantile(sorted, 0.1), Quantile(sorted, 0.5), Quantile(sorted, 0.9)}
}

// Quantile returns the q-quantile of sorted values.
func Quantile(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := q * float64(n-1)
	i := int(h)
	if i >= n-1 {
		return sorted[n-1]
	}
	a, b := sorted[i], sorted[i+1]
	if a == b || math.IsInf(b, 1) && h == float64(i) {
		return a
	}
	return a + (h-float64(i))*(b-a)
}

func fracAtOrBelow(sorted []float64, y float64) float64 {
	return float64(sort.Search(len(sorted), func(i int) bool { return sorted[i] > y })) / float64(len(sorted))
}
