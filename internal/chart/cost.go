package chart

import (
	"cmp"
	"math"
	"slices"

	"ontrack/internal/analysis"
)

// CostDelta draws each lever's change in P(on track) (analysis.Comparison)
// against what it costs: its mean dollars to the baseline's deadline, on a
// log scale, one labelled point per lever with the 95% interval of the
// paired standard error. Up and to the left is better value. Levers that
// cost nothing, or save money, stand in a column of their own at the left.
func CostDelta(c *analysis.Comparison) []byte {
	title := "Levers: change in P(on track) against cost"
	desc := "Each lever's change in P(on track), against the baseline's " + prob(c.POnTrack, c.POnTrackSE) + " on the same " + itoa(c.N) +
		" worlds, with 95% intervals from the paired standard errors (±1.96 SE), against its mean cost to the baseline's deadline in dollars (extra FTE-years at " +
		short(c.FTEYearCost, "$", 3) + " each plus any fixed cost a year), on a log scale."
	var free bool
	lo, hi := math.Inf(1), math.Inf(-1)   // costs, where positive
	dlo, dhi := math.Inf(1), math.Inf(-1) // ΔP and its intervals
	for _, a := range c.Arms {
		desc += " " + a.Name + ": " + signed(a.Delta, 3) + " ± " + fixed(a.PairedSE, 3) + " for " + short(a.Cost, "$", 3)
		if !math.IsNaN(a.PerBillion) {
			desc += ", " + signed(a.PerBillion, 5) + " per $1B"
		}
		desc += "."
		if a.Cost > 0 && !math.IsInf(a.Cost, 1) {
			lo, hi = math.Min(lo, a.Cost), math.Max(hi, a.Cost)
		} else {
			free = true
		}
		dlo, dhi = math.Min(dlo, a.Delta-z95*a.PairedSE), math.Max(dhi, a.Delta+z95*a.PairedSE)
	}
	d := begin("cost", title, desc, height)
	if len(c.Arms) == 0 {
		return d.end()
	}
	// Decades that cover the positive costs, from a table, so that the
	// ticks are exact powers of ten.
	e0, e1 := decade(lo), decade(hi)
	if math.IsInf(lo, 1) {
		e0, e1 = 6, 9
	}
	if math.Pow10(e1) < hi || e1 == e0 {
		e1++
	}
	dlo, dhi, step := niceRange(math.Min(0, dlo), math.Max(0, dhi), 0.01, -1, 1, 6)
	left := 80.0
	if free {
		left = 170
	}
	f := newFrame(left, 52, 600, 300, float64(e0), float64(e1), dlo, dhi)
	yt, _ := ticks(dlo, dhi, 6)
	dec := decimals(step)
	d.yAxis(f, yt, func(v float64) string { return signed(v, dec) }, "change in P(on track), with 95% paired intervals")
	var xt []float64
	every := 1 + (e1-e0)/7
	for e := e0; e <= e1; e += every {
		xt = append(xt, float64(e))
	}
	d.xAxis(f, xt, func(e float64) string { return short(math.Pow10(int(e)), "$", 3) }, "mean cost to the deadline (log scale)")
	y0 := f.y.at(0)
	d.line(f.left, y0, f.right, y0, ink, `stroke-width="1.5"`)
	xFree := f.left - 70
	if free {
		d.line(xFree, f.top, xFree, f.bottom, lightGrey, "")
		d.text(xFree, f.bottom+17, "middle", "", "$0 or less")
	}
	// Points, then labels placed top to bottom, each moved down past any
	// label it would overlap. Widths are estimated at 7 px a character.
	type label struct {
		x, y, w float64
		anchor  string
		text    string
	}
	var labels []label
	for _, a := range c.Arms {
		x := xFree
		if a.Cost > 0 && !math.IsInf(a.Cost, 1) {
			x = f.x.at(math.Log10(a.Cost))
		}
		colour := blue
		if a.Delta < 0 {
			colour = vermillion
		}
		errorBarV(d, f.y, a.Delta, a.PairedSE, x)
		y := f.y.clampAt(a.Delta)
		d.circle(x, y, 5, colour, `stroke="#ffffff"`)
		t := trunc(a.Name, 24)
		w := 7 * float64(len([]rune(t)))
		l := label{x + 9, y + 4, w, "start", t}
		if l.x+w > width-4 {
			l.x, l.anchor = x-9, "end"
		}
		labels = append(labels, l)
	}
	order := make([]int, len(labels))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(labels[i].y, labels[j].y) })
	var placed []label
	span := func(l label) (float64, float64) {
		if l.anchor == "end" {
			return l.x - l.w, l.x
		}
		return l.x, l.x + l.w
	}
	for _, i := range order {
		l := labels[i]
		for moved := true; moved; {
			moved = false
			a0, a1 := span(l)
			for _, p := range placed {
				b0, b1 := span(p)
				if a0 < b1 && b0 < a1 && math.Abs(l.y-p.y) < 14 {
					l.y = p.y + 14
					moved = true
				}
			}
		}
		placed = append(placed, l)
		d.text(l.x, l.y, l.anchor, "", l.text)
	}
	return d.end()
}

// decade is the largest power of ten at or below x, as its exponent,
// found by multiplying rather than by a logarithm.
func decade(x float64) int {
	if !(x > 0) || math.IsInf(x, 1) {
		return 0
	}
	e, p := 0, 1.0
	for p*10 <= x {
		p *= 10
		e++
	}
	for p > x {
		p /= 10
		e--
	}
	return e
}
