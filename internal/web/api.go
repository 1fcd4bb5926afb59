package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"ontrack/internal/analysis"
	"ontrack/internal/budget"
	"ontrack/internal/chart"
	"ontrack/internal/fault"
	"ontrack/internal/job"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

// apiError is the body of every error answer: the message the command
// prints, and where the mistake is (a scenario file's line and column, a
// --set override, the request body) and the parameter it concerns, each
// empty or zero where it does not apply.
type apiError struct {
	Error string `json:"error"`
	File  string `json:"file"`
	Line  int    `json:"line"`
	Col   int    `json:"col"`
	Path  string `json:"path"`
}

// errorOf is err's answer: its HTTP status (fault.HTTPStatus) and body.
func errorOf(err error) (int, apiError) {
	e := apiError{Error: err.Error()}
	var se *scenario.Error
	var be *BodyError
	switch {
	case errors.As(err, &se):
		e.File, e.Line, e.Col, e.Path = se.Pos.File, se.Pos.Line, se.Pos.Col, se.Path
	case errors.As(err, &be):
		e.File, e.Line, e.Col, e.Path = "request body", be.Line, be.Col, be.Path
	}
	return fault.HTTPStatus(err), e
}

func writeError(w http.ResponseWriter, status int, e apiError) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, status, e)
}

