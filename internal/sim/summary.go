package sim

import (
	"context"
	"math"
	"slices"
	"sort"

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
	// arrival years beside them, each task with its own scratch for the
	// few values that quantiles gathers.
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
		var scratch []float64
		return func(t, _ int) {
			if t == len(tracks) {
				s.AGI = quantiles(r.AGI, math.Inf(1), &scratch)
				s.ASI = quantiles(r.ASI, math.Inf(1), &scratch)
				return
			}
			*into[t] = summarizeTrack(tracks[t], r.Horizon, &scratch)
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

func summarizeTrack(t *Track, horizon float64, scratch *[]float64) TrackSummary {
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
	ts.Year = quantiles(t.Year, horizon, scratch)
	ts.Deadline = quantiles(t.Deadline, math.Inf(1), scratch)
	ts.Lead = quantiles(t.Lead, math.Inf(1), scratch)
	return ts
}

// BinomialSE is the standard error of a proportion p of n worlds:
// sqrt(p (1 - p) / n). Every P(...) ± SE that ontrack prints uses it.
func BinomialSE(p, n float64) float64 { return math.Sqrt(p * (1 - p) / n) }

// quantiles returns the 10th, 50th and 90th percentiles of xs, values
// above limit counting as +Inf, exactly as sorting and Quantile would give
// them, without reordering xs, in scratch, which it grows. It needs six
// order statistics (each percentile's and the next) and finds them by
// counting: a histogram of the values in quantBuckets equal steps over the
// range of a sample (values beyond it go to the end buckets) says which
// buckets hold them, and a second pass gathers those few buckets' values
// into scratch, where putting them in order is cheap. Two plain passes
// over the column cost a fraction of partitioning it.
func quantiles(xs []float64, limit float64, scratch *[]float64) Quantiles {
	n := len(xs)
	if n == 0 {
		return Quantiles{math.NaN(), math.NaN(), math.NaN()}
	}
	lim := math.Min(limit, math.MaxFloat64) // the finite values are those <= lim
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i < n; i += max(n/1024, 1) {
		if x := xs[i]; x <= lim {
			lo, hi = min(lo, x), max(hi, x)
		}
	}
	scale := 0.0 // one bucket, where the sample has one value or none
	if s := quantBuckets / (hi - lo); hi > lo && !math.IsInf(s, 0) {
		scale = s
	}
	// bucket never decreases in x, so the buckets keep the values' order.
	bucket := func(x float64) int {
		t := (x - lo) * scale
		switch {
		case !(t > 0): // also NaN, from 0 times an infinite x - lo
			return 0
		case t >= quantBuckets-1:
			return quantBuckets - 1
		}
		return int(t)
	}
	var below [quantBuckets + 1]int32 // below[b]: finite values in buckets before b
	for _, x := range xs {
		if x <= lim {
			below[bucket(x)+1]++
		}
	}
	for b := 1; b <= quantBuckets; b++ {
		below[b] += below[b-1]
	}
	finite := int(below[quantBuckets])
	// The order statistics wanted, and the buckets that hold them.
	qs := [3]float64{0.1, 0.5, 0.9}
	var rank, where [6]int // where: a bucket, or -1 for +Inf
	var need [quantBuckets]bool
	for k, q := range qs {
		i := int(q * float64(n-1))
		rank[2*k], rank[2*k+1] = i, min(i+1, n-1)
	}
	for k, r := range rank {
		where[k] = -1
		if r < finite {
			b := sort.Search(quantBuckets, func(b int) bool { return int(below[b+1]) > r })
			where[k], need[b] = b, true
		}
	}
	// Gather the buckets needed, each in its own stretch of scratch.
	var start [quantBuckets]int32
	at := int32(0)
	for b, ok := range need {
		if ok {
			start[b] = at
			at += below[b+1] - below[b]
		}
	}
	if cap(*scratch) < int(at) {
		*scratch = make([]float64, at)
	}
	gathered := (*scratch)[:at]
	next := start
	for _, x := range xs {
		if x <= lim {
			if b := bucket(x); need[b] {
				gathered[next[b]] = x
				next[b]++
			}
		}
	}
	var stat [6]float64
	unsorted := need
	for k, b := range where {
		if b < 0 {
			stat[k] = math.Inf(1)
			continue
		}
		g := gathered[start[b]:next[b]]
		i := rank[k] - int(below[b])
		switch {
		case len(g) > 4096: // a crowded bucket, where the sample's range was narrow
			stat[k] = nth(g, i)
		case unsorted[b]:
			slices.Sort(g)
			unsorted[b] = false
			fallthrough
		default:
			stat[k] = g[i]
		}
	}
	var out [3]float64
	for k, q := range qs {
		h := q * float64(n-1)
		i := int(h)
		out[k] = stat[2*k]
		if i < n-1 {
			out[k] = lerp7(stat[2*k], stat[2*k+1], h, i)
		}
	}
	return Quantiles{out[0], out[1], out[2]}
}

// quantBuckets is the histogram's size for quantiles: over 100,000
// worlds a bucket holds some 50 values.
const quantBuckets = 2048

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
