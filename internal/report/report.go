// Package report holds ontrack's reports: one typed value per analysis,
// built from the library's results, and its text, JSON and CSV renderings.
//
// A report is computed once and rendered many ways, as benchstat's tables
// are: the command and the web server write the same JSON, byte for byte,
// from the same value. Every report carries its statistical warnings as
// values (Warns); a front end decides where they go (the command prints
// them on standard error whatever the format).
//
// The JSON reports are one family. Each begins with version, scenario,
// samples and seed, and has warnings; a Monte Carlo figure with a
// standard error is X beside X_stderr; a distribution over worlds is an
// object of quantiles named by what it measures (lead_years: {p10, p50,
// p90}); a CSV column is named by its JSON path joined with underscores
// (lead_years_p50). Numbers that are not finite (a year beyond the
// horizon, a ratio with no denominator) are null.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"ontrack/internal/model"
)

// Version is ontrack's release, which every report carries.
const Version = "0.1.0"

// Report is what every report can do.
type Report interface {
	WriteText(w io.Writer) error
	WriteJSON(w io.Writer) error
	WriteCSV(w io.Writer) error
	// Warns returns the report's warnings: statistical caveats that do
	// not stop it, such as too small a sample.
	Warns() []string
}

// Header is the start of every Monte Carlo report.
type Header struct {
	Version  string `json:"version"`
	Scenario string `json:"scenario"`
	// Samples is the number of worlds behind each figure (for the Sobol
	// indices, the number of base samples N).
	Samples  int      `json:"samples"`
	Seed     uint64   `json:"seed"`
	Warnings []string `json:"warnings"`
}

func header(scenario string, samples int, seed uint64) Header {
	return Header{Version: Version, Scenario: scenario, Samples: samples, Seed: seed, Warnings: []string{}}
}

// Warns returns the report's warnings.
func (h *Header) Warns() []string { return h.Warnings }

// Static is the start of a report that draws no worlds (fit, data,
// params, the list of presets): it has no seed and no samples, which are
// null, and a scenario only where it reads one.
type Static struct {
	Version  string   `json:"version"`
	Scenario *string  `json:"scenario"`
	Samples  *int     `json:"samples"`
	Seed     *uint64  `json:"seed"`
	Warnings []string `json:"warnings"`
}

func static(scenario string) Static {
	s := Static{Version: Version, Warnings: []string{}}
	if scenario != "" {
		s.Scenario = &scenario
	}
	return s
}

// Warns returns the report's warnings.
func (s *Static) Warns() []string { return s.Warnings }

// Num is a float64 that is null in JSON where it is not finite (a year
// beyond the horizon, a ratio with nothing to divide by). Null reads back
// as NaN.
type Num float64

// MarshalJSON writes the number in full precision, or null.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads a number, or null as NaN.
func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Num(math.NaN())
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	*n = Num(f)
	return err
}

// Unbounded is a number that may be +Inf: a year never reached, a
// parameter whose percentile is infinite. It is null in JSON, as Num is,
// but null reads back as +Inf.
type Unbounded float64

// MarshalJSON writes the number in full precision, or null.
func (u Unbounded) MarshalJSON() ([]byte, error) { return Num(u).MarshalJSON() }

// UnmarshalJSON reads a number, or null as +Inf.
func (u *Unbounded) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*u = Unbounded(math.Inf(1))
		return nil
	}
	return (*Num)(u).UnmarshalJSON(b)
}

// Quantiles are the 10th, 50th and 90th percentiles of a quantity over
// the worlds; a year beyond the horizon is +Inf.
type Quantiles struct {
	P10 Unbounded `json:"p10"`
	P50 Unbounded `json:"p50"`
	P90 Unbounded `json:"p90"`
}

// Median is the 50th percentile alone, where only it is computed.
type Median struct {
	P50 Unbounded `json:"p50"`
}

// Share is a share of the worlds with its Monte Carlo standard error.
type Share struct {
	P  Num `json:"p"`
	SE Num `json:"stderr"`
}

// writeJSON writes v indented, as every report's JSON is.
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// noCSV is the error of a report that has no CSV rendering.
func noCSV(kind string) error {
	return fmt.Errorf("%s has no CSV rendering", kind)
}

