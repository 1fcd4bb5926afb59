package chart

import (
	"cmp"
	"math"
	"slices"

	"ontrack/internal/analysis"
	"ontrack/internal/sim"
)

// Sobol draws the Sobol indices of a sensitivity analysis
// (analysis.Sensitivity) for the first max factors, by the total index of
// being on track, largest first: for being on track and for the lead, in
// two panels on one scale, each factor's first-order index (the share of
// the variance it explains alone) above its total index (the share it has
// any part in), each bar with its 95% bootstrap interval. Intervals are
// cut at 0, below which an index is noise.
func Sobol(s *analysis.Sensitivity, max int) []byte {
	outs := []analysis.Indices{s.OnTrack, s.Lead}
	heads := []string{"being on track", "the lead (clipped to ±" + fixed(sim.LeadClip, 0) + " y)"}
	// Rows in order of the on-track total index; the lead's indices are
	// found by name.
	fs := slices.Clone(s.OnTrack.Factors)
	slices.SortStableFunc(fs, func(a, b analysis.Index) int { return cmp.Compare(orZero(b.ST), orZero(a.ST)) })
	if len(fs) > max {
		fs = fs[:max]
	}
	byName := func(ix analysis.Indices, name string) (analysis.Index, bool) {
		for _, f := range ix.Factors {
			if f.Name == name {
				return f, true
			}
		}
		return analysis.Index{}, false
	}
	title := "Sensitivity: Sobol indices, first order and total"
	desc := "Sobol indices from " + itoa(s.N) + " base samples (" + itoa(s.Runs) + " worlds) for the " + itoa(len(fs)) +
		" factors with the largest total index for being on track, largest first, with 95% bootstrap intervals. The first-order index is the share of the variance a factor explains alone; the total index, the share it has any part in."
	for _, ix := range outs {
		if !(ix.Var > 0) {
			desc += " " + ix.Output + " does not vary over the sample, so it has no indices."
		}
	}
	for _, f := range fs {
		desc += " " + f.Name + ":"
		for o, ix := range outs {
			g, ok := byName(ix, f.Name)
			if !ok || !(ix.Var > 0) {
				continue
			}
			if o > 0 {
				desc += ";"
			}
			desc += " " + ix.Output + " first order " + interval(g.S1, g.S1Lo, g.S1Hi) + ", total " + interval(g.ST, g.STLo, g.STHi)
		}
		desc += "."
	}
	for _, p := range s.Correlated {
		desc += " " + p[0] + " and " + p[1] + " are correlated: read their indices together."
	}
	const row = 30.0
	top := 70.0
	bottom := top + row*float64(len(fs))
	d := begin("sobol", title, desc, int(bottom+62))
	if len(fs) == 0 {
		return d.end()
	}
	hi := 0.0
	for _, f := range fs {
		for _, ix := range outs {
			if g, ok := byName(ix, f.Name); ok {
				for _, v := range []float64{g.S1, g.S1Hi, g.ST, g.STHi} {
					hi = math.Max(hi, orZero(v))
				}
			}
		}
	}
	_, hi, step := niceRange(0, hi, 0.1, 0, 1, 4)
	xt, _ := ticks(0, hi, 4)
	dec := decimals(step)
	panels := [2][2]float64{{185, 395}, {425, 630}}
	for o, ix := range outs {
		f := newFrame(panels[o][0], top, panels[o][1], bottom, 0, hi, 0, 1)
		d.text(f.left, top-12, "start", `font-weight="600"`, heads[o])
		for _, t := range xt {
			x := f.x.at(t)
			d.line(x, top, x, bottom, lightGrey, "")
			d.text(x, bottom+17, "middle", "", fixed(t, dec))
		}
		d.line(f.left, bottom, f.right, bottom, grey, "")
		d.line(f.left, top, f.left, bottom, grey, "")
		if !(ix.Var > 0) {
			d.text((f.left+f.right)/2, (top+bottom)/2, "middle", `fill="#444444"`, "does not vary: no indices")
			continue
		}
		for i, fac := range fs {
			g, ok := byName(ix, fac.Name)
			if !ok {
				continue
			}
			y := top + row*float64(i)
			for _, b := range []struct {
				v, lo, hi, y float64
				colour       string
			}{{g.S1, g.S1Lo, g.S1Hi, y + 9, skyBlue}, {g.ST, g.STLo, g.STHi, y + 20, blue}} {
				if math.IsNaN(b.v) {
					continue
				}
				if b.v > 0 {
					d.rect(f.x.at(0), b.y-4.5, f.x.clampAt(b.v), b.y+4.5, b.colour, "")
				}
				if !math.IsNaN(b.lo) && !math.IsNaN(b.hi) && b.hi > 0 {
					a, c := f.x.clampAt(b.lo), f.x.clampAt(b.hi)
					d.line(a, b.y, c, b.y, ink, "")
					d.line(c, b.y-3.5, c, b.y+3.5, ink, "")
					if b.lo > 0 {
						d.line(a, b.y-3.5, a, b.y+3.5, ink, "")
					}
				}
			}
		}
	}
	for i, fac := range fs {
		d.text(panels[0][0]-10, top+row*float64(i)+19, "end", "", trunc(fac.Name, 24))
	}
	lx, ly := panels[0][0], bottom+44
	d.text(lx-10, ly, "end", `fill="#444444"`, "share of variance:")
	d.rect(lx, ly-10, lx+12, ly+2, skyBlue, "")
	d.text(lx+18, ly, "start", "", "first order (alone)")
	d.rect(lx+150, ly-10, lx+162, ly+2, blue, "")
	d.text(lx+168, ly, "start", "", "total (with interactions), 95% intervals")
	return d.end()
}

// interval prints an index with its interval: 0.177 [0.152, 0.201].
// Without bootstrap resamples the interval is unknown.
func interval(v, lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return fixed(v, 3) + " (no interval)"
	}
	return fixed(v, 3) + " [" + fixed(lo, 3) + ", " + fixed(hi, 3) + "]"
}

// orZero is x, or 0 where x is NaN.
func orZero(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}
