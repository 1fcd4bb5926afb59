package scenario

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"ontrack/internal/model"
)

// YAML writes s as a scenario file: every setting, parameter, milestone,
// correlation, source and lever, so that the file laid over the default
// (Load) gives back s. Only where each value came from is lost: read back,
// the file is its origin. A parameter with something added to every draw
// is written as --set shows it, "640 to 1000 +1000", which a file may use.
func (s *Scenario) YAML() ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		root.Content = append(root.Content, str(key), v)
	}
	add("name", str(s.Name))
	if s.Description != "" {
		add("description", str(s.Description))
	}
	add("deadline", str(s.DeadlineAt.String()))
	add("pause.at_agi", str(strconv.FormatBool(s.PauseAtAGI)))

	// Parameters in field order, in their sections.
	sections := map[string]*yaml.Node{}
	for _, f := range model.Fields {
		sp, ok := s.Params[f.Path]
		if !ok {
			continue
		}
		sec, key, nested := strings.Cut(f.Path, ".")
		if !nested {
			add(f.Path, value(sp.Text))
			continue
		}
		m := sections[sec]
		if m == nil {
			m = &yaml.Node{Kind: yaml.MappingNode}
			sections[sec] = m
			add(sec, m)
		}
		m.Content = append(m.Content, str(key), value(sp.Text))
	}

	ms := &yaml.Node{Kind: yaml.SequenceNode}
	for _, m := range s.Milestones {
		ms.Content = append(ms.Content, mapping(
			"name", str(m.Name), "fraction", str(num(m.Fraction)), "deadline", str(m.Deadline.String())))
	}
	add("milestones", ms)

	cs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, c := range s.Correlations {
		cs.Content = append(cs.Content, &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle,
			Content: []*yaml.Node{str(c.A), str(c.B), str(num(c.Rho))}})
	}
	add("correlations", cs)

	if len(s.Sources) > 0 {
		src := &yaml.Node{Kind: yaml.MappingNode}
		keys := make([]string, 0, len(s.Sources))
		for k := range s.Sources {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			src.Content = append(src.Content, str(k), str(s.Sources[k]))
		}
		add("sources", src)
	}

	add("interventions_replace", str("true"))
	ivs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, iv := range s.Interventions {
		set := &yaml.Node{Kind: yaml.MappingNode}
		for _, o := range iv.Set {
			set.Content = append(set.Content, str(o.Path), value(o.Value))
		}
		m := mapping("name", str(iv.Name))
		if iv.Description != "" {
			m.Content = append(m.Content, str("description"), str(iv.Description))
		}
		m.Content = append(m.Content, str("set"), set)
		if iv.Cost != 0 {
			m.Content = append(m.Content, str("cost"), str(num(iv.Cost)))
		}
		if iv.CostSource != "" {
			m.Content = append(m.Content, str("cost_source"), str(iv.CostSource))
		}
		ivs.Content = append(ivs.Content, m)
	}
	add("interventions", ivs)

	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// num writes a number so that it reads back as the same float64.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// str is text, written plain where YAML reads it back as the same text and
// quoted where it would not (a leading {, a colon and space, yes).
func str(s string) *yaml.Node {
	var probe yaml.Node
	if yaml.Unmarshal([]byte(s), &probe) == nil && len(probe.Content) == 1 {
		if n := probe.Content[0]; n.Kind == yaml.ScalarNode && n.Value == s && n.Style == 0 && !strings.ContainsAny(s, "\n#") {
			return &yaml.Node{Kind: yaml.ScalarNode, Value: s}
		}
	}
	n := &yaml.Node{}
	n.SetString(s)
	return n
}

// value is a parameter's value as its text.
func value(text string) *yaml.Node { return str(text) }

func mapping(kv ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Content = append(m.Content, str(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return m
}
