package scenario

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"

	"ontrack/internal/dist"
	"ontrack/internal/model"
)

// Dim is the number of uniforms a world draws: one per field, then one per
// chance event. Fields that are fixed numbers draw theirs too, so that
// every world uses the same uniforms whatever the scenario: that is what
// lets analyses compare scenarios on common random numbers.
var Dim = len(model.Fields) + len(model.Chances)

// maxCopula bounds the parameters one copula may tie together, so that a
// world's draws need no allocation.
const maxCopula = 32

// Plan is a checked scenario ready to turn uniforms into worlds. It is
// read-only once made and safe to share between goroutines.
type Plan struct {
	Scenario *Scenario
	base     model.Params
	dists    []dist.Dist // per field; nil where the field is a number
	shifts   []shift     // fields with something added to every draw
	copula   []int       // fields tied by the copula
	chol     []float64   // its Cholesky factor, row-major, len(copula)^2
}

// Compile checks s as a whole and returns its Plan.
func Compile(s *Scenario) (*Plan, error) {
	pl := &Plan{Scenario: s, dists: make([]dist.Dist, len(model.Fields))}
	p := &pl.base
	for i := range model.Fields {
		f := &model.Fields[i]
		if f.Path == "timelines.agi" && p.Horizon <= p.Start { // start and horizon come first
			return nil, horizonError(s, p.Horizon, p.Start)
		}
		spec, ok := s.Params[f.Path]
		if !ok {
			if f.Path == "difficulty.total" {
				continue // R comes from done_so_far
			}
			if f.Path == "difficulty.done_so_far" && s.Params["difficulty.total"] != nil {
				continue
			}
			if f.Path == "difficulty.effort_so_far" {
				p.DeriveE0, p.EffortSoFar = true, math.NaN() // from the field's history (MODEL.md §2)
				continue
			}
			return nil, &Error{Pos: Pos{File: "scenario"}, Path: f.Path, Msg: "has no value"}
		}
		if pt, ok := spec.Dist.(dist.Point); ok {
			v := pt.V + spec.Add
			if f.Path == "timelines.agi" && v < p.Start {
				return nil, &Error{Pos: spec.Origin, Path: f.Path,
					Msg: fmt.Sprintf("AGI in %g comes before the start %g; the model starts before AGI", v, p.Start)}
			}
			f.Set(p, clamp(v, f.Lo, f.Hi))
			continue
		}
		if spec.Add != 0 {
			pl.shifts = append(pl.shifts, shift{i, spec.Add})
		}
		lo := f.Lo
		if f.Path == "timelines.agi" {
			lo = p.Start // AGI has not come by the start (MODEL.md §5)
		}
		d, err := dist.Truncate(spec.Dist, lo, f.Hi)
		if err != nil && f.Path == "timelines.agi" {
			return nil, agiError(s, spec.Origin, p.Start)
		}
		if err != nil {
			return nil, &Error{Pos: spec.Origin, Path: f.Path, Msg: err.Error(), Err: err}
		}
		pl.dists[i] = d
		f.Set(p, clamp(d.Quantile(0.5)+spec.Add, f.Lo, f.Hi))
	}
	if p.Horizon <= p.Start {
		return nil, horizonError(s, p.Horizon, p.Start)
	}
	p.DeadlineAt = s.DeadlineAt
	p.PauseAtAGI = s.PauseAtAGI
	p.Milestones = s.Milestones
	if err := pl.compileCopula(); err != nil {
		return nil, err
	}
	return pl, nil
}

// horizonError blames the one of start and horizon that the user set, the
// horizon when both were, and names where the other came from.
func horizonError(s *Scenario, horizon, start float64) error {
	h, st := s.Params["horizon"].Origin, s.Params["start"].Origin
	if h.File == DefaultName && st.File != DefaultName {
		return &Error{Pos: st, Path: "start", Msg: fmt.Sprintf("the start %g must come before the horizon %g (set at %s)", start, horizon, h)}
	}
	return &Error{Pos: h, Path: "horizon", Msg: fmt.Sprintf("the horizon %g must come after the start %g (set at %s)", horizon, start, st)}
}

// agiError says that no year of timelines.agi falls after the start. Like
// horizonError, it blames the start only when the user set it and left AGI
// at its default, and otherwise blames AGI, so that the position is in the
// user's own file.
func agiError(s *Scenario, agi Pos, start float64) error {
	st := s.Params["start"].Origin
	if agi.File == DefaultName && st.File != DefaultName {
		return &Error{Pos: st, Path: "start",
			Msg: fmt.Sprintf("the start %g comes after every year that timelines.agi (%s) allows; the model starts before AGI", start, agi)}
	}
	return &Error{Pos: agi, Path: "timelines.agi",
		Msg: fmt.Sprintf("every year this allows comes before the start %g (set at %s); the model starts before AGI", start, st)}
}

