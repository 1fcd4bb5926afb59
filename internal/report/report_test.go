package report

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"ontrack/internal/analysis"
	"ontrack/internal/data"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

const (
	testN    = 600
	testSeed = 11
)

// kinds builds one report of every kind from the library's results, on a
// few hundred worlds, once for all the tests.
var kinds = sync.OnceValues(func() (map[string]Report, error) {
	ctx := context.Background()
	opt := sim.Options{N: testN, Seed: testSeed}
	out := map[string]Report{}
	def := scenario.Default()
	pl, err := scenario.Compile(def)
	if err != nil {
		return nil, err
	}
	r, err := sim.Run(ctx, pl, opt)
	if err != nil {
		return nil, err
	}
	sum := sim.Summarize(r)
	out["run"] = NewRun(&sum, pl)

	// Every preset on the same worlds: the presets table and a mixture.
	ps := scenario.Presets()
	var names []string
	var plans []*scenario.Plan
	for _, p := range ps {
		s := scenario.Default()
		if err := s.ApplyPreset(p.Name); err != nil {
			return nil, err
		}
		s.Name = p.Name
		ppl, err := scenario.Compile(s)
		if err != nil {
			return nil, err
		}
		names, plans = append(names, p.Name), append(plans, ppl)
	}
	rs, err := sim.RunMany(ctx, plans, opt)
	if err != nil {
		return nil, err
	}
	sums := make([]sim.Summary, len(rs))
	for k := range rs {
		sums[k] = sim.Summarize(rs[k])
	}
	out["presets"] = NewPresets(names, sums)
	out["presets list"] = NewPresetList(ps)
	pool, err := sim.Pool(rs[:2], []float64{1, 3})
	if err != nil {
		return nil, err
	}
	out["mix"] = NewMix(names[:2], sums[:2], &pool)

	// A sweep of two values of the growth.
	var at [][]float64
	var cells []sim.Summary
	for _, g := range []float64{0.1, 0.5} {
		s := def.Clone()
		if err := s.Set("field.growth", strconv.FormatFloat(g, 'g', -1, 64), "test"); err != nil {
			return nil, err
		}
		spl, err := scenario.Compile(s)
		if err != nil {
			return nil, err
		}
		sr, err := sim.Run(ctx, spl, opt)
		if err != nil {
			return nil, err
		}
		at, cells = append(at, []float64{g}), append(cells, sim.Summarize(sr))
	}
	out["sweep"] = NewSweep(def.Name, []analysis.Axis{{Path: "field.growth", Values: []float64{0.1, 0.5}}}, at, cells)

	arms, scs, err := analysis.Arms(def, nil)
	if err != nil {
		return nil, err
	}
	cmp, err := analysis.Compare(ctx, def, arms, scs, opt)
	if err != nil {
		return nil, err
	}
	out["compare"] = NewCompare(cmp, def.Name)

	sol, err := analysis.Solve(ctx, def, analysis.Goal{Path: "field.growth", Lo: 0, Hi: 2, Metric: analysis.MetricP, Target: 0.5}, opt)
	if err != nil {
		return nil, err
	}
	out["solve"] = NewSolve(sol, def.Name, "per year")

	tor, err := analysis.TornadoPlan(ctx, def, sim.Options{N: 300, Seed: testSeed})
	if err != nil {
		return nil, err
	}
	sen, err := analysis.SobolPlan(ctx, pl, 64, testSeed, 10, 0, nil)
	if err != nil {
		return nil, err
	}
	out["sensitivity"] = NewSensitivity(def.Name, testSeed, tor, sen)

	var obs []analysis.Observation
	for _, g := range []string{"agi<2030", "field.growth>=30%", "agi<2027"} {
		ob, err := analysis.ParseObservation(g)
		if err != nil {
			return nil, err
		}
		obs = append(obs, ob)
	}
	cond, err := analysis.Condition(ctx, pl, obs, opt)
	if err != nil {
		return nil, err
	}
	out["condition"] = NewCondition(cond, def.Name)

	lit, err := scenario.Request{Presets: []string{"dearnaley-literal"}}.Build()
	if err != nil {
		return nil, err
	}
	parts, unused := analysis.Parts(lit, def, analysis.ByParam)
	ex, err := analysis.Explain(ctx, lit, def, parts, analysis.ExplainOptions{N: testN, Seed: testSeed})
	if err != nil {
		return nil, err
	}
	ex.Unused = unused
	out["explain"] = NewExplain(ex)

	fit, err := data.Fit()
	if err != nil {
		return nil, err
	}
	cs, err := data.Classes()
	if err != nil {
		return nil, err
	}
	out["fit"] = NewFit(fit, cs, def)
	sets, err := data.All()
	if err != nil {
		return nil, err
	}
	out["data list"] = NewDataList(sets)
	for _, s := range sets {
		out["data "+s.Name] = NewData(s, fit)
	}
	out["params"] = NewParams(def)
	return out, nil
})

