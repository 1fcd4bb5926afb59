package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// ontrack runs the command in-process and returns its output and exit code.
func ontrack(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return ontrackIn(t, "", args...)
}

// ontrackIn is ontrack with stdin as its standard input.
func ontrackIn(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	if err != nil {
		code = exitCode(err)
		if code != 0 {
			errb.WriteString("ontrack: " + err.Error() + "\n")
		}
	}
	return out.String(), errb.String(), code
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
		{"presets.txt", []string{"presets"}},
		{"run-presets.txt", []string{"run", "-n", "3000", "--preset", "olah-scale", "--preset", "futures-lifland", "-f", "testdata/short.yaml"}},
		{"mix.txt", []string{"run", "-n", "3000", "--mix", "dearnaley=0.5,century=0.3,testdata/short.yaml=0.2"}},
		{"mix.csv", []string{"run", "-n", "3000", "--mix", "dearnaley=1,no-stacking=1", "--format", "csv"}},
		{"data.txt", []string{"data"}},
		{"data-field.csv", []string{"data", "field", "--format", "csv"}},
		{"data-field.txt", []string{"data", "field"}},
		{"solve.csv", []string{"solve", "-n", "1000", "--vary", "research.lambda", "--in", "0.1..1", "--target", "0", "--metric", "lead", "--format", "csv"}},
		{"fit.txt", []string{"fit"}},
		{"compare.txt", []string{"compare", "-n", "3000", "--combine", "grow-50+pause-at-agi"}},
		{"compare.csv", []string{"compare", "-n", "2000", "--only", "hire-1000", "--format", "csv"}},
		{"solve.txt", []string{"solve", "-n", "2000", "--vary", "field.growth", "--in", "0..2", "--target", "50%"}},
		{"solve-unreachable.txt", []string{"solve", "-n", "2000", "--vary", "ai.trust", "--in", "0..1", "--target", "0.99"}},
		{"sensitivity.txt", []string{"sensitivity", "-n", "256", "--tornado-n", "2000", "--boot", "50"}},
		{"sensitivity-preset.csv", []string{"sensitivity", "--preset", "no-stacking", "-n", "128", "--boot", "20", "--method", "sobol", "--format", "csv"}},
		{"condition.txt", []string{"condition", "-n", "5000", "--given", "agi<2030", "--given", "field.growth>=30%", "--given", "asi>2040,agi<2030"}},
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

// The same seed gives the same bytes whatever the number of cores.
func TestSameOutputAcrossGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first string
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		var out string
		for _, args := range [][]string{
			{"run", "-n", "30000", "--format", "json"},
			{"sensitivity", "-n", "512", "--tornado-n", "3000", "--format", "json"},
			{"compare", "-n", "5000", "--format", "json"},
			{"condition", "-n", "5000", "--given", "agi<2030", "--format", "json"},
			{"run", "-n", "5000", "--mix", "dearnaley=1,century=1", "--format", "json"},
		} {
			o, errs, code := ontrack(t, args...)
			if code != 0 {
				t.Fatalf("%v: %s", args, errs)
			}
			out += o
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Fatalf("GOMAXPROCS=%d gives other output than GOMAXPROCS=1", procs)
		}
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
		{"probability", []string{"run", "--set", "pause.probability=1.2"}, "pause.probability: \"1.2\" is outside the allowed range [0, 1]"},
		{"negative fte", []string{"run", "--set", "field.fte=-100"}, "field.fte: \"-100\" is outside the allowed range"},
		{"horizon", []string{"run", "--set", "horizon=2000"}, "horizon: the horizon 2000 must come after the start 2026"},
		{"too many", []string{"run", "-n", "999999999999"}, "worlds fit"},
		{"no file", []string{"run", "-f", "testdata/missing.yaml"}, "read scenario: open testdata/missing.yaml"},
		{"unknown in file", []string{"validate", "testdata/bad-unknown.yaml"}, "testdata/bad-unknown.yaml:2:3: field.growht: unknown parameter (did you mean field.growth?)"},
		{"flag", []string{"run", "--bogus"}, "run: unknown flag --bogus (did you mean"},
		{"format", []string{"run", "--format", "xml"}, "--format \"xml\": expected text, json or csv"},
		{"zero worlds", []string{"run", "-n", "0"}, "-n 0: the number of worlds must be at least 1"},
		{"command", []string{"frobnicate"}, "unknown command \"frobnicate\""},
		{"sweep axis", []string{"sweep", "--set", "field.growth=0.1..0.5"}, "no :STEPS"},
		{"sweep none", []string{"sweep"}, "give one or two --set PATH=A..B:STEPS, got 0"},
		{"sweep range", []string{"sweep", "--set", "ai.trust=0..2:3"}, "ai.trust: \"2\" is outside the allowed range [0, 1]"},
		{"yaml", []string{"validate", "testdata/bad-yaml.yaml"}, "testdata/bad-yaml.yaml:1:9: not valid YAML"},
		{"preset", []string{"run", "--preset", "olah"}, "no preset \"olah\""},
		{"mix syntax", []string{"run", "--mix", "dearnaley"}, "expected NAME=WEIGHT"},
		{"mix weight", []string{"run", "--mix", "dearnaley=0,century=1"}, "the weight \"0\" must be a positive number"},
		{"mix one", []string{"run", "--mix", "dearnaley=1"}, "at least two components"},
		{"mix and preset", []string{"run", "--mix", "dearnaley=1,century=1", "--preset", "century"}, "not -f or --preset"},
		{"mix preset name", []string{"run", "--mix", "dearnaley=1,centuri=1"}, "did you mean \"century\""},
		{"mix file", []string{"run", "--mix", "dearnaley=1,testdata/bad-interval.yaml=1"}, "testdata/bad-interval.yaml:3:16"},
		{"data name", []string{"data", "feild"}, "no data set \"feild\""},
		{"fit format", []string{"fit", "--format", "csv"}, "expected text or json"},
		{"compare unknown", []string{"compare", "--only", "grow-5O"}, "no intervention \"grow-5O\"; did you mean \"grow-50\"?"},
		{"compare none", []string{"compare", "-f", "testdata/no-interventions.yaml"}, "the scenario has no interventions"},
		{"intervention bad", []string{"compare", "-f", "testdata/bad-intervention.yaml"}, "testdata/bad-intervention.yaml:5:24: field.growth: unexpected"},
		{"solve missing", []string{"solve", "--vary", "field.growth"}, "give --vary PATH, --in A..B and --target X"},
		{"solve range", []string{"solve", "--vary", "ai.trust", "--in", "0..2", "--target", "0.5"}, "inside ai.trust's range"},
		{"solve target", []string{"solve", "--vary", "ai.trust", "--in", "0..1", "--target", "1.5"}, "strictly between 0 and 1"},
		{"solve param", []string{"solve", "--vary", "ai.trst", "--in", "0..1", "--target", "0.5"}, "--vary ai.trst: unknown parameter"},
		{"sensitivity method", []string{"sensitivity", "--method", "morris"}, "expected tornado, sobol or both"},
		{"condition none", []string{"condition"}, "give at least one --given"},
		{"condition bad", []string{"condition", "--given", "agi~2030"}, "expected PATH OP VALUE"},
		{"condition empty", []string{"condition", "--given", "agi<2030,"}, "--given \"agi<2030,\": an empty condition"},
		{"sensitivity small", []string{"sensitivity", "-n", "8"}, "at least 64 base samples"},
		{"solve tol", []string{"solve", "--vary", "ai.trust", "--in", "0..1", "--target", "0.5", "--tol", "-1"}, "--tol -1: must be positive"},
		{"condition name", []string{"condition", "--given", "agii<2030"}, "agii is neither a parameter nor an outcome"},
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

// README.md's table of presets is what `ontrack presets --run` prints.
func TestREADMETable(t *testing.T) {
	out, errs, code := ontrack(t, "presets", "--run")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), out) {
		t.Errorf("README.md lacks the output of ontrack presets --run; put this in it:\n%s", out)
	}
}

