package chart

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"ontrack/internal/analysis"
	"ontrack/internal/sim"
)

// SweepOptions says what a sweep's chart shows.
type SweepOptions struct {
	// Metric is analysis.MetricP, P(on track) (the default, or the
	// solution's metric), or analysis.MetricLead, the median lead.
	Metric analysis.Metric
	// Solution, where not nil, is a solve over the swept parameter (of a
	// one-parameter sweep): its target is drawn as a line, and its answer
	// with its 95% interval as a column.
	Solution *analysis.Solution
}

// Sweep draws a sweep (report.NewSweep takes the same axes, grid and
// cells: cells[i] is the summary at grid point grid[i], the first axis
// slowest, as analysis.Grid gives). Over one parameter it is a line of the
// metric against the parameter, with its Monte Carlo band (P(on track) ±
// 1.96 standard errors) or, for the median lead, the band of the 10th to
// 90th percentile of the lead over worlds; over two it is a heat map, the
// first parameter up the side and the second along the bottom, with a
// colour legend.
func Sweep(axes []analysis.Axis, grid [][]float64, cells []sim.Summary, opt SweepOptions) []byte {
	if opt.Metric == "" {
		opt.Metric = analysis.MetricP
		if opt.Solution != nil {
			opt.Metric = opt.Solution.Metric
		}
	}
	ok := len(axes) >= 1 && len(axes) <= 2 && len(cells) == len(grid) && len(cells) > 0
	want := 1
	for _, ax := range axes {
		want *= len(ax.Values)
	}
	for _, g := range grid {
		ok = ok && len(g) == len(axes)
	}
	if !ok || want != len(cells) {
		return begin("sweep", "Sweep", "A sweep with no cells to draw.", 120).end()
	}
	if len(axes) == 1 {
		return sweepLine(axes[0], grid, cells, opt)
	}
	return sweepHeat(axes, cells, opt.Metric)
}

// metricOf is what a sweep's chart shows of one cell, and the band about
// it.
func metricOf(m analysis.Metric, s *sim.Summary) (v, lo, hi float64) {
	if m == analysis.MetricLead {
		return s.Done.Lead.P50, s.Done.Lead.P10, s.Done.Lead.P90
	}
	p, se := s.Done.POnTrack, s.Done.POnTrackSE
	return p, math.Max(0, p-float64(z95*se)), math.Min(1, p+float64(z95*se))
}

// metricName names what a sweep's chart shows.
func metricName(m analysis.Metric) string {
	if m == analysis.MetricLead {
		return "Median lead (years)"
	}
	return "P(on track)"
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return false
		}
	}
	return true
}

