package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"ontrack/internal/analysis"
	"ontrack/internal/budget"
	"ontrack/internal/fault"
	"ontrack/internal/job"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

// memStore is a Store in memory, named by content as the real one is.
type memStore struct {
	mu   sync.Mutex
	m    map[string]Saved
	keys []string
}

func newMemStore() *memStore { return &memStore{m: map[string]Saved{}} }

func (s *memStore) Save(_ context.Context, req []byte, parent string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[parent]; parent != "" && !ok {
		return "", fault.Errorf(fault.Invalid, "parent %q: no saved scenario has that id", parent)
	}
	sum := sha256.Sum256(req)
	id := hex.EncodeToString(sum[:8])
	if _, ok := s.m[id]; !ok {
		s.m[id] = Saved{ID: id, Parent: parent, Request: append([]byte(nil), req...), Created: time.Now()}
		s.keys = append(s.keys, id)
	}
	return id, nil
}

func (s *memStore) Get(_ context.Context, id string) (*Saved, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sv, ok := s.m[id]
	if !ok {
		return nil, fault.Errorf(fault.NotFound, "scenario %q: no saved scenario has that id", id)
	}
	return &sv, nil
}

func (s *memStore) List(_ context.Context, limit int) ([]Saved, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Saved
	for i := len(s.keys) - 1; i >= 0 && len(out) < limit; i-- {
		out = append(out, s.m[s.keys[i]])
	}
	return out, nil
}

