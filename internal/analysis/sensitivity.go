package analysis

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"ontrack/internal/dist"
	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// Factor is one uncertain input of a plan: a parameter's uniform, or the
// group of uniforms behind the chance events.
type Factor struct {
	Name  string
	Slots []int
}

// ChanceFactor names the group of chance events (pauses, sabotage, near
// misses): the luck of a world, given its parameters.
const ChanceFactor = "chance events"

// Factors lists the plan's uncertain parameters in field order, then the
// chance events as one group.
func Factors(pl *scenario.Plan) []Factor {
	var fs []Factor
	for i := range model.Fields {
		if pl.Dist(i) != nil {
			fs = append(fs, Factor{Name: model.Fields[i].Path, Slots: []int{i}})
		}
	}
	ch := Factor{Name: ChanceFactor}
	for j := range model.Chances {
		ch.Slots = append(ch.Slots, len(model.Fields)+j)
	}
	return append(fs, ch)
}

// Sensitivity is a plan's Sobol indices for P(on track) and for the lead.
type Sensitivity struct {
	N, Runs    int
	Seed       uint64
	Factors    []Factor
	OnTrack    Indices
	Lead       Indices
	Correlated [][2]string // correlated pairs, whose indices must be read together
}

// SobolPlan runs the Saltelli design on the plan with n base samples: the
// on-track indicator and the lead (clipped to +-sim.LeadClip years) of
// n (K + 2) worlds.
func SobolPlan(ctx context.Context, pl *scenario.Plan, n int, seed uint64, boot, workers int, progress *atomic.Int64) (*Sensitivity, error) {
	fs := Factors(pl)
	groups := make([][]int, len(fs))
	names := make([]string, len(fs))
	for k, f := range fs {
		groups[k], names[k] = f.Slots, f.Name
	}
	newEval := func() Evaluator {
		var p model.Params
		var o model.Outcome
		return func(u, out []float64) {
			pl.Draw(u, &p)
			model.Simulate(&p, &o)
			out[0] = b2f(o.OnTrack)
			out[1] = math.Max(-sim.LeadClip, math.Min(sim.LeadClip, o.Lead))
		}
	}
	ys, err := SaltelliDesign(ctx, groups, scenario.Dim, n, seed, workers, progress, newEval, 2)
	if err != nil {
		return nil, err
	}
	s := &Sensitivity{N: n, Runs: n * (len(fs) + 2), Seed: seed, Factors: fs}
	// The two outputs' bootstraps are independent: side by side, unless
	// the caller asked for one worker.
	var wg sync.WaitGroup
	lead := func() { s.Lead = Sobol("lead", names, ys[1], boot, seed+1) }
	if workers == 1 {
		lead()
	} else {
		wg.Go(lead)
	}
	s.OnTrack = Sobol("on track", names, ys[0], boot, seed)
	wg.Wait()
	for _, c := range pl.Scenario.Correlations {
		a, b := model.FieldIndex(c.A), model.FieldIndex(c.B)
		if pl.Dist(a) != nil && pl.Dist(b) != nil {
			s.Correlated = append(s.Correlated, [2]string{c.A, c.B})
		}
	}
	return s, nil
}

// Bar is one parameter's tornado bar: P(on track) with it held at its
// 10th and at its 90th percentile while everything else varies.
type Bar struct {
	Path           string
	P10, P90       float64 // the parameter's percentiles
	AtP10, AtP90   float64 // P(on track) there
	Swing, SwingSE float64 // AtP90 - AtP10 and its paired standard error
}

// Tornado is the bars sorted by the size of their swing.
type Tornado struct {
	N                    int
	Seed                 uint64
	POnTrack, POnTrackSE float64
	Bars                 []Bar
}

// TornadoPlan holds each uncertain parameter of s at its 10th and 90th
// percentiles, on the same worlds, and sorts the parameters by swing.
func TornadoPlan(ctx context.Context, s *scenario.Scenario, opt sim.Options) (*Tornado, error) {
	pl, err := scenario.Compile(s)
	if err != nil {
		return nil, err
	}
	plans := []*scenario.Plan{pl}
	var bars []Bar
	for i := range model.Fields {
		d := pl.Dist(i)
		if d == nil {
			continue
		}
		b := Bar{Path: model.Fields[i].Path, P10: d.Quantile(0.1), P90: d.Quantile(0.9)}
		for _, v := range []float64{b.P10, b.P90} {
			c := s.Clone()
			sp := *c.Params[b.Path]
			sp.Text = strconv.FormatFloat(v, 'g', 6, 64)
			sp.Dist = dist.Point{V: v}
			c.Params[b.Path] = &sp
			q, err := scenario.Compile(c)
			if err != nil {
				return nil, err
			}
			plans = append(plans, q)
		}
		bars = append(bars, b)
	}
	rs, err := sim.RunMany(ctx, plans, opt)
	if err != nil {
		return nil, err
	}
	t := &Tornado{N: opt.N, Seed: opt.Seed}
	t.POnTrack, t.POnTrackSE = share(rs[0].Done.OnTrack)
	for k := range bars {
		lo, hi := rs[1+2*k], rs[2+2*k]
		bars[k].AtP10, _ = share(lo.Done.OnTrack)
		bars[k].AtP90, _ = share(hi.Done.OnTrack)
		bars[k].Swing, bars[k].SwingSE = pairedDiff(hi.Done.OnTrack, lo.Done.OnTrack)
	}
	slices.SortStableFunc(bars, func(a, b Bar) int { return cmp.Compare(math.Abs(b.Swing), math.Abs(a.Swing)) })
	t.Bars = bars
	return t, nil
}
