package main

import (
	"context"
	"flag"
	"io"

	"ontrack/internal/job"
	"ontrack/internal/report"
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
	return analyse(ctx, "condition", conditionUsage, job.ConditionN, args, stdin, stdout, stderr, func(fs *flag.FlagSet) {
		fs.Var(&given, "given", "an observation: `EXPR` such as agi<2030 (repeatable)")
	}, func(env job.Env, req job.Request) (report.Report, error) {
		return job.Condition(ctx, env, job.ConditionRequest{Request: req, Given: given})
	})
}
