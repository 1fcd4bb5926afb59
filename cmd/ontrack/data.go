package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"ontrack/internal/data"
)

const dataUsage = `Usage: ontrack data [NAME] [--format text|csv|json]

Without NAME, lists the embedded data sets. With NAME, prints that set:
--format csv prints the file exactly as embedded (load it with
pandas.read_csv); every row names its source (a key of the sources set) and
its status: confirmed, secondary, derived, judgement or unknown.
`

func dataCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("data", dataUsage, stderr, nil, 0)
	format := fs.String("format", "text", "output format: text, csv or json")
	if err := parse(fs, reorder(args), stdout); err != nil {
		return err
	}
	switch *format {
	case "text", "csv", "json":
	default:
		return usagef("--format %q: expected text, csv or json", *format)
	}
	if fs.NArg() > 1 {
		return usagef("data: give at most one data set name")
	}
	if fs.NArg() == 0 {
		sets, err := data.All()
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "name\trows\tcontents\n")
		for _, s := range sets {
			fmt.Fprintf(tw, "%s\t%d\t%s\n", s.Name, len(s.Rows), s.About)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err = fmt.Fprintln(stdout, "\nPrint one with ontrack data NAME --format csv; ontrack fit derives the defaults from them.")
		return err
	}
	s, err := data.Get(fs.Arg(0))
	if err != nil {
		return usagef("%v", err)
	}
	switch *format {
	case "csv":
		_, err = stdout.Write(s.Raw)
		return err
	case "json":
		rows := make([]map[string]string, len(s.Rows))
		for i, r := range s.Rows {
			rows[i] = map[string]string{}
			for j, h := range s.Header {
				rows[i][h] = r[j]
			}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(s.Header, "\t"))
	for _, r := range s.Rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if s.Name == "field" {
		f, err := data.Fit()
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "\nFitted growth of technical FTEs (ontrack fit): %.1f%% a year, 90%% interval %s.\n", 100*f.Growth.Mid, f.GrowthText())
		return err
	}
	return nil
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
