package analysis

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"ontrack/internal/budget"
	"ontrack/internal/fault"
	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// Explaining why two views disagree (ontrack explain, MODEL.md §20).
//
// The differences between a view "from" and a view "to" are cut into
// parts: each parameter whose value differs, the correlations, the
// deadline. A hybrid is from with the parts of a subset S taken from to;
// v(S) is its P(on track) or its median lead. The Shapley value of part j
// (Shapley 1953) averages j's marginal effect v(S ∪ {j}) − v(S) over the
// orders in which the parts could be switched on, so the values add up to
// v(all) − v(none), the whole gap, whatever the interactions. Every hybrid
// runs on the same worlds (common random numbers): a world draws the same
// uniforms under every hybrid, and parameter i always reads uniform i, so a
// part that is switched changes that parameter's draw and nothing else.

// MaxExactParts is the most parts whose Shapley values are computed over
// every subset (2^12 = 4,096 hybrids); above it they are estimated from
// ExplainOrders random orders.
const MaxExactParts = 12

// ExplainOrders is how many orders a sampled explanation averages over, in
// antithetic pairs (an order and its reverse).
const ExplainOrders = 128

// maxParts is the most parts a hybrid's mask can name.
const maxParts = 64

// LeadBatches is the number of batches of worlds whose spread gives the
// median lead's standard errors (batch means): the worlds are cut into
// this many consecutive blocks, every figure is recomputed on each, and
// the standard error is the blocks' standard deviation over √LeadBatches.
const LeadBatches = 20

// minBatch is the fewest worlds a batch may hold for its median to mean
// anything; with fewer worlds the median's errors are not given.
const minBatch = 100

// MinLeadSEWorlds is the fewest worlds that give the median lead's
// standard errors: two batches.
const MinLeadSEWorlds = 2 * minBatch

// Group says how the differences between two views are cut into parts.
type Group int

const (
	ByParam   Group = iota // one part per parameter (and correlations, deadline, ...)
	BySection              // one part per section: field, research, difficulty, ai, ...
)

func (g Group) String() string {
	if g == BySection {
		return "section"
	}
	return "param"
}

// ParseGroup reads --group: param or section.
func ParseGroup(s string) (Group, error) {
	switch s {
	case "param", "":
		return ByParam, nil
	case "section":
		return BySection, nil
	}
	return 0, fault.Errorf(fault.Invalid, "--group %q: expected param or section", s)
}

// Diff is one setting that differs between the two views, as each writes
// it.
type Diff struct {
	Key      string // a parameter's path, or correlations, deadline, pause.at_agi, milestones, interventions
	From, To string
}

// Part is what explain switches from one view to the other as a whole.
type Part struct {
	Name    string // the parameter's path, or the section, or correlations, deadline, ...
	Section string
	Diffs   []Diff
	keys    []string // what the part switches; may hold a key that does not differ (R's two forms)
}

// Keys that are not parameters but enter a run.
const (
	keyDeadline     = "deadline"
	keyPauseAtAGI   = "pause.at_agi"
	keyCorrelations = "correlations"
	keyMilestones   = "milestones"
)

// section is the top-level section of a key: field for field.growth,
// settings for start, horizon and deadline.
func section(key string) string {
	switch key {
	case keyCorrelations, keyMilestones:
		return key
	}
	if sec, _, ok := strings.Cut(key, "."); ok {
		return sec
	}
	return "settings"
}

