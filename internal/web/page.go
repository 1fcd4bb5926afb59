package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"ontrack/internal/budget"
	"ontrack/internal/job"
	"ontrack/internal/model"
	"ontrack/internal/report"
	"ontrack/internal/scenario"
)

//go:embed assets
var assets embed.FS

// pageData is what the page template is filled with: the request the
// editor starts from and what the page offers.
type pageData struct {
	Version  string
	Scenario string
	Presets  []presetChoice
	Set      []string
	N        int
	Seed     uint64
	SavedID  string // the saved scenario shown, if any: an edit's parent
	Fields   []fieldInfo
	Default  string
}

type presetChoice struct {
	Name, Description string
	On                bool
}

// fieldInfo describes a key parameter for its field.
type fieldInfo struct {
	Path, Section, Unit, Meaning, Range string
	Default, Source, Status             string
}

// starter is the editor's text on a fresh page.
const starter = `# Your scenario: YAML laid over the default (dearnaley).
# Set only what you disagree about; the fields write here too.
# Values are numbers or distributions: 25% to 33%, beta(4, 2),
# {p10: 2028, p50: 2033, p90: 2050}, mixture(...). ontrack params
# lists every parameter.
`

func (s *Server) templates() {
	funcs := template.FuncMap{"join": strings.Join}
	s.page = template.Must(template.New("page.html").Funcs(funcs).ParseFS(assets, "assets/page.html"))
	s.list = template.Must(template.New("saved.html").Funcs(funcs).ParseFS(assets, "assets/saved.html"))
	sub, err := fs.Sub(assets, "assets/static")
	if err != nil {
		panic(err)
	}
	s.static = sub
}

func (s *Server) staticHandler() http.Handler {
	files := http.FileServerFS(s.static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}

func newPageData(b Body) pageData {
	def := scenario.Default()
	req := b.request(job.RunN)
	d := pageData{Version: report.Version, Scenario: b.Scenario, Set: b.Set, N: req.N, Seed: req.Seed, Default: scenario.DefaultPreset}
	on := map[string]bool{}
	for _, p := range b.Presets {
		on[p] = true
	}
	for _, p := range scenario.Presets() {
		if p.Name == scenario.DefaultPreset {
			continue
		}
		d.Presets = append(d.Presets, presetChoice{p.Name, p.Description, on[p.Name]})
	}
	for _, k := range keyFields {
		fi := fieldInfo{Path: k.Path, Section: k.Section, Default: specText(def, k.Path), Source: def.Sources[k.Path]}
		fi.Status = status(fi.Source)
		for i := range model.Fields {
			if f := &model.Fields[i]; f.Path == k.Path {
				fi.Unit, fi.Meaning, fi.Range = f.Unit, f.Meaning, scenario.RangeText(f)
			}
		}
		d.Fields = append(d.Fields, fi)
	}
	return d
}

func (s *Server) render(w http.ResponseWriter, t *template.Template, data any) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

// index is GET /: the page on a fresh scenario.
func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	s.render(w, s.page, newPageData(Body{Scenario: starter}))
}

// shared is GET /s/{id}: the page on a saved scenario, which reruns it to
// the same numbers.
func (s *Server) shared(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	sv, status, err := s.load(r.Context(), id)
	if err != nil {
		http.Error(w, err.Error(), status)
		return
	}
	var b Body
	if err := Decode(bytes.NewReader(sv.Request), &b); err != nil {
		http.Error(w, "the saved scenario cannot be read: "+err.Error(), http.StatusInternalServerError)
		return
	}
	d := newPageData(b)
	d.SavedID = sv.ID
	s.render(w, s.page, d)
}

// savedRow is one saved scenario on the list page.
type savedRow struct {
	ID, Parent, Name, Presets, Changes string
	Created, N                         string
	Seed                               uint64
}

// savedList is GET /saved: the newest saved scenarios.
func (s *Server) savedList(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Store == nil {
		http.Error(w, "this server keeps no saved scenarios", http.StatusNotImplemented)
		return
	}
	limit, err := listLimit(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	svs, err := s.cfg.Store.List(r.Context(), limit)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var rows []savedRow
	for _, sv := range svs {
		var b Body
		_ = json.Unmarshal(sv.Request, &b) // saved canonical: it decodes
		req := b.request(job.RunN)
		row := savedRow{ID: sv.ID, Parent: sv.Parent, Presets: strings.Join(b.Presets, " + "),
			Created: sv.Created.UTC().Format(time.DateTime + " UTC"), N: budget.Count(int64(req.N)), Seed: req.Seed}
		row.Name, row.Changes = describe(req.Scenario)
		rows = append(rows, row)
	}
	s.render(w, s.list, struct {
		Version string
		Rows    []savedRow
	}{report.Version, rows})
}

// describe is a saved scenario's name and what it changes from the
// default, in short.
func describe(r scenario.Request) (name, changes string) {
	sc, err := r.Build()
	if err != nil {
		return "(does not build)", err.Error()
	}
	var parts []string
	for _, c := range sc.Changes() {
		if len(parts) == 4 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, c.Path+" = "+c.Text)
	}
	return sc.Name, strings.Join(parts, "; ")
}
