package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

const presetsUsage = `Usage: ontrack presets [--run [-n N] [--seed S] [--format text|json|csv]]

Lists the embedded presets, one line each. Each is a small overlay on the
default that changes only what its view disagrees about; run one with
ontrack run --preset NAME, and see what it changes with ontrack run --preset
NAME -n 1. With --run, runs every preset on the same worlds and prints
P(on track) for each as a Markdown table (the one in README.md).
`

func presetsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c common
	fs := newFlags("presets", presetsUsage, stderr, nil, 0)
	runAll := fs.Bool("run", false, "run every preset and print a table of P(on track)")
	fs.IntVar(&c.n, "n", 100_000, "number of worlds (with --run)")
	fs.Uint64Var(&c.seed, "seed", sim.DefaultSeed, "random seed (with --run)")
	fs.StringVar(&c.format, "format", "text", "output format: text, json or csv")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("presets: unexpected argument %q", fs.Arg(0))
	}
	if err := c.check(); err != nil {
		return err
	}
	ps := scenario.Presets()
	if !*runAll {
		return listPresets(stdout, ps, c.format)
	}
	plans := make([]*scenario.Plan, len(ps))
	for k, p := range ps {
		s := scenario.Default()
		if err := s.ApplyPreset(p.Name); err != nil {
			return err
		}
		s.Name = p.Name
		var err error
		if plans[k], err = scenario.Compile(s); err != nil {
			return err
		}
	}
	_, sums, err := runPlans(ctx, plans, c, 0, stderr)
	if err != nil {
		return err
	}
	return writePresetTable(stdout, ps, sums, c)
}

// firstSentence shortens a description to its first sentence.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

func listPresets(w io.Writer, ps []scenario.Preset, format string) error {
	switch format {
	case "json":
		type pj struct {
			Name        string `json:"name"`
			Description string `json:"description"`
		}
		var out []pj
		for _, p := range ps {
			out = append(out, pj{p.Name, p.Description})
		}
		return writeJSON(w, out)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"name", "description"})
		for _, p := range ps {
			_ = cw.Write([]string{p.Name, p.Description})
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range ps {
		d := firstSentence(p.Description)
		if p.Name == scenario.DefaultPreset {
			d = "(the default) " + d
		}
		fmt.Fprintf(tw, "%s\t%s\n", p.Name, d)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\nRun one with ontrack run --preset NAME; presets compose, the later one winning.")
	return err
}

func writePresetTable(w io.Writer, ps []scenario.Preset, sums []sim.Summary, c common) error {
	switch c.format {
	case "json":
		type row struct {
			Name       string    `json:"name"`
			POnTrack   num       `json:"p_on_track"`
			POnTrackSE num       `json:"p_on_track_stderr"`
			Lead       quantJSON `json:"lead_years"`
			ASI        quantJSON `json:"asi_year"`
		}
		out := struct {
			Version string `json:"version"`
			Samples int    `json:"samples"`
			Seed    uint64 `json:"seed"`
			Presets []row  `json:"presets"`
		}{version, c.n, c.seed, nil}
		for k, s := range sums {
			out.Presets = append(out.Presets, row{ps[k].Name, num(s.Done.POnTrack), num(s.Done.POnTrackSE), qj(s.Done.Lead), qj(s.ASI)})
		}
		return writeJSON(w, out)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"preset", "p_on_track", "p_on_track_stderr", "lead_p50", "asi_p50"})
		for k, s := range sums {
			_ = cw.Write([]string{ps[k].Name, csvNum(s.Done.POnTrack), csvNum(s.Done.POnTrackSE), csvNum(s.Done.Lead.P50), csvNum(s.ASI.P50)})
		}
		cw.Flush()
		return cw.Error()
	}
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "| preset | P(on track) | median lead (years) | median ASI |\n|---|---|---|---|\n")
	for k, s := range sums {
		fmt.Fprintf(b, "| %s | %s | %.1f | %s |\n", ps[k].Name, prob(s.Done.POnTrack, s.Done.POnTrackSE), s.Done.Lead.P50, year(s.ASI.P50, s.Horizon))
	}
	fmt.Fprintf(b, "\n%d worlds, the same for every preset, seed %d (ontrack presets --run).\n", c.n, c.seed)
	return b.Flush()
}
