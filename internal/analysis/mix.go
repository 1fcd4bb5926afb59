package analysis

import (
	"strings"
)

// Component is one view in a credence-weighted mixture: a preset or a
// scenario file, and its weight.
type Component struct {
	Name   string
	Weight float64
}

// ParseMix reads NAME=W,NAME=W,... as --mix takes it: at least two
// distinct names, each weight a positive number in the scenario syntax
// (0.5, 50%, 3). Weights are relative: sim.Pool normalises them.
func ParseMix(s string) ([]Component, error) {
	var cs []Component
	seen := map[string]bool{}
	for part := range strings.SplitSeq(s, ",") {
		name, ws, ok := strings.Cut(strings.TrimSpace(part), "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, invalidf("--mix %q: expected NAME=WEIGHT,NAME=WEIGHT,... (a name is a preset or a scenario file)", s)
		}
		w, err := Number(ws)
		if err != nil || !(w > 0) {
			return nil, invalidf("--mix %s: the weight %q must be a positive number, such as 0.5 or 50%%", name, strings.TrimSpace(ws))
		}
		if seen[name] {
			return nil, invalidf("--mix: %s appears twice", name)
		}
		seen[name] = true
		cs = append(cs, Component{name, w})
	}
	if len(cs) < 2 {
		return nil, invalidf("--mix %q: a mixture needs at least two components", s)
	}
	return cs, nil
}
