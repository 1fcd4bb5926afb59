package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReport writes a report and checks that it stands alone (no script,
// no address, nothing loaded), parses as XML, has its charts with their
// titles, lists what differs from the default and the levers, and that its
// headline is ontrack run's P(on track) for the same flags, to the bit.
func TestReport(t *testing.T) {
	flags := []string{"-n", "3000", "--seed", "11", "--set", "field.growth=50%"}
	path := filepath.Join(t.TempDir(), "report.html")
	_, stderr, code := ontrack(t, append([]string{"report", "-o", path, "--tornado-n", "400", "--fan-n", "1000", "--sobol-n", "256", "--boot", "20"}, flags...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lower := bytes.ToLower(page)
	for _, bad := range []string{"http", "<script", "src=", "@import", "url(", "href", "<link", "<iframe", "<object", "<img"} {
		if bytes.Contains(lower, []byte(bad)) {
			t.Errorf("the report contains %q: it must stand alone", bad)
		}
	}
	if !bytes.HasPrefix(page, []byte("<!DOCTYPE html>\n")) {
		t.Error("no doctype")
	}

	// Parse it whole as XML: elements nest, every chart is an svg with a
	// title, and the headline's exact value is in the data element.
	dec := xml.NewDecoder(bytes.NewReader(page))
	var stack []string
	var svgs, svgTitles int
	var headline string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the report does not parse: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if e.Name.Local == "svg" {
				svgs++
			}
			if e.Name.Local == "title" && len(stack) > 0 && stack[len(stack)-1] == "svg" {
				svgTitles++
			}
			for _, a := range e.Attr {
				if e.Name.Local == "data" && a.Name.Local == "value" {
					headline = a.Value
				}
			}
			stack = append(stack, e.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			text.Write(e)
		}
	}
	if len(stack) != 0 {
		t.Errorf("unclosed elements %v", stack)
	}
	if svgs != 8 || svgTitles != 8 {
		t.Errorf("%d charts with %d titles, want 8 each: outcomes, race, lead, fan, levers, cost, tornado, sobol", svgs, svgTitles)
	}

	out, stderr, code := ontrack(t, append([]string{"run", "--format", "json"}, flags...)...)
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	var run struct {
		P float64 `json:"p_on_track"`
	}
	if err := json.Unmarshal([]byte(out), &run); err != nil {
		t.Fatal(err)
	}
	got, err := strconv.ParseFloat(headline, 64)
	if err != nil || got != run.P {
		t.Errorf("headline %q, want ontrack run's p_on_track %v", headline, run.P)
	}
	words := text.String()
	for _, want := range []string{
		"P(on track) " + strconv.FormatFloat(run.P, 'f', 3, 64),
		"field.growth", "--set", // what changed, and where from
		"grow-50", "hire-1000", "pause-at-agi", "trust-up", // the default's levers
		"timelines.agi",                                        // the tornado
		"on_track", "late_safe", "late_power", "late_takeover", // the breakdown
		"ontrack report -o " + path,
	} {
		if !strings.Contains(words, want) {
			t.Errorf("the report does not say %q", want)
		}
	}
}

func TestReportUsage(t *testing.T) {
	for _, args := range [][]string{
		{"report"},
		{"report", "-o", "x.html", "--format", "json"},
		{"report", "-o", "x.html", "--tornado-n", "-1"},
		{"report", "-o", filepath.Join(t.TempDir(), "x.html"), "--set", "nonsense=1"},
	} {
		if _, _, code := ontrack(t, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	// A directory that does not exist: an error, and no file.
	dir := filepath.Join(t.TempDir(), "missing")
	if _, _, code := ontrack(t, "report", "-n", "200", "--tornado-n", "50", "--fan-n", "50", "-o", filepath.Join(dir, "r.html")); code == 0 {
		t.Error("writing into a missing directory succeeded")
	}
}

func TestReportStdout(t *testing.T) {
	out, stderr, code := ontrack(t, "report", "-n", "500", "--tornado-n", "100", "--fan-n", "200", "-o", "-", "--preset", "olah-scale")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.Contains(out, "olah-scale") {
		t.Errorf("-o - did not write the report to standard output:\n%.300s", out)
	}
}
