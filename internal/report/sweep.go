package report

import (
	"bufio"
	"fmt"
	"io"
	"ontrack/internal/chart"

	"ontrack/internal/analysis"
	"ontrack/internal/sim"
)

// Sweep is `ontrack sweep`: P(on track) over a grid of one or two
// parameters, every cell on the same worlds.
type Sweep struct {
	Header
	Axes  []Axis      `json:"axes"`
	Cells []SweepCell `json:"cells"` // the first axis slowest

	chart func(opt chart.SweepOptions) []byte // draws Chart from the sweep's own values
}

// Chart is the sweep drawn (chart.Sweep): a line with its Monte Carlo
// band over one parameter, a heat map over two. It is nil for a report
// read back from JSON, which keeps no summaries.
func (s *Sweep) Chart() []byte {
	if s.chart == nil {
		return nil
	}
	return s.chart(chart.SweepOptions{})
}

// ChartSolved is Chart with sol, a solve over the swept parameter of a
// one-parameter sweep, drawn in: its target as a line, its answer with
// its interval as a column. It is nil for a report read back from JSON.
func (s *Sweep) ChartSolved(sol *Solve) []byte {
	if s.chart == nil || sol == nil || sol.sol == nil {
		return s.Chart()
	}
	return s.chart(chart.SweepOptions{Solution: sol.sol})
}

// Axis is a swept parameter and its values.
type Axis struct {
	Path   string `json:"path"`
	Values []Num  `json:"values"`
}

// SweepCell is one point of the grid.
type SweepCell struct {
	Values     []Num     `json:"values"` // by axis
	POnTrack   Num       `json:"p_on_track"`
	POnTrackSE Num       `json:"p_on_track_stderr"`
	PNever     Num       `json:"p_never"`
	PNeverSE   Num       `json:"p_never_stderr"`
	LeadYears  Quantiles `json:"lead_years"`
	DoneYear   Quantiles `json:"done_year"`
	Horizon    Num       `json:"horizon"`
}

// NewSweep is the report of a sweep of scenario over axes: cells[i] is
// the summary at grid point grid[i] (analysis.Grid).
func NewSweep(scenario string, axes []analysis.Axis, grid [][]float64, cells []sim.Summary) *Sweep {
	s := &Sweep{Header: header(scenario, cells[0].N, cells[0].Seed),
		chart: func(opt chart.SweepOptions) []byte { return chart.Sweep(axes, grid, cells, opt) }}
	for _, ax := range axes {
		s.Axes = append(s.Axes, Axis{Path: ax.Path, Values: nums(ax.Values)})
	}
	for i, c := range cells {
		d := c.Done
		s.Cells = append(s.Cells, SweepCell{Values: nums(grid[i]), POnTrack: Num(d.POnTrack), POnTrackSE: Num(d.POnTrackSE),
			PNever: Num(d.PNever), PNeverSE: Num(d.PNeverSE), LeadYears: quant(d.Lead), DoneYear: quant(d.Year), Horizon: Num(c.Horizon)})
	}
	return s
}

// WriteJSON writes the report as JSON.
func (s *Sweep) WriteJSON(w io.Writer) error { return writeJSON(w, s) }

// WriteCSV writes a row per cell.
func (s *Sweep) WriteCSV(w io.Writer) error {
	b := bufio.NewWriter(w)
	for _, ax := range s.Axes {
		b.WriteString(ax.Path + ",")
	}
	b.WriteString("p_on_track,p_on_track_stderr,p_never,lead_years_p50,done_year_p50\n")
	for _, c := range s.Cells {
		for _, v := range c.Values {
			b.WriteString(csvNum(v) + ",")
		}
		fmt.Fprintf(b, "%s,%s,%s,%s,%s\n", csvNum(c.POnTrack), csvNum(c.POnTrackSE), csvNum(c.PNever), csvNum(c.LeadYears.P50), csvNum(c.DoneYear.P50))
	}
	return b.Flush()
}

// WriteText writes a table for one axis, a grid of P(on track) for two.
func (s *Sweep) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "ontrack %s · sweep · %d worlds per cell (common random numbers) · seed %d\n\n", s.Version, s.Samples, s.Seed)
	g := func(axis int, v Num) string { return param(s.Axes[axis].Path, float64(v), 4) }
	if len(s.Axes) == 1 {
		fmt.Fprintf(b, "%-14s %15s %10s %12s\n", s.Axes[0].Path, "P(on track)", "lead p50", "done p50")
		for _, c := range s.Cells {
			fmt.Fprintf(b, "%-14s %15s %10.1f %12s\n", g(0, c.Values[0]), prob(c.POnTrack, c.POnTrackSE), c.LeadYears.P50, year(c.DoneYear.P50, float64(c.Horizon)))
		}
		fmt.Fprintf(b, "\n%s Standard errors are per cell; differences between cells have far less noise.\n", seNote)
		return b.Flush()
	}
	fmt.Fprintf(b, "P(on track): rows %s, columns %s\n\n%12s", s.Axes[0].Path, s.Axes[1].Path, "")
	for _, v := range s.Axes[1].Values {
		fmt.Fprintf(b, " %8s", g(1, Num(v)))
	}
	b.WriteByte('\n')
	n := len(s.Axes[1].Values)
	for i, v := range s.Axes[0].Values {
		fmt.Fprintf(b, "%12s", g(0, Num(v)))
		for j := range n {
			fmt.Fprintf(b, " %8.3f", s.Cells[i*n+j].POnTrack)
		}
		b.WriteByte('\n')
	}
	maxSE := 0.0
	for _, c := range s.Cells {
		maxSE = max(maxSE, float64(c.POnTrackSE))
	}
	fmt.Fprintf(b, "\nLargest standard error in a cell: %.4f; differences between cells have far less noise.\n", maxSE)
	return b.Flush()
}
