package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// Run is `ontrack run`: one scenario over its worlds.
type Run struct {
	Header
	Start          Num              `json:"start"`
	Horizon        Num              `json:"horizon"`
	Deadline       string           `json:"deadline"` // agi or asi
	POnTrack       Num              `json:"p_on_track"`
	POnTrackSE     Num              `json:"p_on_track_stderr"`
	PNever         Num              `json:"p_never"`
	PNeverSE       Num              `json:"p_never_stderr"`
	DoneYear       Quantiles        `json:"done_year"`
	DeadlineYear   Quantiles        `json:"deadline_year"`
	LeadYears      Quantiles        `json:"lead_years"`
	AGIYear        Quantiles        `json:"agi_year"`
	ASIYear        Quantiles        `json:"asi_year"`
	Outcomes       map[string]Share `json:"outcomes"` // by model.ClassNames
	FalseAssurance Share            `json:"false_assurance"`
	Thresholds     []Track          `json:"thresholds"`
	Milestones     []Track          `json:"milestones"`
	Curve          []CurvePoint     `json:"curve"`
	Changes        []Change         `json:"changes"`
}

// Track is one target (a threshold or a milestone) over the worlds.
type Track struct {
	Name         string    `json:"name"`
	Deadline     string    `json:"deadline"`
	POnTrack     Num       `json:"p_on_track"`
	POnTrackSE   Num       `json:"p_on_track_stderr"`
	PNever       Num       `json:"p_never"`
	PNeverSE     Num       `json:"p_never_stderr"`
	Year         Quantiles `json:"year"`
	DeadlineYear Quantiles `json:"deadline_year"`
	LeadYears    Quantiles `json:"lead_years"`
	FracMean     Num       `json:"fraction_at_deadline_mean"`
	Fraction     Num       `json:"fraction,omitempty"` // a milestone's share of the work
}

// CurvePoint is the chance that done, AGI and ASI have come by a year.
type CurvePoint struct {
	Year  Num `json:"year"`
	PDone Num `json:"p_done"`
	PAGI  Num `json:"p_agi"`
	PASI  Num `json:"p_asi"`
}

// Change is a value that differs from the default and where it came from.
type Change struct {
	Path   string `json:"path"`
	Value  string `json:"value"`
	Origin string `json:"origin"`
	Source string `json:"source"`
}

func quant(q sim.Quantiles) Quantiles {
	return Quantiles{Unbounded(q.P10), Unbounded(q.P50), Unbounded(q.P90)}
}

// Origin says where a value came from: a preset, a file position or a flag.
func Origin(p scenario.Pos) string {
	if p.File == "" {
		return "(removed: the other way of giving difficulty was set)"
	}
	return p.String()
}

// Changes lists what s changes from the default, with origins.
func Changes(s *scenario.Scenario) []Change {
	out := []Change{}
	for _, c := range s.Changes() {
		out = append(out, Change{c.Path, c.Text, Origin(c.Origin), c.Source})
	}
	return out
}

func track(m *sim.TrackSummary, deadline string) Track {
	return Track{Name: m.Name, Deadline: deadline,
		POnTrack: Num(m.POnTrack), POnTrackSE: Num(m.POnTrackSE), PNever: Num(m.PNever), PNeverSE: Num(m.PNeverSE),
		Year: quant(m.Year), DeadlineYear: quant(m.Deadline), LeadYears: quant(m.Lead), FracMean: Num(m.FracMean)}
}

// NewRun is the report of a run of pl summarised as s.
func NewRun(s *sim.Summary, pl *scenario.Plan) *Run {
	sc := pl.Scenario
	r := &Run{
		Header: header(s.Scenario, s.N, s.Seed),
		Start:  Num(s.Start), Horizon: Num(s.Horizon), Deadline: sc.DeadlineAt.String(),
		POnTrack: Num(s.Done.POnTrack), POnTrackSE: Num(s.Done.POnTrackSE),
		PNever: Num(s.Done.PNever), PNeverSE: Num(s.Done.PNeverSE),
		DoneYear: quant(s.Done.Year), DeadlineYear: quant(s.Done.Deadline), LeadYears: quant(s.Done.Lead),
		AGIYear: quant(s.AGI), ASIYear: quant(s.ASI),
		Outcomes:       map[string]Share{},
		FalseAssurance: Share{Num(s.FalseAssurance.P), Num(s.FalseAssurance.SE)},
		Thresholds:     []Track{}, Milestones: []Track{}, Curve: []CurvePoint{},
		Changes: Changes(sc),
	}
	for c, o := range s.Outcomes {
		r.Outcomes[model.ClassNames[c]] = Share{Num(o.P), Num(o.SE)}
	}
	for i := range s.Thresholds {
		r.Thresholds = append(r.Thresholds, track(&s.Thresholds[i], sc.DeadlineAt.String()))
	}
	for i := range s.Milestones {
		ms := sc.Milestones[i]
		t := track(&s.Milestones[i], ms.Deadline.String())
		t.Fraction = Num(ms.Fraction)
		r.Milestones = append(r.Milestones, t)
	}
	for _, c := range s.Curve {
		r.Curve = append(r.Curve, CurvePoint{Num(c.Year), Num(c.PDone), Num(c.PAGI), Num(c.PASI)})
	}
	return r
}

