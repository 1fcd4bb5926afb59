package chart

import (
	"math"

	"ontrack/internal/sim"
)

// Fan draws the share of the main work (the road to safe_to_help) done by
// each year: the median and the 10th to 90th percentile band over worlds
// (sim.FracFan), the deadline's 10th to 90th percentile band and median
// from the run's summary, and the thresholds the main road passes:
// no_takeover at its share and safe_to_help at the whole.
func Fan(f *sim.Fan, s *sim.Summary) []byte {
	dl := deadlineName(s)
	title := "Share of the main work done, by year"
	desc := "Fan chart of the share of the main work (the road to safe_to_help) done by the end of each year, over " + itoa(f.N) +
		" worlds: the median line and the band from the 10th to the 90th percentile."
	if len(f.Years) > 0 {
		a, b := f.Years[0], f.Years[len(f.Years)-1]
		desc += " In " + year(a.Year) + " the median share is " + percent(a.P50) + " (10th to 90th percentile " + percent(a.P10) + " to " + percent(a.P90) + ")"
		if dq := s.Done.Deadline; !math.IsInf(dq.P50, 1) {
			if y := atYear(f, math.Round(dq.P50)); y != nil {
				desc += "; in " + year(y.Year) + ", the median year of " + dl + ", it is " + percent(y.P50) + " (" + percent(y.P10) + " to " + percent(y.P90) + ")"
			}
		}
		desc += "; in " + year(b.Year) + " it is " + percent(b.P50) + " (" + percent(b.P10) + " to " + percent(b.P90) + ")."
	}
	desc += " The shaded column is " + dl + "'s 10th to 90th percentile, " + yearOrNever(s.Done.Deadline.P10, math.Inf(1)) + " to " +
		yearOrNever(s.Done.Deadline.P90, math.Inf(1)) + ". Horizontal lines mark no_takeover, reached at " + percent(f.NoTakeover) +
		" of the main work, and safe_to_help, at all of it."
	d := begin("fan", title, desc, height)
	if len(f.Years) == 0 {
		return d.end()
	}
	x0, x1 := f.Years[0].Year, fanEnd(f, s)
	years := f.Years
	for len(years) > 1 && years[len(years)-1].Year > x1 {
		years = years[:len(years)-1]
	}
	if x1 <= x0 {
		x1 = x0 + 1
	}
	fr := newFrame(56, 52, 612, 310, x0, x1, 0, 1)
	// The deadline's band first, under everything.
	dq := s.Done.Deadline
	if !math.IsInf(dq.P10, 1) && dq.P10 < x1 {
		a, b := fr.x.clampAt(dq.P10), fr.x.clampAt(dq.P90)
		d.rect(a, fr.top, b, fr.bottom, "#F3E3D3", "")
		if m := dq.P50; m >= x0 && m <= x1 {
			xm := fr.x.at(m)
			d.line(xm, fr.top, xm, fr.bottom, vermillion, `stroke-dasharray="2 3" stroke-width="1.5"`)
		}
	}
	xt, _ := ticks(x0, x1, 9)
	yt, _ := ticks(0, 1, 5)
	d.yAxis(fr, yt, percent, "share of the main work done by the end of each year")
	d.xAxis(fr, xt, year, "year")
	n := len(years)
	band := func(lo, hi func(sim.FracYear) float64) ([]float64, []float64) {
		xs, ys := make([]float64, 0, 2*n), make([]float64, 0, 2*n)
		for _, y := range years {
			xs, ys = append(xs, fr.x.at(y.Year)), append(ys, fr.y.at(hi(y)))
		}
		for i := n - 1; i >= 0; i-- {
			xs, ys = append(xs, fr.x.at(years[i].Year)), append(ys, fr.y.at(lo(years[i])))
		}
		return xs, ys
	}
	bx, by := band(func(y sim.FracYear) float64 { return y.P10 }, func(y sim.FracYear) float64 { return y.P90 })
	d.path(bx, by, "none", blue, `fill-opacity="0.25"`)
	mx, my := make([]float64, n), make([]float64, n)
	for i, y := range years {
		mx[i], my[i] = fr.x.at(y.Year), fr.y.at(y.P50)
	}
	d.path(mx, my, blue, "none", `stroke-width="2.5" stroke-linejoin="round"`)
	// Thresholds on the main road, labelled above their lines at the right.
	for _, t := range []struct {
		name  string
		share float64
	}{{"no_takeover", f.NoTakeover}, {"safe_to_help", 1}} {
		y := fr.y.at(t.share)
		d.line(fr.left, y, fr.right, y, ink, `stroke-dasharray="5 3"`)
		d.text(fr.right-4, y+16, "end", `font-weight="600"`, t.name+" ("+percent(t.share)+")")
	}
	// Legend, bottom right, where the work is done.
	lx, ly := fr.right-130, fr.bottom-64
	d.rect(lx-8, ly-14, fr.right-4, ly+46, "#ffffff", `fill-opacity="0.9" stroke="`+lightGrey+`"`)
	d.line(lx, ly-4, lx+20, ly-4, blue, `stroke-width="2.5"`)
	d.text(lx+26, ly, "start", "", "median")
	d.rect(lx, ly+8, lx+20, ly+20, blue, `fill-opacity="0.25"`)
	d.text(lx+26, ly+18, "start", "", "p10–p90")
	d.rect(lx, ly+28, lx+20, ly+40, "#F3E3D3", "")
	d.text(lx+26, ly+38, "start", "", dl+" p10–p90")
	return d.end()
}

// fanEnd is the last year the fan shows: the horizon, or ten years past
// the later of the deadline's 90th percentile and the year when the 10th
// percentile of the share done reaches the whole, rounded up to ten.
func fanEnd(f *sim.Fan, s *sim.Summary) float64 {
	last := f.Years[len(f.Years)-1].Year
	end := math.Inf(1)
	for _, y := range f.Years {
		if y.P10 >= 1 {
			end = y.Year
			break
		}
	}
	end = math.Max(end, s.Done.Deadline.P90)
	if math.IsInf(end, 1) || math.IsNaN(end) {
		return last
	}
	return math.Min(last, 10*math.Ceil((end+10)/10))
}

// atYear returns the fan's row for year y, or nil.
func atYear(f *sim.Fan, y float64) *sim.FracYear {
	for i := range f.Years {
		if f.Years[i].Year == y {
			return &f.Years[i]
		}
	}
	return nil
}
