package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strings"
	"testing"

	"ontrack/internal/dist"
	"ontrack/internal/fault"
	"ontrack/internal/model"
)

func TestDefaultCompiles(t *testing.T) {
	s := Default()
	pl, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range model.Fields {
		if _, ok := s.Params[f.Path]; !ok && f.Path != "difficulty.total" && f.Path != "difficulty.effort_so_far" {
			t.Errorf("default sets no %s", f.Path)
		}
		if s.Sources[f.Path] == "" {
			t.Errorf("default gives no source or judgement label for %s", f.Path)
		}
	}
	if len(s.Milestones) != 0 {
		t.Errorf("milestones %+v: the default's thresholds are built in", s.Milestones)
	}
	base := pl.Base()
	if base.Start != 2026 || base.Horizon != 2100 {
		t.Errorf("start %v horizon %v", base.Start, base.Horizon)
	}
}

// The paths that scripts set must exist under these names.
func TestRequiredPaths(t *testing.T) {
	for _, p := range []string{"start", "field.fte", "field.growth", "difficulty.done_so_far",
		"difficulty.effort_so_far", "timelines.agi", "timelines.takeoff"} {
		if model.FieldIndex(p) < 0 {
			t.Errorf("no parameter %s", p)
		}
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name, yaml string
		line, col  int
		path, msg  string
	}{
		{"unknown", "field:\n  grwth: 20%\n", 2, 3, "field.grwth", "did you mean field.growth"},
		{"unknown top", "timeline:\n  agi: 2030\n", 1, 1, "timeline", "did you mean timelines"},
		{"bad dist", "field:\n  growth: normal(1)\n", 2, 11, "field.growth", "normal takes 2 numbers"},
		{"interval", "timelines:\n  agi: 2040 to 2030\n", 2, 16, "timelines.agi", "low end must be below"},
		{"probability", "pause:\n  probability: 1.5\n", 2, 16, "pause.probability", "outside the allowed range [0, 1]"},
		{"negative fte", "field:\n  fte: -5\n", 2, 8, "field.fte", "outside the allowed range"},
		{"quoted", "field:\n  growth: \"5 to x\"\n", 2, 17, "field.growth", "unknown word"},
		{"fixed", "start: 2020 to 2030\n", 1, 8, "start", "takes a number"},
		{"no mass", "ai:\n  trust: normal(5, 0.1)\n", 2, 10, "ai.trust", "no mass"},
		{"yaml", "field: [\n", 1, 8, "", "not valid YAML"},
		{"list value", "field:\n  growth: [1, 2]\n", 2, 11, "field.growth", "not a list"},
		{"milestone", "milestones:\n  - name: a\n    fraction: 1.5\n", 3, 15, "milestones[0].fraction", "(0, 1]"},
		{"correlation", "correlations:\n  - [field.fte, field.growth, 1.2]\n", 2, 31, "correlations[0]", "strictly between -1 and 1"},
		{"deadline", "deadline: soon\n", 1, 11, "deadline", "agi or asi"},
		{"quantiles", "timelines:\n  agi: {p10: 2030, p50: 2029}\n", 2, 8, "timelines.agi", "increasing"},
		// Issue 10: every mistake in a file has a line and column.
		{"set unknown", "interventions:\n  - name: bad\n    set:\n      field.bogus: 5\n", 4, 7, "field.bogus", "unknown parameter"},
		{"set section", "interventions:\n  - name: bad\n    set:\n      field: 5\n", 4, 7, "field", "is a section, not a parameter: set one of its parameters, field.fte"},
		{"list key", "? [1, 2]\n: 3\n", 1, 3, "", "keys must be plain names"},
		{"set list key", "interventions:\n  - name: bad\n    set:\n      ? [1]\n      : 5\n", 4, 9, "interventions[0].set", "keys must be plain names"},
		{"duplicate", "field:\n  growth: 1\n  growth: 2\n", 3, 3, "field.growth", "given twice, here and at line 2, column 3"},
		{"dotted twice", "field.growth: 1\nfield:\n  growth: 2\n", 3, 3, "field.growth", "set twice in this file, here and at line 1, column 1"},
		{"section value", "field: [1, 2]\n", 1, 1, "field", "is a section"},
		{"anchor", "name: x\nfield:\n  fte: *nope\n", 3, 8, "", "unknown anchor 'nope'"},
		{"deep", "a: " + strings.Repeat("[", 20000) + "\n", 1, 104, "", "nested more than 100 deep"},
		{"utf8", "name: ok\nfield: \xff\n", 2, 8, "", "not valid UTF-8"},
		{"control", "name: a\x01\n", 1, 8, "", "U+0001 is not allowed"},
		{"two documents", "name: a\n---\nname: b\n", 3, 1, "", "a second YAML document"},
		{"tab", "field:\n\tgrowth: 1\n", 2, 1, "", "cannot start any token"},
		{"at sign", "name: x\nfield:\n  growth: @x\n", 3, 11, "", "cannot start any token"},
		{"mixture weights", "field:\n  growth: mixture(1, 2, [1e308, 0])\n", 2, 25, "field.growth", "mixture weights must be positive"},
		{"mixture huge", "field:\n  fte: mixture(" + strings.Repeat("1, ", 20000) + "1)\n", 2, 316, "field.fte", "at most 100"},
		{"long number", "field:\n  fte: 1" + strings.Repeat("0", 100000) + "\n", 2, 8, "field.fte", "(100001 bytes) is not a finite number"},
		{"correlated twice", "correlations:\n  - [field.fte, field.growth, 0.5]\n  - [field.growth, field.fte, 0.2]\n", 3, 5, "correlations[1]", "again (first at line 2, column 5)"},
		{"milestones", "milestones: [" + strings.Repeat("{name: a, fraction: 0.5}, ", 100) + "]\n", 1, 13, "milestones", "100 milestones: at most 8"},
		{"interventions", "interventions: [" + strings.Repeat("{}, ", 101) + "]\n", 1, 16, "interventions", "101 interventions: at most 100"},
		{"too big", "name: x\n" + strings.Repeat("#", MaxFileBytes), 0, 0, "", "at most 1048576 bytes"},
	}
	for _, c := range cases {
		_, err := Load("s.yaml", []byte(c.yaml))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: got %v, want a scenario error", c.name, err)
			continue
		}
		if e.Pos.File != "s.yaml" || e.Pos.Line != c.line || e.Pos.Col != c.col || e.Path != c.path || !strings.Contains(e.Msg, c.msg) {
			t.Errorf("%s: got %q (line %d col %d path %q), want line %d col %d path %q containing %q",
				c.name, err, e.Pos.Line, e.Pos.Col, e.Path, c.line, c.col, c.path, c.msg)
		}
	}
}

