package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// goldenTol is how far a number in a golden file may move across
// architectures and CPUs: |got - want| <= goldenTol * max(1, |got|, |want|).
//
// The compiler fuses multiply-adds on arm64 and on amd64 built with
// GOAMD64=v3, and math.Exp and math.Log take other paths where the CPU has
// FMA, so the last bits of a result depend on the machine. Measured against
// the amd64 (v1) output on 100,000 worlds of the default and of olah-scale
// (run --format csv), and on every report in the README at its default
// size, the largest difference on that scale is 2.3e-12 (arm64 under qemu;
// 1.8e-12 for GOAMD64=v3), and no world changes its outcome. Relative to
// the number alone it reaches 2e-8, but only for leads near zero, the
// difference of two years near 2035 whose absolute error is 2e-13 years:
// hence the floor of 1. 1e-9 leaves a margin of 400 over the measurement
// and is still 1,000 times smaller than the smallest real change a report
// can show (one world in a million changing its outcome moves P by 1e-6).
const goldenTol = 1e-9

// goldenToken splits output into numbers, runs of spaces, line ends and
// other text, in that order of preference.
var goldenToken = regexp.MustCompile(`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[ \t]+|[^-+.\d \t\n]+|(?s).`)

// sameLine reports whether two lines of output agree: text exactly, runs
// of spaces whatever their length (tabwriter pads a column to its widest
// number, which may be a digit longer on another machine), and numbers
// within goldenTol or one unit in their last printed decimal (a number
// rounded for print may fall either side of a rounding boundary).
// Integers get no such unit: counts and the 0/1 on_track column are exact.
func sameLine(got, want string) bool {
	if got == want {
		return true
	}
	g, w := goldenToken.FindAllString(got, -1), goldenToken.FindAllString(want, -1)
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		if g[i] == w[i] {
			continue
		}
		if isSpace(g[i]) && isSpace(w[i]) {
			continue
		}
		if !sameNumber(g[i], w[i]) {
			return false
		}
	}
	return true
}

func isSpace(s string) bool { return strings.Trim(s, " \t") == "" }

func sameNumber(got, want string) bool {
	a, err1 := strconv.ParseFloat(got, 64)
	b, err2 := strconv.ParseFloat(want, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	d := math.Abs(a - b)
	if d <= goldenTol*max(1, math.Abs(a), math.Abs(b)) {
		return true
	}
	ua, ub := lastUnit(got), lastUnit(want)
	return ua > 0 && ua == ub && d <= ua*(1+1e-9)
}

// lastUnit is the value of one unit in the last printed decimal of a
// number with a decimal point (0.001 for "0.559", 1e-7 for "1.25e-5"), or
// 0 for an integer.
func lastUnit(s string) float64 {
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		exp, _ = strconv.Atoi(s[i+1:])
	}
	_, frac, ok := strings.Cut(mant, ".")
	if !ok {
		return 0
	}
	return math.Pow(10, float64(exp-len(frac)))
}

// golden compares got with testdata/name, or rewrites the file under
// -update. On a difference it prints the differing lines with context.
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
	if d := lineDiff(string(want), got); d != "" {
		t.Errorf("output differs from %s beyond the tolerance (- want, + got; go test ./cmd/ontrack -update rewrites it):\n%s", path, d)
	}
}

