package sim

import (
	"fmt"
	"math"
	"testing"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
)

// fuzzValue maps v in [0, 1] onto field f's range: linearly for years and
// for ranges within three decades, geometrically where the range spans
// more, with the range's bottom at v = 0 and an infinite top at v = 1.
func fuzzValue(f *model.Field, v float64) float64 {
	lo, hi := f.Lo, f.Hi
	if math.IsInf(hi, 1) && v == 1 {
		return hi
	}
	if f.Unit == "year" {
		hi = min(hi, 3000)
		return lo + v*(hi-lo)
	}
	if math.IsInf(hi, 1) {
		hi = max(lo, 1) * 1e12
	}
	if lo >= 0 && hi > 1e3*max(lo, 1) {
		if v == 0 {
			return lo
		}
		bottom := max(lo, hi*1e-12)
		return bottom * math.Pow(hi/bottom, v)
	}
	return lo + v*(hi-lo)
}

// fuzzParams is the default's median world with the parameters data
// sets, two bytes each in the order of model.Fields (the fixed ones, such
// as the start and horizon, are skipped) and then of model.Chances; then
// a byte of switches and the milestones, and last the fixed ones.
func fuzzParams(base *model.Params, data []byte) model.Params {
	p := *base
	k := 0
	next := func() (float64, bool) {
		if k+1 >= len(data) {
			return 0, false
		}
		v := float64(uint16(data[k])<<8|uint16(data[k+1])) / math.MaxUint16
		k += 2
		return v, true
	}
	for i := range model.Fields {
		f := &model.Fields[i]
		if f.Fixed {
			continue
		}
		v, ok := next()
		if !ok {
			return p
		}
		f.Set(&p, fuzzValue(f, v))
	}
	for _, c := range model.Chances {
		v, ok := next()
		if !ok {
			return p
		}
		c.Set(&p, min(max(v, 0x1p-54), 1-0x1p-53))
	}
	// Then the switches, and up to three milestones: a fraction of the
	// main work each, and the arrival it must beat.
	if k >= len(data) {
		return p
	}
	flags := data[k]
	k++
	if flags&1 != 0 {
		p.DeadlineAt = model.AtAGI
	}
	p.PauseAtAGI = flags&2 != 0
	p.Milestones = nil
	for m := range int(flags>>2) % 4 {
		v, ok := next()
		if !ok {
			break
		}
		ms := model.Milestone{Name: fmt.Sprint("m", m), Fraction: max(v, 1e-6)}
		if data[k-1]&1 != 0 {
			ms.Deadline = model.AtAGI
		}
		p.Milestones = append(p.Milestones, ms)
	}
	// Last, the fixed numbers a scenario may still set: the start, the
	// horizon, the reference field size and the knots' spacing.
	for _, path := range []string{"start", "horizon", "research.reference_fte", "sim.step"} {
		v, ok := next()
		if !ok {
			break
		}
		f := &model.Fields[model.FieldIndex(path)]
		f.Set(&p, fuzzValue(f, v))
	}
	return p
}

// FuzzWorld gives the engine worlds with every parameter anywhere in its
// range, however unlikely the combination, and checks each against the
// knot integrator: no panic, no NaN, a year done that is never before the
// start, and the same years and outcome class within the knots' own error
// (1e-4 years at 1/64 year; where they differ by more, within a microyear
// of the fine oracle, or its error where that is larger, when it
// converges). The knot integrator at the spacing a user may set is held
// to the first of those checks.
func FuzzWorld(f *testing.F) {
	pl := plan(f)
	u := make([]float64, scenario.Dim)
	for i := range u {
		u[i] = 0.5
	}
	var base model.Params
	pl.Draw(u, &base)
	f.Add([]byte{})
	for _, seed := range [][]byte{
		{0x80, 0, 0x40, 0, 0xff, 0xff},       // the field's size, growth, no ceiling
		{0x80, 0, 0xff, 0xff, 0x10, 0},       // fast growth under a low ceiling
		{0, 0, 0, 0, 0, 0, 0x20, 0, 0xff, 0}, // no field at all
	} {
		f.Add(seed)
	}
	all := make([]byte, 2*(len(model.Fields)+len(model.Chances)))
	for i := range all {
		all[i] = byte(37 * i)
	}
	f.Add(all)
	f.Fuzz(func(t *testing.T, data []byte) {
		p := fuzzParams(&base, data)
		if p.Horizon <= p.Start {
			return // a scenario cannot say so (scenario.Compile)
		}
		at := func(h float64, o *model.Outcome) {
			q := p
			q.Step = h
			model.Simulate(&q, o)
		}
		var ex, kn model.Outcome
		if h := p.Step; h > 0 { // the reference integrator as a user may ask for it
			at(max(h, model.MinStep), &kn)
			for j, v := range yearsOf(&kn) {
				if math.IsNaN(v) || v < p.Start {
					t.Fatalf("knots %v apart: %s = %v (start %v) with %+v", h, yearNames[j], v, p.Start, p)
				}
			}
		}
		p.Step = 0
		model.Simulate(&p, &ex)
		y := yearsOf(&ex)
		for j, v := range y {
			if math.IsNaN(v) || v < p.Start {
				t.Fatalf("%s = %v (start %v) with %+v", yearNames[j], v, p.Start, p)
			}
		}
		if math.IsNaN(ex.Lead) || math.IsNaN(ex.FracAtDL) || ex.Class >= model.NClasses {
			t.Fatalf("lead %v, share done %v, class %d with %+v", ex.Lead, ex.FracAtDL, ex.Class, p)
		}
		for i := range ex.NMilestones {
			if m := ex.Milestones[i]; math.IsNaN(m.Year) || m.Year < p.Start || math.IsNaN(m.Frac) {
				t.Fatalf("milestone %d: %+v with %+v", i, m, p)
			}
		}
		at(1.0/64, &kn)
		for j, v := range yearsOf(&kn) {
			if math.IsNaN(v) || v < p.Start {
				t.Fatalf("knots at 1/64 year: %s = %v (start %v) with %+v", yearNames[j], v, p.Start, p)
			}
		}
		// A milestone is a threshold of the main work like (1): where the
		// knots agree on the thresholds, they must on the milestones.
		close := agree(&ex, &kn, 1e-4)
		for i := range ex.NMilestones {
			a, b := ex.Milestones[i].Year, kn.Milestones[i].Year
			close = close && (a == b || math.Abs(a-b) <= 1e-4)
		}
		if close {
			return
		}
		// The oracle goes down to 1/65536 year, but over centuries that
		// takes seconds, which the fuzzer takes for a hang: there it stops
		// at 1/1024 year, and the tolerance is its error where that is
		// above a microyear.
		minH := 1.0 / 65536
		if ex.End-p.Start > 300 {
			minH = 1.0 / 1024
		}
		fine, err := fineOracleOf(at, minH)
		if err > 1e-4 {
			return // the knots do not converge here: nothing to judge by
		}
		tol := max(1e-6, 10*err)
		for i := range ex.NMilestones {
			if a, b := ex.Milestones[i].Year, fine.Milestones[i].Year; a != b && !(math.Abs(a-b) <= tol) {
				t.Errorf("milestone %d: exact %v against the fine oracle %v with %+v", i, a, b, p)
			}
		}
		if !agree(&ex, &fine, tol) {
			t.Errorf("exact %v (class %d) against the fine oracle %v (class %d) with %+v",
				yearsOf(&ex), ex.Class, yearsOf(&fine), fine.Class, p)
		}
	})
}
