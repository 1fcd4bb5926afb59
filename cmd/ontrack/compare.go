package main

import (
	"context"
	"flag"
	"io"
	"strings"

	"ontrack/internal/job"
	"ontrack/internal/report"
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
	return analyse(ctx, "compare", compareUsage, job.CompareN, args, stdin, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&only, "only", "", "compare only these interventions: `A,B,...` (default: all)")
		fs.Var(&combine, "combine", "also compare a combination: `A+B` (repeatable)")
	}, func(env job.Env, req job.Request) (report.Report, error) {
		r := job.CompareRequest{Request: req, Combine: combine}
		if only != "" {
			for n := range strings.SplitSeq(only, ",") {
				r.Only = append(r.Only, strings.TrimSpace(n))
			}
		}
		return job.Compare(ctx, env, r)
	})
}
