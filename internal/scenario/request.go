package scenario

import (
	"strings"
)

// NamedText is a scenario file's text and the name its messages give it
// ("my-view.yaml", "stdin", a form's field).
type NamedText struct {
	Name string
	Text []byte
}

// Request is a scenario as a front end asks for it: the presets laid over
// the default in order, then the files in order, then the overrides, each
// PATH=VALUE as --set takes it ("field.growth=50%", "field.fte=+1000").
// A command line, a form and an HTTP body that say the same build the same
// scenario, with the same origins in errors and in Changes.
type Request struct {
	Presets []string
	Files   []NamedText
	Sets    []string
}

// Build returns the scenario r asks for. Its name is the presets' names
// joined by +, followed by +NAME for each file that names itself, or the
// default's or the file's own name when there are no presets.
func (r Request) Build() (*Scenario, error) {
	s := Default()
	for _, name := range r.Presets {
		if err := s.ApplyPreset(name); err != nil {
			return nil, err
		}
	}
	if len(r.Presets) > 0 {
		s.Name = strings.Join(r.Presets, "+")
	}
	for _, f := range r.Files {
		before := s.Name
		if err := s.Overlay(f.Name, f.Text); err != nil {
			return nil, err
		}
		if len(r.Presets) > 0 && s.Name != before {
			s.Name = before + "+" + s.Name
		}
	}
	for _, kv := range r.Sets {
		if err := s.SetFlag(kv); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// SetFlag applies one override written PATH=VALUE, as --set takes it; its
// origin in errors and in Changes is "--set PATH=VALUE", cut short where
// it is long (the value itself is quoted where it matters).
func (s *Scenario) SetFlag(kv string) error {
	origin := "--set " + clipPath(kv)
	path, val, ok := strings.Cut(kv, "=")
	if !ok || strings.TrimSpace(path) == "" {
		return &Error{Pos: Pos{File: origin}, Msg: "expected PATH=VALUE"}
	}
	return s.Set(strings.TrimSpace(path), val, origin)
}