func newServer(t *testing.T, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	if cfg.Store == nil {
		cfg.Store = newMemStore()
	}
	s := New(cfg)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func post(t *testing.T, url, body string) (int, http.Header, []byte) {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

func get(t *testing.T, url string) (int, http.Header, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

// runJSON is the JSON job.Run writes for req: what `ontrack run --format
// json` prints (cmd/ontrack's TestServeMatchesCommand checks that too).
func runJSON(t *testing.T, req job.Request) []byte {
	t.Helper()
	r, err := job.Run(context.Background(), job.Env{Mem: budget.Read()}, job.RunRequest{Request: req})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const myView = "name: my-view\nfield:\n  growth: 30% to 50%\nresearch:\n  lambda: beta(4, 2)\n"

// The API's run is the library's, byte for byte, for the same request;
// omitted fields take the command's defaults.
func TestRunMatchesJob(t *testing.T) {
	_, ts := newServer(t, Config{})
	file := []scenario.NamedText{{Name: ScenarioFile, Text: []byte(myView)}}
	for _, c := range []struct {
		body string
		req  job.Request
	}{
		{`{"n": 2000}`, job.Request{N: 2000, Seed: 20260101}},
		{`{"n": 1500, "seed": 7}`, job.Request{N: 1500, Seed: 7}},
		{`{"n": 1000, "presets": ["olah-scale", "no-stacking"]}`, job.Request{Scenario: scenario.Request{Presets: []string{"olah-scale", "no-stacking"}}, N: 1000, Seed: 20260101}},
		{`{"n": 1000, "set": ["field.growth=50%", "field.fte=+1000"]}`, job.Request{Scenario: scenario.Request{Sets: []string{"field.growth=50%", "field.fte=+1000"}}, N: 1000, Seed: 20260101}},
		{fmt.Sprintf(`{"n": 1000, "scenario": %q, "set": ["timelines.agi=2031"]}`, myView), job.Request{Scenario: scenario.Request{Files: file, Sets: []string{"timelines.agi=2031"}}, N: 1000, Seed: 20260101}},
	} {
		status, h, got := post(t, ts.URL+"/api/run", c.body)
		if status != 200 {
			t.Errorf("%s: status %d: %s", c.body, status, got)
			continue
		}
		if ct := h.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", c.body, ct)
		}
		if want := runJSON(t, c.req); !bytes.Equal(got, want) {
			t.Errorf("%s: the API's JSON differs from job.Run's:\n got %.300s\nwant %.300s", c.body, got, want)
		}
	}
}

// The page's view carries the same run as /api/run, and its charts.
func TestViewCarriesTheRun(t *testing.T) {
	_, ts := newServer(t, Config{})
	body := fmt.Sprintf(`{"n": 3000, "scenario": %q}`, myView)
	_, _, run := post(t, ts.URL+"/api/run", body)
	status, _, b := post(t, ts.URL+"/api/view", body)
	if status != 200 {
		t.Fatalf("status %d: %s", status, b)
	}
	var v View
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var want, got any
	json.Unmarshal(run, &want)
	json.Unmarshal(v.Run, &got)
	if fmt.Sprint(want) != fmt.Sprint(got) {
		t.Errorf("the view's run differs from /api/run's")
	}
	for _, name := range []string{"race", "lead", "fan", "outcomes"} {
		if !strings.HasPrefix(v.Charts[name], "<svg ") {
			t.Errorf("chart %s: %.60q", name, v.Charts[name])
		}
	}
	if v.FanN != 3000 || len(v.Outcomes) != 4 || !strings.Contains(v.Sentence, "3,000 simulated worlds") {
		t.Errorf("fan %d, %d outcomes, sentence %q", v.FanN, len(v.Outcomes), v.Sentence)
	}
	changed := map[string]FieldValue{}
	for _, f := range v.Fields {
		changed[f.Path] = f
	}
	if f := changed["field.growth"]; !f.Changed || f.Value != "30% to 50%" || f.Origin != "scenario.yaml:3:11" || f.Default != "18% to 41%" {
		t.Errorf("field.growth: %+v", f)
	}
	if f := changed["field.fte"]; f.Changed || f.Value != f.Default || f.Status != "derived" {
		t.Errorf("field.fte: %+v", f)
	}
}

// Bad input is a 400 (413 for too much) whose body says what and where.
func TestBadInput(t *testing.T) {
	_, ts := newServer(t, Config{MaxWorlds: 200_000})
	for _, c := range []struct {
		body   string
		status int
		want   apiError // Error is a fragment
	}{
		{`{"scenario": "field:\n  growth: gamma(1, 2)\n"}`, 400, apiError{Error: `scenario.yaml:2:11: field.growth: unknown distribution "gamma"`, File: "scenario.yaml", Line: 2, Col: 11, Path: "field.growth"}},
		{`{"scenario": "feild:\n  growth: 5%\n"}`, 400, apiError{Error: "scenario.yaml:1:1: feild: unknown parameter", File: "scenario.yaml", Line: 1, Col: 1, Path: "feild"}},
		{`{"scenario": "a: [1\n"}`, 400, apiError{Error: "scenario.yaml:", File: "scenario.yaml", Line: 1}},
		{`{"set": ["field.growth=-1"]}`, 400, apiError{Error: `"-1" is outside the allowed range (-1, 10]`, File: "--set field.growth=-1", Path: "field.growth"}},
		{`{"set": ["nonsense"]}`, 400, apiError{Error: "expected PATH=VALUE", File: "--set nonsense"}},
		{`{"presets": ["nope"]}`, 400, apiError{Error: `--preset: no preset "nope"`, File: "--preset"}},
		{`{"n": 0}`, 400, apiError{Error: "the number of worlds must be at least 1"}},
		{`{"n": -5}`, 400, apiError{Error: "the number of worlds must be at least 1"}},
		{`{"n": 1.5}`, 400, apiError{Error: "request body:1:7: n: expected a whole number", File: "request body", Line: 1, Col: 7, Path: "n"}},
		{`{"n": 1e300}`, 400, apiError{Error: "request body:1:7: n: expected a whole number, got number 1e300", File: "request body", Path: "n", Line: 1, Col: 7}},
		{`{"seed": -1}`, 400, apiError{Error: "seed: expected a whole number", File: "request body", Path: "seed", Line: 1}},
		{`{"set": "field.growth=5%"}`, 400, apiError{Error: "request body:1:9: set: expected a list of strings, got string", File: "request body", Path: "set", Line: 1, Col: 9}},
		{`{"file": "/etc/passwd"}`, 400, apiError{Error: "file: unknown field", File: "request body", Path: "file"}},
		{`{"n": 10`, 400, apiError{Error: "the body ends too soon", File: "request body", Line: 1}},
		{"{\n  \"n\": 10,\n}", 400, apiError{Error: "request body:3:1: malformed JSON", File: "request body", Line: 3, Col: 1}},
		{`[1, 2]`, 400, apiError{Error: "expected", File: "request body"}},
		{`{"n": 10} {"n": 20}`, 400, apiError{Error: "unexpected data after the JSON value", File: "request body"}},
		{`{"n": 300000}`, 413, apiError{Error: "n 300000: the server runs at most 200,000 worlds a request"}},
		{`{"n": 9223372036854775807}`, 413, apiError{Error: "the server runs at most"}},
		{`{"scenario": "\u0000"}`, 400, apiError{File: "scenario.yaml"}},
	} {
		status, h, b := post(t, ts.URL+"/api/run", c.body)
		var got apiError
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("%s: not an error body: %v\n%s", c.body, err, b)
			continue
		}
		if status != c.status || h.Get("Content-Type") != "application/json" {
			t.Errorf("%s: status %d (%s), want %d", c.body, status, h.Get("Content-Type"), c.status)
		}
		w := c.want
		if !strings.Contains(got.Error, w.Error) || got.File != w.File || (w.Line != 0 && got.Line != w.Line) ||
			(w.Col != 0 && got.Col != w.Col) || got.Path != w.Path {
			t.Errorf("%s:\n got %+v\nwant %+v", c.body, got, w)
		}
	}
}

// Every endpoint that takes a body refuses fewer than one world as the
// command does, before it builds the scenario.
func TestNoWorlds(t *testing.T) {
	_, ts := newServer(t, Config{})
	for _, path := range []string{"/api/run", "/api/view", "/api/scenarios", "/api/worlds"} {
		status, _, b := post(t, ts.URL+path, `{"n": 0, "set": ["field.growth=oops"]}`)
		if status != 400 || !strings.Contains(string(b), "-n 0: the number of worlds must be at least 1") {
			t.Errorf("%s: status %d: %.200s", path, status, b)
		}
	}
}

// A body over MaxBody is refused without being read whole.
func TestBodyCap(t *testing.T) {
	_, ts := newServer(t, Config{})
	big := `{"scenario": "` + strings.Repeat("#", MaxBody) + `"}`
	for _, path := range []string{"/api/run", "/api/view", "/api/scenarios", "/api/worlds"} {
		status, _, b := post(t, ts.URL+path, big)
		if status != 413 || !strings.Contains(string(b), "over 1048576 bytes") {
			t.Errorf("%s: status %d: %.200s", path, status, b)
		}
	}
}

// When every run slot is taken and the queue is full, a request is told
// to come back: 503 with Retry-After.
func TestBusy(t *testing.T) {
	s, ts := newServer(t, Config{MaxRuns: 1, Queue: 1, Wait: 50 * time.Millisecond})
	release, err := s.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	status, h, b := post(t, ts.URL+"/api/run", `{"n": 10}`)
	if status != 503 || h.Get("Retry-After") == "" || !strings.Contains(string(b), "busy") {
		t.Errorf("a request while busy: %d, Retry-After %q: %s", status, h.Get("Retry-After"), b)
	}
	release()
	if status, _, b := post(t, ts.URL+"/api/run", `{"n": 10}`); status != 200 {
		t.Errorf("after the slot is free: %d: %.200s", status, b)
	}
}

// A run stops when its client goes away, freeing its slot.
func TestClientGoneCancels(t *testing.T) {
	s, ts := newServer(t, Config{MaxSeconds: 1e6})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/api/run", strings.NewReader(`{"n": 1000000}`))
	done := make(chan error, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for s.Running() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the run never started")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	start := time.Now()
	for s.Running() != 0 {
		if time.Since(start) > 5*time.Second {
			t.Fatal("the run went on after its client left")
		}
		time.Sleep(time.Millisecond)
	}
	t.Logf("the run stopped %v after its client left", time.Since(start))
}

// A request whose worlds (over all its parts) pass MaxWorlds, or whose
// estimate passes MaxSeconds, is refused before it runs.
func TestCostCap(t *testing.T) {
	s := New(Config{MaxWorlds: 1000, MaxSeconds: 1})
	err := s.checkCost(analysisCost(5000, time.Microsecond))
	if fault.KindOf(err) != fault.TooLarge || !strings.Contains(err.Error(), "5,000 worlds in all") {
		t.Errorf("worlds: %v", err)
	}
	err = s.checkCost(analysisCost(900, time.Hour))
	if fault.KindOf(err) != fault.TooLarge || !strings.Contains(err.Error(), "allows 1 s") {
		t.Errorf("time: %v", err)
	}
	if err := s.checkCost(analysisCost(900, time.Nanosecond)); err != nil {
		t.Errorf("a small request: %v", err)
	}
}

// Saving: the same request gets the same id whatever its form; an edit
// gets a new one that records its parent; the saved body reruns to the
// same numbers.
func TestSaveAndLoad(t *testing.T) {
	_, ts := newServer(t, Config{})
	status, _, b := post(t, ts.URL+"/api/scenarios", fmt.Sprintf(`{"scenario": %q, "n": 1000}`, myView))
	if status != 201 {
		t.Fatalf("save: %d %s", status, b)
	}
	var a saveAnswer
	json.Unmarshal(b, &a)
	if a.URL != "/s/"+a.ID {
		t.Errorf("answer %+v", a)
	}
	// The same request, written another way: fields reordered, the
	// default seed given, empty lists.
	_, _, b2 := post(t, ts.URL+"/api/scenarios", fmt.Sprintf(`{"seed": 20260101, "presets": [], "n": 1000, "set": [], "scenario": %q}`, myView))
	var a2 saveAnswer
	json.Unmarshal(b2, &a2)
	if a2.ID != a.ID {
		t.Errorf("the same request saved as %s and %s", a.ID, a2.ID)
	}
	// An edit, with its parent.
	_, _, b3 := post(t, ts.URL+"/api/scenarios", fmt.Sprintf(`{"scenario": %q, "n": 1000, "set": ["field.fte=+100"], "parent": %q}`, myView, a.ID))
	var a3 saveAnswer
	json.Unmarshal(b3, &a3)
	if a3.ID == "" || a3.ID == a.ID {
		t.Fatalf("the edit: %s", b3)
	}
	status, _, saved := get(t, ts.URL+"/api/scenarios/"+a.ID)
	if status != 200 {
		t.Fatalf("get: %d %s", status, saved)
	}
	want := fmt.Sprintf(`{"scenario":%q,"n":1000,"seed":20260101}`, myView)
	if string(saved) != want {
		t.Errorf("saved\n%s\nwant\n%s", saved, want)
	}
	// The saved request reruns to the numbers of the request itself.
	_, _, again := post(t, ts.URL+"/api/run", string(saved))
	_, _, first := post(t, ts.URL+"/api/run", fmt.Sprintf(`{"scenario": %q, "n": 1000}`, myView))
	if !bytes.Equal(again, first) {
		t.Error("the saved request runs to other numbers")
	}
	_, h, _ := get(t, ts.URL+"/api/scenarios/"+a3.ID)
	if h.Get("Ontrack-Parent") != a.ID {
		t.Errorf("the edit's parent: %q", h.Get("Ontrack-Parent"))
	}
	var list []listed
	_, _, lb := get(t, ts.URL+"/api/scenarios")
	json.Unmarshal(lb, &list)
	if len(list) != 2 || list[0].ID != a3.ID || list[0].Parent != a.ID || list[1].ID != a.ID {
		t.Errorf("list: %s", lb)
	}
	// The share link's page holds the request.
	status, _, page := get(t, ts.URL+"/s/"+a.ID)
	if status != 200 || !strings.Contains(string(page), "research:\n  lambda: beta(4, 2)") || !strings.Contains(string(page), `data-saved="`+a.ID+`"`) {
		t.Errorf("/s/%s: %d", a.ID, status)
	}
	status, _, listPage := get(t, ts.URL+"/saved")
	if status != 200 || !strings.Contains(string(listPage), "/s/"+a3.ID) || !strings.Contains(string(listPage), "my-view") {
		t.Errorf("/saved: %d\n%s", status, listPage)
	}
	for _, bad := range []string{"/api/scenarios/0000000000000000", "/api/scenarios/..%2f..%2fetc", "/s/nope", "/s/" + strings.Repeat("a", 200)} {
		if status, _, b := get(t, ts.URL+bad); status != 404 {
			t.Errorf("%s: %d %s", bad, status, b)
		}
	}
	// A parent that names nothing, and a request that does not build,
	// are not saved.
	if status, _, b := post(t, ts.URL+"/api/scenarios", `{"parent": "ffffffffffffffff"}`); status != 400 {
		t.Errorf("unknown parent: %d %s", status, b)
	}
	if status, _, b := post(t, ts.URL+"/api/scenarios", `{"set": ["field.growth=oops"]}`); status != 400 || !strings.Contains(string(b), `"path": "field.growth"`) {
		t.Errorf("a bad request: %d %s", status, b)
	}
}

// The worlds CSV is the command's, streamed.
func TestWorldsCSV(t *testing.T) {
	_, ts := newServer(t, Config{})
	status, h, got := post(t, ts.URL+"/api/worlds", `{"n": 50, "set": ["field.growth=50%"]}`)
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("%d %s", status, got)
	}
	s, err := scenario.Request{Sets: []string{"field.growth=50%"}}.Build()
	if err != nil {
		t.Fatal(err)
	}
	pl, err := scenario.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := report.WriteWorldsCSV(context.Background(), &want, pl, 20260101, 50); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("the API's worlds CSV differs from the command's")
	}
}

// Every answer carries the security headers; the page runs no inline
// script and sets no inline style, which the policy would block.
func TestPageSafety(t *testing.T) {
	_, ts := newServer(t, Config{})
	for _, path := range []string{"/", "/saved", "/static/app.js", "/static/style.css", "/api/scenarios"} {
		status, h, _ := get(t, ts.URL+path)
		if status != 200 || h.Get("Content-Security-Policy") != csp || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: %d, CSP %q", path, status, h.Get("Content-Security-Policy"))
		}
	}
	if !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe") {
		t.Errorf("policy %q", csp)
	}
	_, h, js := get(t, ts.URL+"/static/app.js")
	if ct := h.Get("Content-Type"); !strings.Contains(ct, "javascript") || !bytes.Contains(js, []byte("/api/view")) {
		t.Errorf("app.js: %q", ct)
	}
	_, _, page := get(t, ts.URL+"/")
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`<style`),
		regexp.MustCompile(`\sstyle=`),
		regexp.MustCompile(`\son[a-z]+=`),
		regexp.MustCompile(`(src|href)="[a-z]*:?//`),
	} {
		if m := bad.Find(page); m != nil {
			t.Errorf("the page has %q: inline style or script, or an outside reference", m)
		}
	}
	scripts := regexp.MustCompile(`<script[^>]*>`).FindAll(page, -1)
	if len(scripts) != 1 || string(scripts[0]) != `<script src="/static/app.js" defer>` || bytes.Contains(page, []byte("<script src=\"/static/app.js\" defer>\n")) && !bytes.Contains(page, []byte("defer></script>")) {
		t.Errorf("scripts: %q", scripts)
	}
	// Unknown API paths and wrong methods answer in JSON or 405.
	if status, _, b := get(t, ts.URL+"/api/nope"); status != 404 || !strings.Contains(string(b), `"error"`) {
		t.Errorf("/api/nope: %d %s", status, b)
	}
	if status, _, _ := get(t, ts.URL+"/api/run"); status != 405 {
		t.Errorf("GET /api/run: %d", status)
	}
	// The page's text is escaped: a saved scenario with markup shows it
	// as text.
	st := newMemStore()
	id, _ := st.Save(context.Background(), []byte(`{"scenario":"# </textarea><script>alert(1)</script>\n"}`), "")
	_, ts2 := newServer(t, Config{Store: st})
	_, _, p := get(t, ts2.URL+"/s/"+id)
	if bytes.Contains(p, []byte("<script>alert")) {
		t.Error("a saved scenario's text reached the page unescaped")
	}
}

