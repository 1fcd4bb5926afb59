package main

import (
	"os"
	"strings"
	"testing"

	"ontrack/internal/scenario"
)

// -h, -help and --help print the usage once, on stdout, and exit 0: for
// every command, and at the top, where help COMMAND is COMMAND -h.
func TestHelp(t *testing.T) {
	for _, cmd := range commands {
		for _, h := range []string{"-h", "-help", "--help"} {
			out, errs, code := ontrack(t, cmd, h)
			if code != 0 || errs != "" || strings.Count(out, "Usage: ontrack "+cmd) != 1 {
				t.Errorf("%s %s: exit %d, stderr %q, stdout %q", cmd, h, code, errs, out)
			}
			// After other flags too.
			if cmd == "run" {
				if out2, _, code := ontrack(t, cmd, "-n", "10", h); code != 0 || out2 != out {
					t.Errorf("run -n 10 %s: exit %d, output %q", h, code, out2)
				}
			}
		}
		if out, _, code := ontrack(t, "help", cmd); code != 0 || !strings.HasPrefix(out, "Usage: ontrack "+cmd) {
			t.Errorf("help %s: exit %d, output %q", cmd, code, out)
		}
	}
	for _, h := range []string{"-h", "-help", "--help", "help"} {
		out, errs, code := ontrack(t, h)
		if code != 0 || errs != "" || out != topUsage {
			t.Errorf("%s: exit %d, stderr %q, stdout %q", h, code, errs, out)
		}
	}
	// Every command is listed.
	for _, cmd := range commands {
		if !strings.Contains(topUsage, "\n  ontrack "+cmd+" ") {
			t.Errorf("ontrack -h does not list %s", cmd)
		}
	}
}

