package web

import (
	"bytes"
	"strings"
	"testing"

	"ontrack/internal/fault"
)

// FuzzDecode feeds the request decoder arbitrary bodies: it must never
// panic; what it refuses is bad input (400) or too large (413) with a
// position inside the body; what it accepts saves as canonical JSON that
// decodes back to the same bytes, and builds or fails as bad input.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		``, `{}`, `{"n": 10}`, `{"n": 1e300}`, `{"seed": -1}`, `{"set": ["field.growth=50%"]}`,
		`{"scenario": "field:\n  growth: 30% to 50%\n", "presets": ["olah-scale"], "n": 100, "seed": 7}`,
		`{"scenario": "\u0000"}`, `{"n": 10} x`, `[1]`, `{"file": "/etc/passwd"}`, `{"parent": "abc"}`,
		"{\n\"n\":\n}", `{"presets": [null]}`, `{"n": null, "seed": null}`, `"\ud800"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var b saveBody
		err := Decode(bytes.NewReader(data), &b)
		if err != nil {
			status, e := errorOf(err)
			if k := fault.KindOf(err); k != fault.Invalid && k != fault.TooLarge {
				t.Fatalf("%q: an error of kind %v: %v", data, k, err)
			}
			if status != 400 && status != 413 {
				t.Fatalf("%q: status %d", data, status)
			}
			if e.Line < 0 || e.Line > bytes.Count(data, []byte("\n"))+1 || e.Col < 0 || e.Col > len(data)+1 {
				t.Fatalf("%q: position %d:%d outside the body", data, e.Line, e.Col)
			}
			return
		}
		c, err := b.Body.canonical()
		if err != nil {
			t.Fatalf("%q: canonical: %v", data, err)
		}
		var again Body
		if err := Decode(bytes.NewReader(c), &again); err != nil {
			t.Fatalf("the canonical %s does not decode: %v", c, err)
		}
		c2, _ := again.canonical()
		if !bytes.Equal(c, c2) {
			t.Fatalf("canonical twice:\n%s\n%s", c, c2)
		}
		// Building the scenario (not running it) must fail only as bad
		// input.
		if len(b.Scenario) < 4096 && len(b.Set) < 16 && len(b.Presets) < 16 {
			req := b.request(1)
			if _, err := req.Scenario.Build(); err != nil {
				if k := fault.KindOf(err); k != fault.Invalid && k != fault.TooLarge {
					t.Fatalf("%q: building: an error of kind %v: %v", data, k, err)
				}
				if strings.Contains(err.Error(), "goroutine ") {
					t.Fatalf("a stack trace: %v", err)
				}
			}
		}
	})
}
