// Package data holds ontrack's embedded data sets, each a CSV file whose
// rows carry a source key (a row of sources.csv) and a status, and the fits
// that turn them into the default scenario's numbers.
package data

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"

	"ontrack/internal/fault"
)

//go:embed *.csv
var files embed.FS

// Set is one embedded data set.
type Set struct {
	Name       string
	About      string
	Header     []string
	Rows       [][]string
	Raw        []byte // the file as embedded, for printing it unchanged
	sourceCols []int  // columns holding source keys (separated by "; ")
	statusCol  int
}

// Col returns the index of a named column, or -1.
func (s *Set) Col(name string) int { return slices.Index(s.Header, name) }

// catalogue lists the data sets in the order `ontrack data` shows them.
var catalogue = []struct{ name, about string }{
	{"field", "AI safety FTEs by year, technical and non-technical (the fit uses rows with in_fit=yes)"},
	{"growth", "published estimates of the field's growth rate (rows with in_spread=yes set the fit's between-method spread)"},
	{"projects", "reference projects on Olah's scale with their effort in person-years (low, high; class ranges use rows with in_class=yes)"},
	{"timelines", "public AI timeline forecasts as quantiles, with the date of each reading"},
	{"sources", "the source keys every other data set, preset and default points at"},
}

// All returns every data set, parsed.
func All() ([]*Set, error) {
	out := make([]*Set, 0, len(catalogue))
	for _, c := range catalogue {
		s, err := load(c.name, c.about)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Get returns the named data set.
func Get(name string) (*Set, error) {
	for _, c := range catalogue {
		if c.name == name {
			return load(c.name, c.about)
		}
	}
	names := make([]string, len(catalogue))
	for i, c := range catalogue {
		names[i] = c.name
	}
	return nil, fault.Errorf(fault.Invalid, "no data set %q (there are: %s)", name, strings.Join(names, ", "))
}

func load(name, about string) (*Set, error) {
	raw, err := files.ReadFile(name + ".csv")
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("data set %s: %v", name, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("data set %s: no rows", name)
	}
	s := &Set{Name: name, About: about, Header: recs[0], Rows: recs[1:], Raw: raw}
	s.statusCol = s.Col("status")
	if c := s.Col("source"); c >= 0 {
		s.sourceCols = []int{c}
	}
	return s, nil
}

// SourceKeys returns every source key the set's rows cite, by row.
func (s *Set) SourceKeys() [][]string {
	out := make([][]string, len(s.Rows))
	for i, r := range s.Rows {
		for _, c := range s.sourceCols {
			for k := range strings.SplitSeq(r[c], ";") {
				if k = strings.TrimSpace(k); k != "" {
					out[i] = append(out[i], k)
				}
			}
		}
	}
	return out
}

// Status returns row i's status, or "" if the set has no status column.
func (s *Set) Status(i int) string {
	if s.statusCol < 0 {
		return ""
	}
	return s.Rows[i][s.statusCol]
}

// Sources returns the known source keys.
func Sources() (map[string]bool, error) {
	s, err := Get("sources")
	if err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	k := s.Col("key")
	for _, r := range s.Rows {
		keys[r[k]] = true
	}
	return keys, nil
}
