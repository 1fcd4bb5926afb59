package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ontrack/internal/store"
	"ontrack/internal/web"
)

// The page in a real browser: Debian's chromium driven by chromedp. The
// tests skip where there is no chromium, or where this looks like an
// emulator (arm64 under qemu-user, where the test binary cannot start
// itself); CI installs chromium on amd64 (.ci/run), and there they run.
// ONTRACK_SCREENSHOTS=DIR keeps the screenshots they take; otherwise they
// go to the test's temporary directory.

// browser returns a chromedp context on a fresh headless chromium.
func browser(t *testing.T) context.Context {
	t.Helper()
	if err := canRunSelf(); err != nil {
		t.Skipf("no browser under an emulator (the test binary cannot start itself): %v", err)
	}
	path := os.Getenv("ONTRACK_CHROMIUM")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path != "" {
			break
		}
		path, _ = exec.LookPath(name)
	}
	if path == "" {
		if os.Getenv("CI") != "" && os.Getenv("GOARCH") == "" {
			t.Fatal("CI must run the browser tests: .ci/run installs chromium")
		}
		t.Skip("no chromium on PATH (ONTRACK_CHROMIUM names one)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root
		chromedp.WindowSize(1400, 1000),
		chromedp.Flag("lang", "en-US"),
	)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(alloc)
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatal(err)
	}
	return ctx
}

// pageServer is the server on a real store, recording the worlds of each
// /api/view it is asked for.
type pageServer struct {
	URL       string
	mu        sync.Mutex
	views     []int
	abandoned int // /api/view requests whose client left before the answer
}

