// Package scenario reads scenario files: every model parameter at a dotted
// path, as a number or a distribution, plus the milestones, deadlines and
// rank correlations of a view of the world. It checks them once, naming the
// file, line, column and parameter of any mistake, and compiles them into a
// Plan that turns a world's uniform draws into model parameters.
package scenario

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"ontrack/internal/dist"
	"ontrack/internal/fault"
	"ontrack/internal/model"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultName is how the embedded default scenario names itself in errors.
const DefaultName = "default.yaml (embedded)"

// Pos is where a value was written: a file position, or a flag.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is a mistake in a scenario or an override. It names where it is
// and the parameter path it concerns, and wraps its cause if it has one
// (a *dist.SyntaxError, an I/O error). Its kind is fault.Invalid, or
// fault.TooLarge for a file over MaxFileBytes.
type Error struct {
	Pos  Pos
	Path string
	Msg  string
	Err  error // the cause, or nil; Msg already says what it says

	tooLarge bool
}

// Kind says whether the mistake is bad input or input too large.
func (e *Error) Kind() fault.Kind {
	if e.tooLarge {
		return fault.TooLarge
	}
	return fault.Invalid
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	if e.Path != "" {
		b.WriteString(": " + e.Path)
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}

// Spec is one parameter's value as written and where it came from.
type Spec struct {
	Dist   dist.Dist
	Text   string
	Origin Pos
	Add    float64 // added to every draw: an intervention's "+X"
}

// Correlation is a Spearman rank correlation between two parameters,
// imposed through a Gaussian copula.
type Correlation struct {
	A, B string
	Rho  float64
	Pos  Pos
}

// Scenario is a complete view of the world: the default with overlays on it.
type Scenario struct {
	Name         string
	Description  string
	Params       map[string]*Spec
	Sources      map[string]string // path -> source key or "judgement: ..."
	DeadlineAt   model.Deadline
	PauseAtAGI   bool
	Milestones   []model.Milestone
	Correlations []Correlation
	// Interventions are the levers compare evaluates, in file order.
	Interventions []Intervention

	replaceIv bool // the file being laid over says interventions_replace: true
	// fileSources are the paths whose sources the file being laid over
	// gives.
	fileSources map[string]bool
}

// Default returns the embedded default scenario, Roger Dearnaley's view,
// as a copy the caller may change.
func Default() *Scenario { return defaultScenario().Clone() }

var defaultScenario = sync.OnceValue(func() *Scenario {
	s := &Scenario{Params: map[string]*Spec{}, Sources: map[string]string{}}
	if err := s.Overlay(DefaultName, defaultYAML); err != nil {
		panic("embedded default scenario: " + err.Error()) // a test keeps this from happening
	}
	return s
})

// Load returns the default scenario with the file's contents laid over it.
func Load(name string, data []byte) (*Scenario, error) {
	s := Default()
	if err := s.Overlay(name, data); err != nil {
		return nil, err
	}
	return s, nil
}

// Clone returns a copy that can be changed without touching s.
func (s *Scenario) Clone() *Scenario {
	c := *s
	c.Params = make(map[string]*Spec, len(s.Params))
	for k, v := range s.Params {
		vv := *v
		c.Params[k] = &vv
	}
	c.Sources = make(map[string]string, len(s.Sources))
	for k, v := range s.Sources {
		c.Sources[k] = v
	}
	c.Milestones = append([]model.Milestone(nil), s.Milestones...)
	c.Correlations = append([]Correlation(nil), s.Correlations...)
	c.Interventions = append([]Intervention(nil), s.Interventions...)
	return &c
}

// topKeys are the keys a scenario file may use besides parameter sections.
var topKeys = []string{"name", "description", "deadline", "milestones", "correlations", "interventions", "interventions_replace", "sources", "pause.at_agi"}

// Overlay lays a YAML scenario over s. Anything it sets replaces what s had;
// a list of milestones or correlations replaces the whole list; a list of
// interventions adds to the levers already there (replacing any of the
// same name) unless the file sets interventions_replace: true. A file may
// set each parameter once, whether as a dotted path or in its section.
func (s *Scenario) Overlay(name string, data []byte) error {
	doc, err := parseYAML(name, data)
	if err != nil || doc == nil {
		return err // an empty file changes nothing
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return &Error{Pos: pos(name, root), Msg: "a scenario must be a mapping of names to values"}
	}
	s.replaceIv = false
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k, v := resolve(root.Content[i]), resolve(root.Content[i+1]); k != nil && v != nil && k.Value == "interventions_replace" {
			b, err := strconv.ParseBool(v.Value)
			if err != nil || v.Kind != yaml.ScalarNode {
				return &Error{Pos: pos(name, v), Path: k.Value, Msg: "must be true or false"}
			}
			s.replaceIv = b
		}
	}
	s.fileSources = map[string]bool{}
	defer func() { s.replaceIv, s.fileSources = false, nil }()
	seen := map[string]Pos{}
	if err := s.walk(name, "", root, seen); err != nil {
		return err
	}
	// A value the file sets without a source of its own is no longer the
	// value the source before it described.
	for path := range seen {
		if model.FieldIndex(path) >= 0 && !s.fileSources[path] {
			delete(s.Sources, path)
		}
	}
	return nil
}

