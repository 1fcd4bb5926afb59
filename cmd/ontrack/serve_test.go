package main

import (
	"bufio"
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
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"ontrack/internal/fault"
	"ontrack/internal/scenario"
	"ontrack/internal/store"
	"ontrack/internal/web"
)

// The server's answers, tested against the command's for the same
// request: the API's JSON is `ontrack run --format json`'s, byte for
// byte, and its errors are the command's messages.

// apiServer is the web server on a fresh SQLite store, in this process.
func apiServer(t testing.TB, cfg web.Config) string {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "ontrack.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg.Store = st
	ts := httptest.NewServer(web.New(cfg))
	t.Cleanup(ts.Close)
	return ts.URL
}

// apiRequest turns a command line into the API's endpoint and body: run
// (with -n, --seed, --preset, --set, -f, or --mix), compare, sweep,
// solve, sensitivity, condition, explain and presets --run, with their
// flags; ok is false for anything else, a flag the API does not take, or
// text JSON cannot carry.
func apiRequest(args []string) (path string, body []byte, ok bool) {
	if len(args) == 0 {
		return "", nil, false
	}
	for _, a := range args {
		if !utf8.ValidString(a) {
			return "", nil, false // JSON carries text only
		}
	}
	cmd, args := args[0], args[1:]
	path = "/api/" + cmd
	b := map[string]any{}
	list := func(key, v string) {
		l, _ := b[key].([]string)
		b[key] = append(l, v)
	}
	view := func(side string) map[string]any {
		v, _ := b[side].(map[string]any)
		if v == nil {
			v = map[string]any{}
			b[side] = v
		}
		return v
	}
	flags := map[string][]string{
		"run": {"--mix"}, "compare": {"--only", "--combine"}, "sweep": {}, "solve": {"--vary", "--in", "--target", "--metric", "--tol"},
		"sensitivity": {"--method", "--tornado-n", "--boot"}, "condition": {"--given"}, "presets": {"--run"},
		"explain": {"--group", "--from", "--to", "--from-preset", "--to-preset", "--from-set", "--to-set"},
	}
	own, known := flags[cmd]
	if !known {
		return "", nil, false
	}
	for i := 0; i < len(args); i++ {
		f := args[i]
		if cmd == "presets" && f == "--run" {
			continue
		}
		if i+1 >= len(args) {
			return "", nil, false
		}
		v := args[i+1]
		i++
		switch {
		case f == "-n" || f == "--seed" || f == "--tornado-n" || f == "--boot" || f == "--tol":
			// A number the flag package cannot read is a mistake in
			// the command line's syntax, which JSON has its own of.
			var err error
			switch f {
			case "--seed":
				_, err = strconv.ParseUint(v, 10, 64)
			case "--tol":
				_, err = strconv.ParseFloat(v, 64)
			default:
				_, err = strconv.Atoi(v)
			}
			if err != nil || !json.Valid([]byte(v)) {
				return "", nil, false
			}
			key := map[string]string{"-n": "n", "--seed": "seed", "--tornado-n": "tornado_n", "--boot": "boot", "--tol": "tol"}[f]
			b[key] = json.RawMessage(v)
		case f == "--preset" && cmd != "presets" && cmd != "explain":
			list("presets", v)
		case f == "--set" && cmd != "presets" && cmd != "explain":
			list("set", v)
		case f == "-f" && cmd != "presets" && cmd != "explain":
			// A file over the cap (/dev/zero) is the body cap's to refuse.
			data, err := scenario.ReadFile(v)
			if err != nil || !utf8.Valid(data) {
				return "", nil, false
			}
			b["scenario"] = string(data)
		case !slices.Contains(own, f):
			return "", nil, false
		case f == "--mix":
			for c := range strings.SplitSeq(v, ",") {
				if name, _, _ := strings.Cut(c, "="); isFile(name) {
					return "", nil, false // a request names no file of the server's
				}
			}
			path, b["mix"] = "/api/mix", v
		case f == "--only":
			for o := range strings.SplitSeq(v, ",") {
				list("only", o)
			}
		case f == "--combine" || f == "--given":
			list(strings.TrimPrefix(f, "--"), v)
		case f == "--from" || f == "--to" || f == "--from-preset" || f == "--to-preset":
			if isFile(v) {
				return "", nil, false
			}
			side := strings.TrimSuffix(strings.TrimPrefix(f, "--"), "-preset")
			l, _ := view(side)["presets"].([]string)
			view(side)["presets"] = append(l, v)
		case f == "--from-set" || f == "--to-set":
			side := strings.TrimSuffix(strings.TrimPrefix(f, "--"), "-set")
			l, _ := view(side)["set"].([]string)
			view(side)["set"] = append(l, v)
		default:
			b[strings.TrimPrefix(f, "--")] = v
		}
	}
	body, err := json.Marshal(b)
	return path, body, err == nil
}

