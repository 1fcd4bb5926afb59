package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"ontrack/internal/chart"
	"ontrack/internal/job"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

// FanN is the most worlds behind the page's fan chart: the fan replays
// each world once for every eight shares of the work (sim.FracFan), so it
// is drawn from fewer worlds than the run, as `ontrack report --fan-n`.
const FanN = 10_000

// View is what the page shows of a run: the run's report (the JSON of
// POST /api/run for the same body, byte for byte), its sentences, its
// charts as standalone SVG, and the page's key parameters as they stand.
type View struct {
	Run          json.RawMessage `json:"run"`
	Sentence     string          `json:"sentence"`
	LeadSentence string          `json:"lead_sentence"`
	Outcomes     []Outcome       `json:"outcomes"`
	// Charts are SVG for inline HTML (no xmlns; chart.Inline).
	Charts map[string]string `json:"charts"`
	FanN   int               `json:"fan_n"`
	Fields []FieldValue      `json:"fields"`
}

// Outcome is one outcome class of MODEL.md §7: its share of the worlds
// and what it means.
type Outcome struct {
	Name    string     `json:"name"`
	Meaning string     `json:"meaning"`
	P       report.Num `json:"p"`
	SE      report.Num `json:"stderr"`
}

// FieldValue is a key parameter's value in the scenario a view ran.
type FieldValue struct {
	Path    string `json:"path"`
	Value   string `json:"value"`
	Default string `json:"default"`
	Changed bool   `json:"changed"`
	Origin  string `json:"origin"`
	Source  string `json:"source"`
	Status  string `json:"status"`
	// Thumb is a small SVG of the value's distribution, for inline HTML.
	Thumb string `json:"thumb"`
}

// view runs req as job.Run does (the same checks, the same worlds) and
// draws the report page's charts of it, with the fan from at most FanN of
// its worlds.
func view(ctx context.Context, env job.Env, req job.Request) (*View, error) {
	page, err := job.Report(ctx, env, job.ReportRequest{Request: req, FanN: min(max(req.N, 1), FanN), NoLevers: true})
	if err != nil {
		return nil, err
	}
	// Built again for its fields, which the page does not keep: a
	// scenario builds in microseconds and this one built once already.
	sc, err := req.Scenario.Build()
	if err != nil {
		return nil, err
	}
	fanN := page.FanN
	var b bytes.Buffer
	if err := page.Run.WriteJSON(&b); err != nil {
		return nil, err
	}
	v := &View{
		Run: b.Bytes(), Sentence: page.Sentence(), LeadSentence: page.LeadSentence(), FanN: fanN,
		Charts: map[string]string{},
		Fields: fieldValues(sc, page.Run.Changes),
	}
	for _, c := range page.Classes {
		v.Outcomes = append(v.Outcomes, Outcome{c.Name, c.Meaning, c.P, c.SE})
	}
	for name, svg := range page.Charts {
		v.Charts[name] = string(svg)
	}
	return v, nil
}

// apiView is POST /api/view: the page's run, with its charts.
func (s *Server) apiView(w http.ResponseWriter, r *http.Request) {
	var b Body
	if !decode(w, r, &b) {
		return
	}
	req := b.request(job.RunN)
	ctx, done, ok := s.slot(w, r, req)
	if !ok {
		return
	}
	defer done()
	v, err := view(ctx, s.env(), req)
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// keyField is a parameter the page shows as a field, with the section of
// MODEL.md that explains it.
type keyField struct {
	Path, Section string
}

// keyFields are the beliefs people disagree about most (README,
// Worldviews): the field's size and growth, returns to headcount, the
// work's scope, AI's help, timelines and the brakes.
var keyFields = []keyField{
	{"field.fte", "1"},
	{"field.growth", "1"},
	{"field.cap", "1"},
	{"research.lambda", "2"},
	{"difficulty.done_so_far", "4"},
	{"difficulty.error", "4"},
	{"ai.multiplier_agi", "3"},
	{"ai.trust", "3"},
	{"timelines.agi", "5"},
	{"timelines.takeoff", "5"},
	{"brakes.pause_probability", "6"},
}

// fieldValues are the key parameters of sc, marked where changes (the
// run's) name them.
func fieldValues(sc *scenario.Scenario, changes []report.Change) []FieldValue {
	def := scenario.Default()
	out := make([]FieldValue, 0, len(keyFields))
	for _, k := range keyFields {
		f := FieldValue{Path: k.Path, Value: specText(sc, k.Path), Default: specText(def, k.Path), Source: sc.Sources[k.Path]}
		f.Status = status(f.Source)
		if sp, ok := sc.Params[k.Path]; ok {
			f.Thumb = string(chart.Inline(chart.Thumb(k.Path, sp.Dist)))
		}
		for _, c := range changes {
			if c.Path == k.Path {
				f.Changed, f.Origin = true, c.Origin
				// A value typed here has no source but the person
				// who typed it; a preset's keeps the preset's.
				if !strings.HasPrefix(c.Origin, scenario.PresetOrigin("")) {
					f.Status, f.Source = "yours", "your value (the default's source: "+f.Source+")"
				}
			}
		}
		out = append(out, f)
	}
	return out
}

func specText(sc *scenario.Scenario, path string) string {
	if sp, ok := sc.Params[path]; ok {
		return sp.Text
	}
	return ""
}

// status is how a value is known, from the start of its source: derived
// (from data), judgement, a setting, or sourced (a citation).
func status(source string) string {
	word, _, _ := strings.Cut(source, ":")
	word = strings.TrimSpace(word)
	switch {
	case strings.HasPrefix(word, "judgement"):
		return "judgement"
	case word == "derived" || word == "setting" || word == "unset" || word == "confirmed" || word == "secondary" || word == "unknown":
		return word
	case source == "":
		return "unknown"
	}
	return "sourced"
}