func pos(file string, n *yaml.Node) Pos { return Pos{File: file, Line: n.Line, Col: n.Column} }

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// walk sets what mapping m gives, its keys under prefix. seen holds the
// paths the file has set so far, to refuse one set twice.
func (s *Scenario) walk(file, prefix string, m *yaml.Node, seen map[string]Pos) error {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := resolve(m.Content[i]), resolve(m.Content[i+1])
		if k == nil || v == nil || k.Kind != yaml.ScalarNode {
			return &Error{Pos: pos(file, m.Content[i]), Msg: "keys must be plain names"}
		}
		path := k.Value
		if prefix != "" {
			path = prefix + "." + k.Value
		}
		at := pos(file, m.Content[i])
		if first, ok := seen[path]; ok {
			return &Error{Pos: at, Path: clipPath(path), Msg: fmt.Sprintf("set twice in this file, here and at line %d, column %d", first.Line, first.Col)}
		}
		seen[path] = at
		if err := s.set(file, path, k, v, seen); err != nil {
			return err
		}
	}
	return nil
}

func (s *Scenario) set(file, path string, k, v *yaml.Node, seen map[string]Pos) error {
	at := pos(file, v)
	switch path {
	case "name", "description":
		if v.Kind != yaml.ScalarNode {
			return &Error{Pos: at, Path: path, Msg: "must be text"}
		}
		if path == "name" {
			s.Name = v.Value
		} else {
			s.Description = strings.TrimSpace(v.Value)
		}
		return nil
	case "deadline":
		d, err := parseDeadline(v.Value)
		if err != nil || v.Kind != yaml.ScalarNode {
			return &Error{Pos: at, Path: path, Msg: "must be agi or asi"}
		}
		s.DeadlineAt = d
		return nil
	case "pause.at_agi":
		b, err := strconv.ParseBool(v.Value)
		if err != nil || v.Kind != yaml.ScalarNode {
			return &Error{Pos: at, Path: path, Msg: "must be true or false"}
		}
		s.PauseAtAGI = b
		return nil
	case "interventions_replace":
		return nil // read before the walk
	case "milestones":
		return s.milestones(file, v)
	case "correlations":
		return s.correlations(file, v)
	case "interventions":
		return s.interventions(file, v)
	case "sources":
		if v.Kind != yaml.MappingNode {
			return &Error{Pos: at, Path: path, Msg: "must map parameter paths to sources"}
		}
		for i := 0; i+1 < len(v.Content); i += 2 {
			pk, pv := resolve(v.Content[i]), resolve(v.Content[i+1])
			if pk == nil || pv == nil || model.FieldIndex(pk.Value) < 0 && !isTopKey(pk.Value) {
				return unknown(pos(file, v.Content[i]), v.Content[i].Value)
			}
			if pv.Kind != yaml.ScalarNode {
				return &Error{Pos: pos(file, pv), Path: "sources." + pk.Value, Msg: "must be text: a source key or \"judgement: ...\""}
			}
			s.Sources[pk.Value] = strings.TrimSpace(pv.Value)
			s.fileSources[pk.Value] = true
		}
		return nil
	}
	fi := model.FieldIndex(path)
	if fi < 0 {
		if v.Kind == yaml.MappingNode && !isQuantiles(v) && hasSection(path) {
			return s.walk(file, path, v, seen)
		}
		return unknown(pos(file, k), path)
	}
	text, col, err := valueText(v)
	if err != nil {
		return &Error{Pos: at, Path: path, Msg: err.Error()}
	}
	at = Pos{File: file, Line: v.Line, Col: v.Column}
	if base, shifts := splitShifts(text); len(shifts) > 0 {
		// "640 to 1000 +1000": a value and what --set PATH=+X added to
		// it, as Changes and ontrack show write them.
		if err := s.setParam(path, base, at, col); err != nil {
			return err
		}
		for _, sh := range shifts {
			if err := s.shift(path, sh, at); err != nil {
				return err
			}
		}
		return nil
	}
	return s.setParam(path, text, at, col)
}

