package main

import (
	"context"
	"io"

	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

const paramsUsage = `Usage: ontrack params [--format text|json|csv]

Lists every parameter path a scenario or --set may use, with its default in
the embedded scenario, unit, allowed range, meaning and source.
`

func paramsCmd(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var format string
	fs := newFlags("params", paramsUsage, stderr, nil, 0)
	formatFlag(fs, &format, "text", "json", "csv")
	if err := parseNone(fs, args, stdout, ""); err != nil {
		return err
	}
	if err := checkFormat(format, "text", "json", "csv"); err != nil {
		return err
	}
	return emit(stdout, stderr, format, report.NewParams(scenario.Default()))
}
