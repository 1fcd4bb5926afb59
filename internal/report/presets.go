package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// Presets is `ontrack presets --run`: P(on track) under every preset, on
// the same worlds. Its scenario lists the presets.
type Presets struct {
	Header
	Presets []PresetRow `json:"presets"`
}

// PresetRow is one preset's headline figures.
type PresetRow struct {
	Name       string    `json:"name"`
	POnTrack   Num       `json:"p_on_track"`
	POnTrackSE Num       `json:"p_on_track_stderr"`
	LeadYears  Quantiles `json:"lead_years"`
	ASIYear    Quantiles `json:"asi_year"`
	Horizon    Num       `json:"horizon"`
}

// NewPresets is the report of sums, the summaries of the presets named.
func NewPresets(names []string, sums []sim.Summary) *Presets {
	r := &Presets{Header: header(strings.Join(names, ","), sums[0].N, sums[0].Seed)}
	for k, s := range sums {
		r.Presets = append(r.Presets, PresetRow{names[k], Num(s.Done.POnTrack), Num(s.Done.POnTrackSE), quant(s.Done.Lead), quant(s.ASI), Num(s.Horizon)})
	}
	return r
}

// WriteJSON writes the report as JSON.
func (r *Presets) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteCSV writes a row per preset.
func (r *Presets) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"preset", "p_on_track", "p_on_track_stderr", "lead_years_p50", "asi_year_p50"})
	for _, p := range r.Presets {
		_ = cw.Write([]string{p.Name, csvNum(p.POnTrack), csvNum(p.POnTrackSE), csvNum(p.LeadYears.P50), csvNum(p.ASIYear.P50)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteText writes a Markdown table, the one in README.md.
func (r *Presets) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "| preset | P(on track) | median lead (years) | median ASI |\n|---|---|---|---|\n")
	for _, p := range r.Presets {
		fmt.Fprintf(b, "| %s | %s | %.1f | %s |\n", p.Name, prob(p.POnTrack, p.POnTrackSE), p.LeadYears.P50, year(p.ASIYear.P50, float64(p.Horizon)))
	}
	fmt.Fprintf(b, "\n%d worlds, the same for every preset, seed %d (ontrack presets --run); %s\n", r.Samples, r.Seed, seNote)
	return b.Flush()
}

// PresetList is `ontrack presets`: the embedded presets.
type PresetList struct {
	Static
	Presets []PresetInfo `json:"presets"`
}

// PresetInfo names a preset and says what it holds.
type PresetInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// NewPresetList lists ps.
func NewPresetList(ps []scenario.Preset) *PresetList {
	r := &PresetList{Static: static(""), Presets: []PresetInfo{}}
	for _, p := range ps {
		r.Presets = append(r.Presets, PresetInfo{p.Name, p.Description})
	}
	return r
}

// WriteJSON writes the list as JSON.
func (r *PresetList) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteCSV writes a row per preset.
func (r *PresetList) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"name", "description"})
	for _, p := range r.Presets {
		_ = cw.Write([]string{p.Name, p.Description})
	}
	cw.Flush()
	return cw.Error()
}

// WriteText writes a line per preset: its name and first sentence.
func (r *PresetList) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range r.Presets {
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

// firstSentence shortens a description to its first sentence.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