func sweepLine(ax analysis.Axis, grid [][]float64, cells []sim.Summary, opt SweepOptions) []byte {
	lead := opt.Metric == analysis.MetricLead
	sol := opt.Solution
	if sol != nil && sol.Metric != opt.Metric {
		sol = nil
	}
	order := make([]int, len(cells))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(grid[i][0], grid[j][0]) })
	title := metricName(opt.Metric) + " against " + ax.Path
	desc := "Sweep of " + ax.Path + " over " + itoa(len(cells)) + " values, each on the same " + itoa(cells[0].N) + " worlds: "
	if lead {
		desc += "the median lead (the deadline minus the year done), with the band from the 10th to the 90th percentile of the lead over worlds (their spread, not Monte Carlo error)."
	} else {
		desc += "P(on track) with its 95% Monte Carlo band (±1.96 standard errors per value; differences between values have far less noise, since the worlds are the same)."
	}
	dec := 3
	if lead {
		dec = 1
	}
	x0, x1 := math.Inf(1), math.Inf(-1)
	y0, y1 := math.Inf(1), math.Inf(-1)
	for _, i := range order {
		v, lo, hi := metricOf(opt.Metric, &cells[i])
		x := grid[i][0]
		if lead {
			desc += " At " + paramText(ax.Path, x) + ": " + signedOr(v, dec) + " (" + signedOr(lo, dec) + " to " + signedOr(hi, dec) + ")."
		} else {
			desc += " At " + paramText(ax.Path, x) + ": " + prob(v, cells[i].Done.POnTrackSE) + "."
		}
		if !finite(x) {
			continue
		}
		x0, x1 = math.Min(x0, x), math.Max(x1, x)
		for _, y := range []float64{v, lo, hi} {
			if finite(y) {
				y0, y1 = math.Min(y0, y), math.Max(y1, y)
			}
		}
	}
	if sol != nil {
		desc += " Target " + fixed(sol.Target, dec) + ": "
		if sol.Reachable {
			end := func(v float64) string {
				if math.IsNaN(v) {
					return "outside the range " + paramText(ax.Path, sol.Lo) + " to " + paramText(ax.Path, sol.Hi)
				}
				return paramText(ax.Path, v)
			}
			desc += ax.Path + " = " + paramText(ax.Path, sol.X) + ", 95% interval " + end(sol.XLo) + " to " + end(sol.XHi) + "."
		} else {
			desc += "not reached between " + paramText(ax.Path, sol.Lo) + " and " + paramText(ax.Path, sol.Hi) + "."
		}
		if finite(sol.Target) {
			y0, y1 = math.Min(y0, sol.Target), math.Max(y1, sol.Target)
		}
	}
	d := begin("sweep", title, desc, height)
	if !(x0 <= x1) {
		return d.end()
	}
	if x1 == x0 {
		x0, x1 = x0-0.5, x1+0.5
	}
	var step float64
	if lead {
		y0, y1, step = niceRange(y0, y1, 1, math.Inf(-1), math.Inf(1), 6)
	} else {
		y0, y1, step = niceRange(y0, y1, 0.1, 0, 1, 6)
	}
	f := newFrame(64, 52, 600, 300, x0, x1, y0, y1)
	yd := decimals(step)
	yt, _ := ticks(y0, y1, 6)
	xt, _ := ticks(x0, x1, 7)
	yl := "P(on track), with its 95% Monte Carlo band"
	if lead {
		yl = "median lead (years), with the 10th to 90th percentile over worlds"
	}
	d.yAxis(f, yt, func(v float64) string {
		if lead {
			return signed(v, yd)
		}
		return fixed(v, yd)
	}, yl)
	d.xAxis(f, xt, func(v float64) string { return paramText(ax.Path, v) }, ax.Path)
	if lead && y0 < 0 && y1 > 0 {
		y := f.y.at(0)
		d.line(f.left, y, f.right, y, ink, `stroke-width="1.5"`)
	}
	// The solution's interval under everything else.
	if a, b, ok := solBand(sol, x0, x1); ok && b >= x0 && a <= x1 {
		d.rect(f.x.clampAt(a), f.top, f.x.clampAt(b), f.bottom, "#F3E3D3", "")
	}
	var bx, by, mx, my []float64
	for _, i := range order {
		v, _, hi := metricOf(opt.Metric, &cells[i])
		if finite(grid[i][0], v, hi) {
			bx, by = append(bx, f.x.at(grid[i][0])), append(by, f.y.clampAt(hi))
			mx, my = append(mx, f.x.at(grid[i][0])), append(my, f.y.clampAt(v))
		}
	}
	for k := len(order) - 1; k >= 0; k-- {
		i := order[k]
		v, lo, hi := metricOf(opt.Metric, &cells[i])
		if finite(grid[i][0], v, hi) {
			if !finite(lo) {
				lo = y0
			}
			bx, by = append(bx, f.x.at(grid[i][0])), append(by, f.y.clampAt(lo))
		}
	}
	if len(bx) > 0 {
		d.path(bx, by, "none", blue, `fill-opacity="0.25"`)
		d.path(mx, my, blue, "none", `stroke-width="2.5" stroke-linejoin="round"`)
	}
	if len(mx) <= 40 {
		for k := range mx {
			d.circle(mx[k], my[k], 3, blue, "")
		}
	}
	if sol != nil && finite(sol.Target) {
		y := f.y.clampAt(sol.Target)
		d.line(f.left, y, f.right, y, vermillion, `stroke-dasharray="6 4" stroke-width="1.5"`)
		d.text(f.right-4, y-6, "end", `font-weight="600"`, "target "+fixed(sol.Target, dec))
		if sol.Reachable && finite(sol.X) && sol.X >= x0 && sol.X <= x1 {
			x := f.x.at(sol.X)
			d.line(x, f.top, x, f.bottom, vermillion, `stroke-width="1.5"`)
			d.circle(x, y, 4.5, vermillion, `stroke="#ffffff"`)
			anchor, dx := "start", 6.0
			if x > (f.left+f.right)/2 {
				anchor, dx = "end", -6
			}
			d.text(x+dx, f.top+14, anchor, `font-weight="600"`, paramText(ax.Path, sol.X))
			end := func(v float64) string {
				if math.IsNaN(v) {
					return "out of range"
				}
				return paramText(ax.Path, v)
			}
			d.text(x+dx, f.top+28, anchor, `fill="#444444"`, "95%: "+end(sol.XLo)+" to "+end(sol.XHi))
		}
	}
	return d.end()
}

