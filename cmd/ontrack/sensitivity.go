package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"ontrack/internal/analysis"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

const sensitivityUsage = `Usage: ontrack sensitivity [--method both|tornado|sobol] [--preset NAME]... [-f FILE] [--set PATH=VALUE]... [-n N] [--tornado-n N] [--boot B] [--seed S] [--format text|json|csv]

Which beliefs drive the answer. The tornado holds each uncertain parameter
at its 10th and then its 90th percentile while everything else varies, on
the same worlds, and sorts the parameters by how far P(on track) swings.
The Sobol indices split the variance of being on track, and of the lead,
among the uncertain parameters (and the chance events as one group): the
first-order index is the share a parameter explains alone, the total index
the share it has any part in. -n is the number of base samples N; the
design runs N (K + 2) worlds for K factors; the default N = 16,384 keeps
every interval on the default scenario narrower than 0.1. Intervals are
95% bootstrap percentiles; a warning says when the sample is too small.
`

func sensitivityCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var method string
	var boot, tornadoN int
	c, err := parseCommon("sensitivity", sensitivityUsage, 16_384, args, stdin, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&method, "method", "both", "tornado, sobol or both")
		fs.IntVar(&boot, "boot", 200, "bootstrap resamples for the Sobol intervals")
		fs.IntVar(&tornadoN, "tornado-n", 20_000, "worlds for the tornado")
	})
	if err != nil {
		return err
	}
	if method != "both" && method != "tornado" && method != "sobol" {
		return usagef("--method %q: expected tornado, sobol or both", method)
	}
	if c.n < 64 {
		return usagef("-n %d: Sobol indices need at least 64 base samples (the default is 16,384)", c.n)
	}
	if boot < 10 || tornadoN < 1 {
		return usagef("--boot must be at least 10 and --tornado-n at least 1")
	}
	s, pl, err := c.plan()
	if err != nil {
		return err
	}
	// The tornado and the Sobol design run one after the other: each must
	// fit alone, and together they must not take too long.
	k := len(analysis.Factors(pl)) // the uncertain parameters and the chance events
	var worlds float64
	var serial float64
	if method != "sobol" {
		plans := 1 + 2*(k-1) // the baseline, and each parameter at its p10 and p90
		perWorld := float64(plans) * float64(sim.BytesPerWorld(len(s.Milestones)))
		if err := checkMemory(c.mem, "--tornado-n", tornadoN, "worlds", 0, perWorld); err != nil {
			return err
		}
		worlds += float64(tornadoN) * float64(plans)
	}
	if method != "tornado" {
		perN, perBoot := analysis.SobolBytes(k, 1, 0), analysis.SobolBytes(k, 0, 1)
		if err := checkMemory(c.mem, "-n", c.n, "base samples", 0, perN); err != nil {
			return err
		}
		if err := checkMemory(c.mem, "--boot", boot, "resamples", 0, perBoot); err != nil {
			return err
		}
		if err := checkMemory(c.mem, "-n", c.n, fmt.Sprintf("base samples with --boot %d", boot), float64(boot)*perBoot, perN); err != nil {
			return err
		}
		worlds += float64(c.n) * float64(k+2)
		// Two outputs, each resample over every base sample and factor.
		serial = 2 * float64(boot) * float64(c.n) * float64(k+1) * bootstrapRowTime
	}
	warnSlow(stderr, worlds, worldTime([]*scenario.Plan{pl}, c.seed), serial)
	var tor *analysis.Tornado
	var sen *analysis.Sensitivity
	if method != "sobol" {
		var done atomic.Int64
		stop := showProgress(ctx, stderr, &done, int64(tornadoN))
		tor, err = analysis.TornadoPlan(ctx, s, c.options(tornadoN, &done))
		stop()
		if err != nil {
			return err
		}
	}
	if method != "tornado" {
		var done atomic.Int64
		stop := showProgress(ctx, stderr, &done, int64(c.n))
		sen, err = analysis.SobolPlan(ctx, pl, c.n, c.seed, boot, 0, &done)
		stop()
		if err != nil {
			return err
		}
	}
	switch c.format {
	case "json":
		return writeJSON(stdout, sensitivityJSON(s.Name, c, tor, sen))
	case "csv":
		return writeSensitivityCSV(stdout, tor, sen)
	}
	return writeSensitivityText(stdout, s.Name, c, tor, sen)
}

