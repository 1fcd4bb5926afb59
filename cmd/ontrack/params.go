package main

import (
	"io"

	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

const paramsUsage = `Usage: ontrack params [--format text|json|csv]

Lists every parameter path a scenario or --set may use, with its default in
the embedded scenario, unit, allowed range, meaning and source.
`

func paramsCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("params", paramsUsage, stderr, nil, 0)
	format := fs.String("format", "text", "output format: text, json or csv")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	switch *format {
	case "text", "json", "csv":
	default:
		return usagef("--format %q: expected text, json or csv", *format)
	}
	return emit(stdout, stderr, *format, report.NewParams(scenario.Default()))
}
