package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"ontrack/internal/chart"
	"strings"

	"ontrack/internal/sim"
)

// Mix is `ontrack run --mix`: several views on the same worlds, pooled by
// weight. Its p_on_track and lead_years are the pooled ones.
type Mix struct {
	Header
	POnTrack      Num            `json:"p_on_track"`
	POnTrackSE    Num            `json:"p_on_track_stderr"`
	LeadYears     Quantiles      `json:"lead_years"`
	Components    []MixComponent `json:"components"`
	OnTrackVar    Decomp         `json:"on_track_variance"`
	LeadVar       Decomp         `json:"lead_variance"`
	LeadClipYears Num            `json:"lead_clip_years"`

	chart func() []byte // draws Chart from the mixture's own values
}

// Chart is the views as a dot plot (chart.Views): each component's
// P(on track) with its interval, and the pooled value. It is nil for a
// report read back from JSON, which keeps no summaries.
func (m *Mix) Chart() []byte {
	if m.chart == nil {
		return nil
	}
	return m.chart()
}

// MixComponent is one view of a mixture.
type MixComponent struct {
	Name       string    `json:"name"`
	Weight     Num       `json:"weight"` // normalised
	POnTrack   Num       `json:"p_on_track"`
	POnTrackSE Num       `json:"p_on_track_stderr"`
	LeadYears  Quantiles `json:"lead_years"`
}

// Decomp splits a variance into disagreement between views and
// uncertainty within them.
type Decomp struct {
	Total        Num `json:"total"`
	Within       Num `json:"within"`
	Between      Num `json:"between"`
	ShareBetween Num `json:"share_between"`
}

func decomp(d sim.Decomp) Decomp {
	return Decomp{Num(d.Total), Num(d.Within), Num(d.Between), Num(d.ShareBetween)}
}

// NewMix is the report of the views names, summarised as sums and pooled
// as p. Its scenario lists the views; their weights are the components'.
func NewMix(names []string, sums []sim.Summary, p *sim.Pooled) *Mix {
	m := &Mix{Header: header(strings.Join(names, ","), sums[0].N, sums[0].Seed),
		POnTrack: Num(p.POnTrack), POnTrackSE: Num(p.POnTrackSE), LeadYears: quant(p.Lead),
		OnTrackVar: decomp(p.OnTrackVar), LeadVar: decomp(p.LeadVar), LeadClipYears: sim.LeadClip,
		chart: func() []byte { return chart.Views(names, sums, p) }}
	for k, s := range sums {
		m.Components = append(m.Components, MixComponent{Name: names[k], Weight: Num(p.Weights[k]),
			POnTrack: Num(s.Done.POnTrack), POnTrackSE: Num(s.Done.POnTrackSE), LeadYears: quant(s.Done.Lead)})
	}
	return m
}

// WriteJSON writes the report as JSON.
func (m *Mix) WriteJSON(w io.Writer) error { return writeJSON(w, m) }

// WriteCSV writes a row per view and one for the pool.
func (m *Mix) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"component", "weight", "p_on_track", "p_on_track_stderr", "lead_years_p10", "lead_years_p50", "lead_years_p90"})
	for _, c := range m.Components {
		_ = cw.Write([]string{c.Name, csvNum(c.Weight), csvNum(c.POnTrack), csvNum(c.POnTrackSE), csvNum(c.LeadYears.P10), csvNum(c.LeadYears.P50), csvNum(c.LeadYears.P90)})
	}
	_ = cw.Write([]string{"pooled", "1", csvNum(m.POnTrack), csvNum(m.POnTrackSE), csvNum(m.LeadYears.P10), csvNum(m.LeadYears.P50), csvNum(m.LeadYears.P90)})
	cw.Flush()
	return cw.Error()
}

// WriteText writes the report for a person to read.
func (m *Mix) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "ontrack %s · mixture of %d views · %d worlds each, the same worlds · seed %d\n\n", m.Version, len(m.Components), m.Samples, m.Seed)
	fmt.Fprintf(b, "%-22s %6s %15s %10s %10s %10s\n", "view", "weight", "P(on track)", "lead p10", "p50", "p90")
	for _, c := range m.Components {
		fmt.Fprintf(b, "%-22s %6.3f %15s %s\n", c.Name, c.Weight, prob(c.POnTrack, c.POnTrackSE), leads(c.LeadYears))
	}
	fmt.Fprintf(b, "%-22s %6.3f %15s %s\n\n", "pooled", 1.0, prob(m.POnTrack, m.POnTrackSE), leads(m.LeadYears))
	fmt.Fprintf(b, "Where the uncertainty comes from (law of total variance):\n")
	fmt.Fprintf(b, "  on track (0/1)   %4.0f%% disagreement between views, %4.0f%% uncertainty within them\n",
		100*m.OnTrackVar.ShareBetween, 100*(1-m.OnTrackVar.ShareBetween))
	fmt.Fprintf(b, "  lead (years)     %4.0f%% disagreement between views, %4.0f%% uncertainty within them\n",
		100*m.LeadVar.ShareBetween, 100*(1-m.LeadVar.ShareBetween))
	fmt.Fprintf(b, "\nThe lead is clipped to ±%.0f years for the split. Each view runs on every world; the pooled\nfigures weigh each view's worlds by its weight. %s\n", m.LeadClipYears, seNote)
	return b.Flush()
}
