package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sync/atomic"

	"ontrack/internal/analysis"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
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
	if method != "both" && method != "tornado" && method != "sobol" {
		return usagef("--method %q: expected tornado, sobol or both", method)
	}
	if c.n < 64 {
		return usagef("-n %d: Sobol indices need at least 64 base samples (the default is 16,384)", c.n)
	}
	if boot < 10 || tornadoN < 1 {
		return usagef("--boot must be at least 10 and --tornado-n at least 1")
	}
	s, pl, err := c.plan()
	if err != nil {
		return err
	}
	// The tornado and the Sobol design run one after the other: each must
	// fit alone, and together they must not take too long.
	k := len(analysis.Factors(pl)) // the uncertain parameters and the chance events
	var worlds float64
	var serial float64
	if method != "sobol" {
		plans := 1 + 2*(k-1) // the baseline, and each parameter at its p10 and p90
		perWorld := float64(plans) * float64(sim.BytesPerWorld(len(s.Milestones)))
		if err := checkMemory(c.mem, "--tornado-n", tornadoN, "worlds", 0, perWorld); err != nil {
			return err
		}
		worlds += float64(tornadoN) * float64(plans)
	}
	if method != "tornado" {
		perN, perBoot := analysis.SobolBytes(k, 1, 0), analysis.SobolBytes(k, 0, 1)
		if err := checkMemory(c.mem, "-n", c.n, "base samples", 0, perN); err != nil {
			return err
		}
		if err := checkMemory(c.mem, "--boot", boot, "resamples", 0, perBoot); err != nil {
			return err
		}
		if err := checkMemory(c.mem, "-n", c.n, fmt.Sprintf("base samples with --boot %d", boot), float64(boot)*perBoot, perN); err != nil {
			return err
		}
		worlds += float64(c.n) * float64(k+2)
		// Two outputs, each resample over every base sample and factor.
		serial = 2 * float64(boot) * float64(c.n) * float64(k+1) * bootstrapRowTime
	}
	warnSlow(stderr, worlds, worldTime([]*scenario.Plan{pl}, c.seed), serial)
	var tor *analysis.Tornado
	var sen *analysis.Sensitivity
	if method != "sobol" {
		var done atomic.Int64
		stop := showProgress(ctx, stderr, &done, int64(tornadoN))
		tor, err = analysis.TornadoPlan(ctx, s, c.options(tornadoN, &done))
		stop()
		if err != nil {
			return err
		}
	}
	if method != "tornado" {
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
