package main

import (
	"bufio"
	"fmt"
	"io"

	"ontrack/internal/data"
	"ontrack/internal/scenario"
)

const fitUsage = `Usage: ontrack fit [--format text|json]

Recomputes the default scenario's field numbers from the embedded data: a
weighted log-linear fit of technical AI safety FTEs on the year (ontrack data
field), giving the growth rate, the field's size in 2026 and the effort so
far (the integral of the fitted curve up to 2026), each as a 90% interval;
and the difficulty classes on Olah's scale from the reference projects
(ontrack data projects). It says whether the embedded default matches.
`

func fitCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("fit", fitUsage, stderr, nil, 0)
	format := fs.String("format", "text", "output format: text or json")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usagef("--format %q: expected text or json", *format)
	}
	if fs.NArg() > 0 {
		return usagef("fit: unexpected argument %q", fs.Arg(0))
	}
	f, err := data.Fit()
	if err != nil {
		return err
	}
	cs, err := data.Classes()
	if err != nil {
		return err
	}
	def := scenario.Default()
	rows := []struct{ path, fit, what string }{
		{"field.growth", f.GrowthText(), "growth a year, exp(b ± t SE) - 1, SE with the between-method term"},
		{"field.past_growth", f.GrowthText(), "the same slope: the history effort so far is counted from"},
		{"field.fte", f.FTEText(), fmt.Sprintf("technical FTEs in %d, exp(a ± 1.645 SE)", data.FitYear)},
		{"difficulty.effort_so_far", f.EffortText(), fmt.Sprintf("person-years before %d, F(%d)/b", data.FitYear, data.FitYear)},
	}
	if *format == "json" {
		type ij struct{ Lo, Mid, Hi num }
		type cj struct {
			Name     string   `json:"name"`
			Range    string   `json:"range"`
			Projects []string `json:"projects"`
		}
		type dj struct {
			Path    string `json:"path"`
			Fit     string `json:"fit"`
			Default string `json:"default"`
		}
		out := struct {
			Points   []data.Point `json:"points"`
			A        num          `json:"intercept"`
			B        num          `json:"slope"`
			SEA      num          `json:"intercept_stderr"`
			SEB      num          `json:"slope_stderr"`
			Chi2     num          `json:"chi2"`
			Scale    num          `json:"error_scale"`
			Growth   ij           `json:"growth"`
			FTE      ij           `json:"fte"`
			Effort   ij           `json:"effort_so_far"`
			Defaults []dj         `json:"defaults"`
			Classes  []cj         `json:"olah_classes"`
		}{Points: f.Points, A: num(f.A), B: num(f.B), SEA: num(f.SEA), SEB: num(f.SEB), Chi2: num(f.Chi2), Scale: num(f.Scale),
			Growth: ij{num(f.Growth.Lo), num(f.Growth.Mid), num(f.Growth.Hi)},
			FTE:    ij{num(f.FTE.Lo), num(f.FTE.Mid), num(f.FTE.Hi)},
			Effort: ij{num(f.Effort.Lo), num(f.Effort.Mid), num(f.Effort.Hi)}}
		for _, r := range rows {
			out.Defaults = append(out.Defaults, dj{r.path, r.fit, def.Params[r.path].Text})
		}
		for _, c := range cs {
			out.Classes = append(out.Classes, cj{c.Name, c.Text(), c.Projects})
		}
		return writeJSON(stdout, out)
	}
	b := bufio.NewWriter(stdout)
	fmt.Fprintf(b, "Technical AI safety FTEs (ontrack data field, rows with in_fit=yes):\n\n")
	fmt.Fprintf(b, "  %6s %6s %7s  %-18s %s\n", "year", "FTEs", "sd(ln)", "source", "status")
	for _, p := range f.Points {
		fmt.Fprintf(b, "  %6.0f %6.0f %7.2f  %-18s %s\n", p.Year, p.FTE, p.SDLog, p.Source, p.Status)
	}
	fmt.Fprintf(b, "\nWeighted least squares, ln F(t) = a + b (t - %d), weights 1/sd(ln)^2:\n\n", data.FitYear)
	fmt.Fprintf(b, "  b = %.4f ± %.4f a year (growth %.1f%%), a = %.3f ± %.3f (F(%d) = %.0f)\n",
		f.B, f.SEB, 100*f.Growth.Mid, f.A, f.SEA, data.FitYear, f.FTE.Mid)
	fmt.Fprintf(b, "  chi2 = %.3f on %d degrees of freedom; errors scaled by %.3f\n", f.Chi2, len(f.Points)-2, f.Scale)
	if f.Scale == 1 {
		fmt.Fprintf(b, "  (the points scatter less than their stated errors, so the errors set the uncertainty)\n")
	}
	fmt.Fprintf(b, "\n  %-26s %-16s %-16s %s\n", "parameter", "fit (90%)", "default", "")
	for _, r := range rows {
		d, mark := "(derived)", "in each world from field.fte, field.past_growth and lambda; this at lambda = 1"
		if sp := def.Params[r.path]; sp != nil {
			d, mark = sp.Text, "matches"
			if d != r.fit {
				mark = "DIFFERS"
			}
		}
		fmt.Fprintf(b, "  %-26s %-16s %-16s %s: %s\n", r.path, r.fit, d, mark, r.what)
	}
	fmt.Fprintf(b, "\n  Central values: growth %.1f%%, %.0f FTEs, %.0f person-years so far.\n", 100*f.Growth.Mid, f.FTE.Mid, f.Effort.Mid)
	fmt.Fprintf(b, "\nDifficulty classes on Olah's scale (ontrack data projects), least low to greatest high:\n\n")
	for _, c := range cs {
		fmt.Fprintf(b, "  %-13s %-22s from %d projects\n", c.Name, c.Text(), len(c.Projects))
	}
	fmt.Fprintf(b, "  %-13s %-22s no person-year figure exists (a judgement in olah-scale)\n", "p-vs-np", "-")
	fmt.Fprintf(b, "  %-13s %-22s\n", "impossible", "inf")
	return b.Flush()
}