func postJSON(t testing.TB, url string, body []byte) (int, []byte) {
	t.Helper()
	res, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

// sameAsCommand checks that the API answers args (a command line) as
// `ontrack ARGS --format json` does: the same JSON byte for byte, or the
// same message with the status of its kind. A request the command refuses
// as too large may meet the server's own cap first, with its own message.
func sameAsCommand(t *testing.T, url, where string, args []string) {
	t.Helper()
	path, body, ok := apiRequest(args)
	if !ok {
		t.Fatalf("%s: %q is not a request the API takes", where, args)
	}
	var out, errb bytes.Buffer
	cmdErr := run(context.Background(), append(slices.Clone(args), "--format", "json"), strings.NewReader(""), &out, &errb)
	status, got := postJSON(t, url+path, body)
	if cmdErr == nil {
		if status != 200 || !bytes.Equal(got, out.Bytes()) {
			t.Errorf("%s: %q: %s %s answers (status %d) otherwise than the command:\n got %.400s\nwant %.400s", where, args, path, body, status, got, out.Bytes())
		}
		return
	}
	var e struct{ Error string }
	if err := json.Unmarshal(got, &e); err != nil {
		t.Errorf("%s: %q: status %d, not an error body: %.300s", where, args, status, got)
		return
	}
	want := fault.HTTPStatus(cmdErr)
	if status != want {
		t.Errorf("%s: %q: status %d, want %d (%v)", where, args, status, want, cmdErr)
	}
	if fault.KindOf(cmdErr) != fault.TooLarge && e.Error != cmdErr.Error() {
		t.Errorf("%s: %q: the API says\n  %s\nthe command says\n  %s", where, args, e.Error, cmdErr)
	}
}

// The API's run is the command's for the same request, byte for byte.
func TestServeMatchesCommand(t *testing.T) {
	url := apiServer(t, web.Config{})
	// The API calls its scenario text scenario.yaml, as the command does
	// a file of that name in the working directory.
	t.Chdir(t.TempDir())
	if err := os.WriteFile(web.ScenarioFile, []byte("name: mine\nfield:\n  growth: 30% to 50%\ntimelines:\n  agi: {p10: 2028, p50: 2031, p90: 2045}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, args := range [][]string{
		{"run", "-n", "3000"},
		{"run", "-n", "2000", "--seed", "7"},
		{"run", "-n", "1000", "--preset", "olah-scale", "--preset", "no-stacking", "--set", "field.growth=50%"},
		{"run", "-n", "1000", "-f", web.ScenarioFile, "--set", "field.fte=+1000"},
		{"run", "-n", "1000", "--preset", "samotsvety", "-f", web.ScenarioFile},
		{"run", "-n", "500", "--set", "difficulty.total=inf"},
		{"run", "-n", "1000", "--mix", "dearnaley=50%,century=30%,olah-scale=20%", "--set", "field.growth=40%"},
		{"compare", "-n", "2000"},
		{"compare", "-n", "1000", "--only", "grow-50, hire-1000", "--combine", "grow-50+hire-1000", "-f", web.ScenarioFile},
		{"sweep", "-n", "500", "--set", "field.growth=10%..60%:3", "--set", "timelines.agi=2030..2040:2"},
		{"solve", "-n", "1000", "--vary", "field.growth", "--in", "0..2", "--target", "50%"},
		{"solve", "-n", "1000", "--vary", "field.fte", "--in", "100..100000", "--target", "2", "--metric", "lead", "--tol", "10"},
		{"sensitivity", "-n", "256", "--tornado-n", "500", "--boot", "20"},
		{"sensitivity", "-n", "128", "--method", "sobol", "--boot", "10", "--preset", "olah-scale"},
		{"condition", "-n", "2000", "--given", "agi<2030", "--given", "field.growth>=30%"},
		{"explain", "-n", "500", "--from", "dearnaley", "--to", "olah-scale"},
		{"explain", "-n", "300", "--from-set", "field.growth=50%", "--to-preset", "century", "--group", "section"},
		{"presets", "--run", "-n", "500"},
	} {
		sameAsCommand(t, url, fmt.Sprint("case ", i), args)
	}
}

// Every bad-input case of the command (testdata/adversarial) that is a
// run or a validate answers through the API as the command does: the same
// message, with status 400 (413 for too large), or the same JSON.
func TestServeAdversarial(t *testing.T) {
	url := apiServer(t, web.Config{})
	dir := filepath.Join("testdata", "adversarial")
	files, err := filepath.Abs(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	suites, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	suites, err = absAll(suites)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	tried := 0
	for _, suite := range suites {
		cases, err := readCases(suite, files, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			args, ok := asRun(c.args)
			if !ok {
				continue
			}
			if _, _, ok := apiRequest(args); !ok {
				continue // a flag the API does not take, or a file JSON cannot carry
			}
			tried++
			sameAsCommand(t, url, c.where, args)
		}
	}
	t.Logf("%d of the command's adversarial cases through the API", tried)
	if tried < 100 {
		t.Errorf("only %d cases tried", tried)
	}
}

func absAll(paths []string) ([]string, error) {
	for i, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		paths[i] = a
	}
	return paths, nil
}

// asRun rewrites a case for the API: a scenario file is copied to
// scenario.yaml in the working directory (the name the API gives its
// text), validate FILE becomes run -n 1 -f FILE, and a run without -n
// runs 2,000 worlds.
func asRun(args []string) ([]string, bool) {
	if len(args) == 0 {
		return nil, false
	}
	var out []string
	switch args[0] {
	case "validate":
		if len(args) != 2 {
			return nil, false
		}
		out = []string{"run", "-n", "1", "-f", args[1]}
	case "run":
		out = slices.Clone(args)
		if !slices.Contains(out, "-n") {
			out = append([]string{"run", "-n", "2000"}, out[1:]...)
		}
	default:
		out = slices.Clone(args)
	}
	for i := 0; i+1 < len(out); i++ {
		if out[i] == "-f" {
			// A file over the cap (/dev/zero) is the body cap's to refuse.
			data, err := scenario.ReadFile(out[i+1])
			if err != nil || os.WriteFile(web.ScenarioFile, data, 0o644) != nil {
				return nil, false
			}
			out[i+1] = web.ScenarioFile
		}
	}
	return out, true
}

// Load: 32 clients, each sending 200 requests, mixed small runs, saves and
// loads of saved scenarios, all answered without an error. The latencies
// are logged (go test -v -run TestServeLoad), not asserted: they depend on
// the machine.
func TestServeLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test")
	}
	if err := canRunSelf(); err != nil {
		t.Skipf("a load test, and this looks like an emulator (the test binary cannot start itself): %v", err)
	}
	url := apiServer(t, web.Config{})
	clients, each := 32, 200
	if raceEnabled() {
		each = 20 // the race detector's run checks the same paths, at a tenth of the speed
	}
	type sample struct {
		kind string
		d    time.Duration
	}
	var mu sync.Mutex
	var samples []sample
	var errs []string
	var wg sync.WaitGroup
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var saved []string
			for i := range each {
				var kind, method, path string
				var body []byte
				switch {
				case i%4 == 1 || (i%4 == 3 && len(saved) == 0):
					kind, method, path = "save", "POST", "/api/scenarios"
					body = fmt.Appendf(nil, `{"n": 1000, "set": ["field.fte=+%d"]}`, c*each+i)
				case i%4 == 3:
					kind, method, path = "load", "GET", "/api/scenarios/"+saved[i%len(saved)]
				default:
					kind, method, path = "run", "POST", "/api/run"
					body = fmt.Appendf(nil, `{"n": %d, "seed": %d, "set": ["field.growth=%d%%"]}`, 200+i%5*100, i, 10+c)
				}
				req, _ := http.NewRequest(method, url+path, bytes.NewReader(body))
				t0 := time.Now()
				res, err := client.Do(req)
				var b []byte
				if err == nil {
					b, err = io.ReadAll(res.Body)
					res.Body.Close()
				}
				d := time.Since(t0)
				mu.Lock()
				switch {
				case err != nil:
					errs = append(errs, fmt.Sprintf("%s %s: %v", method, path, err))
				case res.StatusCode >= 300:
					errs = append(errs, fmt.Sprintf("%s %s: %d %.200s", method, path, res.StatusCode, b))
				}
				samples = append(samples, sample{kind, d})
				mu.Unlock()
				if kind == "save" && err == nil && res.StatusCode == 201 {
					var a struct{ ID string }
					json.Unmarshal(b, &a)
					saved = append(saved, a.ID)
				}
			}
		}()
	}
	wg.Wait()
	total := time.Since(start)
	if len(errs) > 0 {
		t.Errorf("%d errors of %d requests; the first: %s", len(errs), len(samples), errs[0])
	}
	by := map[string][]time.Duration{}
	for _, s := range samples {
		by[s.kind] = append(by[s.kind], s.d)
		by["all"] = append(by["all"], s.d)
	}
	for _, k := range []string{"all", "run", "save", "load"} {
		ds := by[k]
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
		t.Logf("%-4s %5d requests: p50 %v, p99 %v, max %v", k, len(ds), q(0.5).Round(10*time.Microsecond), q(0.99).Round(10*time.Microsecond), ds[len(ds)-1].Round(time.Millisecond))
	}
	t.Logf("%d clients x %d requests in %v, %d errors", clients, each, total.Round(time.Millisecond), len(errs))
}

