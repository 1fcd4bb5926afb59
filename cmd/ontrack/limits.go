package main

import (
	"fmt"
	"io"
	"math"
	"time"

	"ontrack/internal/budget"
	"ontrack/internal/model"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// Every size a user controls is checked against the memory budget before
// anything is allocated, and a request that would run long says so before
// it starts. This file holds both; each command states its sizes.

// readBudget reads the process's memory budget; tests replace it.
var readBudget = budget.Read

// checkMemory refuses x units (worlds, samples, resamples) needing fixed +
// per*x bytes when they do not fit in mem, saying how many would. flag
// names the request as the user typed it, such as "-n".
func checkMemory(mem budget.Memory, flag string, x int, unit string, fixed, per float64) error {
	return mem.Check(fmt.Sprintf("%s %d", flag, x), x, unit, fixed, per)
}

// cellBytes is what a sweep keeps for each grid point besides its worlds:
// the compiled plan (about 12 KB measured for the default) and a summary
// whose curve has a point for each year up to the horizon, at most 1,100.
const cellBytes = 64 << 10

// slowAfter is how long a request may run before it says so up front.
const slowAfter = 10 * time.Second

// The pilot that times a world runs at most pilotWorlds worlds of a plan,
// and stops sooner once pilotTime has passed over all plans.
const (
	pilotWorlds = 200
	pilotTime   = 60 * time.Millisecond
	pilotPlans  = 8
)

// worldTime is the mean time one world of a plan takes on one core,
// measured on the first worlds of the run's seed (which the run then
// computes again, so results do not change). With many plans, such as a
// sweep's cells, it times up to pilotPlans of them spread over the list.
func worldTime(plans []*scenario.Plan, seed uint64) time.Duration {
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

// bootstrapRowTime is the seconds one bootstrap resample of the Sobol
// indices spends on one base sample and one factor, for one output (about
// 1 ns measured; 2 allows for slower machines).
const bootstrapRowTime = 2e-9

// warnSlow tells the user, before a request starts, that it will take
// about worlds worlds of perWorld each on every core, plus serial seconds
// on one, when that is more than slowAfter. It is a notice, not an error.
func warnSlow(w io.Writer, worlds float64, perWorld time.Duration, serial float64) {
	cores := sim.Workers(0)
	secs := worlds*perWorld.Seconds()/float64(cores) + serial
	if secs <= slowAfter.Seconds() {
		return
	}
	fmt.Fprintf(w, "ontrack: this will take about %s: %s worlds at %s each on %d cores", roughDuration(secs),
		budget.Count(int64(math.Min(worlds, 1e18))), perWorld.Round(100*time.Nanosecond), cores)
	if serial > 1 {
		fmt.Fprintf(w, ", and %s of bootstrap on one", roughDuration(serial))
	}
	fmt.Fprintln(w, " (Ctrl-C stops it; a smaller -n is quicker)")
}

// roughDuration writes seconds as 25s, 3m20s, 5h10m0s or 2,000 days.
func roughDuration(secs float64) string {
	if secs >= 10*86400 {
		return budget.Count(int64(math.Min(secs/86400, 1e15))) + " days"
	}
	return time.Duration(secs * 1e9).Round(time.Second).String()
}