// Parts lists what differs between from and to that a run uses, as parts
// grouped by g, in the order of the parameters' table (model.Fields) and
// then deadline, pause.at_agi, correlations and milestones. unused lists
// what differs but never enters a run (the interventions, which are levers
// for compare): nothing of it can be attributed.
//
// difficulty.total and difficulty.done_so_far are two ways of giving the
// work's scope, and a view sets one: they are switched together, as one
// part, so that every hybrid gives the scope one way.
func Parts(from, to *scenario.Scenario, g Group) (parts []Part, unused []Diff) {
	text := func(s *scenario.Scenario, path string) string {
		if sp, ok := s.Params[path]; ok {
			return sp.Text
		}
		return "(unset)"
	}
	var scope *Part
	for _, f := range model.Fields {
		a, b := text(from, f.Path), text(to, f.Path)
		if a == b {
			continue
		}
		d := Diff{Key: f.Path, From: a, To: b}
		if f.Path == "difficulty.total" || f.Path == "difficulty.done_so_far" {
			if scope != nil {
				scope.Diffs = append(scope.Diffs, d)
				scope.Name = "difficulty.done_so_far/total"
				continue
			}
			parts = append(parts, Part{Name: f.Path, Section: "difficulty", Diffs: []Diff{d},
				keys: []string{"difficulty.done_so_far", "difficulty.total"}})
			scope = &parts[len(parts)-1]
			continue
		}
		parts = append(parts, Part{Name: f.Path, Section: section(f.Path), Diffs: []Diff{d}, keys: []string{f.Path}})
	}
	other := []Diff{
		{keyDeadline, from.DeadlineAt.String(), to.DeadlineAt.String()},
		{keyPauseAtAGI, strconv.FormatBool(from.PauseAtAGI), strconv.FormatBool(to.PauseAtAGI)},
		{keyCorrelations, correlationsText(from.Correlations), correlationsText(to.Correlations)},
		{keyMilestones, milestonesText(from.Milestones), milestonesText(to.Milestones)},
	}
	for _, d := range other {
		if d.From != d.To {
			parts = append(parts, Part{Name: d.Key, Section: section(d.Key), Diffs: []Diff{d}, keys: []string{d.Key}})
		}
	}
	if d, ok := interventionsDiff(from.Interventions, to.Interventions); ok {
		unused = append(unused, d)
	}
	if g == BySection {
		parts = bySection(parts)
	}
	return parts, unused
}

// bySection merges parts of the same section, in order of first appearance.
func bySection(parts []Part) []Part {
	var out []Part
	at := map[string]int{}
	for _, p := range parts {
		k, ok := at[p.Section]
		if !ok {
			at[p.Section] = len(out)
			out = append(out, Part{Name: p.Section, Section: p.Section})
			k = len(out) - 1
		}
		out[k].Diffs = append(out[k].Diffs, p.Diffs...)
		out[k].keys = append(out[k].keys, p.keys...)
	}
	return out
}

// correlationsText writes correlations in a canonical form, so that two
// lists that say the same compare equal: each pair in name order, sorted.
func correlationsText(cs []scenario.Correlation) string {
	if len(cs) == 0 {
		return "(none)"
	}
	var s []string
	for _, c := range cs {
		a, b := min(c.A, c.B), max(c.A, c.B)
		s = append(s, fmt.Sprintf("[%s, %s, %s]", a, b, strconv.FormatFloat(c.Rho, 'g', -1, 64)))
	}
	slices.Sort(s)
	return strings.Join(s, " ")
}

func milestonesText(ms []model.Milestone) string {
	if len(ms) == 0 {
		return "(none)"
	}
	var s []string
	for _, m := range ms {
		s = append(s, fmt.Sprintf("%s at %s before %s", m.Name, strconv.FormatFloat(m.Fraction, 'g', -1, 64), m.Deadline))
	}
	return strings.Join(s, "; ")
}

// interventionsDiff names the levers that one view has and the other has
// not, or has otherwise: each side lists its own.
func interventionsDiff(a, b []scenario.Intervention) (Diff, bool) {
	text := func(iv scenario.Intervention) string {
		var sets []string
		for _, o := range iv.Set {
			sets = append(sets, o.Path+": "+o.Value)
		}
		return fmt.Sprintf("%s {%s} %s %s", iv.Description, strings.Join(sets, ", "), strconv.FormatFloat(iv.Cost, 'g', -1, 64), iv.CostSource)
	}
	only := func(xs, ys []scenario.Intervention) string {
		var names []string
		for _, x := range xs {
			k := slices.IndexFunc(ys, func(y scenario.Intervention) bool { return y.Name == x.Name })
			if k < 0 || text(ys[k]) != text(x) {
				names = append(names, x.Name)
			}
		}
		if len(names) == 0 {
			return "(none)"
		}
		return strings.Join(names, ", ")
	}
	d := Diff{Key: "interventions", From: only(a, b), To: only(b, a)}
	return d, d.From != "(none)" || d.To != "(none)"
}