// The start set by a flag is blamed, not the default's horizon.
func TestStartAfterHorizon(t *testing.T) {
	s := Default()
	if err := s.Set("start", "2200", "--set start=2200"); err != nil {
		t.Fatal(err)
	}
	_, err := Compile(s)
	if err == nil || !strings.HasPrefix(err.Error(), "--set start=2200: start: the start 2200 must come before the horizon 2100 (set at default.yaml (embedded):") {
		t.Errorf("got %v", err)
	}
	if err := Default().Set("field", "5", "--set field=5"); err == nil || !strings.Contains(err.Error(), "is a section, not a parameter") {
		t.Errorf("--set field=5: got %v", err)
	}
}

func TestHorizonBeforeStart(t *testing.T) {
	s, err := Load("s.yaml", []byte("horizon: 2020\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Compile(s)
	if err == nil || !strings.Contains(err.Error(), "s.yaml:1:10: horizon: the horizon 2020 must come after the start 2026") {
		t.Errorf("got %v", err)
	}
}

func TestInconsistentCorrelations(t *testing.T) {
	s, err := Load("s.yaml", []byte(`correlations:
  - [field.fte, field.growth, 0.9]
  - [field.growth, research.lambda, 0.9]
  - [field.fte, research.lambda, -0.9]
`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(s); err == nil || !strings.Contains(err.Error(), "not positive definite") {
		t.Errorf("got %v", err)
	}
}

func TestOverlayAndSet(t *testing.T) {
	s, err := Load("s.yaml", []byte("field.growth: 50%\ndifficulty:\n  total: 1M\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Params["field.growth"]; got.Text != "50%" || got.Origin.String() != "s.yaml:1:15" {
		t.Errorf("growth %+v", got)
	}
	if _, ok := s.Params["difficulty.done_so_far"]; ok {
		t.Error("setting difficulty.total should clear done_so_far")
	}
	pl, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	if b := pl.Base(); b.Total != 1e6 {
		t.Errorf("total %v", b.Total)
	}
	if err := s.Set("timelines.agi", "{p10: 2028, p50: 2033, p90: 2050}", "--set"); err != nil {
		t.Error(err)
	}
	if err := s.Set("difficulty.total", "mixture(30k to 300k, inf, [0.8, 0.2])", "--set"); err != nil {
		t.Error(err)
	}
	if _, err := Compile(s); err != nil {
		t.Error(err)
	}
}

// The copula imposes the rank correlation asked for: Spearman's rho of the
// drawn values is close to it.
func TestCopula(t *testing.T) {
	s := Default()
	s.Correlations = []Correlation{{A: "field.growth", B: "timelines.agi", Rho: -0.6}}
	pl, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	const n = 20000
	a, b := make([]float64, n), make([]float64, n)
	u := make([]float64, Dim)
	var p model.Params
	for i := range n {
		for j := range u {
			u[j] = (float64((i*7919+j*104729)%n) + 0.5) / n // a scrambled grid is enough here
		}
		u[model.FieldIndex("field.growth")] = halton(i+1, 2)
		u[model.FieldIndex("timelines.agi")] = halton(i+1, 3)
		pl.Draw(u, &p)
		a[i], b[i] = p.Growth, p.AGI
	}
	if rho := spearman(a, b); math.Abs(rho-(-0.6)) > 0.02 {
		t.Errorf("Spearman rho %.3f, want -0.6", rho)
	}
}

func halton(i, base int) float64 {
	f, r := 1.0, 0.0
	for i > 0 {
		f /= float64(base)
		r += f * float64(i%base)
		i /= base
	}
	return r
}

func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sortIdx(idx, x)
	r := make([]float64, len(x))
	for k, i := range idx {
		r[i] = float64(k)
	}
	return r
}

func sortIdx(idx []int, x []float64) {
	sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
}

func spearman(a, b []float64) float64 {
	ra, rb := ranks(a), ranks(b)
	n := float64(len(a))
	var s float64
	for i := range ra {
		d := ra[i] - rb[i]
		s += d * d
	}
	return 1 - 6*s/(n*(n*n-1))
}

// FuzzLoad checks that no file makes the loader or compiler panic, and that
// every failure is a scenario error that names the file, line and column.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(defaultYAML))
	for _, s := range []string{"field:\n  growth: 30%\n", "timelines: {agi: 2030 to 2040}\n",
		"milestones:\n  - {name: a, fraction: 0.5}\n", "correlations: [[field.fte, field.growth, 0.5]]\n",
		"a: &x 1\nb: *x\n", "field:\n  fte: {p10: 1, p90: 2}\n", "- 1\n", "horizon: 1900\n"} {
		f.Add([]byte(s))
	}
	// Issue 10: positions the YAML parser does not give, duplicates, sizes.
	for _, s := range []string{"a: *x\n", "a: " + strings.Repeat("[", 200) + "\n", "name: \xff\n",
		"name: a\x00\n", "a: 1\n---\nb: 2\n", "field:\n  growth: 1\n  growth: 2\n", "? [1]\n: 2\n",
		"field: [1, 2]\n", "difficulty:\n  total: mixture(1, 2, [1e308, 1e308])\n", "\tname: x\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Load("f.yaml", data)
		if err == nil {
			_, err = Compile(s)
		}
		if err != nil {
			checkFileError(t, string(data), err)
		}
	})
}

// A world's parameters stay finite at the extreme uniforms, including 1,
// which the engine's (k + 1/2)/2^53 reaches by rounding, and where the
// copula's normal CDF rounds to 1.
func TestDrawExtremes(t *testing.T) {
	pl, err := Compile(Default())
	if err != nil {
		t.Fatal(err)
	}
	u := make([]float64, Dim)
	var p model.Params
	for _, x := range []float64{0x1p-54, 1 - 0x1p-53, 1} {
		for i := range u {
			u[i] = x
		}
		pl.Draw(u, &p)
		for i, f := range model.Fields {
			if pl.Dist(i) == nil {
				continue // a number, such as lever.start: inf
			}
			v := f.Get(&p)
			if math.IsInf(v, 1) && math.IsInf(f.Hi, 1) && pl.Dist(i).Quantile(1-0x1p-53) == v {
				continue // inf is a value this distribution gives: thresholds.governance "never"
			}
			if math.IsInf(v, 0) || math.IsNaN(v) {
				t.Errorf("u = %v: %s = %v", x, f.Path, v)
			}
		}
	}
}

// A positioned error keeps its file, line and column through wrapping, says
// it is the user's to fix, and wraps its cause.
func TestErrorKindAndPosition(t *testing.T) {
	_, err := Load("my-view.yaml", []byte("name: x\nfield:\n  growth: 30% to\n"))
	err = fmt.Errorf("load scenario: %w", err)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want a scenario error", err)
	}
	if got := e.Pos.String(); got != "my-view.yaml:3:17" {
		t.Errorf("position %s, want my-view.yaml:3:17", got)
	}
	if !strings.HasPrefix(err.Error(), "load scenario: my-view.yaml:3:17: field.growth: ") {
		t.Errorf("message %q does not name file:line:col and parameter", err)
	}
	var se *dist.SyntaxError
	if !errors.As(err, &se) {
		t.Errorf("the distribution's syntax error is not wrapped: %v", err)
	}
	if k := fault.KindOf(err); k != fault.Invalid || fault.ExitCode(err) != 2 || fault.HTTPStatus(err) != 400 {
		t.Errorf("kind %v, exit %d, HTTP %d; want invalid, 2, 400", k, fault.ExitCode(err), fault.HTTPStatus(err))
	}
	_, err = Load("big.yaml", []byte("name: x\n"+strings.Repeat("#", MaxFileBytes)))
	if k := fault.KindOf(err); k != fault.TooLarge || fault.HTTPStatus(err) != 413 {
		t.Errorf("a file over the limit: kind %v, HTTP %d; want too large, 413", k, fault.HTTPStatus(err))
	}
	_, err = ReadFile("no-such-file.yaml")
	if !errors.Is(err, fs.ErrNotExist) || fault.ExitCode(err) != 2 {
		t.Errorf("a missing file: %v (exit %d); want fs.ErrNotExist wrapped, exit 2", err, fault.ExitCode(err))
	}
}

// Known distances; a swap of neighbours is one slip, as a person makes it.
func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "run", 3}, {"run", "run", 0}, {"rnu", "run", 1},
		{"growht", "growth", 1}, {"kitten", "sitting", 3}, {"ca", "abc", 3},
	} {
		if got := EditDistance(c.a, c.b); got != c.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := EditDistance(c.b, c.a); got != c.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d (not symmetric)", c.b, c.a, got, c.want)
		}
	}
}

