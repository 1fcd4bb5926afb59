package report

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"ontrack/internal/analysis"
	"ontrack/internal/chart"
	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// Page is `ontrack report`: a run with its charts, what it changes from the
// default, its levers (their changes, and their changes against their
// costs) and a short sensitivity (a tornado, Sobol indices or both), as
// one self-contained HTML
// file: the charts inline as SVG, the style inline, no script and no
// reference to anything outside the file, so that it can be attached to
// an email, opened offline and printed.
type Page struct {
	Run     *Run
	Compare *Compare // nil where the scenario has no levers
	Tornado *Tornado // nil where it was not computed
	Sobol   *Sobol   // nil where it was not computed
	// SobolTop is the factors the Sobol chart shows, largest total index
	// for being on track first, with those indices; SobolNotes are the
	// indices' warnings.
	SobolTop   []Index
	SobolNotes []string
	SobolN     int        // the Sobol base samples
	FanN       int        // worlds behind the fan chart
	Command    string     // the command that reproduces the page
	Classes    []ClassRow // the outcome breakdown, in model order
	Charts     map[string]template.HTML
}

// ClassRow is one outcome class of MODEL.md §7.
type ClassRow struct {
	Name, Meaning string
	Share
}

// PageInput is what a page is built from: a run (its result, summary and
// plan), the yearly fan of the share of work done, and the levers, the
// tornado and the Sobol indices, each of which may be nil.
type PageInput struct {
	Result  *sim.Result
	Summary *sim.Summary
	Plan    *scenario.Plan
	Fan     *sim.Fan
	Compare *analysis.Comparison
	Tornado *analysis.Tornado
	Sobol   *analysis.Sensitivity
	Command string
}

// tornadoBars and sobolFactors are how many parameters the page's tornado
// and its Sobol chart show.
const (
	tornadoBars  = 10
	sobolFactors = 10
)

// NewPage builds the page and draws its charts.
func NewPage(in PageInput) *Page {
	p := &Page{Run: NewRun(in.Summary, in.Plan), Command: in.Command, Charts: map[string]template.HTML{}}
	for c, name := range model.ClassNames {
		p.Classes = append(p.Classes, ClassRow{name, classText[c], p.Run.Outcomes[name]})
	}
	// The charts are ours, drawn from numbers and escaped as they are
	// written: trusted HTML.
	draw := func(name string, svg []byte) { p.Charts[name] = template.HTML(chart.Inline(svg)) }
	draw("race", chart.Race(in.Summary))
	draw("outcomes", chart.Outcomes(in.Summary))
	if in.Result != nil {
		draw("lead", chart.Lead(in.Result))
	}
	if in.Fan != nil {
		p.FanN = in.Fan.N
		draw("fan", chart.Fan(in.Fan, in.Summary))
	}
	if in.Compare != nil && len(in.Compare.Arms) > 0 {
		p.Compare = NewCompare(in.Compare, in.Summary.Scenario)
		draw("levers", chart.Levers(in.Compare))
		if slices.ContainsFunc(in.Compare.Arms, func(a analysis.ArmResult) bool { return a.Cost > 0 }) {
			draw("cost", chart.CostDelta(in.Compare))
		}
	}
	if in.Tornado != nil {
		p.Tornado = NewSensitivity(in.Summary.Scenario, in.Tornado.Seed, in.Tornado, nil).Tornado
		draw("tornado", chart.Tornado(in.Tornado, tornadoBars))
	}
	if in.Sobol != nil {
		r := NewSensitivity(in.Summary.Scenario, in.Sobol.Seed, nil, in.Sobol)
		p.Sobol, p.SobolNotes, p.SobolN = r.Sobol, r.Warnings, in.Sobol.N
		// The chart's order: the total index of being on track, largest
		// first (a stable sort, as the chart's).
		p.SobolTop = slices.Clone(r.Sobol.OnTrack.Indices)
		slices.SortStableFunc(p.SobolTop, func(a, b Index) int { return cmp.Compare(orZero(b.ST), orZero(a.ST)) })
		p.SobolTop = p.SobolTop[:min(len(p.SobolTop), sobolFactors)]
		draw("sobol", chart.Sobol(in.Sobol, sobolFactors))
	}
	return p
}