func reports(t *testing.T) map[string]Report {
	t.Helper()
	rs, err := kinds()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func render(t *testing.T, r Report, format string) (string, error) {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case "json":
		err = r.WriteJSON(&b)
	case "csv":
		err = r.WriteCSV(&b)
	default:
		err = r.WriteText(&b)
	}
	return b.String(), err
}

// Every report begins with the family's fields: version, scenario,
// samples, seed and warnings, in that order; a Monte Carlo report says how
// many worlds and which seed, a report that draws none has null there.
func TestJSONFamily(t *testing.T) {
	static := map[string]bool{"fit": true, "params": true, "presets list": true, "data list": true}
	for kind, r := range reports(t) {
		if strings.HasPrefix(kind, "data ") {
			static[kind] = true
		}
		js, err := render(t, r, "json")
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		dec := json.NewDecoder(strings.NewReader(js))
		var keys []string
		if tok, _ := dec.Token(); tok != json.Delim('{') {
			t.Fatalf("%s: JSON is not an object", kind)
		}
		var top map[string]any
		_ = json.Unmarshal([]byte(js), &top)
		for len(keys) < 5 && dec.More() {
			k, _ := dec.Token()
			keys = append(keys, k.(string))
			var skip json.RawMessage
			_ = dec.Decode(&skip)
		}
		if want := []string{"version", "scenario", "samples", "seed", "warnings"}; !reflect.DeepEqual(keys, want) {
			t.Errorf("%s: JSON begins %v, want %v", kind, keys, want)
			continue
		}
		if top["version"] != Version {
			t.Errorf("%s: version %v", kind, top["version"])
		}
		if _, ok := top["warnings"].([]any); !ok {
			t.Errorf("%s: warnings %v, want a list", kind, top["warnings"])
		}
		if static[kind] {
			if top["samples"] != nil || top["seed"] != nil {
				t.Errorf("%s draws no worlds: samples %v, seed %v, want null", kind, top["samples"], top["seed"])
			}
			continue
		}
		if s, _ := top["scenario"].(string); s == "" {
			t.Errorf("%s: no scenario", kind)
		}
		wantN := float64(testN)
		if kind == "sensitivity" {
			wantN = 64 // the Sobol base samples
		}
		if top["samples"] != wantN || top["seed"] != float64(testSeed) {
			t.Errorf("%s: samples %v, seed %v, want %v and %d", kind, top["samples"], top["seed"], wantN, testSeed)
		}
		// p_on_track at the top, beside its standard error, where the
		// report has one figure for the scenario as given.
		if _, has := top["p_on_track"]; has {
			if _, ok := top["p_on_track_stderr"].(float64); !ok {
				t.Errorf("%s: p_on_track without p_on_track_stderr", kind)
			}
		} else if kind != "sweep" && kind != "presets" && kind != "sensitivity" && kind != "solve" && kind != "explain" {
			t.Errorf("%s: no p_on_track at the top", kind)
		}
	}
}