// Hybrid returns from with the parts in mask (bit j for parts[j]) taken
// from to. With every part it runs as to does; with none, as from.
func Hybrid(from, to *scenario.Scenario, parts []Part, mask uint64) *scenario.Scenario {
	h := from.Clone()
	for j, p := range parts {
		if mask&(1<<j) == 0 {
			continue
		}
		for _, key := range p.keys {
			switch key {
			case keyDeadline:
				h.DeadlineAt = to.DeadlineAt
			case keyPauseAtAGI:
				h.PauseAtAGI = to.PauseAtAGI
			case keyCorrelations:
				h.Correlations = slices.Clone(to.Correlations)
			case keyMilestones:
				h.Milestones = slices.Clone(to.Milestones)
			default:
				if sp, ok := to.Params[key]; ok {
					c := *sp
					h.Params[key] = &c
				} else {
					delete(h.Params, key)
				}
			}
		}
	}
	return h
}

// design is the hybrids an explanation of k parts runs, and the integer
// weights that turn one world's outcomes under them into that world's
// contributions. Column j < k is part j's Shapley value (over den); column
// k + j is part j switched alone from from (over 1); column 2k is the whole
// change; column 2k + 1 the interaction, the whole change less the parts
// alone. Each column is a fixed linear combination of the hybrids'
// outcomes, so a world's contribution is a random variable whose mean over
// worlds is the figure and whose spread gives its standard error.
type design struct {
	k     int
	masks []uint64       // hybrid h is from with the parts in masks[h]: 0 (from) first, all (to) second
	index map[uint64]int // mask -> h
	coef  []int64        // coef[h*cols + c]
	den   int64          // the Shapley columns' denominator
	// orders are a sampled design's orders of the parts, in antithetic
	// pairs (o, reverse o), and chain[r][t] the hybrid with the first t
	// parts of order r; nil for an exact design.
	orders [][]int
	chain  [][]int
}

func (d *design) cols() int { return 2*d.k + 2 }

func newDesign(k int) *design {
	d := &design{k: k, index: map[uint64]int{}}
	all := uint64(1)<<k - 1
	d.add(0)
	d.add(all)
	for j := range k {
		d.add(1 << j)
	}
	return d
}

// add returns the hybrid with mask, adding it if it is new.
func (d *design) add(mask uint64) int {
	if h, ok := d.index[mask]; ok {
		return h
	}
	d.index[mask] = len(d.masks)
	d.masks = append(d.masks, mask)
	d.coef = append(d.coef, make([]int64, d.cols())...)
	return len(d.masks) - 1
}

// finish fills the columns other than the Shapley values: each part alone,
// the whole change and the interaction.
func (d *design) finish() {
	k, c := d.k, d.cols()
	empty, all := d.index[0], d.index[uint64(1)<<k-1]
	d.coef[all*c+2*k]++
	d.coef[empty*c+2*k]--
	d.coef[all*c+2*k+1]++
	d.coef[empty*c+2*k+1]--
	for j := range k {
		one := d.index[1<<j]
		d.coef[one*c+k+j]++
		d.coef[empty*c+k+j]--
		d.coef[one*c+2*k+1]--
		d.coef[empty*c+2*k+1]++
	}
}

