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
	"ontrack/internal/scenario"
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
	// The baseline and every arm on the same worlds, and a median's scratch.
	perWorld := float64(1+len(arms))*float64(sim.BytesPerWorld(len(s.Milestones))) + 10
	if err := checkMemory(c.mem, "-n", c.n, "worlds", 0, perWorld); err != nil {
		return err
	}
	base, err := scenario.Compile(s)
	if err != nil {
		return err
	}
	warnSlow(stderr, float64(c.n)*float64(1+len(arms)), worldTime([]*scenario.Plan{base}, c.seed), 0)
	var done atomic.Int64
	stop := showProgress(ctx, stderr, &done, int64(c.n))
	cmp, err := analysis.Compare(ctx, s, arms, scs, c.options(c.n, &done))
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
	ExtraFTEYears   num    `json:"extra_fte_years"`
	FixedPerYear    num    `json:"fixed_cost_per_year"`
	Cost            num    `json:"cost"`
	CostSource      string `json:"cost_source,omitempty"`
	PerBillion      num    `json:"delta_p_per_billion"`
	PerBillionSE    num    `json:"delta_p_per_billion_stderr"`
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
		FTEYear    num       `json:"fte_year_cost"`
		Arms       []armJSON `json:"interventions"`
		Ranked     []string  `json:"ranked_by_value"`
	}{Version: version, Scenario: scenario, Samples: c.N, Seed: c.Seed, POnTrack: num(c.POnTrack), POnTrackSE: num(c.POnTrackSE), LeadMedian: num(c.LeadMedian), FTEYear: num(c.FTEYearCost), Ranked: []string{}}
	for _, a := range c.Arms {
		out.Arms = append(out.Arms, armJSON{a.Name, a.Description, num(a.POnTrack), num(a.POnTrackSE), num(a.Delta), num(a.PairedSE), num(a.UnpairedSE),
			num(a.LeadMedian), num(a.DeltaLeadMedian), num(a.ExtraFTEYears), num(a.Fixed), num(a.Cost), a.CostSource, num(a.PerBillion), num(a.PerBillionSE)})
	}
	for _, a := range c.Ranked() {
		out.Ranked = append(out.Ranked, a.Name)
	}
	return out
}

func writeCompareCSV(w io.Writer, c *analysis.Comparison) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"intervention", "p_on_track", "p_on_track_stderr", "delta_p", "delta_p_paired_stderr", "delta_p_unpaired_stderr", "lead_median", "delta_lead_median", "extra_fte_years", "fixed_cost_per_year", "cost", "delta_p_per_billion", "delta_p_per_billion_stderr"})
	_ = cw.Write([]string{"baseline", csvNum(c.POnTrack), csvNum(c.POnTrackSE), "0", "0", "0", csvNum(c.LeadMedian), "0", "0", "0", "0", "", ""})
	for _, a := range c.Arms {
		_ = cw.Write([]string{a.Name, csvNum(a.POnTrack), csvNum(a.POnTrackSE), csvNum(a.Delta), csvNum(a.PairedSE), csvNum(a.UnpairedSE), csvNum(a.LeadMedian), csvNum(a.DeltaLeadMedian), csvNum(a.ExtraFTEYears), csvNum(a.Fixed), csvNum(a.Cost), csvNum(a.PerBillion), csvNum(a.PerBillionSE)})
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
	case x >= 1e3:
		return "$" + strconv.FormatFloat(x/1e3, 'g', 3, 64) + "k"
	}
	return "$" + strconv.FormatFloat(x, 'g', 3, 64)
}

func writeCompareText(w io.Writer, c *analysis.Comparison, scenario string) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "ontrack %s · compare · scenario %s · %d worlds, the same for every row · seed %d\n\n", version, scenario, c.N, c.Seed)
	fmt.Fprintf(b, "%-16s %15s %8s %8s %8s %7s %9s %9s %17s\n", "", "P(on track)", "change", "paired", "unpaired", "Δ lead", "extra", "cost", "ΔP per $1B")
	fmt.Fprintf(b, "%-16s %15s %8s %8s %8s %7s %9s %9s %17s\n", "", "", "", "SE", "SE", "median", "FTE-years", "(mean)", "± SE")
	fmt.Fprintf(b, "%-16s %15s\n", "baseline", prob(c.POnTrack, c.POnTrackSE))
	for _, a := range c.Arms {
		per := "-"
		if !math.IsNaN(a.PerBillion) {
			per = fmt.Sprintf("%+.5f ± %.5f", a.PerBillion, a.PerBillionSE)
		}
		fmt.Fprintf(b, "%-16s %15s %+8.4f %8.4f %8.4f %+7.1f %9.0f %9s %17s\n", a.Name, prob(a.POnTrack, a.POnTrackSE), a.Delta, a.PairedSE, a.UnpairedSE, a.DeltaLeadMedian, a.ExtraFTEYears, dollars(a.Cost), per)
	}
	fmt.Fprintf(b, "\nThe baseline's median lead is %.1f years. Paired SEs come from per-world differences on\nthe same worlds; unpaired ones are what separate runs of this size would give. Cost is\nthe extra FTE-years to the baseline's deadline at %s each, plus any fixed cost a year\nover the same years, averaged over worlds (MODEL.md §16).\n", c.LeadMedian, dollars(c.FTEYearCost))
	if r := c.Ranked(); len(r) > 0 {
		fmt.Fprintf(b, "\nRanked by change in P(on track) per $1B spent:\n")
		for i, a := range r {
			src := ""
			if a.CostSource != "" {
				src = "; " + a.CostSource
			}
			fmt.Fprintf(b, "  %d. %-16s %+.5f ± %.5f  (%s in all%s)\n", i+1, a.Name, a.PerBillion, a.PerBillionSE, dollars(a.Cost), src)
		}
	}
	fmt.Fprintf(b, "\nWhat each does:\n")
	for _, a := range c.Arms {
		fmt.Fprintf(b, "  %-20s %s\n", a.Name, a.Description)
	}
	return b.Flush()
}
