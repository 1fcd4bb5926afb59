package scenario

import (
	"embed"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"ontrack/internal/model"
)

//go:embed presets/*.yaml
var presetFS embed.FS

// Preset is a named, embedded overlay on the default scenario.
type Preset struct {
	Name        string
	Description string
	data        []byte
}

// PresetOrigin is how values from a preset name their origin.
func PresetOrigin(name string) string { return "preset " + name }

// DefaultPreset is the preset that is the default scenario itself.
const DefaultPreset = "dearnaley"

// Presets returns the embedded presets, the default first, then by name.
func Presets() []Preset {
	out := []Preset{{Name: DefaultPreset, Description: defaultScenario().Description, data: defaultYAML}}
	ents, _ := presetFS.ReadDir("presets")
	for _, e := range ents {
		data, _ := presetFS.ReadFile("presets/" + e.Name())
		var head struct{ Name, Description string }
		_ = yaml.Unmarshal(data, &head) // a test checks every preset loads
		out = append(out, Preset{Name: strings.TrimSuffix(e.Name(), ".yaml"), Description: strings.TrimSpace(head.Description), data: data})
	}
	slices.SortStableFunc(out[1:], func(a, b Preset) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// PresetNames lists the presets' names.
func PresetNames() []string {
	var names []string
	for _, p := range Presets() {
		names = append(names, p.Name)
	}
	return names
}

// ApplyPreset lays the named preset over s. The default preset replaces
// everything the default sets, so a later --preset dearnaley undoes an
// earlier preset's changes to the default's parameters.
func (s *Scenario) ApplyPreset(name string) error {
	for _, p := range Presets() {
		if p.Name == name {
			return s.Overlay(PresetOrigin(name), p.data)
		}
	}
	msg := fmt.Sprintf("no preset %q (there are: %s)", name, strings.Join(PresetNames(), ", "))
	if n := nearest(name, PresetNames()); n != "" {
		msg = fmt.Sprintf("no preset %q; did you mean %q? (there are: %s)", name, n, strings.Join(PresetNames(), ", "))
	}
	return &Error{Pos: Pos{File: "--preset"}, Msg: msg}
}

// Changes lists the parameters whose values differ from the embedded
// default, in field order, with where each came from.
func (s *Scenario) Changes() []Change {
	def := defaultScenario()
	var out []Change
	for _, f := range model.Fields {
		sp, ok := s.Params[f.Path]
		d, dok := def.Params[f.Path]
		switch {
		case ok && dok && sp.Text == d.Text, !ok && !dok:
		case ok:
			out = append(out, Change{Path: f.Path, Text: sp.Text, Origin: sp.Origin, Source: s.Sources[f.Path]})
		default:
			out = append(out, Change{Path: f.Path, Text: "(unset)", Source: s.Sources[f.Path]})
		}
	}
	return out
}

// Change is one parameter that differs from the default.
type Change struct {
	Path, Text string
	Origin     Pos
	Source     string
}
