package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"ontrack/internal/fault"
)

// MaxFileBytes bounds a scenario file. The default is 5 KB and a view with
// many levers and long descriptions a few tens; the YAML parser needs about
// 120 bytes of memory and 0.5 µs for every byte of a hostile file (a flow
// list of a million zeros), so 1 MiB keeps the worst case near 120 MB and
// half a second, where 50 MB took 2 GB and 10 s.
const MaxFileBytes = 1 << 20

// MaxInterventions bounds a scenario's levers: compare runs every world once
// for each, so 100 levers are already 100 runs.
const MaxInterventions = 100

// maxFlowDepth bounds the nesting of [ and { in a file. A scenario nests
// three deep; the parser's own limit, 10,000, is refused without a position.
const maxFlowDepth = 100

// ReadFile reads a scenario file, refusing one larger than MaxFileBytes
// before reading it whole (so /dev/zero and a 50 MB list end at once).
func ReadFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fault.Errorf(fault.Invalid, "read scenario: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > MaxFileBytes {
		return nil, tooBig(name, fi.Size())
	}
	return Read(name, f)
}

// Read reads a scenario from r, such as standard input, refusing more than
// MaxFileBytes as ReadFile does; name is what messages call it.
func Read(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fault.Errorf(fault.Invalid, "read scenario %s: %w", name, err)
	}
	if len(data) > MaxFileBytes {
		return nil, tooBig(name, -1)
	}
	return data, nil
}

// StdinName is what messages call standard input: "stdin:3:16: ...".
const StdinName = "stdin"

// ReadArg reads the scenario a command line names: the file, or stdin
// (nothing if nil) for "-", capped as ReadFile caps a file.
func ReadArg(arg string, stdin io.Reader) (NamedText, error) {
	var data []byte
	var err error
	if arg == "-" {
		arg = StdinName
		if stdin == nil {
			stdin = strings.NewReader("")
		}
		data, err = Read(arg, stdin)
	} else {
		data, err = ReadFile(arg)
	}
	return NamedText{Name: arg, Text: data}, err
}

func tooBig(name string, size int64) error {
	what := "more than 1 MiB"
	if size >= 0 {
		what = fmt.Sprintf("%d bytes", size)
	}
	return &Error{Pos: Pos{File: name}, Msg: fmt.Sprintf("the file is %s; a scenario file may hold at most %d bytes (1 MiB)", what, MaxFileBytes), tooLarge: true}
}

// parseYAML parses one YAML document, or none. Every error names a line and
// column: where the parser gives none, or only a line, the position is found
// by scanning the text for the cause.
func parseYAML(name string, data []byte) (*yaml.Node, error) {
	if len(data) > MaxFileBytes {
		return nil, tooBig(name, int64(len(data)))
	}
	if err := checkText(name, data); err != nil {
		return nil, err
	}
	doc, err := decode(data)
	if err != nil {
		return nil, yamlError(name, data, err)
	}
	if doc == nil {
		return nil, nil
	}
	if err := checkKeys(name, doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// errTwoDocs is returned by decode for a file with a second document.
type errTwoDocs struct{ at *yaml.Node }

func (e *errTwoDocs) Error() string { return "more than one document" }

// decode parses the first document and checks that no second one follows
// (yaml.Unmarshal would ignore it silently).
func decode(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, err
	default:
		at := &next
		if len(next.Content) > 0 {
			at = next.Content[0]
		}
		return nil, &errTwoDocs{at}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	return &doc, nil
}

// checkText refuses what the YAML parser would refuse without a position:
// bytes that are not UTF-8, characters YAML does not allow (control
// characters), and flow collections nested past maxFlowDepth.
func checkText(name string, data []byte) error {
	depth := 0
	inComment, quote, escaped := false, byte(0), false
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return &Error{Pos: offsetPos(name, data, i), Msg: fmt.Sprintf("not valid UTF-8 (byte 0x%02x); a scenario file is UTF-8 text", data[i])}
		}
		if !printable(r) {
			return &Error{Pos: offsetPos(name, data, i), Msg: fmt.Sprintf("the character %U is not allowed in YAML", r)}
		}
		// Follow [ and { outside comments and quotes, roughly as YAML does:
		// close enough to find the first bracket too deep.
		c := data[i]
		switch {
		case escaped:
			escaped = false
		case c == '\n':
			inComment = false
		case inComment:
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' {
				escaped = true
			}
		case c == '#' && (i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n'):
			inComment = true
		case (c == '"' || c == '\'') && (depth > 0 || i == 0 || strings.IndexByte(" \t\n:-[{,", data[i-1]) >= 0):
			quote = c
		case c == '[' || c == '{':
			depth++
			if depth > maxFlowDepth {
				return &Error{Pos: offsetPos(name, data, i), Msg: fmt.Sprintf("nested more than %d deep", maxFlowDepth)}
			}
		case c == ']' || c == '}':
			depth = max(depth-1, 0)
		}
		i += n
	}
	return nil
}