// orZero is x, or 0 where x is NaN (an index without variance).
func orZero(x Num) float64 {
	if math.IsNaN(float64(x)) {
		return 0
	}
	return float64(x)
}

// Sentence says P(on track) in words.
func (p *Page) Sentence() string {
	r := p.Run
	dl := strings.ToUpper(r.Deadline)
	pct := 100 * float64(r.POnTrack)
	se := 100 * float64(r.POnTrackSE)
	return fmt.Sprintf("In %s%% of %s simulated worlds, technical alignment research is done before %s arrives (give or take %s percentage points of Monte Carlo error).",
		strconv.FormatFloat(pct, 'f', 1, 64), commas(r.Samples), dl, strconv.FormatFloat(se, 'f', 1, 64))
}

// LeadSentence says the median lead in words.
func (p *Page) LeadSentence() string {
	r := p.Run
	dl := strings.ToUpper(r.Deadline)
	l := float64(r.LeadYears.P50)
	switch {
	case math.IsInf(l, 0) || math.IsNaN(l):
		return "The median lead is not defined."
	case l < 0:
		return fmt.Sprintf("In the median world alignment is done %.1f years after %s arrives.", -l, dl)
	}
	return fmt.Sprintf("In the median world alignment is done %.1f years before %s arrives.", l, dl)
}

// WriteHTML writes the page.
func (p *Page) WriteHTML(w io.Writer) error {
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, p); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// commas writes a count with thousands separators.
func commas(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"prob":   func(p, se Num) string { return prob(p, se) },
	"signed": func(x Num) string { return fmt.Sprintf("%+.3f", float64(x)) },
	"fixed3": func(x Num) string {
		if math.IsNaN(float64(x)) {
			return "–"
		}
		return fmt.Sprintf("%.3f", float64(x))
	},
	"fixed1": func(x Unbounded) string {
		if math.IsInf(float64(x), 0) || math.IsNaN(float64(x)) {
			return "never"
		}
		return strconv.FormatFloat(float64(x), 'f', 1, 64)
	},
	"year":    func(x Unbounded, h Num) string { return year(x, float64(h)) },
	"dollars": func(x Num) string { return dollars(x) },
	"per": func(a Arm) string {
		if math.IsNaN(float64(a.PerBillion)) {
			return "–"
		}
		return fmt.Sprintf("%+.4f ± %.4f", float64(a.PerBillion), float64(a.PerBillionSE))
	},
	"upper":   strings.ToUpper,
	"commas":  commas,
	"default": func() string { return scenario.DefaultPreset },
	"top": func(bars []Bar) []Bar {
		if len(bars) > tornadoBars {
			return bars[:tornadoBars]
		}
		return bars
	},
}).Parse(pageHTML))

