package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The JSON report says what the run's worlds say: run the same worlds as
// CSV, one row per world, and recompute every headline figure from the
// rows (P(on track) and its binomial standard error, P(never), type-7
// percentiles with years beyond the horizon as null, the yearly curve, the
// thresholds, the outcome classes and false assurance). olah-scale leaves a
// fifth of its worlds never done.
func TestJSONMatchesWorlds(t *testing.T) {
	const n = 3000
	args := []string{"run", "-n", strconv.Itoa(n), "--seed", "5", "--preset", "olah-scale"}
	js, errs, code := ontrack(t, append(args, "--format", "json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	type quant struct{ P10, P50, P90 *float64 }
	type track struct {
		Name     string
		P        float64 `json:"p_on_track"`
		SE       float64 `json:"p_on_track_stderr"`
		PNever   float64 `json:"p_never"`
		PNeverSE float64 `json:"p_never_stderr"`
		Year     quant
		Lead     quant `json:"lead_years"`
		Deadline quant `json:"deadline_year"`
		// Only in thresholds and milestones: its deadline, a milestone's
		// share of the work, and the share of it reached by the deadline, on
		// average.
		DeadlineAt string  `json:"deadline"`
		Fraction   float64 `json:"fraction"`
		FracMean   float64 `json:"fraction_at_deadline_mean"`
	}
	var m struct {
		track
		Scenario       string
		Samples        int
		Seed           uint64
		Start, Horizon float64
		DoneYear       quant `json:"done_year"`
		AGI            quant `json:"agi_year"`
		ASI            quant `json:"asi_year"`
		Thresholds     []track
		Milestones     []track
		Outcomes       map[string]struct{ P, Stderr float64 }
		False          struct{ P, Stderr float64 } `json:"false_assurance"`
		Curve          []struct {
			Year  float64
			PDone float64 `json:"p_done"`
			PAGI  float64 `json:"p_agi"`
			PASI  float64 `json:"p_asi"`
		}
	}
	// Every top-level field is checked below, except these.
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(js), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "changes", "warnings"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("JSON lacks %s", k)
		}
		delete(raw, k)
	}
	b, _ := json.Marshal(raw)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("the JSON has a field this test does not check: %v", err)
	}

	out, errs, code := ontrack(t, append(args, "--format", "csv")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n+1 {
		t.Fatalf("CSV has %d worlds, want %d", len(rows)-1, n)
	}
	col := func(name string) []float64 {
		t.Helper()
		j := slices.Index(rows[0], name)
		if j < 0 {
			t.Fatalf("CSV has no column %s", name)
		}
		xs := make([]float64, n)
		for i, r := range rows[1:] {
			x, err := strconv.ParseFloat(r[j], 64)
			if err != nil {
				t.Fatalf("row %d, %s: %v", i, name, err)
			}
			xs[i] = x
		}
		return xs
	}
	horizon := col("horizon")[0]
	if m.Samples != n || m.Seed != 5 || m.Scenario != "olah-scale" || m.DeadlineAt != "asi" ||
		m.Start != col("start")[0] || m.Horizon != horizon {
		t.Errorf("samples %d seed %d scenario %q deadline %q start %v horizon %v", m.Samples, m.Seed, m.Scenario, m.DeadlineAt, m.Start, m.Horizon)
	}
	// near: equal up to the last bits of a sum or an interpolation.
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) {
			t.Errorf("%s: JSON %v, from the worlds %v", what, got, want)
		}
	}
	share := func(xs []float64, ok func(float64) bool) float64 {
		k := 0
		for _, x := range xs {
			if ok(x) {
				k++
			}
		}
		return float64(k) / float64(len(xs))
	}
	// pct is the type-7 percentile, with values beyond limit as +Inf.
	pct := func(xs []float64, q, limit float64) float64 {
		s := make([]float64, len(xs))
		for i, x := range xs {
			if x > limit {
				x = math.Inf(1)
			}
			s[i] = x
		}
		slices.Sort(s)
		h := q * float64(len(s)-1)
		i := int(h)
		if h == float64(i) || s[i] == s[i+1] {
			return s[i]
		}
		return s[i] + (h-float64(i))*(s[i+1]-s[i])
	}
	checkQuant := func(what string, got quant, xs []float64, limit float64) {
		t.Helper()
		for k, q := range []float64{0.1, 0.5, 0.9} {
			want := pct(xs, q, limit)
			g := []*float64{got.P10, got.P50, got.P90}[k]
			what := fmt.Sprintf("%s p%.0f", what, 100*q)
			switch {
			case g == nil && math.IsInf(want, 1):
			case g == nil:
				t.Errorf("%s: JSON null, from the worlds %v", what, want)
			case math.IsInf(want, 1):
				t.Errorf("%s: JSON %v, from the worlds beyond the horizon", what, *g)
			default:
				near(what, *g, want)
			}
		}
	}
	// checkTrack checks done, whose columns are done_year, on_track and
	// lead_years, or a milestone, whose columns start with its name.
	checkTrack := func(name string, got track, prefix string) {
		t.Helper()
		yearCol, onCol, leadCol := prefix+"year", prefix+"on_track", prefix+"lead_years"
		if prefix == "" {
			yearCol = "done_year"
		}
		year := col(yearCol)
		p := share(col(onCol), func(x float64) bool { return x == 1 })
		pNever := share(year, func(x float64) bool { return x > horizon })
		near(name+" p_on_track", got.P, p)
		near(name+" p_on_track_stderr", got.SE, math.Sqrt(p*(1-p)/n))
		near(name+" p_never", got.PNever, pNever)
		near(name+" p_never_stderr", got.PNeverSE, math.Sqrt(pNever*(1-pNever)/n))
		checkQuant(name+" year", got.Year, year, horizon)
		checkQuant(name+" lead", got.Lead, col(leadCol), math.Inf(1))
		dl := map[string]string{"asi": "asi_year", "agi": "agi_year"}[got.DeadlineAt]
		if prefix == "" {
			dl = "deadline_year"
		}
		checkQuant(name+" deadline", got.Deadline, col(dl), math.Inf(1))
	}
	m.track.Year = m.DoneYear
	checkTrack("done", m.track, "")
	if m.PNever < 0.1 || m.DoneYear.P90 != nil {
		t.Errorf("P(never) %v, p90 done %v: the test wants a tenth of the worlds never done", m.PNever, m.DoneYear.P90)
	}
	checkQuant("AGI", m.AGI, col("agi_year"), math.Inf(1))
	checkQuant("ASI", m.ASI, col("asi_year"), math.Inf(1))
	var names []string
	for _, ms := range m.Thresholds {
		names = append(names, ms.Name)
		checkTrack(ms.Name, ms, ms.Name+"_")
		// A world on track has reached all of the threshold by its deadline.
		if ms.FracMean < ms.P || ms.FracMean > 1 {
			t.Errorf("%s: deadline %q, mean fraction reached %v with P(on track) %v", ms.Name, ms.DeadlineAt, ms.FracMean, ms.P)
		}
	}
	if want := []string{"no_takeover", "no_power_grab", "safe_to_help"}; !slices.Equal(names, want) {
		t.Errorf("thresholds %v, want %v", names, want)
	}
	if len(m.Milestones) != 0 {
		t.Errorf("milestones %v: olah-scale names none", m.Milestones)
	}
	// The outcome classes, from the outcome column; they share out the worlds.
	j := slices.Index(rows[0], "outcome")
	counts := map[string]int{}
	for _, r := range rows[1:] {
		counts[r[j]]++
	}
	sum := 0.0
	for name, o := range m.Outcomes {
		p := float64(counts[name]) / n
		near("outcome "+name, o.P, p)
		near("outcome "+name+" stderr", o.Stderr, math.Sqrt(p*(1-p)/n))
		sum += o.P
		delete(counts, name)
	}
	if len(counts) > 0 || len(m.Outcomes) != 4 {
		t.Errorf("outcome classes %v in the worlds but not the JSON, or not four: %v", counts, m.Outcomes)
	}
	near("outcomes' sum", sum, 1)
	near("on_track's share", m.Outcomes["on_track"].P, m.P)
	fa := share(col("false_assurance"), func(x float64) bool { return x == 1 })
	near("false assurance", m.False.P, fa)
	near("false assurance stderr", m.False.Stderr, math.Sqrt(fa*(1-fa)/n))
	// The curve: each whole year from the start to the horizon, the share
	// of worlds done, with AGI and with ASI, by then; at the horizon,
	// 1 - P(never).
	done, agi, asi := col("done_year"), col("agi_year"), col("asi_year")
	if len(m.Curve) != int(horizon-m.Start)+1 {
		t.Fatalf("curve has %d years, want %v", len(m.Curve), horizon-m.Start+1)
	}
	for k, c := range m.Curve {
		y := m.Start + float64(k)
		if c.Year != y {
			t.Fatalf("curve point %d is %v, want %v", k, c.Year, y)
		}
		near(fmt.Sprint("p_done by ", y), c.PDone, share(done, func(x float64) bool { return x <= y }))
		near(fmt.Sprint("p_agi by ", y), c.PAGI, share(agi, func(x float64) bool { return x <= y }))
		near(fmt.Sprint("p_asi by ", y), c.PASI, share(asi, func(x float64) bool { return x <= y }))
	}
	near("p_done at the horizon", m.Curve[len(m.Curve)-1].PDone, 1-m.PNever)
}
