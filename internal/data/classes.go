package data

import (
	"fmt"
	"math"
	"strconv"
)

// Class is one difficulty class on Olah's scale with the span of the
// reference projects assigned to it.
type Class struct {
	Name     string
	Lo, Hi   float64 // person-years: the least low and the greatest high
	Projects []string
}

// Text is the class's span as a 90% interval in scenario syntax.
func (c Class) Text() string { return RangeText(c.Lo, c.Hi) }

// Classes returns the classes that have at least one project with numbers
// and in_class=yes, in the order they first appear in projects.csv. A row
// with in_class=no stays in the data set as a cross-check, its note saying
// why it does not measure the effort of solving a problem.
func Classes() ([]Class, error) {
	s, err := Get("projects")
	if err != nil {
		return nil, err
	}
	cn, cc, cin, cl, ch := s.Col("project"), s.Col("olah_class"), s.Col("in_class"), s.Col("low"), s.Col("high")
	var out []Class
	idx := map[string]int{}
	for i, r := range s.Rows {
		if r[cl] == "" && r[ch] == "" {
			continue // no figure found: the row documents the gap
		}
		switch r[cin] {
		case "yes":
		case "no":
			continue
		default:
			return nil, fmt.Errorf("projects.csv row %d: in_class is %q, want yes or no", i+2, r[cin])
		}
		lo, err1 := strconv.ParseFloat(r[cl], 64)
		hi, err2 := strconv.ParseFloat(r[ch], 64)
		if err1 != nil || err2 != nil || lo <= 0 || hi < lo {
			return nil, fmt.Errorf("projects.csv row %d: low and high must be numbers with 0 < low <= high", i+2)
		}
		k, ok := idx[r[cc]]
		if !ok {
			k = len(out)
			idx[r[cc]] = k
			out = append(out, Class{Name: r[cc], Lo: math.Inf(1)})
		}
		c := &out[k]
		c.Lo, c.Hi = math.Min(c.Lo, lo), math.Max(c.Hi, hi)
		c.Projects = append(c.Projects, r[cn])
	}
	return out, nil
}
