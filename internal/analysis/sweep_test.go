package analysis

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"ontrack/internal/fault"
)

func TestParseAxis(t *testing.T) {
	ax, ok, err := ParseAxis("field.growth=10%..50%:5")
	if !ok || err != nil || ax.Path != "field.growth" || len(ax.Values) != 5 {
		t.Fatalf("%+v %v %v", ax, ok, err)
	}
	// Within a rounding (a machine may fuse the multiply-add).
	for i, want := range []float64{0.1, 0.2, 0.3, 0.4, 0.5} {
		if math.Abs(ax.Values[i]-want) > 1e-15 {
			t.Errorf("value %d is %v, want %v", i, ax.Values[i], want)
		}
	}
	if _, ok, err := ParseAxis("field.growth=50%"); ok || err != nil {
		t.Errorf("a plain value is not an axis: %v %v", ok, err)
	}
	for kv, want := range map[string]string{
		"field.growth=0.1..0.5":   "no :STEPS",
		"field.growth=0.1..0.5:1": "from 2 to 1000",
		"field.growth=a..0.5:3":   "is not a number",
		"field.growth=0..inf:3":   "is infinite",
	} {
		if _, ok, err := ParseAxis(kv); !ok || err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v %v, want an error with %q", kv, ok, err, want)
		}
	}
	// The ends are exact even near the largest float.
	ax, _, _ = ParseAxis("field.cap=-1e308..1e308:3")
	if ax.Values[0] != -1e308 || ax.Values[2] != 1e308 {
		t.Errorf("%v", ax.Values)
	}
}

func TestGrid(t *testing.T) {
	g := Grid([]Axis{{"a", []float64{1, 2}}, {"b", []float64{10, 20, 30}}})
	want := [][]float64{{1, 10}, {1, 20}, {1, 30}, {2, 10}, {2, 20}, {2, 30}}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("%v, want %v (the first axis slowest)", g, want)
	}
}

func TestAxes(t *testing.T) {
	axes, rest, err := Axes([]string{"field.fte=+100", "field.growth=10%..30%:3", "timelines.agi=2030..2040:2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(axes) != 2 || axes[0].Path != "field.growth" || len(axes[0].Values) != 3 || axes[1].Path != "timelines.agi" {
		t.Errorf("axes %+v", axes)
	}
	if len(rest) != 1 || rest[0] != "field.fte=+100" {
		t.Errorf("the other overrides: %q", rest)
	}
	for _, sets := range [][]string{
		{"field.fte=+100"},
		{"a=1..2:2", "b=1..2:2", "c=1..2:2"},
		{"field.growth=1..2"},
	} {
		if _, _, err := Axes(sets); err == nil || fault.KindOf(err) != fault.Invalid {
			t.Errorf("Axes(%q): %v; want invalid input", sets, err)
		}
	}
}