func analysisCost(worlds float64, per time.Duration) analysis.Cost {
	return analysis.Cost{Worlds: worlds, PerWorld: per}
}

// The report's sections for the page carry the levers, the tornado and
// the Sobol indices with their charts; the HTML report downloads whole.
func TestReport(t *testing.T) {
	_, ts := newServer(t, Config{})
	body := `{"n": 2000, "tornado_n": 500, "fan_n": 500, "sobol_n": 64, "boot": 10}`
	status, _, b := post(t, ts.URL+"/api/report", body)
	if status != 200 {
		t.Fatalf("%d %s", status, b)
	}
	var m More
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Compare == nil || len(m.Compare.Arms) != 4 || m.Tornado == nil || m.Sobol == nil || len(m.SobolTop) == 0 {
		t.Errorf("sections: %.300s", b)
	}
	for _, name := range []string{"levers", "tornado", "sobol"} {
		if !strings.HasPrefix(m.Charts[name], "<svg ") {
			t.Errorf("chart %s: %.60q", name, m.Charts[name])
		}
	}
	status, h, page := post(t, ts.URL+"/api/report.html", body)
	if status != 200 || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") || !bytes.Contains(page, []byte(`id="p-on-track"`)) {
		t.Errorf("the HTML report: %d %q", status, h.Get("Content-Disposition"))
	}
	if status, _, b := post(t, ts.URL+"/api/report", `{"n": 1000, "sobol_n": -1}`); status != 400 {
		t.Errorf("a bad size: %d %s", status, b)
	}
}