// A mistake in how the command is called is one line on stderr, exit 2,
// naming the nearest valid flag or command: never the whole usage.
func TestUnknownFlag(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"run", "--sed", "3"}, "ontrack: run: unknown flag --sed (did you mean --seed?); see ontrack run -h\n"},
		{[]string{"run", "-sed", "3"}, "ontrack: run: unknown flag --sed (did you mean --seed?); see ontrack run -h\n"},
		{[]string{"run", "--presets", "century"}, "(did you mean --preset?)"},
		{[]string{"run", "-F", "x.yaml"}, "(did you mean -f?)"},
		{[]string{"sweep", "--sett", "field.growth=0..1:3"}, "(did you mean --set?)"},
		{[]string{"compare", "--onyl", "grow-50"}, "(did you mean --only?)"},
		{[]string{"solve", "--tagret", "0.5"}, "(did you mean --target?)"},
		{[]string{"sensitivity", "--methd", "sobol"}, "(did you mean --method?)"},
		{[]string{"sensitivity", "--tornado", "100"}, "(did you mean --tornado-n?)"},
		{[]string{"condition", "--givn", "agi<2030"}, "(did you mean --given?)"},
		{[]string{"presets", "--rnu"}, "(did you mean --run?)"}, // a swap of neighbours is one slip
		{[]string{"data", "field", "--fromat", "csv"}, "(did you mean --format?)"},
		{[]string{"fit", "--fromat", "json"}, "(did you mean --format?)"},
		{[]string{"params", "--fromat", "csv"}, "(did you mean --format?)"},
		{[]string{"validate", "--strict", "x.yaml"}, "unknown flag --strict (ontrack validate takes no flags)"},
		{[]string{"run", "-n", "ten"}, "run: invalid value \"ten\" for flag -n"},
		{[]string{"--verison"}, "ontrack: unknown flag --verison (did you mean --version?)"},
		{[]string{"-n", "5"}, "a command comes first"},
		{[]string{"swep"}, "ontrack: unknown command \"swep\" (did you mean sweep?); see ontrack -h\n"},
		{[]string{"frobnicate"}, "ontrack: unknown command \"frobnicate\"; see ontrack -h for the commands\n"},
		{[]string{"help", "frobnicate"}, "unknown command \"frobnicate\""},
		{[]string{"version", "extra"}, "version: unexpected argument \"extra\""},
	}
	for _, c := range cases {
		out, errs, code := ontrack(t, c.args...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2, nothing on stdout and one line with %q",
				strings.Join(c.args, " "), code, out, errs, c.want)
		}
	}
	// With no command at all, the usage goes to stderr (a mistake), once.
	out, errs, code := ontrack(t)
	if code != 2 || out != "" || strings.Count(errs, "Usage:") != 1 {
		t.Errorf("no arguments: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// --version is the version command.
func TestVersionFlag(t *testing.T) {
	want, _, code := ontrack(t, "version")
	if code != 0 || !strings.HasPrefix(want, "ontrack "+version+" (") {
		t.Fatalf("version: exit %d, %q", code, want)
	}
	for _, v := range []string{"--version", "-version"} {
		if out, errs, code := ontrack(t, v); code != 0 || out != want || errs != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %q", v, code, out, errs, want)
		}
	}
}

// -f - reads the scenario from standard input, wherever -f is accepted: the
// output is the file's, with stdin where the file's name was, and a
// mistake names stdin with its line and column.
func TestStdin(t *testing.T) {
	const file = "testdata/short.yaml"
	yaml, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"run", "-n", "2000"},
		{"run", "-n", "2000", "--format", "json"},
		{"run", "-n", "2000", "--preset", "century"},
		{"sweep", "-n", "1000", "--set", "field.growth=20%..40%:3"},
		{"compare", "-n", "1000", "--only", "grow-50"},
		{"solve", "-n", "1000", "--vary", "field.growth", "--in", "0..2", "--target", "50%"},
		{"sensitivity", "-n", "64", "--method", "sobol", "--boot", "10"},
		{"condition", "-n", "2000", "--given", "agi<2035"},
	} {
		want, errs, code := ontrack(t, append(args, "-f", file)...)
		if code != 0 {
			t.Fatalf("%v -f %s: exit %d: %s", args, file, code, errs)
		}
		got, errs, code := ontrackIn(t, string(yaml), append(args, "-f", "-")...)
		if code != 0 {
			t.Errorf("%v -f -: exit %d: %s", args, code, errs)
			continue
		}
		if got != strings.ReplaceAll(want, file, scenario.StdinName) {
			t.Errorf("%v: -f - gives other output than -f %s:\n%s", args, file, lineDiff(want, got))
		}
	}
	// --mix takes - as a component's file.
	// The component's name is shorter: columns may be padded otherwise.
	want, _, _ := ontrack(t, "run", "-n", "1000", "--mix", "century=1,"+file+"=1")
	want = strings.ReplaceAll(want, file, "-")
	got, errs, code := ontrackIn(t, string(yaml), "run", "-n", "1000", "--mix", "century=1,-=1")
	if d := lineDiff(want, got); code != 0 || d != "" || !strings.Contains(got, "\n-  ") {
		t.Errorf("--mix century=1,-=1: exit %d %s:\n%s", code, errs, d)
	}
	// validate - .
	out, errs, code := ontrackIn(t, string(yaml), "validate", "-")
	if code != 0 || out != "stdin: ok (scenario short-timelines)\n" {
		t.Errorf("validate -: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	bad, err := os.ReadFile("testdata/bad-interval.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"run", "-f", "-"}, {"validate", "-"}} {
		_, errs, code := ontrackIn(t, string(bad), args...)
		if want := "stdin:3:16: timelines.agi: interval 2040 to 2030"; code != 2 || !strings.Contains(errs, want) {
			t.Errorf("%v with a bad file: exit %d, stderr %q, want %q", args, code, errs, want)
		}
	}
}

// Every CSV writes infinity as the worlds CSV does: inf, which
// pandas.read_csv and strconv.ParseFloat both read.
func TestCSVInfinity(t *testing.T) {
	for _, args := range [][]string{
		{"sweep", "-n", "50", "--set", "difficulty.total=inf", "--set", "field.growth=10%..20%:2", "--format", "csv"},
		{"run", "-n", "50", "--set", "difficulty.total=inf", "--format", "csv"},
	} {
		out, errs, code := ontrack(t, args...)
		if code != 0 || !strings.Contains(out, ",inf") || strings.Contains(out, "Inf") {
			t.Errorf("%s: exit %d %s; want inf, never +Inf:\n%s", strings.Join(args, " "), code, errs, out)
		}
	}
}
