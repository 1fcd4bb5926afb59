package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync/atomic"

	"ontrack/internal/analysis"
	"ontrack/internal/sim"
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
	s, err := c.scenario(nil)
	if err != nil {
		return err
	}
	var names []string
	if only != "" {
		for n := range strings.SplitSeq(only, ",") {
			names = append(names, strings.TrimSpace(n))
		}
	} else {
		for _, iv := range s.Interventions {
			names = append(names, iv.Name)
		}
	}
	names = append(names, combine...)
	if len(names) == 0 {
		return usagef("compare: the scenario has no interventions; add some under interventions: in a file (see ontrack compare -h)")
	}
	arms, scs, err := analysis.Arms(s, names)
	if err != nil {
		return err
	}
	var done atomic.Int64
	stop := showProgress(ctx, stderr, &done, int64(c.n))
	cmp, err := analysis.Compare(ctx, s, arms, scs, sim.Options{N: c.n, Seed: c.seed, Progress: &done})
	stop()
	if err != nil {
		return err
	}
	switch c.format {
	case "json":
		return writeJSON(stdout, compareJSON(cmp, s.Name))
	case "csv":
		return writeCompareCSV(stdout, cmp)
	}
	return writeCompareText(stdout, cmp, s.Name)
}

type armJSON struct {
	Name            string `json:"name"`
	Description     string `json:"description"`
	POnTrack        num    `json:"p_on_track"`
	POnTrackSE      num    `json:"p_on_track_stderr"`
	Delta           num    `json:"delta_p"`
	PairedSE        num    `json:"delta_p_paired_stderr"`
	UnpairedSE      num    `json:"delta_p_unpaired_stderr"`
	LeadMedian      num    `json:"lead_median"`
	DeltaLeadMedian num    `json:"delta_lead_median"`
	Cost            num    `json:"cost_per_year"`
	CostSource      string `json:"cost_source,omitempty"`
	PerBillion      num    `json:"delta_p_per_billion_per_year"`
}

func compareJSON(c *analysis.Comparison, scenario string) any {
	out := struct {
		Version    string    `json:"version"`
		Scenario   string    `json:"scenario"`
		Samples    int       `json:"samples"`
		Seed       uint64    `json:"seed"`
		POnTrack   num       `json:"baseline_p_on_track"`
		POnTrackSE num       `json:"baseline_p_on_track_stderr"`
		LeadMedian num       `json:"baseline_lead_median"`
		Arms       []armJSON `json:"interventions"`
		Ranked     []string  `json:"ranked_by_value"`
	}{Version: version, Scenario: scenario, Samples: c.N, Seed: c.Seed, POnTrack: num(c.POnTrack), POnTrackSE: num(c.POnTrackSE), LeadMedian: num(c.LeadMedian), Ranked: []string{}}
	for _, a := range c.Arms {
		out.Arms = append(out.Arms, armJSON{a.Name, a.Description, num(a.POnTrack), num(a.POnTrackSE), num(a.Delta), num(a.PairedSE), num(a.UnpairedSE),
			num(a.LeadMedian), num(a.DeltaLeadMedian), num(a.Cost), a.CostSource, num(a.PerBillion)})
	}
	for _, a := range c.Ranked() {
		out.Ranked = append(out.Ranked, a.Name)
	}
	return out
}

func writeCompareCSV(w io.Writer, c *analysis.Comparison) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"intervention", "p_on_track", "p_on_track_stderr", "delta_p", "delta_p_paired_stderr", "delta_p_unpaired_stderr", "lead_median", "delta_lead_median", "cost_per_year", "delta_p_per_billion_per_year"})
	_ = cw.Write([]string{"baseline", csvNum(c.POnTrack), csvNum(c.POnTrackSE), "0", "0", "0", csvNum(c.LeadMedian), "0", "", ""})
	for _, a := range c.Arms {
		_ = cw.Write([]string{a.Name, csvNum(a.POnTrack), csvNum(a.POnTrackSE), csvNum(a.Delta), csvNum(a.PairedSE), csvNum(a.UnpairedSE), csvNum(a.LeadMedian), csvNum(a.DeltaLeadMedian), csvNum(a.Cost), csvNum(a.PerBillion)})
	}
	cw.Flush()
	return cw.Error()
}

// dollars writes an amount as $300M or $2.4B.
func dollars(x float64) string {
	switch {
	case math.IsNaN(x):
		return "-"
	case x >= 1e9:
		return "$" + strconv.FormatFloat(x/1e9, 'g', 3, 64) + "B"
	case x >= 1e6:
		return "$" + strconv.FormatFloat(x/1e6, 'g', 3, 64) + "M"
	}
	return "$" + strconv.FormatFloat(x, 'g', 3, 64)
}

func writeCompareText(w io.Writer, c *analysis.Comparison, scenario string) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "ontrack %s · compare · scenario %s · %d worlds, the same for every row · seed %d\n\n", version, scenario, c.N, c.Seed)
	fmt.Fprintf(b, "%-22s %15s %8s %9s %9s %8s %9s %12s\n", "", "P(on track)", "change", "paired", "unpaired", "Δ lead", "cost", "ΔP per")
	fmt.Fprintf(b, "%-22s %15s %8s %9s %9s %8s %9s %12s\n", "", "", "", "SE", "SE", "median", "a year", "$1B a year")
	fmt.Fprintf(b, "%-22s %15s %8s %9s %9s %8s %9s %12s\n", "baseline", prob(c.POnTrack, c.POnTrackSE), "", "", "", "", "", "")
	for _, a := range c.Arms {
		per := "-"
		if !math.IsNaN(a.PerBillion) {
			per = fmt.Sprintf("%+.4f", a.PerBillion)
		}
		fmt.Fprintf(b, "%-22s %15s %+8.4f %9.4f %9.4f %+8.1f %9s %12s\n", a.Name, prob(a.POnTrack, a.POnTrackSE), a.Delta, a.PairedSE, a.UnpairedSE, a.DeltaLeadMedian, dollars(a.Cost), per)
	}
	fmt.Fprintf(b, "\nThe baseline's median lead is %.1f years. Paired SEs come from per-world differences on\nthe same worlds; unpaired ones are what separate runs of this size would give.\n", c.LeadMedian)
	if r := c.Ranked(); len(r) > 0 {
		fmt.Fprintf(b, "\nRanked by change in P(on track) per $1B a year:\n")
		for i, a := range r {
			fmt.Fprintf(b, "  %d. %-20s %+.4f  (%s a year: %s)\n", i+1, a.Name, a.PerBillion, dollars(a.Cost), a.CostSource)
		}
	}
	fmt.Fprintf(b, "\nWhat each does:\n")
	for _, a := range c.Arms {
		fmt.Fprintf(b, "  %-20s %s\n", a.Name, a.Description)
	}
	return b.Flush()
}
