package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"ontrack/internal/dist"
	"ontrack/internal/fault"
	"ontrack/internal/scenario"
)

// Axis is one swept parameter and the values it takes.
type Axis struct {
	Path   string
	Values []float64
}

// ParseAxis reads PATH=A..B:STEPS, STEPS evenly spaced values from A to B
// (from 2 to 1,000 of them); ok is false if kv is not of that form, and
// err says what is wrong with one that is.
func ParseAxis(kv string) (ax Axis, ok bool, err error) {
	path, val, found := strings.Cut(kv, "=")
	if !found || !strings.Contains(val, "..") {
		return Axis{}, false, nil
	}
	bad := func(msg string) (Axis, bool, error) {
		return Axis{}, true, fmt.Errorf("--set %s: %s (expected PATH=A..B:STEPS, e.g. field.growth=10%%..60%%:6)", kv, msg)
	}
	rng, stepsText, ok := strings.Cut(val, ":")
	if !ok {
		return bad("no :STEPS")
	}
	steps, err := strconv.Atoi(strings.TrimSpace(stepsText))
	if err != nil || steps < 2 || steps > 1000 {
		return bad("STEPS must be a whole number from 2 to 1000")
	}
	aText, bText, _ := strings.Cut(rng, "..")
	var ends [2]float64
	for i, t := range []string{aText, bText} {
		d, err := dist.Parse(t)
		pt, isPt := d.(dist.Point)
		if err != nil || !isPt {
			return bad(fmt.Sprintf("%s is not a number", dist.Quote(strings.TrimSpace(t))))
		}
		if math.IsInf(pt.V, 0) {
			return bad(fmt.Sprintf("the end %s is infinite; a sweep runs between finite numbers", dist.Quote(strings.TrimSpace(t))))
		}
		ends[i] = pt.V
	}
	ax = Axis{Path: strings.TrimSpace(path)}
	for i := range steps {
		// a(1-t) + b t, not a + (b-a)t: b-a overflows for ends near ±1e308.
		t := float64(i) / float64(steps-1)
		ax.Values = append(ax.Values, ends[0]*(1-t)+ends[1]*t)
	}
	return ax, true, nil
}

// Axes splits a sweep's overrides into its axes, each PATH=A..B:STEPS
// (one or two of them), and the other overrides, which set the base
// scenario. Its errors are invalid input.
func Axes(sets []string) (axes []Axis, rest []string, err error) {
	for _, kv := range sets {
		ax, ok, err := ParseAxis(kv)
		if err != nil {
			return nil, nil, fault.Errorf(fault.Invalid, "%w", err)
		}
		if ok {
			axes = append(axes, ax)
		} else {
			rest = append(rest, kv)
		}
	}
	if len(axes) == 0 || len(axes) > 2 {
		return nil, nil, fault.Errorf(fault.Invalid, "sweep: give one or two --set PATH=A..B:STEPS, got %d", len(axes))
	}
	return axes, rest, nil
}

// Grid returns every point of the axes' grid, the first axis slowest.
func Grid(axes []Axis) [][]float64 {
	grid := [][]float64{{}}
	for _, ax := range axes {
		var next [][]float64
		for _, p := range grid {
			for _, v := range ax.Values {
				next = append(next, append(append([]float64{}, p...), v))
			}
		}
		grid = next
	}
	return grid
}

// SweepPlans compiles base with the axes' parameters set to each point of
// grid, so that a bad value fails before any world runs.
func SweepPlans(base *scenario.Scenario, axes []Axis, grid [][]float64) ([]*scenario.Plan, error) {
	plans := make([]*scenario.Plan, len(grid))
	for i, vals := range grid {
		s := base.Clone()
		for j, ax := range axes {
			text := strconv.FormatFloat(vals[j], 'g', -1, 64)
			if err := s.Set(ax.Path, text, "--set "+ax.Path+" (sweep)"); err != nil {
				return nil, err
			}
		}
		var err error
		if plans[i], err = scenario.Compile(s); err != nil {
			return nil, err
		}
	}
	return plans, nil
}
