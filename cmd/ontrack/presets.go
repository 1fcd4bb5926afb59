package main

import (
	"context"
	"io"

	"ontrack/internal/job"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

const presetsUsage = `Usage: ontrack presets [--run [-n N] [--seed S] [--format text|json|csv]]

Lists the embedded presets, one line each. Each is a small overlay on the
default that changes only what its view disagrees about; run one with
ontrack run --preset NAME, and see what it changes with ontrack run --preset
NAME -n 1. With --run, runs every preset on the same worlds and prints
P(on track) for each as a Markdown table (the one in README.md).
`

func presetsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c common
	fs := newFlags("presets", presetsUsage, stderr, nil, 0)
	runAll := fs.Bool("run", false, "run every preset and print a table of P(on track)")
	fs.IntVar(&c.n, "n", job.RunN, "number of worlds (with --run)")
	fs.Uint64Var(&c.seed, "seed", sim.DefaultSeed, "random seed (with --run)")
	fs.StringVar(&c.format, "format", "text", "output format: text, json or csv")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("presets: unexpected argument %q", fs.Arg(0))
	}
	if err := c.check(); err != nil {
		return err
	}
	ps := scenario.Presets()
	if !*runAll {
		return emit(stdout, stderr, c.format, report.NewPresetList(ps))
	}
	return withEnv(ctx, c, stderr, func(env job.Env) (report.Report, error) {
		return job.Presets(ctx, env, job.PresetsRequest{Request: job.Request{N: c.n, Seed: c.seed}})
	}, stdout)
}
