package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"ontrack/internal/fault"
	"ontrack/internal/job"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// ScenarioFile is the name a request's scenario text goes by in messages
// and in a report's origins ("scenario.yaml:3:11: field.growth: ..."):
// the page's editor, as -f names a file. A request names no file of the
// server's.
const ScenarioFile = "scenario.yaml"

// Body is what every endpoint takes: the scenario as `ontrack run`'s flags
// give it, every field optional with the command's default.
type Body struct {
	// Scenario is a scenario file's text (YAML), laid over the default
	// and the presets as -f lays a file.
	Scenario string `json:"scenario,omitempty"`
	// Presets are laid over the default in order, as --preset.
	Presets []string `json:"presets,omitempty"`
	// Set are overrides PATH=VALUE, as --set, applied last.
	Set []string `json:"set,omitempty"`
	// N is the number of worlds (-n); Seed the seed (--seed).
	N    *int    `json:"n,omitempty"`
	Seed *uint64 `json:"seed,omitempty"`
}

// request is the job.Request b asks for, with defaultN worlds unless it
// says.
func (b *Body) request(defaultN int) job.Request {
	r := scenario.Request{Presets: b.Presets, Sets: b.Set}
	if b.Scenario != "" {
		r.Files = []scenario.NamedText{{Name: ScenarioFile, Text: []byte(b.Scenario)}}
	}
	n, seed := defaultN, uint64(sim.DefaultSeed)
	if b.N != nil {
		n = *b.N
	}
	if b.Seed != nil {
		seed = *b.Seed
	}
	return job.Request{Scenario: r, N: n, Seed: seed}
}

// canonical is b as it is saved: every default filled in (the run's
// worlds and seed), then encoded, so that two bodies that ask for the same
// run save the same bytes under the same id.
func (b Body) canonical() ([]byte, error) {
	r := b.request(job.RunN)
	b.N, b.Seed = &r.N, &r.Seed
	if len(b.Presets) == 0 {
		b.Presets = nil
	}
	if len(b.Set) == 0 {
		b.Set = nil
	}
	return json.Marshal(b)
}

// Decode reads one JSON value from r into v, strictly: an unknown field,
// a value of the wrong type, trailing data or more than MaxBody bytes is
// an error of kind Invalid (TooLarge for the size) that names the field
// or the line and column in the body.
func Decode(r io.Reader, v any) error {
	data, err := io.ReadAll(io.LimitReader(r, MaxBody+1))
	if err != nil {
		return readError(err)
	}
	if len(data) > MaxBody {
		return fault.Errorf(fault.TooLarge, "the request body is over %d bytes", MaxBody)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil // an empty body is every default
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		off := dec.InputOffset()
		line, col := lineCol(data, int(off))
		return &BodyError{Line: line, Col: col, Msg: "unexpected data after the JSON value"}
	}
	return nil
}

// readError says why the body could not be read: too large (a
// MaxBytesReader's limit) or cut off.
func readError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return fault.Errorf(fault.TooLarge, "the request body is over %d bytes", MaxBody)
	}
	return fault.Errorf(fault.Invalid, "reading the request body: %w", err)
}

// BodyError is a mistake in the request's JSON: where it is in the body,
// and the field it concerns.
type BodyError struct {
	Line, Col int
	Path      string
	Msg       string
}

// Kind is fault.Invalid.
func (e *BodyError) Kind() fault.Kind { return fault.Invalid }

func (e *BodyError) Error() string {
	var b strings.Builder
	b.WriteString("request body")
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	if e.Path != "" {
		b.WriteString(": " + e.Path)
	}
	return b.String() + ": " + e.Msg
}

// jsonError turns encoding/json's errors into a BodyError with a position.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// The offset is just past the byte that could not be read.
		line, col := lineCol(data, int(syn.Offset)-1)
		return &BodyError{Line: line, Col: col, Msg: "malformed JSON: " + strings.TrimPrefix(syn.Error(), "json: ")}
	case errors.As(err, &typ):
		line, col := lineCol(data, valueStart(data, int(typ.Offset)))
		want := typ.Type.String()
		switch want {
		case "int", "uint64":
			want = "a whole number"
		case "string":
			want = "a string"
		case "[]string":
			want = "a list of strings"
		}
		return &BodyError{Line: line, Col: col, Path: typ.Field, Msg: fmt.Sprintf("expected %s, got %s", want, typ.Value)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := lineCol(data, len(data))
		return &BodyError{Line: line, Col: col, Msg: "malformed JSON: the body ends too soon"}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return &BodyError{Path: strings.Trim(name, `"`), Msg: "unknown field; the body takes scenario, presets, set, n, seed and the analysis's own fields"}
	}
	return &BodyError{Msg: "malformed JSON: " + msg}
}

// valueStart is where the scalar that ends at end begins: the column a
// message about it points to.
func valueStart(data []byte, end int) int {
	end = max(0, min(end, len(data)))
	i := end
	if i > 0 && data[i-1] == '"' {
		for i--; i > 0; i-- {
			if data[i-1] == '"' && (i < 2 || data[i-2] != '\\') {
				return i - 1
			}
		}
		return i
	}
	for i > 0 && !strings.ContainsRune(":[,{ \t\r\n", rune(data[i-1])) {
		i--
	}
	return i
}

// lineCol is the 1-based line and column (in bytes) of offset off in data.
func lineCol(data []byte, off int) (line, col int) {
	off = max(0, min(off, len(data)))
	line = 1 + bytes.Count(data[:off], []byte("\n"))
	col = off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}
