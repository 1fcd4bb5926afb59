package chart

import (
	"math"
	"slices"
	"strings"

	"ontrack/internal/dist"
)

// The thumbnail's canvas and its parts, in px.
const (
	thumbW, thumbH = 120, 36
	thumbBase      = 25.0 // the baseline of the shapes
	thumbTall      = 22.0 // the tallest shape
	thumbGrid      = 512  // levels at which the quantile function is read
	thumbBins      = 40
)

// Thumb draws a small picture (120 x 36 px) of the distribution d of the
// parameter at path, for a form field: the density as a histogram, a
// fixed value (a point mass) as a spike, and any mass at infinity
// ("never", as in lever.start: inf) as a bar of its own at the right,
// each as tall as its share of the mass against the largest; under them,
// the ends of the range shown: the support where it is bounded, else the
// 0.1st to 99.9th percentiles. Where the tails are heavy (that range is
// more than twice as wide as the 1st to 99th percentiles) the range is
// the 1st to 99th percentiles of the finite mass, and the title says so;
// where it is positive, skewed to the right (the median in its lowest
// quarter) and its ends differ by a factor of 30 or more, the scale is
// logarithmic, and the thumbnail and its title say that too.
// Its ids are made from path, so that several thumbnails can share a page.
func Thumb(path string, d dist.Dist) []byte {
	id := "thumb-" + idSafe(path)
	if d == nil {
		return beginSize(id, path+": unset", "The parameter "+path+" is unset: it is derived from others.", thumbW, thumbH).end()
	}
	th := thumbOf(d)
	title := path + ": " + d.String()
	desc := "Distribution of " + path + ": " + d.String() + "."
	q := func(u float64) string { return paramDigits(path, d.Quantile(u), 3) }
	switch {
	case th.pInf >= 1:
		desc += " Never: all of the mass is at infinity."
	case len(th.atoms) == 1 && th.atoms[0].mass >= 1-1e-9:
		title = path + ": fixed at " + paramDigits(path, th.atoms[0].x, 4)
		desc += " Fixed at " + paramDigits(path, th.atoms[0].x, 4) + " in every world."
	default:
		desc += " Median " + q(0.5) + "; 10th to 90th percentile " + q(0.1) + " to " + q(0.9) + "."
		for _, a := range th.atoms {
			desc += " A point mass of " + percent(a.mass) + " at " + paramDigits(path, a.x, 4) + "."
		}
		if th.pInf > 0 {
			desc += " Never (infinite): " + percent(th.pInf) + " of the mass."
		}
		if th.clipped {
			title += " (p1–p99 shown)"
			desc += " The picture shows the 1st to 99th percentiles of the finite mass; the tails reach further."
		}
		if th.log {
			title += " (log scale)"
			desc += " The scale is logarithmic."
		}
	}
	doc := beginSize(id, title, desc, thumbW, thumbH)
	right := float64(thumbW - 2)
	if th.pInf > 0 {
		right = 90
	}
	f := newFrame(3, thumbBase-thumbTall, right-1, thumbBase, th.at(th.lo), th.at(th.hi), 0, 1)
	top := th.cont
	for _, a := range th.atoms {
		top = math.Max(top, a.mass)
	}
	top = math.Max(top, th.pInf)
	if th.cont > 0 && th.peak > 0 {
		xs, ys := []float64{f.left}, []float64{thumbBase}
		for k, m := range th.bins {
			y := thumbBase - float64(thumbTall*(m/th.peak)*(th.cont/top))
			x0, x1 := binX(f.left, f.right, k), binX(f.left, f.right, k+1)
			xs, ys = append(xs, x0, x1), append(ys, y, y)
		}
		xs, ys = append(xs, f.right), append(ys, thumbBase)
		doc.path(xs, ys, blue, blue, `fill-opacity="0.35" stroke-width="1" stroke-linejoin="round"`)
	}
	for _, a := range th.atoms {
		if a.x < th.lo || a.x > th.hi {
			continue // beyond a clipped range; the description has it
		}
		x := f.x.at(th.at(a.x))
		y := thumbBase - float64(thumbTall*a.mass)/top
		doc.line(x, thumbBase, x, y, ink, `stroke-width="2"`)
		doc.circle(x, y, 2.5, ink, "")
	}
	doc.line(f.left, thumbBase, f.right, thumbBase, grey, "")
	small := `font-size="9" fill="#444444"`
	if th.pInf < 1 {
		if len(th.atoms) == 1 && th.cont == 0 {
			doc.text(f.x.clampAt(th.at(th.atoms[0].x)), thumbH-2, "middle", small, paramDigits(path, th.atoms[0].x, 3))
		} else {
			doc.text(f.left, thumbH-2, "start", small, paramDigits(path, th.lo, 3))
			doc.text(f.right, thumbH-2, "end", small, paramDigits(path, th.hi, 3))
			if th.log {
				doc.text((f.left+f.right)/2, thumbH-2, "middle", small, "log")
			}
		}
	}
	if th.pInf > 0 {
		x0, x1 := right+7.0, float64(thumbW-5)
		doc.line(right+2, 2, right+2, thumbBase, lightGrey, `stroke-dasharray="2 2"`)
		doc.rect(x0, thumbBase, x1, thumbBase-float64(thumbTall*th.pInf)/top, vermillion, "")
		doc.text((x0+x1)/2, thumbH-2, "middle", `font-size="8" fill="#444444"`, "never")
	}
	return doc.end()
}