// Crash: the server killed with SIGKILL in the middle of a burst of saves
// loses no save it acknowledged, and the database passes SQLite's
// integrity check.
func TestServeCrash(t *testing.T) {
	db := filepath.Join(t.TempDir(), "crash.db")
	cmd, url := startServe(t, db)
	var mu sync.Mutex
	acked := map[string]string{} // id -> body
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body := fmt.Sprintf(`{"n":1000,"seed":%d,"set":["field.fte=+%d"]}`, w, i)
				res, err := http.Post(url+"/api/scenarios", "application/json", strings.NewReader(body))
				if err != nil {
					continue // the server is gone: not acknowledged
				}
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != 201 {
					continue
				}
				var a struct{ ID string }
				if json.Unmarshal(b, &a) == nil {
					mu.Lock()
					acked[a.ID] = body
					mu.Unlock()
				}
			}
		}()
	}
	// Kill once the burst is well under way.
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 150 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL, or TerminateProcess on Windows
		t.Fatal(err)
	}
	cmd.Wait()
	close(stop)
	wg.Wait()
	if len(acked) == 0 {
		t.Fatal("no save was acknowledged before the kill")
	}
	// Restart: every acknowledged save is there, as it was saved.
	cmd2, url2 := startServe(t, db)
	for id, body := range acked {
		res, err := http.Get(url2 + "/api/scenarios/" + id)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var want, got web.Body
		json.Unmarshal([]byte(body), &want)
		if res.StatusCode != 200 || json.Unmarshal(b, &got) != nil || fmt.Sprint(got.Set) != fmt.Sprint(want.Set) {
			t.Errorf("acknowledged save %s: %d %s", id, res.StatusCode, b)
		}
	}
	if cmd2.Process.Signal(syscall.SIGTERM) != nil { // Windows has no SIGTERM to send
		cmd2.Process.Kill()
	}
	cmd2.Wait()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Check(context.Background()); err != nil {
		t.Error(err)
	}
	all, _ := st.List(context.Background(), store.MaxList)
	t.Logf("%d saves acknowledged before SIGKILL, %d in the database after", len(acked), len(all))
}

// startServe starts `ontrack serve` as a process on a free port and
// returns it with its URL.
func startServe(t *testing.T, db string) (*exec.Cmd, string) {
	t.Helper()
	cmd := child(t, "", "serve", "--addr", "127.0.0.1:0", "--db", db)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stderr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve said nothing: %v", err)
	}
	go io.Copy(io.Discard, stderr)
	_, rest, ok := strings.Cut(line, "serving ")
	url, _, _ := strings.Cut(rest, " ")
	if !ok || !strings.HasPrefix(url, "http://") {
		t.Fatalf("serve's first line: %q", line)
	}
	return cmd, strings.TrimSuffix(url, "/")
}