// csvNum writes a number for CSV in full precision, infinity as inf and
// -inf as the worlds CSV does (pandas.read_csv reads both); NaN (no value)
// is empty.
func csvNum[F ~float64](x F) string {
	switch v := float64(x); {
	case math.IsNaN(v):
		return ""
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return strconv.FormatFloat(float64(x), 'g', -1, 64)
}

// year formats a year, or "after H" for one beyond the horizon H.
func year[F ~float64](y F, horizon float64) string {
	if float64(y) > horizon || math.IsInf(float64(y), 1) {
		return "after " + strconv.FormatFloat(horizon, 'f', 0, 64)
	}
	return strconv.FormatFloat(float64(y), 'f', 1, 64)
}

func years(q Quantiles, horizon float64) string {
	return fmt.Sprintf("%10s %10s %10s", year(q.P10, horizon), year(q.P50, horizon), year(q.P90, horizon))
}

func leads(q Quantiles) string {
	f := func(v Unbounded) string { return strconv.FormatFloat(float64(v), 'f', 1, 64) }
	return fmt.Sprintf("%10s %10s %10s", f(q.P10), f(q.P50), f(q.P90))
}

// prob writes a probability and its standard error: "0.440 ± 0.002". It
// takes more decimals where the error would round to 0.000 ("0.0235 ±
// 0.0005"), so that an error is never shown as none; an exact 0 stays
// 0.000.
func prob[F ~float64](p, se F) string {
	d := decimals(float64(se), 3)
	return fmt.Sprintf("%.*f ± %.*f", d, float64(p), d, float64(se))
}

// decimals is how many decimals, from d up to d+3, show a standard error
// as something rather than 0: d unless it would round to 0.
func decimals(se float64, d int) int {
	top := d + 3
	for se > 0 && se < 0.5*math.Pow10(-d) && d < top {
		d++
	}
	return d
}

// seText writes a standard error to d decimals, or to as many more as
// show it as something rather than 0; "-" where there is none.
func seText[F ~float64](se F, d int) string {
	if math.IsNaN(float64(se)) {
		return "-"
	}
	return strconv.FormatFloat(float64(se), 'f', decimals(float64(se), d), 64)
}

// seNote labels ± in a text report.
const seNote = "± is one Monte Carlo standard error."

// dollars writes an amount as $300M or $2.4B.
func dollars[F ~float64](v F) string {
	x := float64(v)
	switch {
	case math.IsNaN(x):
		return "-"
	case x >= 1e9:
		return "$" + strconv.FormatFloat(x/1e9, 'g', 3, 64) + "B"
	case x >= 1e6:
		return "$" + strconv.FormatFloat(x/1e6, 'g', 3, 64) + "M"
	case x >= 1e3:
		return "$" + strconv.FormatFloat(x/1e3, 'g', 3, 64) + "k"
	}
	return "$" + strconv.FormatFloat(x, 'g', 3, 64)
}

// trunc shortens s to n bytes, ending in an ellipsis.
func trunc(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimSpace(s[:n-1]) + "…"
}

// nums converts floats to Nums.
func nums(xs []float64) []Num {
	out := make([]Num, len(xs))
	for i, x := range xs {
		out[i] = Num(x)
	}
	return out
}

// percent says whether text reports print a parameter as a percentage
// (model.Field.Percent). JSON and CSV keep plain numbers.
func percent(path string) bool {
	i := model.FieldIndex(path)
	return i >= 0 && model.Fields[i].Percent()
}

// param writes a value of the parameter at path for a person, to digits
// significant figures (-1: as few as say it exactly): 28.9% for
// field.growth 0.289, 2035 for a year.
func param(path string, v float64, digits int) string {
	if percent(path) && !math.IsInf(v, 0) && !math.IsNaN(v) {
		if digits < 0 {
			digits = 10 // 100 × 0.3 is 30.000000000000004: say 30%
		}
		return strconv.FormatFloat(100*v, 'g', digits, 64) + "%"
	}
	return strconv.FormatFloat(v, 'g', digits, 64)
}