// One convention for one quantity: no key in any report is one of the old
// names that said the same thing another way, and every key is snake_case.
func TestJSONNames(t *testing.T) {
	banned := map[string]bool{"lead_median": true, "baseline_p_on_track": true, "delta_lead_median": true, "delta_p": true,
		"pooled": true, "lead_p50": true, "Lo": true, "Mid": true, "Hi": true}
	for kind, r := range reports(t) {
		if strings.HasPrefix(kind, "data ") && kind != "data list" {
			continue // a data set's keys are its CSV's columns
		}
		js, _ := render(t, r, "json")
		var v any
		if err := json.Unmarshal([]byte(js), &v); err != nil {
			t.Fatal(err)
		}
		var walk func(string, any)
		walk = func(path string, x any) {
			switch x := x.(type) {
			case map[string]any:
				for k, e := range x {
					if banned[k] || strings.ToLower(k) != k || strings.ContainsAny(k, " -") {
						t.Errorf("%s: key %s%s", kind, path, k)
					}
					walk(path+k+".", e)
				}
			case []any:
				for _, e := range x {
					walk(path, e)
				}
			}
		}
		walk("", v)
	}
}

// JSON reads back into the same type (every key is a field of it) and
// writes the same bytes again; text and CSV rendered from the value read
// back are the same as from the original: a report is its value, and a
// front end that has only the JSON can render it.
func TestJSONRoundTrip(t *testing.T) {
	for kind, r := range reports(t) {
		js, err := render(t, r, "json")
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		back := reflect.New(reflect.TypeOf(r).Elem()).Interface().(Report)
		dec := json.NewDecoder(strings.NewReader(js))
		dec.DisallowUnknownFields()
		if err := dec.Decode(back); err != nil {
			t.Errorf("%s: reading its JSON back: %v", kind, err)
			continue
		}
		if again, _ := render(t, back, "json"); again != js {
			t.Errorf("%s: JSON written again differs", kind)
		}
		if strings.HasPrefix(kind, "data ") && kind != "data list" {
			continue // text keeps the cells as written (21%), CSV the file
		}
		for _, f := range []string{"text", "csv"} {
			want, err1 := render(t, r, f)
			got, err2 := render(t, back, f)
			if (err1 == nil) != (err2 == nil) || got != want {
				t.Errorf("%s: %s from the JSON differs from the original's:\n%s\nwant:\n%s", kind, f, got, want)
			}
		}
	}
}

// Numbers that are not finite are null in JSON and read back as NaN.
func TestNumNull(t *testing.T) {
	b, err := json.Marshal([]Num{Num(math.Inf(1)), Num(math.NaN()), 0.25})
	if err != nil || string(b) != "[null,null,0.25]" {
		t.Fatalf("%s, %v", b, err)
	}
	var back []Num
	if err := json.Unmarshal(b, &back); err != nil || !math.IsNaN(float64(back[0])) || back[2] != 0.25 {
		t.Errorf("%v, %v", back, err)
	}
}

// A data set's rows keep the CSV's column order, numbers as numbers
// (percentages as fractions), empty numbers as null and text as text.
func TestDataJSON(t *testing.T) {
	r := reports(t)["data growth"].(*Data)
	js, _ := render(t, r, "json")
	if !strings.Contains(js, `"estimate": "mcaleese fit",`) || !strings.Contains(js, `"growth": 0.21,`) {
		t.Errorf("growth rows:\n%s", js[:min(len(js), 1200)])
	}
	i, j := strings.Index(js, `"estimate": "mcaleese fit"`), strings.Index(js, `"growth": 0.21`)
	if i < 0 || j < i {
		t.Errorf("columns out of the CSV's order")
	}
	f := reports(t)["data field"].(*Data)
	for _, rec := range f.Rows {
		for k, fd := range rec {
			if fd.Name != f.Columns[k] {
				t.Fatalf("row field %d is %s, column %s", k, fd.Name, f.Columns[k])
			}
			switch fd.Name {
			case "year", "fte":
				if _, ok := fd.Value.(float64); !ok {
					t.Errorf("%s = %#v, want a number", fd.Name, fd.Value)
				}
			case "sd_log":
				if _, ok := fd.Value.(float64); !ok && fd.Value != nil {
					t.Errorf("sd_log = %#v, want a number or null", fd.Value)
				}
			case "source", "in_fit":
				if _, ok := fd.Value.(string); !ok {
					t.Errorf("%s = %#v, want a string", fd.Name, fd.Value)
				}
			}
		}
	}
}

