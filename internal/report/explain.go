package report

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"ontrack/internal/analysis"
	"ontrack/internal/budget"
	"ontrack/internal/chart"
)

// Explain is `ontrack explain`: why P(on track) and the median lead
// differ between two views, part by part. Its scenario is "FROM to TO";
// its samples are the worlds every combination of the parts ran on.
type Explain struct {
	Header
	From   ExplainView `json:"from"`
	To     ExplainView `json:"to"`
	Group  string      `json:"group"`  // param or section
	Method string      `json:"method"` // exact (every subset) or sampled (random orders)
	// Orders is the number of random orders a sampled method averaged
	// over, in antithetic pairs; 0 for exact.
	Orders    int `json:"orders"`
	Hybrids   int `json:"hybrids"`    // combinations of the parts run
	WorldsRun int `json:"worlds_run"` // hybrids × samples
	// LeadBatches is the number of blocks of worlds whose spread gives
	// the median lead's standard errors (batch means); 0 when too few
	// worlds to give any.
	LeadBatches      int `json:"lead_batches"`
	DeltaP           Num `json:"delta_p_on_track"`
	DeltaPSE         Num `json:"delta_p_on_track_stderr"`
	DeltaLead        Num `json:"delta_lead_years_p50"`
	DeltaLeadSE      Num `json:"delta_lead_years_p50_stderr"`
	InteractP        Num `json:"interaction_p_on_track"`
	InteractPSE      Num `json:"interaction_p_on_track_stderr"`
	InteractPShare   Num `json:"interaction_p_on_track_share"` // of delta_p_on_track
	InteractLead     Num `json:"interaction_lead_years_p50"`
	InteractLeadSE   Num `json:"interaction_lead_years_p50_stderr"`
	InteractLeadShar Num `json:"interaction_lead_years_p50_share"`
	// Parts are largest change in P(on track) first; their delta_p_on_track
	// add up to the whole, and p_on_track_after is the waterfall: P(on
	// track) with this part and every one before it switched.
	Parts []ExplainPart `json:"parts"`
	// NotAttributed differs between the views but enters no run.
	NotAttributed []ExplainDiff `json:"not_attributed"`

	chart func() []byte // draws Chart from the explanation itself
}

// Chart is the waterfall of P(on track) from one view to the other
// (chart.Waterfall). It is nil for a report read back from JSON.
func (r *Explain) Chart() []byte {
	if r.chart == nil {
		return nil
	}
	return r.chart()
}

// ExplainView is one of the two views' own figures.
type ExplainView struct {
	Name        string `json:"name"`
	POnTrack    Num    `json:"p_on_track"`
	POnTrackSE  Num    `json:"p_on_track_stderr"`
	LeadYears   Median `json:"lead_years"`
	LeadYearsSE Num    `json:"lead_years_p50_stderr"`
}

// ExplainPart is one part's share of the change: its Shapley value, and
// its effect switched alone from the first view.
type ExplainPart struct {
	Name        string        `json:"name"`
	Section     string        `json:"section"`
	Changes     []ExplainDiff `json:"changes"`
	DeltaP      Num           `json:"delta_p_on_track"`
	DeltaPSE    Num           `json:"delta_p_on_track_stderr"`
	AloneP      Num           `json:"delta_p_on_track_alone"`
	AlonePSE    Num           `json:"delta_p_on_track_alone_stderr"`
	PAfter      Num           `json:"p_on_track_after"`
	DeltaLead   Num           `json:"delta_lead_years_p50"`
	DeltaLeadSE Num           `json:"delta_lead_years_p50_stderr"`
	AloneLead   Num           `json:"delta_lead_years_p50_alone"`
	AloneLeadSE Num           `json:"delta_lead_years_p50_alone_stderr"`
}

// ExplainDiff is one setting as each view writes it.
type ExplainDiff struct {
	Key  string `json:"key"`
	From string `json:"from"`
	To   string `json:"to"`
}

func diffs(ds []analysis.Diff) []ExplainDiff {
	out := []ExplainDiff{}
	for _, d := range ds {
		out = append(out, ExplainDiff{d.Key, d.From, d.To})
	}
	return out
}

// share is part over whole, or NaN where the whole is 0.
func share(part, whole float64) float64 {
	if whole == 0 {
		return math.NaN()
	}
	return part / whole
}

