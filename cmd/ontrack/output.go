package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// num is a float that encodes +-Inf and NaN as JSON null.
type num float64

func (n num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

type quantJSON struct {
	P10 num `json:"p10"`
	P50 num `json:"p50"`
	P90 num `json:"p90"`
}

func qj(q sim.Quantiles) quantJSON { return quantJSON{num(q.P10), num(q.P50), num(q.P90)} }

type trackJSON struct {
	Name          string    `json:"name"`
	DeadlineAt    string    `json:"deadline"`
	POnTrack      num       `json:"p_on_track"`
	POnTrackSE    num       `json:"p_on_track_stderr"`
	PNever        num       `json:"p_never"`
	PNeverSE      num       `json:"p_never_stderr"`
	Year          quantJSON `json:"year"`
	DeadlineYear  quantJSON `json:"deadline_year"`
	Lead          quantJSON `json:"lead_years"`
	FracAtDLMean  num       `json:"fraction_at_deadline_mean"`
	FractionOfAll num       `json:"fraction,omitempty"`
}

// shareJSON is a share of the worlds with its standard error.
type shareJSON struct {
	P  num `json:"p"`
	SE num `json:"stderr"`
}

type curveJSON struct {
	Year  num `json:"year"`
	PDone num `json:"p_done"`
	PASI  num `json:"p_asi"`
}

// runJSON is `ontrack run --format json`. Years beyond the horizon are null.
type runJSON struct {
	Version    string               `json:"version"`
	Scenario   string               `json:"scenario"`
	Samples    int                  `json:"samples"`
	Seed       uint64               `json:"seed"`
	Start      num                  `json:"start"`
	Horizon    num                  `json:"horizon"`
	Deadline   string               `json:"deadline"`
	POnTrack   num                  `json:"p_on_track"`
	POnTrackSE num                  `json:"p_on_track_stderr"`
	PNever     num                  `json:"p_never"`
	PNeverSE   num                  `json:"p_never_stderr"`
	DoneYear   quantJSON            `json:"done_year"`
	DLYear     quantJSON            `json:"deadline_year"`
	Lead       quantJSON            `json:"lead_years"`
	AGI        quantJSON            `json:"agi_year"`
	ASI        quantJSON            `json:"asi_year"`
	Outcomes   map[string]shareJSON `json:"outcomes"`
	False      shareJSON            `json:"false_assurance"`
	Thresholds []trackJSON          `json:"thresholds"`
	Milestones []trackJSON          `json:"milestones"`
	Curve      []curveJSON          `json:"curve"`
	Changes    []changeJSON         `json:"changes"`
}

// changeJSON is a value that differs from the default and where it came from.
type changeJSON struct {
	Path   string `json:"path"`
	Value  string `json:"value"`
	Origin string `json:"origin"`
	Source string `json:"source"`
}

// origin says where a value came from: a preset, a file position or a flag.
func origin(p scenario.Pos) string {
	if p.File == "" {
		return "(removed: the other way of giving difficulty was set)"
	}
	return p.String()
}

func summaryJSON(s *sim.Summary, pl *scenario.Plan) runJSON {
	sc := pl.Scenario
	out := runJSON{
		Version: version, Scenario: s.Scenario, Samples: s.N, Seed: s.Seed,
		Start: num(s.Start), Horizon: num(s.Horizon), Deadline: sc.DeadlineAt.String(),
		POnTrack: num(s.Done.POnTrack), POnTrackSE: num(s.Done.POnTrackSE),
		PNever: num(s.Done.PNever), PNeverSE: num(s.Done.PNeverSE),
		DoneYear: qj(s.Done.Year), DLYear: qj(s.Done.Deadline), Lead: qj(s.Done.Lead),
		AGI: qj(s.AGI), ASI: qj(s.ASI), Milestones: []trackJSON{}, Changes: []changeJSON{},
		Outcomes: map[string]shareJSON{}, False: shareJSON{num(s.FalseAssurance.P), num(s.FalseAssurance.SE)},
	}
	for c, o := range s.Outcomes {
		out.Outcomes[model.ClassNames[c]] = shareJSON{num(o.P), num(o.SE)}
	}
	for _, m := range s.Thresholds {
		out.Thresholds = append(out.Thresholds, trackJSON{
			Name: m.Name, DeadlineAt: sc.DeadlineAt.String(),
			POnTrack: num(m.POnTrack), POnTrackSE: num(m.POnTrackSE),
			PNever: num(m.PNever), PNeverSE: num(m.PNeverSE),
			Year: qj(m.Year), DeadlineYear: qj(m.Deadline), Lead: qj(m.Lead), FracAtDLMean: num(m.FracMean),
		})
	}
	for _, c := range sc.Changes() {
		out.Changes = append(out.Changes, changeJSON{c.Path, c.Text, origin(c.Origin), c.Source})
	}
	for i, m := range s.Milestones {
		ms := sc.Milestones[i]
		out.Milestones = append(out.Milestones, trackJSON{
			Name: m.Name, DeadlineAt: ms.Deadline.String(), FractionOfAll: num(ms.Fraction),
			POnTrack: num(m.POnTrack), POnTrackSE: num(m.POnTrackSE),
			PNever: num(m.PNever), PNeverSE: num(m.PNeverSE),
			Year: qj(m.Year), DeadlineYear: qj(m.Deadline), Lead: qj(m.Lead), FracAtDLMean: num(m.FracMean),
		})
	}
	for _, c := range s.Curve {
		out.Curve = append(out.Curve, curveJSON{num(c.Year), num(c.PDone), num(c.PASI)})
	}
	return out
}

// csvNum writes a number for CSV in full precision; NaN (no value) is empty.
func csvNum(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// year formats a year, or "never" for one beyond the horizon.
func year(y, horizon float64) string {
	if y > horizon || math.IsInf(y, 1) {
		return "after " + strconv.FormatFloat(horizon, 'f', 0, 64)
	}
	return strconv.FormatFloat(y, 'f', 1, 64)
}

func years(q sim.Quantiles, horizon float64) string {
	return fmt.Sprintf("%10s %10s %10s", year(q.P10, horizon), year(q.P50, horizon), year(q.P90, horizon))
}

func leads(q sim.Quantiles) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	return fmt.Sprintf("%10s %10s %10s", f(q.P10), f(q.P50), f(q.P90))
}

func prob(p, se float64) string { return fmt.Sprintf("%.3f ± %.3f", p, se) }

func writeText(w io.Writer, s *sim.Summary, pl *scenario.Plan) error {
	b := bufio.NewWriter(w)
	sc := pl.Scenario
	dl := strings.ToUpper(sc.DeadlineAt.String())
	fmt.Fprintf(b, "ontrack %s · scenario %s · %d worlds · seed %d\n\n", version, s.Scenario, s.N, s.Seed)
	if ch := sc.Changes(); len(ch) > 0 {
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "Changed from the default (%s):\n", scenario.DefaultPreset)
		for _, c := range ch {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.Path, c.Text, origin(c.Origin))
		}
		tw.Flush()
		fmt.Fprintln(b)
	}
	fmt.Fprintf(b, "P(on track)        %s   alignment done before %s\n", prob(s.Done.POnTrack, s.Done.POnTrackSE), dl)
	fmt.Fprintf(b, "P(never by %.0f)   %s   not done by the horizon\n\n", s.Horizon, prob(s.Done.PNever, s.Done.PNeverSE))
	fmt.Fprintf(b, "%-18s %10s %10s %10s\n", "", "p10", "p50", "p90")
	fmt.Fprintf(b, "%-18s %s\n", "year done", years(s.Done.Year, s.Horizon))
	fmt.Fprintf(b, "%-18s %s\n", "deadline ("+dl+")", years(s.Done.Deadline, math.Inf(1)))
	fmt.Fprintf(b, "%-18s %s\n", "lead (years)", leads(s.Done.Lead))
	fmt.Fprintf(b, "%-18s %s\n", "AGI", years(s.AGI, math.Inf(1)))
	fmt.Fprintf(b, "%-18s %s\n", "ASI", years(s.ASI, math.Inf(1)))
	fmt.Fprintf(b, "\nWhat being late means, at %s (or the horizon if earlier):\n", dl)
	for c, o := range s.Outcomes {
		fmt.Fprintf(b, "  %-42s %s\n", classText[c], prob(o.P, o.SE))
	}
	fmt.Fprintf(b, "  %-42s %s\n", "(of which safe_to_help only seemed done)", prob(s.FalseAssurance.P, s.FalseAssurance.SE))
	fmt.Fprintf(b, "\n%-15s %15s %15s %10s %10s %10s\n", "threshold", "P(by "+dl+")", "P(never)", "year p10", "p50", "p90")
	for _, m := range s.Thresholds {
		fmt.Fprintf(b, "%-15s %15s %15s %s\n", m.Name, prob(m.POnTrack, m.POnTrackSE), prob(m.PNever, m.PNeverSE), years(m.Year, s.Horizon))
	}
	if len(s.Milestones) > 0 {
		fmt.Fprintf(b, "\n%-15s %5s %4s %15s %15s %10s %10s %10s\n", "milestone", "share", "by", "P(on track)", "P(never)", "year p10", "p50", "p90")
		for i, m := range s.Milestones {
			ms := sc.Milestones[i]
			fmt.Fprintf(b, "%-15s %5.2f %4s %15s %15s %s\n", m.Name, ms.Fraction, strings.ToUpper(ms.Deadline.String()),
				prob(m.POnTrack, m.POnTrackSE), prob(m.PNever, m.PNeverSE), years(m.Year, s.Horizon))
		}
	}
	fmt.Fprintf(b, "\nLead: deadline minus year done; where never done it is censored at deadline minus %.0f.\n", s.Horizon)
	writeChart(b, s)
	return b.Flush()
}

