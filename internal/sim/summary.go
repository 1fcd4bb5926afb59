package sim

import (
	"context"
	"math"
	"slices"

	"ontrack/internal/model"
)

// Quantiles are the 10th, 50th and 90th percentiles of a quantity over
// worlds. A year beyond the horizon is +Inf: "not by the horizon".
type Quantiles struct{ P10, P50, P90 float64 }

// TrackSummary sums up one target (done, a threshold or a milestone) over the worlds.
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

// Share is a proportion of the worlds with its Monte Carlo standard error.
type Share struct{ P, SE float64 }

func share(k int, n int) Share {
	p := float64(k) / float64(n)
	return Share{p, BinomialSE(p, float64(n))}
}

// CurvePoint is the chance that done, AGI and ASI have come by a year.
type CurvePoint struct {
	Year  float64
	PDone float64
	PAGI  float64
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
	Thresholds [model.NThresholds]TrackSummary
	Milestones []TrackSummary
	// Outcomes share out the worlds by what their state at the cut-off
	// means (model.ClassNames); the shares sum to 1.
	Outcomes [model.NClasses]Share
	// FalseAssurance is the share of worlds where sabotage made safe_to_help
	// look reached by the cut-off when it was not.
	FalseAssurance Share
	AGI, ASI       Quantiles
	Curve          []CurvePoint // each year from the start to the horizon
}

// Summarize computes a Summary. It is deterministic: it depends only on the
// per-world outcomes, not on how they were computed.
func Summarize(r *Result) Summary {
	base := r.Plan.Base()
	s := Summary{Scenario: r.Plan.Scenario.Name, N: r.N, Seed: r.Seed, Start: base.Start, Horizon: r.Horizon}
	// Targets are independent: summarise them side by side, and the
	// arrival years beside them, each task with its own scratch column
	// (BytesPerWorld counts them).
	s.Milestones = make([]TrackSummary, len(r.Miles))
	var tracks []*Track
	var into []*TrackSummary
	tracks, into = append(tracks, &r.Done), append(into, &s.Done)
	for i := range r.Thresh {
		tracks, into = append(tracks, &r.Thresh[i]), append(into, &s.Thresholds[i])
	}
	for i := range r.Miles {
		tracks, into = append(tracks, &r.Miles[i]), append(into, &s.Milestones[i])
	}
	tasks := len(tracks) + 1
	err := Parallel(context.Background(), tasks, 1, tasks, nil, func(int) func(lo, hi int) {
		scratch := make([]float64, r.N)
		return func(t, _ int) {
			if t == len(tracks) {
				s.AGI = quantiles(censorInto(scratch, r.AGI, math.Inf(1)))
				s.ASI = quantiles(censorInto(scratch, r.ASI, math.Inf(1)))
				return
			}
			*into[t] = summarizeTrack(tracks[t], r.Horizon, scratch)
		}
	})
	if err != nil {
		panic(err) // a bug: raised again here, where the caller can recover it
	}
	var classes [model.NClasses]int
	falses := 0
	for i, c := range r.Class {
		classes[c]++
		if r.False[i] {
			falses++
		}
	}
	for c, k := range classes {
		s.Outcomes[c] = share(k, r.N)
	}
	s.FalseAssurance = share(falses, r.N)
	y0 := math.Ceil(base.Start)
	done, agi, asi := byYear(r.Done.Year, y0, r.Horizon), byYear(r.AGI, y0, r.Horizon), byYear(r.ASI, y0, r.Horizon)
	for k := range done {
		s.Curve = append(s.Curve, CurvePoint{Year: y0 + float64(k), PDone: done[k], PAGI: agi[k], PASI: asi[k]})
	}
	return s
}

