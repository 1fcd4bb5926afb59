package main

import (
	"context"
	"flag"
	"io"
	"sync/atomic"

	"ontrack/internal/analysis"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
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
	var method string
	var boot, tornadoN int
	c, err := parseCommon("sensitivity", sensitivityUsage, 16_384, args, stdin, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&method, "method", "both", "tornado, sobol or both")
		fs.IntVar(&boot, "boot", 200, "bootstrap resamples for the Sobol intervals")
		fs.IntVar(&tornadoN, "tornado-n", 20_000, "worlds for the tornado")
	})
	if err != nil {
		return err
	}
	req, err := analysis.NewSensitivityRequest(method, c.n, tornadoN, boot)
	if err != nil {
		return err
	}
	s, pl, err := c.plan()
	if err != nil {
		return err
	}
	worlds, serial, err := analysis.CheckSensitivity(c.mem, pl, req)
	if err != nil {
		return err
	}
	warnSlow(stderr, analysis.Estimate([]*scenario.Plan{pl}, c.seed, worlds, serial))
	var tor *analysis.Tornado
	var sen *analysis.Sensitivity
	if req.Tornado {
		var done atomic.Int64
		stop := showProgress(ctx, stderr, &done, int64(tornadoN))
		tor, err = analysis.TornadoPlan(ctx, s, c.options(tornadoN, &done))
		stop()
		if err != nil {
			return err
		}
	}
	if req.Sobol {
		var done atomic.Int64
		stop := showProgress(ctx, stderr, &done, int64(c.n))
		sen, err = analysis.SobolPlan(ctx, pl, c.n, c.seed, boot, 0, &done)
		stop()
		if err != nil {
			return err
		}
	}
	return emit(stdout, stderr, c.format, report.NewSensitivity(s.Name, c.seed, tor, sen))
}
