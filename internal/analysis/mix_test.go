package analysis

import (
	"reflect"
	"strings"
	"testing"

	"ontrack/internal/fault"
)

// Weights are typed as the scenario syntax types numbers: 50% is 0.5.
func TestParseMix(t *testing.T) {
	got, err := ParseMix("dearnaley=50%, century=0.3,views/mine.yaml=2e-1")
	if err != nil {
		t.Fatal(err)
	}
	want := []Component{{"dearnaley", 0.5}, {"century", 0.3}, {"views/mine.yaml", 0.2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseMix = %v, want %v", got, want)
	}
	for _, c := range []struct{ in, want string }{
		{"dearnaley", "expected NAME=WEIGHT"},
		{"=1,=2", "expected NAME=WEIGHT"},
		{"dearnaley=1", "at least two components"},
		{"a=1,a=1", "a appears twice"},
		{"a=0,b=1", `the weight "0" must be a positive number`},
		{"a=-50%,b=1", `the weight "-50%" must be a positive number`},
		{"a=nan,b=1", `the weight "nan"`},
		{"a=inf,b=1", `the weight "inf"`},
		{"a=1e309,b=1", `the weight "1e309"`},
		{"a=1 to 2,b=1", `the weight "1 to 2"`},
	} {
		_, err := ParseMix(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) || fault.KindOf(err) != fault.Invalid {
			t.Errorf("ParseMix(%q): %v; want invalid input containing %q", c.in, err, c.want)
		}
	}
}
