// Package analysis holds the analyses that sit on the engine: levers
// compared on common random numbers, goal-seek, sensitivity, conditional
// forecasts, sweeps and mixtures of views, with the parsing of what each
// is asked (ParseGoal, Axes, ParseMix) and what each will take in memory
// and time before it starts (CheckRun and its kin, Cost). Each runs the
// engine's worlds (sim.RunMany, sim.World); none re-implements the model.
package analysis

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"ontrack/internal/fault"
	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// Arm is one intervention, or a combination, compared with the baseline.
type Arm struct {
	Name        string // "a" or "a+b" for a combination
	Description string
	Fixed       float64 // fixed dollars a year besides the people it adds: the parts' sum
	CostSource  string
}

// ArmResult is an arm's effect, measured on the baseline's worlds.
type ArmResult struct {
	Arm
	POnTrack, POnTrackSE float64
	Delta                float64 // P(on track) minus the baseline's
	PairedSE             float64 // SE of Delta from per-world differences
	UnpairedSE           float64 // what independent runs would give
	LeadMedian           float64
	DeltaLeadMedian      float64
	// ExtraFTEYears is the mean over worlds of the FTE-years the arm adds
	// from the start to the baseline's cut-off (MODEL.md §16).
	ExtraFTEYears float64
	// Cost is the mean over worlds of its total dollars to that cut-off:
	// extra FTE-years times costs.fte_year plus the fixed cost a year.
	Cost float64
	// PerBillion is Delta per $1B of Cost, the ratio of the two means, with
	// its delta-method standard error; NaN where the arm costs nothing.
	PerBillion, PerBillionSE float64
}

// Comparison is the baseline and every arm on the same worlds.
type Comparison struct {
	N                    int
	Seed                 uint64
	FTEYearCost          float64 // costs.fte_year
	POnTrack, POnTrackSE float64
	LeadMedian           float64
	Arms                 []ArmResult
}

// ArmNames is what compare is asked to compare: the interventions only
// names (all of s's when it is empty), then the combinations ("a+b").
// A scenario with nothing to compare is invalid input.
func ArmNames(s *scenario.Scenario, only, combine []string) ([]string, error) {
	names := slices.Clone(only)
	if len(only) == 0 {
		for _, iv := range s.Interventions {
			names = append(names, iv.Name)
		}
	}
	names = append(names, combine...)
	if len(names) == 0 {
		return nil, fault.Errorf(fault.Invalid, "compare: the scenario has no interventions; add some under interventions: in a file (see ontrack compare -h)")
	}
	return names, nil
}

// Arms resolves intervention names (each "a" or "a+b+...") to arms on s,
// with the scenario each gives. With no names it takes every intervention.
func Arms(s *scenario.Scenario, names []string) ([]Arm, []*scenario.Scenario, error) {
	if len(names) == 0 {
		for _, iv := range s.Interventions {
			names = append(names, iv.Name)
		}
	}
	var arms []Arm
	var scs []*scenario.Scenario
	for _, name := range names {
		sc := s
		arm := Arm{Name: name}
		var descs, srcs []string
		for part := range strings.SplitSeq(name, "+") {
			iv, err := s.Intervention(strings.TrimSpace(part))
			if err != nil {
				return nil, nil, err
			}
			if sc, err = iv.Apply(sc); err != nil {
				return nil, nil, err
			}
			descs = append(descs, iv.Description)
			arm.Fixed += iv.Cost
			if iv.CostSource != "" {
				srcs = append(srcs, iv.CostSource)
			}
		}
		arm.Description = strings.Join(descs, "; and ")
		arm.CostSource = strings.Join(srcs, "; ")
		sc.Name = s.Name + " with " + name
		arms = append(arms, arm)
		scs = append(scs, sc)
	}
	return arms, scs, nil
}