// atom is a point mass.
type atom struct{ x, mass float64 }

// thumb is what a thumbnail draws of a distribution.
type thumb struct {
	pInf    float64   // mass at +Inf
	atoms   []atom    // point masses, by value
	cont    float64   // the rest: mass spread over an interval
	lo, hi  float64   // the range shown
	bins    []float64 // the spread mass's density in thumbBins bins over it
	peak    float64   // the largest of bins
	clipped bool      // whether the range leaves out more than 2% of the spread mass
	log     bool      // whether the scale and the bins are logarithmic
}

// at is where x lies on the thumbnail's scale: x, or its logarithm.
func (th *thumb) at(x float64) float64 {
	if th.log {
		return math.Log(x)
	}
	return x
}

// binX is the pixel of bin edge k on a frame from left to right: the
// edges are even, so it is found in whole tenths of a pixel from k alone.
// Mapped from the distribution's values instead, an edge that falls on a
// half tenth (3 + 2.85k) rounds either way with the last bit of a quantile,
// which moves with the machine and the library.
func binX(left, right float64, k int) float64 {
	l, r := int(math.Round(10*left)), int(math.Round(10*right))
	return float64(l+(k*(r-l)+thumbBins/2)/thumbBins) / 10
}

// edge is the low end of bin k, in the scale's units.
func (th *thumb) edge(k int) float64 {
	a, b := th.at(th.lo), th.at(th.hi)
	if k == thumbBins {
		return b
	}
	return a + float64(float64(k)*(b-a))/thumbBins
}

// thumbOf reads d's quantile function at thumbGrid levels of its finite
// mass: a value met at two levels or more is a point mass, whose weight
// is the jump of the CDF there; the range comes from the quantiles, and
// the density in each bin from differences of the CDF, less the point
// masses inside.
func thumbOf(d dist.Dist) thumb {
	var th thumb
	th.pInf = math.Max(0, math.Min(1, 1-d.CDF(math.MaxFloat64)))
	fin := 1 - th.pInf
	if !(fin > 1e-12) {
		th.pInf, th.lo, th.hi = 1, 0, 1
		return th
	}
	xs := make([]float64, 0, thumbGrid)
	for k := range thumbGrid {
		x := d.Quantile(fin * (float64(k) + 0.5) / thumbGrid)
		if finite(x) {
			xs = append(xs, x)
		}
	}
	slices.Sort(xs)
	atomMass := 0.0
	for i := 0; i < len(xs); {
		j := i
		for j < len(xs) && xs[j] == xs[i] {
			j++
		}
		if j-i >= 2 {
			x := xs[i]
			if m := d.CDF(x) - d.CDF(math.Nextafter(x, math.Inf(-1))); m > 1e-9 {
				th.atoms = append(th.atoms, atom{x, m})
				atomMass += m
			}
		}
		i = j
	}
	th.cont = math.Max(0, fin-atomMass)
	if th.cont < 1e-9 {
		th.cont = 0
	}
	// The range: the spread mass's (its support where that is bounded,
	// else its 0.1st to 99.9th percentiles), clipped to the 1st to 99th
	// where the tails are heavy, and widened to the point masses of 1% or
	// more.
	lo, hi := math.Inf(1), math.Inf(-1)
	if th.cont > 0 {
		qf := func(u float64) float64 { return d.Quantile(fin * u) }
		lo, hi = qf(0), qf(1)
		if !finite(lo, hi) {
			lo, hi = qf(0.001), qf(0.999)
		}
		a, b := qf(0.01), qf(0.99)
		if finite(a, b) && (!finite(lo, hi) || hi-lo > 2*(b-a)) {
			lo, hi, th.clipped = a, b, true
		}
		// A logarithmic scale for a positive, right-skewed spread over a
		// factor of 30 or more: its median in the lowest quarter.
		if m := qf(0.5); lo > 0 && hi >= 30*lo && m-lo < (hi-lo)/4 {
			th.log = true
		}
	}
	for _, a := range th.atoms {
		if a.mass >= 0.01 {
			lo, hi = math.Min(lo, a.x), math.Max(hi, a.x)
		}
	}
	if !finite(lo, hi) || !(lo <= hi) {
		lo, hi = 0, 1
	}
	if hi-lo <= 1e-9*math.Max(1, math.Abs(lo)) {
		pad := math.Max(1e-9, 0.1*math.Abs(lo))
		if lo == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	th.lo, th.hi = lo, hi
	if th.cont == 0 {
		return th
	}
	th.log = th.log && lo > 0 && hi >= 30*lo
	// The bins are even on the scale, so the density is per unit of the
	// scale: of x, or of its logarithm.
	th.bins = make([]float64, thumbBins)
	w := (th.at(hi) - th.at(lo)) / thumbBins
	value := func(k int) float64 {
		switch {
		case k == 0:
			return lo
		case k == thumbBins:
			return hi
		case th.log:
			return math.Exp(th.edge(k))
		}
		return th.edge(k)
	}
	prev := d.CDF(lo)
	for k := range th.bins {
		a, b := value(k), value(k+1)
		c := d.CDF(b)
		m := c - prev
		for _, at := range th.atoms {
			if at.x > a && at.x <= b {
				m -= at.mass
			}
		}
		prev = c
		th.bins[k] = math.Max(0, m) / w
		th.peak = math.Max(th.peak, th.bins[k])
	}
	return th
}

// idSafe turns a name into the part of an XML id: letters, digits, and
// hyphens for anything else.
func idSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