// splitShifts splits a value followed by shifts, "640 to 1000 +1000 +300",
// into the value and the shifts, when the whole is no distribution but the
// value is. Otherwise it returns text and no shifts. It peels at most
// maxShifts, so that a hostile value costs a bounded number of parses.
func splitShifts(text string) (base string, shifts []string) {
	if _, err := dist.Parse(text); err == nil {
		return text, nil
	}
	base = strings.TrimSpace(text)
	for range maxShifts {
		i := strings.LastIndex(base, " +")
		if i < 0 {
			return text, nil
		}
		shifts = append([]string{strings.TrimSpace(base[i+1:])}, shifts...)
		base = strings.TrimSpace(base[:i])
		if _, err := dist.Parse(base); err == nil && base != "" {
			return base, shifts
		}
	}
	return text, nil
}

// maxShifts bounds the shifts one value written in a file may carry.
const maxShifts = 100

// Set overrides a parameter, a deadline or the pause trigger from a flag
// such as --set field.growth=50%. origin names the flag in errors.
func (s *Scenario) Set(path, value, origin string) error {
	at := Pos{File: origin}
	switch path {
	case "deadline":
		d, err := parseDeadline(value)
		if err != nil {
			return &Error{Pos: at, Path: path, Msg: "must be agi or asi"}
		}
		s.DeadlineAt = d
		return nil
	case "pause.at_agi":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return &Error{Pos: at, Path: path, Msg: "must be true or false"}
		}
		s.PauseAtAGI = b
		return nil
	}
	if model.FieldIndex(path) < 0 {
		return unknown(at, path)
	}
	if strings.HasPrefix(strings.TrimSpace(value), "+") {
		return s.shift(path, value, at) // the source still describes the base
	}
	if err := s.setParam(path, value, at, 1); err != nil {
		return err
	}
	delete(s.Sources, path) // it described the value this one replaces
	return nil
}

// setParam parses text as the value of a parameter. col is the column of
// the text's first character at pos, for errors inside the text.
func (s *Scenario) setParam(path, text string, at Pos, col int) error {
	f := &model.Fields[model.FieldIndex(path)]
	d, err := dist.Parse(text)
	if err != nil {
		var se *dist.SyntaxError
		if errors.As(err, &se) {
			if at.Line > 0 {
				if col > 0 {
					at.Col += col - 1 + se.Col - 1
				}
				return &Error{Pos: at, Path: path, Msg: se.Msg, Err: err}
			}
			return &Error{Pos: at, Path: path, Msg: fmt.Sprintf("%s: %s", dist.Quote(text), err), Err: err}
		}
		return &Error{Pos: at, Path: path, Msg: err.Error(), Err: err}
	}
	if err := checkRange(f, d); err != nil {
		return &Error{Pos: at, Path: path, Msg: dist.Quote(strings.TrimSpace(text)) + " " + err.Error(), Err: err}
	}
	s.Params[path] = &Spec{Dist: d, Text: strings.TrimSpace(text), Origin: at}
	// R comes from difficulty.total or from E0/f0: the one set last wins.
	switch path {
	case "difficulty.total":
		delete(s.Params, "difficulty.done_so_far")
	case "difficulty.done_so_far":
		delete(s.Params, "difficulty.total")
	}
	return nil
}

