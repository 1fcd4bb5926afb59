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

const conditionUsage = `Usage: ontrack condition --given EXPR [--given EXPR]... [--preset NAME]... [-f FILE] [--set PATH=VALUE]... [-n N] [--seed S] [--format text|json|csv]

P(on track) given an observation, and given its opposite: what watching it
would teach. EXPR is PATH OP VALUE, several joined by commas (all must
hold), where PATH is a parameter path or an outcome: agi, asi, done,
deadline, near_miss (years; inf if none), paused, near_pause, sabotaged (1
or 0). For example:

    ontrack condition --given 'agi<2030' --given 'field.growth>=30%'

Worlds are split by the observation (filtering), so the number of worlds
behind each figure is its effective sample; figures on fewer than 1,000
worlds are flagged. The expected shift is how far, on average, seeing
whether the observation holds would move P(on track).
`

func conditionCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var given sets
	c, err := parseCommon("condition", conditionUsage, 100_000, args, stdin, stdout, stderr, func(fs *flag.FlagSet) {
		fs.Var(&given, "given", "an observation: `EXPR` such as agi<2030 (repeatable)")
	})
	if err != nil {
		return err
	}
	obs, err := analysis.ParseObservations(given)
	if err != nil {
		return err
	}
	s, pl, err := c.plan()
	if err != nil {
		return err
	}
	// Worlds are tallied as they finish: the memory does not grow with -n.
	warnSlow(stderr, analysis.Estimate([]*scenario.Plan{pl}, c.seed, float64(c.n), 0))
	var done atomic.Int64
	stop := showProgress(ctx, stderr, &done, int64(c.n))
	res, err := analysis.Condition(ctx, pl, obs, c.options(c.n, &done))
	stop()
	if err != nil {
		return err
	}
	return emit(stdout, stderr, c.format, report.NewCondition(res, s.Name))
}
