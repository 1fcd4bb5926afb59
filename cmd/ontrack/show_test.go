package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// ontrack show | ontrack run -f - gives the worlds that run gives with the
// same flags, byte for byte, and the same report apart from where each
// change came from (the file, read back, is its origin).
func TestShowRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name  string
		flags []string
		also  [][]string // other commands to compare, after the scenario flags
	}{
		{"default", nil, nil},
		{"preset", []string{"--preset", "olah-scale"}, nil},
		{"presets and file", []string{"--preset", "no-stacking", "--preset", "futures-lifland", "-f", "testdata/short.yaml"}, nil},
		{"sets and shifts", []string{"--set", "field.fte=+1000", "--set", "field.fte=+300", "--set", "timelines.agi=2031",
			"--set", "timelines.takeoff=0", "--set", "field.growth=50%", "--set", "research.reference_fte=+10"}, nil},
		{"interventions", []string{"-f", "../../examples/my-view.yaml", "--set", "pause.at_agi=true"},
			[][]string{{"compare", "-n", "2000", "--format", "csv"}, {"compare", "-n", "2000", "--combine", "grow-50+fund-mats", "--format", "json"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			shown, stderr, code := ontrack(t, append([]string{"show"}, c.flags...)...)
			if code != 0 {
				t.Fatalf("show: exit %d: %s", code, stderr)
			}
			cmds := append([][]string{
				{"run", "-n", "3000", "--format", "csv"},
				{"run", "-n", "3000", "--format", "json"},
				{"run", "-n", "3000"},
			}, c.also...)
			for _, cmd := range cmds {
				want, stderr, code := ontrack(t, append(slices.Clone(cmd), c.flags...)...)
				if code != 0 {
					t.Fatalf("%v: exit %d: %s", cmd, code, stderr)
				}
				got, stderr, code := ontrackIn(t, shown, append(slices.Clone(cmd), "-f", "-")...)
				if code != 0 {
					t.Fatalf("%v -f -: exit %d: %s\n%s", cmd, code, stderr, shown)
				}
				if slices.Contains(cmd, "json") {
					want, got = withoutOrigins(t, want), withoutOrigins(t, got)
				} else if !slices.Contains(cmd, "csv") {
					want, got = withoutOriginColumn(want), withoutOriginColumn(got)
				}
				if got != want {
					t.Errorf("%v: show | run -f - differs from the flags:\n%s", cmd, firstDiff(want, got))
				}
			}
		})
	}
}

// withoutOrigins drops the origin of every change from a JSON report.
func withoutOrigins(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			delete(v, "origin")
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// withoutOriginColumn cuts the text report's list of changes down to the
// path and value of each.
func withoutOriginColumn(s string) string {
	lines := strings.Split(s, "\n")
	in := false
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "Changed from the default"):
			in = true
		case l == "":
			in = false
		case in:
			f := strings.Fields(l)
			lines[i] = strings.Join(f[:2], " ")
		}
	}
	return strings.Join(lines, "\n")
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return "line " + strconv.Itoa(i+1) + ":\nwant " + w[i] + "\ngot  " + g[i]
		}
	}
	return "lengths differ"
}

// Every example line in README.md's "Use" section runs as written, from the
// repository's root, with -n made small; a redirect writes to a temporary
// file that later lines read.
func TestReadmeExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, use, _ := strings.Cut(string(readme), "\n## Use\n")
	use, _, _ = strings.Cut(use, "\n## ")
	tmp := t.TempDir()
	t.Chdir("../..")
	redirected := map[string]string{}
	small := map[string]string{"run": "2000", "sweep": "500", "compare": "2000", "solve": "500", "sensitivity": "64", "condition": "2000", "presets": "500", "report": "2000", "explain": "2000"}
	n := 0
	for line := range strings.SplitSeq(use, "\n") {
		if !strings.HasPrefix(line, "    ontrack ") {
			continue
		}
		n++
		args, out := shellWords(t, strings.TrimPrefix(line, "    ontrack "))
		for i, a := range args {
			if p, ok := redirected[a]; ok {
				args[i] = p
			}
		}
		if k, ok := small[args[0]]; ok && (args[0] != "presets" || slices.Contains(args, "--run")) {
			if i := slices.Index(args, "-n"); i >= 0 {
				args[i+1] = k
			} else {
				args = append(args, "-n", k)
			}
			if args[0] == "sensitivity" {
				args = append(args, "--tornado-n", "500", "--boot", "10")
			}
		}
		if args[0] == "serve" {
			// The server runs until stopped: on a free port and a
			// temporary database, stopped once it has said where it is.
			readmeServe(t, line, tmp)
			continue
		}
		stdout, stderr, code := ontrack(t, args...)
		if code != 0 {
			t.Errorf("%s\n  (run as %q): exit %d: %s", line, args, code, stderr)
			continue
		}
		if stdout == "" {
			t.Errorf("%s: no output", line)
		}
		if out != "" {
			p := filepath.Join(tmp, filepath.Base(out))
			if err := os.WriteFile(p, []byte(stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			redirected[out] = p
		}
	}
	if n < 20 {
		t.Errorf("found %d example lines in the Use section, want the README's 20 or more", n)
	}
}

// shellWords splits a README command line as a shell would, for the little
// it uses: words, 'single quotes', a trailing "> FILE" and a "# comment".
func shellWords(t *testing.T, line string) (args []string, redirect string) {
	t.Helper()
	var words []string
	var cur strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case quoted:
			if ch == '\'' {
				quoted = false
			} else {
				cur.WriteByte(ch)
			}
		case ch == '\'':
			quoted, inWord = true, true
		case ch == '#' && !inWord:
			i = len(line)
		case ch == ' ':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	if k := slices.Index(words, ">"); k >= 0 {
		if k+2 != len(words) {
			t.Fatalf("%q: a redirect must come last", line)
		}
		return words[:k], words[k+1]
	}
	return words, ""
}

// readmeServe runs the README's ontrack serve on a free port and a
// temporary database, and stops it once it has answered its page.
func readmeServe(t *testing.T, line, tmp string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(tmp, "readme.db")}, nil, io.Discard, pw)
		pw.Close()
	}()
	first, err := bufio.NewReader(pr).ReadString('\n')
	go io.Copy(io.Discard, pr)
	_, rest, ok := strings.Cut(first, "serving ")
	url, _, _ := strings.Cut(rest, " ")
	if err != nil || !ok {
		t.Errorf("%s: it said %q (%v)", line, first, err)
		cancel()
		<-done
		return
	}
	res, err := http.Get(url)
	if err != nil || res.StatusCode != 200 {
		t.Errorf("%s: GET %s: %v", line, url, err)
	} else {
		res.Body.Close()
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("%s: stopped with %v", line, err)
	}
}