// exactDesign runs every subset of k parts: part j's weight on S is
// |S∖j|! (k − |S∖j| − 1)! / k!, positive where S holds j and negative
// where it does not.
func exactDesign(k int) *design {
	d := newDesign(k)
	fact := make([]int64, k+1)
	fact[0] = 1
	for i := 1; i <= k; i++ {
		fact[i] = fact[i-1] * int64(i)
	}
	d.den = fact[k]
	c := d.cols()
	for mask := range uint64(1) << k {
		h := d.add(mask)
		s := bits.OnesCount64(mask)
		for j := range k {
			if mask&(1<<j) != 0 {
				d.coef[h*c+j] += fact[s-1] * fact[k-s]
			} else {
				d.coef[h*c+j] -= fact[s] * fact[k-s-1]
			}
		}
	}
	d.finish()
	return d
}

// sampledDesign averages over orders random orders of k parts, drawn from
// seed, in antithetic pairs: each order and its reverse. The hybrids are
// the orders' prefixes, each run once however many orders share it.
func sampledDesign(k, orders int, seed uint64) *design {
	d := newDesign(k)
	d.den = int64(orders)
	c := d.cols()
	r := rand.New(rand.NewPCG(seed, 0x5ba9e1e7))
	for len(d.orders) < orders {
		o := r.Perm(k)
		rev := slices.Clone(o)
		slices.Reverse(rev)
		for _, ord := range [][]int{o, rev} {
			ch := make([]int, k+1)
			var mask uint64
			ch[0] = d.add(0)
			for t, j := range ord {
				mask |= 1 << j
				ch[t+1] = d.add(mask)
				d.coef[ch[t+1]*c+j]++
				d.coef[ch[t]*c+j]--
			}
			d.orders = append(d.orders, ord)
			d.chain = append(d.chain, ch)
		}
	}
	d.finish()
	return d
}

// newExplainDesign is the design for k parts: exact up to exactUpTo.
func newExplainDesign(k, exactUpTo int, seed uint64) *design {
	if k <= exactUpTo {
		return exactDesign(k)
	}
	return sampledDesign(k, ExplainOrders, seed)
}

// apply returns the columns' figures for hybrid values v (one per hybrid).
func (d *design) apply(v []float64) []float64 {
	c := d.cols()
	out := make([]float64, c)
	for h, x := range v {
		for j, w := range d.coef[h*c : (h+1)*c] {
			if w != 0 {
				out[j] += float64(w) * x
			}
		}
	}
	for j := range d.k {
		out[j] /= float64(d.den)
	}
	return out
}

// orderSE is a sampled design's standard error of each part's Shapley
// value from the spread of its antithetic pairs of orders, for hybrid
// values v; nil for an exact design, which has no such error.
func (d *design) orderSE(v []float64) []float64 {
	if d.orders == nil {
		return nil
	}
	pairs := len(d.orders) / 2
	est := make([][]float64, pairs) // est[p][j]
	for r, ord := range d.orders {
		if r%2 == 0 {
			est[r/2] = make([]float64, d.k)
		}
		ch := d.chain[r]
		for t, j := range ord {
			est[r/2][j] += (v[ch[t+1]] - v[ch[t]]) / 2
		}
	}
	se := make([]float64, d.k)
	for j := range d.k {
		var m, ss float64
		for p := range est {
			m += est[p][j]
		}
		m /= float64(pairs)
		for p := range est {
			ss += (est[p][j] - m) * (est[p][j] - m)
		}
		se[j] = math.Sqrt(ss / float64(pairs-1) / float64(pairs))
	}
	return se
}

// Effect is a figure with its Monte Carlo standard error.
type Effect struct{ V, SE float64 }

// PartEffect is one part's share of the change from one view to the other.
type PartEffect struct {
	Part
	// P and Lead are its Shapley values: its share of the change in
	// P(on track) and in the median lead (years).
	P, Lead Effect
	// PAlone and LeadAlone are the change when it alone is switched,
	// from from.
	PAlone, LeadAlone Effect
}

