// Package root finds where a function of one variable crosses zero, for
// the analyses (solve) and the distributions (a mixture's quantile): one
// safeguarded method for both.
package root

import "math"

// Why Illinois stopped before its bracket came within the tolerance.
const (
	StopSteps   = "steps"   // maxSteps trials were made
	StopSpacing = "spacing" // the bracket's ends are neighbouring floats
)

// Illinois narrows the bracket [x0, x1], across which f changes sign (f0
// and f1, f at the ends, are of opposite signs), by the Illinois method,
// a modified regula falsi: each trial is the false position (where the
// chord between the ends crosses zero), and the value kept at an end that
// stays put twice in a row is halved, so that the method cannot stall on
// one side. The safeguard: a trial is held at least a 16th of the bracket
// inside each end, so every trial keeps at most 15/16 of it, even where f
// is a step function (a metric on common random numbers).
//
// It returns the final bracket, which is no wider than tol unless stopped
// says why not (maxSteps trials, or ends that are neighbouring floats). A
// trial where f is exactly 0 ends it with the bracket [x, x]. An error
// from f ends it with that error and the bracket so far.
func Illinois(f func(x float64) (float64, error), x0, x1, f0, f1, tol float64, maxSteps int) (lo, hi float64, stopped string, err error) {
	side := 0
	for steps := 0; x1-x0 > tol; steps++ {
		if steps == maxSteps {
			return x0, x1, StopSteps, nil
		}
		m := x0 - f0*(x1-x0)/(f1-f0)
		w := (x1 - x0) / 16
		m = math.Min(math.Max(m, x0+w), x1-w)
		if !(x0 < m && m < x1) {
			m = x0 + (x1-x0)/2
		}
		if !(x0 < m && m < x1) {
			// No float lies between x0 and x1: the bracket cannot shrink.
			return x0, x1, StopSpacing, nil
		}
		fm, err := f(m)
		if err != nil {
			return x0, x1, "", err
		}
		if fm == 0 {
			return m, m, "", nil
		}
		if (fm > 0) == (f0 > 0) {
			x0, f0 = m, fm
			if side == -1 {
				f1 /= 2
			}
			side = -1
		} else {
			x1, f1 = m, fm
			if side == 1 {
				f0 /= 2
			}
			side = 1
		}
	}
	return x0, x1, "", nil
}