func newPageServer(t *testing.T) *pageServer {
	st, err := store.Open(filepath.Join(t.TempDir(), "ontrack.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := web.New(web.Config{Store: st})
	ps := &pageServer{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/view" {
			body, _ := io.ReadAll(r.Body)
			var b web.Body
			json.Unmarshal(body, &b)
			ps.mu.Lock()
			if b.N != nil {
				ps.views = append(ps.views, *b.N)
			}
			ps.mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(body))
			h.ServeHTTP(w, r)
			if r.Context().Err() != nil {
				ps.mu.Lock()
				ps.abandoned++
				ps.mu.Unlock()
			}
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	ps.URL = ts.URL
	return ps
}

// do runs browser actions with a deadline, failing the test on an error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitRuns waits until the page has finished more than n full runs.
func waitRuns(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	_, err := chromedp.Run(c, chromedp.Poll[chromedp.Void](fmt.Sprintf(`Number(document.body.dataset.runs || 0) > %d && document.body.dataset.state === 'done'`, n),
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		status := eval[string](t, ctx, `document.body.dataset.runs + ' ' + document.body.dataset.state + ': ' + document.querySelector('#status').textContent + ' / ' + document.querySelector('#yaml-error').textContent`)
		t.Fatalf("waiting for run %d: %v; the page says %s", n+1, err, status)
	}
}

func runs(t *testing.T, ctx context.Context) int {
	return int(eval[float64](t, ctx, `Number(document.body.dataset.runs || 0)`))
}

// screenshot saves the whole page as it stands under name.png, and what
// the window shows of it under name-window.png.
func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	eval[bool](t, ctx, `(() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); return true })()`)
	shoot(t, ctx, dir, name, chromedp.FullScreenshot(100))
	shoot(t, ctx, dir, name+"-window", chromedp.CaptureScreenshot())
}

func shoot(t *testing.T, ctx context.Context, dir, name string, a chromedp.Action[[]byte]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	png, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", path)
}

func screenshotDir(t *testing.T) string {
	if d := os.Getenv("ONTRACK_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// headline is the page's P(on track), as its data element holds it, and
// as it shows it.
func headline(t *testing.T, ctx context.Context) (value, shown string) {
	t.Helper()
	v := eval[[]string](t, ctx, `[document.querySelector('#p-on-track').value, document.querySelector('#p-on-track').textContent]`)
	return v[0], v[1]
}

// commandHeadline is `ontrack run -f scenario.yaml -n N --format json`'s
// p_on_track and its standard error, for the page's scenario text.
func commandHeadline(t *testing.T, yaml string, n int) (p, se float64) {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile(web.ScenarioFile, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"run", "-f", web.ScenarioFile, "-n", fmt.Sprint(n), "--format", "json"}, nil, &out, &errb); err != nil {
		t.Fatalf("the command: %v", err)
	}
	var r struct {
		P  float64 `json:"p_on_track"`
		SE float64 `json:"p_on_track_stderr"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	return r.P, r.SE
}

// setField types text into a key parameter's field, as a person would,
// and leaves it.
func setField(t *testing.T, ctx context.Context, path, text string) {
	t.Helper()
	sel := chromedp.CSS(`[id="f-` + path + `"]`)
	eval[bool](t, ctx, `(() => { const e = document.getElementById('f-`+path+`'); e.focus(); e.select(); return true })()`)
	do(t, ctx, "typing into "+path,
		chromedp.SendKeys(sel, text),
		chromedp.SendKeys(sel, "\t"),
	)
}

func TestBrowserPage(t *testing.T) {
	ctx := browser(t)
	srv := newPageServer(t)
	shots := screenshotDir(t)
	const n = 20_000

	// Load the page: it runs the default scenario at once, a quick answer
	// first, then the full count.
	do(t, ctx, "loading the page", chromedp.Navigate(srv.URL+"/"))
	waitRuns(t, ctx, 0)
	srv.mu.Lock()
	first := append([]int(nil), srv.views...)
	srv.mu.Unlock()
	if len(first) < 2 || first[0] != 2000 || first[1] != 100_000 {
		t.Errorf("the page asked for %v worlds: want a quick 2,000, then 100,000", first)
	}
	screenshot(t, ctx, shots, "default")

	// Fewer worlds, for speed; then field.growth = 50%.
	k := runs(t, ctx)
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector('#n'); e.value = '%d'; e.dispatchEvent(new Event('change')); return true })()`, n))
	waitRuns(t, ctx, k)
	k = runs(t, ctx)
	setField(t, ctx, "field.growth", "50%")
	waitRuns(t, ctx, k)
	yaml := eval[string](t, ctx, `document.querySelector('#yaml').value`)
	if !strings.Contains(yaml, "field:\n  growth: 50%\n") {
		t.Errorf("the field did not write the YAML:\n%s", yaml)
	}
	if marked := eval[bool](t, ctx, `!document.querySelector('[data-path="field.growth"] .mark').hidden`); !marked {
		t.Error("field.growth is not marked as changed")
	}
	// The headline is the command's, for the same scenario.
	value, shown := headline(t, ctx)
	p, se := commandHeadline(t, yaml, n)
	if value != fmt.Sprint(p) || shown != fmt.Sprintf("%.3f ± %.3f", p, se) {
		t.Errorf("the page says %s (%q); the command says %v ± %v", value, shown, p, se)
	}
	screenshot(t, ctx, shots, "growth-50")

	// A bad distribution: its line:col message appears at the field.
	setField(t, ctx, "field.growth", "gamma(1, 2)")
	do(t, ctx, "waiting for the error", chromedp.Poll[chromedp.Void](
		`!document.querySelector('[id="e-field.growth"]').hidden`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	yaml = eval[string](t, ctx, `document.querySelector('#yaml').value`)
	line := 1 + strings.Count(yaml[:strings.Index(yaml, "  growth: gamma")], "\n")
	msg := eval[string](t, ctx, `document.querySelector('[id="e-field.growth"]').textContent`)
	want := fmt.Sprintf(`scenario.yaml:%d:11: field.growth: unknown distribution "gamma"`, line)
	if !strings.Contains(msg, want) {
		t.Errorf("the field's message is %q, want it to hold %q", msg, want)
	}
	if ye := eval[string](t, ctx, `document.querySelector('#yaml-error').textContent`); !strings.Contains(ye, fmt.Sprintf("line %d, column 11", line)) {
		t.Errorf("the editor's message is %q", ye)
	}
	screenshot(t, ctx, shots, "error")

	// A change while a run is under way cancels it: with 1,000,000 worlds
	// the full run of 40% is still going when 45% is typed (on 20,000
	// again).
	k = runs(t, ctx)
	eval[bool](t, ctx, `(() => { const e = document.querySelector('#n'); e.value = '1000000'; return true })()`)
	setField(t, ctx, "field.growth", "40%")
	do(t, ctx, "waiting for the quick answer", chromedp.Poll[chromedp.Void](`document.querySelector('#status').textContent.startsWith('A first answer')`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	// Change it only once the full run has reached the server: a change
	// before that cancels a request the server never saw, which a loaded
	// machine (the race detector in CI) made happen.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		srv.mu.Lock()
		sent := len(srv.views) > 0 && srv.views[len(srv.views)-1] == 1_000_000
		srv.mu.Unlock()
		if sent {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the full run of 1,000,000 worlds never reached the server")
		}
	}
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector('#n'); e.value = '%d'; return true })()`, n))
	setField(t, ctx, "field.growth", "45%")
	waitRuns(t, ctx, k)
	// The stale run's handler returns once its worlds see the request
	// cancelled, which may be just after the new run's answer.
	abandoned := 0
	for deadline := time.Now().Add(30 * time.Second); abandoned == 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		srv.mu.Lock()
		abandoned = srv.abandoned
		srv.mu.Unlock()
	}
	if abandoned == 0 {
		t.Error("the run of the stale change was not cancelled")
	}
	if y := eval[string](t, ctx, `document.querySelector('#yaml').value`); !strings.Contains(y, "growth: 45%") || runs(t, ctx) != k+1 {
		t.Errorf("after two quick changes: %d runs shown (want 1 more than %d), YAML\n%s", runs(t, ctx), k, y)
	}

	// Put it right, save, and open the link in a fresh browser context:
	// the same scenario and the same numbers.
	k = runs(t, ctx)
	setField(t, ctx, "field.growth", "50%")
	waitRuns(t, ctx, k)
	value, shown = headline(t, ctx)
	do(t, ctx, "saving", chromedp.Click(chromedp.CSS("#save")),
		chromedp.Poll[chromedp.Void](`!document.querySelector('#share').hidden`, chromedp.WithPollingTimeout(30*time.Second)))
	link := eval[string](t, ctx, `document.querySelector('#share-link').href`)
	if !strings.HasPrefix(link, srv.URL+"/s/") {
		t.Fatalf("the share link is %q", link)
	}
	fresh, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	// The first action on a context opens its tab, which lives as long
	// as the context of that action: give it none with a deadline.
	if err := chromedp.Do(fresh); err != nil {
		t.Fatal(err)
	}
	do(t, fresh, "opening the link", chromedp.Navigate(link))
	waitRuns(t, fresh, 0)
	value2, shown2 := headline(t, fresh)
	if value2 != value || shown2 != shown {
		t.Errorf("the link shows %s (%s), the page showed %s (%s)", value2, shown2, value, shown)
	}
	if y2 := eval[string](t, fresh, `document.querySelector('#yaml').value`); y2 != yaml[:strings.Index(yaml, "gamma")]+"50%"+yaml[strings.Index(yaml, "gamma")+len("gamma(1, 2)"):] {
		t.Errorf("the link's scenario:\n%s", y2)
	}
	screenshot(t, fresh, shots, "shared")
	do(t, fresh, "the list of saved scenarios", chromedp.Navigate(srv.URL+"/saved"))
	if txt := eval[string](t, fresh, `document.body.textContent`); !strings.Contains(txt, strings.TrimPrefix(link, srv.URL+"/s/")) {
		t.Errorf("the saved list lacks the link:\n%s", txt)
	}
	screenshot(t, fresh, shots, "saved")
}

// The sections below the answer call their endpoints and show what they
// answer: worldviews pooled, levers and sensitivity with their charts, a
// goal-seek, a sweep and a conditional forecast.
func TestBrowserSections(t *testing.T) {
	ctx := browser(t)
	srv := newPageServer(t)
	shots := screenshotDir(t)
	do(t, ctx, "loading the page", chromedp.Navigate(srv.URL+"/"))
	waitRuns(t, ctx, 0)
	k := runs(t, ctx)
	eval[bool](t, ctx, `(() => { const e = document.querySelector('#n'); e.value = '5000'; e.dispatchEvent(new Event('change')); return true })()`)
	waitRuns(t, ctx, k)
	wait := func(what, js string) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 120*time.Second)
		defer cancel()
		if _, err := chromedp.Run(c, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(120*time.Second))); err != nil {
			t.Fatalf("%s: %v; the page says %s", what, err, eval[string](t, ctx, `document.querySelector('#views-status').textContent + ' / ' + document.querySelector('#more-status').textContent`))
		}
	}
	// Worldviews: dearnaley 1 and century 1.
	eval[bool](t, ctx, `(() => { document.querySelector('[data-weight="century"]').value = '1'; return true })()`)
	do(t, ctx, "comparing views", chromedp.Click(chromedp.CSS("#run-views")))
	wait("the views", `Number(document.body.dataset.views || 0) > 0`)
	views := eval[string](t, ctx, `document.querySelector('#views-table').textContent`)
	if !strings.Contains(views, "dearnaley") || !strings.Contains(views, "century") || !strings.Contains(views, "pooled") {
		t.Errorf("the views table: %q", views)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#views-chart svg')`) {
		t.Error("no dot plot of the views")
	}
	if note := eval[string](t, ctx, `document.querySelector('#views-note').textContent`); !strings.Contains(note, "Disagreement share") {
		t.Errorf("the views note: %q", note)
	}
	// Why dearnaley and olah-scale differ.
	do(t, ctx, "explaining", chromedp.Click(chromedp.CSS("#explain-form button")))
	wait("the explanation", `Number(document.body.dataset.explain || 0) > 0`)
	if e := eval[string](t, ctx, `document.querySelector('#explain-table').textContent`); !strings.Contains(e, "the whole") || !eval[bool](t, ctx, `!!document.querySelector('#explain-chart svg')`) {
		t.Errorf("the explanation: %q", e)
	}
	// Levers and sensitivity, with their charts.
	do(t, ctx, "levers and sensitivity", chromedp.Click(chromedp.CSS("#run-more")))
	wait("levers and sensitivity", `Number(document.body.dataset.more || 0) > 0`)
	for _, name := range []string{"levers", "tornado", "sobol"} {
		if !eval[bool](t, ctx, `!!document.querySelector('#chart-`+name+` svg')`) {
			t.Errorf("no %s chart", name)
		}
	}
	if lv := eval[string](t, ctx, `document.querySelector('#levers').textContent`); !strings.Contains(lv, "grow-50") {
		t.Errorf("the levers table: %q", lv)
	}
	// A combination of levers.
	do(t, ctx, "combining", chromedp.Click(chromedp.CSS("#combine-form button")))
	wait("the combination", `Number(document.body.dataset.combine || 0) > 0`)
	if c := eval[string](t, ctx, `document.querySelector('#combine-table').textContent`); !strings.Contains(c, "grow-50+hire-1000") || !eval[bool](t, ctx, `!!document.querySelector('#combine-chart svg')`) {
		t.Errorf("the combination: %q", c)
	}
	// Goal-seek, a sweep and a conditional forecast.
	do(t, ctx, "solving", chromedp.Click(chromedp.CSS("#solve-form button")))
	wait("the solve", `Number(document.body.dataset.solve || 0) > 0`)
	if out := eval[string](t, ctx, `document.querySelector('#solve-out').textContent`); !strings.Contains(out, "field.growth = ") {
		t.Errorf("the solve: %q", out)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#solve-chart svg')`) {
		t.Error("no chart of the goal-seek")
	}
	do(t, ctx, "sweeping", chromedp.Click(chromedp.CSS("#sweep-form button")))
	wait("the sweep", `Number(document.body.dataset.sweep || 0) > 0`)
	if rows := eval[float64](t, ctx, `document.querySelectorAll('#sweep-table tr').length`); rows != 7 {
		t.Errorf("the sweep has %v rows, want a head and 6", rows)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#sweep-chart svg')`) {
		t.Error("no chart of the sweep")
	}
	do(t, ctx, "conditioning", chromedp.Click(chromedp.CSS("#condition-form button")))
	wait("the condition", `Number(document.body.dataset.condition || 0) > 0`)
	if c := eval[string](t, ctx, `document.querySelector('#condition-table').textContent`); !strings.Contains(c, "agi<2030") {
		t.Errorf("the condition: %q", c)
	}
	screenshot(t, ctx, shots, "sections")
	for _, id := range []string{"views", "more", "seek", "given"} {
		shoot(t, ctx, shots, "section-"+id, chromedp.Screenshot(chromedp.CSS("#"+id)))
	}
}
