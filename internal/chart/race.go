package chart

import (
	"math"
	"strings"

	"ontrack/internal/sim"
)

// Race draws the race: the chance that alignment is done, that AGI has
// come and that ASI has come by each year (the summary's curve, at yearly
// resolution) on one axis, with P(on track) and P(never) in a box.
func Race(s *sim.Summary) []byte {
	title := "The race: done, AGI and ASI by year"
	dl := deadlineName(s)
	var desc strings.Builder
	desc.WriteString("Cumulative chance, over " + itoa(s.N) + " worlds, that alignment research is done, that AGI has come and that ASI has come by each year from " +
		year(s.Start) + " to " + year(s.Horizon) + ". P(on track), done before " + dl + ": " + prob(s.Done.POnTrack, s.Done.POnTrackSE) +
		"; P(never by " + year(s.Horizon) + "): " + prob(s.Done.PNever, s.Done.PNeverSE) + ".")
	for _, m := range []struct {
		name string
		q    sim.Quantiles
	}{{"done", s.Done.Year}, {"AGI", s.AGI}, {"ASI", s.ASI}} {
		desc.WriteString(" Median year " + m.name + ": " + yearOrNever(m.q.P50, s.Horizon) + ".")
	}
	d := begin("race", title, desc.String(), height)
	if len(s.Curve) == 0 {
		return d.end()
	}
	x0, x1 := s.Curve[0].Year, s.Curve[len(s.Curve)-1].Year
	if x1 <= x0 {
		x1 = x0 + 1
	}
	f := newFrame(56, 52, 612, 310, x0, x1, 0, 1)
	xt, _ := ticks(x0, x1, 9)
	yt, _ := ticks(0, 1, 5)
	d.yAxis(f, yt, percent, "share of worlds, by the end of each year")
	d.xAxis(f, xt, year, "year")
	series := []struct {
		name, colour, dash string
		p                  func(sim.CurvePoint) float64
	}{
		{"AGI", orange, `stroke-dasharray="6 4"`, func(c sim.CurvePoint) float64 { return c.PAGI }},
		{"ASI", vermillion, `stroke-dasharray="2 3"`, func(c sim.CurvePoint) float64 { return c.PASI }},
		{"alignment done", blue, "", func(c sim.CurvePoint) float64 { return c.PDone }},
	}
	for _, ser := range series {
		xs, ys := make([]float64, len(s.Curve)), make([]float64, len(s.Curve))
		for i, c := range s.Curve {
			xs[i], ys[i] = f.x.at(c.Year), f.y.at(ser.p(c))
		}
		d.path(xs, ys, ser.colour, "none", `stroke-width="2.5" stroke-linejoin="round" `+ser.dash)
	}
	// Legend, bottom right, where the curves have risen.
	lx, ly := f.right-150.0, f.bottom-70.0
	d.rect(lx-8, ly-14, f.right-4, ly+50, "#ffffff", `fill-opacity="0.9" stroke="`+lightGrey+`"`)
	for i := len(series) - 1; i >= 0; i-- {
		ser := series[i]
		y := ly + float64(len(series)-1-i)*18
		d.line(lx, y-4, lx+26, y-4, ser.colour, `stroke-width="2.5" `+ser.dash)
		d.text(lx+32, y, "start", "", ser.name)
	}
	// The answer, top left.
	d.rect(f.left+8, f.top+6, f.left+262, f.top+50, "#ffffff", `fill-opacity="0.9" stroke="`+lightGrey+`"`)
	d.text(f.left+16, f.top+24, "start", `font-weight="600"`, "P(on track) "+prob(s.Done.POnTrack, s.Done.POnTrackSE))
	d.text(f.left+16, f.top+42, "start", `fill="#444444"`, "done before "+dl+"; never by "+year(s.Horizon)+": "+percent(s.Done.PNever))
	return d.end()
}

// yearOrNever prints a year, or "after H" beyond the horizon H.
func yearOrNever(y, horizon float64) string {
	if y > horizon || math.IsInf(y, 1) {
		return "after " + year(horizon)
	}
	return fixed(y, 1)
}

// deadlineName names the arrival that done had to beat. The summary
// carries the deadline's quantiles, which are those of ASI or of AGI.
func deadlineName(s *sim.Summary) string {
	switch s.Done.Deadline {
	case s.ASI:
		return "ASI"
	case s.AGI:
		return "AGI"
	}
	return "the deadline"
}
