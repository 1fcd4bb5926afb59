package analysis

import (
	"context"
	"math"
	"strings"

	"ontrack/internal/dist"
	"ontrack/internal/fault"
	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// outcomes a condition can name besides the parameters.
var outcomes = map[string]func(o *model.Outcome) float64{
	"agi":        func(o *model.Outcome) float64 { return o.AGI },
	"asi":        func(o *model.Outcome) float64 { return o.ASI },
	"done":       func(o *model.Outcome) float64 { return o.Done },
	"deadline":   func(o *model.Outcome) float64 { return o.Deadline },
	"paused":     func(o *model.Outcome) float64 { return b2f(o.Paused) },
	"near_miss":  func(o *model.Outcome) float64 { return o.NearMiss },
	"near_pause": func(o *model.Outcome) float64 { return b2f(o.NearPause) },
	"sabotaged":  func(o *model.Outcome) float64 { return b2f(o.Sabotaged) },
}

// OutcomeNames lists what a condition may name besides parameter paths.
func OutcomeNames() []string {
	return []string{"agi", "asi", "done", "deadline", "paused", "near_miss", "near_pause", "sabotaged"}
}

type pred struct {
	field   int // parameter index, or -1 for an outcome
	outcome func(o *model.Outcome) float64
	op      string
	v       float64
}

func (q pred) holds(p *model.Params, o *model.Outcome) bool {
	var x float64
	if q.field >= 0 {
		x = model.Fields[q.field].Get(p)
	} else {
		x = q.outcome(o)
	}
	switch q.op {
	case "<":
		return x < q.v
	case "<=":
		return x <= q.v
	case ">":
		return x > q.v
	case ">=":
		return x >= q.v
	case "==":
		return x == q.v
	}
	return x != q.v
}

// Observation is one thing we might learn: predicates that must all hold.
type Observation struct {
	Text  string
	preds []pred
}

// ParseObservations reads each --given, at least one; its errors are
// invalid input.
func ParseObservations(given []string) ([]Observation, error) {
	if len(given) == 0 {
		return nil, fault.Errorf(fault.Invalid, "condition: give at least one --given EXPR, such as --given 'agi<2030'")
	}
	obs := make([]Observation, len(given))
	for i, g := range given {
		var err error
		if obs[i], err = ParseObservation(g); err != nil {
			return nil, fault.Errorf(fault.Invalid, "--given %q: %w", g, err)
		}
	}
	return obs, nil
}

// ParseObservation reads "PATH OP VALUE[, PATH OP VALUE]...", where PATH is
// a parameter path or an outcome, OP one of < <= > >= == !=, and VALUE a
// number such as 2030, 30% or 1 (for true). The outcomes are years (agi,
// asi, done, deadline, near_miss: the first near miss, inf if none) or
// flags, 1 or 0 (paused: the pause lever was pulled; near_pause: a near
// miss brought a pause; sabotaged).
func ParseObservation(text string) (Observation, error) {
	ob := Observation{Text: strings.TrimSpace(text)}
	for part := range strings.SplitSeq(text, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return ob, fault.Errorf(fault.Invalid, "an empty condition (a stray comma?)")
		}
		at := strings.IndexAny(part, "<>=!")
		if at <= 0 {
			return ob, fault.Errorf(fault.Invalid, "%q: expected PATH OP VALUE, such as agi<2030 or field.growth>=30%%", part)
		}
		name := strings.TrimSpace(part[:at])
		rest := part[at:]
		op := ""
		for _, o := range []string{"<=", ">=", "==", "!=", "<", ">"} {
			if strings.HasPrefix(rest, o) {
				op = o
				break
			}
		}
		if op == "" {
			return ob, fault.Errorf(fault.Invalid, "%q: the operator must be one of < <= > >= == !=", part)
		}
		d, err := dist.Parse(strings.TrimSpace(rest[len(op):]))
		pt, ok := d.(dist.Point)
		if err != nil || !ok {
			return ob, fault.Errorf(fault.Invalid, "%q: the value must be a number", part)
		}
		q := pred{field: model.FieldIndex(name), op: op, v: pt.V}
		if q.field < 0 {
			if q.outcome = outcomes[name]; q.outcome == nil {
				return ob, fault.Errorf(fault.Invalid, "%q: %s is neither a parameter nor an outcome (%s)", part, name, strings.Join(OutcomeNames(), ", "))
			}
		}
		ob.preds = append(ob.preds, q)
	}
	return ob, nil
}