// solBand is the solution's 95% interval, where one end that lies
// outside the range [x0, x1] (NaN) is taken as the end of the range on
// the other side of the answer from the end that is known.
func solBand(sol *analysis.Solution, x0, x1 float64) (a, b float64, ok bool) {
	if sol == nil || !sol.Reachable || !finite(sol.X) {
		return 0, 0, false
	}
	a, b = sol.XLo, sol.XHi
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0, 0, false
	case math.IsNaN(a) || math.IsNaN(b):
		known := a
		if math.IsNaN(a) {
			known = b
		}
		if known > sol.X {
			return x0, known, true
		}
		return known, x1, true
	}
	return math.Min(a, b), math.Max(a, b), true
}

// signedOr prints x with a sign, or "never" beyond every year.
func signedOr(x float64, n int) string {
	if !finite(x) {
		return short(x, "", 3)
	}
	return signed(x, n)
}

func sweepHeat(axes []analysis.Axis, cells []sim.Summary, m analysis.Metric) []byte {
	lead := m == analysis.MetricLead
	rows, cols := axes[0], axes[1]
	nr, nc := len(rows.Values), len(cols.Values)
	value := func(i, j int) float64 {
		v, _, _ := metricOf(m, &cells[i*nc+j])
		return v
	}
	title := metricName(m) + ": " + rows.Path + " by " + cols.Path
	what := "P(on track)"
	if lead {
		what = "the median lead (years)"
	}
	desc := "Heat map of " + what + " over a grid of " + rows.Path + " (" + itoa(nr) + " values, up the side) and " + cols.Path +
		" (" + itoa(nc) + " values, along the bottom), each cell on the same " + itoa(cells[0].N) + " worlds."
	dec := 3
	if lead {
		dec = 1
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	var at [2][2]int
	maxSE := 0.0
	for i := range nr {
		for j := range nc {
			v := value(i, j)
			if se := cells[i*nc+j].Done.POnTrackSE; se > maxSE {
				maxSE = se
			}
			if !finite(v) {
				continue
			}
			if v < lo {
				lo, at[0] = v, [2]int{i, j}
			}
			if v > hi {
				hi, at[1] = v, [2]int{i, j}
			}
		}
	}
	if lo <= hi {
		where := func(k int) string {
			return rows.Path + " " + paramText(rows.Path, rows.Values[at[k][0]]) + ", " + cols.Path + " " + paramText(cols.Path, cols.Values[at[k][1]])
		}
		desc += " Lowest " + fixed(lo, dec) + " at " + where(0) + "; highest " + fixed(hi, dec) + " at " + where(1) + "."
	}
	if !lead {
		desc += " The largest standard error in a cell is " + fixed(maxSE, 4) + "."
	}
	if nr*nc <= 400 {
		for i := range nr {
			desc += " " + rows.Path + " " + paramText(rows.Path, rows.Values[i]) + ":"
			for j := range nc {
				if j > 0 {
					desc += ","
				}
				desc += " " + fixedOr(value(i, j), dec)
			}
			desc += "."
		}
	}
	d := begin("sweep", title, desc, height)
	// The colour scale: P(on track) on all of [0, 1], so that maps can be
	// compared; the lead over its range.
	c0, c1, step := 0.0, 1.0, 0.2
	if lead {
		if !(lo <= hi) {
			lo, hi = -1, 1
		}
		c0, c1, step = niceRange(lo, hi, 1, math.Inf(-1), math.Inf(1), 5)
	}
	f := newFrame(96, 52, 540, 300, 0, float64(nc), 0, float64(nr))
	cw, ch := (f.right-f.left)/float64(nc), (f.bottom-f.top)/float64(nr)
	// A cell's colour, and where it lies on the scale (1 for no value).
	shade := func(v float64) (string, float64) {
		if !finite(v) {
			return lightGrey, 1
		}
		t := math.Max(0, math.Min(1, (v-c0)/(c1-c0)))
		return viridis(t), t
	}
	box := func(i, j int) (x0, y0, x1, y1 float64) {
		return f.x.at(float64(j)), f.y.at(float64(i)), f.x.at(float64(j + 1)), f.y.at(float64(i + 1))
	}
	// Crisp edges, so that neighbouring cells show no hairline seam.
	d.printf(`<g shape-rendering="crispEdges">` + "\n")
	for i := range nr {
		for j := range nc {
			x0, y0, x1, y1 := box(i, j)
			fill, _ := shade(value(i, j))
			d.rect(x0, y0, x1, y1, fill, "")
		}
	}
	d.printf("</g>\n")
	if cw >= 34 && ch >= 15 { // room to print each cell's value
		for i := range nr {
			for j := range nc {
				x0, y0, x1, y1 := box(i, j)
				v := value(i, j)
				tc := "#ffffff"
				if _, t := shade(v); t > 0.6 {
					tc = "#222222"
				}
				d.text((x0+x1)/2, (y0+y1)/2+4, "middle", `font-size="11" fill="`+tc+`"`, fixedOr(v, min(dec, 2)))
			}
		}
	}
	d.line(f.left, f.bottom, f.right, f.bottom, grey, "")
	d.line(f.left, f.top, f.left, f.bottom, grey, "")
	// Labels at the cells' centres, thinned so that they do not overlap.
	every := func(n int, room, need float64) int { return max(1, int(math.Ceil(need*float64(n)/room))) }
	for j := 0; j < nc; j += every(nc, f.right-f.left, 48) {
		x := f.x.at(float64(j) + 0.5)
		d.line(x, f.bottom, x, f.bottom+4, grey, "")
		d.text(x, f.bottom+17, "middle", "", paramText(cols.Path, cols.Values[j]))
	}
	d.text((f.left+f.right)/2, f.bottom+36, "middle", "", cols.Path)
	for i := 0; i < nr; i += every(nr, f.bottom-f.top, 16) {
		y := f.y.at(float64(i) + 0.5)
		d.line(f.left-4, y, f.left, y, grey, "")
		d.text(f.left-7, y+4, "end", "", paramText(rows.Path, rows.Values[i]))
	}
	d.text(f.left, f.top-10, "start", `fill="#444444"`, rows.Path)
	// The legend: a bar of the colour scale in 20 steps, with its ticks.
	lg := newFrame(572, 72, 586, 280, 0, 1, c0, c1)
	const steps = 20
	d.printf(`<g shape-rendering="crispEdges">` + "\n")
	for k := range steps {
		a, b := c0+(c1-c0)*float64(k)/steps, c0+(c1-c0)*float64(k+1)/steps
		d.rect(lg.left, lg.y.at(a), lg.right, lg.y.at(b), viridis((float64(k)+0.5)/steps), "")
	}
	d.printf("</g>\n")
	lt, _ := ticks(c0, c1, 5)
	ld := decimals(step)
	for _, t := range lt {
		y := lg.y.at(t)
		d.line(lg.right, y, lg.right+4, y, grey, "")
		d.text(lg.right+7, y+4, "start", "", fixedOr(t, ld))
	}
	name := "P(on track)"
	if lead {
		name = "median lead"
	}
	d.text(width-4, lg.top-10, "end", `fill="#444444"`, name)
	return d.end()
}

// fixedOr prints x to n decimals, or a dash or "never" where it is not
// finite.
func fixedOr(x float64, n int) string {
	if !finite(x) {
		return short(x, "", 3)
	}
	return fixed(x, n)
}

// viridisStops are five colours of the viridis map, which is even in
// lightness and readable with the common kinds of colour-blindness.
var viridisStops = [5][3]float64{{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}

// viridis is the colour at t in [0, 1], linear between the stops, each
// channel rounded to a whole number.
func viridis(t float64) string {
	t = math.Max(0, math.Min(1, t))
	s := float64(float64(t) * 4)
	k := min(3, int(s))
	u := s - float64(k)
	out := "#"
	for c := range 3 {
		a, b := viridisStops[k][c], viridisStops[k+1][c]
		v := int(math.Round(a + float64(float64(b-a)*u)))
		h := strconv.FormatInt(int64(v), 16)
		if len(h) < 2 {
			h = "0" + h
		}
		out += h
	}
	return out
}
