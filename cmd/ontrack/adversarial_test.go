package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAdversarial runs every case in testdata/adversarial/*.txt through the
// command, each with a deadline, and checks its exit status, a fragment of
// its output, and that no Go stack trace was printed. The format is
// described in testdata/adversarial/README.md.
func TestAdversarial(t *testing.T) {
	dir := filepath.Join("testdata", "adversarial")
	suites, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(suites) == 0 {
		t.Fatalf("no cases in %s: %v", dir, err)
	}
	files, err := filepath.Abs(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	for _, suite := range suites {
		t.Run(strings.TrimSuffix(filepath.Base(suite), ".txt"), func(t *testing.T) {
			cases, err := readCases(suite, files, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				c.check(t)
			}
		})
	}
}

// adversarial is one case: a command line, the exit status it must end
// with, and a fragment its output must contain.
type adversarial struct {
	where    string // file:line
	exit     int
	fragment string
	args     []string
}

// caseDeadline bounds one case; issue 10 asks for every input to be
// answered in under 30 s.
const caseDeadline = 30 * time.Second

func (c adversarial) check(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), caseDeadline)
	defer cancel()
	var out, errb bytes.Buffer
	type result struct {
		err      error
		panicked string
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{panicked: fmt.Sprintf("panic: %v\n\ngoroutine (recovered)\n%s", r, debug.Stack())}
			}
		}()
		done <- result{err: run(ctx, c.args, strings.NewReader(""), &out, &errb)}
	}()
	var res result
	select {
	case res = <-done:
	case <-time.After(caseDeadline + 5*time.Second):
		t.Errorf("%s: %q did not end within %v", c.where, c.args, caseDeadline)
		return
	}
	// Copy the buffers only once run has returned: they are not safe to
	// read while it writes.
	code := 0
	msg := ""
	if res.err != nil {
		code = exitCode(res.err)
		msg = "ontrack: " + res.err.Error() + "\n"
	}
	if res.panicked != "" {
		code = 2
		msg = res.panicked
	}
	all := out.String() + errb.String() + msg
	show := all
	if len(show) > 600 {
		show = show[:600] + "..."
	}
	if code != c.exit {
		t.Errorf("%s: %q: exit %d, want %d\n%s", c.where, c.args, code, c.exit, show)
	}
	if c.fragment != "" && !strings.Contains(all, c.fragment) {
		t.Errorf("%s: %q: output lacks %q\n%s", c.where, c.args, c.fragment, show)
	}
	for _, trace := range []string{"goroutine ", "panic:", "runtime error"} {
		if strings.Contains(all, trace) {
			t.Errorf("%s: %q: a Go stack trace (%q)\n%s", c.where, c.args, trace, show)
			break
		}
	}
}

// readCases reads one suite, writing the files it defines into tmp.
func readCases(suite, files, tmp string) ([]adversarial, error) {
	data, err := os.ReadFile(suite)
	if err != nil {
		return nil, err
	}
	var cases []adversarial
	for i, line := range strings.Split(string(data), "\n") {
		where := fmt.Sprintf("%s:%d", suite, i+1)
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.SplitN(line, "\t", 3)
		if len(fields) != 3 {
			return nil, fmt.Errorf("%s: want three fields separated by tabs", where)
		}
		if fields[0] == "file" {
			content, err := fileContent(fields[2])
			if err != nil {
				return nil, fmt.Errorf("%s: %v", where, err)
			}
			if err := os.WriteFile(filepath.Join(tmp, fields[1]), content, 0o644); err != nil {
				return nil, err
			}
			continue
		}
		exit, err := strconv.Atoi(fields[0])
		if err != nil {
			return nil, fmt.Errorf("%s: the exit status %q is not a number", where, fields[0])
		}
		frag := fields[1]
		if frag == "-" {
			frag = ""
		}
		args, err := splitArgs(fields[2])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		for j, a := range args {
			a = strings.ReplaceAll(a, "$F/", files+string(filepath.Separator))
			args[j] = strings.ReplaceAll(a, "$T/", tmp+string(filepath.Separator))
		}
		cases = append(cases, adversarial{where: where, exit: exit, fragment: frag, args: args})
	}
	return cases, nil
}

// splitArgs splits a command line at spaces. '...' quotes literally;
// "..." is a Go string literal, with its escapes.
func splitArgs(s string) ([]string, error) {
	var args []string
	for i := 0; i < len(s); {
		if s[i] == ' ' {
			i++
			continue
		}
		var b strings.Builder
		for i < len(s) && s[i] != ' ' {
			switch s[i] {
			case '\'':
				j := strings.IndexByte(s[i+1:], '\'')
				if j < 0 {
					return nil, fmt.Errorf("unclosed ' in %q", s)
				}
				b.WriteString(s[i+1 : i+1+j])
				i += j + 2
			case '"':
				lit, n, err := goString(s[i:])
				if err != nil {
					return nil, err
				}
				b.WriteString(lit)
				i += n
			default:
				b.WriteByte(s[i])
				i++
			}
		}
		args = append(args, b.String())
	}
	return args, nil
}

// goString reads the Go string literal at the start of s, returning its
// value and length.
func goString(s string) (string, int, error) {
	for j := 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			v, err := strconv.Unquote(s[:j+1])
			return v, j + 1, err
		}
	}
	return "", 0, fmt.Errorf("unclosed \" in %q", s)
}

// fileContent builds a file from Go string literals, each optionally
// repeated: "milestones:\n" "  - {name: a, fraction: 0.5}\n"*20000
func fileContent(spec string) ([]byte, error) {
	var b bytes.Buffer
	for s := strings.TrimSpace(spec); s != ""; s = strings.TrimSpace(s) {
		lit, n, err := goString(s)
		if err != nil || s[0] != '"' {
			return nil, fmt.Errorf("expected a Go string literal at %q", s[:min(len(s), 20)])
		}
		s = s[n:]
		times := 1
		if strings.HasPrefix(s, "*") {
			j := 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if times, err = strconv.Atoi(s[1:j]); err != nil {
				return nil, fmt.Errorf("bad repeat count at %q", s[:min(len(s), 20)])
			}
			s = s[j:]
		}
		for range times {
			b.WriteString(lit)
		}
	}
	return b.Bytes(), nil
}