func writeErr(w http.ResponseWriter, err error) {
	status, e := errorOf(err)
	writeError(w, status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// decode reads the request's body into v, capped at MaxBody, and answers
// the request itself when it cannot.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	err := Decode(http.MaxBytesReader(w, r.Body, MaxBody), v)
	if err != nil {
		writeErr(w, err)
		return false
	}
	return true
}

// errBusy is the answer when every run slot stays taken.
var errBusy = fault.Errorf(fault.Cancelled, "the server is busy: try again in a second")

// acquire takes a run slot, waiting up to cfg.Wait behind at most
// cfg.Queue others, and returns its release.
func (s *Server) acquire(ctx context.Context) (func(), error) {
	select {
	case s.slots <- struct{}{}:
	default:
		if s.waiting.Add(1) > int64(s.cfg.Queue) {
			s.waiting.Add(-1)
			return nil, errBusy
		}
		t := time.NewTimer(s.cfg.Wait)
		defer t.Stop()
		select {
		case s.slots <- struct{}{}:
			s.waiting.Add(-1)
		case <-t.C:
			s.waiting.Add(-1)
			return nil, errBusy
		case <-ctx.Done():
			s.waiting.Add(-1)
			return nil, ctx.Err()
		}
	}
	s.running.Add(1)
	return func() { s.running.Add(-1); <-s.slots }, nil
}

// env is the job environment of one request: its share of the memory
// budget and a start check that refuses more worlds than MaxWorlds or an
// estimate over MaxSeconds.
func (s *Server) env() job.Env {
	mem := s.cfg.Budget()
	mem.Bytes /= int64(s.cfg.MaxRuns)
	return job.Env{Mem: mem, Start: func(c analysis.Cost) error { return s.checkCost(c) }}
}

func (s *Server) checkCost(c analysis.Cost) error {
	if c.Worlds > float64(s.cfg.MaxWorlds) {
		return fault.Errorf(fault.TooLarge, "this request runs %s worlds in all; the server runs at most %s a request: lower n",
			budget.Count(int64(min(c.Worlds, 1e18))), budget.Count(int64(s.cfg.MaxWorlds)))
	}
	if secs := c.Seconds(runtime.GOMAXPROCS(0)); secs > s.cfg.MaxSeconds {
		return fault.Errorf(fault.TooLarge, "this request would take about %.0f s here (%s worlds); the server allows %.0f s a request: lower n",
			secs, budget.Count(int64(min(c.Worlds, 1e18))), s.cfg.MaxSeconds)
	}
	return nil
}

// checkN refuses n worlds a unit (an arm, a grid point) below 1 or above MaxWorlds
// before the scenario is even built.
func (s *Server) checkN(req job.Request) error {
	if err := req.Check(); err != nil {
		return err
	}
	if req.N > s.cfg.MaxWorlds {
		return fault.Errorf(fault.TooLarge, "n %d: the server runs at most %s worlds a request", req.N, budget.Count(int64(s.cfg.MaxWorlds)))
	}
	return nil
}

// slot checks req's size and takes a run slot for r, with the server's
// deadline on top of the client's; done gives both back. When it cannot,
// it has written the error and ok is false.
func (s *Server) slot(w http.ResponseWriter, r *http.Request, req job.Request) (ctx context.Context, done func(), ok bool) {
	if err := s.checkN(req); err != nil {
		writeErr(w, err)
		return nil, nil, false
	}
	release, err := s.acquire(r.Context())
	if err != nil {
		writeErr(w, err)
		return nil, nil, false
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	return ctx, func() { cancel(); release() }, true
}

// analyse runs one analysis in a run slot, cancelled when the client goes
// away or after cfg.Timeout, and writes its report as the command's
// --format json.
func (s *Server) analyse(w http.ResponseWriter, r *http.Request, req job.Request, f func(context.Context, job.Env) (report.Report, error)) {
	ctx, done, ok := s.slot(w, r, req)
	if !ok {
		return
	}
	defer done()
	rep, err := f(ctx, s.env())
	if err != nil {
		writeErr(w, err)
		return
	}
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		writeErr(w, err)
		return
	}
	// ?chart=1 (the page's) wraps the report with its chart, for a report
	// that draws one (a mixture's views, a sweep).
	if c, ok := rep.(interface{ Chart() []byte }); ok && r.URL.Query().Get("chart") == "1" {
		writeJSON(w, http.StatusOK, charted{Report: b.Bytes(), Chart: string(chart.Inline(c.Chart()))})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b.Bytes())
}

// charted is a report with its chart, as SVG for inline HTML.
type charted struct {
	Report json.RawMessage `json:"report"`
	Chart  string          `json:"chart"`
}

// apiRun is POST /api/run: `ontrack run --format json`.
func (s *Server) apiRun(w http.ResponseWriter, r *http.Request) {
	var b Body
	if !decode(w, r, &b) {
		return
	}
	req := b.request(job.RunN)
	s.analyse(w, r, req, func(ctx context.Context, env job.Env) (report.Report, error) {
		return job.Run(ctx, env, job.RunRequest{Request: req})
	})
}

// apiWorlds is POST /api/worlds: `ontrack run --format csv`, one row per
// world, streamed.
func (s *Server) apiWorlds(w http.ResponseWriter, r *http.Request) {
	var b Body
	if !decode(w, r, &b) {
		return
	}
	req := b.request(job.RunN)
	if err := s.checkN(req); err != nil {
		writeErr(w, err)
		return
	}
	sc, err := req.Scenario.Build()
	if err != nil {
		writeErr(w, err)
		return
	}
	pl, err := scenario.Compile(sc)
	if err != nil {
		writeErr(w, err)
		return
	}
	if err := s.checkCost(analysis.Estimate([]*scenario.Plan{pl}, req.Seed, float64(req.N), 0)); err != nil {
		writeErr(w, err)
		return
	}
	release, err := s.acquire(r.Context())
	if err != nil {
		writeErr(w, err)
		return
	}
	defer release()
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="worlds.csv"`)
	// Once the first row is out the status is sent: an error after it
	// (the client gone) can only cut the stream short.
	_ = report.WriteWorldsCSV(ctx, w, pl, req.Seed, req.N)
}

// saveBody is what POST /api/scenarios takes: the body, and the id of the
// saved scenario it was edited from.
type saveBody struct {
	Body
	Parent string `json:"parent,omitempty"`
}

// saveAnswer is what POST /api/scenarios returns.
type saveAnswer struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// apiSave is POST /api/scenarios: check the request builds, then save its
// canonical JSON.
func (s *Server) apiSave(w http.ResponseWriter, r *http.Request) {
	var b saveBody
	if !decode(w, r, &b) {
		return
	}
	if s.cfg.Store == nil {
		writeError(w, http.StatusNotImplemented, apiError{Error: "this server keeps no saved scenarios"})
		return
	}
	req := b.request(job.RunN)
	if err := s.checkN(req); err != nil {
		writeErr(w, err)
		return
	}
	if _, err := req.Scenario.Build(); err != nil {
		writeErr(w, err)
		return
	}
	data, err := b.Body.canonical()
	if err != nil {
		writeErr(w, err)
		return
	}
	// SQLite takes one writer at a time and makes the others back off
	// and retry with growing sleeps: under 32 clients that put a save's
	// p99 at 5.6 s. Queued here instead, they take turns in milliseconds.
	s.saveMu.Lock()
	id, err := s.cfg.Store.Save(r.Context(), data, b.Parent)
	s.saveMu.Unlock()
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, saveAnswer{ID: id, URL: "/s/" + id})
}

// validID says whether id could be a saved scenario's: short, and
// letters, digits, - and _ only.
func validID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range []byte(id) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// load returns the saved scenario id, or an error answer.
func (s *Server) load(ctx context.Context, id string) (*Saved, int, error) {
	if s.cfg.Store == nil {
		return nil, http.StatusNotImplemented, errors.New("this server keeps no saved scenarios")
	}
	if !validID(id) {
		return nil, http.StatusNotFound, fmt.Errorf("scenario %q: no saved scenario has that id", id)
	}
	sv, err := s.cfg.Store.Get(ctx, id)
	if err != nil {
		return nil, fault.HTTPStatus(err), err
	}
	return sv, http.StatusOK, nil
}

// apiGet is GET /api/scenarios/{id}: the saved request, exactly as saved,
// which any endpoint takes back.
func (s *Server) apiGet(w http.ResponseWriter, r *http.Request) {
	sv, status, err := s.load(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, status, apiError{Error: err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	if sv.Parent != "" {
		w.Header().Set("Ontrack-Parent", sv.Parent)
	}
	w.Write(sv.Request)
}

// listed is one saved scenario in GET /api/scenarios.
type listed struct {
	ID      string    `json:"id"`
	Parent  string    `json:"parent"`
	Created time.Time `json:"created"`
	URL     string    `json:"url"`
}

// apiList is GET /api/scenarios[?limit=N]: the newest saved scenarios.
func (s *Server) apiList(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Store == nil {
		writeError(w, http.StatusNotImplemented, apiError{Error: "this server keeps no saved scenarios"})
		return
	}
	limit, err := listLimit(r)
	if err != nil {
		writeErr(w, err)
		return
	}
	svs, err := s.cfg.Store.List(r.Context(), limit)
	if err != nil {
		writeErr(w, err)
		return
	}
	out := []listed{}
	for _, sv := range svs {
		out = append(out, listed{sv.ID, sv.Parent, sv.Created.UTC(), "/s/" + sv.ID})
	}
	writeJSON(w, http.StatusOK, out)
}

// listLimit reads ?limit=, 1 to 1000, default 100.
func listLimit(r *http.Request) (int, error) {
	q := r.URL.Query().Get("limit")
	if q == "" {
		return 100, nil
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 || n > 1000 {
		return 0, fault.Errorf(fault.Invalid, "limit %q: expected a whole number from 1 to 1000", q)
	}
	return n, nil
}
