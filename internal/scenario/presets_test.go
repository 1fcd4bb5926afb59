package scenario

import (
	"strings"
	"testing"

	"ontrack/internal/data"
)

// The default's growth, field size and effort so far are what `ontrack fit`
// derives from the embedded FTE data.
func TestDefaultIsTheFit(t *testing.T) {
	f, err := data.Fit()
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	for path, want := range map[string]string{
		"field.growth":           f.GrowthText(),
		"field.fte":              f.FTEText(),
		"field.past_growth":      f.GrowthText(),
		"research.reference_fte": f.RefText(),
	} {
		if got := d.Params[path].Text; got != want {
			t.Errorf("default %s = %q; the fit gives %q", path, got, want)
		}
	}
}

// olah-scale's class ranges are the ones the project data give.
func TestOlahScaleFromProjects(t *testing.T) {
	cs, err := data.Classes()
	if err != nil {
		t.Fatal(err)
	}
	s := Default()
	if err := s.ApplyPreset("olah-scale"); err != nil {
		t.Fatal(err)
	}
	text := s.Params["difficulty.total"].Text
	for _, c := range cs {
		if !strings.Contains(text, c.Text()) {
			t.Errorf("olah-scale difficulty %q lacks class %s's range %q", text, c.Name, c.Text())
		}
	}
}

// Every preset loads and compiles, changes something, and gives each value
// it sets a source that names a known key or says it is illustrative or a
// judgement.
func TestPresetsSourced(t *testing.T) {
	keys, err := data.Sources()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Presets() {
		if p.Description == "" {
			t.Errorf("preset %s: no description", p.Name)
		}
		// Laid over an empty scenario, the preset shows exactly what it sets.
		bare := &Scenario{Params: map[string]*Spec{}, Sources: map[string]string{}}
		if err := bare.Overlay(PresetOrigin(p.Name), p.data); err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
			continue
		}
		if len(bare.Params) == 0 {
			t.Errorf("preset %s sets nothing", p.Name)
		}
		for path := range bare.Params {
			src := bare.Sources[path]
			if !sourced(src, keys) {
				t.Errorf("preset %s: %s has source %q, which names no known key and is not a judgement, setting or illustrative", p.Name, path, src)
			}
		}
		s := Default()
		if err := s.ApplyPreset(p.Name); err != nil {
			t.Fatal(err)
		}
		if _, err := Compile(s); err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
		}
		if p.Name != DefaultPreset && len(s.Changes()) == 0 {
			t.Errorf("preset %s changes nothing from the default", p.Name)
		}
	}
}

func sourced(src string, keys map[string]bool) bool {
	for _, w := range []string{"illustrative", "judgement", "setting", "unset", "ontrack fit"} {
		if strings.Contains(src, w) {
			return true
		}
	}
	for k := range keys {
		if strings.Contains(src, k) {
			return true
		}
	}
	return false
}

// Presets compose: the later one wins, and --preset dearnaley undoes what
// came before.
func TestPresetsCompose(t *testing.T) {
	s := Default()
	for _, n := range []string{"optimistic", "no-stacking"} {
		if err := s.ApplyPreset(n); err != nil {
			t.Fatal(err)
		}
	}
	ch := map[string]Change{}
	for _, c := range s.Changes() {
		ch[c.Path] = c
	}
	if ch["research.lambda"].Origin.File != PresetOrigin("no-stacking") || ch["ai.trust"].Origin.File != PresetOrigin("optimistic") {
		t.Errorf("origins: %+v", ch)
	}
	if err := s.ApplyPreset(DefaultPreset); err != nil {
		t.Fatal(err)
	}
	if c := s.Changes(); len(c) != 0 {
		t.Errorf("after --preset dearnaley still changed: %+v", c)
	}
	if err := s.ApplyPreset("olah-scal"); err == nil || !strings.Contains(err.Error(), `"olah-scale"`) {
		t.Errorf("want a suggestion, got %v", err)
	}
}
