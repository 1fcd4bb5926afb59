package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"ontrack/internal/chart"
	"ontrack/internal/job"
	"ontrack/internal/report"
)

// ReportBody is POST /api/report and /api/report.html: ontrack report's
// request, each size as its flag of that name.
type ReportBody struct {
	Body
	TornadoN *int `json:"tornado_n,omitempty"`
	FanN     *int `json:"fan_n,omitempty"`
	SobolN   *int `json:"sobol_n,omitempty"`
	Boot     *int `json:"boot,omitempty"`
}

func (b *ReportBody) request() job.ReportRequest {
	return job.ReportRequest{
		Request:  b.Body.request(job.ReportN),
		TornadoN: or(b.TornadoN, job.ReportTornadoN), FanN: or(b.FanN, job.ReportFanN),
		SobolN: or(b.SobolN, job.ReportSobolN), Boot: or(b.Boot, job.SensitivityBoot),
		Command: "ontrack report (the same request through ontrack serve)",
	}
}

// More is what the page's levers and sensitivity sections show: the
// report's levers, tornado and Sobol indices (each null where there are
// none) and their charts, as SVG for inline HTML.
type More struct {
	Compare  *report.Compare   `json:"compare"`
	Tornado  *report.Tornado   `json:"tornado"`
	Sobol    *report.Sobol     `json:"sobol"`
	SobolTop []report.Index    `json:"sobol_top"`
	Charts   map[string]string `json:"charts"`
}

// report runs ontrack report's analyses for b in a run slot. With
// ?progress=1 the answer is a stream of JSON lines: {"done", "total",
// "phase"} about four times a second while it runs, then {"result": More}
// or {"error": ...}; an error before the first line is an ordinary error
// answer.
func (s *Server) report(w http.ResponseWriter, r *http.Request) (*report.Page, bool) {
	var b ReportBody
	if !decode(w, r, &b) {
		return nil, false
	}
	req := b.request()
	if err := s.checkN(req.Request); err != nil {
		writeErr(w, err)
		return nil, false
	}
	release, err := s.acquire(r.Context())
	if err != nil {
		writeErr(w, err)
		return nil, false
	}
	defer release()
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	env := s.env()
	if r.URL.Query().Get("progress") != "1" {
		p, err := job.Report(ctx, env, req)
		if err != nil {
			writeErr(w, err)
			return nil, false
		}
		return p, true
	}
	var done, total, phase atomic.Int64
	env.Progress = &done
	env.Phase = func(t int64) { total.Store(t); phase.Add(1) }
	type result struct {
		p   *report.Page
		err error
	}
	res := make(chan result, 1)
	go func() {
		p, err := job.Report(ctx, env, req)
		res <- result{p, err}
	}()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	streaming := false
	enc := json.NewEncoder(w)
	for {
		select {
		case x := <-res:
			switch {
			case x.err != nil && !streaming:
				writeErr(w, x.err)
			case x.err != nil:
				_, e := errorOf(x.err)
				enc.Encode(struct {
					Error apiError `json:"error"`
				}{e})
			default:
				if !streaming {
					w.Header().Set("Content-Type", "application/x-ndjson")
				}
				enc.Encode(struct {
					Result *More `json:"result"`
				}{more(x.p)})
			}
			return nil, false
		case <-tick.C:
			if !streaming {
				w.Header().Set("Content-Type", "application/x-ndjson")
				streaming = true
			}
			// Between phases the count may still be the last phase's.
			t := total.Load()
			enc.Encode(progress{Done: min(done.Load(), t), Total: t, Phase: phase.Load()})
			if f, ok := w.(http.Flusher); ok {
				f.Flush()
			}
		}
	}
}

// progress is a line of a streamed answer: the worlds done of the
// current phase's total, and which phase (1, 2, ...) it is.
type progress struct {
	Done  int64 `json:"done"`
	Total int64 `json:"total"`
	Phase int64 `json:"phase"`
}

// more is the page's sections of p.
func more(p *report.Page) *More {
	m := &More{Compare: p.Compare, Tornado: p.Tornado, Sobol: p.Sobol, SobolTop: p.SobolTop, Charts: map[string]string{}}
	for _, name := range []string{"levers", "cost", "tornado", "sobol"} {
		if c, ok := p.Charts[name]; ok {
			m.Charts[name] = string(c)
		}
	}
	return m
}

// apiReport is POST /api/report: the levers, the tornado and the Sobol
// indices of ontrack report, with their charts, for the page; with
// ?progress=1, streamed with its progress (report).
func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) {
	p, ok := s.report(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, more(p))
}

// apiReportHTML is POST /api/report.html: ontrack report's page, one
// self-contained HTML file, as a download.
func (s *Server) apiReportHTML(w http.ResponseWriter, r *http.Request) {
	p, ok := s.report(w, r)
	if !ok {
		return
	}
	var b bytes.Buffer
	if err := p.WriteHTML(&b); err != nil {
		writeErr(w, err)
		return
	}
	name := strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			return c
		}
		return '-'
	}, p.Run.Scenario)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="ontrack-`+name+`.html"`)
	// The report has its own inline style and no script: its policy is
	// its own.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	w.Write(b.Bytes())
}

// SeekSteps is how many points the goal-seek's sweep draws its line
// through.
const SeekSteps = 9

// seekAnswer is POST /api/seek's answer: the solve and a sweep over its
// range, each as its endpoint writes it, and the sweep's chart with the
// target and the answer drawn in.
type seekAnswer struct {
	Solve json.RawMessage `json:"solve"`
	Sweep json.RawMessage `json:"sweep"`
	Chart string          `json:"chart"`
}

// apiSeek is POST /api/seek, the page's goal-seek: ontrack solve, then
// ontrack sweep of the same parameter over the same range on the same
// worlds, drawn together.
func (s *Server) apiSeek(w http.ResponseWriter, r *http.Request) {
	var b SolveBody
	if !decode(w, r, &b) {
		return
	}
	req := b.Body.request(job.SolveN)
	ctx, done, ok := s.slot(w, r, req)
	if !ok {
		return
	}
	defer done()
	sol, err := job.Solve(ctx, s.env(), job.SolveRequest{Request: req, Vary: b.Vary, In: b.In, Target: b.Target, Metric: orS(b.Metric, "p"), Tol: b.Tol})
	if err != nil {
		writeErr(w, err)
		return
	}
	axis := fmt.Sprintf("%s=%s..%s:%d", sol.Vary, strconv.FormatFloat(float64(sol.RangeLo), 'g', -1, 64),
		strconv.FormatFloat(float64(sol.RangeHi), 'g', -1, 64), SeekSteps)
	sw, err := job.Sweep(ctx, s.env(), job.SweepRequest{Request: req, Axes: []string{axis}})
	if err != nil {
		writeErr(w, err)
		return
	}
	var a seekAnswer
	var buf bytes.Buffer
	if err := sol.WriteJSON(&buf); err != nil {
		writeErr(w, err)
		return
	}
	a.Solve = append(json.RawMessage(nil), buf.Bytes()...)
	buf.Reset()
	if err := sw.WriteJSON(&buf); err != nil {
		writeErr(w, err)
		return
	}
	a.Sweep = buf.Bytes()
	a.Chart = string(chart.Inline(sw.ChartSolved(sol)))
	writeJSON(w, http.StatusOK, a)
}
