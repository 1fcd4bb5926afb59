package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strings"

	"ontrack/internal/analysis"
	"ontrack/internal/sim"
)

// Sensitivity is `ontrack sensitivity`: a tornado, Sobol indices, or both.
// Its samples are the Sobol base samples N where the indices were
// computed, else the tornado's worlds.
type Sensitivity struct {
	Header
	Tornado *Tornado `json:"tornado,omitempty"`
	Sobol   *Sobol   `json:"sobol,omitempty"`
}

// Tornado holds each parameter at its 10th and 90th percentiles.
type Tornado struct {
	Samples    int   `json:"samples"`
	POnTrack   Num   `json:"p_on_track"`
	POnTrackSE Num   `json:"p_on_track_stderr"`
	Bars       []Bar `json:"bars"` // largest swing first
}

// Bar is one parameter's swing.
type Bar struct {
	Path    string    `json:"path"`
	P10     Unbounded `json:"p10"` // the parameter's percentiles
	P90     Unbounded `json:"p90"`
	AtP10   Num       `json:"p_on_track_at_p10"`
	AtP90   Num       `json:"p_on_track_at_p90"`
	Swing   Num       `json:"swing"`
	SwingSE Num       `json:"swing_paired_stderr"`
}

// Sobol is the Sobol indices of being on track and of the lead.
type Sobol struct {
	WorldsRun  int         `json:"worlds_run"`
	OnTrack    Indices     `json:"on_track"`
	Lead       Indices     `json:"lead"`
	LeadClip   Num         `json:"lead_clip_years"`
	Correlated [][2]string `json:"correlated_pairs"`
}

// Indices are one output's indices; their warnings are the report's.
type Indices struct {
	Output  string  `json:"output"`
	Mean    Num     `json:"mean"`
	Var     Num     `json:"variance"`
	SumS1   Num     `json:"sum_first_order"`
	Indices []Index `json:"indices"`
}

// Index is one factor's indices with 95% bootstrap intervals.
type Index struct {
	Factor string `json:"factor"`
	S1     Num    `json:"first_order"`
	S1Lo   Num    `json:"first_order_lo95"`
	S1Hi   Num    `json:"first_order_hi95"`
	ST     Num    `json:"total"`
	STLo   Num    `json:"total_lo95"`
	STHi   Num    `json:"total_hi95"`
}

func indices(ix analysis.Indices) Indices {
	out := Indices{Output: ix.Output, Mean: Num(ix.Mean), Var: Num(ix.Var), SumS1: Num(ix.SumS1), Indices: []Index{}}
	for _, f := range ix.Factors {
		out.Indices = append(out.Indices, Index{f.Name, Num(f.S1), Num(f.S1Lo), Num(f.S1Hi), Num(f.ST), Num(f.STLo), Num(f.STHi)})
	}
	return out
}

// NewSensitivity is the report of tor and sen (either may be nil) on
// scenario with seed.
func NewSensitivity(scenario string, seed uint64, tor *analysis.Tornado, sen *analysis.Sensitivity) *Sensitivity {
	r := &Sensitivity{}
	n := 0
	if tor != nil {
		n = tor.N
		t := &Tornado{Samples: tor.N, POnTrack: Num(tor.POnTrack), POnTrackSE: Num(tor.POnTrackSE), Bars: []Bar{}}
		for _, b := range tor.Bars {
			t.Bars = append(t.Bars, Bar{b.Path, Unbounded(b.P10), Unbounded(b.P90), Num(b.AtP10), Num(b.AtP90), Num(b.Swing), Num(b.SwingSE)})
		}
		r.Tornado = t
	}
	var warns []string
	if sen != nil {
		n = sen.N
		r.Sobol = &Sobol{WorldsRun: sen.Runs, OnTrack: indices(sen.OnTrack), Lead: indices(sen.Lead), LeadClip: sim.LeadClip,
			Correlated: append([][2]string{}, sen.Correlated...)}
		for _, ix := range []analysis.Indices{sen.OnTrack, sen.Lead} {
			for _, w := range ix.Warnings {
				warns = append(warns, "Sobol indices of "+ix.Output+": "+w)
			}
		}
	}
	r.Header = header(scenario, n, seed)
	r.Warnings = append(r.Warnings, warns...)
	return r
}

