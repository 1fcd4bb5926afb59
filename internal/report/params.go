package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
)

// Params is `ontrack params`: every parameter a scenario may set, with
// its default in s (its scenario), unit, range, meaning and source.
type Params struct {
	Static
	Params []Param `json:"params"`
}

// Param is one parameter.
type Param struct {
	Path    string `json:"path"`
	Default string `json:"default"`
	Unit    string `json:"unit"`
	Range   string `json:"range"`
	Meaning string `json:"meaning"`
	Source  string `json:"source"`
}

// NewParams lists the parameters with their defaults in s.
func NewParams(s *scenario.Scenario) *Params {
	r := &Params{Static: static(s.Name)}
	for i := range model.Fields {
		f := &model.Fields[i]
		def := "(unset)"
		if sp, ok := s.Params[f.Path]; ok {
			def = sp.Text
		}
		r.Params = append(r.Params, Param{f.Path, def, f.Unit, scenario.RangeText(f), f.Meaning, s.Sources[f.Path]})
	}
	r.Params = append(r.Params,
		Param{"deadline", s.DeadlineAt.String(), "", "agi|asi", "which arrival done must beat", "setting"},
		Param{"pause.at_agi", strconv.FormatBool(s.PauseAtAGI), "", "true|false", "the lever pause starts at AGI instead of pause.start", "setting"},
	)
	return r
}

// WriteJSON writes the list as JSON.
func (r *Params) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteCSV writes a row per parameter.
func (r *Params) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"path", "default", "unit", "range", "meaning", "source"})
	for _, p := range r.Params {
		_ = cw.Write([]string{p.Path, p.Default, p.Unit, p.Range, p.Meaning, p.Source})
	}
	cw.Flush()
	return cw.Error()
}

// WriteText writes a table of the parameters, each with its source on
// the line below.
func (r *Params) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "path\tdefault\tunit\trange\tmeaning\n")
	for _, p := range r.Params {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.Path, p.Default, p.Unit, p.Range, p.Meaning)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nSources:")
	for _, p := range r.Params {
		fmt.Fprintf(w, "  %s: %s\n", p.Path, p.Source)
	}
	_, err := fmt.Fprintln(w, "\nMODEL.md explains each. Milestones and correlations are set in scenario files; see MODEL.md.")
	return err
}
