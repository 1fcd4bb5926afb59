// Package chart draws ontrack's charts as SVG from the library's values
// (sim.Summary, sim.Result, sim.Fan, sim.Pooled, analysis.Comparison,
// analysis.Tornado, analysis.Sensitivity, a sweep's cells and a solve's
// answer, and a parameter's dist.Dist as a thumbnail), for `ontrack
// report`, the web page and downloads alike.
//
// Every chart is a pure function of its input that returns a standalone
// SVG document: byte for byte the same for the same input, with no script,
// no external reference and no embedded font. Each has a <title> and a
// <desc> (which says in words what the chart shows, with its numbers) that
// the root's aria-labelledby names, axis labels, and colours from the
// Okabe-Ito palette, which readers with colour-blindness can tell apart;
// series also differ by dash or label, so a chart survives grey printing.
// A heat map's scale is viridis, even in lightness, with its legend.
// Inline strips the xmlns attribute for embedding in HTML, whose parser
// supplies the namespace.
//
// The SVG is written by hand rather than with gonum.org/v1/plot's vgsvg
// backend, for four reasons. Size: a chart here is a few kilobytes of
// paths with coordinates rounded to 0.1 px, where vgsvg writes every
// element with full-precision coordinates and transforms. Fonts: vgsvg
// measures and names the Liberation fonts, so a reader without them sees
// misplaced text unless the fonts are embedded (hundreds of kilobytes of
// base64 per chart); these charts name the reader's sans-serif and place
// text by anchors (start, middle, end), never by measured widths.
// Accessibility: vgsvg has no <title>, <desc> or ARIA attributes, which
// would have to be spliced in afterwards. Weight: the plot module brings
// golang.org/x/image, font packages, a LaTeX renderer and an SVG writer,
// for charts that are lines, bands and bars. Determinism is the one thing
// both give; here it is made to hold across machines too: coordinates are
// computed with explicit roundings that keep the compiler from fusing
// multiply-adds (which arm64 and amd64 with FMA would otherwise do), ticks
// come from a table rather than logarithms, and numbers are printed with
// strconv at fixed precision.
package chart

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"ontrack/internal/model"
)

// The chart's canvas, in px.
const (
	width  = 640
	height = 360
)

// Colours: the Okabe-Ito palette.
const (
	blue       = "#0072B2"
	orange     = "#E69F00"
	vermillion = "#D55E00"
	green      = "#009E73"
	skyBlue    = "#56B4E9"
	purple     = "#CC79A7"
	grey       = "#767676"
	lightGrey  = "#E6E6E6"
	ink        = "#222222"
)

// doc is an SVG document being written.
type doc struct {
	b  bytes.Buffer
	id string
}

// begin starts a chart: id names it (for aria-labelledby), title and desc
// are its accessible name and description, and title is shown at its top.
func begin(id, title, desc string, h int) *doc {
	d := beginSize(id, title, desc, width, h)
	d.text(16, 22, "start", `font-size="15" font-weight="600"`, title)
	return d
}

// beginSize starts a w x h chart that does not show its title, such as a
// thumbnail, whose title a browser shows on hover instead.
func beginSize(id, title, desc string, w, h int) *doc {
	d := &doc{id: id}
	d.printf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="12" fill="%s">`+"\n",
		w, h, w, h, id, id, ink)
	d.printf(`<title id="%s-title">%s</title>`+"\n", id, esc(title))
	d.printf(`<desc id="%s-desc">%s</desc>`+"\n", id, esc(desc))
	d.printf(`<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", w, h)
	return d
}

// end closes the document and returns its bytes.
func (d *doc) end() []byte {
	d.b.WriteString("</svg>\n")
	return d.b.Bytes()
}

// printf writes to the document. Numbers are formatted first (num,
// fixed), so only strings, already escaped, and ints come here.
func (d *doc) printf(format string, args ...any) {
	fmt.Fprintf(&d.b, format, args...)
}

// text writes a text element at (x, y) anchored at start, middle or end,
// with extra attributes (already escaped) and the text escaped.
func (d *doc) text(x, y float64, anchor, attrs, s string) {
	if attrs != "" {
		attrs = " " + attrs
	}
	if anchor != "start" {
		attrs = ` text-anchor="` + anchor + `"` + attrs
	}
	d.printf(`<text x="%s" y="%s"%s>%s</text>`+"\n", num(x), num(y), attrs, esc(s))
}

// line writes a straight line.
func (d *doc) line(x1, y1, x2, y2 float64, stroke, attrs string) {
	if attrs != "" {
		attrs = " " + attrs
	}
	d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"%s/>`+"\n", num(x1), num(y1), num(x2), num(y2), stroke, attrs)
}

