// Package fastmath is exp and log for the code that calls them most: the
// model's panels, about 100 a world, its closed forms and set-up, and the
// draws of lognormal parameters. On amd64 math.Exp reduces its argument by 16 and squares
// four times and math.Log divides: each takes some 25 ns before its result
// is ready, and about 7 ns of the processor's time even when many are in
// flight. These use a table and a short polynomial, for about half of
// that, and are good to two units in the last place (TestFastMath), which
// no result of the model can see; outside the range they serve, they hand
// over to the math package. Like math, it imports nothing of ours.
package fastmath

import "math"

const (
	expBits = 8
	expN    = 1 << expBits
	logBits = 7
	logN    = 1 << logBits
)

// ln 2 in two parts (fdlibm's), the first with 32 significant bits, so
// that k ln2Hi is exact for |k| < 2^21.
const (
	ln2Hi = 0x1.62e42feep-1
	ln2Lo = 0x1.a39ef35793c76p-33
)

// expTab[i] is the bits of 2^(i/expN), less i shifted to where the bits
// of k = expN e + i land, so that adding k's gives 2^e 2^(i/expN).
var expTab = func() (t [expN]uint64) {
	for i := range t {
		t[i] = math.Float64bits(math.Exp2(float64(i)/expN)) - uint64(i)<<(52-expBits)
	}
	return t
}()

// Exp is e^x: x = k ln2/expN + r with |r| <= ln2/(2 expN), and e^r by
// its Taylor series to r^4 (the next term is below 4e-17).
func Exp(x float64) float64 {
	if !(math.Abs(x) <= 700) {
		return math.Exp(x)
	}
	return exp(x)
}

// exp is Exp for |x| <= 700.
func exp(v float64) float64 {
	const (
		invLn2N = expN / math.Ln2
		ln2HiN  = ln2Hi / expN
		ln2LoN  = ln2Lo / expN
		shift   = 0x1.8p52 // adding it rounds to an integer in the low bits
	)
	kd := v*invLn2N + shift
	ki := math.Float64bits(kd)
	kd -= shift
	r := v - kd*ln2HiN - kd*ln2LoN
	scale := math.Float64frombits(expTab[ki%expN] + ki<<(52-expBits))
	r2 := r * r
	return scale + scale*(r+r2*(0.5+r*(1.0/6)+r2*(1.0/24)))
}

// Exps sets dst[i] to Exp(x[i]) for each i (dst may be x): one call for
// many, with the arithmetic in the loop.
func Exps(dst, x []float64) {
	dst = dst[:len(x)]
	for i, v := range x {
		if !(math.Abs(v) <= 700) {
			dst[i] = math.Exp(v)
			continue
		}
		dst[i] = exp(v)
	}
}

// logInvC[i] is 1/c rounded, for c = 1 + i/logN, and logC[i] is -ln of
// that rounded value, so that m (1/c) - 1 is small and
// ln m = logC[i] + ln(1 + that). At i = 0 both are exact (1 and 0), so that
// ln y is good to its last place near y = 1 too.
var logInvC, logC = func() (inv, lc [logN + 1]float64) {
	for i := range inv {
		inv[i] = 1 / (1 + float64(i)/logN)
		lc[i] = -math.Log(inv[i])
	}
	return inv, lc
}()

// Log is ln y for y > 0: y = 2^e m with m in [1, 2), c the nearest
// 1 + i/logN to m, m/c = 1 + r with |r| <= 1/(2 logN), and ln(1 + r) by
// its series to r^7 (the next term is below 1e-20).
func Log(y float64) float64 {
	const mant = 1<<52 - 1
	if !(y >= 0x1p-1000 && y <= 0x1p1000) {
		return math.Log(y)
	}
	b := math.Float64bits(y)
	e := float64(int64(b>>52) - 1023)
	k := (b&mant + 1<<(51-logBits)) >> (52 - logBits) // m's nearest 1 + k/logN
	m := math.Float64frombits(b&mant | 0x3ff<<52)
	r := m*logInvC[k] - 1
	r2 := r * r
	r4 := r2 * r2
	p := r - r2*0.5 + r2*r*(1.0/3-r*0.25) + r4*r*(0.2-r*(1.0/6)+r2*(1.0/7))
	return e*ln2Hi + (e*ln2Lo + logC[k] + p)
}

// Logs sets dst[i] to Log(y[i]) for each i (dst may be y).
func Logs(dst, y []float64) {
	dst = dst[:len(y)]
	for i, v := range y {
		dst[i] = Log(v)
	}
}