// Explanation is why P(on track) and the median lead differ between two
// views, part by part, all on the same worlds.
type Explanation struct {
	N    int
	Seed uint64
	// From and To are the views' names.
	From, To string
	Group    Group
	// Exact is true when every subset of parts ran; otherwise Orders
	// random orders did (in antithetic pairs).
	Exact   bool
	Orders  int
	Hybrids int // the combinations of parts run, each on all N worlds
	// Batches is the number of blocks of worlds the median lead's
	// standard errors come from (batch means); 0 where there are too few
	// worlds for any.
	Batches int
	// PFrom and PTo are the views' own P(on track), with binomial SEs;
	// LeadFrom and LeadTo their median leads, with batch-means SEs.
	PFrom, PTo       Effect
	LeadFrom, LeadTo Effect
	// DeltaP and DeltaLead are to minus from, with paired SEs.
	DeltaP, DeltaLead Effect
	// InteractP and InteractLead are the change less the sum of the parts
	// switched alone: what the parts do together and not apart.
	InteractP, InteractLead Effect
	// Parts are the parts in Parts's order; their P and Lead add up to
	// DeltaP and DeltaLead.
	Parts []PartEffect
	// Unused differs between the views but enters no run.
	Unused []Diff
}

// Batches is the number of batches of n worlds for the median's errors.
func Batches(n int) int {
	b := min(LeadBatches, n/minBatch)
	if b < 2 {
		return 0
	}
	return b
}

// ExplainHybrids is the number of hybrids k parts take with seed.
func ExplainHybrids(k int, seed uint64) int {
	if k <= MaxExactParts {
		return 1 << k
	}
	return len(sampledDesign(k, ExplainOrders, seed).masks)
}

// maxSlab is the most hybrids that run side by side over the worlds; more
// run in further passes over the same worlds.
const maxSlab = 64

// CheckExplain checks an explanation of k parts on n worlds against the
// memory budget and returns how many hybrids may run side by side (a
// slab). Each world keeps its 2k + 2 contributions and, for each hybrid of
// the slab, its lead; each worker a sorted copy of a hybrid's leads; each
// hybrid of the slab its compiled plan.
func CheckExplain(mem budget.Memory, k, n int, seed uint64) (slab int, err error) {
	if k > maxParts {
		return 0, fault.Errorf(fault.TooLarge, "the views differ in %d parts: at most %d can be explained; use --group section", k, maxParts)
	}
	hybrids := ExplainHybrids(k, seed)
	fixed := float64(hybrids) * float64(2*k+2+LeadBatches+2) * 8
	perWorld := func(slab int) float64 {
		return float64(2*k+2)*8 + float64(slab)*8 + float64(sim.Workers(0))*8
	}
	slab = min(hybrids, maxSlab)
	for slab > 1 && mem.Bytes > 0 && fixed+float64(slab)*CellBytes+perWorld(slab)*float64(n) > float64(mem.Bytes) {
		slab /= 2
	}
	if mem.Bytes <= 0 {
		return slab, nil // no budget, as job.Env's zero value says
	}
	if err := checkN(mem, "-n", n, "worlds", fixed+float64(slab)*CellBytes, perWorld(slab)); err != nil {
		return 0, err
	}
	return slab, nil
}

// ExplainOptions are an explanation's worlds and how to run them.
type ExplainOptions struct {
	N        int
	Seed     uint64
	Workers  int           // 0: GOMAXPROCS
	Progress *atomic.Int64 // advanced by one for each world of each hybrid
	// Slab is how many hybrids run side by side (CheckExplain); 0 means
	// as many as maxSlab.
	Slab int

	exactUpTo int // tests lower MaxExactParts to check the sampled design
}

