package report

import (
	"bufio"
	"fmt"
	"io"

	"ontrack/internal/data"
	"ontrack/internal/scenario"
)

// Fit is `ontrack fit`: the default's field numbers derived from the data,
// checked against the default (its scenario), and the difficulty classes.
type Fit struct {
	Static
	FitYear  int          `json:"fit_year"`
	Points   []FitPoint   `json:"points"`
	A        Num          `json:"intercept"`
	B        Num          `json:"slope"`
	SEA      Num          `json:"intercept_stderr"`
	SEB      Num          `json:"slope_stderr"`
	Chi2     Num          `json:"chi2"`
	Scale    Num          `json:"error_scale"`
	Growth   Interval     `json:"growth"`
	FTE      Interval     `json:"fte"`
	Effort   Interval     `json:"effort_so_far"`
	Defaults []FitDefault `json:"defaults"`
	Classes  []FitClass   `json:"olah_classes"`
}

// FitPoint is one observation the fit uses.
type FitPoint struct {
	Year   Num    `json:"year"`
	FTE    Num    `json:"fte"`
	SDLog  Num    `json:"sd_log"`
	Source string `json:"source"`
	Status string `json:"status"`
}

// Interval is a central 90% interval with the point estimate.
type Interval struct {
	Lo  Num `json:"lo"`
	Mid Num `json:"mid"`
	Hi  Num `json:"hi"`
}

// FitDefault is a default the fit derives, beside the embedded one.
type FitDefault struct {
	Path    string  `json:"path"`
	Fit     string  `json:"fit"`
	Default *string `json:"default"` // null where each world derives it
	Matches bool    `json:"matches"`
	Meaning string  `json:"meaning"`
}

// FitClass is a difficulty class on Olah's scale.
type FitClass struct {
	Name     string   `json:"name"`
	Range    string   `json:"range"`
	Projects []string `json:"projects"`
}

func interval(i data.Interval) Interval { return Interval{Num(i.Lo), Num(i.Mid), Num(i.Hi)} }

// NewFit is the report of f and the classes cs, checked against def.
func NewFit(f *data.FieldFit, cs []data.Class, def *scenario.Scenario) *Fit {
	r := &Fit{Static: static(def.Name), FitYear: data.FitYear, Points: []FitPoint{},
		A: Num(f.A), B: Num(f.B), SEA: Num(f.SEA), SEB: Num(f.SEB), Chi2: Num(f.Chi2), Scale: Num(f.Scale),
		Growth: interval(f.Growth), FTE: interval(f.FTE), Effort: interval(f.Effort), Defaults: []FitDefault{}, Classes: []FitClass{}}
	for _, p := range f.Points {
		r.Points = append(r.Points, FitPoint{Num(p.Year), Num(p.FTE), Num(p.SDLog), p.Source, p.Status})
	}
	rows := []struct{ path, fit, what string }{
		{"field.growth", f.GrowthText(), "growth a year, exp(b ± t SE) - 1, SE with the between-method term"},
		{"field.past_growth", f.GrowthText(), "the same slope: the history effort so far is counted from"},
		{"field.fte", f.FTEText(), fmt.Sprintf("technical FTEs in %d, exp(a ± 1.645 SE)", data.FitYear)},
		{"difficulty.effort_so_far", f.EffortText(), fmt.Sprintf("person-years before %d, F(%d)/b", data.FitYear, data.FitYear)},
	}
	for _, row := range rows {
		d := FitDefault{Path: row.path, Fit: row.fit, Meaning: row.what}
		if sp := def.Params[row.path]; sp != nil {
			text := sp.Text
			d.Default, d.Matches = &text, text == row.fit
			if !d.Matches {
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s: the default %s differs from the fit %s", row.path, text, row.fit))
			}
		}
		r.Defaults = append(r.Defaults, d)
	}
	for _, c := range cs {
		r.Classes = append(r.Classes, FitClass{c.Name, c.Text(), append([]string{}, c.Projects...)})
	}
	return r
}

// WriteJSON writes the report as JSON.
func (r *Fit) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteCSV is not the fit's: it has text and JSON.
func (r *Fit) WriteCSV(io.Writer) error { return noCSV("fit") }

// WriteText writes the fit for a person to read.
func (r *Fit) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "Technical AI safety FTEs (ontrack data field, rows with in_fit=yes):\n\n")
	fmt.Fprintf(b, "  %6s %6s %7s  %-18s %s\n", "year", "FTEs", "sd(ln)", "source", "status")
	for _, p := range r.Points {
		fmt.Fprintf(b, "  %6.0f %6.0f %7.2f  %-18s %s\n", p.Year, p.FTE, p.SDLog, p.Source, p.Status)
	}
	fmt.Fprintf(b, "\nWeighted least squares, ln F(t) = a + b (t - %d), weights 1/sd(ln)^2:\n\n", r.FitYear)
	fmt.Fprintf(b, "  b = %.4f ± %.4f a year (growth %.1f%%), a = %.3f ± %.3f (F(%d) = %.0f)\n",
		r.B, r.SEB, 100*r.Growth.Mid, r.A, r.SEA, r.FitYear, r.FTE.Mid)
	fmt.Fprintf(b, "  (± is one standard error of the weighted least squares)\n")
	fmt.Fprintf(b, "  chi2 = %.3f on %d degrees of freedom; errors scaled by %.3f\n", r.Chi2, len(r.Points)-2, r.Scale)
	if r.Scale == 1 {
		fmt.Fprintf(b, "  (the points scatter less than their stated errors, so the errors set the uncertainty)\n")
	}
	fmt.Fprintf(b, "\n  %-26s %-16s %-16s %s\n", "parameter", "fit (90%)", "default", "")
	for _, d := range r.Defaults {
		def, mark := "(derived)", "in each world from field.fte, field.past_growth and lambda; this at lambda = 1"
		if d.Default != nil {
			def, mark = *d.Default, "matches"
			if !d.Matches {
				mark = "DIFFERS"
			}
		}
		fmt.Fprintf(b, "  %-26s %-16s %-16s %s: %s\n", d.Path, d.Fit, def, mark, d.Meaning)
	}
	fmt.Fprintf(b, "\n  Central values: growth %.1f%%, %.0f FTEs, %.0f person-years so far.\n", 100*r.Growth.Mid, r.FTE.Mid, r.Effort.Mid)
	fmt.Fprintf(b, "\nDifficulty classes on Olah's scale (ontrack data projects), least low to greatest high:\n\n")
	for _, c := range r.Classes {
		fmt.Fprintf(b, "  %-13s %-22s from %d projects\n", c.Name, c.Range, len(c.Projects))
	}
	fmt.Fprintf(b, "  %-13s %-22s no person-year figure exists (a judgement in olah-scale)\n", "p-vs-np", "-")
	fmt.Fprintf(b, "  %-13s %-22s\n", "impossible", "inf")
	return b.Flush()
}
