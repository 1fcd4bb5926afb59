// Package sim is the Monte Carlo engine: it draws worlds from a scenario's
// plan, runs them on every core, and summarises what happened.
//
// World i's uniforms depend only on the run's seed and i, so a run gives the
// same bytes whatever the number of cores, and analyses can replay any world
// under another scenario (common random numbers).
package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"

	"ontrack/internal/fault"
	"ontrack/internal/model"
	"ontrack/internal/scenario"
)

// DefaultSeed is the seed used when none is given; it is printed with every result.
const DefaultSeed = 20260101

// Options control a run.
type Options struct {
	N        int           // worlds
	Seed     uint64        // run seed
	Workers  int           // goroutines; 0 means GOMAXPROCS
	Progress *atomic.Int64 // if set, advanced by the number of worlds finished
	// Each, if set, sees every world of every plan as it is simulated: plan
	// k, world i. For one world the plans come in order, on one goroutine;
	// different worlds run at once, so Each must only write to world i's
	// own places.
	Each func(k, i int, p *model.Params, o *model.Outcome)
	// MaxBytes, if positive, is the memory the run may take: one that
	// would need more (RunBytes) is refused with a *TooManyError before
	// anything is allocated. The command sets it from internal/budget.
	MaxBytes int64
}

// Uniforms fills u (length scenario.Dim) with world i's uniforms in (0, 1).
func Uniforms(seed uint64, i int, u []float64) {
	r := rand.NewPCG(mix(seed), mix(uint64(i)^0x9e3779b97f4a7c15*(seed+1)))
	for j := range u {
		u[j] = unit(r.Uint64())
	}
}

// unit maps 64 random bits to (0, 1): the top 53, centred in their cell.
// The top cell's centre, 1 - 2^-54, rounds to 1, so it is kept just below.
func unit(x uint64) float64 {
	return min((float64(x>>11)+0.5)/(1<<53), 1-0x1p-53)
}

// mix is SplitMix64's finaliser: nearby inputs give unrelated outputs.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// World runs world i of a plan: u is scratch of length scenario.Dim.
func World(pl *scenario.Plan, seed uint64, i int, u []float64, p *model.Params, o *model.Outcome) {
	Uniforms(seed, i, u)
	pl.Draw(u, p)
	model.Simulate(p, o)
}

// Track is one target's per-world outcomes: done, a threshold or a milestone.
type Track struct {
	Name     string
	Year     []float64 // year reached; +Inf if not reached by the end of the world
	Deadline []float64
	Lead     []float64 // censored (an upper bound) where Year is +Inf
	Frac     []float64 // share of its effort reached at its deadline
	OnTrack  []bool
}

func newTrack(name string, n int) Track {
	return Track{Name: name, Year: make([]float64, n), Deadline: make([]float64, n),
		Lead: make([]float64, n), Frac: make([]float64, n), OnTrack: make([]bool, n)}
}

func (t *Track) put(i int, year, deadline, lead, frac float64, on bool) {
	t.Year[i], t.Deadline[i], t.Lead[i], t.Frac[i], t.OnTrack[i] = year, deadline, lead, frac, on
}

// Result holds every world's outcomes, column by column.
type Result struct {
	Plan    *scenario.Plan
	Seed    uint64
	N       int
	Horizon float64
	Done    Track
	Thresh  [model.NThresholds]Track // Dearnaley's thresholds, by model index
	Miles   []Track                  // the scenario's own milestones
	AGI     []float64
	ASI     []float64
	Class   []model.Class // what each world's state at its cut-off means
	False   []bool        // safe_to_help believed reached by the cut-off, but not in fact
}

// BytesPerWorld is the memory a run takes for each world of a plan with
// nm milestones, at its peak, summary included. Each of the T = 1 +
// model.NThresholds + nm targets has five columns (33 bytes); the world
// has two arrival years (16), a class and a flag (2): 33 T + 18 bytes
// live (the summary's quantiles count rather than sort, and copy only a
// few hundred values), and a quarter more for the garbage collector's
// slack and the heap's rounding. TestBytesPerWorldMeasured holds it
// against the peak resident memory of real runs.
func BytesPerWorld(nm int) int64 {
	t := int64(1 + model.NThresholds + nm)
	return ((33*t+18)*5 + 3) / 4
}

