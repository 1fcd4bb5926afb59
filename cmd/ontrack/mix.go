package main

import (
	"context"
	"io"
	"strings"

	"ontrack/internal/analysis"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// isFile tells a scenario file from a preset name in --mix.
func isFile(name string) bool {
	return name == "-" || strings.ContainsAny(name, `/\`) || strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

func mixRun(ctx context.Context, c common, stdout, stderr io.Writer) error {
	if c.file != "" || len(c.presets) > 0 {
		return usagef("--mix takes its components itself: use NAME=W for a preset or FILE=W for a file, not -f or --preset")
	}
	cs, err := analysis.ParseMix(c.mix)
	if err != nil {
		return err
	}
	plans := make([]*scenario.Plan, len(cs))
	weights := make([]float64, len(cs))
	names := make([]string, len(cs))
	for k, comp := range cs {
		r := scenario.Request{Presets: []string{comp.Name}, Sets: c.sets}
		if isFile(comp.Name) {
			f, err := scenario.ReadArg(comp.Name, c.stdin)
			if err != nil {
				return err
			}
			r.Presets, r.Files = nil, []scenario.NamedText{f}
		}
		s, err := r.Build()
		if err != nil {
			return err
		}
		s.Name = comp.Name
		if plans[k], err = scenario.Compile(s); err != nil {
			return err
		}
		weights[k], names[k] = comp.Weight, comp.Name
	}
	rs, sums, err := runPlans(ctx, plans, c, sim.PoolBytes(len(plans)), stderr)
	if err != nil {
		return err
	}
	pool, err := sim.Pool(rs, weights)
	if err != nil {
		return err
	}
	return emit(stdout, stderr, c.format, report.NewMix(names, sums, &pool))
}