// Explain runs every hybrid of from and to the parts call for on the same
// N worlds and attributes the change in P(on track) and in the median lead
// to the parts by their Shapley values (exact for up to MaxExactParts
// parts, else sampled). Each part's P contribution has the standard error
// of its per-world contributions; the medians' come from batch means over
// blocks of worlds (plus, when sampled, the spread over orders).
func Explain(ctx context.Context, from, to *scenario.Scenario, parts []Part, opt ExplainOptions) (*Explanation, error) {
	k := len(parts)
	if opt.N < 1 {
		return nil, fault.Errorf(fault.Invalid, "-n %d: the number of worlds must be at least 1", opt.N)
	}
	if k > maxParts {
		return nil, fault.Errorf(fault.TooLarge, "the views differ in %d parts: at most %d can be explained; use --group section", k, maxParts)
	}
	exactUpTo := opt.exactUpTo
	if exactUpTo <= 0 {
		exactUpTo = MaxExactParts
	}
	d := newExplainDesign(k, exactUpTo, opt.Seed)
	H, c, n := len(d.masks), d.cols(), opt.N
	slab := opt.Slab
	if slab <= 0 {
		slab = maxSlab
	}
	slab = min(slab, H)
	nb := Batches(n)

	acc := make([]int64, n*c)     // each world's columns
	count := make([]int64, H)     // worlds on track under each hybrid
	med := make([]float64, H)     // each hybrid's median lead
	bmed := make([]float64, H*nb) // and per batch: bmed[h*nb + b]
	leads := make([]float64, slab*n)
	workers := sim.Workers(opt.Workers)
	counts := make([][]int64, workers) // per worker, for the slab

	for lo := 0; lo < H; lo += slab {
		hi := min(lo+slab, H)
		plans := make([]*scenario.Plan, hi-lo)
		for h := lo; h < hi; h++ {
			pl, err := scenario.Compile(Hybrid(from, to, parts, d.masks[h]))
			if err != nil {
				return nil, hybridError(parts, d.masks[h], err)
			}
			plans[h-lo] = pl
		}
		for w := range counts {
			counts[w] = make([]int64, hi-lo)
		}
		err := sim.Parallel(ctx, n, 256, workers, nil, func(w int) func(a, b int) {
			u := make([]float64, scenario.Dim)
			v := make([]float64, scenario.Dim)
			var p model.Params
			var o model.Outcome
			cnt := counts[w]
			return func(a, b int) {
				for i := a; i < b; i++ {
					sim.Uniforms(opt.Seed, i, u)
					row := acc[i*c : (i+1)*c]
					for s, pl := range plans {
						copy(v, u) // Draw may change its uniforms, as in sim.RunMany
						pl.Draw(v, &p)
						model.Simulate(&p, &o)
						leads[s*n+i] = o.Lead
						if o.OnTrack {
							cnt[s]++
							for j, x := range d.coef[(lo+s)*c : (lo+s+1)*c] {
								row[j] += x
							}
						}
					}
				}
				if opt.Progress != nil {
					opt.Progress.Add(int64(b-a) * int64(len(plans)))
				}
			}
		})
		if err != nil {
			return nil, err
		}
		for _, cnt := range counts {
			for s, x := range cnt {
				count[lo+s] += x
			}
		}
		// Each hybrid's median, and each batch's, one hybrid a task.
		err = sim.Parallel(ctx, hi-lo, 1, workers, nil, func(int) func(a, b int) {
			scratch := make([]float64, n)
			return func(s, _ int) {
				copy(scratch, leads[s*n:(s+1)*n])
				for b := range nb {
					blk := scratch[b*n/nb : (b+1)*n/nb]
					slices.Sort(blk)
					bmed[(lo+s)*nb+b] = sim.Quantile(blk, 0.5)
				}
				slices.Sort(scratch)
				med[lo+s] = sim.Quantile(scratch, 0.5)
			}
		})
		if err != nil {
			return nil, err
		}
	}

	e := &Explanation{N: n, Seed: opt.Seed, From: from.Name, To: to.Name, Exact: d.orders == nil,
		Orders: len(d.orders), Hybrids: H, Batches: nb}
	empty, all := d.index[0], d.index[uint64(1)<<k-1]

	// P(on track): means and standard errors of the per-world columns, in
	// world order so that the sums do not depend on the workers.
	pv := make([]float64, H)
	for h := range pv {
		pv[h] = float64(count[h]) / float64(n)
	}
	mean, se := columns(acc, c, n, d)
	if ose := d.orderSE(pv); ose != nil {
		for j := range k {
			se[j] = math.Hypot(se[j], ose[j])
		}
	}
	e.PFrom = Effect{pv[empty], sim.BinomialSE(pv[empty], float64(n))}
	e.PTo = Effect{pv[all], sim.BinomialSE(pv[all], float64(n))}
	e.DeltaP = Effect{mean[2*k], se[2*k]}
	e.InteractP = Effect{mean[2*k+1], se[2*k+1]}

	// The median lead: the same combinations of the hybrids' medians, and
	// of each batch's for the errors.
	lm := d.apply(med)
	lse := make([]float64, c)
	var seFrom, seTo float64
	if nb > 0 {
		per := make([][]float64, nb)
		vb := make([]float64, H)
		var fromB, toB []float64
		for b := range nb {
			for h := range vb {
				vb[h] = bmed[h*nb+b]
			}
			per[b] = d.apply(vb)
			fromB, toB = append(fromB, vb[empty]), append(toB, vb[all])
		}
		for j := range c {
			col := make([]float64, nb)
			for b := range nb {
				col[b] = per[b][j]
			}
			lse[j] = sdMean(col)
		}
		seFrom, seTo = sdMean(fromB), sdMean(toB)
		if ose := d.orderSE(med); ose != nil {
			for j := range k {
				lse[j] = math.Hypot(lse[j], ose[j])
			}
		}
	} else {
		for j := range lse {
			lse[j] = math.NaN()
		}
		seFrom, seTo = math.NaN(), math.NaN()
	}
	e.LeadFrom = Effect{med[empty], seFrom}
	e.LeadTo = Effect{med[all], seTo}
	e.DeltaLead = Effect{lm[2*k], lse[2*k]}
	e.InteractLead = Effect{lm[2*k+1], lse[2*k+1]}

	for j, p := range parts {
		e.Parts = append(e.Parts, PartEffect{Part: p,
			P: Effect{mean[j], se[j]}, PAlone: Effect{mean[k+j], se[k+j]},
			Lead: Effect{lm[j], lse[j]}, LeadAlone: Effect{lm[k+j], lse[k+j]}})
	}
	return e, nil
}