type indexJSON struct {
	Factor string `json:"factor"`
	S1     num    `json:"first_order"`
	S1Lo   num    `json:"first_order_lo95"`
	S1Hi   num    `json:"first_order_hi95"`
	ST     num    `json:"total"`
	STLo   num    `json:"total_lo95"`
	STHi   num    `json:"total_hi95"`
}

type indicesJSON struct {
	Output   string      `json:"output"`
	Mean     num         `json:"mean"`
	Var      num         `json:"variance"`
	SumS1    num         `json:"sum_first_order"`
	Indices  []indexJSON `json:"indices"`
	Warnings []string    `json:"warnings"`
}

func ij(ix analysis.Indices) indicesJSON {
	out := indicesJSON{Output: ix.Output, Mean: num(ix.Mean), Var: num(ix.Var), SumS1: num(ix.SumS1), Warnings: append([]string{}, ix.Warnings...)}
	for _, f := range ix.Factors {
		out.Indices = append(out.Indices, indexJSON{f.Name, num(f.S1), num(f.S1Lo), num(f.S1Hi), num(f.ST), num(f.STLo), num(f.STHi)})
	}
	return out
}

func sensitivityJSON(name string, c common, tor *analysis.Tornado, sen *analysis.Sensitivity) any {
	type barJSON struct {
		Path    string `json:"path"`
		P10     num    `json:"p10"`
		P90     num    `json:"p90"`
		AtP10   num    `json:"p_on_track_at_p10"`
		AtP90   num    `json:"p_on_track_at_p90"`
		Swing   num    `json:"swing"`
		SwingSE num    `json:"swing_paired_stderr"`
	}
	type torJSON struct {
		Samples    int       `json:"samples"`
		POnTrack   num       `json:"p_on_track"`
		POnTrackSE num       `json:"p_on_track_stderr"`
		Bars       []barJSON `json:"bars"`
	}
	type sobolJSON struct {
		BaseSamples int         `json:"base_samples"`
		Runs        int         `json:"worlds_run"`
		OnTrack     indicesJSON `json:"on_track"`
		Lead        indicesJSON `json:"lead"`
		Correlated  [][2]string `json:"correlated_pairs"`
	}
	out := struct {
		Version  string     `json:"version"`
		Scenario string     `json:"scenario"`
		Seed     uint64     `json:"seed"`
		Tornado  *torJSON   `json:"tornado,omitempty"`
		Sobol    *sobolJSON `json:"sobol,omitempty"`
	}{Version: version, Scenario: name, Seed: c.seed}
	if tor != nil {
		t := &torJSON{Samples: tor.N, POnTrack: num(tor.POnTrack), POnTrackSE: num(tor.POnTrackSE)}
		for _, b := range tor.Bars {
			t.Bars = append(t.Bars, barJSON{b.Path, num(b.P10), num(b.P90), num(b.AtP10), num(b.AtP90), num(b.Swing), num(b.SwingSE)})
		}
		out.Tornado = t
	}
	if sen != nil {
		out.Sobol = &sobolJSON{sen.N, sen.Runs, ij(sen.OnTrack), ij(sen.Lead), append([][2]string{}, sen.Correlated...)}
	}
	return out
}