// compileCopula sets up the Gaussian copula for the rank correlations
// between uncertain parameters. Spearman's rho becomes the normal
// correlation 2 sin(pi rho / 6). Correlations with a fixed number are moot.
func (pl *Plan) compileCopula() error {
	idx := map[int]int{}
	var pairs [][3]float64
	for _, c := range pl.Scenario.Correlations {
		a, b := model.FieldIndex(c.A), model.FieldIndex(c.B)
		if pl.dists[a] == nil || pl.dists[b] == nil {
			continue
		}
		for _, f := range []int{a, b} {
			if _, ok := idx[f]; !ok {
				idx[f] = len(pl.copula)
				pl.copula = append(pl.copula, f)
			}
		}
		pairs = append(pairs, [3]float64{float64(idx[a]), float64(idx[b]), 2 * math.Sin(math.Pi*c.Rho/6)})
	}
	k := len(pl.copula)
	if k == 0 {
		return nil
	}
	if k > maxCopula {
		return &Error{Pos: pl.Scenario.Correlations[0].Pos, Path: "correlations", Msg: fmt.Sprintf("at most %d parameters can be correlated", maxCopula)}
	}
	sym := mat.NewSymDense(k, nil)
	for i := range k {
		sym.SetSym(i, i, 1)
	}
	for _, pr := range pairs {
		sym.SetSym(int(pr[0]), int(pr[1]), pr[2])
	}
	var ch mat.Cholesky
	if !ch.Factorize(sym) {
		return &Error{Pos: pl.Scenario.Correlations[0].Pos, Path: "correlations", Msg: "these correlations cannot hold together (the matrix is not positive definite)"}
	}
	var l mat.TriDense
	ch.LTo(&l)
	pl.chol = make([]float64, k*k)
	for i := range k {
		for j := 0; j <= i; j++ {
			pl.chol[i*k+j] = l.At(i, j)
		}
	}
	return nil
}

// Base returns the parameters with every uncertain field at its median.
func (pl *Plan) Base() model.Params { return pl.base }

// Dist returns field i's distribution after truncation, or nil if the
// field is a fixed number.
func (pl *Plan) Dist(i int) dist.Dist { return pl.dists[i] }

// Draw turns one world's uniforms u (length Dim, each in (0, 1)) into its
// parameters. It changes u where the copula ties draws together, and
// allocates nothing.
func (pl *Plan) Draw(u []float64, p *model.Params) {
	*p = pl.base
	if k := len(pl.copula); k > 0 {
		var z [maxCopula]float64
		for j, f := range pl.copula {
			z[j] = mathext.NormalQuantile(u[f])
		}
		for i := k - 1; i >= 0; i-- { // x = L z, in place from the bottom row up
			var x float64
			row := pl.chol[i*k : i*k+i+1]
			for j, l := range row {
				x += l * z[j]
			}
			z[i] = x
		}
		for j, f := range pl.copula {
			// Beyond z = 8.3 the normal CDF rounds to 1, whose quantile is
			// +Inf: keep u inside the range of the engine's uniforms.
			u[f] = clamp(0.5*math.Erfc(-z[j]/math.Sqrt2), uMin, uMax)
		}
	}
	for i, d := range pl.dists {
		if d != nil {
			// (2^53 - 1 + 1/2)/2^53 rounds to 1, whose quantile is +Inf.
			model.Fields[i].Set(p, d.Quantile(min(u[i], uMax)))
		}
	}
	if p.DeriveE0 { // from the history as drawn, before any +X: a lever cannot change the past
		p.EffortSoFar, p.DeriveE0 = model.EffortSoFar(p), false
	}
	for _, sh := range pl.shifts {
		f := &model.Fields[sh.field]
		f.Set(p, clamp(f.Get(p)+sh.add, f.Lo, f.Hi))
	}
	n := len(model.Fields)
	for j := range model.Chances {
		model.Chances[j].Set(p, u[n+j])
	}
}

// uMin and uMax bound the uniforms a copula hands on: the smallest of the
// engine's, (0 + 1/2)/2^53, and the largest float64 below 1.
const (
	uMin = 0x1p-54
	uMax = 1 - 0x1p-53
)

// shift adds a number to every draw of a field.
type shift struct {
	field int
	add   float64
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }
