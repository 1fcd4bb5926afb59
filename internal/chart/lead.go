package chart

import (
	"math"
	"slices"
	"strings"

	"ontrack/internal/sim"
)

// Lead draws the histogram of the lead, the deadline minus the year done,
// over a run's worlds, with 0 marked: right of it, done in time; left,
// late. Worlds never done have a lead that is only an upper bound (the
// deadline minus the end of the world); they are stacked in grey. The
// range is symmetric about 0 and covers the 2nd to 98th percentiles of
// the leads of worlds that were done; the rest fall in the end bins.
func Lead(r *sim.Result) []byte {
	dl := "ASI"
	if r.Plan != nil {
		dl = strings.ToUpper(r.Plan.Scenario.DeadlineAt.String())
	}
	n := len(r.Done.Lead)
	var done []float64
	censored := 0
	for i, l := range r.Done.Lead {
		if math.IsInf(r.Done.Year[i], 1) {
			censored++
			continue
		}
		done = append(done, l)
	}
	slices.Sort(done)
	span := 10.0
	if len(done) > 0 {
		m := math.Max(math.Abs(sim.Quantile(done, 0.02)), math.Abs(sim.Quantile(done, 0.98)))
		span = math.Min(80, math.Max(10, 10*math.Ceil(m/10)))
	}
	const bins = 20 // each side of 0
	w := span / bins
	// Bin k covers [-span + k w, -span + (k+1) w); bin 0 and the last also
	// take everything beyond.
	doneC, neverC := make([]int, 2*bins), make([]int, 2*bins)
	bin := func(l float64) int {
		k := math.Floor((l + span) / w)
		return int(math.Max(0, math.Min(2*bins-1, k)))
	}
	later := 0 // done worlds with a positive lead
	for i, l := range r.Done.Lead {
		if math.IsInf(r.Done.Year[i], 1) {
			neverC[bin(l)]++
		} else {
			doneC[bin(l)]++
			if l > 0 {
				later++
			}
		}
	}
	peak := 0.0
	for k := range doneC {
		peak = math.Max(peak, float64(doneC[k]+neverC[k])/float64(max(n, 1)))
	}
	_, ystep := ticks(0, math.Max(peak, 0.01), 5)
	ytop := ystep * math.Ceil(math.Max(peak, 0.01)/ystep)
	title := "Lead: " + dl + " minus the year done"
	desc := "Histogram of the lead, the year of " + dl + " minus the year alignment research is done, over " + itoa(n) + " worlds, in bins of " +
		fixed(w, 1) + " years from " + fixed(-span, 0) + " to " + fixed(span, 0) + " (the end bins take everything beyond). " +
		"A positive lead is done in time: " + percent(float64(later)/float64(max(n, 1))) + " of worlds. " +
		percent(float64(censored)/float64(max(n, 1))) + " of worlds are never done by the end of the world; their lead is an upper bound, shown stacked in grey."
	if len(done) > 0 {
		desc += " Median lead of the worlds that are done: " + signed(sim.Quantile(done, 0.5), 1) + " years."
	}
	d := begin("lead", title, desc, height)
	f := newFrame(56, 52, 612, 310, -span, span, 0, ytop)
	yt, _ := ticks(0, ytop, 5)
	xt, _ := ticks(-span, span, 8)
	d.yAxis(f, yt, func(v float64) string { return fixed(100*v, pctDecimals(ystep)) + "%" }, "share of worlds in each bin")
	d.xAxis(f, xt, func(v float64) string { return signed(v, 0) }, "lead (years); the end bins hold everything beyond")
	for k := range doneC {
		x0, x1 := f.x.at(-span+float64(k)*w)+0.5, f.x.at(-span+float64(k+1)*w)-0.5
		pd := float64(doneC[k]) / float64(max(n, 1))
		pn := float64(neverC[k]) / float64(max(n, 1))
		if doneC[k] > 0 {
			d.rect(x0, f.y.at(0), x1, f.y.at(pd), blue, "")
		}
		if neverC[k] > 0 {
			d.rect(x0, f.y.at(pd), x1, f.y.at(pd+pn), grey, "")
		}
	}
	x0 := f.x.at(0)
	d.line(x0, f.top, x0, f.bottom, ink, `stroke-width="2"`)
	d.text(x0-6, f.top+14, "end", `font-weight="600"`, "← late")
	d.text(x0+6, f.top+14, "start", `font-weight="600"`, "in time →")
	d.text(x0+6, f.top+30, "start", `fill="#444444"`, "0: done the year "+dl+" comes")
	// Legend, top right.
	lx, ly := f.right-200.0, f.top+50.0
	d.rect(lx, ly-10, lx+12, ly+2, blue, "")
	d.text(lx+18, ly, "start", "", "done (lead exact)")
	d.rect(lx, ly+8, lx+12, ly+20, grey, "")
	d.text(lx+18, ly+18, "start", "", "never done (lead at most)")
	return d.end()
}

// pctDecimals is how many decimals a percentage axis with this step needs.
func pctDecimals(step float64) int {
	switch {
	case step >= 0.01:
		return 0
	case step >= 0.001:
		return 1
	}
	return 2
}