// A mixture's components are presets: a request names no file.
func TestMixNamesNoFile(t *testing.T) {
	_, ts := newServer(t, Config{})
	status, _, b := post(t, ts.URL+"/api/mix", `{"mix": "dearnaley=1,/etc/passwd=1", "n": 100}`)
	if status != 400 || !strings.Contains(string(b), "nothing in a request names a file on the server") {
		t.Errorf("%d %s", status, b)
	}
	status, _, b = post(t, ts.URL+"/api/mix", `{"mix": "dearnaley=1,century=1", "n": 100}`)
	if status != 200 || !strings.Contains(string(b), `"share_between"`) {
		t.Errorf("%d %.200s", status, b)
	}
	// With its chart, for the page: the same report, and the dot plot.
	_, _, c := post(t, ts.URL+"/api/mix?chart=1", `{"mix": "dearnaley=1,century=1", "n": 100}`)
	var ch charted
	if err := json.Unmarshal(c, &ch); err != nil || !strings.HasPrefix(ch.Chart, "<svg ") || !jsonEqual(ch.Report, b) {
		t.Errorf("?chart=1: %v %.200s", err, c)
	}
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && fmt.Sprint(x) == fmt.Sprint(y)
}

// With ?progress=1 the report streams its progress, then its result; a
// mistake found before it starts is an ordinary 400.
func TestReportProgress(t *testing.T) {
	_, ts := newServer(t, Config{})
	status, h, b := post(t, ts.URL+"/api/report?progress=1", `{"n": 20000, "tornado_n": 2000, "fan_n": 2000, "sobol_n": 512, "boot": 20}`)
	if status != 200 || h.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("%d %q: %.300s", status, h.Get("Content-Type"), b)
	}
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	var last struct{ Result *More }
	if err := json.Unmarshal(lines[len(lines)-1], &last); err != nil || last.Result == nil || last.Result.Sobol == nil {
		t.Fatalf("the last line: %v %.200s", err, lines[len(lines)-1])
	}
	for _, l := range lines[:len(lines)-1] {
		var p progress
		if err := json.Unmarshal(l, &p); err != nil || p.Done < 0 || p.Total < 0 || p.Done > p.Total && p.Total > 0 {
			t.Errorf("a progress line: %s", l)
		}
	}
	t.Logf("%d progress lines", len(lines)-1)
	status, _, b = post(t, ts.URL+"/api/report?progress=1", `{"set": ["field.growth=oops"]}`)
	if status != 400 || !strings.Contains(string(b), `"path": "field.growth"`) {
		t.Errorf("a bad request: %d %s", status, b)
	}
}

