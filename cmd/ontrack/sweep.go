package main

import (
	"context"
	"io"

	"ontrack/internal/job"
	"ontrack/internal/report"
)

const sweepUsage = `Usage: ontrack sweep --set PATH=A..B:STEPS [--set PATH2=A..B:STEPS] [flags]

Runs the scenario on a grid of one or two parameters, STEPS evenly spaced
values from A to B each (e.g. --set field.growth=10%..60%:6), and prints
P(on track) in each cell. Every cell uses the same worlds (common random
numbers), so differences between cells are not Monte Carlo noise.
Other --set flags override parameters as in 'ontrack run'.
`

func sweepCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return analyse(ctx, "sweep", sweepUsage, job.SweepN, args, stdin, stdout, stderr, nil, func(env job.Env, req job.Request) (report.Report, error) {
		return job.Sweep(ctx, env, job.SweepRequest{Request: req})
	})
}
