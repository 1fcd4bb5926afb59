package chart

import (
	"math"

	"ontrack/internal/analysis"
	"ontrack/internal/model"
	"ontrack/internal/sim"
)

// z95 is the normal quantile of a two-sided 95% interval: error bars
// reach z95 standard errors either side.
const z95 = 1.96

// classLabel says what each outcome class means (MODEL.md §7), by model.Class.
var classLabel = [model.NClasses]string{
	"on track: (1), (2), (3) in time",
	"late, (1) and (2) in place",
	"late, (1) but not (2)",
	"late, without (1)",
}

var classColour = [model.NClasses]string{green, skyBlue, orange, vermillion}

// Outcomes draws the four outcome classes of MODEL.md §7 (shares of the
// worlds that sum to 1) as a stacked bar of the whole and a bar for each
// class with its 95% interval, labelled with the share ± its standard
// error.
func Outcomes(s *sim.Summary) []byte {
	dl := deadlineName(s)
	title := "Outcomes at " + dl + " (or the horizon, if earlier)"
	desc := "What each world's state at its cut-off means, over " + itoa(s.N) + " worlds; the shares sum to 1."
	for c := range model.NClasses {
		o := s.Outcomes[c]
		desc += " " + model.ClassNames[c] + " (" + classLabel[c] + "): " + prob(o.P, o.SE) + "."
	}
	desc += " (1) is no takeover, (2) no power grab, (3) safe to help with alignment. Error bars are 95% intervals, ±1.96 standard errors."
	h := 290
	d := begin("outcomes", title, desc, h)
	f := newFrame(210, 52, 540, 250, 0, 1, 0, 1)
	// The whole, stacked.
	x := 0.0
	for c := range model.NClasses {
		p := s.Outcomes[c].P
		if p > 0 {
			d.rect(f.x.at(x), 44, f.x.at(x+p), 64, classColour[c], `stroke="#ffffff"`)
		}
		x += p
	}
	d.text(f.left-10, 58, "end", `font-weight="600"`, "all worlds")
	xt, _ := ticks(0, 1, 5)
	const row = 40.0
	top := 84.0
	bottom := top + row*float64(model.NClasses)
	for _, t := range xt {
		xp := f.x.at(t)
		d.line(xp, top, xp, bottom, lightGrey, "")
		d.text(xp, bottom+17, "middle", "", percent(t))
	}
	d.line(f.left, bottom, f.right, bottom, grey, "")
	d.text((f.left+f.right)/2, bottom+36, "middle", "", "share of worlds")
	for c := range model.NClasses {
		o := s.Outcomes[c]
		y := top + row*float64(c)
		d.text(f.left-10, y+17, "end", `font-weight="600"`, model.ClassNames[c])
		d.text(f.left-10, y+31, "end", `fill="#444444" font-size="11"`, classLabel[c])
		d.rect(f.x.at(0), y+8, f.x.at(o.P), y+30, classColour[c], "")
		errorBar(d, f.x, o.P, o.SE, y+19)
		d.text(f.x.clampAt(o.P+z95*o.SE)+8, y+23, "start", "", prob(o.P, o.SE))
	}
	return d.end()
}

// errorBar draws a horizontal 95% interval, p ± z95 se, at height y.
func errorBar(d *doc, x scale, p, se, y float64) {
	if !(se > 0) {
		return
	}
	a, b := x.clampAt(p-z95*se), x.clampAt(p+z95*se)
	d.line(a, y, b, y, ink, `stroke-width="1.5"`)
	d.line(a, y-5, a, y+5, ink, `stroke-width="1.5"`)
	d.line(b, y-5, b, y+5, ink, `stroke-width="1.5"`)
}