// rect writes a rectangle given two corners in any order.
func (d *doc) rect(x1, y1, x2, y2 float64, fill, attrs string) {
	if attrs != "" {
		attrs = " " + attrs
	}
	x, y := math.Min(x1, x2), math.Min(y1, y2)
	d.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`+"\n",
		num(x), num(y), num(math.Abs(x2-x1)), num(math.Abs(y2-y1)), fill, attrs)
}

// path writes a path through the points, closed if fill is not "none".
func (d *doc) path(xs, ys []float64, stroke, fill, attrs string) {
	var p strings.Builder
	for i := range xs {
		if i == 0 {
			p.WriteString("M")
		} else {
			p.WriteString(" L")
		}
		p.WriteString(num(xs[i]) + " " + num(ys[i]))
	}
	if fill != "none" {
		p.WriteString(" Z")
	}
	if attrs != "" {
		attrs = " " + attrs
	}
	d.printf(`<path d="%s" stroke="%s" fill="%s"%s/>`+"\n", p.String(), stroke, fill, attrs)
}

// scale maps data values [d0, d1] onto pixels [r0, r1].
type scale struct{ d0, d1, r0, r1 float64 }

// at is the pixel of v. The conversion rounds the product before the sum,
// so that no machine fuses them into one multiply-add.
func (s scale) at(v float64) float64 {
	return s.r0 + float64(float64(v-s.d0)*float64(s.r1-s.r0)/(s.d1-s.d0))
}

// clampAt is at for v held within the domain.
func (s scale) clampAt(v float64) float64 {
	lo, hi := math.Min(s.d0, s.d1), math.Max(s.d0, s.d1)
	return s.at(math.Max(lo, math.Min(hi, v)))
}

// frame is a plot area: pixels [left, right] x [top, bottom] and the
// scales that map data onto them.
type frame struct {
	left, top, right, bottom float64
	x, y                     scale
}

func newFrame(left, top, right, bottom, x0, x1, y0, y1 float64) frame {
	return frame{left, top, right, bottom, scale{x0, x1, left, right}, scale{y0, y1, bottom, top}}
}

// xAxis draws the x axis with ticks, their gridlines and its label.
func (d *doc) xAxis(f frame, ticks []float64, format func(float64) string, label string) {
	for _, t := range ticks {
		x := f.x.at(t)
		d.line(x, f.top, x, f.bottom, lightGrey, "")
		d.line(x, f.bottom, x, f.bottom+4, grey, "")
		d.text(x, f.bottom+17, "middle", "", format(t))
	}
	d.line(f.left, f.bottom, f.right, f.bottom, grey, "")
	d.text((f.left+f.right)/2, f.bottom+36, "middle", "", label)
}

// yAxis draws the y axis with ticks, their gridlines and its label, which
// is written above the axis rather than turned on its side.
func (d *doc) yAxis(f frame, ticks []float64, format func(float64) string, label string) {
	for _, t := range ticks {
		y := f.y.at(t)
		d.line(f.left, y, f.right, y, lightGrey, "")
		d.line(f.left-4, y, f.left, y, grey, "")
		d.text(f.left-7, y+4, "end", "", format(t))
	}
	d.line(f.left, f.top, f.left, f.bottom, grey, "")
	d.text(f.left, f.top-10, "start", `fill="#444444"`, label)
}

// ticks returns round values spaced 1, 2 or 5 times a power of ten that
// cover [lo, hi] with at most max of them, and their step.
func ticks(lo, hi float64, max int) ([]float64, float64) {
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return []float64{lo}, 1
	}
	// The smallest power of ten at or above span / max, by multiplying.
	p := 1.0
	for p < span/float64(max) {
		p *= 10
	}
	for p/10 >= span/float64(max) {
		p /= 10
	}
	step := p
	for _, m := range []float64{0.2, 0.5} {
		if s := p * m; span/s <= float64(max) {
			step = s
			break
		}
	}
	var out []float64
	for k := math.Ceil(lo / step); k*step <= hi*(1+1e-12)+1e-12; k++ {
		out = append(out, k*step)
	}
	return out, step
}

// num prints a coordinate to 0.1 px, without a trailing ".0".
func num(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

// fixed prints x with n decimals.
func fixed(x float64, n int) string {
	s := strconv.FormatFloat(x, 'f', n, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// signed prints x with n decimals and a sign, but for zero.
func signed(x float64, n int) string {
	s := fixed(x, n)
	if !strings.HasPrefix(s, "-") && strings.Trim(s, "0.") != "" {
		s = "+" + s
	}
	return s
}

// percent prints a share as a whole percentage: 0.25 is "25%".
func percent(x float64) string { return fixed(100*x, 0) + "%" }

// year prints a year.
func year(y float64) string { return fixed(y, 0) }

// prob prints a probability with its standard error, as the reports do.
func prob(p, se float64) string { return fixed(p, 3) + " ± " + fixed(se, 3) }

// esc escapes text for XML.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// trunc shortens s to n runes, ending in an ellipsis.
func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Inline returns the chart for embedding in an HTML page: without the
// xmlns attribute, which the HTML parser supplies, so that the page names
// no address at all.
func Inline(svg []byte) []byte {
	return bytes.Replace(svg, []byte(` xmlns="http://www.w3.org/2000/svg"`), nil, 1)
}

// itoa prints a count with thousands separators: 100,000.
func itoa(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// circle writes a dot.
func (d *doc) circle(x, y, r float64, fill, attrs string) {
	if attrs != "" {
		attrs = " " + attrs
	}
	d.printf(`<circle cx="%s" cy="%s" r="%s" fill="%s"%s/>`+"\n", num(x), num(y), num(r), fill, attrs)
}

// diamond writes a diamond of half-width r centred on (x, y).
func (d *doc) diamond(x, y, r float64, stroke, fill, attrs string) {
	d.path([]float64{x - r, x, x + r, x}, []float64{y, y - r, y, y + r}, stroke, fill, attrs)
}

// errorBarV draws a vertical 95% interval, p ± z95 se, at x. The product
// is rounded before the sum, as in scale.at.
func errorBarV(d *doc, y scale, p, se, x float64) {
	if !(se > 0) {
		return
	}
	a, b := y.clampAt(p-float64(z95*se)), y.clampAt(p+float64(z95*se))
	d.line(x, a, x, b, ink, `stroke-width="1.5"`)
	d.line(x-4, a, x+4, a, ink, `stroke-width="1.5"`)
	d.line(x-4, b, x+4, b, ink, `stroke-width="1.5"`)
}

// niceRange widens [lo, hi] to at least minSpan and out to round ticks,
// at most max of them, held within [floor, ceil]; it returns the range and
// its ticks' step. Values that are not finite are left out by the caller.
func niceRange(lo, hi, minSpan, floor, ceil float64, max int) (float64, float64, float64) {
	if !(lo <= hi) {
		lo, hi = floor, ceil
	}
	if hi-lo < minSpan {
		mid := lo + (hi-lo)/2
		lo, hi = mid-minSpan/2, mid+minSpan/2
		if lo < floor {
			lo, hi = floor, floor+minSpan
		}
		if hi > ceil {
			lo, hi = ceil-minSpan, ceil
		}
	}
	_, step := ticks(lo, hi, max)
	lo, hi = math.Max(floor, step*math.Floor(lo/step)), math.Min(ceil, step*math.Ceil(hi/step))
	if hi <= lo {
		hi = lo + step
	}
	return lo, hi, step
}

// decimals is how many decimals tick labels with this step need.
func decimals(step float64) int {
	n := 0
	for s := step; s < 0.99 && n < 6; s *= 10 {
		n++
	}
	return n
}

// paramText prints a value of the parameter at path as people write it:
// a percentage for growth rates, fractions and probabilities (28.9%),
// else to four significant figures with k, M or B for thousands,
// millions and billions (30k), as the scenario syntax takes them.
func paramText(path string, v float64) string { return paramDigits(path, v, 4) }

// paramDigits is paramText to digits significant figures, but that years
// are whole (or to a tenth, with digits of 4 or more) and never in
// thousands.
func paramDigits(path string, v float64, digits int) string {
	i := model.FieldIndex(path)
	switch {
	case i < 0 || !finite(v):
	case model.Fields[i].Percent():
		return short(100*v, "", digits) + "%"
	case model.Fields[i].Unit == "year" && digits < 4:
		return fixed(v, 0)
	case model.Fields[i].Unit == "year":
		return strings.TrimSuffix(fixed(v, 1), ".0")
	}
	return short(v, "", digits)
}

// short prints v to digits significant figures with k, M or B, prefixed
// by unit ("$"); infinity is "never".
func short(v float64, unit string, digits int) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "never"
	case math.IsInf(v, -1):
		return "-" + unit + "∞"
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	// Choose the suffix for v as printed, so that 999,999 is 1M, not 1e+03k.
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', digits, 64), 64)
	suffix := ""
	for _, s := range []struct {
		at float64
		s  string
	}{{1e9, "B"}, {1e6, "M"}, {1e3, "k"}} {
		if v >= s.at && v < 1e15 {
			v, suffix = v/s.at, s.s
			break
		}
	}
	t := strconv.FormatFloat(v, 'g', digits, 64)
	if t == "0" {
		sign = ""
	}
	return sign + unit + t + suffix
}
