package scenario

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"ontrack/internal/fault"
)

// A request builds what the command's steps build, in the same order, with
// the same name and origins.
func TestRequestBuild(t *testing.T) {
	file := NamedText{Name: "my.yaml", Text: []byte("name: mine\nfield:\n  growth: 30% to 50%\n")}
	s, err := Request{Presets: []string{"olah-scale", "no-stacking"}, Files: []NamedText{file},
		Sets: []string{"timelines.agi=2031", "field.fte=+1000"}}.Build()
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	for _, p := range []string{"olah-scale", "no-stacking"} {
		if err := want.ApplyPreset(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := want.Overlay("my.yaml", file.Text); err != nil {
		t.Fatal(err)
	}
	for _, kv := range []string{"timelines.agi=2031", "field.fte=+1000"} {
		path, v, _ := strings.Cut(kv, "=")
		if err := want.Set(path, v, "--set "+kv); err != nil {
			t.Fatal(err)
		}
	}
	if s.Name != "olah-scale+no-stacking+mine" {
		t.Errorf("name %q, want olah-scale+no-stacking+mine", s.Name)
	}
	got, exp := s.Changes(), want.Changes()
	if len(got) != len(exp) {
		t.Fatalf("%d changes, want %d", len(got), len(exp))
	}
	for i := range got {
		if got[i] != exp[i] {
			t.Errorf("change %d: %+v, want %+v", i, got[i], exp[i])
		}
	}
	for _, c := range got {
		if c.Path == "field.growth" && c.Origin.String() != "my.yaml:3:11" {
			t.Errorf("field.growth from %s, want my.yaml:3:11", c.Origin)
		}
		if c.Path == "field.fte" && (c.Origin.String() != "--set field.fte=+1000" || !strings.HasSuffix(c.Text, " +1000")) {
			t.Errorf("field.fte: %q from %s", c.Text, c.Origin)
		}
	}

	for _, c := range []struct {
		r    Request
		want string
	}{
		{Request{Presets: []string{"olah-scal"}}, `--preset: no preset "olah-scal"; did you mean "olah-scale"?`},
		{Request{Files: []NamedText{{"bad.yaml", []byte("field:\n  growth: 30% to\n")}}}, "bad.yaml:2:"},
		{Request{Sets: []string{"field.growth"}}, "--set field.growth: expected PATH=VALUE"},
		{Request{Sets: []string{"field.grwoth=3"}}, "--set field.grwoth=3: field.grwoth: unknown parameter (did you mean field.growth?)"},
	} {
		_, err := c.r.Build()
		var e *Error
		if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want a scenario error starting %q", c.r, err, c.want)
		}
	}
}

// A scenario written by YAML and read back is the same scenario, apart from
// where its values came from: for the default, every preset, overrides
// with shifts, and a file with milestones, correlations and levers.
func TestYAMLRoundTrip(t *testing.T) {
	file := NamedText{Name: "mine.yaml", Text: []byte(`name: mine
description: |
  two lines
  of description
deadline: agi
milestones:
  - {name: half, fraction: 0.5, deadline: asi}
correlations:
  - [timelines.agi, ai.multiplier_agi, -0.4]
interventions:
  - name: fund-mats
    set:
      field.fte: +300
      timelines.agi: {p10: 2030, p50: 2035, p90: 2060}
    cost: 10M
    cost_source: "judgement: yes: a colon"
`)}
	reqs := []Request{
		{},
		{Sets: []string{"field.fte=+1000", "field.fte=+ 1e3", "timelines.agi=2031", "timelines.takeoff=0", "pause.at_agi=true", "deadline=agi"}},
		{Sets: []string{"difficulty.total=1M to 10M"}},
		{Presets: []string{"no-stacking", "futures-lifland"}, Files: []NamedText{file}, Sets: []string{"field.growth=50%"}},
	}
	for _, p := range PresetNames() {
		reqs = append(reqs, Request{Presets: []string{p}})
	}
	for _, r := range reqs {
		s, err := r.Build()
		if err != nil {
			t.Fatal(err)
		}
		y, err := s.YAML()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Load("shown.yaml", y)
		if err != nil {
			t.Fatalf("%+v: reading back: %v\n%s", r, err, y)
		}
		if d := diffScenarios(s, back); d != "" {
			t.Errorf("%+v: read back, %s\n%s", r, d, y)
		}
		// And once more: the text is a fixed point.
		y2, err := back.YAML()
		if err != nil || string(y2) != string(y) {
			t.Errorf("%+v: writing the read-back scenario gives other text", r)
		}
	}
}

func diffScenarios(a, b *Scenario) string {
	switch {
	case a.Name != b.Name:
		return fmt.Sprintf("name %q, want %q", b.Name, a.Name)
	case a.Description != b.Description:
		return fmt.Sprintf("description %q, want %q", b.Description, a.Description)
	case a.DeadlineAt != b.DeadlineAt || a.PauseAtAGI != b.PauseAtAGI:
		return "deadline or pause.at_agi differ"
	case !maps.Equal(a.Sources, b.Sources):
		return "sources differ"
	case !slices.Equal(a.Milestones, b.Milestones):
		return fmt.Sprintf("milestones %v, want %v", b.Milestones, a.Milestones)
	case len(a.Params) != len(b.Params):
		return fmt.Sprintf("%d parameters, want %d", len(b.Params), len(a.Params))
	case len(a.Correlations) != len(b.Correlations):
		return "correlations differ"
	case len(a.Interventions) != len(b.Interventions):
		return "interventions differ"
	}
	for k, p := range a.Params {
		q := b.Params[k]
		if q == nil || p.Text != q.Text || p.Add != q.Add || reflect.TypeOf(p.Dist) != reflect.TypeOf(q.Dist) {
			return fmt.Sprintf("%s: %+v, want %+v", k, q, p)
		}
		// The same distribution: the same quantiles, to the bit. (A
		// mixture caches a table once drawn from, so no DeepEqual.)
		for _, u := range []float64{1e-9, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-9} {
			if a, b := p.Dist.Quantile(u), q.Dist.Quantile(u); a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
				return fmt.Sprintf("%s: quantile %g is %g, want %g", k, u, b, a)
			}
		}
	}
	for i, c := range a.Correlations {
		d := b.Correlations[i]
		if c.A != d.A || c.B != d.B || c.Rho != d.Rho {
			return fmt.Sprintf("correlation %d: %+v, want %+v", i, d, c)
		}
	}
	for i, iv := range a.Interventions {
		jv := b.Interventions[i]
		if iv.Name != jv.Name || iv.Description != jv.Description || iv.Cost != jv.Cost || iv.CostSource != jv.CostSource || len(iv.Set) != len(jv.Set) {
			return fmt.Sprintf("intervention %d: %+v, want %+v", i, jv, iv)
		}
		for k, o := range iv.Set {
			if o.Path != jv.Set[k].Path || o.Value != jv.Set[k].Value {
				return fmt.Sprintf("intervention %s: %+v, want %+v", iv.Name, jv.Set[k], o)
			}
		}
	}
	return ""
}