// Check finds a lever that does not compile, names it, and keeps the
// position of the bad value.
func TestCheckNamesTheLever(t *testing.T) {
	if err := Default().Check(); err != nil {
		t.Fatalf("the default: %v", err)
	}
	s, err := Load("levers.yaml", []byte("interventions:\n  - name: faster\n    set:\n      timelines.agi: 2020\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Check()
	var se *Error
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "(with the intervention faster)") || se.Pos.Line != 4 || fault.KindOf(err) != fault.Invalid {
		t.Errorf("Check: %v (%+v)", err, se)
	}
}

// TestSourceFollowsValue checks that a value set without a source of its
// own does not carry the source of the value it replaced, and that one set
// with a source, or shifted by +X, keeps its source.
func TestSourceFollowsValue(t *testing.T) {
	def := Default()
	s := Default()
	if err := s.Overlay("mine.yaml", []byte("field:\n  growth: 50%\n  fte: 2000\nsources:\n  field.fte: \"judgement: mine\"\n")); err != nil {
		t.Fatal(err)
	}
	if src, ok := s.Sources["field.growth"]; ok {
		t.Errorf("field.growth set without a source still has %q", src)
	}
	if got := s.Sources["field.fte"]; got != "judgement: mine" {
		t.Errorf("field.fte's source is %q, want the file's", got)
	}
	if err := s.SetFlag("research.lambda=0.7"); err != nil {
		t.Fatal(err)
	}
	if src, ok := s.Sources["research.lambda"]; ok {
		t.Errorf("research.lambda set by --set still has %q", src)
	}
	if err := s.SetFlag("field.cap=+1000"); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Sources["field.cap"], def.Sources["field.cap"]; got != want || want == "" {
		t.Errorf("field.cap shifted by +1000 has source %q, want the default's %q", got, want)
	}
	if got, want := s.Sources["timelines.agi"], def.Sources["timelines.agi"]; got != want {
		t.Errorf("an untouched parameter's source changed to %q", got)
	}
}