// A mixture of two presets with weights w and 1-w gives the weighted
// average of their P(on track), run on other worlds, within Monte Carlo
// error.
func TestMixIsWeightedAverage(t *testing.T) {
	type res struct {
		P  float64 `json:"p_on_track"`
		SE float64 `json:"p_on_track_stderr"`
	}
	get := func(args ...string) res {
		out, errs, code := ontrack(t, append(args, "-n", "30000", "--format", "json")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var r res
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	out, _, code := ontrack(t, "run", "--mix", "century=0.25,optimistic=0.75", "-n", "30000", "--format", "json")
	if code != 0 {
		t.Fatal("mix failed")
	}
	var m struct {
		res        // pooled
		Components []res
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	a, b := get("run", "--preset", "century", "--seed", "9"), get("run", "--preset", "optimistic", "--seed", "9")
	want := 0.25*a.P + 0.75*b.P
	se := math.Sqrt(m.SE*m.SE + 0.0625*a.SE*a.SE + 0.5625*b.SE*b.SE)
	if math.Abs(m.P-want) > 4*se {
		t.Errorf("pooled %v, weighted average of separate runs %v (4 SE = %v)", m.P, want, 4*se)
	}
	// The components of the mixture are the presets run alone on the same seed.
	c := get("run", "--preset", "century")
	if len(m.Components) != 2 || m.Components[0].P != c.P {
		t.Errorf("component century %+v, alone %+v", m.Components, c)
	}
}

// The output says what came from where, the later preset winning.
func TestPresetOrigins(t *testing.T) {
	out, errs, code := ontrack(t, "run", "-n", "100", "--preset", "optimistic", "--preset", "no-stacking", "--set", "research.lambda=0.3", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var m struct {
		Scenario string
		Changes  []struct{ Path, Value, Origin string }
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range m.Changes {
		got[c.Path] = c.Value + " from " + c.Origin
	}
	if m.Scenario != "optimistic+no-stacking" || got["research.lambda"] != "0.3 from --set research.lambda=0.3" ||
		!strings.HasPrefix(got["ai.trust"], "uniform(0.5, 0.9) from preset optimistic:") {
		t.Errorf("scenario %q, changes %v", m.Scenario, got)
	}
}

// The scenario file shown in README.md is examples/my-view.yaml, and it
// runs and compares.
func TestREADMEExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```yaml\n")
	block, _, ok2 := strings.Cut(rest, "```\n")
	if !ok || !ok2 {
		t.Fatal("README.md has no yaml block")
	}
	const f = "../../examples/my-view.yaml"
	file, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if string(file) != block {
		t.Errorf("examples/my-view.yaml differs from README.md's example scenario:\n%s", firstDiff(block, string(file)))
	}
	for _, cmd := range []string{"run", "compare"} {
		if _, errs, code := ontrack(t, cmd, "-f", f, "-n", "500"); code != 0 {
			t.Errorf("%s -f examples/my-view.yaml: exit %d: %s", cmd, code, errs)
		}
	}
}
