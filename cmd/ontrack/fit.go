package main

import (
	"context"
	"io"

	"ontrack/internal/data"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

const fitUsage = `Usage: ontrack fit [--format text|json]

Recomputes the default scenario's field numbers from the embedded data: a
weighted log-linear fit of technical AI safety FTEs on the year (ontrack data
field), giving the growth rate, the field's size in 2026 and the effort so
far (the integral of the fitted curve up to 2026), each as a 90% interval;
and the difficulty classes on Olah's scale from the reference projects
(ontrack data projects). It says whether the embedded default matches.
`

func fitCmd(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var format string
	fs := newFlags("fit", fitUsage, stderr, nil, 0)
	formatFlag(fs, &format, "text", "json")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if err := checkFormat(format, "text", "json"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("fit: unexpected argument %q", fs.Arg(0))
	}
	f, err := data.Fit()
	if err != nil {
		return err
	}
	cs, err := data.Classes()
	if err != nil {
		return err
	}
	return emit(stdout, stderr, format, report.NewFit(f, cs, scenario.Default()))
}