// Compare runs the baseline and the arms on the same worlds.
func Compare(ctx context.Context, base *scenario.Scenario, arms []Arm, scs []*scenario.Scenario, opt sim.Options) (*Comparison, error) {
	plans := make([]*scenario.Plan, 0, 1+len(scs))
	for _, s := range append([]*scenario.Scenario{base}, scs...) {
		pl, err := scenario.Compile(s)
		if err != nil {
			return nil, err
		}
		plans = append(plans, pl)
	}
	// Each arm's extra FTE-years in world i, from the start to the
	// baseline's cut-off there: the baseline comes first for each world.
	cut := make([]float64, opt.N)
	fteBase := make([]float64, opt.N)
	extra := make([][]float64, len(arms))
	for k := range extra {
		extra[k] = make([]float64, opt.N)
	}
	opt.Each = func(k, i int, p *model.Params, o *model.Outcome) {
		if k == 0 {
			cut[i] = o.Cutoff
			fteBase[i] = model.FTEYears(p, cut[i])
			return
		}
		extra[k-1][i] = model.FTEYears(p, cut[i]) - fteBase[i]
	}
	rs, err := sim.RunMany(ctx, plans, opt)
	if err != nil {
		return nil, err
	}
	b := rs[0]
	base0 := plans[0].Base()
	c := &Comparison{N: b.N, Seed: b.Seed, FTEYearCost: base0.FTEYearCost}
	cost := make([]float64, opt.N)
	c.POnTrack, c.POnTrackSE = share(b.Done.OnTrack)
	c.LeadMedian = median(b.Done.Lead)
	for k, arm := range arms {
		r := rs[k+1]
		a := ArmResult{Arm: arm}
		a.POnTrack, a.POnTrackSE = share(r.Done.OnTrack)
		a.Delta, a.PairedSE = pairedDiff(r.Done.OnTrack, b.Done.OnTrack)
		a.UnpairedSE = math.Hypot(a.POnTrackSE, c.POnTrackSE)
		a.LeadMedian = median(r.Done.Lead)
		a.DeltaLeadMedian = a.LeadMedian - c.LeadMedian
		for i := range cost {
			cost[i] = extra[k][i]*c.FTEYearCost + arm.Fixed*(cut[i]-base0.Start)
		}
		a.ExtraFTEYears = mean(extra[k])
		a.Cost = mean(cost)
		a.PerBillion, a.PerBillionSE = perBillion(r.Done.OnTrack, b.Done.OnTrack, cost)
		c.Arms = append(c.Arms, a)
	}
	return c, nil
}

// Ranked returns the arms with a cost, best value for money first.
func (c *Comparison) Ranked() []ArmResult {
	var out []ArmResult
	for _, a := range c.Arms {
		if !math.IsNaN(a.PerBillion) {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(x, y ArmResult) int { return cmp.Compare(y.PerBillion, x.PerBillion) })
	return out
}

// perBillion is the ratio of the mean change in on-track to the mean cost
// in billions, and its delta-method standard error: with r = mean(d) /
// mean(c), Var r ~ Var(d_i - r c_i) / (n mean(c)^2). NaN where nothing is
// spent.
func perBillion(a, b []bool, cost []float64) (r, se float64) {
	n := float64(len(a))
	var sd, sc float64
	for i := range a {
		sd += b2f(a[i]) - b2f(b[i])
		sc += cost[i] / 1e9
	}
	if !(sc > 0) {
		return math.NaN(), math.NaN()
	}
	r = sd / sc
	mc := sc / n
	var ss float64
	for i := range a {
		x := b2f(a[i]) - b2f(b[i]) - r*cost[i]/1e9
		ss += x * x
	}
	if len(a) > 1 {
		se = math.Sqrt(ss/(n-1)/n) / mc
	}
	return r, se
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// share is the fraction of true values and its binomial standard error.
func share(on []bool) (p, se float64) {
	k := 0
	for _, b := range on {
		if b {
			k++
		}
	}
	n := float64(len(on))
	p = float64(k) / n
	return p, sim.BinomialSE(p, n)
}

// pairedDiff is the mean of the per-world differences a_i - b_i and its
// standard error: the paired estimate that common random numbers allow.
func pairedDiff(a, b []bool) (d, se float64) {
	var s, s2 float64
	for i := range a {
		x := b2f(a[i]) - b2f(b[i])
		s += x
		s2 += x * x
	}
	n := float64(len(a))
	d = s / n
	if len(a) > 1 {
		se = math.Sqrt(math.Max(0, s2/n-d*d) / (n - 1))
	}
	return d, se
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func median(xs []float64) float64 {
	c := slices.Clone(xs)
	slices.Sort(c)
	return sim.Quantile(c, 0.5)
}