// "-" is standard input, named stdin in messages; anything else is a file.
func TestReadArg(t *testing.T) {
	if f, err := ReadArg("-", strings.NewReader("name: x\n")); err != nil || f.Name != StdinName || string(f.Text) != "name: x\n" {
		t.Errorf("ReadArg(-) = %q %q, %v", f.Name, f.Text, err)
	}
	if f, err := ReadArg("-", nil); err != nil || f.Name != StdinName || len(f.Text) != 0 {
		t.Errorf("ReadArg(-) with no stdin = %q %q, %v", f.Name, f.Text, err)
	}
	path := filepath.Join(t.TempDir(), "v.yaml")
	if err := os.WriteFile(path, []byte("name: v\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if f, err := ReadArg(path, nil); err != nil || f.Name != path || string(f.Text) != "name: v\n" {
		t.Errorf("ReadArg(%s) = %q %q, %v", path, f.Name, f.Text, err)
	}
	if _, err := ReadArg(path+".missing", nil); fault.KindOf(err) != fault.Invalid {
		t.Errorf("a missing file: %v, want invalid input", err)
	}
	big := strings.NewReader(strings.Repeat("#", MaxFileBytes+1))
	if _, err := ReadArg("-", big); err == nil {
		t.Error("standard input beyond MaxFileBytes was read")
	}
}

// A long --set gives a short error: the origin is cut and the value quoted
// cut, however the value goes wrong.
func TestSetFlagLong(t *testing.T) {
	long := strings.Repeat("7", 5000)
	for _, v := range []string{long, long + "x", "{p" + long + ": 1, p90: 2}", "normal" + strings.Repeat("a", 5000) + "(1, 2)",
		strings.Repeat("T", 5000) + "0!", "mixture(" + long + ")"} {
		s, err := Load("default.yaml", []byte(defaultYAML))
		if err != nil {
			t.Fatal(err)
		}
		err = s.SetFlag("field.growth=" + v)
		if err == nil {
			t.Errorf("%.20s...: no error", v)
			continue
		}
		if n := len(err.Error()); n > 600 {
			t.Errorf("%.20s...: a message of %d bytes: %.300s", v, n, err)
		}
	}
}
