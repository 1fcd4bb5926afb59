package dist

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"ontrack/internal/fault"
)

// SyntaxError is a mistake in a distribution's text. Col is the 1-based
// column within that text where the mistake was found.
type SyntaxError struct {
	Col int
	Msg string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

// Kind is fault.Invalid: the text is the user's.
func (e *SyntaxError) Kind() fault.Kind { return fault.Invalid }

// Parse reads a number or a distribution:
//
//	0.2   20%   3k   1.5M   inf (or never)
//	2028 to 2040              a 90% interval (lognormal when both ends are positive)
//	normal(mu, sigma)   lognormal(mu, sigma)   uniform(a, b)   beta(a, b)
//	triangular(min, mode, max)   pert(min, mode, max)
//	{p10: 2028, p50: 2033, p90: 2050}   quantiles, fitted by a metalog
//	mixture(d1, d2, ..., [w1, w2, ...])   weights optional (equal if absent)
func Parse(s string) (Dist, error) {
	p := &parser{s: s}
	d := p.value()
	if p.err == nil {
		p.space()
		if p.i < len(p.s) {
			p.fail(p.i, "unexpected %q after the distribution", p.rest())
		}
	}
	if p.err != nil {
		return nil, p.err
	}
	return d, nil
}

type parser struct {
	s     string
	i     int
	err   *SyntaxError
	parts int // mixture components read so far, at every depth
}

// MaxComponents bounds the components of one distribution's mixtures,
// counted at every depth of nesting. A mixture's quantile evaluates every
// component's CDF some 4 to 10 times (about 0.25 µs a component in all),
// after a table built once in some 40 ms, so 100 components cost about
// 25 µs a draw: 2.5 s on one core for the default 100,000 worlds. A stated credence spreads over a handful of views; 100 is
// far beyond any, and keeps a hostile file from costing minutes a run.
const MaxComponents = 100

// MaxQuantiles is the most quantiles a metalog takes (one term each).
const MaxQuantiles = 9

// Quote returns s quoted as Go would, cut to a length that reads in one
// line of a message: user text is echoed back, and a 100,000-digit number
// should not be echoed in full.
func Quote(s string) string {
	const max = 40
	if len(s) <= max {
		return strconv.Quote(s)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("... (%d bytes)", len(s))
}

func (p *parser) fail(at int, format string, args ...any) {
	if p.err == nil {
		p.err = &SyntaxError{Col: at + 1, Msg: fmt.Sprintf(format, args...)}
	}
}

// rest returns the unread text, cut short, for messages.
func (p *parser) rest() string { return clip(p.s[p.i:]) }

// clip cuts text to 20 bytes (at a rune boundary) for a message.
func clip(r string) string {
	if len(r) > 20 {
		cut := 20
		for cut > 0 && !utf8.RuneStart(r[cut]) {
			cut--
		}
		r = r[:cut] + "..."
	}
	return r
}

func (p *parser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *parser) eat(c byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *parser) expect(c byte) {
	if !p.eat(c) {
		if p.i >= len(p.s) {
			p.fail(p.i, "expected %q, found the end", c)
		} else {
			p.fail(p.i, "expected %q, found %q", c, p.rest())
		}
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

func (p *parser) word() string {
	p.space()
	j := p.i
	for j < len(p.s) && isLetter(p.s[j]) {
		j++
	}
	return p.s[p.i:j]
}

// value := term ["to" term]
func (p *parser) value() Dist {
	start := p.i
	d := p.term()
	if p.err != nil {
		return nil
	}
	save := p.i
	if w := p.word(); strings.EqualFold(w, "to") {
		p.i += len(w)
		p.space()
		at := p.i
		hi := p.term()
		if p.err != nil {
			return nil
		}
		lo, ok1 := d.(Point)
		h, ok2 := hi.(Point)
		if !ok1 || !ok2 {
			p.fail(start, "both ends of an interval must be numbers")
			return nil
		}
		if math.IsInf(lo.V, 0) || math.IsInf(h.V, 0) {
			p.fail(start, "an interval's ends must be finite")
			return nil
		}
		if !(lo.V < h.V) {
			p.fail(at, "interval %s to %s: the low end must be below the high end", num(lo.V), num(h.V))
			return nil
		}
		return NewInterval(lo.V, h.V)
	}
	p.i = save
	return d
}

// term := number | inf | name(args) | {pNN: x, ...}
func (p *parser) term() Dist {
	p.space()
	if p.i >= len(p.s) {
		p.fail(p.i, "expected a number or a distribution, found the end")
		return nil
	}
	c := p.s[p.i]
	switch {
	case c == '{':
		return p.quantiles()
	case isLetter(c):
		at := p.i
		w := p.word()
		p.i += len(w)
		name := strings.ToLower(w)
		if name == "inf" || name == "never" {
			return Point{math.Inf(1)}
		}
		if !p.eat('(') {
			p.fail(at, "unknown word %s: expected a number or one of normal, lognormal, uniform, beta, triangular, pert, mixture", Quote(w))
			return nil
		}
		if name == "mixture" {
			return p.mixture(at)
		}
		args := p.numbers(')')
		if p.err != nil {
			return nil
		}
		return p.named(at, name, w, args)
	}
	v := p.number()
	if p.err != nil {
		return nil
	}
	return Point{v}
}

// number reads a decimal number with an optional %, k, M or B suffix.
func (p *parser) number() float64 {
	p.space()
	at := p.i
	j := p.i
	if j < len(p.s) && (p.s[j] == '-' || p.s[j] == '+') {
		j++
	}
	digits := 0
	for j < len(p.s) && (p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '.' || p.s[j] == '_') {
		if p.s[j] != '.' && p.s[j] != '_' {
			digits++
		}
		j++
	}
	if digits > 0 && j < len(p.s) && (p.s[j] == 'e' || p.s[j] == 'E') {
		k := j + 1
		if k < len(p.s) && (p.s[k] == '-' || p.s[k] == '+') {
			k++
		}
		if k < len(p.s) && p.s[k] >= '0' && p.s[k] <= '9' {
			for k < len(p.s) && p.s[k] >= '0' && p.s[k] <= '9' {
				k++
			}
			j = k
		}
	}
	if digits == 0 {
		if j-at == 1 && j < len(p.s) && (p.s[j] == 'i' || p.s[j] == 'I') {
			p.i = j
			if w := p.word(); strings.EqualFold(w, "inf") {
				p.i += len(w)
				if p.s[at] == '-' {
					return math.Inf(-1)
				}
				return math.Inf(1)
			}
		}
		if at >= len(p.s) {
			p.fail(at, "expected a number, found the end")
		} else {
			p.fail(at, "expected a number, found %q", clip(p.s[at:]))
		}
		return 0
	}
	text := strings.ReplaceAll(p.s[at:j], "_", "")
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && !math.IsInf(v, 0) {
			v, err = 0, nil // underflow to zero is harmless
		} else if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			p.fail(at, "%s is not a finite number", Quote(p.s[at:j]))
			return 0
		} else {
			p.fail(at, "%s is not a number", Quote(p.s[at:j]))
			return 0
		}
	}
	p.i = j
	if p.i < len(p.s) {
		switch p.s[p.i] {
		case '%':
			v /= 100
			p.i++
		case 'k', 'K':
			v *= 1e3
			p.i++
		case 'M':
			v *= 1e6
			p.i++
		case 'B':
			v *= 1e9
			p.i++
		}
		if math.IsInf(v, 0) {
			p.fail(at, "%s is not a finite number", Quote(p.s[at:p.i]))
			return 0
		}
		if p.i < len(p.s) && isLetter(p.s[p.i]) && !(p.s[p.i] == 't' || p.s[p.i] == 'T') {
			p.fail(p.i, "unexpected %q after the number %s", p.s[p.i:p.i+1], clip(p.s[at:p.i]))
			return 0
		}
	}
	return v
}

// numbers reads a comma-separated list of plain numbers up to close.
func (p *parser) numbers(close byte) []float64 {
	var xs []float64
	if p.eat(close) {
		return xs
	}
	for {
		xs = append(xs, p.number())
		if p.err != nil || p.eat(close) {
			return xs
		}
		p.expect(',')
		if p.err != nil {
			return xs
		}
	}
}

// weights reads the list of mixture weights after its "[", stopping at the
// first number beyond n so that a long list costs nothing.
func (p *parser) weights(n int) []float64 {
	var xs []float64
	if p.eat(']') {
		return xs
	}
	for len(xs) <= n {
		xs = append(xs, p.number())
		if p.err != nil || p.eat(']') {
			return xs
		}
		p.expect(',')
		if p.err != nil {
			return xs
		}
	}
	return xs
}

func (p *parser) named(at int, name, w string, a []float64) Dist {
	need := map[string]int{"normal": 2, "lognormal": 2, "uniform": 2, "beta": 2, "triangular": 3, "pert": 3}
	n, ok := need[name]
	if !ok {
		p.fail(at, "unknown distribution %s: expected one of normal, lognormal, uniform, beta, triangular, pert, mixture", Quote(w))
		return nil
	}
	if len(a) != n {
		p.fail(at, "%s takes %d numbers, got %d", name, n, len(a))
		return nil
	}
	for _, v := range a {
		if math.IsInf(v, 0) {
			p.fail(at, "%s: arguments must be finite", name)
			return nil
		}
	}
	switch name {
	case "normal", "lognormal":
		if !(a[1] > 0) {
			p.fail(at, "%s: sigma must be positive, got %s", name, num(a[1]))
			return nil
		}
		if name == "normal" {
			return Normal{a[0], a[1]}
		}
		return LogNormal{a[0], a[1]}
	case "uniform":
		if !(a[0] < a[1]) {
			p.fail(at, "uniform(%s, %s): the low end must be below the high end", num(a[0]), num(a[1]))
			return nil
		}
		return Uniform{a[0], a[1]}
	case "beta":
		// gonum's inverse incomplete beta loses monotonicity for shapes
		// far beyond any belief a person would state (found by fuzzing).
		if !(a[0] > 0 && a[1] > 0 && a[0] <= 1e4 && a[1] <= 1e4) {
			p.fail(at, "beta: both shapes must be positive and at most 10000")
			return nil
		}
		return NewBeta(a[0], a[1])
	}
	if !(a[0] < a[2]) || a[1] < a[0] || a[1] > a[2] {
		p.fail(at, "%s(%s, %s, %s): need min <= mode <= max and min < max", name, num(a[0]), num(a[1]), num(a[2]))
		return nil
	}
	if name == "pert" {
		return NewPERT(a[0], a[1], a[2])
	}
	return Triangular{a[0], a[1], a[2]}
}

// quantiles := "{" pNN ":" number ("," pNN ":" number)* "}"
func (p *parser) quantiles() Dist {
	at := p.i
	p.i++ // {
	var ps, xs []float64
	above, hasAbove := 0.0, false
	for {
		p.space()
		kat := p.i
		if p.i < len(p.s) && (p.s[p.i] == 'a' || p.s[p.i] == 'A') {
			w := p.word()
			if !strings.EqualFold(w, "above") || hasAbove {
				p.fail(kat, "expected a quantile key such as p10, or one 'above' for a lower bound")
				return nil
			}
			p.i += len(w)
			p.expect(':')
			above, hasAbove = p.number(), true
			if p.err == nil && math.IsInf(above, 0) {
				p.fail(kat, "above must be finite")
			}
			if p.err != nil {
				return nil
			}
			if p.eat('}') {
				break
			}
			p.expect(',')
			if p.err != nil {
				return nil
			}
			continue
		}
		if p.i >= len(p.s) || (p.s[p.i] != 'p' && p.s[p.i] != 'P') {
			p.fail(p.i, "expected a quantile key such as p10")
			return nil
		}
		p.i++
		q := p.number()
		if p.err != nil {
			return nil
		}
		if !(q > 0 && q < 100) {
			p.fail(kat, "quantile key %s: the percentile must lie strictly between 0 and 100", p.s[kat:p.i])
			return nil
		}
		p.expect(':')
		x := p.number()
		if p.err != nil {
			return nil
		}
		if math.IsInf(x, 0) {
			p.fail(kat, "quantile %s must be finite", p.s[kat:p.i])
			return nil
		}
		if len(ps) == MaxQuantiles {
			p.fail(at, "give at most nine quantiles")
			return nil
		}
		if n := len(ps); n > 0 && !(q/100 > ps[n-1] && x > xs[n-1]) {
			p.fail(kat, "quantiles must be listed with both percentile and value increasing")
			return nil
		}
		ps, xs = append(ps, q/100), append(xs, x)
		if p.eat('}') {
			break
		}
		p.expect(',')
		if p.err != nil {
			return nil
		}
	}
	if len(ps) < 2 {
		p.fail(at, "give at least two quantiles")
		return nil
	}
	if hasAbove {
		ls := make([]float64, len(xs))
		for i, x := range xs {
			if !(x > above) {
				p.fail(at, "every quantile must lie above %s", num(above))
				return nil
			}
			ls[i] = math.Log(x - above)
		}
		m, err := NewMetalog(ps, ls)
		if err != nil {
			p.fail(at, "%v", err)
			return nil
		}
		return LogMetalog{Above: above, M: m, X: xs}
	}
	m, err := NewMetalog(ps, xs)
	if err != nil {
		p.fail(at, "%v", err)
		return nil
	}
	return m
}

// mixture := "mixture(" value ("," value)* ["," "[" weights "]"] ")"
func (p *parser) mixture(at int) Dist {
	var cs []Dist
	var ws []float64
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '[' {
			wat := p.i
			p.i++
			ws = p.weights(len(cs))
			if p.err != nil {
				return nil
			}
			if len(ws) > len(cs) {
				p.fail(wat, "mixture has %d components but more weights", len(cs))
				return nil
			}
			if len(ws) != len(cs) {
				p.fail(wat, "mixture has %d components but %d weights", len(cs), len(ws))
				return nil
			}
			for _, w := range ws {
				if !(w > 0) || math.IsInf(w, 0) {
					p.fail(wat, "mixture weights must be positive and finite")
					return nil
				}
			}
			p.expect(')')
			break
		}
		p.parts++
		if p.parts > MaxComponents {
			p.fail(p.i, "too many mixture components: at most %d in one distribution, counting those of nested mixtures", MaxComponents)
			return nil
		}
		d := p.value()
		if p.err != nil {
			return nil
		}
		cs = append(cs, d)
		if p.eat(')') {
			break
		}
		p.expect(',')
		if p.err != nil {
			return nil
		}
	}
	if p.err != nil {
		return nil
	}
	if len(cs) == 0 {
		p.fail(at, "mixture needs at least one component")
		return nil
	}
	if ws == nil {
		ws = make([]float64, len(cs))
		for i := range ws {
			ws[i] = 1
		}
	}
	for _, c := range cs {
		if q, ok := c.(Point); ok && math.IsInf(q.V, -1) {
			p.fail(at, "a mixture component cannot be -inf")
			return nil
		}
	}
	return NewMixture(cs, ws)
}