// WriteJSON writes the report as JSON.
func (r *Run) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteCSV is not the run's: a run's CSV is its worlds (WriteWorldsCSV).
func (r *Run) WriteCSV(io.Writer) error { return noCSV("a run's summary") }

// classText says what each outcome class means, by model.Class.
var classText = [model.NClasses]string{
	"on track: (1), (2) and (3) in time",
	"late, with (1) and (2) in place",
	"late, with (1) but not (2)",
	"late, without (1)",
}

// WriteText writes the report for a person to read.
func (r *Run) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	horizon := float64(r.Horizon)
	dl := strings.ToUpper(r.Deadline)
	fmt.Fprintf(b, "ontrack %s · scenario %s · %d worlds · seed %d\n\n", r.Version, r.Scenario, r.Samples, r.Seed)
	if len(r.Changes) > 0 {
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "Changed from the default (%s):\n", scenario.DefaultPreset)
		for _, c := range r.Changes {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.Path, c.Value, c.Origin)
		}
		tw.Flush()
		fmt.Fprintln(b)
	}
	pOn, pNever := prob(r.POnTrack, r.POnTrackSE), prob(r.PNever, r.PNeverSE)
	wp := max(utf8.RuneCountInString(pOn), utf8.RuneCountInString(pNever))
	fmt.Fprintf(b, "P(on track)        %-*s   alignment done before %s\n", wp, pOn, dl)
	fmt.Fprintf(b, "P(never by %.0f)   %-*s   not done by the horizon\n\n", horizon, wp, pNever)
	fmt.Fprintf(b, "%-18s %10s %10s %10s\n", "", "p10", "p50", "p90")
	fmt.Fprintf(b, "%-18s %s\n", "year done", years(r.DoneYear, horizon))
	fmt.Fprintf(b, "%-18s %s\n", "deadline ("+dl+")", years(r.DeadlineYear, math.Inf(1)))
	fmt.Fprintf(b, "%-18s %s\n", "lead (years)", leads(r.LeadYears))
	fmt.Fprintf(b, "%-18s %s\n", "AGI", years(r.AGIYear, math.Inf(1)))
	fmt.Fprintf(b, "%-18s %s\n", "ASI", years(r.ASIYear, math.Inf(1)))
	fmt.Fprintf(b, "\nWhat being late means, at %s (or the horizon if earlier):\n", dl)
	for c, name := range model.ClassNames {
		o := r.Outcomes[name]
		fmt.Fprintf(b, "  %-42s %s\n", classText[c], prob(o.P, o.SE))
	}
	fmt.Fprintf(b, "  %-42s %s\n", "(of which safe_to_help only seemed done)", prob(r.FalseAssurance.P, r.FalseAssurance.SE))
	fmt.Fprintf(b, "\n%-15s %15s %16s %10s %10s %10s\n", "threshold", "P(by "+dl+")", "P(never)", "year p10", "p50", "p90")
	for _, m := range r.Thresholds {
		fmt.Fprintf(b, "%-15s %15s %16s %s\n", m.Name, prob(m.POnTrack, m.POnTrackSE), prob(m.PNever, m.PNeverSE), years(m.Year, horizon))
	}
	if len(r.Milestones) > 0 {
		fmt.Fprintf(b, "\n%-15s %5s %4s %15s %16s %10s %10s %10s\n", "milestone", "share", "by", "P(on track)", "P(never)", "year p10", "p50", "p90")
		for _, m := range r.Milestones {
			fmt.Fprintf(b, "%-15s %5.2f %4s %15s %16s %s\n", m.Name, m.Fraction, strings.ToUpper(m.Deadline),
				prob(m.POnTrack, m.POnTrackSE), prob(m.PNever, m.PNeverSE), years(m.Year, horizon))
		}
	}
	fmt.Fprintf(b, "\nLead: deadline minus year done; where never done it is censored at deadline minus %.0f.\n", horizon)
	fmt.Fprintln(b, seNote)
	r.writeChart(b)
	return b.Flush()
}

// writeChart draws P(done by year) against P(ASI by year) every five years.
func (r *Run) writeChart(w io.Writer) {
	const width = 24
	bar := func(p Num, c string) string {
		k := int(math.Round(float64(p) * width))
		return strings.Repeat(c, k) + strings.Repeat(" ", width-k)
	}
	fmt.Fprintf(w, "\n%-6s %-30s %-30s\n", "year", "P(done by year)", "P(ASI by year)")
	for i, c := range r.Curve {
		if i%5 != 0 && i != len(r.Curve)-1 {
			continue
		}
		fmt.Fprintf(w, "%-6.0f |%s %5.3f  |%s %5.3f\n", c.Year, bar(c.PDone, "#"), c.PDone, bar(c.PASI, "="), c.PASI)
	}
}