// Warnings are values: the Sobol indices on 64 base samples, a condition
// on few worlds and a default that differs from its fit say so.
func TestWarnings(t *testing.T) {
	rs := reports(t)
	if w := rs["sensitivity"].Warns(); len(w) == 0 || !strings.Contains(w[0], "Sobol indices of") {
		t.Errorf("sensitivity on 64 base samples: warnings %q", w)
	}
	if w := rs["condition"].Warns(); len(w) == 0 || !strings.Contains(w[0], "raise -n") {
		t.Errorf("condition on %d worlds: warnings %q", testN, w)
	}
	if w := rs["run"].Warns(); len(w) != 0 {
		t.Errorf("run: warnings %q", w)
	}
	text, _ := render(t, rs["sensitivity"], "text")
	if strings.Contains(text, "warning") {
		t.Errorf("the text carries warnings; they are the front end's to print")
	}
	def := scenario.Default()
	def.Params["field.growth"].Text = "1% to 2%"
	fit, _ := data.Fit()
	if w := NewFit(fit, nil, def).Warns(); len(w) != 1 || !strings.Contains(w[0], "field.growth: the default 1% to 2% differs") {
		t.Errorf("a default that differs from the fit: warnings %q", w)
	}
}

// ± is labelled wherever a text report prints a standard error with it.
func TestPlusMinusLabelled(t *testing.T) {
	for kind, r := range reports(t) {
		text, err := render(t, r, "text")
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if strings.Contains(text, "± 0.") && !strings.Contains(text, "± is one") && !strings.Contains(text, "± SE") {
			t.Errorf("%s: ± unlabelled:\n%s", kind, text)
		}
	}
}

// params names each parameter's source in its text.
func TestParamsSources(t *testing.T) {
	p := reports(t)["params"].(*Params)
	text, _ := render(t, p, "text")
	for _, row := range p.Params {
		if row.Source != "" && !strings.Contains(text, "  "+row.Path+": "+row.Source+"\n") {
			t.Errorf("params text lacks the source of %s", row.Path)
		}
	}
}

// Text prints a parameter people type as a percentage as one: growth
// rates, fractions and probabilities, not a hazard, a year or a count.
func TestParamPercent(t *testing.T) {
	for _, c := range []struct {
		path   string
		v      float64
		digits int
		want   string
	}{
		{"field.growth", 0.289, 3, "28.9%"},
		{"field.growth", 0.3, -1, "30%"},
		{"lever.growth", 0.5, 4, "50%"},
		{"ai.trust", 0.14, 4, "14%"},
		{"pause.probability", 0.25, 4, "25%"},
		{"brakes.warning_rate", 0.5, 4, "0.5"},
		{"timelines.agi", 2035, 4, "2035"},
		{"field.fte", 38690, 4, "3.869e+04"},
		{"thresholds.governance", math.Inf(1), 4, "+Inf"},
		{"no.such", 0.5, 4, "0.5"},
	} {
		if got := param(c.path, c.v, c.digits); got != c.want {
			t.Errorf("param(%s, %g, %d) = %q, want %q", c.path, c.v, c.digits, got, c.want)
		}
	}
	if got := csvNum(math.Inf(1)) + "," + csvNum(math.Inf(-1)) + "," + csvNum(math.NaN()); got != "inf,-inf," {
		t.Errorf("csvNum of inf, -inf, NaN = %q", got)
	}
}

// An error is never written as none: where it would round to 0.000, prob
// takes more decimals.
func TestProbDecimals(t *testing.T) {
	for _, c := range []struct {
		p, se float64
		want  string
	}{
		{0.44, 0.0016, "0.440 ± 0.002"},
		{0.0235, 0.00048, "0.0235 ± 0.0005"},
		{0.0057, 0.00024, "0.0057 ± 0.0002"},
		{0.001, 0.00004, "0.00100 ± 0.00004"},
		{1, 0, "1.000 ± 0.000"},
		{0.5, 1e-9, "0.500000 ± 0.000000"},
	} {
		if got := prob(c.p, c.se); got != c.want {
			t.Errorf("prob(%v, %v) = %q, want %q", c.p, c.se, got, c.want)
		}
	}
}
