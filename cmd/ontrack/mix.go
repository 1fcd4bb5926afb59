package main

import (
	"context"
	"io"
	"math"
	"strconv"
	"strings"

	"ontrack/internal/report"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// component is one worldview in a --mix: a preset or a scenario file.
type component struct {
	name   string
	weight float64
}

// parseMix reads NAME=W,NAME=W,... where each name is a preset or a file.
func parseMix(s string) ([]component, error) {
	var cs []component
	seen := map[string]bool{}
	for part := range strings.SplitSeq(s, ",") {
		name, ws, ok := strings.Cut(strings.TrimSpace(part), "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, usagef("--mix %q: expected NAME=WEIGHT,NAME=WEIGHT,... (a name is a preset or a scenario file)", s)
		}
		w, err := strconv.ParseFloat(strings.TrimSpace(ws), 64)
		if err != nil || !(w > 0) || math.IsInf(w, 0) {
			return nil, usagef("--mix %s: the weight %q must be a positive number", name, ws)
		}
		if seen[name] {
			return nil, usagef("--mix: %s appears twice", name)
		}
		seen[name] = true
		cs = append(cs, component{name, w})
	}
	if len(cs) < 2 {
		return nil, usagef("--mix %q: a mixture needs at least two components", s)
	}
	return cs, nil
}

// isFile tells a scenario file from a preset name in --mix.
func isFile(name string) bool {
	return name == "-" || strings.ContainsAny(name, `/\`) || strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

func mixRun(ctx context.Context, c common, stdout, stderr io.Writer) error {
	if c.file != "" || len(c.presets) > 0 {
		return usagef("--mix takes its components itself: use NAME=W for a preset or FILE=W for a file, not -f or --preset")
	}
	cs, err := parseMix(c.mix)
	if err != nil {
		return err
	}
	plans := make([]*scenario.Plan, len(cs))
	weights := make([]float64, len(cs))
	for k, comp := range cs {
		s := scenario.Default()
		if isFile(comp.name) {
			err = overlayFile(s, comp.name, c.stdin)
		} else {
			err = s.ApplyPreset(comp.name)
		}
		if err != nil {
			return err
		}
		s.Name = comp.name
		if err := c.applySets(s, nil); err != nil {
			return err
		}
		if plans[k], err = scenario.Compile(s); err != nil {
			return err
		}
		weights[k] = comp.weight
	}
	rs, sums, err := runPlans(ctx, plans, c, sim.PoolBytes(len(plans)), stderr)
	if err != nil {
		return err
	}
	pool, err := sim.Pool(rs, weights)
	if err != nil {
		return err
	}
	names := make([]string, len(cs))
	for k, comp := range cs {
		names[k] = comp.name
	}
	return emit(stdout, stderr, c.format, report.NewMix(names, sums, &pool))
}
