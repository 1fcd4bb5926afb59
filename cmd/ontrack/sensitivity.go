package main

import (
	"context"
	"flag"
	"io"

	"ontrack/internal/job"
	"ontrack/internal/report"
)

const sensitivityUsage = `Usage: ontrack sensitivity [--method both|tornado|sobol] [--preset NAME]... [-f FILE] [--set PATH=VALUE]... [-n N] [--tornado-n N] [--boot B] [--seed S] [--format text|json|csv]

Which beliefs drive the answer. The tornado holds each uncertain parameter
at its 10th and then its 90th percentile while everything else varies, on
the same worlds, and sorts the parameters by how far P(on track) swings.
The Sobol indices split the variance of being on track, and of the lead,
among the uncertain parameters (and the chance events as one group): the
first-order index is the share a parameter explains alone, the total index
the share it has any part in. -n is the number of base samples N; the
design runs N (K + 2) worlds for K factors; the default N = 16,384 keeps
every interval on the default scenario narrower than 0.1. Intervals are
95% bootstrap percentiles; a warning says when the sample is too small.
`

func sensitivityCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var r job.SensitivityRequest
	return analyse(ctx, "sensitivity", sensitivityUsage, job.SensitivityN, args, stdin, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&r.Method, "method", "both", "tornado, sobol or both")
		fs.IntVar(&r.Boot, "boot", job.SensitivityBoot, "bootstrap resamples for the Sobol intervals")
		fs.IntVar(&r.TornadoN, "tornado-n", job.SensitivityTornadoN, "worlds for the tornado")
	}, func(env job.Env, req job.Request) (report.Report, error) {
		r.Request = req
		return job.Sensitivity(ctx, env, r)
	})
}
