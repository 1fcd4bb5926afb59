package sim

import (
	"context"
	"math"
	"slices"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
)

// FracYear is the spread over worlds of the share of the main work (the
// road to safe_to_help, MODEL.md §4) done by the end of a year.
type FracYear struct {
	Year float64
	Quantiles
}

// Fan is the share of the main work done, year by year, over worlds: what
// a fan chart draws.
type Fan struct {
	N    int
	Seed uint64
	// Years run from the first whole year at or after the start to the
	// horizon, as Summary.Curve does.
	Years []FracYear
	// NoTakeover is the median share of the main work at which
	// no_takeover is reached (thresholds.no_takeover); safe_to_help is 1.
	NoTakeover float64
}

// FanStep is the resolution of Fan's shares: the main work is cut into
// this many equal parts, and the quantiles interpolate between them.
const FanStep = 0.025

// FracFan replays worlds 0 to opt.N-1 of pl (the same worlds as Run with
// opt.Seed) and returns the 10th, 50th and 90th percentiles of the share
// of the main work done by each year. The model reports the year each
// milestone is first reached, so the replay asks each world for the years
// it reaches 2.5%, 5%, ... of the main work (model.MaxMilestones at a
// time; the scenario's own milestones are left out) and counts, for each
// share f and year y, the worlds that have reached f by y: that is the
// chance that the share done by y is at least f, whose inverse gives the
// quantiles. A world's shares below its start (the work done before it)
// are reached at the start. The replay's worlds are those of the run; only
// the knots of the integration differ where a milestone restarts a step
// (MODEL.md §8), well within its stated error.
func FracFan(ctx context.Context, pl *scenario.Plan, opt Options) (*Fan, error) {
	base := pl.Base()
	y0 := math.Ceil(base.Start)
	years := int(base.Horizon-y0) + 1
	if opt.N < 1 || years < 1 {
		return &Fan{N: opt.N, Seed: opt.Seed, NoTakeover: base.NoTakeover}, nil
	}
	// Shares k*FanStep for k = 1..K-1 as milestones; K (the whole) is
	// safe_to_help itself.
	K := int(math.Round(1 / FanStep))
	var passes [][]model.Milestone
	for k := 1; k < K; k += model.MaxMilestones {
		var ms []model.Milestone
		for j := k; j < min(k+model.MaxMilestones, K); j++ {
			ms = append(ms, model.Milestone{Name: "share", Fraction: float64(j) / float64(K)})
		}
		passes = append(passes, ms)
	}
	workers := Workers(opt.Workers)
	counts := make([][]int, workers) // per worker: (K+1) x years, share-major
	noTakeover := make([]float64, opt.N)
	err := Parallel(ctx, opt.N, chunk, workers, opt.Progress, func(w int) func(lo, hi int) {
		c := make([]int, (K+1)*years)
		counts[w] = c
		u := make([]float64, scenario.Dim)
		v := make([]float64, scenario.Dim)
		var p model.Params
		var o model.Outcome
		put := func(k int, year float64) {
			if year > o.End || math.IsInf(year, 1) {
				return
			}
			y := max(0, math.Ceil(year)-y0) // reached by the end of year y0 + y
			if y < float64(years) {
				c[k*years+int(y)]++
			}
		}
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				Uniforms(opt.Seed, i, u)
				for q, ms := range passes {
					copy(v, u)
					pl.Draw(v, &p)
					p.Milestones = ms
					model.Simulate(&p, &o)
					for j := range ms {
						put(q*model.MaxMilestones+1+j, o.Milestones[j].Year)
					}
					if q == 0 {
						put(K, o.Thresholds[model.SafeToHelp].Year)
						noTakeover[i] = p.NoTakeover
					}
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	// reached[k][y]: the share of worlds that have done k/K of the work by year y.
	reached := make([]float64, (K+1)*years)
	for _, c := range counts {
		for j, x := range c {
			reached[j] += float64(x)
		}
	}
	for k := 1; k <= K; k++ {
		row := reached[k*years : (k+1)*years]
		for y := range row {
			if y > 0 {
				row[y] += row[y-1]
			}
		}
		for y := range row {
			row[y] /= float64(opt.N)
		}
	}
	f := &Fan{N: opt.N, Seed: opt.Seed}
	s := make([]float64, K+1)
	for y := range years {
		s[0] = 1 // every world has done none of the work
		for k := 1; k <= K; k++ {
			s[k] = reached[k*years+y]
		}
		f.Years = append(f.Years, FracYear{Year: y0 + float64(y),
			Quantiles: Quantiles{shareQuantile(s, 0.1), shareQuantile(s, 0.5), shareQuantile(s, 0.9)}})
	}
	slices.Sort(noTakeover)
	f.NoTakeover = Quantile(noTakeover, 0.5)
	return f, nil
}

// shareQuantile is the q-quantile of the share done, given s[k], the chance
// that at least k/K of the work is done (non-increasing, s[0] = 1): the
// share x where that chance falls to 1 - q, linear between the grid's points.
func shareQuantile(s []float64, q float64) float64 {
	K := len(s) - 1
	t := 1 - q
	for k := 1; k <= K; k++ {
		if s[k] < t {
			// Between (k-1)/K, where the chance is at least t, and k/K.
			a, b := s[k-1], s[k]
			x := float64(k - 1)
			if a > b {
				x += (a - t) / (a - b)
			}
			return x / float64(K)
		}
	}
	return 1
}