// checkRange tells whether d fits the field: a fixed field takes a number, a
// number must lie in the natural range, and a distribution must put some
// mass inside it. Its message follows the value as the user wrote it.
func checkRange(f *model.Field, d dist.Dist) error {
	pt, isPoint := d.(dist.Point)
	if f.Fixed && !isPoint {
		return errors.New("is a distribution: this setting takes a number")
	}
	if isPoint {
		if pt.V < f.Lo || pt.V > f.Hi {
			return fmt.Errorf("is outside the allowed range %s", RangeText(f))
		}
		if f.Path == "sim.step" && pt.V > 0 && pt.V < model.MinStep {
			return fmt.Errorf("is below the finest knot spacing %g (0 is the exact engine)", model.MinStep)
		}
		return nil
	}
	if _, err := dist.Truncate(d, f.Lo, f.Hi); err != nil {
		return fmt.Errorf("%w %s", err, RangeText(f))
	}
	return nil
}

// RangeText shows a field's natural range, e.g. (-1, 10] or [0, 1].
func RangeText(f *model.Field) string {
	lo, hi := "[", "]"
	l, h := f.Lo, f.Hi
	if l > -1 && l < 0 && math.Nextafter(-1, 0) == l {
		lo, l = "(", -1
	}
	return fmt.Sprintf("%s%s, %s%s", lo, fmtNum(l), fmtNum(h), hi)
}

func fmtNum(v float64) string {
	if math.IsInf(v, 1) {
		return "inf"
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// valueText returns the text of a parameter's YAML value and the column
// offset (1-based) of that text within the node, for errors in it, or 0
// when the text is rebuilt and its columns do not match the file's.
func valueText(v *yaml.Node) (string, int, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		col := 1
		if v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			col = 2
		}
		if v.Value == "" {
			return "", 0, errors.New("has no value: give a number or a distribution")
		}
		return v.Value, col, nil
	case yaml.MappingNode:
		if !isQuantiles(v) {
			return "", 0, errors.New("a mapping here must give quantiles, such as {p10: 2028, p50: 2033, p90: 2050}, and optionally a lower bound, above: 2023")
		}
		var b strings.Builder
		b.WriteByte('{')
		for i := 0; i+1 < len(v.Content); i += 2 {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(resolve(v.Content[i]).Value + ": " + resolve(v.Content[i+1]).Value)
		}
		b.WriteByte('}')
		return b.String(), 0, nil // errors point at the mapping, not inside it
	}
	return "", 0, errors.New("must be a number or a distribution, not a list")
}

func isQuantiles(v *yaml.Node) bool {
	if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
		return false
	}
	for i := 0; i < len(v.Content); i += 2 {
		k := resolve(v.Content[i])
		isP := k != nil && len(k.Value) >= 2 && (k.Value[0] == 'p' || k.Value[0] == 'P') && k.Value[1] >= '0' && k.Value[1] <= '9'
		if !isP && (k == nil || !strings.EqualFold(k.Value, "above")) {
			return false
		}
		if i+1 >= len(v.Content) || resolve(v.Content[i+1]) == nil || resolve(v.Content[i+1]).Kind != yaml.ScalarNode {
			return false
		}
	}
	return true
}

// hasSection reports whether some parameter lives under prefix.
func hasSection(prefix string) bool { return len(section(prefix)) > 0 }