// A page on another origin cannot make a browser post here, and a
// loopback server answers only to loopback names.
func TestCrossOrigin(t *testing.T) {
	_, ts := newServer(t, Config{Loopback: true})
	req, _ := http.NewRequest("POST", ts.URL+"/api/scenarios", strings.NewReader(`{"n": 10}`))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("a cross-site post: %d", res.StatusCode)
	}
	req, _ = http.NewRequest("GET", ts.URL+"/", nil)
	req.Host = "rebound.example:8080"
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("a request for another host name: %d", res.StatusCode)
	}
	for _, h := range []string{"localhost:8080", "127.0.0.1:1", "[::1]:8080", "LOCALHOST"} {
		if !loopbackHost(h) {
			t.Errorf("%s is loopback", h)
		}
	}
	for _, h := range []string{"evil.example", "10.0.0.1:80", "localhost.evil.example", ""} {
		if loopbackHost(h) {
			t.Errorf("%s is not loopback", h)
		}
	}
	// The same origin, as the page posts, is let through.
	req, _ = http.NewRequest("POST", ts.URL+"/api/scenarios", strings.NewReader(`{"n": 10}`))
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 201 {
		t.Errorf("a same-origin post: %d", res.StatusCode)
	}
}

// The page's goal-seek is the solve of /api/solve, drawn over a sweep of
// the same range with the target and the answer.
func TestSeek(t *testing.T) {
	_, ts := newServer(t, Config{})
	body := `{"n": 1000, "vary": "field.growth", "in": "0..2", "target": "50%"}`
	_, _, solve := post(t, ts.URL+"/api/solve", body)
	status, _, b := post(t, ts.URL+"/api/seek", body)
	if status != 200 {
		t.Fatalf("%d %s", status, b)
	}
	var a seekAnswer
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(a.Solve, solve) {
		t.Errorf("the seek's solve differs from /api/solve's")
	}
	var sw report.Sweep
	if err := json.Unmarshal(a.Sweep, &sw); err != nil || len(sw.Cells) != SeekSteps || sw.Axes[0].Path != "field.growth" {
		t.Errorf("the sweep: %v %.200s", err, a.Sweep)
	}
	if !strings.HasPrefix(a.Chart, "<svg ") || !strings.Contains(a.Chart, "target 0.500") {
		t.Errorf("the chart: %.200s", a.Chart)
	}
	if status, _, b := post(t, ts.URL+"/api/seek", `{"n": 100, "vary": "field.bogus", "in": "0..2", "target": "50%"}`); status != 400 {
		t.Errorf("a bad parameter: %d %s", status, b)
	}
}
