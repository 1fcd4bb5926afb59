package main

import (
	"context"
	"io"

	"ontrack/internal/job"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

const presetsUsage = `Usage: ontrack presets [--run [-n N] [--seed S] [--format text|json|csv]]

Lists the embedded presets, one line each. Each is a small overlay on the
default that changes only what its view disagrees about; run one with
ontrack run --preset NAME, and see what it changes with ontrack run --preset
NAME -n 1. With --run, runs every preset on the same worlds and prints
P(on track) for each as a Markdown table (the one in README.md).
`

func presetsCmd(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c common
	fs := newFlags("presets", presetsUsage, stderr, nil, 0)
	runAll := fs.Bool("run", false, "run every preset and print a table of P(on track)")
	worldFlags(fs, &c, job.RunN, " (with --run)")
	if err := parseNone(fs, args, stdout, ""); err != nil {
		return err
	}
	if err := c.check(); err != nil {
		return err
	}
	if !*runAll {
		return emit(stdout, stderr, c.format, report.NewPresetList(scenario.Presets()))
	}
	return withEnv(ctx, c, stderr, func(env job.Env) (report.Report, error) {
		return job.Presets(ctx, env, job.PresetsRequest{Request: job.Request{N: c.n, Seed: c.seed}})
	}, stdout)
}
