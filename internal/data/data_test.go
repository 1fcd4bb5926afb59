package data

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// Every row of every data set cites known sources and says how sure it is.
func TestRowsSourced(t *testing.T) {
	keys, err := Sources()
	if err != nil {
		t.Fatal(err)
	}
	sets, err := All()
	if err != nil {
		t.Fatal(err)
	}
	statuses := []string{"confirmed", "secondary", "derived", "judgement", "unknown"}
	for _, s := range sets {
		if s.Name == "sources" {
			continue
		}
		for i, ks := range s.SourceKeys() {
			if len(ks) == 0 {
				t.Errorf("%s row %d: no source key", s.Name, i+2)
			}
			for _, k := range ks {
				if !keys[k] {
					t.Errorf("%s row %d: source key %q is not in sources.csv", s.Name, i+2, k)
				}
			}
			for st := range strings.SplitSeq(s.Status(i), ";") {
				found := false
				for _, ok := range statuses {
					found = found || strings.TrimSpace(st) == ok
				}
				if !found {
					t.Errorf("%s row %d: status %q is not one of %v", s.Name, i+2, s.Status(i), statuses)
				}
			}
			if len(s.Rows[i]) != len(s.Header) {
				t.Errorf("%s row %d: %d fields for %d columns", s.Name, i+2, len(s.Rows[i]), len(s.Header))
			}
		}
	}
}

// The weighted fit on a series that is exactly exponential recovers the
// rate and gives the closed-form integral F/b.
func TestFitExact(t *testing.T) {
	f := &FieldFit{}
	for _, y := range []float64{2010, 2014, 2019, 2025} {
		f.Points = append(f.Points, Point{Year: y, FTE: 700 * math.Exp(0.2*(y-FitYear)), SDLog: 0.1 + (y-2010)/100})
	}
	f.solve()
	if math.Abs(f.B-0.2) > 1e-12 || math.Abs(f.FTE.Mid-700) > 1e-9 || math.Abs(f.Effort.Mid-3500) > 1e-8 {
		t.Errorf("b %v, F %v, E %v; want 0.2, 700, 3500", f.B, f.FTE.Mid, f.Effort.Mid)
	}
	if f.Scale != 1 || f.Chi2 > 1e-20 {
		t.Errorf("a perfect fit has chi2 %v and scale %v", f.Chi2, f.Scale)
	}
}

// The standard error of the slope is the textbook one for known errors:
// with equal errors s it is s / sqrt(sum (x - mean)^2).
func TestFitSE(t *testing.T) {
	f := &FieldFit{}
	for i, y := range []float64{2016, 2018, 2020, 2022, 2024} {
		noise := []float64{0.01, -0.01, 0.02, -0.02, 0}[i]
		f.Points = append(f.Points, Point{Year: y, FTE: math.Exp(5 + 0.25*(y-2016) + noise), SDLog: 0.2})
	}
	f.solve()
	if want := 0.2 / math.Sqrt(40); math.Abs(f.SEB-want) > 1e-12 {
		t.Errorf("SE(b) %v, want %v", f.SEB, want)
	}
	// The growth interval is exp(b +- 1.645 SE) - 1.
	if lo := math.Exp(f.B-1.6448536269514722*f.SEB) - 1; math.Abs(lo-f.Growth.Lo) > 1e-12 {
		t.Errorf("growth low %v, want %v", f.Growth.Lo, lo)
	}
}

