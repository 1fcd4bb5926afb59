package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync/atomic"

	"ontrack/internal/analysis"
	"ontrack/internal/scenario"
)

const conditionUsage = `Usage: ontrack condition --given EXPR [--given EXPR]... [--preset NAME]... [-f FILE] [--set PATH=VALUE]... [-n N] [--seed S] [--format text|json|csv]

P(on track) given an observation, and given its opposite: what watching it
would teach. EXPR is PATH OP VALUE, several joined by commas (all must
hold), where PATH is a parameter path or an outcome: agi, asi, done,
deadline, near_miss (years; inf if none), paused, near_pause, sabotaged (1
or 0). For example:

    ontrack condition --given 'agi<2030' --given 'field.growth>=30%'

Worlds are split by the observation (filtering), so the number of worlds
behind each figure is its effective sample; figures on fewer than 1,000
worlds are flagged. The expected shift is how far, on average, seeing
whether the observation holds would move P(on track).
`

func conditionCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var given sets
	c, err := parseCommon("condition", conditionUsage, 100_000, args, stdin, stdout, stderr, func(fs *flag.FlagSet) {
		fs.Var(&given, "given", "an observation: `EXPR` such as agi<2030 (repeatable)")
	})
	if err != nil {
		return err
	}
	if len(given) == 0 {
		return usagef("condition: give at least one --given EXPR, such as --given 'agi<2030'")
	}
	var obs []analysis.Observation
	for _, g := range given {
		ob, err := analysis.ParseObservation(g)
		if err != nil {
			return usagef("--given %q: %v", g, err)
		}
		obs = append(obs, ob)
	}
	s, pl, err := c.plan()
	if err != nil {
		return err
	}
	// Worlds are tallied as they finish: the memory does not grow with -n.
	warnSlow(stderr, float64(c.n), worldTime([]*scenario.Plan{pl}, c.seed), 0)
	var done atomic.Int64
	stop := showProgress(ctx, stderr, &done, int64(c.n))
	res, err := analysis.Condition(ctx, pl, obs, c.options(c.n, &done))
	stop()
	if err != nil {
		return err
	}
	switch c.format {
	case "json":
		type gj struct {
			Given    string `json:"given"`
			PEvent   num    `json:"p_observation"`
			PEventSE num    `json:"p_observation_stderr"`
			NGiven   int    `json:"worlds_given"`
			PGiven   num    `json:"p_on_track_given"`
			PGivenSE num    `json:"p_on_track_given_stderr"`
			NNot     int    `json:"worlds_not"`
			PNot     num    `json:"p_on_track_given_not"`
			PNotSE   num    `json:"p_on_track_given_not_stderr"`
			Shift    num    `json:"shift_if_seen"`
			Expected num    `json:"expected_abs_shift"`
			Small    bool   `json:"too_few_worlds"`
		}
		out := struct {
			Version    string `json:"version"`
			Scenario   string `json:"scenario"`
			Samples    int    `json:"samples"`
			Seed       uint64 `json:"seed"`
			POnTrack   num    `json:"p_on_track"`
			POnTrackSE num    `json:"p_on_track_stderr"`
			Given      []gj   `json:"given"`
		}{version, s.Name, res.N, res.Seed, num(res.POnTrack), num(res.POnTrackSE), nil}
		for _, g := range res.Given {
			out.Given = append(out.Given, gj{g.Text, num(g.PEvent), num(g.PEventSE), g.NGiven, num(g.PGiven), num(g.PGivenSE),
				g.NNot, num(g.PNot), num(g.PNotSE), num(g.Shift), num(g.ExpectedAbsShift), g.Small})
		}
		return writeJSON(stdout, out)
	case "csv":
		cw := csv.NewWriter(stdout)
		_ = cw.Write([]string{"given", "p_observation", "worlds_given", "p_on_track_given", "p_on_track_given_stderr", "worlds_not", "p_on_track_given_not", "p_on_track_given_not_stderr", "expected_abs_shift"})
		for _, g := range res.Given {
			_ = cw.Write([]string{g.Text, csvNum(g.PEvent), strconv.Itoa(g.NGiven), csvNum(g.PGiven), csvNum(g.PGivenSE), strconv.Itoa(g.NNot), csvNum(g.PNot), csvNum(g.PNotSE), csvNum(g.ExpectedAbsShift)})
		}
		cw.Flush()
		return cw.Error()
	}
	b := bufio.NewWriter(stdout)
	fmt.Fprintf(b, "ontrack %s · condition · scenario %s · %d worlds · seed %d\n\n", version, s.Name, res.N, res.Seed)
	fmt.Fprintf(b, "P(on track) = %s with nothing observed.\n\n", prob(res.POnTrack, res.POnTrackSE))
	pr := func(p, se float64) string {
		if math.IsNaN(p) {
			return "(no worlds)"
		}
		return prob(p, se)
	}
	fmt.Fprintf(b, "%-30s %8s %15s %8s %15s %8s %9s\n", "observation", "P(it)", "P(on track|it)", "worlds", "P(.|not it)", "worlds", "expected")
	fmt.Fprintf(b, "%-30s %8s %15s %8s %15s %8s %9s\n", "", "", "", "", "", "", "shift")
	for _, g := range res.Given {
		mark := ""
		if g.Small {
			mark = " *"
		}
		fmt.Fprintf(b, "%-30s %8.3f %15s %8d %15s %8d %9.3f%s\n", trunc(g.Text, 30), g.PEvent, pr(g.PGiven, g.PGivenSE), g.NGiven, pr(g.PNot, g.PNotSE), g.NNot, g.ExpectedAbsShift, mark)
	}
	for _, g := range res.Given {
		if g.Small {
			fmt.Fprintf(b, "\n* fewer than %d worlds behind a figure: its standard error is large; raise -n.\n", analysis.MinWorlds)
			break
		}
	}
	return b.Flush()
}

func trunc(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimSpace(s[:n-1]) + "…"
}
