package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
)

const paramsUsage = `Usage: ontrack params [--format text|csv]

Lists every parameter path a scenario or --set may use, with its default in
the embedded scenario, unit, allowed range, meaning and source.
`

func paramsCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("params", paramsUsage, stderr, nil, 0)
	format := fs.String("format", "text", "output format: text or csv")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	if *format != "text" && *format != "csv" {
		return usagef("--format %q: expected text or csv", *format)
	}
	s := scenario.Default()
	rows := [][]string{{"path", "default", "unit", "range", "meaning", "source"}}
	for i := range model.Fields {
		f := &model.Fields[i]
		def := "(unset)"
		if sp, ok := s.Params[f.Path]; ok {
			def = sp.Text
		}
		rows = append(rows, []string{f.Path, def, f.Unit, scenario.RangeText(f), f.Meaning, s.Sources[f.Path]})
	}
	rows = append(rows,
		[]string{"deadline", s.DeadlineAt.String(), "", "agi|asi", "which arrival done must beat", "setting"},
		[]string{"pause.at_agi", strconv.FormatBool(s.PauseAtAGI), "", "true|false", "the lever pause starts at AGI instead of pause.start", "setting"},
	)
	if *format == "csv" {
		cw := csv.NewWriter(stdout)
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3], r[4])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nSources: ontrack params --format csv; MODEL.md explains each.")
	fmt.Fprintln(stdout, "Milestones and correlations are set in scenario files; see MODEL.md.")
	return nil
}