func writeSensitivityCSV(w io.Writer, tor *analysis.Tornado, sen *analysis.Sensitivity) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"analysis", "output", "factor", "value", "lo95", "hi95", "extra1", "extra2"})
	if tor != nil {
		for _, b := range tor.Bars {
			_ = cw.Write([]string{"tornado_swing", "on_track", b.Path, csvNum(b.Swing), csvNum(b.Swing - 1.96*b.SwingSE), csvNum(b.Swing + 1.96*b.SwingSE), csvNum(b.AtP10), csvNum(b.AtP90)})
		}
	}
	if sen != nil {
		for _, ix := range []analysis.Indices{sen.OnTrack, sen.Lead} {
			for _, x := range ix.Factors {
				_ = cw.Write([]string{"sobol_first", ix.Output, x.Name, csvNum(x.S1), csvNum(x.S1Lo), csvNum(x.S1Hi), "", ""})
				_ = cw.Write([]string{"sobol_total", ix.Output, x.Name, csvNum(x.ST), csvNum(x.STLo), csvNum(x.STHi), "", ""})
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeSensitivityText(w io.Writer, name string, c common, tor *analysis.Tornado, sen *analysis.Sensitivity) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "ontrack %s · sensitivity · scenario %s · seed %d\n", version, name, c.seed)
	if tor != nil {
		fmt.Fprintf(b, "\nTornado: P(on track) = %s with everything varying (%d worlds); each parameter held\nat its 10th and 90th percentile on the same worlds, largest swing first.\n\n", prob(tor.POnTrack, tor.POnTrackSE), tor.N)
		fmt.Fprintf(b, "%-26s %10s %10s %9s %9s %8s  %s\n", "parameter", "p10", "p90", "P at p10", "P at p90", "swing", "")
		const width = 20
		for _, bar := range tor.Bars {
			k := int(float64(width)*min(1, abs(bar.Swing)/maxSwing(tor)) + 0.5)
			ch := "+"
			if bar.Swing < 0 {
				ch = "-"
			}
			fmt.Fprintf(b, "%-26s %10.4g %10.4g %9.3f %9.3f %+8.3f  %s\n", bar.Path, bar.P10, bar.P90, bar.AtP10, bar.AtP90, bar.Swing, strings.Repeat(ch, k))
		}
		fmt.Fprintf(b, "\nA held parameter loses its correlation with the others. Swing SEs are paired (largest %.3f).\n", maxSE(tor))
	}
	if sen != nil {
		fmt.Fprintf(b, "\nSobol indices: %d base samples, %d worlds; 95%% bootstrap intervals.\n", sen.N, sen.Runs)
		for _, ix := range []analysis.Indices{sen.OnTrack, sen.Lead} {
			label := "being on track (0/1)"
			if ix.Output == "lead" {
				label = fmt.Sprintf("the lead (years, clipped to ±%.0f)", sim.LeadClip)
			}
			fmt.Fprintf(b, "\nFor %s: mean %.3f, variance %.3f\n", label, ix.Mean, ix.Var)
			fmt.Fprintf(b, "%-26s %22s %22s\n", "factor", "first order", "total")
			for _, f := range ix.Factors {
				fmt.Fprintf(b, "%-26s %6.3f [%6.3f, %6.3f] %6.3f [%6.3f, %6.3f]\n", f.Name, f.S1, f.S1Lo, f.S1Hi, f.ST, f.STLo, f.STHi)
			}
			fmt.Fprintf(b, "%-26s %6.3f   (the rest is interaction)\n", "sum", ix.SumS1)
			for _, wn := range ix.Warnings {
				fmt.Fprintf(b, "warning: %s\n", wn)
			}
		}
		for _, p := range sen.Correlated {
			fmt.Fprintf(b, "\nNote: %s and %s are correlated. The indices are for the independent sources\nbehind them: the first carries its share of the second, so read the pair together.\n", p[0], p[1])
		}
	}
	return b.Flush()
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func maxSwing(t *analysis.Tornado) float64 {
	m := 1e-12
	for _, b := range t.Bars {
		m = max(m, abs(b.Swing))
	}
	return m
}

func maxSE(t *analysis.Tornado) float64 {
	m := 0.0
	for _, b := range t.Bars {
		m = max(m, b.SwingSE)
	}
	return m
}
