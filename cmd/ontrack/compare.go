package main

import (
	"context"
	"flag"
	"io"
	"strings"
	"sync/atomic"

	"ontrack/internal/analysis"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

const compareUsage = `Usage: ontrack compare [--only A,B] [--combine A+B]... [--preset NAME]... [-f FILE] [--set PATH=VALUE]... [-n N] [--seed S] [--format text|json|csv]

Evaluates the baseline and each of the scenario's interventions (levers
such as growing the field at 50% a year, hiring 1,000 FTEs, a pause at AGI)
on the same worlds. For each: P(on track), its change from the baseline
with the paired standard error (from per-world differences, which common
random numbers make small) beside the unpaired one (what separate runs
would give), the change in median lead, and, where the intervention has a
cost, the change in P(on track) per $1B a year, ranked. --combine A+B adds
a combination. Interventions are listed under interventions: in a scenario
file; the default has grow-50, hire-1000, pause-at-agi and trust-up.
`

func compareCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var only string
	var combine sets
	c, err := parseCommon("compare", compareUsage, 100_000, args, stdin, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&only, "only", "", "compare only these interventions: `A,B,...` (default: all)")
		fs.Var(&combine, "combine", "also compare a combination: `A+B` (repeatable)")
	})
	if err != nil {
		return err
	}
	s, err := c.scenario()
	if err != nil {
		return err
	}
	var onlyNames []string
	if only != "" {
		for n := range strings.SplitSeq(only, ",") {
			onlyNames = append(onlyNames, strings.TrimSpace(n))
		}
	}
	names, err := analysis.ArmNames(s, onlyNames, combine)
	if err != nil {
		return err
	}
	arms, scs, err := analysis.Arms(s, names)
	if err != nil {
		return err
	}
	if err := analysis.CheckCompare(c.mem, s, len(arms), c.n); err != nil {
		return err
	}
	base, err := scenario.Compile(s)
	if err != nil {
		return err
	}
	warnSlow(stderr, analysis.Estimate([]*scenario.Plan{base}, c.seed, float64(c.n)*float64(1+len(arms)), 0))
	var done atomic.Int64
	stop := showProgress(ctx, stderr, &done, int64(c.n))
	cmp, err := analysis.Compare(ctx, s, arms, scs, c.options(c.n, &done))
	stop()
	if err != nil {
		return err
	}
	return emit(stdout, stderr, c.format, report.NewCompare(cmp, s.Name))
}
