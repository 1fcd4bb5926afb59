package scenario

import (
	"errors"
	"math"
	"strings"
	"testing"

	"ontrack/internal/model"
)

// FuzzInterventions feeds scenario texts whose interventions: list the
// fuzzer writes, loads and compiles them, and applies and compiles every
// lever as compare does. Nothing may panic; every failure is a scenario
// error that names the file with a line and column; and a lever that
// compiles draws worlds whose parameters are numbers inside their ranges.
func FuzzInterventions(f *testing.F) {
	for _, s := range []string{
		// Issue 10, defect 1: an unknown path, and lists and mappings as keys.
		"  - name: bad\n    set:\n      field.bogus: 5\n",
		"  - name: bad\n    set:\n      ? [1]\n      : 5\n",
		"  - name: bad\n    set:\n      ? {a: 1}\n      : 5\n",
		"  - name: bad\n    set:\n      field: 5\n",
		"  - name: bad\n    set:\n      \"\": 5\n",
		// Defect 4: weights near the largest float.
		"  - name: w\n    set:\n      difficulty.total: mixture(1, 2, [1e308, 1e308])\n",
		// Defect 6: positions the parser does not give.
		"  - name: a\n    set: {field.fte: *nowhere}\n",
		"  - name: a\n    set: {field.fte: " + strings.Repeat("[", 200) + "}\n",
		"  - name: a\n    set: {field.fte: \xff}\n",
		// Duplicates, shifts, settings and quantiles.
		"  - name: a\n    set: {field.fte: +1, field.fte: +2}\n",
		"  - {name: a, set: {field.fte: +300}, cost: 90M, cost_source: x}\n  - {name: b, set: {deadline: agi, pause.at_agi: true}}\n",
		"  - {name: a, set: {start: +1000}}\n",
		"  - {name: a, set: {field.fte: +inf}}\n",
		"  - {name: a, set: {difficulty.total: +5}}\n",
		"  - {name: a, set: {timelines.agi: {p10: 2028, p50: 2033, p90: 2050}}}\n",
		"  - {name: a, set: {field.growth: mixture(10% to 20%, inf, [0.9, 0.1])}}\n",
		"  - &x {name: a, set: {field.fte: +1}}\n  - *x\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		text := "interventions:\n" + list
		s, err := Load("f.yaml", []byte(text))
		if err == nil {
			_, err = Compile(s)
		}
		if err != nil {
			checkFileError(t, text, err)
			return
		}
		for i := range s.Interventions {
			iv := &s.Interventions[i]
			c, err := iv.Apply(s)
			if err != nil {
				checkFileError(t, text, err)
				continue
			}
			pl, err := Compile(c)
			if err != nil {
				checkFileError(t, text, err)
				continue
			}
			checkDraws(t, text, pl)
		}
	})
}

// checkFileError fails unless err is a scenario error naming f.yaml with a
// line and column.
func checkFileError(t *testing.T, text string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %q of type %T", text, err, err)
	}
	if e.Pos.File != "f.yaml" || e.Pos.Line < 1 || e.Pos.Col < 1 {
		t.Fatalf("%q: error %q has no line and column in f.yaml", text, err)
	}
	if len(e.Error()) > 1000 {
		t.Fatalf("%q: a message of %d bytes", text, len(e.Error()))
	}
}

// checkDraws draws a few worlds at extreme and central uniforms and checks
// every parameter the scenario sets.
func checkDraws(t *testing.T, text string, pl *Plan) {
	t.Helper()
	u := make([]float64, Dim)
	var p model.Params
	for _, x := range []float64{0x1p-54, 0.001, 0.5, 0.999, 1 - 0x1p-53} {
		for i := range u {
			u[i] = x
		}
		pl.Draw(u, &p)
		for _, f := range model.Fields {
			if pl.Scenario.Params[f.Path] == nil {
				continue // difficulty.total or done_so_far, whichever is unset
			}
			v := f.Get(&p)
			if math.IsNaN(v) || v < f.Lo || v > f.Hi {
				t.Fatalf("%q: %s = %v at u = %v, outside [%v, %v]", text, f.Path, v, x, f.Lo, f.Hi)
			}
		}
	}
}
