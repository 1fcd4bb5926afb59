package report

import (
	"bufio"
	"context"
	"io"
	"math"
	"strconv"
	"strings"

	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// WriteWorldsCSV replays worlds 0 to n-1 of pl under seed and writes each
// one's drawn inputs and outcomes, one row per world: the CSV of `ontrack
// run`. It streams, so its memory does not grow with n. Infinite years are
// written as inf.
func WriteWorldsCSV(ctx context.Context, w io.Writer, pl *scenario.Plan, seed uint64, n int) error {
	b := bufio.NewWriterSize(w, 1<<16)
	cols := []string{"world"}
	for _, f := range model.Fields {
		cols = append(cols, f.Path)
	}
	for _, c := range model.Chances {
		cols = append(cols, c.Name)
	}
	cols = append(cols, "effort_so_far", "R", "agi_year", "asi_year", "deadline_year", "done_year", "on_track", "lead_years",
		"lead_censored", "fraction_at_deadline", "near_miss_year", "near_miss_pause", "lever_pause", "sabotaged",
		"outcome", "believed_year", "false_assurance", "governed")
	for _, name := range model.ThresholdNames {
		cols = append(cols, name+"_year", name+"_on_track", name+"_lead_years")
	}
	for _, m := range pl.Scenario.Milestones {
		cols = append(cols, m.Name+"_year", m.Name+"_on_track", m.Name+"_lead_years")
	}
	b.WriteString(strings.Join(cols, ",") + "\n")
	u := make([]float64, scenario.Dim)
	var p model.Params
	var o model.Outcome
	var row []byte
	f := func(v float64) {
		row = append(row, ',')
		switch {
		case math.IsInf(v, 1):
			row = append(row, "inf"...)
		case math.IsInf(v, -1):
			row = append(row, "-inf"...)
		case math.IsNaN(v): // no value: effort so far where it is derived
		default:
			row = strconv.AppendFloat(row, v, 'g', -1, 64)
		}
	}
	bit := func(v bool) {
		if v {
			row = append(row, ",1"...)
		} else {
			row = append(row, ",0"...)
		}
	}
	for i := range n {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		sim.World(pl, seed, i, u, &p, &o)
		row = strconv.AppendInt(row[:0], int64(i), 10)
		for _, fd := range model.Fields {
			f(fd.Get(&p))
		}
		for _, c := range []float64{p.UPause, p.USabotage, p.UWarn, p.UWarnPause} {
			f(c)
		}
		f(o.E0)
		f(o.R)
		f(o.AGI)
		f(o.ASI)
		f(o.Deadline)
		f(o.Done)
		bit(o.OnTrack)
		f(o.Lead)
		bit(o.LeadCensored)
		f(o.FracAtDL)
		f(o.NearMiss)
		bit(o.NearPause)
		bit(o.Paused)
		bit(o.Sabotaged)
		row = append(row, ',')
		row = append(row, model.ClassNames[o.Class]...)
		f(o.Believed)
		bit(o.FalseAssurance)
		bit(o.Governed)
		for j := range o.Thresholds {
			m := &o.Thresholds[j]
			f(m.Year)
			bit(m.OnTrack)
			f(m.Lead)
		}
		for j := range pl.Scenario.Milestones {
			m := &o.Milestones[j]
			f(m.Year)
			bit(m.OnTrack)
			f(m.Lead)
		}
		row = append(row, '\n')
		if _, err := b.Write(row); err != nil {
			return err
		}
	}
	return b.Flush()
}
