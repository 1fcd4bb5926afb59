package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// ontrack runs the command in-process and returns its output and exit code.
func ontrack(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	if err != nil {
		code = exitCode(err)
		if code != 0 {
			errb.WriteString("ontrack: " + err.Error() + "\n")
		}
	}
	return out.String(), errb.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/ontrack -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/ontrack -update rewrites it)\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestGolden(t *testing.T) {
	cases := []struct {
		file string
		args []string
	}{
		{"run.txt", []string{"run", "-n", "5000"}},
		{"run.json", []string{"run", "-n", "5000", "--format", "json"}},
		{"run-set.txt", []string{"run", "-n", "5000", "--seed", "7", "--set", "timelines.agi=2031", "--set", "timelines.takeoff=0", "--set", "field.growth=50%"}},
		{"run-file.txt", []string{"run", "-n", "5000", "-f", "testdata/short.yaml"}},
		{"worlds.csv", []string{"run", "-n", "20", "--format", "csv"}},
		{"sweep.txt", []string{"sweep", "-n", "3000", "--set", "field.growth=10%..50%:5"}},
		{"sweep2.txt", []string{"sweep", "-n", "2000", "--set", "field.growth=20%..50%:2", "--set", "timelines.agi=2030..2040:3", "--set", "timelines.takeoff=0"}},
		{"sweep.csv", []string{"sweep", "-n", "2000", "--format", "csv", "--set", "research.lambda=0.5..1:3"}},
		{"params.txt", []string{"params"}},
		{"validate.txt", []string{"validate", "testdata/short.yaml"}},
	}
	for _, c := range cases {
		out, errs, code := ontrack(t, c.args...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", c.args, code, errs)
			continue
		}
		golden(t, c.file, out)
	}
}

// The same seed gives the same bytes whatever the number of cores.
func TestSameOutputAcrossGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first string
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		out, _, code := ontrack(t, "run", "-n", "30000", "--format", "json")
		if code != 0 {
			t.Fatal("run failed")
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Fatalf("GOMAXPROCS=%d gives other output than GOMAXPROCS=1", procs)
		}
	}
}

func TestJSONFields(t *testing.T) {
	out, _, _ := ontrack(t, "run", "-n", "2000", "--format", "json")
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"p_on_track", "p_on_track_stderr", "samples", "seed", "done_year", "deadline_year", "lead_years", "milestones", "curve"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %s", k)
		}
	}
	if m["samples"].(float64) != 2000 {
		t.Errorf("samples %v", m["samples"])
	}
}

// The CSV replays the same worlds as the run: its on_track column averages
// to the run's P(on track).
func TestCSVMatchesRun(t *testing.T) {
	out, _, _ := ontrack(t, "run", "-n", "3000", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "on_track" {
			col = i
		}
	}
	on := 0
	for _, r := range rows[1:] {
		if r[col] == "1" {
			on++
		}
	}
	js, _, _ := ontrack(t, "run", "-n", "3000", "--format", "json")
	var m struct {
		P float64 `json:"p_on_track"`
	}
	json.Unmarshal([]byte(js), &m)
	if float64(on)/3000 != m.P || len(rows) != 3001 {
		t.Errorf("CSV: %d rows, %d on track; run says %v", len(rows)-1, on, m.P)
	}
}

func TestBadInput(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown param", []string{"run", "--set", "field.grwth=0.3"}, "--set field.grwth=0.3: field.grwth: unknown parameter (did you mean field.growth?)"},
		{"bad dist", []string{"run", "--set", "field.growth=normal(1"}, "field.growth: \"normal(1\": column 9: expected ','"},
		{"interval", []string{"run", "-f", "testdata/bad-interval.yaml"}, "testdata/bad-interval.yaml:3:16: timelines.agi: interval 2040 to 2030: the low end must be below the high end"},
		{"probability", []string{"run", "--set", "pause.probability=1.2"}, "pause.probability: 1.2 is outside the allowed range [0, 1]"},
		{"negative fte", []string{"run", "--set", "field.fte=-100"}, "field.fte: -100 is outside the allowed range"},
		{"horizon", []string{"run", "--set", "horizon=2000"}, "horizon: the horizon 2000 must come after the start 2026"},
		{"too many", []string{"run", "-n", "999999999999"}, "worlds need more memory than this machine has free"},
		{"no file", []string{"run", "-f", "testdata/missing.yaml"}, "read scenario: open testdata/missing.yaml"},
		{"unknown in file", []string{"validate", "testdata/bad-unknown.yaml"}, "testdata/bad-unknown.yaml:2:3: field.growht: unknown parameter (did you mean field.growth?)"},
		{"flag", []string{"run", "--bogus"}, "flag provided but not defined: -bogus"},
		{"format", []string{"run", "--format", "xml"}, "--format \"xml\": expected text, json or csv"},
		{"zero worlds", []string{"run", "-n", "0"}, "-n 0: the number of worlds must be at least 1"},
		{"command", []string{"frobnicate"}, "unknown command \"frobnicate\""},
		{"sweep axis", []string{"sweep", "--set", "field.growth=0.1..0.5"}, "no :STEPS"},
		{"sweep none", []string{"sweep"}, "give one or two --set PATH=A..B:STEPS, got 0"},
		{"sweep range", []string{"sweep", "--set", "ai.trust=0..2:3"}, "ai.trust: 2 is outside the allowed range [0, 1]"},
		{"yaml", []string{"validate", "testdata/bad-yaml.yaml"}, "testdata/bad-yaml.yaml:1:1: not valid YAML"},
	}
	for _, c := range cases {
		_, errs, code := ontrack(t, c.args...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2 (%s)", c.name, code, errs)
		}
		if !strings.Contains(errs, c.want) {
			t.Errorf("%s: stderr %q lacks %q", c.name, errs, c.want)
		}
		if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
			t.Errorf("%s: a stack trace: %s", c.name, errs)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"run", "sweep", "params", "validate", "version"} {
		out, _, code := ontrack(t, cmd, "-h")
		if code != 0 || !strings.Contains(out, "Usage: ontrack "+cmd) {
			t.Errorf("%s -h: exit %d, output %q", cmd, code, out)
		}
	}
	out, _, code := ontrack(t, "-h")
	if code != 0 || !strings.Contains(out, "ontrack run") {
		t.Errorf("-h: exit %d", code)
	}
}