// byYear returns, for each whole year from y0 to the horizon, the share of
// xs at or below it, by counting rather than sorting.
func byYear(xs []float64, y0, horizon float64) []float64 {
	n := int(horizon-y0) + 1
	if n < 1 {
		return nil
	}
	counts := make([]float64, n)
	for _, x := range xs {
		k := math.Ceil(x) - y0 // x <= y0 + k
		switch {
		case k < 0:
			counts[0]++
		case k < float64(n):
			counts[int(k)]++
		}
	}
	for k := 1; k < n; k++ {
		counts[k] += counts[k-1]
	}
	for k := range counts {
		counts[k] /= float64(len(xs))
	}
	return counts
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
	ts.POnTrackSE = BinomialSE(ts.POnTrack, n)
	ts.PNever = float64(never) / n
	ts.PNeverSE = BinomialSE(ts.PNever, n)
	ts.FracMean = frac / n
	ts.Year = quantiles(censorInto(scratch, t.Year, horizon))
	ts.Deadline = quantiles(censorInto(scratch, t.Deadline, math.Inf(1)))
	ts.Lead = quantiles(censorInto(scratch, t.Lead, math.Inf(1)))
	return ts
}

// BinomialSE is the standard error of a proportion p of n worlds:
// sqrt(p (1 - p) / n). Every P(...) ± SE that ontrack prints uses it.
func BinomialSE(p, n float64) float64 { return math.Sqrt(p * (1 - p) / n) }

// censorInto copies xs into dst, turning values above limit into +Inf.
func censorInto(dst, xs []float64, limit float64) []float64 {
	dst = dst[:len(xs)]
	for i, x := range xs {
		if x > limit {
			x = math.Inf(1)
		}
		dst[i] = x
	}
	return dst
}

// quantiles returns the 10th, 50th and 90th percentiles of xs, which it
// reorders. Each is found by selection, not a full sort, and interpolated
// as Quantile does. Selecting the median first halves the later work.
func quantiles(xs []float64) Quantiles {
	n := len(xs)
	if n == 0 {
		return Quantiles{math.NaN(), math.NaN(), math.NaN()}
	}
	i50 := int(0.5 * float64(n-1))
	nth(xs, i50)
	if i10 := int(0.1 * float64(n-1)); i10 < i50 {
		nth(xs[:i50], i10) // the left part, leaving the median in place
	}
	if i90 := int(0.9 * float64(n-1)); i90 > i50 {
		nth(xs[i50+1:], i90-i50-1)
	}
	return Quantiles{interpolate(xs, 0.1), interpolate(xs, 0.5), interpolate(xs, 0.9)}
}

// selectQuantile is Quantile for unsorted xs, which it reorders.
func selectQuantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	nth(xs, int(q*float64(len(xs)-1)))
	return interpolate(xs, q)
}

// interpolate finishes a quantile once nth has put its order statistic in
// place: everything after it is at least as large, so its successor is
// the smallest of the rest.
func interpolate(xs []float64, q float64) float64 {
	n := len(xs)
	h := q * float64(n-1)
	i := int(h)
	a := xs[i]
	if i >= n-1 {
		return a
	}
	return lerp7(a, slices.Min(xs[i+1:]), h, i)
}

// nth reorders xs so that xs[k] is the value a sort would put there, with
// nothing smaller after it and nothing larger before it, and returns it.
// A three-way partition keeps runs of equal values (many +Inf) fast.
func nth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for rounds := 0; lo < hi; rounds++ {
		if rounds > 64 { // pathological input: sort what is left
			slices.Sort(xs[lo : hi+1])
			break
		}
		a, b, c := xs[lo], xs[lo+(hi-lo)/2], xs[hi]
		pivot := max(min(a, b), min(max(a, b), c)) // median of three
		lt, i, gt := lo, lo, hi
		for i <= gt {
			switch x := xs[i]; {
			case x < pivot:
				xs[lt], xs[i] = xs[i], xs[lt]
				lt++
				i++
			case x > pivot:
				xs[gt], xs[i] = xs[i], xs[gt]
				gt--
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt - 1
		case k > gt:
			lo = gt + 1
		default:
			return xs[k]
		}
	}
	return xs[k]
}

// Quantile returns the q-quantile of sorted values, interpolating linearly
// between order statistics (type 7 in Hyndman and Fan's numbering, R's
// default).
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
	return lerp7(sorted[i], sorted[i+1], h, i)
}

// lerp7 is the type-7 step between the order statistics a = x(i) and b =
// x(i+1), at h = q (n - 1) with i its whole part. Equal neighbours give
// themselves (so that +Inf does not make NaN), as does an exact hit on a
// finite a below an infinite b.
func lerp7(a, b, h float64, i int) float64 {
	if a == b || math.IsInf(b, 1) && h == float64(i) {
		return a
	}
	return a + (h-float64(i))*(b-a)
}