// columns returns each column's mean over the worlds and its standard
// error, std/√n, from the per-world integer sums in acc (Shapley columns
// over d.den).
func columns(acc []int64, c, n int, d *design) (mean, se []float64) {
	mean, se = make([]float64, c), make([]float64, c)
	for j := range c {
		den := 1.0
		if j < d.k {
			den = float64(d.den)
		}
		var s int64
		for i := range n {
			s += acc[i*c+j]
		}
		m := float64(s) / den / float64(n)
		var ss float64
		for i := range n {
			x := float64(acc[i*c+j])/den - m
			ss += x * x
		}
		mean[j] = m
		if n > 1 {
			se[j] = math.Sqrt(ss / float64(n-1) / float64(n))
		}
	}
	return mean, se
}

// sdMean is the standard error of the mean of xs: their standard
// deviation over √len(xs).
func sdMean(xs []float64) float64 {
	n := float64(len(xs))
	var m, ss float64
	for _, x := range xs {
		m += x
	}
	m /= n
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / (n - 1) / n)
}

// hybridError says which combination of the two views cannot be built:
// each view alone is valid, but a mixture may not be (a start after the
// other view's horizon).
func hybridError(parts []Part, mask uint64, err error) error {
	var names []string
	for j, p := range parts {
		if mask&(1<<j) != 0 {
			names = append(names, p.Name)
		}
	}
	return fault.Errorf(fault.Invalid, "explain: the first view with the second's %s cannot run: %w; put these in one part with --group section", strings.Join(names, ", "), err)
}