func isTopKey(k string) bool {
	for _, t := range topKeys {
		if t == k {
			return true
		}
	}
	return false
}

func parseDeadline(v string) (model.Deadline, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "asi":
		return model.AtASI, nil
	case "agi":
		return model.AtAGI, nil
	}
	return 0, errors.New("bad deadline")
}

// Paths returns every name a scenario may set, parameters first, then the
// other keys and the sections.
func Paths() []string {
	ps := make([]string, 0, len(model.Fields)+len(topKeys))
	for _, f := range model.Fields {
		ps = append(ps, f.Path)
	}
	ps = append(ps, topKeys...)
	seen := map[string]bool{}
	for _, f := range model.Fields {
		if i := strings.IndexByte(f.Path, '.'); i > 0 && !seen[f.Path[:i]] {
			seen[f.Path[:i]] = true
			ps = append(ps, f.Path[:i])
		}
	}
	return ps
}

func unknown(at Pos, path string) error {
	if params := section(path); len(params) > 0 {
		return &Error{Pos: at, Path: path, Msg: fmt.Sprintf("is a section, not a parameter: set one of its parameters, %s", strings.Join(params, ", "))}
	}
	msg := "unknown parameter"
	if len(path) <= 100 { // an edit distance costs the product of the lengths
		if near := nearest(path, Paths()); near != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", near)
		}
	}
	msg += "; `ontrack params` lists them all"
	return &Error{Pos: at, Path: clipPath(path), Msg: msg}
}

// section lists the parameters under prefix, if it names a section.
func section(prefix string) []string {
	var ps []string
	for _, f := range model.Fields {
		if strings.HasPrefix(f.Path, prefix+".") {
			ps = append(ps, f.Path)
		}
	}
	if prefix == "pause" {
		ps = append(ps, "pause.at_agi")
	}
	return ps
}

// nearest returns the candidate closest to s by edit distance, if it is
// close enough to be a plausible slip.
func nearest(s string, cands []string) string {
	best, bestD := "", math.MaxInt
	for _, c := range cands {
		d := EditDistance(s, c)
		// A name that ends the same way (growth vs field.growth) is close too.
		if i := strings.LastIndexByte(c, '.'); i >= 0 && c[i+1:] == s[strings.LastIndexByte(s, '.')+1:] {
			d = min(d, 2)
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	if bestD > max(3, len(s)/3) {
		return ""
	}
	return best
}

// EditDistance counts the insertions, deletions, substitutions and swaps
// of neighbours that turn a into b (the optimal string alignment
// distance), so that growht is one slip from growth and --rnu from --run.
// The hints in scenario errors and on the command line both use it.
func EditDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func (s *Scenario) milestones(file string, v *yaml.Node) error {
	if v.Kind != yaml.SequenceNode {
		return &Error{Pos: pos(file, v), Path: "milestones", Msg: "must be a list"}
	}
	if len(v.Content) > model.MaxMilestones {
		return &Error{Pos: pos(file, v), Path: "milestones", Msg: fmt.Sprintf("%d milestones: at most %d", len(v.Content), model.MaxMilestones)}
	}
	var ms []model.Milestone
	seen := map[string]bool{}
	for i, item := range v.Content {
		item = resolve(item)
		path := fmt.Sprintf("milestones[%d]", i)
		if item == nil || item.Kind != yaml.MappingNode {
			return &Error{Pos: pos(file, v.Content[i]), Path: path, Msg: "must be a mapping with name, fraction and deadline"}
		}
		m := model.Milestone{}
		hasFrac := false
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, val := resolve(item.Content[j]), resolve(item.Content[j+1])
			at := pos(file, val)
			switch k.Value {
			case "name":
				m.Name = strings.TrimSpace(val.Value)
			case "fraction":
				d, err := dist.Parse(val.Value)
				pt, ok := d.(dist.Point)
				if err != nil || !ok || !(pt.V > 0 && pt.V <= 1) {
					return &Error{Pos: at, Path: path + ".fraction", Msg: fmt.Sprintf("must be a number in (0, 1], got %s", dist.Quote(val.Value))}
				}
				m.Fraction, hasFrac = pt.V, true
			case "deadline":
				d, err := parseDeadline(val.Value)
				if err != nil {
					return &Error{Pos: at, Path: path + ".deadline", Msg: "must be agi or asi"}
				}
				m.Deadline = d
			case "handover":
				return &Error{Pos: pos(file, k), Path: path + ".handover", Msg: "handover now comes with the threshold safe_to_help (MODEL.md §4); a milestone has name, fraction and deadline"}
			default:
				return &Error{Pos: pos(file, k), Path: path + "." + clipPath(k.Value), Msg: "unknown key; a milestone has name, fraction and deadline"}
			}
		}
		if m.Name == "" || !hasFrac {
			return &Error{Pos: pos(file, item), Path: path, Msg: "needs a name and a fraction"}
		}
		if seen[m.Name] || m.Name == "done" || slices.Contains(model.ThresholdNames[:], m.Name) {
			return &Error{Pos: pos(file, item), Path: path, Msg: fmt.Sprintf("the name %s is already taken", dist.Quote(m.Name))}
		}
		seen[m.Name] = true
		ms = append(ms, m)
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Fraction < ms[j].Fraction })
	s.Milestones = ms
	return nil
}