// NewExplain is the report of e.
func NewExplain(e *analysis.Explanation) *Explain {
	r := &Explain{Header: header(e.From+" to "+e.To, e.N, e.Seed), chart: func() []byte { return chart.Waterfall(e, false) },
		From:  ExplainView{e.From, Num(e.PFrom.V), Num(e.PFrom.SE), Median{Unbounded(e.LeadFrom.V)}, Num(e.LeadFrom.SE)},
		To:    ExplainView{e.To, Num(e.PTo.V), Num(e.PTo.SE), Median{Unbounded(e.LeadTo.V)}, Num(e.LeadTo.SE)},
		Group: e.Group.String(), Method: "exact", Orders: e.Orders, Hybrids: e.Hybrids, WorldsRun: e.Hybrids * e.N,
		LeadBatches: e.Batches,
		DeltaP:      Num(e.DeltaP.V), DeltaPSE: Num(e.DeltaP.SE), DeltaLead: Num(e.DeltaLead.V), DeltaLeadSE: Num(e.DeltaLead.SE),
		InteractP: Num(e.InteractP.V), InteractPSE: Num(e.InteractP.SE), InteractPShare: Num(share(e.InteractP.V, e.DeltaP.V)),
		InteractLead: Num(e.InteractLead.V), InteractLeadSE: Num(e.InteractLead.SE), InteractLeadShar: Num(share(e.InteractLead.V, e.DeltaLead.V)),
		Parts: []ExplainPart{}, NotAttributed: diffs(e.Unused)}
	if !e.Exact {
		r.Method = "sampled"
	}
	ps := slices.Clone(e.Parts)
	slices.SortStableFunc(ps, func(a, b analysis.PartEffect) int { return cmp.Compare(math.Abs(b.P.V), math.Abs(a.P.V)) })
	after := e.PFrom.V
	for _, p := range ps {
		after += p.P.V
		r.Parts = append(r.Parts, ExplainPart{Name: p.Name, Section: p.Section, Changes: diffs(p.Diffs),
			DeltaP: Num(p.P.V), DeltaPSE: Num(p.P.SE), AloneP: Num(p.PAlone.V), AlonePSE: Num(p.PAlone.SE), PAfter: Num(after),
			DeltaLead: Num(p.Lead.V), DeltaLeadSE: Num(p.Lead.SE), AloneLead: Num(p.LeadAlone.V), AloneLeadSE: Num(p.LeadAlone.SE)})
	}
	k := len(e.Parts)
	switch {
	case k == 0:
		r.Warnings = append(r.Warnings, "the two views differ in nothing a run uses: there is nothing to explain")
	case !e.Exact:
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d parts are too many to run every combination (at most %d): the Shapley values are estimated from %d random orders, and their standard errors include that; --group section gives fewer parts",
			k, analysis.MaxExactParts, e.Orders))
	}
	if k > 0 && math.Abs(e.DeltaP.V) < 2*e.DeltaP.SE {
		r.Warnings = append(r.Warnings, "the change in P(on track) is within two standard errors of zero: its parts are mostly noise; raise -n")
	}
	if e.Batches == 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d worlds are too few for the median lead's standard errors (batch means need at least %d)", e.N, analysis.MinLeadSEWorlds))
	}
	return r
}

// Waterfall draws the report's waterfall as an SVG chart: of P(on track),
// or of the median lead when lead is true. It needs only what the JSON
// holds, so a front end with the JSON alone draws the same chart.
func (r *Explain) Waterfall(lead bool) []byte {
	e := &analysis.Explanation{N: r.Samples, Seed: r.Seed, From: r.From.Name, To: r.To.Name, Exact: r.Method == "exact", Orders: r.Orders,
		Hybrids: r.Hybrids, Batches: r.LeadBatches,
		PFrom: eff(r.From.POnTrack, r.From.POnTrackSE), PTo: eff(r.To.POnTrack, r.To.POnTrackSE),
		LeadFrom: eff(Num(r.From.LeadYears.P50), r.From.LeadYearsSE), LeadTo: eff(Num(r.To.LeadYears.P50), r.To.LeadYearsSE),
		DeltaP: eff(r.DeltaP, r.DeltaPSE), DeltaLead: eff(r.DeltaLead, r.DeltaLeadSE),
		InteractP: eff(r.InteractP, r.InteractPSE), InteractLead: eff(r.InteractLead, r.InteractLeadSE)}
	for _, p := range r.Parts {
		e.Parts = append(e.Parts, analysis.PartEffect{Part: analysis.Part{Name: p.Name, Section: p.Section},
			P: eff(p.DeltaP, p.DeltaPSE), PAlone: eff(p.AloneP, p.AlonePSE), Lead: eff(p.DeltaLead, p.DeltaLeadSE), LeadAlone: eff(p.AloneLead, p.AloneLeadSE)})
	}
	return chart.Waterfall(e, lead)
}