// RunBytes is the memory RunMany takes for n worlds of plans.
func RunBytes(plans []*scenario.Plan, n int) float64 {
	var per int64
	for _, pl := range plans {
		per += BytesPerWorld(len(pl.Scenario.Milestones))
	}
	return float64(per) * float64(n)
}

// TooManyError says a run asked for more worlds than its memory allows.
type TooManyError struct {
	N, Max   int
	MaxBytes int64
}

// Kind is fault.TooLarge: fewer worlds would fit.
func (e *TooManyError) Kind() fault.Kind { return fault.TooLarge }

func (e *TooManyError) Error() string {
	return fmt.Sprintf("%d worlds need more than the %d bytes of memory this run may use; at most %d", e.N, e.MaxBytes, e.Max)
}

// maxAddressable bounds a run without a budget: more bytes than any
// machine's address space would overflow the allocator's arithmetic.
const maxAddressable = 1 << 47

// chunk is how many worlds a worker takes at a time.
const chunk = 2048

// Run draws and simulates opt.N worlds. It stops early with ctx's error.
func Run(ctx context.Context, pl *scenario.Plan, opt Options) (*Result, error) {
	rs, err := RunMany(ctx, []*scenario.Plan{pl}, opt)
	if err != nil {
		return nil, err
	}
	return rs[0], nil
}

// RunMany runs the same worlds under each plan: world i draws its uniforms
// once and every plan turns them into parameters. Differences between the
// results are then differences between plans, not noise.
func RunMany(ctx context.Context, plans []*scenario.Plan, opt Options) ([]*Result, error) {
	if opt.N < 1 {
		return nil, fault.Errorf(fault.Invalid, "the number of worlds must be at least 1, got %d", opt.N)
	}
	limit := int64(maxAddressable)
	if opt.MaxBytes > 0 {
		limit = min(limit, opt.MaxBytes)
	}
	if need := RunBytes(plans, opt.N); need > float64(limit) {
		return nil, &TooManyError{N: opt.N, Max: int(float64(opt.N) * float64(limit) / need), MaxBytes: limit}
	}
	rs := make([]*Result, len(plans))
	for k, pl := range plans {
		base := pl.Base()
		r := &Result{Plan: pl, Seed: opt.Seed, N: opt.N, Horizon: base.Horizon,
			Done: newTrack("done", opt.N), AGI: make([]float64, opt.N), ASI: make([]float64, opt.N),
			Class: make([]model.Class, opt.N), False: make([]bool, opt.N)}
		for j := range r.Thresh {
			r.Thresh[j] = newTrack(model.ThresholdNames[j], opt.N)
		}
		for _, m := range pl.Scenario.Milestones {
			r.Miles = append(r.Miles, newTrack(m.Name, opt.N))
		}
		rs[k] = r
	}
	err := Parallel(ctx, opt.N, chunk, opt.Workers, opt.Progress, func(int) func(lo, hi int) {
		u := make([]float64, scenario.Dim)
		v := make([]float64, scenario.Dim)
		var p model.Params
		var o model.Outcome
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				Uniforms(opt.Seed, i, u)
				for k, pl := range plans {
					copy(v, u) // Draw may change its uniforms
					pl.Draw(v, &p)
					model.Simulate(&p, &o)
					rs[k].store(i, &o)
					if opt.Each != nil {
						opt.Each(k, i, &p, &o)
					}
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return rs, nil
}

func (r *Result) store(i int, o *model.Outcome) {
	r.Done.put(i, o.Done, o.Deadline, o.Lead, o.FracAtDL, o.OnTrack)
	for j := range r.Thresh {
		m := &o.Thresholds[j]
		r.Thresh[j].put(i, m.Year, m.Deadline, m.Lead, m.Frac, m.OnTrack)
	}
	r.Class[i], r.False[i] = o.Class, o.FalseAssurance
	for j := range r.Miles {
		m := &o.Milestones[j]
		r.Miles[j].put(i, m.Year, m.Deadline, m.Lead, m.Frac, m.OnTrack)
	}
	r.AGI[i], r.ASI[i] = o.AGI, o.ASI
}