func (ob *Observation) holds(p *model.Params, o *model.Outcome) bool {
	for _, q := range ob.preds {
		if !q.holds(p, o) {
			return false
		}
	}
	return true
}

// Conditional is P(on track) given an observation and given its opposite.
type Conditional struct {
	Text             string
	PEvent, PEventSE float64
	NGiven, NNot     int // worlds behind each figure: the effective sample
	PGiven, PGivenSE float64
	PNot, PNotSE     float64
	Shift            float64 // PGiven - P: what seeing it would teach
	ExpectedAbsShift float64 // P(E)|PGiven-P| + P(not E)|PNot-P|
	Small            bool    // fewer than MinWorlds behind a figure
}

// counts tallies one observation over a worker's worlds.
type counts struct{ events, givenOn, notOn int }

// MinWorlds is the number of worlds below which a conditional figure is
// flagged as resting on too few.
const MinWorlds = 1000

// Conditions is the unconditional forecast and each observation's.
type Conditions struct {
	N                    int
	Seed                 uint64
	POnTrack, POnTrackSE float64
	Given                []Conditional
}

// Condition runs the plan's worlds once and splits them by each
// observation: filtering, so each world counts once on one side.
func Condition(ctx context.Context, pl *scenario.Plan, obs []Observation, opt sim.Options) (*Conditions, error) {
	n := opt.N
	type tally struct {
		on  int
		per []counts
	}
	// Each worker counts its own worlds; the sums do not depend on which
	// worker took which.
	tallies := make([]tally, sim.Workers(opt.Workers))
	for w := range tallies {
		tallies[w].per = make([]counts, len(obs))
	}
	err := sim.Parallel(ctx, n, 256, opt.Workers, opt.Progress, func(w int) func(lo, hi int) {
		tl := &tallies[w]
		u := make([]float64, scenario.Dim)
		var p model.Params
		var o model.Outcome
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				sim.World(pl, opt.Seed, i, u, &p, &o)
				if o.OnTrack {
					tl.on++
				}
				for k := range obs {
					c := &tl.per[k]
					if obs[k].holds(&p, &o) {
						c.events++
						if o.OnTrack {
							c.givenOn++
						}
					} else if o.OnTrack {
						c.notOn++
					}
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	res := &Conditions{N: n, Seed: opt.Seed}
	on := 0
	for _, tl := range tallies {
		on += tl.on
	}
	fn := float64(n)
	res.POnTrack = float64(on) / fn
	res.POnTrackSE = sim.BinomialSE(res.POnTrack, fn)
	for k, ob := range obs {
		var t counts
		for _, tl := range tallies {
			t.events += tl.per[k].events
			t.givenOn += tl.per[k].givenOn
			t.notOn += tl.per[k].notOn
		}
		c := Conditional{Text: ob.Text, NGiven: t.events, NNot: n - t.events}
		c.PEvent = float64(t.events) / fn
		c.PEventSE = sim.BinomialSE(c.PEvent, fn)
		c.PGiven, c.PGivenSE = ratio(t.givenOn, c.NGiven)
		c.PNot, c.PNotSE = ratio(t.notOn, c.NNot)
		c.Shift = c.PGiven - res.POnTrack
		c.ExpectedAbsShift = c.PEvent*math.Abs(nanZero(c.Shift)) + (1-c.PEvent)*math.Abs(nanZero(c.PNot-res.POnTrack))
		c.Small = c.NGiven < MinWorlds || c.NNot < MinWorlds
		res.Given = append(res.Given, c)
	}
	return res, nil
}

func ratio(k, n int) (p, se float64) {
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	p = float64(k) / float64(n)
	return p, sim.BinomialSE(p, float64(n))
}

func nanZero(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}
