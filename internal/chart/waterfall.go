package chart

import (
	"cmp"
	"math"
	"slices"

	"ontrack/internal/analysis"
)

// Waterfall draws why two views disagree (analysis.Explanation): the first
// view's P(on track), or its median lead when lead is true, then each
// part's Shapley value as a step from where the steps before it left off,
// largest first, with its 95% interval, down (or up) to the second view's.
// The steps add up to the second view's value exactly.
func Waterfall(e *analysis.Explanation, lead bool) []byte {
	type step struct {
		name    string
		v, se   float64
		isTotal bool
	}
	what, name, unit, dec := "P(on track)", "P(on track)", "P(on track)", 3
	from, to := e.PFrom, e.PTo
	if lead {
		what, name, unit, dec = "The median lead", "the median lead", "median lead (years)", 1
		from, to = e.LeadFrom, e.LeadTo
	}
	parts := slices.Clone(e.Parts)
	val := func(p analysis.PartEffect) analysis.Effect {
		if lead {
			return p.Lead
		}
		return p.P
	}
	slices.SortStableFunc(parts, func(a, b analysis.PartEffect) int { return cmp.Compare(math.Abs(val(b).V), math.Abs(val(a).V)) })

	// A figure and its error, or "n/a" where the figure is not finite and
	// no error where there is none (too few worlds for the median's).
	fig := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "n/a"
		}
		return fixed(v, dec)
	}
	pm := func(se float64) string {
		if math.IsNaN(se) || math.IsInf(se, 0) {
			return ""
		}
		return " ± " + fixed(se, dec)
	}
	title := "Why " + e.From + " and " + e.To + " differ: " + name
	desc := what + " goes from " + fig(from.V) + " under " + e.From + " to " + fig(to.V) + " under " + e.To +
		", on the same " + itoa(e.N) + " worlds. Each step is one difference between the views, its Shapley value: its effect averaged over the orders in which the differences could be switched on; the steps add up to the whole change, and the error bars are 95% intervals (±1.96 SE)."
	steps := []step{{e.From, from.V, from.SE, true}}
	for _, p := range parts {
		v := val(p)
		steps = append(steps, step{p.Name, v.V, v.SE, false})
		desc += " " + p.Name + ": " + signed(v.V, dec) + pm(v.SE) + "."
	}
	steps = append(steps, step{e.To, to.V, to.SE, true})

	// The domain: every level the waterfall reaches, and 0, where the
	// views' bars start.
	lo, hi := 0.0, 0.0
	level := from.V
	for _, s := range steps {
		a, b := level, level+s.v
		if s.isTotal {
			a, b = 0, s.v
			level = s.v
		} else {
			level = b
		}
		for _, x := range []float64{a, b, b - float64(z95*s.se), b + float64(z95*s.se)} { // rounded before the sum, as in scale.at
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	if !lead {
		lo, hi = math.Max(lo, 0), math.Min(math.Max(hi, 0.01), 1)
	}
	if hi-lo < 1e-9 {
		hi = lo + 1
	}
	_, stepSize := ticks(lo, hi, 6)
	lo, hi = stepSize*math.Floor(lo/stepSize), stepSize*math.Ceil(hi/stepSize)
	xt, _ := ticks(lo, hi, 6)

	const row = 30.0
	top := 52.0
	bottom := top + row*float64(len(steps))
	d := begin("waterfall", title, desc, int(bottom+56))
	f := newFrame(200, top, 500, bottom, lo, hi, 0, 1)
	tickDec := dec - 1
	if stepSize < 0.1 {
		tickDec = 2
	}
	if lead {
		tickDec = 0
		if stepSize < 1 {
			tickDec = 1
		}
	}
	for _, t := range xt {
		xp := f.x.at(t)
		d.line(xp, top, xp, bottom, lightGrey, "")
		d.text(xp, bottom+17, "middle", "", fixed(t, tickDec))
	}
	d.line(f.left, bottom, f.right, bottom, grey, "")
	d.text((f.left+f.right)/2, bottom+36, "middle", "", unit+": each difference's share, with 95% intervals")

	level = from.V
	for i, s := range steps {
		y := top + row*float64(i)
		a, b := level, level+s.v
		colour := blue
		label := signed(s.v, dec) + pm(s.se)
		weight := ""
		switch {
		case s.isTotal:
			a, b, colour = math.Max(lo, math.Min(0, hi)), s.v, grey
			label = fig(s.v) + pm(s.se)
			weight = `font-weight="600"`
		case s.v < 0:
			colour = vermillion
		}
		d.text(f.left-10, y+20, "end", weight, trunc(s.name, 26))
		if !math.IsNaN(b) && !math.IsInf(b, 0) {
			d.rect(f.x.clampAt(a), y+6, f.x.clampAt(b), y+24, colour, "")
			if !s.isTotal {
				errorBar(d, f.x, b, s.se, y+15)
			}
			if i > 0 { // the level this step starts from, carried from the last
				xp := f.x.clampAt(a)
				if s.isTotal {
					xp = f.x.clampAt(b)
				}
				d.line(xp, y-6, xp, y+6, ink, `stroke-dasharray="2 2"`)
			}
		}
		d.text(f.right+8, y+20, "start", "", label)
		if s.isTotal {
			level = s.v
		} else {
			level = b
		}
	}
	return d.end()
}
