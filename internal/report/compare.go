package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"ontrack/internal/chart"

	"ontrack/internal/analysis"
)

// Compare is `ontrack compare`: the baseline (p_on_track, lead_years) and
// each lever on the same worlds.
type Compare struct {
	Header
	POnTrack    Num      `json:"p_on_track"`
	POnTrackSE  Num      `json:"p_on_track_stderr"`
	LeadYears   Median   `json:"lead_years"`
	FTEYearCost Num      `json:"fte_year_cost"`
	Arms        []Arm    `json:"interventions"`
	Ranked      []string `json:"ranked_by_value"` // arms with a cost, best value first

	chart func() []byte // draws Chart from the comparison itself
}

// Chart is the levers' bars with their paired intervals (chart.Levers).
// It is nil for a report read back from JSON.
func (r *Compare) Chart() []byte {
	if r.chart == nil {
		return nil
	}
	return r.chart()
}

// Arm is one lever, or a combination, against the baseline.
type Arm struct {
	Name                 string `json:"name"`
	Description          string `json:"description"`
	POnTrack             Num    `json:"p_on_track"`
	POnTrackSE           Num    `json:"p_on_track_stderr"`
	Delta                Num    `json:"delta_p_on_track"`
	PairedSE             Num    `json:"delta_p_on_track_paired_stderr"`
	UnpairedSE           Num    `json:"delta_p_on_track_unpaired_stderr"`
	LeadYears            Median `json:"lead_years"`
	DeltaLeadYearsMedian Num    `json:"delta_lead_years_p50"` // the change in lead_years.p50
	ExtraFTEYears        Num    `json:"extra_fte_years"`
	FixedPerYear         Num    `json:"fixed_cost_per_year"`
	Cost                 Num    `json:"cost"`
	CostSource           string `json:"cost_source,omitempty"`
	PerBillion           Num    `json:"delta_p_on_track_per_billion"`
	PerBillionSE         Num    `json:"delta_p_on_track_per_billion_stderr"`
}

// NewCompare is the report of c, run on scenario.
func NewCompare(c *analysis.Comparison, scenario string) *Compare {
	r := &Compare{Header: header(scenario, c.N, c.Seed), POnTrack: Num(c.POnTrack), POnTrackSE: Num(c.POnTrackSE),
		LeadYears: Median{Unbounded(c.LeadMedian)}, FTEYearCost: Num(c.FTEYearCost), Arms: []Arm{}, Ranked: []string{},
		chart: func() []byte { return chart.Levers(c) }}
	for _, a := range c.Arms {
		r.Arms = append(r.Arms, Arm{a.Name, a.Description, Num(a.POnTrack), Num(a.POnTrackSE), Num(a.Delta), Num(a.PairedSE), Num(a.UnpairedSE),
			Median{Unbounded(a.LeadMedian)}, Num(a.DeltaLeadMedian), Num(a.ExtraFTEYears), Num(a.Fixed), Num(a.Cost), a.CostSource, Num(a.PerBillion), Num(a.PerBillionSE)})
	}
	for _, a := range c.Ranked() {
		r.Ranked = append(r.Ranked, a.Name)
	}
	return r
}

// WriteJSON writes the report as JSON.
func (r *Compare) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteCSV writes a row for the baseline and one per arm.
func (r *Compare) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"intervention", "p_on_track", "p_on_track_stderr", "delta_p_on_track", "delta_p_on_track_paired_stderr", "delta_p_on_track_unpaired_stderr",
		"lead_years_p50", "delta_lead_years_p50", "extra_fte_years", "fixed_cost_per_year", "cost", "delta_p_on_track_per_billion", "delta_p_on_track_per_billion_stderr"})
	_ = cw.Write([]string{"baseline", csvNum(r.POnTrack), csvNum(r.POnTrackSE), "0", "0", "0", csvNum(r.LeadYears.P50), "0", "0", "0", "0", "", ""})
	for _, a := range r.Arms {
		_ = cw.Write([]string{a.Name, csvNum(a.POnTrack), csvNum(a.POnTrackSE), csvNum(a.Delta), csvNum(a.PairedSE), csvNum(a.UnpairedSE), csvNum(a.LeadYears.P50),
			csvNum(a.DeltaLeadYearsMedian), csvNum(a.ExtraFTEYears), csvNum(a.FixedPerYear), csvNum(a.Cost), csvNum(a.PerBillion), csvNum(a.PerBillionSE)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteText writes the table, the ranking by value and what each lever does.
func (r *Compare) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "ontrack %s · compare · scenario %s · %d worlds, the same for every row · seed %d\n\n", r.Version, r.Scenario, r.Samples, r.Seed)
	fmt.Fprintf(b, "%-16s %15s %8s %8s %8s %7s %9s %9s %17s\n", "", "P(on track)", "change", "paired", "unpaired", "Δ lead", "extra", "cost", "ΔP per $1B")
	fmt.Fprintf(b, "%-16s %15s %8s %8s %8s %7s %9s %9s %17s\n", "", "", "", "SE", "SE", "median", "FTE-years", "(mean)", "± SE")
	fmt.Fprintf(b, "%-16s %15s\n", "baseline", prob(r.POnTrack, r.POnTrackSE))
	for _, a := range r.Arms {
		per := "-"
		if !math.IsNaN(float64(a.PerBillion)) {
			per = fmt.Sprintf("%+.5f ± %.5f", a.PerBillion, a.PerBillionSE)
		}
		fmt.Fprintf(b, "%-16s %15s %+8.4f %8.4f %8.4f %+7.1f %9.0f %9s %17s\n", a.Name, prob(a.POnTrack, a.POnTrackSE), a.Delta, a.PairedSE, a.UnpairedSE, a.DeltaLeadYearsMedian, a.ExtraFTEYears, dollars(a.Cost), per)
	}
	fmt.Fprintf(b, "\nThe baseline's median lead is %.1f years. Paired SEs come from per-world differences on\nthe same worlds; unpaired ones are what separate runs of this size would give. Cost is\nthe extra FTE-years to the baseline's deadline at %s each, plus any fixed cost a year\nover the same years, averaged over worlds (MODEL.md §16). %s\n", r.LeadYears.P50, dollars(r.FTEYearCost), seNote)
	if len(r.Ranked) > 0 {
		fmt.Fprintf(b, "\nRanked by change in P(on track) per $1B spent:\n")
		for i, name := range r.Ranked {
			a := r.arm(name)
			src := ""
			if a.CostSource != "" {
				src = "; " + a.CostSource
			}
			fmt.Fprintf(b, "  %d. %-16s %+.5f ± %.5f  (%s in all%s)\n", i+1, a.Name, a.PerBillion, a.PerBillionSE, dollars(a.Cost), src)
		}
	}
	fmt.Fprintf(b, "\nWhat each does:\n")
	for _, a := range r.Arms {
		fmt.Fprintf(b, "  %-20s %s\n", a.Name, a.Description)
	}
	return b.Flush()
}

// arm returns the named arm.
func (r *Compare) arm(name string) *Arm {
	for i := range r.Arms {
		if r.Arms[i].Name == name {
			return &r.Arms[i]
		}
	}
	return &Arm{Name: name, PerBillion: Num(math.NaN()), PerBillionSE: Num(math.NaN()), Cost: Num(math.NaN())}
}