// lineDiff returns a unified-style diff of want and got, lines matched by
// sameLine, showing at most the first few hunks with two lines of context;
// "" if they agree.
func lineDiff(want, got string) string {
	a, b := lines(want), lines(got)
	n, m := len(a), len(b)
	// lcs[i][j]: the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if sameLine(b[j], a[i]) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte // ' ', '-' or '+'
		line string
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && sameLine(b[j], a[i]):
			ops = append(ops, op{' ', a[i]})
			i, j = i+1, j+1
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	const context, maxLines = 2, 40
	var sb strings.Builder
	shown, last := 0, -1
	for k, o := range ops {
		if o.kind == ' ' {
			continue
		}
		lo := max(k-context, last+1)
		if last >= 0 && lo > last+1 {
			sb.WriteString("...\n")
		}
		for x := lo; x <= min(k+context, len(ops)-1); x++ {
			if x <= last {
				continue
			}
			if shown == maxLines {
				sb.WriteString("... (more differences)\n")
				return sb.String()
			}
			line := strings.TrimSuffix(ops[x].line, "\n")
			if ops[x].kind != ' ' && !strings.HasSuffix(ops[x].line, "\n") {
				line += " (no newline at end)"
			}
			fmt.Fprintf(&sb, "%c %s\n", ops[x].kind, line)
			shown++
			last = x
		}
	}
	return sb.String()
}

// lines splits s after each newline, with no empty last line.
func lines(s string) []string {
	l := strings.SplitAfter(s, "\n")
	if l[len(l)-1] == "" {
		l = l[:len(l)-1]
	}
	return l
}

// The comparison itself: what it must accept and what it must not.
func TestSameLine(t *testing.T) {
	cases := []struct {
		got, want string
		same      bool
	}{
		{"p 0.5682 lead 2034.4436694674177", "p 0.5682 lead 2034.4436694674177", true},
		{"2034.4436694674177", "2034.443669467419", true},            // 6e-16 relative
		{"-1.1234352768951794e-05", "-1.1234352541578119e-05", true}, // a lead near 0: 2e-13 absolute
		{"0.0014713996418519058", "0.0014713996418522837", true},     // a Sobol index
		{"2034.4436694674177", "2034.4436894674177", false},          // 1e-8 relative
		{"0.559 ± 0.002", "0.560 ± 0.002", true},                     // a rounding boundary
		{"0.559 ± 0.002", "0.561 ± 0.002", false},                    // two units
		{"-0.0", "0.0", true},                                    // the sign of a rounded zero
		{"on_track,1", "on_track,0", false},                      // integers are exact
		{"5000 worlds", "5001 worlds", false},                    //
		{"0.5682", "0.5684", false},                              //
		{"1.5e-5", "1.6e-5", true},                               // one unit of 1e-6
		{"1.5e-5", "1.7e-5", false},                              //
		{"x  2035.5  y", "x   2035.5 y", true},                   // tabwriter padding
		{"dearnaley 0.5", "century 0.5", false},                  // text is exact
		{"grow-50+pause", "grow-50-pause", false},                //
		{"0.5682", "0.5682 ", false},                             // a trailing space is a token
		{"a,1,2", "a,1", false},                                  // a missing field
		{"inf", "+Inf", false},                                   //
		{"P(on track) 0.5682000001", "P(on track) 0.5682", true}, //
		{"median 2035.5 (2029.8 to 2052.8)", "median 2035.5 (2029.8 to 2052.9)", true}, // rounded
	}
	for _, c := range cases {
		if got := sameLine(c.got, c.want); got != c.same {
			t.Errorf("sameLine(%q, %q) = %v, want %v", c.got, c.want, got, c.same)
		}
	}
}

func TestLineDiff(t *testing.T) {
	want := "a\nb\nc 1.5\nd\ne\nf\ng\nh\ni\nj\n"
	if d := lineDiff(want, strings.Replace(want, "1.5", "1.5000000000001", 1)); d != "" {
		t.Errorf("a difference within the tolerance shows as\n%s", d)
	}
	got := strings.Replace(want, "c 1.5", "c 2.5", 1)
	d := lineDiff(want, got)
	if wantD := "  a\n  b\n- c 1.5\n+ c 2.5\n  d\n  e\n"; d != wantD {
		t.Errorf("diff:\n%s\nwant:\n%s", d, wantD)
	}
	d = lineDiff(want, strings.Replace(want, "h\n", "", 1)+"k")
	if wantD := "  f\n  g\n- h\n  i\n  j\n+ k (no newline at end)\n"; d != wantD {
		t.Errorf("diff:\n%s\nwant:\n%s", d, wantD)
	}
}
