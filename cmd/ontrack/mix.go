package main

import (
	"context"
	"io"
	"strings"

	"ontrack/internal/analysis"
	"ontrack/internal/job"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
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
	req := job.MixRequest{Request: job.Request{Scenario: scenario.Request{Sets: c.sets}, N: c.n, Seed: c.seed}}
	for _, comp := range cs {
		mc := job.MixComponent{Name: comp.Name, Weight: comp.Weight}
		if isFile(comp.Name) {
			f, err := scenario.ReadArg(comp.Name, c.stdin)
			if err != nil {
				return err
			}
			mc.File = &f
		}
		req.Components = append(req.Components, mc)
	}
	return withEnv(ctx, c, stderr, func(env job.Env) (report.Report, error) {
		return job.Mix(ctx, env, req)
	}, stdout)
}