// pageHTML is the page. It is well-formed XML as well as HTML (void
// elements closed, no named entities), so that a test can parse it with
// encoding/xml; the style is for screens and for print.
const pageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>ontrack report: {{.Run.Scenario}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222222; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #dddddd; padding-bottom: 0.2rem; }
.meta, .note { color: #555555; font-size: 0.9rem; }
.answer { font-size: 2.2rem; font-weight: 650; margin: 0.6rem 0 0.2rem; }
.answer small { font-size: 1rem; font-weight: 400; color: #555555; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.6rem 0; }
th, td { text-align: left; padding: 0.25rem 0.5rem 0.25rem 0; border-bottom: 1px solid #eeeeee; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: #555555; font-size: 0.85rem; margin-top: 0.3rem; }
code { font-size: 0.85rem; }
td code { white-space: nowrap; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  section, figure, table { break-inside: avoid; }
  h2 { break-after: avoid; }
}
</style>
</head>
<body>
<header>
<h1>Is alignment on track?</h1>
<p class="meta">ontrack {{.Run.Version}} · scenario <strong>{{.Run.Scenario}}</strong> · {{commas .Run.Samples}} worlds · seed {{.Run.Seed}}</p>
</header>

<section id="answer">
<h2>The answer</h2>
<p class="answer">P(on track) <data id="p-on-track" value="{{.Run.POnTrack}}">{{prob .Run.POnTrack .Run.POnTrackSE}}</data> <small>done before {{upper .Run.Deadline}}</small></p>
<p>{{.Sentence}}</p>
<table>
<tr><th>P(never done by {{printf "%.0f" .Run.Horizon}})</th><td class="n">{{prob .Run.PNever .Run.PNeverSE}}</td></tr>
<tr><th>median lead ({{upper .Run.Deadline}} minus the year done)</th><td class="n">{{fixed1 .Run.LeadYears.P50}} years</td></tr>
<tr><th>year done: p10, median, p90</th><td class="n">{{year .Run.DoneYear.P10 .Run.Horizon}}, {{year .Run.DoneYear.P50 .Run.Horizon}}, {{year .Run.DoneYear.P90 .Run.Horizon}}</td></tr>
<tr><th>{{upper .Run.Deadline}}: p10, median, p90</th><td class="n">{{fixed1 .Run.DeadlineYear.P10}}, {{fixed1 .Run.DeadlineYear.P50}}, {{fixed1 .Run.DeadlineYear.P90}}</td></tr>
</table>
<p>{{.LeadSentence}}</p>
<figure>{{index .Charts "outcomes"}}
<figcaption>What each world's state at {{upper .Run.Deadline}} (or the horizon, if earlier) means (MODEL.md §7): (1) no takeover, (2) no power grab, (3) safe to help with alignment. In {{prob .Run.FalseAssurance.P .Run.FalseAssurance.SE}} of worlds safe_to_help only seemed done, through sabotage's false work.</figcaption>
</figure>
<table>
<tr><th>outcome</th><th>what it means</th><th class="n">share ± SE</th></tr>
{{range .Classes}}<tr><td><code>{{.Name}}</code></td><td>{{.Meaning}}</td><td class="n">{{prob .P .SE}}</td></tr>
{{end}}</table>
</section>

<section id="race">
<h2>The race</h2>
<figure>{{index .Charts "race"}}
<figcaption>The chance that alignment is done, and that AGI and ASI have come, by the end of each year. P(on track) is the chance that done comes first in the same world, which the curves alone do not show.</figcaption>
</figure>
{{with index .Charts "lead"}}<figure>{{.}}
<figcaption>The lead in each world: positive is done in time. Worlds never done by the end are grey; their lead is at most where they are drawn.</figcaption>
</figure>{{end}}
{{with index .Charts "fan"}}<figure>{{.}}
<figcaption>The share of the main work (the road to safe_to_help) done by each year: the median and the 10th to 90th percentile band over {{commas $.FanN}} of the worlds, with the deadline's 10th to 90th percentile shaded.</figcaption>
</figure>{{end}}
</section>

<section id="changes">
<h2>What differs from the default</h2>
{{if .Run.Changes}}<p>The default is <code>{{default}}</code>. These values differ from it:</p>
<table>
<tr><th>parameter</th><th>value</th><th>from</th><th>source</th></tr>
{{range .Run.Changes}}<tr><td><code>{{.Path}}</code></td><td>{{.Value}}</td><td>{{.Origin}}</td><td>{{.Source}}</td></tr>
{{end}}</table>
{{else}}<p>Nothing: this is the default scenario, <code>{{default}}</code> (Roger Dearnaley's argument with the field's numbers from the data). <code>ontrack params</code> lists every parameter with its source.</p>
{{end}}</section>

{{with .Compare}}<section id="levers">
<h2>Levers</h2>
<figure>{{index $.Charts "levers"}}
<figcaption>Each lever on the same {{commas .Samples}} worlds as the baseline's {{prob .POnTrack .POnTrackSE}}: the change in P(on track) with a 95% interval from the paired standard error.</figcaption>
</figure>
{{with index $.Charts "cost"}}<figure>{{.}}
<figcaption>What each lever buys: its change in P(on track), with the same 95% paired interval, against its mean cost to the baseline's deadline on a log scale. Up and to the left is more for less; the slope to a point from the zero line is not its value for money, since the scale is logarithmic: the table gives the change per $1B.</figcaption>
</figure>{{end}}
<table>
<tr><th>lever</th><th>what it does</th><th class="n">change ± paired SE</th><th class="n">cost (mean)</th><th class="n">change per $1B</th></tr>
{{range .Arms}}<tr><td><code>{{.Name}}</code></td><td>{{.Description}}</td><td class="n">{{signed .Delta}} ± {{fixed3 .PairedSE}}</td><td class="n">{{dollars .Cost}}</td><td class="n">{{per .}}</td></tr>
{{end}}</table>
<p class="note">Cost is the extra FTE-years to the baseline's deadline at {{dollars .FTEYearCost}} each, plus any fixed cost a year over the same years, averaged over worlds (MODEL.md §16).</p>
</section>
{{end}}
{{if or .Tornado .Sobol}}<section id="sensitivity">
<h2>Which beliefs matter most</h2>
{{with .Tornado}}<figure>{{index $.Charts "tornado"}}
<figcaption>P(on track) with one parameter held at its 10th and then its 90th percentile while everything else varies, on {{commas .Samples}} worlds, largest swing first.{{if not $.Sobol}} <code>ontrack sensitivity</code> adds Sobol indices.{{end}}</figcaption>
</figure>
<table>
<tr><th>parameter</th><th class="n">at p10</th><th class="n">at p90</th><th class="n">swing ± paired SE</th></tr>
{{range top .Bars}}<tr><td><code>{{.Path}}</code></td><td class="n">{{fixed3 .AtP10}}</td><td class="n">{{fixed3 .AtP90}}</td><td class="n">{{signed .Swing}} ± {{fixed3 .SwingSE}}</td></tr>
{{end}}</table>
{{end}}{{with .Sobol}}<figure>{{index $.Charts "sobol"}}
<figcaption>Sobol indices from {{commas $.SobolN}} base samples ({{commas .WorldsRun}} worlds in all). The first-order index is the share of the variance of being on track (or of the lead) that a belief explains alone; the total index, the share it has any part in; the gap between them is interaction. Bars are cut at 0; intervals are 95% bootstrap percentiles.</figcaption>
</figure>
<table>
<tr><th>factor</th><th class="n">first order, on track</th><th class="n">total, on track</th></tr>
{{range $.SobolTop}}<tr><td><code>{{.Factor}}</code></td><td class="n">{{fixed3 .S1}} [{{fixed3 .S1Lo}}, {{fixed3 .S1Hi}}]</td><td class="n">{{fixed3 .ST}} [{{fixed3 .STLo}}, {{fixed3 .STHi}}]</td></tr>
{{end}}</table>
{{range .Correlated}}<p class="note"><code>{{index . 0}}</code> and <code>{{index . 1}}</code> are correlated: their indices are for the independent sources behind them, so read the pair together.</p>
{{end}}{{range $.SobolNotes}}<p class="note">Warning: {{.}}</p>
{{end}}{{end}}</section>
{{end}}
<footer>
<p class="note">± is one Monte Carlo standard error. The same command and seed give the same numbers: <code>{{.Command}}</code>. MODEL.md gives every equation and the source of every default.</p>
</footer>
</body>
</html>
`
