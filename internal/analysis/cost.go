package analysis

import (
	"fmt"
	"math"
	"strings"
	"time"

	"ontrack/internal/budget"
	"ontrack/internal/fault"
	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// What a request will take is known before it starts. Every size a user
// controls is checked against the memory budget before anything is
// allocated (the Check functions below, one per analysis), and a request
// that would run long can say so first (Cost.Notice). A command line and
// a server call the same functions; errors name each size as the command
// line spells it ("-n 40000000"), as ParseAxis does.

// CellBytes is what a sweep keeps for each grid point besides its worlds:
// the compiled plan (about 12 KB measured for the default) and a summary
// whose curve has a point for each year up to the horizon, at most 1,100.
const CellBytes = 64 << 10

// bootstrapRowTime is the seconds one bootstrap resample of the Sobol
// indices spends on one base sample and one factor, for one output (about
// 1 ns measured; 2 allows for slower machines).
const bootstrapRowTime = 2e-9

// checkN refuses x units needing fixed + per*x bytes that do not fit in
// mem; flag names the size as the user typed it, such as "-n".
func checkN(mem budget.Memory, flag string, x int, unit string, fixed, per float64) error {
	return mem.Check(fmt.Sprintf("%s %d", flag, x), x, unit, fixed, per)
}

// CheckRun checks n worlds of each of plans run together (sim.RunMany),
// with extra bytes a world besides, such as a mixture's pool
// (sim.PoolBytes).
func CheckRun(mem budget.Memory, plans []*scenario.Plan, n int, extra float64) error {
	return checkN(mem, "-n", n, "worlds", 0, sim.RunBytes(plans, 1)+extra)
}

// CheckSweep checks a sweep of base over the axes' grid, n worlds a grid
// point, before any point is built. The cells run one after another: the memory is
// every cell's plan and summary, one cell's worlds, and the garbage of the
// cell before until the collector takes it.
func CheckSweep(mem budget.Memory, base *scenario.Scenario, axes []Axis, n int) error {
	cells := 1
	for _, ax := range axes {
		cells *= len(ax.Values)
	}
	if err := mem.Check(fmt.Sprintf("a sweep of %d grid points", cells), cells, "grid points", 0, CellBytes); err != nil {
		return err
	}
	perWorld := 2 * float64(sim.BytesPerWorld(len(base.Milestones)))
	return checkN(mem, "-n", n, "worlds", float64(cells)*CellBytes, perWorld)
}

// CheckSolve checks a solve on n worlds of s. Trials run one after
// another: the memory is one trial's worlds, the lead's sorted copy, and
// the garbage of the trial before.
func CheckSolve(mem budget.Memory, s *scenario.Scenario, n int) error {
	perWorld := 2 * (float64(sim.BytesPerWorld(len(s.Milestones))) + 10)
	return checkN(mem, "-n", n, "worlds", 0, perWorld)
}

// CheckCompare checks a comparison of arms levers with s on n worlds: the
// baseline and every arm on the same worlds, and a median's scratch.
func CheckCompare(mem budget.Memory, s *scenario.Scenario, arms, n int) error {
	perWorld := float64(1+arms)*float64(sim.BytesPerWorld(len(s.Milestones))) + 10
	return checkN(mem, "-n", n, "worlds", 0, perWorld)
}

// CheckPage checks the HTML report of pl (report.Page): its run on n
// worlds, kept for the charts while the fan chart replays fanN of them
// (at most n) and the levers, arms of them, run on the same n worlds; then
// the tornado on tornadoN worlds, the run still kept; then, if sobolN is
// positive, Sobol indices on sobolN base samples with boot resamples. It
// returns the worlds all of it runs and the bootstrap's serial seconds,
// for a Cost.
func CheckPage(mem budget.Memory, pl *scenario.Plan, arms, n, fanN, tornadoN, sobolN, boot int) (worlds, serial float64, err error) {
	world := float64(sim.BytesPerWorld(len(pl.Scenario.Milestones)))
	during := 8.0 // the fan's share of a world
	if arms > 0 {
		during = max(during, float64(1+arms)*world+10)
	}
	if err := checkN(mem, "-n", n, "worlds", 0, world+during); err != nil {
		return 0, 0, err
	}
	plans := 1 + 2*(len(Factors(pl))-1) // as CheckSensitivity's tornado
	if tornadoN > 0 {
		if err := checkN(mem, "--tornado-n", tornadoN, "worlds", world*float64(n), float64(plans)*world); err != nil {
			return 0, 0, err
		}
	}
	// The fan replays each world once for every model.MaxMilestones shares.
	passes := math.Ceil((1/sim.FanStep - 1) / model.MaxMilestones)
	worlds = float64(n) + passes*float64(min(fanN, n)) + float64(tornadoN)*float64(plans)
	if arms > 0 {
		worlds += float64(n) * float64(1+arms)
	}
	if sobolN > 0 {
		w, ser, err := checkSobol(mem, len(Factors(pl)), sobolN, boot, world*float64(n), "--sobol-n")
		if err != nil {
			return 0, 0, err
		}
		worlds, serial = worlds+w, ser
	}
	return worlds, serial, nil
}

// SensitivityRequest is what a sensitivity analysis is asked for: the
// tornado on TornadoN worlds, the Sobol indices on N base samples with
// Boot bootstrap resamples, or both.
type SensitivityRequest struct {
	Tornado, Sobol bool
	N, TornadoN    int
	Boot           int
}

// NewSensitivityRequest checks what a sensitivity analysis is asked for:
// the method ("tornado", "sobol" or "both"), N base samples (at least 64),
// TornadoN worlds (at least 1) and Boot resamples (at least 10). Its
// errors are invalid input.
func NewSensitivityRequest(method string, n, tornadoN, boot int) (SensitivityRequest, error) {
	r := SensitivityRequest{Tornado: method != "sobol", Sobol: method != "tornado", N: n, TornadoN: tornadoN, Boot: boot}
	switch {
	case method != "both" && method != "tornado" && method != "sobol":
		return r, fault.Errorf(fault.Invalid, "--method %q: expected tornado, sobol or both", method)
	case n < 64:
		return r, fault.Errorf(fault.Invalid, "-n %d: Sobol indices need at least 64 base samples (the default is 16,384)", n)
	case boot < 10 || tornadoN < 1:
		return r, fault.Errorf(fault.Invalid, "--boot must be at least 10 and --tornado-n at least 1")
	}
	return r, nil
}

// CheckSensitivity checks the tornado and the Sobol design of pl, which
// run one after the other so that each must fit alone, and returns the
// worlds they run and the seconds of bootstrap on one core, for a Cost.
func CheckSensitivity(mem budget.Memory, pl *scenario.Plan, r SensitivityRequest) (worlds, serial float64, err error) {
	k := len(Factors(pl)) // the uncertain parameters and the chance events
	if r.Tornado {
		plans := 1 + 2*(k-1) // the baseline, and each parameter at its p10 and p90
		perWorld := float64(plans) * float64(sim.BytesPerWorld(len(pl.Scenario.Milestones)))
		if err := checkN(mem, "--tornado-n", r.TornadoN, "worlds", 0, perWorld); err != nil {
			return 0, 0, err
		}
		worlds += float64(r.TornadoN) * float64(plans)
	}
	if r.Sobol {
		w, ser, err := checkSobol(mem, k, r.N, r.Boot, 0, "-n")
		if err != nil {
			return 0, 0, err
		}
		worlds, serial = worlds+w, ser
	}
	return worlds, serial, nil
}

// checkSobol checks a Sobol design of k factors on n base samples with
// boot bootstrap resamples, fixed bytes held besides; nFlag is the flag
// that sets n. It returns the worlds and the serial seconds it costs.
func checkSobol(mem budget.Memory, k, n, boot int, fixed float64, nFlag string) (worlds, serial float64, err error) {
	perN, perBoot := SobolBytes(k, 1, 0), SobolBytes(k, 0, 1)
	if err := checkN(mem, nFlag, n, "base samples", fixed, perN); err != nil {
		return 0, 0, err
	}
	if err := checkN(mem, "--boot", boot, "resamples", fixed, perBoot); err != nil {
		return 0, 0, err
	}
	if err := checkN(mem, nFlag, n, fmt.Sprintf("base samples with --boot %d", boot), fixed+float64(boot)*perBoot, perN); err != nil {
		return 0, 0, err
	}
	// Two outputs, each resample over every base sample and factor.
	return float64(n) * float64(k+2), 2 * float64(boot) * float64(n) * float64(k+1) * bootstrapRowTime, nil
}

// SolveTrials is about how many trials of N worlds a solve makes: the two
// ends, then for each of its three crossings about as many as bisection
// would take to come within the tolerance (Illinois is usually quicker,
// never allowed more than MaxSteps).
func SolveTrials(g Goal) int {
	tol := g.Tol
	if tol <= 0 {
		tol = (g.Hi - g.Lo) / 1e4
	}
	steps := math.Ceil(math.Log2((g.Hi - g.Lo) / tol))
	return 2 + 3*int(math.Min(math.Max(steps, 1), MaxSteps))
}

// SlowAfter is how long a request may run before it says so up front.
const SlowAfter = 10 * time.Second

// Cost is how long a request will take: Worlds worlds of PerWorld each,
// spread over the cores, and Serial seconds on one core besides (the
// Sobol bootstrap).
type Cost struct {
	Worlds   float64
	PerWorld time.Duration
	Serial   float64
}

// Estimate is the Cost of worlds worlds of plans, timed by WorldTime, and
// serial seconds besides.
func Estimate(plans []*scenario.Plan, seed uint64, worlds, serial float64) Cost {
	return Cost{Worlds: worlds, PerWorld: WorldTime(plans, seed), Serial: serial}
}

// Seconds is about how long the request takes on cores cores.
func (c Cost) Seconds(cores int) float64 {
	return c.Worlds*c.PerWorld.Seconds()/float64(max(cores, 1)) + c.Serial
}

// Notice says how long the request will take on cores cores, such as
// "this will take about 25s: 100,000 worlds at 2.7µs each on 2 cores",
// when that is more than SlowAfter; otherwise it is "".
func (c Cost) Notice(cores int) string {
	secs := c.Seconds(cores)
	if secs <= SlowAfter.Seconds() {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "this will take about %s: %s worlds at %s each on %d cores", roughDuration(secs),
		budget.Count(int64(math.Min(c.Worlds, 1e18))), c.PerWorld.Round(100*time.Nanosecond), cores)
	if c.Serial > 1 {
		fmt.Fprintf(&b, ", and %s of bootstrap on one", roughDuration(c.Serial))
	}
	return b.String()
}

// roughDuration writes seconds as 25s, 3m20s, 5h10m0s or 2,000 days.
func roughDuration(secs float64) string {
	if secs >= 10*86400 {
		return budget.Count(int64(math.Min(secs/86400, 1e15))) + " days"
	}
	return time.Duration(secs * 1e9).Round(time.Second).String()
}

// The pilot that times a world runs at most pilotWorlds worlds of a plan,
// and stops sooner once pilotTime has passed over all plans.
const (
	pilotWorlds = 200
	pilotTime   = 60 * time.Millisecond
	pilotPlans  = 8
)

// WorldTime is the mean time one world of a plan takes on one core,
// measured on the first worlds of the run's seed (which the run then
// computes again, so results do not change). With many plans, such as a
// sweep's cells, it times up to pilotPlans of them spread over the list.
func WorldTime(plans []*scenario.Plan, seed uint64) time.Duration {
	if len(plans) == 0 {
		return 0
	}
	step := max(1, len(plans)/pilotPlans)
	var sum time.Duration
	var k int
	u := make([]float64, scenario.Dim)
	var p model.Params
	var o model.Outcome
	deadline := time.Now().Add(pilotTime)
	for i := 0; i < len(plans); i += step {
		start := time.Now()
		n := 0
		for n < pilotWorlds && (n == 0 || time.Now().Before(deadline)) {
			sim.World(plans[i], seed, n, u, &p, &o)
			n++
		}
		sum += time.Since(start) / time.Duration(n)
		k++
	}
	return sum / time.Duration(k)
}
