package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"ontrack/internal/data"
)

// DataList is `ontrack data`: the embedded data sets.
type DataList struct {
	Static
	Sets []DataInfo `json:"sets"`
}

// DataInfo names a data set and says what it holds.
type DataInfo struct {
	Name  string `json:"name"`
	Rows  int    `json:"rows"`
	About string `json:"about"`
}

// NewDataList lists sets.
func NewDataList(sets []*data.Set) *DataList {
	r := &DataList{Static: static(""), Sets: []DataInfo{}}
	for _, s := range sets {
		r.Sets = append(r.Sets, DataInfo{s.Name, len(s.Rows), s.About})
	}
	return r
}

// WriteJSON writes the list as JSON.
func (r *DataList) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteCSV writes a row per data set.
func (r *DataList) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"name", "rows", "about"})
	for _, s := range r.Sets {
		_ = cw.Write([]string{s.Name, strconv.Itoa(s.Rows), s.About})
	}
	cw.Flush()
	return cw.Error()
}

// WriteText writes a line per data set.
func (r *DataList) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "name\trows\tcontents\n")
	for _, s := range r.Sets {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", s.Name, s.Rows, s.About)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\nPrint one with ontrack data NAME --format csv; ontrack fit derives the defaults from them.")
	return err
}

// Data is `ontrack data NAME`: one embedded data set. In JSON each row is
// an object whose keys are in the CSV's column order; a column whose every
// cell is a number (or a percentage, 21% being 0.21) holds numbers, with
// null for an empty cell; other columns hold strings.
type Data struct {
	Static
	Name         string    `json:"name"`
	About        string    `json:"about"`
	Columns      []string  `json:"columns"`
	Rows         []Record  `json:"rows"`
	FittedGrowth *Interval `json:"fitted_growth,omitempty"` // for field: ontrack fit's growth
	raw          []byte    // the file as embedded
}

// NewData is the report of s; fit, if not nil, is the field fit, which
// the field set shows beside its rows.
func NewData(s *data.Set, fit *data.FieldFit) *Data {
	r := &Data{Static: static(""), Name: s.Name, About: s.About, Columns: append([]string{}, s.Header...), Rows: []Record{}, raw: s.Raw}
	numeric := make([]bool, len(s.Header))
	for j := range s.Header {
		numeric[j] = true
		for _, row := range s.Rows {
			if _, ok := number(row[j]); !ok && row[j] != "" {
				numeric[j] = false
				break
			}
		}
	}
	for _, row := range s.Rows {
		rec := make(Record, len(s.Header))
		for j, h := range s.Header {
			rec[j] = Field{Name: h, Value: row[j], cell: row[j]}
			if numeric[j] {
				rec[j].Value = nil
				if x, ok := number(row[j]); ok {
					rec[j].Value = x
				}
			}
		}
		r.Rows = append(r.Rows, rec)
	}
	if fit != nil && s.Name == "field" {
		g := interval(fit.Growth)
		r.FittedGrowth = &g
	}
	return r
}

// number reads a cell as a finite number: 2015, 0.3 or 21%.
func number(s string) (float64, bool) {
	t, pct := strings.CutSuffix(s, "%")
	x, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) || t != strings.TrimSpace(t) {
		return 0, false
	}
	if pct {
		x /= 100
	}
	return x, true
}

// WriteJSON writes the set as JSON.
func (r *Data) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteCSV writes the file exactly as embedded.
func (r *Data) WriteCSV(w io.Writer) error {
	if r.raw == nil {
		return fmt.Errorf("data set %s: no file to print", r.Name)
	}
	_, err := w.Write(r.raw)
	return err
}

// WriteText writes the set as a table.
func (r *Data) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(r.Columns, "\t"))
	for _, rec := range r.Rows {
		cells := make([]string, len(rec))
		for j, f := range rec {
			cells[j] = f.text()
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if g := r.FittedGrowth; g != nil {
		_, err := fmt.Fprintf(w, "\nFitted growth of technical FTEs (ontrack fit): %.1f%% a year, 90%% interval %.0f%% to %.0f%%.\n", 100*g.Mid, 100*g.Lo, 100*g.Hi)
		return err
	}
	return nil
}

// Record is one row of a data set, its fields in column order.
type Record []Field

// Field is one cell: a string, a float64, or nil for an empty number.
type Field struct {
	Name  string
	Value any
	cell  string // the cell as written, where it was read from the file
}

func (f Field) text() string {
	if f.cell != "" {
		return f.cell
	}
	switch v := f.Value.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return ""
}

// MarshalJSON writes the record as an object with its keys in order.
func (r Record) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range r {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(f.Name)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(f.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an object, keeping its keys in order.
func (r *Record) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("a data row must be an object")
	}
	*r = (*r)[:0]
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return err
		}
		*r = append(*r, Field{Name: t.(string), Value: v})
	}
	_, err := dec.Token()
	return err
}