// WriteJSON writes the report as JSON.
func (r *Sensitivity) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteCSV writes a row per tornado bar and per Sobol index.
func (r *Sensitivity) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"analysis", "output", "factor", "value", "lo95", "hi95", "extra1", "extra2"})
	if t := r.Tornado; t != nil {
		for _, b := range t.Bars {
			_ = cw.Write([]string{"tornado_swing", "on_track", b.Path, csvNum(b.Swing), csvNum(b.Swing - 1.96*b.SwingSE), csvNum(b.Swing + 1.96*b.SwingSE), csvNum(b.AtP10), csvNum(b.AtP90)})
		}
	}
	if s := r.Sobol; s != nil {
		for _, ix := range []Indices{s.OnTrack, s.Lead} {
			for _, x := range ix.Indices {
				_ = cw.Write([]string{"sobol_first", ix.Output, x.Factor, csvNum(x.S1), csvNum(x.S1Lo), csvNum(x.S1Hi), "", ""})
				_ = cw.Write([]string{"sobol_total", ix.Output, x.Factor, csvNum(x.ST), csvNum(x.STLo), csvNum(x.STHi), "", ""})
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteText writes the tornado and the indices for a person to read.
func (r *Sensitivity) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "ontrack %s · sensitivity · scenario %s · seed %d\n", r.Version, r.Scenario, r.Seed)
	if t := r.Tornado; t != nil {
		fmt.Fprintf(b, "\nTornado: P(on track) = %s with everything varying (%d worlds); each parameter held\nat its 10th and 90th percentile on the same worlds, largest swing first.\n\n", prob(t.POnTrack, t.POnTrackSE), t.Samples)
		fmt.Fprintf(b, "%-26s %10s %10s %9s %9s %8s  %s\n", "parameter", "p10", "p90", "P at p10", "P at p90", "swing", "")
		const width = 20
		top, topSE := 1e-12, 0.0
		for _, bar := range t.Bars {
			top, topSE = max(top, math.Abs(float64(bar.Swing))), max(topSE, float64(bar.SwingSE))
		}
		for _, bar := range t.Bars {
			k := int(float64(width)*min(1, math.Abs(float64(bar.Swing))/top) + 0.5)
			ch := "+"
			if bar.Swing < 0 {
				ch = "-"
			}
			fmt.Fprintf(b, "%-26s %10s %10s %9.3f %9.3f %+8.3f  %s\n", bar.Path, param(bar.Path, float64(bar.P10), 4), param(bar.Path, float64(bar.P90), 4), bar.AtP10, bar.AtP90, bar.Swing, strings.Repeat(ch, k))
		}
		fmt.Fprintf(b, "\nA held parameter loses its correlation with the others. Swing SEs are paired (largest %.3f).\n%s\n", topSE, seNote)
	}
	if s := r.Sobol; s != nil {
		fmt.Fprintf(b, "\nSobol indices: %d base samples, %d worlds; 95%% bootstrap intervals.\n", r.Samples, s.WorldsRun)
		for _, ix := range []Indices{s.OnTrack, s.Lead} {
			label := "being on track (0/1)"
			if ix.Output == "lead" {
				label = fmt.Sprintf("the lead (years, clipped to ±%.0f)", s.LeadClip)
			}
			fmt.Fprintf(b, "\nFor %s: mean %.3f, variance %.3f\n", label, ix.Mean, ix.Var)
			fmt.Fprintf(b, "%-26s %22s %22s\n", "factor", "first order", "total")
			for _, f := range ix.Indices {
				fmt.Fprintf(b, "%-26s %6.3f [%6.3f, %6.3f] %6.3f [%6.3f, %6.3f]\n", f.Factor, f.S1, f.S1Lo, f.S1Hi, f.ST, f.STLo, f.STHi)
			}
			fmt.Fprintf(b, "%-26s %6.3f   (the rest is interaction)\n", "sum", ix.SumS1)
		}
		for _, p := range s.Correlated {
			fmt.Fprintf(b, "\nNote: %s and %s are correlated. The indices are for the independent sources\nbehind them: the first carries its share of the second, so read the pair together.\n", p[0], p[1])
		}
	}
	return b.Flush()
}