func eff(v, se Num) analysis.Effect { return analysis.Effect{V: float64(v), SE: float64(se)} }

// WriteJSON writes the report as JSON.
func (r *Explain) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

func changesText(cs []ExplainDiff) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Key+": "+c.From+" -> "+c.To)
	}
	return strings.Join(s, "; ")
}

// WriteCSV writes a row for the first view, one per part, one for the
// second view (its delta the whole change) and one for the interaction.
func (r *Explain) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"row", "name", "section", "changes", "delta_p_on_track", "delta_p_on_track_stderr", "delta_p_on_track_alone", "delta_p_on_track_alone_stderr", "p_on_track_after",
		"delta_lead_years_p50", "delta_lead_years_p50_stderr", "delta_lead_years_p50_alone", "delta_lead_years_p50_alone_stderr", "lead_years_p50_after"})
	_ = cw.Write([]string{"from", r.From.Name, "", "", "", "", "", "", csvNum(r.From.POnTrack), "", "", "", "", csvNum(r.From.LeadYears.P50)})
	lead := float64(r.From.LeadYears.P50)
	for _, p := range r.Parts {
		lead += float64(p.DeltaLead)
		_ = cw.Write([]string{"part", p.Name, p.Section, changesText(p.Changes), csvNum(p.DeltaP), csvNum(p.DeltaPSE), csvNum(p.AloneP), csvNum(p.AlonePSE), csvNum(p.PAfter),
			csvNum(p.DeltaLead), csvNum(p.DeltaLeadSE), csvNum(p.AloneLead), csvNum(p.AloneLeadSE), csvNum(lead)})
	}
	_ = cw.Write([]string{"to", r.To.Name, "", "", csvNum(r.DeltaP), csvNum(r.DeltaPSE), "", "", csvNum(r.To.POnTrack), csvNum(r.DeltaLead), csvNum(r.DeltaLeadSE), "", "", csvNum(r.To.LeadYears.P50)})
	_ = cw.Write([]string{"interaction", "", "", "", csvNum(r.InteractP), csvNum(r.InteractPSE), "", "", "", csvNum(r.InteractLead), csvNum(r.InteractLeadSE), "", "", ""})
	cw.Flush()
	return cw.Error()
}

// barWidth is the width of a text waterfall's bars, in characters.
const barWidth = 32

// bar draws [a, b] on [lo, hi] in barWidth characters: full blocks where
// the value rises, light shade where it falls, a thin mark where the step
// is narrower than a character.
func bar(a, b, lo, hi float64) string {
	if !(hi > lo) || math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return ""
	}
	at := func(x float64) int {
		return int(math.Round(float64(float64(x-lo)*barWidth) / (hi - lo)))
	}
	i, j := at(min(a, b)), at(max(a, b))
	fill := "█"
	if b < a {
		fill = "░"
	}
	if j == i {
		if a == b {
			return strings.Repeat(" ", barWidth)
		}
		fill, j = "▏", i+1
		if i == barWidth {
			i, j = barWidth-1, barWidth
		}
	}
	return strings.Repeat(" ", i) + strings.Repeat(fill, j-i) + strings.Repeat(" ", barWidth-j)
}

// view draws a view's own value, from 0, in a shade of its own.
func view(a, b, lo, hi float64) string {
	return strings.ReplaceAll(strings.ReplaceAll(bar(a, b, lo, hi), "░", "▓"), "█", "▓")
}

