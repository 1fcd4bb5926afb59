package main

import (
	"context"
	"flag"
	"io"

	"ontrack/internal/analysis"
	"ontrack/internal/job"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

const explainUsage = `Usage: ontrack explain --from VIEW --to VIEW [-n N] [--seed S] [--group param|section] [--format text|json|csv]
       ontrack explain [--from-preset NAME]... [--from-file FILE]... [--from-set PATH=VALUE]...
                       [--to-preset NAME]...   [--to-file FILE]...   [--to-set PATH=VALUE]... [flags]

Says why two views disagree: how much of the difference in P(on track),
and in the median lead, comes from each parameter (or, with --group
section, each section: field, research, difficulty, ai, timelines, ...)
that differs between them. Each part's share is its Shapley value: its
effect averaged over every order in which the differences could be
switched on, all on the same worlds, so the shares add up exactly to the
difference between the two views' own runs. Each share has its Monte Carlo
standard error; "alone" is the part switched by itself, and the
interaction is what the parts do together and not apart (MODEL.md §20).

Each view is built as run builds a scenario: presets over the default in
order, then files, then overrides. --from NAME and --to NAME are shorthand:
a NAME with a / or ending in .yaml or .yml is a file (- reads standard
input), anything else a preset. A side given nothing is the default.
Every combination of up to 12 parts runs on N worlds; above 12 they are
sampled.
`

// explainCmd is ontrack explain.
func explainCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := common{stdin: stdin}
	var from, to side
	var group string
	fs := newFlags("explain", explainUsage, stderr, nil, 0)
	worldFlags(fs, &c, job.ExplainN, "")
	fs.StringVar(&group, "group", "param", "cut the differences into parts by `param` (each parameter) or section")
	from.flags(fs, "from", "first")
	to.flags(fs, "to", "second")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("explain: unexpected argument %q (the views go after --from and --to)", fs.Arg(0))
	}
	if err := c.check(); err != nil {
		return err
	}
	if _, err := analysis.ParseGroup(group); err != nil {
		return err
	}
	if from.readsStdin() && to.readsStdin() {
		return usagef("explain: only one view can read standard input (-)")
	}
	fr, err := from.request(stdin)
	if err != nil {
		return err
	}
	tr, err := to.request(stdin)
	if err != nil {
		return err
	}
	req := job.ExplainRequest{Request: job.Request{N: c.n, Seed: c.seed}, From: fr, To: tr, Group: group}

	return withEnv(ctx, c, stderr, func(env job.Env) (report.Report, error) { return job.Explain(ctx, env, req) }, stdout)
}

// side is one view's flags.
type side struct {
	views, presets, files, sets sets
}

func (s *side) flags(fs *flag.FlagSet, name, which string) {
	fs.Var(&s.views, name, "the "+which+" view: a preset `NAME`, or a scenario file (a name with / or ending in .yaml); repeatable")
	fs.Var(&s.presets, name+"-preset", "lay the preset `NAME` over the default for the "+which+" view (repeatable)")
	fs.Var(&s.files, name+"-file", "lay the scenario `FILE` over the "+which+" view (repeatable; - reads standard input)")
	fs.Var(&s.sets, name+"-set", "override a parameter of the "+which+" view: `PATH=VALUE` (repeatable)")
}

func (s *side) readsStdin() bool {
	for _, f := range append(append(sets{}, s.views...), s.files...) {
		if f == "-" {
			return true
		}
	}
	return false
}

// request is the view the flags ask for: the presets (from --X NAME, then
// --X-preset) in order, then the files, then the overrides.
func (s *side) request(stdin io.Reader) (scenario.Request, error) {
	r := scenario.Request{Sets: s.sets}
	var files []string
	for _, v := range s.views {
		if isFile(v) { // as --mix tells them apart
			files = append(files, v)
		} else {
			r.Presets = append(r.Presets, v)
		}
	}
	r.Presets = append(r.Presets, s.presets...)
	for _, name := range append(files, s.files...) {
		f, err := scenario.ReadArg(name, stdin)
		if err != nil {
			return r, err
		}
		r.Files = append(r.Files, f)
	}
	return r, nil
}