func (s *Scenario) correlations(file string, v *yaml.Node) error {
	if v.Kind != yaml.SequenceNode {
		return &Error{Pos: pos(file, v), Path: "correlations", Msg: "must be a list of [path, path, rho]"}
	}
	if n := len(model.Fields); len(v.Content) > n*(n-1)/2 {
		return &Error{Pos: pos(file, v), Path: "correlations", Msg: fmt.Sprintf("%d correlations: there are only %d pairs of parameters", len(v.Content), n*(n-1)/2)}
	}
	var cs []Correlation
	pairs := map[[2]string]Pos{}
	for i, item := range v.Content {
		item = resolve(item)
		path := fmt.Sprintf("correlations[%d]", i)
		at := pos(file, v.Content[i])
		if item == nil || item.Kind != yaml.SequenceNode || len(item.Content) != 3 {
			return &Error{Pos: at, Path: path, Msg: "must be [path, path, rho]"}
		}
		a, b, r := resolve(item.Content[0]), resolve(item.Content[1]), resolve(item.Content[2])
		for _, n := range []*yaml.Node{a, b, r} {
			if n.Kind != yaml.ScalarNode {
				return &Error{Pos: pos(file, n), Path: path, Msg: "must be [path, path, rho], each a plain value"}
			}
		}
		for _, n := range []*yaml.Node{a, b} {
			fi := model.FieldIndex(n.Value)
			if fi < 0 {
				return unknown(pos(file, n), n.Value)
			}
			if model.Fields[fi].Fixed {
				return &Error{Pos: pos(file, n), Path: n.Value, Msg: "is a fixed setting and cannot be correlated"}
			}
		}
		if a.Value == b.Value {
			return &Error{Pos: at, Path: path, Msg: "a parameter cannot be correlated with itself"}
		}
		rho, err := strconv.ParseFloat(r.Value, 64)
		if err != nil || !(rho > -1 && rho < 1) {
			return &Error{Pos: pos(file, r), Path: path, Msg: fmt.Sprintf("rank correlation must be a number strictly between -1 and 1, got %s", dist.Quote(r.Value))}
		}
		pair := [2]string{min(a.Value, b.Value), max(a.Value, b.Value)}
		if first, ok := pairs[pair]; ok {
			return &Error{Pos: at, Path: path, Msg: fmt.Sprintf("correlates %s and %s again (first at line %d, column %d)", a.Value, b.Value, first.Line, first.Col)}
		}
		pairs[pair] = at
		cs = append(cs, Correlation{A: a.Value, B: b.Value, Rho: rho, Pos: at})
	}
	s.Correlations = cs
	return nil
}
