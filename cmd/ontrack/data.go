package main

import (
	"context"
	"io"
	"strings"

	"ontrack/internal/data"
	"ontrack/internal/report"
)

const dataUsage = `Usage: ontrack data [NAME] [--format text|csv|json]

Without NAME, lists the embedded data sets. With NAME, prints that set:
--format csv prints the file exactly as embedded (load it with
pandas.read_csv); every row names its source (a key of the sources set) and
its status: confirmed, secondary, derived, judgement or unknown.
`

func dataCmd(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var format string
	fs := newFlags("data", dataUsage, stderr, nil, 0)
	formatFlag(fs, &format, "text", "csv", "json")
	if err := parse(fs, reorder(args), stdout); err != nil {
		return err
	}
	if err := checkFormat(format, "text", "csv", "json"); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("data: give at most one data set name")
	}
	if fs.NArg() == 0 {
		sets, err := data.All()
		if err != nil {
			return err
		}
		return emit(stdout, stderr, format, report.NewDataList(sets))
	}
	s, err := data.Get(fs.Arg(0))
	if err != nil {
		return usagef("%v", err)
	}
	var fit *data.FieldFit
	if s.Name == "field" {
		if fit, err = data.Fit(); err != nil {
			return err
		}
	}
	return emit(stdout, stderr, format, report.NewData(s, fit))
}

// reorder moves flags ahead of positional arguments, so that
// "data field --format csv" works as people type it.
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(a, "-") && len(a) > 1:
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && !isBoolFlag(a) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			pos = append(pos, a)
		}
	}
	return append(flags, pos...)
}

func isBoolFlag(a string) bool {
	a = strings.TrimLeft(a, "-")
	return a == "h" || a == "help" || a == "run"
}
