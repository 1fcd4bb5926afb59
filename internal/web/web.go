// Package web is ontrack's HTTP front end: a JSON API whose every answer is
// the command's --format json for the same request, byte for byte, and a
// page that edits a scenario and answers at once, with charts, saved
// scenarios and share links.
//
// The server is built to stay up whatever arrives: request bodies are
// capped, every request's worlds are capped and checked against the
// memory budget before anything is allocated, at most a few analyses run
// at once (the rest wait briefly, then get 503 with Retry-After), a run
// stops when its client goes away, and nothing in a request names a file
// on the server. The page is html/template with its script and style
// served as files under a Content-Security-Policy that allows nothing
// inline.
//
// web knows saved scenarios only through the Store interface; the command
// wires it to internal/store.
package web

import (
	"context"
	"errors"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"ontrack/internal/budget"
	"ontrack/internal/store"
)

// Saved is a saved request: its content-derived id, the id of the
// scenario it was edited from (or ""), the request's canonical JSON and
// when it was first saved. It is the store's type, so that *store.Store is
// a Store as it is.
type Saved = store.Saved

// Store keeps saved requests, immutably, under ids derived from their
// content: saving the same bytes again gives the same id. Get's error for
// an id it does not hold is of kind fault.NotFound; Save's for a parent
// that names nothing is fault.Invalid.
type Store interface {
	Save(ctx context.Context, request []byte, parent string) (id string, err error)
	Get(ctx context.Context, id string) (*Saved, error)
	List(ctx context.Context, limit int) ([]Saved, error)
}

// Config sets the server's limits; a zero field takes the default named
// beside it.
type Config struct {
	Store Store
	// MaxWorlds caps the worlds one request may run, over all its arms,
	// grid points or design (default 2,000,000); n above it is refused
	// before anything is built.
	MaxWorlds int
	// MaxSeconds caps a request's estimated time on this machine
	// (default 60).
	MaxSeconds float64
	// MaxRuns is how many analyses run at once (default the number of
	// CPUs, at least 2); each gets that share of the memory budget.
	MaxRuns int
	// Queue is how many requests may wait for a run slot (default 64),
	// and Wait how long each waits (default 10 s), before a 503.
	Queue int
	Wait  time.Duration
	// Timeout ends any one analysis (default 2 minutes).
	Timeout time.Duration
	// Budget reads the process's memory budget (default budget.Read).
	Budget func() budget.Memory
	// Loopback, when the server listens on loopback only, refuses a
	// request whose Host is not a loopback name (localhost, 127.0.0.1,
	// [::1]): a web page whose domain an attacker points at 127.0.0.1
	// (DNS rebinding) cannot reach it.
	Loopback bool
}

// MaxBody caps a request body: a scenario file may be at most
// scenario.MaxFileBytes, and the JSON around it little more.
const MaxBody = 1 << 20

// Server is the HTTP handler.
type Server struct {
	cfg     Config
	mux     *http.ServeMux
	csrf    http.Handler
	slots   chan struct{}
	waiting atomic.Int64
	running atomic.Int64
	saveMu  sync.Mutex
	page    *template.Template
	list    *template.Template
	static  fs.FS
}

// New returns a server with cfg's limits.
func New(cfg Config) *Server {
	if cfg.MaxWorlds <= 0 {
		cfg.MaxWorlds = 2_000_000
	}
	if cfg.MaxSeconds <= 0 {
		cfg.MaxSeconds = 60
	}
	if cfg.MaxRuns <= 0 {
		cfg.MaxRuns = max(2, runtime.NumCPU())
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 64
	}
	if cfg.Wait <= 0 {
		cfg.Wait = 10 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 2 * time.Minute
	}
	if cfg.Budget == nil {
		cfg.Budget = budget.Read
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), slots: make(chan struct{}, cfg.MaxRuns)}
	s.templates()
	s.routes()
	// A page on another origin may not make the browser post to this
	// one (Sec-Fetch-Site, Origin); curl and other clients send neither.
	s.csrf = http.NewCrossOriginProtection().Handler(s.mux)
	return s
}

// postOnly are the endpoints that take a body, by name under /api/.
var postOnly = map[string]bool{"run": true, "view": true, "worlds": true, "compare": true, "sweep": true, "solve": true,
	"sensitivity": true, "condition": true, "mix": true, "presets": true, "explain": true, "report": true, "report.html": true, "seek": true}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("POST /api/run", s.apiRun)
	m.HandleFunc("POST /api/view", s.apiView)
	m.HandleFunc("POST /api/worlds", s.apiWorlds)
	s.analysisRoutes()
	m.HandleFunc("POST /api/report", s.apiReport)
	m.HandleFunc("POST /api/report.html", s.apiReportHTML)
	m.HandleFunc("POST /api/seek", s.apiSeek)
	m.HandleFunc("POST /api/scenarios", s.apiSave)
	m.HandleFunc("GET /api/scenarios", s.apiList)
	m.HandleFunc("GET /api/scenarios/{id}", s.apiGet)
	m.HandleFunc("GET /{$}", s.index)
	m.HandleFunc("GET /s/{id}", s.shared)
	m.HandleFunc("GET /saved", s.savedList)
	m.Handle("GET /static/", http.StripPrefix("/static/", s.staticHandler()))
	// Anything else under /api/ answers in JSON too: 405 for a known
	// endpoint asked with the wrong method, else 404.
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") && (postOnly[strings.TrimPrefix(r.URL.Path, "/api/")] || r.URL.Path == "/api/scenarios") {
			allow := "POST"
			if r.URL.Path == "/api/scenarios" {
				allow = "GET, POST"
			}
			w.Header().Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, apiError{Error: r.Method + " " + r.URL.Path + ": use " + allow})
			return
		}
		writeError(w, http.StatusNotFound, apiError{Error: "no such endpoint: " + r.Method + " " + r.URL.Path})
	})
}

// csp allows the page its own script, style and charts and nothing else:
// no inline script or style, no other origin, no frames, no plugins.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// ServeHTTP sets the security headers on every answer, then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.cfg.Loopback && !loopbackHost(r.Host) {
		writeError(w, http.StatusMisdirectedRequest, apiError{Error: "this server answers only to localhost, 127.0.0.1 and [::1]"})
		return
	}
	s.csrf.ServeHTTP(w, r)
}

// loopbackHost says whether a Host header names this machine's loopback.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Running is the number of analyses running now.
func (s *Server) Running() int { return int(s.running.Load()) }

// Serve serves h on ln until ctx is done, then stops taking requests and
// gives those running five seconds to finish; their runs see ctx
// cancelled and stop.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}