// printable reports whether the YAML parser allows r (YAML's c-printable).
func printable(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0x7E || r == 0x85 ||
		r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// offsetPos is the line and column (in characters, 1-based) of byte i.
func offsetPos(name string, data []byte, i int) Pos {
	i = min(i, len(data))
	line := 1 + bytes.Count(data[:i], []byte{'\n'})
	start := bytes.LastIndexByte(data[:i], '\n') + 1
	return Pos{File: name, Line: line, Col: 1 + utf8.RuneCount(data[start:i])}
}

// yamlError turns the YAML parser's message into one that names the file,
// line and column.
func yamlError(name string, data []byte, err error) error {
	var two *errTwoDocs
	if errors.As(err, &two) {
		return &Error{Pos: pos(name, two.at), Msg: "a second YAML document (after ---); a scenario file holds one"}
	}
	full := err.Error()
	msg := strings.TrimPrefix(full, "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, strings.TrimSpace(rest[i+1:])
			}
		}
	}
	at := locate(name, data, full, msg, line)
	if anchor, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
		msg = "unknown anchor '" + clipPath(strings.TrimSuffix(anchor, "' referenced")) + "' referenced"
	}
	return &Error{Pos: at, Msg: "not valid YAML: " + clipPath(msg)}
}

// locate finds where the parser failed. The parser's line, when it gives
// one, is that of the construct it was reading (and for some errors one
// less), and it gives no column; so the position is found as the end of
// the shortest prefix of the file that fails with the same message, within
// a budget of parsing, or by a scan for the cause.
func locate(name string, data []byte, full, msg string, line int) Pos {
	if anchor, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
		anchor = strings.TrimSuffix(anchor, "' referenced")
		if i := findAlias(data, anchor); i >= 0 {
			return offsetPos(name, data, i)
		}
	}
	if strings.Contains(msg, "exceeded max depth") {
		// Block nesting: 10,000 levels need a token past column 10,000.
		for i, col := 0, 0; i < len(data); i++ {
			if data[i] == '\n' {
				col = 0
				continue
			}
			if col++; col > 10000 {
				return offsetPos(name, data, i)
			}
		}
	}
	if strings.Contains(msg, "end of stream") {
		return offsetPos(name, data, len(data))
	}
	// Search the lines from one before the parser's line (its count is off
	// by one for some errors) to the end, parsing at most 4 MiB in all.
	lo := 0
	if line > 2 {
		lo = lineStart(data, line-1)
	}
	hi := len(data)
	budget := 4 << 20
	for lo < hi && budget > 0 {
		mid := lo + (hi-lo)/2
		for mid < hi && !utf8.RuneStart(data[mid]) {
			mid++
		}
		if mid >= hi {
			break
		}
		budget -= mid
		if _, err := decode(data[:mid]); err != nil && err.Error() == full {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if lo == hi && hi > 0 {
		at := hi - 1
		for at > 0 && !utf8.RuneStart(data[at]) {
			at--
		}
		return offsetPos(name, data, at)
	}
	// Out of budget: the parser's line, at its first character.
	if line == 0 {
		line = 1
	}
	i := lineStart(data, line)
	for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	return offsetPos(name, data, i)
}

// lineStart is the offset of the first byte of line n (1-based).
func lineStart(data []byte, n int) int {
	i := 0
	for ; n > 1; n-- {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			return len(data)
		}
		i += j + 1
	}
	return i
}

// findAlias returns the offset of the first alias *name that stands as a
// token, or -1.
func findAlias(data []byte, name string) int {
	tok := []byte("*" + name)
	for i := 0; ; {
		j := bytes.Index(data[i:], tok)
		if j < 0 {
			return -1
		}
		j += i
		end := j + len(tok)
		before := j == 0 || strings.IndexByte(" \t\n[{,:-?", data[j-1]) >= 0
		after := end == len(data) || strings.IndexByte(" \t\r\n,]}", data[end]) >= 0
		if before && after {
			return j
		}
		i = j + 1
	}
}

// checkKeys refuses, anywhere in the document, a key that is not a plain
// name and a key given twice in one mapping, naming both places. Aliases
// are not followed: the node they name is checked where it is written.
func checkKeys(file string, doc *yaml.Node) error {
	type item struct {
		n    *yaml.Node
		path string
	}
	stack := []item{{doc, ""}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		switch n.Kind {
		case yaml.MappingNode:
			seen := make(map[string]*yaml.Node, len(n.Content)/2)
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := resolve(n.Content[i])
				if k == nil || k.Kind != yaml.ScalarNode {
					return &Error{Pos: pos(file, n.Content[i]), Path: it.path, Msg: "keys must be plain names, not lists or mappings"}
				}
				path := clipPath(join(it.path, k.Value))
				if first, ok := seen[k.Value]; ok {
					return &Error{Pos: pos(file, n.Content[i]), Path: path,
						Msg: fmt.Sprintf("given twice, here and at line %d, column %d", first.Line, first.Column)}
				}
				seen[k.Value] = n.Content[i]
				stack = append(stack, item{n.Content[i+1], path})
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				stack = append(stack, item{c, clipPath(fmt.Sprintf("%s[%d]", it.path, i))})
			}
		case yaml.DocumentNode:
			for _, c := range n.Content {
				stack = append(stack, item{c, it.path})
			}
		}
	}
	return nil
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// clipPath cuts a path or message that echoes the user's text to a length
// fit for a message.
func clipPath(p string) string {
	const max = 80
	if len(p) <= max {
		return p
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(p[cut]) {
		cut--
	}
	return p[:cut] + "..."
}
