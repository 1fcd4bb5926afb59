package report

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"ontrack/internal/analysis"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// pageInput is a page's input on the default scenario, on few worlds:
// the run, the levers, the tornado and the Sobol indices.
func pageInput(t *testing.T) PageInput {
	t.Helper()
	ctx := context.Background()
	opt := sim.Options{N: 400, Seed: testSeed}
	def := scenario.Default()
	pl, err := scenario.Compile(def)
	if err != nil {
		t.Fatal(err)
	}
	r, err := sim.Run(ctx, pl, opt)
	if err != nil {
		t.Fatal(err)
	}
	sum := sim.Summarize(r)
	in := PageInput{Result: r, Summary: &sum, Plan: pl, Command: "ontrack report -o x.html"}
	arms, scs, err := analysis.Arms(def, nil)
	if err != nil {
		t.Fatal(err)
	}
	if in.Compare, err = analysis.Compare(ctx, def, arms, scs, opt); err != nil {
		t.Fatal(err)
	}
	if in.Tornado, err = analysis.TornadoPlan(ctx, def, sim.Options{N: 200, Seed: testSeed}); err != nil {
		t.Fatal(err)
	}
	if in.Sobol, err = analysis.SobolPlan(ctx, pl, 64, testSeed, 10, 0, nil); err != nil {
		t.Fatal(err)
	}
	return in
}

// pageCharts writes the page, parses it whole as XML and returns the ids
// of its charts' titles, checking that no id is used twice.
func pageCharts(t *testing.T, p *Page) (string, []string) {
	t.Helper()
	var b bytes.Buffer
	if err := p.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(b.Bytes()))
	seen := map[string]bool{}
	var titles []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the page does not parse: %v", err)
		}
		if e, ok := tok.(xml.StartElement); ok {
			for _, a := range e.Attr {
				if a.Name.Local != "id" {
					continue
				}
				if seen[a.Value] {
					t.Errorf("the id %q is used twice", a.Value)
				}
				seen[a.Value] = true
				if e.Name.Local == "title" {
					titles = append(titles, strings.TrimSuffix(a.Value, "-title"))
				}
			}
		}
	}
	return b.String(), titles
}

// TestPageCharts checks that the page draws the charts its input has and
// no others: the cost chart beside the levers, the Sobol chart with its
// table in the sensitivity section, which shows for either analysis.
func TestPageCharts(t *testing.T) {
	in := pageInput(t)
	html, got := pageCharts(t, NewPage(in))
	want := "outcomes race lead levers cost tornado sobol"
	if strings.Join(got, " ") != want {
		t.Errorf("charts %v, want %s", got, want)
	}
	for _, s := range []string{`<section id="sensitivity">`, "Sobol indices from 64 base samples", "timelines.agi", "against its mean cost"} {
		if !strings.Contains(html, s) {
			t.Errorf("the page does not say %q", s)
		}
	}
	if strings.Contains(html, "adds Sobol indices") {
		t.Error("the page offers Sobol indices it has")
	}

	p := NewPage(in)
	for i := 1; i < len(p.SobolTop); i++ {
		if p.SobolTop[i].ST > p.SobolTop[i-1].ST {
			t.Errorf("the Sobol table is not by total index: %v after %v", p.SobolTop[i].ST, p.SobolTop[i-1].ST)
		}
	}
	if len(p.SobolTop) != min(sobolFactors, len(in.Sobol.OnTrack.Factors)) {
		t.Errorf("%d rows in the Sobol table", len(p.SobolTop))
	}

	// Without the tornado the section stays, with the Sobol chart alone;
	// without either it goes, and the page offers the indices.
	in.Tornado = nil
	if _, got := pageCharts(t, NewPage(in)); strings.Join(got, " ") != "outcomes race lead levers cost sobol" {
		t.Errorf("without the tornado: charts %v", got)
	}
	in.Sobol = nil
	html, got = pageCharts(t, NewPage(in))
	if strings.Join(got, " ") != "outcomes race lead levers cost" || strings.Contains(html, `id="sensitivity"`) {
		t.Errorf("without either: charts %v", got)
	}

	// Levers that cost nothing have no cost chart.
	for i := range in.Compare.Arms {
		in.Compare.Arms[i].Cost = 0
	}
	if _, got := pageCharts(t, NewPage(in)); strings.Join(got, " ") != "outcomes race lead levers" {
		t.Errorf("levers without costs: charts %v", got)
	}
}
