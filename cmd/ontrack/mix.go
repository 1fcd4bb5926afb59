package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// component is one worldview in a --mix: a preset or a scenario file.
type component struct {
	name   string
	weight float64
}

// parseMix reads NAME=W,NAME=W,... where each name is a preset or a file.
func parseMix(s string) ([]component, error) {
	var cs []component
	seen := map[string]bool{}
	for part := range strings.SplitSeq(s, ",") {
		name, ws, ok := strings.Cut(strings.TrimSpace(part), "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, usagef("--mix %q: expected NAME=WEIGHT,NAME=WEIGHT,... (a name is a preset or a scenario file)", s)
		}
		w, err := strconv.ParseFloat(strings.TrimSpace(ws), 64)
		if err != nil || !(w > 0) || math.IsInf(w, 0) {
			return nil, usagef("--mix %s: the weight %q must be a positive number", name, ws)
		}
		if seen[name] {
			return nil, usagef("--mix: %s appears twice", name)
		}
		seen[name] = true
		cs = append(cs, component{name, w})
	}
	if len(cs) < 2 {
		return nil, usagef("--mix %q: a mixture needs at least two components", s)
	}
	return cs, nil
}

// isFile tells a scenario file from a preset name in --mix.
func isFile(name string) bool {
	return name == "-" || strings.ContainsAny(name, `/\`) || strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

func mixRun(ctx context.Context, c common, stdout, stderr io.Writer) error {
	if c.file != "" || len(c.presets) > 0 {
		return usagef("--mix takes its components itself: use NAME=W for a preset or FILE=W for a file, not -f or --preset")
	}
	cs, err := parseMix(c.mix)
	if err != nil {
		return err
	}
	plans := make([]*scenario.Plan, len(cs))
	weights := make([]float64, len(cs))
	for k, comp := range cs {
		s := scenario.Default()
		if isFile(comp.name) {
			err = overlayFile(s, comp.name, c.stdin)
		} else {
			err = s.ApplyPreset(comp.name)
		}
		if err != nil {
			return err
		}
		s.Name = comp.name
		if err := c.applySets(s, nil); err != nil {
			return err
		}
		if plans[k], err = scenario.Compile(s); err != nil {
			return err
		}
		weights[k] = comp.weight
	}
	rs, sums, err := runPlans(ctx, plans, c, sim.PoolBytes(len(plans)), stderr)
	if err != nil {
		return err
	}
	pool, err := sim.Pool(rs, weights)
	if err != nil {
		return err
	}
	switch c.format {
	case "json":
		return writeJSON(stdout, mixJSON(cs, sums, &pool, c))
	case "csv":
		return writeMixCSV(stdout, cs, sums, &pool)
	}
	return writeMixText(stdout, cs, sums, &pool, c)
}

type decompJSON struct {
	Total        num `json:"total"`
	Within       num `json:"within"`
	Between      num `json:"between"`
	ShareBetween num `json:"share_between"`
}

func dj(d sim.Decomp) decompJSON {
	return decompJSON{num(d.Total), num(d.Within), num(d.Between), num(d.ShareBetween)}
}

type mixComponentJSON struct {
	Name       string    `json:"name"`
	Weight     num       `json:"weight"`
	POnTrack   num       `json:"p_on_track"`
	POnTrackSE num       `json:"p_on_track_stderr"`
	Lead       quantJSON `json:"lead_years"`
}

type mixJSONOut struct {
	Version    string             `json:"version"`
	Samples    int                `json:"samples"`
	Seed       uint64             `json:"seed"`
	Components []mixComponentJSON `json:"components"`
	Pooled     mixComponentJSON   `json:"pooled"`
	OnTrackVar decompJSON         `json:"on_track_variance"`
	LeadVar    decompJSON         `json:"lead_variance"`
	LeadClip   num                `json:"lead_clip_years"`
}

func mixJSON(cs []component, sums []sim.Summary, p *sim.Pooled, c common) mixJSONOut {
	out := mixJSONOut{Version: version, Samples: c.n, Seed: c.seed,
		Pooled:     mixComponentJSON{Name: "pooled", Weight: 1, POnTrack: num(p.POnTrack), POnTrackSE: num(p.POnTrackSE), Lead: qj(p.Lead)},
		OnTrackVar: dj(p.OnTrackVar), LeadVar: dj(p.LeadVar), LeadClip: sim.LeadClip}
	for k, s := range sums {
		out.Components = append(out.Components, mixComponentJSON{Name: cs[k].name, Weight: num(p.Weights[k]),
			POnTrack: num(s.Done.POnTrack), POnTrackSE: num(s.Done.POnTrackSE), Lead: qj(s.Done.Lead)})
	}
	return out
}

func writeMixCSV(w io.Writer, cs []component, sums []sim.Summary, p *sim.Pooled) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"component", "weight", "p_on_track", "p_on_track_stderr", "lead_p10", "lead_p50", "lead_p90"})
	for k, s := range sums {
		_ = cw.Write([]string{cs[k].name, csvNum(p.Weights[k]), csvNum(s.Done.POnTrack), csvNum(s.Done.POnTrackSE), csvNum(s.Done.Lead.P10), csvNum(s.Done.Lead.P50), csvNum(s.Done.Lead.P90)})
	}
	_ = cw.Write([]string{"pooled", "1", csvNum(p.POnTrack), csvNum(p.POnTrackSE), csvNum(p.Lead.P10), csvNum(p.Lead.P50), csvNum(p.Lead.P90)})
	cw.Flush()
	return cw.Error()
}

func writeMixText(w io.Writer, cs []component, sums []sim.Summary, p *sim.Pooled, c common) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "ontrack %s · mixture of %d views · %d worlds each, the same worlds · seed %d\n\n", version, len(cs), c.n, c.seed)
	fmt.Fprintf(b, "%-22s %6s %15s %10s %10s %10s\n", "view", "weight", "P(on track)", "lead p10", "p50", "p90")
	for k, s := range sums {
		fmt.Fprintf(b, "%-22s %6.3f %15s %s\n", cs[k].name, p.Weights[k], prob(s.Done.POnTrack, s.Done.POnTrackSE), leads(s.Done.Lead))
	}
	fmt.Fprintf(b, "%-22s %6.3f %15s %s\n\n", "pooled", 1.0, prob(p.POnTrack, p.POnTrackSE), leads(p.Lead))
	fmt.Fprintf(b, "Where the uncertainty comes from (law of total variance):\n")
	fmt.Fprintf(b, "  on track (0/1)   %4.0f%% disagreement between views, %4.0f%% uncertainty within them\n",
		100*p.OnTrackVar.ShareBetween, 100*(1-p.OnTrackVar.ShareBetween))
	fmt.Fprintf(b, "  lead (years)     %4.0f%% disagreement between views, %4.0f%% uncertainty within them\n",
		100*p.LeadVar.ShareBetween, 100*(1-p.LeadVar.ShareBetween))
	fmt.Fprintf(b, "\nThe lead is clipped to ±%.0f years for the split. Each view runs on every world; the pooled\nfigures weigh each view's worlds by its weight.\n", sim.LeadClip)
	return b.Flush()
}