// The between-method term: tau^2 is the sample variance of ln(1+g) over
// the published estimates and the fit's own slope, added to the slope's
// variance; the growth quantile is Student's t with the Welch-Satterthwaite
// degrees of freedom.
func TestMethodTerm(t *testing.T) {
	f := &FieldFit{}
	for _, y := range []float64{2016, 2020, 2025} {
		f.Points = append(f.Points, Point{Year: y, FTE: 500 * math.Exp(0.2*(y-FitYear)), SDLog: 0.2})
	}
	// ln(1+g) = 0.1 and 0.3 around the fit's 0.2: variance (0.01+0+0.01)/2.
	f.Estimates = []Estimate{{Growth: math.Expm1(0.1)}, {Growth: math.Expm1(0.3)}}
	f.solve()
	if math.Abs(f.Tau-0.1) > 1e-12 {
		t.Errorf("tau %v, want 0.1", f.Tau)
	}
	v := f.SEB*f.SEB + 0.01
	if math.Abs(f.SEBTotal-math.Sqrt(v)) > 1e-12 {
		t.Errorf("SE total %v, want %v", f.SEBTotal, math.Sqrt(v))
	}
	if nu := v * v * 2 / 1e-4; math.Abs(f.DFGrowth-nu) > 1e-9*nu {
		t.Errorf("growth df %v, want %v", f.DFGrowth, nu)
	}
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: f.DFGrowth}.Quantile(0.95)
	if lo := math.Expm1(0.2 - q*math.Sqrt(v)); math.Abs(lo-f.Growth.Lo) > 1e-12 {
		t.Errorf("growth low %v, want %v", f.Growth.Lo, lo)
	}
	// The method term turns the line about FitYear: the field's size now
	// keeps the least-squares interval.
	if hi := 500 * math.Exp(z90*f.SEA); math.Abs(hi-f.FTE.Hi) > 1e-9 {
		t.Errorf("FTE high %v, want %v", f.FTE.Hi, hi)
	}
	// Without estimates there is no term and the quantile is the normal one.
	f.Estimates = nil
	f.solve()
	if f.Tau != 0 || !math.IsInf(f.DFGrowth, 1) || f.SEBTotal != f.SEB {
		t.Errorf("no estimates: tau %v, df %v, SE %v vs %v", f.Tau, f.DFGrowth, f.SEBTotal, f.SEB)
	}
}

// With an estimated part that is a vanishing share of the variance the
// degrees of freedom grow without bound and t becomes the normal quantile.
func TestQuantileLimit(t *testing.T) {
	var nu float64
	if q := quantile90(1, 1e-6, 5, &nu); q != z90 || nu < 1e12 {
		t.Errorf("quantile %v (df %v), want %v", q, nu, z90)
	}
	if q := quantile90(1, 1e-3, 5, &nu); math.Abs(q-z90) > 1e-6 || math.Abs(nu-5e6) > 1e-3 {
		t.Errorf("quantile %v (df %v), want %v", q, nu, z90)
	}
	// All of the variance estimated: t with the estimate's own df.
	if q, want := quantile90(2, 2, 4, &nu), 2.131846786326649; nu != 4 || math.Abs(q-want) > 1e-9 {
		t.Errorf("quantile %v (df %v), want %v with 4 df", q, nu, want)
	}
}

// The embedded fit is honest about the published estimates it is compared
// with: every one (McAleese's 21%, Kidd's 25% and 28%, Dearnaley's 20%, the
// organisations' 24%) lies inside the growth interval, whose centre stays
// the fit's own slope.
func TestGrowthCoversPublished(t *testing.T) {
	f, err := Fit()
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Estimates) < 2 {
		t.Fatalf("%d published estimates; the method term needs at least 2", len(f.Estimates))
	}
	for _, e := range f.Estimates {
		if e.Growth < f.Growth.Lo || e.Growth > f.Growth.Hi {
			t.Errorf("%s %.0f%% lies outside the fit's %s", e.Name, 100*e.Growth, f.GrowthText())
		}
	}
	if mid := math.Expm1(f.B); math.Abs(f.Growth.Mid-mid) > 1e-12 {
		t.Errorf("growth centre %v, want the fit's e^b - 1 = %v", f.Growth.Mid, mid)
	}
}

func TestSig2(t *testing.T) {
	for v, want := range map[float64]string{2822.586: "2800", 973.5: "970", 125000: "130000", 0.0451: "0.045", 3500000: "3500000"} {
		if got := sig2(v); got != want {
			t.Errorf("sig2(%v) = %s, want %s", v, got, want)
		}
	}
}

func TestClasses(t *testing.T) {
	cs, err := Classes()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range cs {
		got[c.Name] = c.Text()
	}
	// Read off projects.csv by hand: the least low and the greatest high over
	// rows with in_class=yes (the Pfizer-BioNTech row, in_class=no, would
	// make the steam-engine low 5000).
	want := map[string]string{"apollo": "130000 to 3500000", "steam-engine": "20000 to 150000"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("class %s: %q, want %q", k, got[k], v)
		}
	}
	for _, c := range cs {
		for _, p := range c.Projects {
			if p == "Pfizer-BioNTech vaccine" || strings.HasPrefix(p, "NASA workforce") {
				t.Errorf("class %s counts %q, which has in_class=no", c.Name, p)
			}
		}
	}
}

func TestGetUnknown(t *testing.T) {
	if _, err := Get("nope"); err == nil || !strings.Contains(err.Error(), "field") {
		t.Errorf("want an error listing the data sets, got %v", err)
	}
}