// WriteText writes two waterfalls, P(on track) and the median lead, from
// the first view to the second, largest part first, and what differs.
func (r *Explain) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	k := len(r.Parts)
	fmt.Fprintf(b, "ontrack %s · explain · %s · %s worlds, the same for every combination · seed %d\n\n", r.Version, r.Scenario, budget.Count(int64(r.Samples)), r.Seed)
	fmt.Fprintf(b, "From %s to %s, P(on track) goes from %s to %s: %s ± %s.\n",
		r.From.Name, r.To.Name, prob(r.From.POnTrack, r.From.POnTrackSE), prob(r.To.POnTrack, r.To.POnTrackSE), signed(r.DeltaP, 3), seText(r.DeltaPSE, 3))
	if k == 0 {
		fmt.Fprintf(b, "\nThe two views differ in nothing a run uses.\n")
		r.writeUnused(b)
		return b.Flush()
	}
	switch {
	case k == 1:
		fmt.Fprintf(b, "Only %s differs, so it carries the whole change; the two views ran on the same worlds.\n", r.Parts[0].Name)
	case r.Method == "exact":
		fmt.Fprintf(b, "Each part's share is its Shapley value: its effect averaged over every order in which the\n"+
			"%d parts could be switched from the first view to the second (all %s combinations, on the\n"+
			"same worlds). The shares add up to the whole change; \"alone\" is the part switched by itself.\n",
			k, budget.Count(int64(r.Hybrids)))
	default:
		fmt.Fprintf(b, "Each part's share is its Shapley value: its effect averaged over the orders in which the\n"+
			"%d parts could be switched from the first view to the second, estimated from %d random\n"+
			"orders (%s combinations, on the same worlds). The shares add up to the whole change;\n"+
			"\"alone\" is the part switched by itself.\n",
			k, r.Orders, budget.Count(int64(r.Hybrids)))
	}

	// P(on track), on a scale from 0 to 1.
	fmt.Fprintf(b, "\n%-30s %11s %8s %6s %8s %6s  %s\n", "", "P(on track)", "share", "± SE", "alone", "± SE", "0"+strings.Repeat(" ", barWidth-2)+"1")
	fmt.Fprintf(b, "  %-28s %11.3f %8s %6s %8s %6s |%s|\n", trunc(r.From.Name, 28), r.From.POnTrack, "", "", "", "", view(0, float64(r.From.POnTrack), 0, 1))
	prev := float64(r.From.POnTrack)
	for _, p := range r.Parts {
		fmt.Fprintf(b, "+ %-28s %11.3f %8s %6s %8s %6s |%s|\n", trunc(p.Name, 28), p.PAfter, signed(p.DeltaP, decimals(float64(p.DeltaPSE), 3)), seText(p.DeltaPSE, 3), signed(p.AloneP, decimals(float64(p.AlonePSE), 3)), seText(p.AlonePSE, 3), bar(prev, float64(p.PAfter), 0, 1))
		prev = float64(p.PAfter)
	}
	fmt.Fprintf(b, "= %-28s %11.3f %8s %6s %8s %6s |%s|\n", trunc(r.To.Name, 28), r.To.POnTrack, signed(r.DeltaP, 3), seText(r.DeltaPSE, 3), "", "", view(0, float64(r.To.POnTrack), 0, 1))
	if k > 1 {
		fmt.Fprintf(b, "  %-28s %11s %8s %6s   %s\n", "interaction", "", signed(r.InteractP, decimals(float64(r.InteractPSE), 3)), seText(r.InteractPSE, 3), interactionNote(r.InteractPShare))
	}

	// The median lead, largest part first by its own measure.
	fmt.Fprintf(b, "\nThe median lead goes from %s to %s years: %s ± %s.\n", leadSE(r.From.LeadYears.P50, r.From.LeadYearsSE), leadSE(r.To.LeadYears.P50, r.To.LeadYearsSE),
		signed(r.DeltaLead, 2), seText(r.DeltaLeadSE, 2))
	ps := slices.Clone(r.Parts)
	slices.SortStableFunc(ps, func(a, b ExplainPart) int {
		return cmp.Compare(math.Abs(float64(b.DeltaLead)), math.Abs(float64(a.DeltaLead)))
	})
	lo, hi := math.Min(0, float64(r.From.LeadYears.P50)), math.Max(0, float64(r.From.LeadYears.P50))
	cum := float64(r.From.LeadYears.P50)
	for _, p := range ps {
		cum += float64(p.DeltaLead)
		lo, hi = math.Min(lo, cum), math.Max(hi, cum)
	}
	scaleNote := fmt.Sprintf("%.0f", lo)
	scaleNote += strings.Repeat(" ", max(1, barWidth-len(scaleNote)-len(fmt.Sprintf("%.0f", hi)))) + fmt.Sprintf("%.0f", hi)
	fmt.Fprintf(b, "\n%-30s %11s %8s %6s %8s %6s  %s\n", "", "median lead", "share", "± SE", "alone", "± SE", scaleNote)
	fmt.Fprintf(b, "  %-28s %11.1f %8s %6s %8s %6s |%s|\n", trunc(r.From.Name, 28), r.From.LeadYears.P50, "", "", "", "", view(0, float64(r.From.LeadYears.P50), lo, hi))
	cum = float64(r.From.LeadYears.P50)
	for _, p := range ps {
		next := cum + float64(p.DeltaLead)
		fmt.Fprintf(b, "+ %-28s %11.1f %8s %6s %8s %6s |%s|\n", trunc(p.Name, 28), next, signed(p.DeltaLead, decimals(float64(p.DeltaLeadSE), 2)), seText(p.DeltaLeadSE, 2), signed(p.AloneLead, decimals(float64(p.AloneLeadSE), 2)), seText(p.AloneLeadSE, 2), bar(cum, next, lo, hi))
		cum = next
	}
	fmt.Fprintf(b, "= %-28s %11.1f %8s %6s %8s %6s |%s|\n", trunc(r.To.Name, 28), r.To.LeadYears.P50, signed(r.DeltaLead, 2), seText(r.DeltaLeadSE, 2), "", "", view(0, float64(r.To.LeadYears.P50), lo, hi))
	if k > 1 {
		fmt.Fprintf(b, "  %-28s %11s %8s %6s   %s\n", "interaction", "", signed(r.InteractLead, decimals(float64(r.InteractLeadSE), 2)), seText(r.InteractLeadSE, 2), interactionNote(r.InteractLeadShar))
	}

	// What to take from it.
	if top := r.Parts[0]; k > 1 {
		fmt.Fprintf(b, "\nThe largest part is %s: %s ± %s of the %s (%s).\nSwitched alone, from %s, it moves P(on track) by %s ± %s.\n",
			top.Name, signed(top.DeltaP, 3), seText(top.DeltaPSE, 3), signed(r.DeltaP, 3), pct(share(float64(top.DeltaP), float64(r.DeltaP))), r.From.Name, signed(top.AloneP, 3), seText(top.AlonePSE, 3))
	}
	fmt.Fprintf(b, "\nWhat differs (%s -> %s):\n", r.From.Name, r.To.Name)
	for _, p := range r.Parts {
		for _, c := range p.Changes {
			fmt.Fprintf(b, "  %-28s %s  ->  %s\n", c.Key, c.From, c.To)
		}
	}
	r.writeUnused(b)
	fmt.Fprintf(b, "\n%s The errors of P(on track) come from each world's own\n"+
		"contribution, a fixed combination of its outcomes under the combinations", seNote)
	if r.LeadBatches > 0 {
		fmt.Fprintf(b, ";\nthose of the median lead from batch means over %d blocks of %s worlds", r.LeadBatches, budget.Count(int64(r.Samples/r.LeadBatches)))
	}
	if r.Method != "exact" {
		fmt.Fprintf(b, ";\nboth include the spread over the %d orders", r.Orders)
	}
	fmt.Fprintf(b, ". MODEL.md §20.\n")
	return b.Flush()
}

func (r *Explain) writeUnused(b *bufio.Writer) {
	for _, d := range r.NotAttributed {
		fmt.Fprintf(b, "\nThe %s differ too, but they are levers for ontrack compare and enter no run.\nOnly in the first view, or otherwise there: %s. In the second: %s.\n", d.Key, trunc(d.From, 200), trunc(d.To, 200))
	}
}

// interactionNote says what share of the change comes from the parts
// acting together.
func interactionNote(s Num) string {
	if math.IsNaN(float64(s)) {
		return "(the parts acting together, not alone)"
	}
	return fmt.Sprintf("(%s of the change: the parts acting together, not alone)", pct(float64(s)))
}

func pct(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*x)
}

func signed[F ~float64](x F, digits int) string {
	s := fmt.Sprintf("%+.*f", digits, float64(x))
	if strings.Trim(s, "+-0.") == "" {
		return strings.Replace(s, "-", "+", 1)
	}
	return s
}

func leadSE(v Unbounded, se Num) string {
	s := fmt.Sprintf("%.1f", float64(v))
	if s == "-0.0" {
		s = "0.0"
	}
	if math.IsNaN(float64(se)) {
		return s
	}
	return s + fmt.Sprintf(" ± %.1f", float64(se))
}