// classText says what each outcome class means, by model.Class.
var classText = [model.NClasses]string{
	"on track: (1), (2) and (3) in time",
	"late, with (1) and (2) in place",
	"late, with (1) but not (2)",
	"late, without (1)",
}

// writeChart draws P(done by year) against P(ASI by year) every five years.
func writeChart(w io.Writer, s *sim.Summary) {
	const width = 24
	bar := func(p float64, c string) string {
		k := int(math.Round(p * width))
		return strings.Repeat(c, k) + strings.Repeat(" ", width-k)
	}
	fmt.Fprintf(w, "\n%-6s %-30s %-30s\n", "year", "P(done by year)", "P(ASI by year)")
	for i, c := range s.Curve {
		if i%5 != 0 && i != len(s.Curve)-1 {
			continue
		}
		fmt.Fprintf(w, "%-6.0f |%s %5.3f  |%s %5.3f\n", c.Year, bar(c.PDone, "#"), c.PDone, bar(c.PASI, "="), c.PASI)
	}
}

// writeWorldsCSV replays each world and writes its drawn inputs and its
// outcomes, one row per world. Infinite years are written as inf.
func writeWorldsCSV(ctx context.Context, w io.Writer, pl *scenario.Plan, seed uint64, n int) error {
	b := bufio.NewWriterSize(w, 1<<16)
	cols := []string{"world"}
	for _, f := range model.Fields {
		cols = append(cols, f.Path)
	}
	for _, c := range model.Chances {
		cols = append(cols, c.Name)
	}
	cols = append(cols, "effort_so_far", "R", "agi_year", "asi_year", "deadline_year", "done_year", "on_track", "lead_years",
		"lead_censored", "fraction_at_deadline", "near_miss_year", "near_miss_pause", "lever_pause", "sabotaged",
		"outcome", "believed_year", "false_assurance", "governed")
	for _, name := range model.ThresholdNames {
		cols = append(cols, name+"_year", name+"_on_track", name+"_lead_years")
	}
	for _, m := range pl.Scenario.Milestones {
		cols = append(cols, m.Name+"_year", m.Name+"_on_track", m.Name+"_lead_years")
	}
	b.WriteString(strings.Join(cols, ",") + "\n")
	u := make([]float64, scenario.Dim)
	var p model.Params
	var o model.Outcome
	var row []byte
	f := func(v float64) {
		row = append(row, ',')
		switch {
		case math.IsInf(v, 1):
			row = append(row, "inf"...)
		case math.IsInf(v, -1):
			row = append(row, "-inf"...)
		case math.IsNaN(v): // no value: effort so far where it is derived
		default:
			row = strconv.AppendFloat(row, v, 'g', -1, 64)
		}
	}
	bit := func(v bool) {
		if v {
			row = append(row, ",1"...)
		} else {
			row = append(row, ",0"...)
		}
	}
	for i := range n {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		sim.World(pl, seed, i, u, &p, &o)
		row = strconv.AppendInt(row[:0], int64(i), 10)
		for _, fd := range model.Fields {
			f(fd.Get(&p))
		}
		for _, c := range []float64{p.UPause, p.USabotage, p.UWarn, p.UWarnPause} {
			f(c)
		}
		f(o.E0)
		f(o.R)
		f(o.AGI)
		f(o.ASI)
		f(o.Deadline)
		f(o.Done)
		bit(o.OnTrack)
		f(o.Lead)
		bit(o.LeadCensored)
		f(o.FracAtDL)
		f(o.NearMiss)
		bit(o.NearPause)
		bit(o.Paused)
		bit(o.Sabotaged)
		row = append(row, ',')
		row = append(row, model.ClassNames[o.Class]...)
		f(o.Believed)
		bit(o.FalseAssurance)
		bit(o.Governed)
		for j := range o.Thresholds {
			m := &o.Thresholds[j]
			f(m.Year)
			bit(m.OnTrack)
			f(m.Lead)
		}
		for j := range pl.Scenario.Milestones {
			m := &o.Milestones[j]
			f(m.Year)
			bit(m.OnTrack)
			f(m.Lead)
		}
		row = append(row, '\n')
		if _, err := b.Write(row); err != nil {
			return err
		}
	}
	return b.Flush()
}
