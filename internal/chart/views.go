package chart

import (
	"math"

	"ontrack/internal/sim"
)

// Views draws P(on track) under each of several views (presets, or the
// components of a mixture), run on the same worlds, as a dot plot: one row
// a view, each dot with its 95% interval (±1.96 standard errors). With a
// pool (sim.Pool), each name carries its weight and the pooled value is a
// diamond in a row of its own below the views, with its own interval.
func Views(names []string, sums []sim.Summary, pooled *sim.Pooled) []byte {
	n := min(len(names), len(sums))
	if pooled != nil && len(pooled.Weights) < n {
		pooled = nil // not the pool of these views
	}
	title := "Worldviews: P(on track) under each view"
	desc := "P(on track) under each of " + itoa(n) + " views"
	if n > 0 {
		desc += ", each on the same " + itoa(sums[0].N) + " worlds"
	}
	desc += ", with 95% intervals (±1.96 standard errors)."
	label := func(k int) string {
		s := trunc(names[k], 18)
		if pooled != nil {
			s += " (" + percent(pooled.Weights[k]) + ")"
		}
		return s
	}
	for k := range n {
		desc += " " + names[k]
		if pooled != nil {
			desc += " (weight " + fixed(pooled.Weights[k], 3) + ")"
		}
		desc += ": " + prob(sums[k].Done.POnTrack, sums[k].Done.POnTrackSE) + "."
	}
	if pooled != nil {
		desc += " Pooled by weight: " + prob(pooled.POnTrack, pooled.POnTrackSE) + "; disagreement between the views is " +
			percent(pooled.OnTrackVar.ShareBetween) + " of the variance of being on track."
	}
	const row = 30.0
	top := 52.0
	bottom := top + row*float64(n)
	if pooled != nil {
		bottom += row + 6
	}
	d := begin("views", title, desc, int(bottom+50))
	if n == 0 {
		return d.end()
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	widen := func(p, se float64) {
		lo, hi = math.Min(lo, p-z95*se), math.Max(hi, p+z95*se)
	}
	for k := range n {
		widen(sums[k].Done.POnTrack, sums[k].Done.POnTrackSE)
	}
	if pooled != nil {
		widen(pooled.POnTrack, pooled.POnTrackSE)
	}
	lo, hi, step := niceRange(lo, hi, 0.05, 0, 1, 6)
	xt, _ := ticks(lo, hi, 6)
	f := newFrame(200, top, 520, bottom, lo, hi, 0, 1)
	dec := decimals(step)
	d.xAxis(f, xt, func(v float64) string { return fixed(v, dec) }, "P(on track), with 95% intervals")
	for k := range n {
		y := top + row*float64(k) + row/2
		s := sums[k].Done
		d.text(f.left-10, y+4, "end", `font-weight="600"`, label(k))
		errorBar(d, f.x, s.POnTrack, s.POnTrackSE, y)
		d.circle(f.x.clampAt(s.POnTrack), y, 5, blue, `stroke="#ffffff"`)
		d.text(f.right+8, y+4, "start", "", prob(s.POnTrack, s.POnTrackSE))
	}
	if pooled != nil {
		y := top + row*float64(n) + 3 + row/2
		d.line(f.left-150, y-row/2-3, f.right, y-row/2-3, grey, `stroke-dasharray="3 3"`)
		d.text(f.left-10, y+1, "end", `font-weight="600"`, "pooled by weight")
		d.text(f.left-10, y+14, "end", `fill="#444444" font-size="11"`, "views disagree: "+percent(pooled.OnTrackVar.ShareBetween)+" of variance")
		errorBar(d, f.x, pooled.POnTrack, pooled.POnTrackSE, y)
		d.diamond(f.x.clampAt(pooled.POnTrack), y, 7, "#ffffff", vermillion, "")
		d.text(f.right+8, y+4, "start", `font-weight="600"`, prob(pooled.POnTrack, pooled.POnTrackSE))
	}
	return d.end()
}
