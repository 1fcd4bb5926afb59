package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"ontrack/internal/analysis"
	"ontrack/internal/budget"
	"ontrack/internal/job"
)

func TestExplainGolden(t *testing.T) {
	cases := []struct {
		file string
		args []string
	}{
		{"explain.txt", []string{"explain", "--from", "futures-kokotajlo", "--to", "samotsvety", "-n", "3000"}},
		{"explain-literal.txt", []string{"explain", "--from", "dearnaley-literal", "--to", "dearnaley", "-n", "3000"}},
		{"explain-section.csv", []string{"explain", "--from-preset", "optimistic", "--from-file", "testdata/short.yaml", "--to", "no-stacking",
			"--to-set", "field.growth=40%", "--group", "section", "-n", "2000", "--seed", "3", "--format", "csv"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			out, errs, code := ontrack(t, c.args...)
			if code != 0 {
				t.Fatalf("ontrack %s: exit %d: %s", strings.Join(c.args, " "), code, errs)
			}
			golden(t, c.file, out)
		})
	}
}

// The JSON says what run says of each view on the same worlds, and the
// parts add up to the change between them.
func TestExplainJSON(t *testing.T) {
	const n = "2000"
	js, errs, code := ontrack(t, "explain", "--from", "dearnaley-literal", "--to", "futures-lifland", "-n", n, "--seed", "8", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	type view struct {
		Name  string
		P     float64               `json:"p_on_track"`
		PSE   float64               `json:"p_on_track_stderr"`
		Lead  struct{ P50 float64 } `json:"lead_years"`
		LeadE float64               `json:"lead_years_p50_stderr"`
	}
	var e struct {
		Version, Scenario string
		Samples           int
		Seed              uint64
		Warnings          []string
		From, To          view
		Method            string
		Hybrids           int
		WorldsRun         int     `json:"worlds_run"`
		DeltaP            float64 `json:"delta_p_on_track"`
		DeltaLead         float64 `json:"delta_lead_years_p50"`
		Parts             []struct {
			Name    string
			DeltaP  float64 `json:"delta_p_on_track"`
			PAfter  float64 `json:"p_on_track_after"`
			Lead    float64 `json:"delta_lead_years_p50"`
			Changes []struct{ Key, From, To string }
		}
	}
	if err := json.Unmarshal([]byte(js), &e); err != nil {
		t.Fatal(err)
	}
	if e.Samples != 2000 || e.Seed != 8 || e.Method != "exact" || e.Hybrids != 32 || e.WorldsRun != 64000 || len(e.Parts) != 5 || e.Scenario != "dearnaley-literal to futures-lifland" {
		t.Errorf("header %+v", e)
	}
	for i, v := range []view{e.From, e.To} {
		out, errs, code := ontrack(t, "run", "--preset", []string{"dearnaley-literal", "futures-lifland"}[i], "-n", n, "--seed", "8", "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var r struct {
			P    float64               `json:"p_on_track"`
			PSE  float64               `json:"p_on_track_stderr"`
			Lead struct{ P50 float64 } `json:"lead_years"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if v.P != r.P || v.PSE != r.PSE || v.Lead.P50 != r.Lead.P50 {
			t.Errorf("%s: explain says %v ± %v, lead %v; run says %v ± %v, lead %v", v.Name, v.P, v.PSE, v.Lead.P50, r.P, r.PSE, r.Lead.P50)
		}
	}
	var sp, sl float64
	for i, p := range e.Parts {
		sp += p.DeltaP
		sl += p.Lead
		if math.Abs(p.PAfter-(e.From.P+sp)) > 1e-12 {
			t.Errorf("part %d: after %v, want %v", i, p.PAfter, e.From.P+sp)
		}
		if i > 0 && math.Abs(p.DeltaP) > math.Abs(e.Parts[i-1].DeltaP) {
			t.Errorf("part %d (%s) is larger than the one before it", i, p.Name)
		}
	}
	if math.Abs(sp-e.DeltaP) > 1e-12 || math.Abs(e.DeltaP-(e.To.P-e.From.P)) > 1e-12 || math.Abs(sl-e.DeltaLead) > 1e-9 {
		t.Errorf("the parts add to %v and %v; the change is %v and %v", sp, sl, e.DeltaP, e.DeltaLead)
	}
}

// The CSV's last column carries the waterfall of the median lead, and its
// to row is the second view's.
func TestExplainCSV(t *testing.T) {
	out, errs, code := ontrack(t, "explain", "--to", "optimistic", "-n", "1000", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	last := len(rows[0]) - 1
	if rows[0][0] != "row" || rows[1][0] != "from" || rows[len(rows)-2][0] != "to" || rows[len(rows)-1][0] != "interaction" {
		t.Fatalf("rows %q", rows)
	}
	a, _ := strconv.ParseFloat(rows[len(rows)-3][last], 64)
	b, _ := strconv.ParseFloat(rows[len(rows)-2][last], 64)
	if math.Abs(a-b) > 1e-9 {
		t.Errorf("the last part ends at %v, the second view is at %v", a, b)
	}
}

// The same seed gives the same bytes whatever the number of cores.
func TestExplainAcrossGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first string
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		out, errs, code := ontrack(t, "explain", "--from", "dearnaley-literal", "--to", "samotsvety", "-n", "2500", "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Errorf("GOMAXPROCS=%d: the output differs", procs)
		}
	}
}

func TestExplainErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"preset", []string{"explain", "--to", "samotsvty"}, "--to: --preset: no preset \"samotsvty\"; did you mean \"samotsvety\"?"},
		{"set", []string{"explain", "--from-set", "field.growth=abc"}, "--from: --set field.growth=abc: field.growth:"},
		{"file", []string{"explain", "--to", "testdata/bad-interval.yaml"}, "--to: testdata/bad-interval.yaml:3:16"},
		{"group", []string{"explain", "--group", "sections"}, "--group \"sections\": expected param or section"},
		{"worlds", []string{"explain", "-n", "0"}, "-n 0: the number of worlds must be at least 1"},
		{"stdin", []string{"explain", "--from", "-", "--to-file", "-"}, "only one view can read standard input"},
		{"argument", []string{"explain", "samotsvety"}, "unexpected argument \"samotsvety\""},
		{"flag", []string{"explain", "--form", "century"}, "(did you mean --from?)"},
		{"hybrid", []string{"explain", "--from-set", "horizon=2040", "--to-set", "start=2050", "-n", "100"},
			"the first view with the second's start cannot run: --set horizon=2040: horizon: the horizon 2040 must come after the start 2050"},
		{"memory", []string{"explain", "--to", "optimistic", "-n", "999999999999"}, "worlds fit"},
	}
	for _, c := range cases {
		_, errs, code := ontrack(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) || strings.Contains(errs, "goroutine") {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", c.name, code, errs, c.want)
		}
	}
}

// The numbers README.md and MODEL.md §20 quote are explain's, at its
// default 20,000 worlds, and its constants.
func TestExplainDocNumbers(t *testing.T) {
	type part struct {
		Name string
		P    float64 `json:"delta_p_on_track"`
		SE   float64 `json:"delta_p_on_track_stderr"`
	}
	type expl struct {
		From, To struct {
			P float64 `json:"p_on_track"`
		}
		DeltaP   float64 `json:"delta_p_on_track"`
		DeltaPSE float64 `json:"delta_p_on_track_stderr"`
		Parts    []part
	}
	get := func(from, to string) (expl, map[string]string) {
		t.Helper()
		args := []string{"explain", "--from", from, "--format", "json"}
		if to != "" {
			args = append(args, "--to", to)
		}
		out, errs, code := ontrack(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var e expl
		if err := json.Unmarshal([]byte(out), &e); err != nil {
			t.Fatal(err)
		}
		ps := map[string]string{}
		for _, p := range e.Parts {
			d := 3 // more decimals where the error would round to 0, as the reports write it
			for p.SE > 0 && p.SE < 0.5*math.Pow10(-d) && d < 6 {
				d++
			}
			ps[p.Name] = fmt.Sprintf("%+.*f ± %.*f", d, p.P, d, p.SE)
		}
		return e, ps
	}
	ks, kp := get("futures-kokotajlo", "samotsvety")
	ls, lp := get("dearnaley-literal", "")
	want := map[string][]string{
		"../../README.md": {
			fmt.Sprintf("(P(on track) %.3f to %.3f, %+.3f ± %.3f): timelines.agi carries %s and timelines.takeoff %s.", ks.From.P, ks.To.P, ks.DeltaP, ks.DeltaPSE, kp["timelines.agi"], kp["timelines.takeoff"]),
			fmt.Sprintf("(%.3f to %.3f, %+.3f ± %.3f): the field's past growth carries %s and its future growth %s; its size today, 600 to 1,100 against 640 to 1,000 FTEs, %s.",
				ls.From.P, ls.To.P, ls.DeltaP, ls.DeltaPSE, lp["field.past_growth"], lp["field.growth"], lp["field.fte"]),
			fmt.Sprintf("On %s worlds (the default -n)", budget.Count(job.ExplainN)),
		},
		"../../MODEL.md": {
			fmt.Sprintf("P(on track), %.3f to %.3f on %s worlds, is almost all timelines.agi (%s, timelines.takeoff %s).", ks.From.P, ks.To.P, budget.Count(job.ExplainN), kp["timelines.agi"], kp["timelines.takeoff"]),
			fmt.Sprintf("default (%.3f to %.3f), the field's past growth (%s) and future growth (%s) share the gap and the field's size today takes almost none (%s)",
				ls.From.P, ls.To.P, lp["field.past_growth"], lp["field.growth"], lp["field.fte"]),
			fmt.Sprintf("Every subset runs up to %d parts (%s hybrids).", analysis.MaxExactParts, budget.Count(1<<analysis.MaxExactParts)),
			fmt.Sprintf("estimated from %d random orders in antithetic pairs", analysis.ExplainOrders),
			fmt.Sprintf("the spread over the %d pairs", analysis.ExplainOrders/2),
			fmt.Sprintf("cut into %d consecutive blocks (at least %d worlds each; with fewer than %d worlds no error is given)", analysis.LeadBatches, analysis.MinLeadSEWorlds/2, analysis.MinLeadSEWorlds),
		},
	}
	for file, ws := range want {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc := strings.Join(strings.Fields(string(b)), " ") // as if unwrapped
		for _, w := range ws {
			if !strings.Contains(doc, w) {
				t.Errorf("%s does not say %q", file, w)
			}
		}
	}
}
