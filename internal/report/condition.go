package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"ontrack/internal/analysis"
)

// Condition is `ontrack condition`: P(on track) with nothing observed
// (p_on_track), and given each observation and its opposite.
type Condition struct {
	Header
	POnTrack   Num     `json:"p_on_track"`
	POnTrackSE Num     `json:"p_on_track_stderr"`
	Given      []Given `json:"given"`
}

// Given is one observation's figures. Those with no worlds behind them
// are null.
type Given struct {
	Given       string `json:"given"`
	PEvent      Num    `json:"p_observation"`
	PEventSE    Num    `json:"p_observation_stderr"`
	WorldsGiven int    `json:"worlds_given"`
	PGiven      Num    `json:"p_on_track_given"`
	PGivenSE    Num    `json:"p_on_track_given_stderr"`
	WorldsNot   int    `json:"worlds_not"`
	PNot        Num    `json:"p_on_track_given_not"`
	PNotSE      Num    `json:"p_on_track_given_not_stderr"`
	Shift       Num    `json:"shift_if_seen"`
	Expected    Num    `json:"expected_abs_shift"`
	Small       bool   `json:"too_few_worlds"` // fewer than analysis.MinWorlds behind a figure
}

// NewCondition is the report of res on scenario.
func NewCondition(res *analysis.Conditions, scenario string) *Condition {
	r := &Condition{Header: header(scenario, res.N, res.Seed), POnTrack: Num(res.POnTrack), POnTrackSE: Num(res.POnTrackSE), Given: []Given{}}
	for _, g := range res.Given {
		r.Given = append(r.Given, Given{g.Text, Num(g.PEvent), Num(g.PEventSE), g.NGiven, Num(g.PGiven), Num(g.PGivenSE),
			g.NNot, Num(g.PNot), Num(g.PNotSE), Num(g.Shift), Num(g.ExpectedAbsShift), g.Small})
		if g.Small {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s: %d worlds given it and %d not, fewer than %d behind a figure; raise -n",
				g.Text, g.NGiven, g.NNot, analysis.MinWorlds))
		}
	}
	return r
}

// WriteJSON writes the report as JSON.
func (r *Condition) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteCSV writes a row per observation.
func (r *Condition) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"given", "p_observation", "worlds_given", "p_on_track_given", "p_on_track_given_stderr", "worlds_not", "p_on_track_given_not", "p_on_track_given_not_stderr", "expected_abs_shift"})
	for _, g := range r.Given {
		_ = cw.Write([]string{g.Given, csvNum(g.PEvent), strconv.Itoa(g.WorldsGiven), csvNum(g.PGiven), csvNum(g.PGivenSE), strconv.Itoa(g.WorldsNot), csvNum(g.PNot), csvNum(g.PNotSE), csvNum(g.Expected)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteText writes the table for a person to read.
func (r *Condition) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "ontrack %s · condition · scenario %s · %d worlds · seed %d\n\n", r.Version, r.Scenario, r.Samples, r.Seed)
	fmt.Fprintf(b, "P(on track) = %s with nothing observed; %s\n\n", prob(r.POnTrack, r.POnTrackSE), seNote)
	pr := func(p, se Num) string {
		if math.IsNaN(float64(p)) {
			return "(no worlds)"
		}
		return prob(p, se)
	}
	fmt.Fprintf(b, "%-30s %8s %15s %8s %15s %8s %9s\n", "observation", "P(it)", "P(on track|it)", "worlds", "P(.|not it)", "worlds", "expected")
	fmt.Fprintf(b, "%-30s %8s %15s %8s %15s %8s %9s\n", "", "", "", "", "", "", "shift")
	small := false
	for _, g := range r.Given {
		mark := ""
		if g.Small {
			mark, small = " *", true
		}
		fmt.Fprintf(b, "%-30s %8.3f %15s %8d %15s %8d %9.3f%s\n", trunc(g.Given, 30), g.PEvent, pr(g.PGiven, g.PGivenSE), g.WorldsGiven, pr(g.PNot, g.PNotSE), g.WorldsNot, g.Expected, mark)
	}
	if small {
		fmt.Fprintf(b, "\n* fewer than %d worlds behind a figure: its standard error is large; raise -n.\n", analysis.MinWorlds)
	}
	return b.Flush()
}