// Levers draws each lever's change in P(on track) against the baseline,
// on the same worlds, as bars from 0 with the paired standard error's 95%
// interval (analysis.Comparison).
func Levers(c *analysis.Comparison) []byte {
	title := "Levers: change in P(on track)"
	desc := "The change in P(on track) from each lever, against the baseline's " + prob(c.POnTrack, c.POnTrackSE) + ", on the same " + itoa(c.N) +
		" worlds, with 95% intervals from the paired standard errors (±1.96 SE)."
	for _, a := range c.Arms {
		desc += " " + a.Name + ": " + signed(a.Delta, 3) + " ± " + fixed(a.PairedSE, 3) + "."
	}
	const row = 34.0
	top := 52.0
	h := int(top + row*float64(len(c.Arms)) + 56)
	d := begin("levers", title, desc, h)
	lo, hi := 0.0, 0.0
	for _, a := range c.Arms {
		lo = math.Min(lo, a.Delta-z95*a.PairedSE)
		hi = math.Max(hi, a.Delta+z95*a.PairedSE)
	}
	if hi-lo < 0.01 {
		hi = lo + 0.01
	}
	_, step := ticks(lo, hi, 6)
	lo, hi = step*math.Floor(lo/step), step*math.Ceil(hi/step)
	xt, _ := ticks(lo, hi, 6)
	bottom := top + row*float64(len(c.Arms))
	f := newFrame(190, top, 520, bottom, lo, hi, 0, 1)
	dec := 2
	if step < 0.01 {
		dec = 3
	}
	for _, t := range xt {
		xp := f.x.at(t)
		d.line(xp, top, xp, bottom, lightGrey, "")
		d.text(xp, bottom+17, "middle", "", signed(t, dec))
	}
	d.line(f.left, bottom, f.right, bottom, grey, "")
	d.text((f.left+f.right)/2, bottom+36, "middle", "", "change in P(on track), with 95% paired intervals")
	for i, a := range c.Arms {
		y := top + row*float64(i)
		d.text(f.left-10, y+22, "end", `font-weight="600"`, trunc(a.Name, 22))
		colour := blue
		if a.Delta < 0 {
			colour = vermillion
		}
		d.rect(f.x.at(0), y+7, f.x.at(a.Delta), y+27, colour, "")
		errorBar(d, f.x, a.Delta, a.PairedSE, y+17)
		d.text(f.right+8, y+22, "start", "", signed(a.Delta, 3)+" ± "+fixed(a.PairedSE, 3))
	}
	x0 := f.x.at(0)
	d.line(x0, top, x0, bottom, ink, `stroke-width="1.5"`)
	return d.end()
}

// Tornado draws the first max bars of a tornado (analysis.Tornado): for
// each parameter, P(on track) with it held at its 10th and at its 90th
// percentile while everything else varies, about the baseline.
func Tornado(t *analysis.Tornado, max int) []byte {
	bars := t.Bars
	if len(bars) > max {
		bars = bars[:max]
	}
	title := "Sensitivity: P(on track) with one belief at its p10 or p90"
	desc := "For the " + itoa(len(bars)) + " parameters that swing P(on track) most, over " + itoa(t.N) + " worlds: P(on track) with the parameter held at its 10th percentile and at its 90th, against the baseline's " +
		prob(t.POnTrack, t.POnTrackSE) + "."
	for _, b := range bars {
		desc += " " + b.Path + ": " + fixed(b.AtP10, 3) + " at p10, " + fixed(b.AtP90, 3) + " at p90."
	}
	const row = 26.0
	top := 52.0
	bottom := top + row*float64(len(bars))
	h := int(bottom + 50)
	d := begin("tornado", title, desc, h)
	lo, hi := t.POnTrack, t.POnTrack
	for _, b := range bars {
		lo, hi = math.Min(lo, math.Min(b.AtP10, b.AtP90)), math.Max(hi, math.Max(b.AtP10, b.AtP90))
	}
	_, step := ticks(lo, math.Max(hi, lo+0.01), 6)
	lo, hi = math.Max(0, step*math.Floor(lo/step)), math.Min(1, step*math.Ceil(hi/step))
	if hi <= lo {
		hi = lo + step
	}
	xt, _ := ticks(lo, hi, 6)
	f := newFrame(180, top, 600, bottom, lo, hi, 0, 1)
	for _, x := range xt {
		xp := f.x.at(x)
		d.line(xp, top, xp, bottom, lightGrey, "")
		d.text(xp, bottom+17, "middle", "", fixed(x, 2))
	}
	d.line(f.left, bottom, f.right, bottom, grey, "")
	d.text((f.left+f.right)/2, bottom+36, "middle", "", "P(on track)")
	base := f.x.at(t.POnTrack)
	for i, b := range bars {
		y := top + row*float64(i)
		d.text(f.left-10, y+17, "end", "", trunc(b.Path, 24))
		// The end farther from the baseline first, so that where both lie
		// on one side the nearer still shows.
		ends := [][2]any{{b.AtP10, skyBlue}, {b.AtP90, blue}}
		if math.Abs(b.AtP10-t.POnTrack) < math.Abs(b.AtP90-t.POnTrack) {
			ends[0], ends[1] = ends[1], ends[0]
		}
		for _, e := range ends {
			d.rect(base, y+4, f.x.at(e[0].(float64)), y+22, e[1].(string), "")
		}
	}
	d.line(base, top-4, base, bottom, ink, `stroke-width="1.5"`)
	d.text(base, top-8, "middle", "", "baseline "+fixed(t.POnTrack, 3))
	lx, ly := f.right-130.0, bottom+36
	d.rect(lx, ly-10, lx+12, ly+2, skyBlue, "")
	d.text(lx+18, ly, "start", "", "at p10")
	d.rect(lx+80, ly-10, lx+92, ly+2, blue, "")
	d.text(lx+98, ly, "start", "", "at p90")
	return d.end()
}
