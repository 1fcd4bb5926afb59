package scenario

import (
	"errors"
	"strings"
	"testing"
)

// A request builds what the command's steps build, in the same order, with
// the same name and origins.
func TestRequestBuild(t *testing.T) {
	file := NamedText{Name: "my.yaml", Text: []byte("name: mine\nfield:\n  growth: 30% to 50%\n")}
	s, err := Request{Presets: []string{"olah-scale", "no-stacking"}, Files: []NamedText{file},
		Sets: []string{"timelines.agi=2031", "field.fte=+1000"}}.Build()
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	for _, p := range []string{"olah-scale", "no-stacking"} {
		if err := want.ApplyPreset(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := want.Overlay("my.yaml", file.Text); err != nil {
		t.Fatal(err)
	}
	for _, kv := range []string{"timelines.agi=2031", "field.fte=+1000"} {
		path, v, _ := strings.Cut(kv, "=")
		if err := want.Set(path, v, "--set "+kv); err != nil {
			t.Fatal(err)
		}
	}
	if s.Name != "olah-scale+no-stacking+mine" {
		t.Errorf("name %q, want olah-scale+no-stacking+mine", s.Name)
	}
	got, exp := s.Changes(), want.Changes()
	if len(got) != len(exp) {
		t.Fatalf("%d changes, want %d", len(got), len(exp))
	}
	for i := range got {
		if got[i] != exp[i] {
			t.Errorf("change %d: %+v, want %+v", i, got[i], exp[i])
		}
	}
	for _, c := range got {
		if c.Path == "field.growth" && c.Origin.String() != "my.yaml:3:11" {
			t.Errorf("field.growth from %s, want my.yaml:3:11", c.Origin)
		}
		if c.Path == "field.fte" && (c.Origin.String() != "--set field.fte=+1000" || !strings.HasSuffix(c.Text, " +1000")) {
			t.Errorf("field.fte: %q from %s", c.Text, c.Origin)
		}
	}

	for _, c := range []struct {
		r    Request
		want string
	}{
		{Request{Presets: []string{"olah-scal"}}, `--preset: no preset "olah-scal"; did you mean "olah-scale"?`},
		{Request{Files: []NamedText{{"bad.yaml", []byte("field:\n  growth: 30% to\n")}}}, "bad.yaml:2:"},
		{Request{Sets: []string{"field.growth"}}, "--set field.growth: expected PATH=VALUE"},
		{Request{Sets: []string{"field.grwoth=3"}}, "--set field.grwoth=3: field.grwoth: unknown parameter (did you mean field.growth?)"},
	} {
		_, err := c.r.Build()
		var e *Error
		if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want a scenario error starting %q", c.r, err, c.want)
		}
	}
}
