package scenario

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"ontrack/internal/dist"
	"ontrack/internal/model"
)

// Intervention is a named set of overrides: a lever someone could pull.
type Intervention struct {
	Name        string
	Description string
	Set         []Override
	Cost        float64 // fixed dollars a year besides the people it adds; 0 when not given
	CostSource  string
	Pos         Pos
}

// Override is one PATH: VALUE of an intervention. A value "+X" adds X to
// whatever the scenario draws for the parameter.
type Override struct {
	Path, Value string
	Pos         Pos
}

// Apply returns a copy of s with the intervention's overrides applied.
func (iv *Intervention) Apply(s *Scenario) (*Scenario, error) {
	c := s.Clone()
	for _, o := range iv.Set {
		if err := c.override(o); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Check compiles s and s with each of its interventions applied, as
// compare needs them, so that a bad lever is found, and named, before any
// world runs. ontrack validate is this.
func (s *Scenario) Check() error {
	if _, err := Compile(s); err != nil {
		return err
	}
	for i := range s.Interventions {
		iv := &s.Interventions[i]
		c, err := iv.Apply(s)
		if err == nil {
			_, err = Compile(c)
		}
		var se *Error
		if errors.As(err, &se) {
			e := *se
			e.Msg += " (with the intervention " + iv.Name + ")"
			return &e
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Scenario) override(o Override) error {
	switch o.Path {
	case "deadline", "pause.at_agi":
		if err := s.Set(o.Path, o.Value, o.Pos.File); err != nil {
			e := err.(*Error)
			e.Pos = o.Pos
			return e
		}
		return nil
	}
	if strings.HasPrefix(strings.TrimSpace(o.Value), "+") {
		return s.shift(o.Path, o.Value, o.Pos)
	}
	return s.setParam(o.Path, o.Value, o.Pos, 1)
}

// Intervention returns the named intervention.
func (s *Scenario) Intervention(name string) (*Intervention, error) {
	var names []string
	for i := range s.Interventions {
		if s.Interventions[i].Name == name {
			return &s.Interventions[i], nil
		}
		names = append(names, s.Interventions[i].Name)
	}
	msg := fmt.Sprintf("no intervention %q (the scenario has: %s)", name, strings.Join(names, ", "))
	if n := nearest(name, names); n != "" {
		msg = fmt.Sprintf("no intervention %q; did you mean %q?", name, n)
	}
	return nil, &Error{Pos: Pos{File: "scenario"}, Msg: msg}
}

// shift makes a parameter its current value plus a number: "+1000".
func (s *Scenario) shift(path, text string, at Pos) error {
	v, err := dist.Parse(strings.TrimPrefix(strings.TrimSpace(text), "+"))
	pt, ok := v.(dist.Point)
	if err != nil || !ok || math.IsInf(pt.V, 0) {
		return &Error{Pos: at, Path: path, Msg: fmt.Sprintf("%s: after + give a finite number to add", dist.Quote(text))}
	}
	sp, ok := s.Params[path]
	if !ok {
		return &Error{Pos: at, Path: path, Msg: "has no value to add to"}
	}
	c := *sp
	c.Add += pt.V
	c.Text = sp.Text + " " + strings.TrimSpace(text)
	c.Origin = at
	s.Params[path] = &c
	return nil
}

var interventionKeys = "name, description, set, cost and cost_source"

func (s *Scenario) interventions(file string, v *yaml.Node) error {
	if v.Kind != yaml.SequenceNode {
		return &Error{Pos: pos(file, v), Path: "interventions", Msg: "must be a list"}
	}
	if len(v.Content) > MaxInterventions {
		return &Error{Pos: pos(file, v), Path: "interventions", Msg: fmt.Sprintf("%d interventions: at most %d, since compare runs every world once for each", len(v.Content), MaxInterventions)}
	}
	var ivs []Intervention
	seen := map[string]bool{}
	for i, item := range v.Content {
		item = resolve(item)
		path := fmt.Sprintf("interventions[%d]", i)
		if item == nil || item.Kind != yaml.MappingNode {
			return &Error{Pos: pos(file, v.Content[i]), Path: path, Msg: "must be a mapping with " + interventionKeys}
		}
		iv := Intervention{Pos: pos(file, item)}
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, val := resolve(item.Content[j]), resolve(item.Content[j+1])
			at := pos(file, val)
			switch k.Value {
			case "name":
				iv.Name = strings.TrimSpace(val.Value)
			case "description":
				iv.Description = strings.TrimSpace(val.Value)
			case "cost_source":
				iv.CostSource = strings.TrimSpace(val.Value)
			case "cost":
				d, err := dist.Parse(val.Value)
				pt, ok := d.(dist.Point)
				if err != nil || !ok || !(pt.V >= 0) || math.IsInf(pt.V, 0) {
					return &Error{Pos: at, Path: path + ".cost", Msg: fmt.Sprintf("must be fixed dollars a year, such as 50M or 1.2B, got %s", dist.Quote(val.Value))}
				}
				iv.Cost = pt.V
			case "set":
				if val.Kind != yaml.MappingNode {
					return &Error{Pos: at, Path: path + ".set", Msg: "must map parameter paths to values"}
				}
				for m := 0; m+1 < len(val.Content); m += 2 {
					pk, pv := resolve(val.Content[m]), resolve(val.Content[m+1])
					if pk.Value != "deadline" && pk.Value != "pause.at_agi" && model.FieldIndex(pk.Value) < 0 {
						return unknown(pos(file, val.Content[m]), pk.Value)
					}
					text, _, err := valueText(pv)
					if err != nil {
						return &Error{Pos: pos(file, pv), Path: pk.Value, Msg: err.Error()}
					}
					iv.Set = append(iv.Set, Override{Path: pk.Value, Value: text, Pos: pos(file, pv)})
				}
			default:
				return &Error{Pos: pos(file, k), Path: path + "." + k.Value, Msg: "unknown key; an intervention has " + interventionKeys}
			}
		}
		if iv.Name == "" || len(iv.Set) == 0 {
			return &Error{Pos: iv.Pos, Path: path, Msg: "needs a name and a set of overrides"}
		}
		if seen[iv.Name] || iv.Name == "baseline" || strings.ContainsAny(iv.Name, "+, ") {
			return &Error{Pos: iv.Pos, Path: path, Msg: fmt.Sprintf("the name %s is taken or has +, comma or space in it", dist.Quote(iv.Name))}
		}
		seen[iv.Name] = true
		// Check the overrides now, so that mistakes show at validate time.
		for _, o := range iv.Set {
			if err := s.Clone().override(o); err != nil {
				return err
			}
		}
		ivs = append(ivs, iv)
	}
	// A file's levers join those it is laid over, replacing any of the
	// same name, unless it says interventions_replace: true.
	if s.replaceIv {
		s.Interventions = ivs
		return nil
	}
	merged := slices.Clone(s.Interventions)
	for _, iv := range ivs {
		if k := slices.IndexFunc(merged, func(x Intervention) bool { return x.Name == iv.Name }); k >= 0 {
			merged[k] = iv
		} else {
			merged = append(merged, iv)
		}
	}
	s.Interventions = merged
	return nil
}
