// Package budget says how much memory this process may still use, so that
// a request too large for it is refused before anything is allocated. It
// reads every limit that could stop the process: the address-space and data
// rlimits (ulimit -v, ulimit -d, where the system has them), the cgroup's
// memory limit (v2 memory.max, v1 memory.limit_in_bytes, at every level up
// to the root), the Go
// runtime's memory limit (GOMEMLIMIT) and the system's MemAvailable. The
// smallest room left under any of them wins.
//
// Only the command reads the budget; the engine and the analyses are given
// it (sim.Options.MaxBytes), so they never read /proc themselves.
package budget

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"

	"ontrack/internal/fault"
)

// Share is the part of the room under the binding limit that a request may
// plan to fill; the rest is for the runtime itself, its goroutines and the
// output. The estimates a request is checked with already include the
// garbage collector's slack (see sim.BytesPerWorld).
const Share = 0.9

// Assumed is the room taken when no limit can be read at all.
const Assumed = 4 << 30

// Memory is what the process may still use, and the limit that sets it.
// The zero Memory is no budget (a library caller that checks nothing).
type Memory struct {
	Bytes  int64  // usable: Share of Free
	Free   int64  // room left under the binding limit
	Limit  int64  // the binding limit
	Source string // what sets it, such as "ulimit -v (RLIMIT_AS)"
}

// limit is one source: a ceiling and what already counts against it.
type limit struct {
	source      string
	limit, used int64
}

// probe is how the limits are read; tests replace it.
type probe struct {
	rlimit   func(resource int) (uint64, bool)
	readFile func(name string) ([]byte, error)
	goLimit  func() int64 // the Go memory limit; math.MaxInt64 when none
	goUsed   func() int64 // what the Go runtime counts against it
}

// Read returns the process's memory budget now.
func Read() Memory {
	return read(probe{
		rlimit:   getrlimit,
		readFile: os.ReadFile,
		goLimit: func() int64 {
			if l := debug.SetMemoryLimit(-1); l != enforced.Load() {
				return l
			}
			return math.MaxInt64
		},
		goUsed: goUsed,
	})
}

// goUsed is the memory the Go runtime's limit counts: everything it has
// mapped less the heap it has returned to the system.
func goUsed() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64() - s[1].Value.Uint64())
}

func read(p probe) Memory {
	var ls []limit
	status := fields(p.readFile, "/proc/self/status")
	for _, r := range []struct {
		res          int
		source, used string
	}{
		{rlimitAS, "ulimit -v (RLIMIT_AS)", "VmSize"},
		{rlimitData, "ulimit -d (RLIMIT_DATA)", "VmData"},
	} {
		if v, ok := p.rlimit(r.res); ok {
			ls = append(ls, limit{r.source, clamp(v), status[r.used]})
		}
	}
	ls = append(ls, cgroupLimits(p.readFile)...)
	if g := p.goLimit(); g > 0 && g < math.MaxInt64 {
		ls = append(ls, limit{"GOMEMLIMIT", g, p.goUsed()})
	}
	if a, ok := fields(p.readFile, "/proc/meminfo")["MemAvailable"]; ok {
		ls = append(ls, limit{"MemAvailable", a, 0})
	}
	m := Memory{Free: Assumed, Limit: Assumed, Source: "assumed: no memory limit could be read"}
	first := true
	for _, l := range ls {
		free := max(l.limit-l.used, 0)
		if first || free < m.Free {
			m = Memory{Free: free, Limit: l.limit, Source: l.source}
			first = false
		}
	}
	m.Bytes = int64(Share * float64(m.Free))
	return m
}

func clamp(v uint64) int64 { return int64(min(v, math.MaxInt64)) }

// fields reads a file of "Key: value kB" lines (/proc/self/status,
// /proc/meminfo) into bytes by key; a missing file gives none.
func fields(readFile func(string) ([]byte, error), name string) map[string]int64 {
	out := map[string]int64{}
	b, err := readFile(name)
	if err != nil {
		return out
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		k, rest, ok := strings.Cut(line, ":")
		f := strings.Fields(rest)
		if !ok || len(f) == 0 {
			continue
		}
		v, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		if len(f) > 1 && f[1] == "kB" {
			v *= 1024
		}
		out[k] = v
	}
	return out
}

// cgroupLimits reads the memory limit of the process's cgroup and of each
// of its ancestors: a parent's limit binds its children too. Inside a
// container the cgroup's own path is often not visible under
// /sys/fs/cgroup, whose root is then the container's cgroup; the walk up
// reaches it either way.
func cgroupLimits(readFile func(string) ([]byte, error)) []limit {
	b, err := readFile("/proc/self/cgroup")
	if err != nil {
		return nil
	}
	var ls []limit
	for line := range strings.SplitSeq(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var root, maxFile, curFile, source string
		switch {
		case parts[0] == "0" && parts[1] == "": // v2
			root, maxFile, curFile, source = "/sys/fs/cgroup", "memory.max", "memory.current", "cgroup memory.max"
		case hasController(parts[1], "memory"): // v1
			root, maxFile, curFile, source = "/sys/fs/cgroup/memory", "memory.limit_in_bytes", "memory.usage_in_bytes", "cgroup memory.limit_in_bytes"
		default:
			continue
		}
		for dir := path.Clean("/" + parts[2]); ; dir = path.Dir(dir) {
			lim, ok1 := number(readFile, path.Join(root, dir, maxFile))
			cur, ok2 := number(readFile, path.Join(root, dir, curFile))
			// v1 writes "no limit" as a huge number rounded to a page.
			if ok1 && ok2 && lim < 1<<62 {
				ls = append(ls, limit{source, lim, cur})
			}
			if dir == "/" {
				break
			}
		}
	}
	return ls
}

func hasController(list, name string) bool {
	for c := range strings.SplitSeq(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// number reads a file holding one integer; "max" (no limit) is not one.
func number(readFile func(string) ([]byte, error), name string) (int64, bool) {
	b, err := readFile(name)
	if err != nil {
		return 0, false
	}
	v, err := strconv.ParseInt(string(bytes.TrimSpace(b)), 10, 64)
	return v, err == nil
}

// Enforce makes the Go runtime's memory limit no higher than what is in
// use now plus m.Bytes, so that the collector reclaims garbage before it
// could take the process past its budget: a run's estimate then need only
// cover what it keeps live, not what it throws away on the way. It never
// raises a lower limit (GOMEMLIMIT, or an earlier call).
func (m Memory) Enforce() {
	if m == (Memory{}) {
		return // no budget
	}
	limit := goUsed() + max(m.Bytes, 0)
	if limit < debug.SetMemoryLimit(-1) {
		debug.SetMemoryLimit(limit)
		enforced.Store(limit)
	}
}

// enforced is the limit Enforce set, which Read does not count as the
// user's GOMEMLIMIT: the budget it came from is read afresh instead.
var enforced atomic.Int64

// Size writes a number of bytes for a person, in binary units as ulimit
// and GOMEMLIMIT take them: 6.9 GiB, 512 MiB.
func Size(b float64) string {
	switch {
	case b >= 1<<40:
		return strconv.FormatFloat(b/(1<<40), 'f', 1, 64) + " TiB"
	case b >= 1<<30:
		return strconv.FormatFloat(b/(1<<30), 'f', 1, 64) + " GiB"
	case b >= 1<<20:
		return strconv.FormatFloat(b/(1<<20), 'f', 0, 64) + " MiB"
	}
	return strconv.FormatFloat(b/(1<<10), 'f', 0, 64) + " KiB"
}

// Error says a request needs more memory than the budget allows, and what
// would fit.
type Error struct {
	What string  // the request as the user gave it, such as "-n 40000000"
	Need float64 // bytes it would take
	Have Memory
	Fit  string // what would fit, such as "at most 13,900,000 worlds"
}

// Kind is fault.TooLarge: a smaller request would fit.
func (e *Error) Kind() fault.Kind { return fault.TooLarge }

func (e *Error) Error() string {
	why := fmt.Sprintf("%s is %s", e.Have.Source, Size(float64(e.Have.Limit)))
	if e.Have.Free < e.Have.Limit {
		why += fmt.Sprintf(" with %s left", Size(float64(e.Have.Free)))
	}
	return fmt.Sprintf("%s needs about %s of memory, more than the %s this process can use (%s); %s",
		e.What, Size(e.Need), Size(float64(e.Have.Bytes)), why, e.Fit)
}

// Check refuses a request of x units needing fixed + per*x bytes when that
// exceeds the budget, saying how many units would fit with the rest held.
// what names the request ("-n 40000000") and unit the units ("worlds").
// The zero Memory is no budget: it refuses nothing.
func (m Memory) Check(what string, x int, unit string, fixed, per float64) error {
	need := fixed + per*float64(x)
	if need <= float64(m.Bytes) || m == (Memory{}) {
		return nil
	}
	fit := "nothing of this size fits: lower the other sizes too"
	if k := (float64(m.Bytes) - fixed) / per; k >= 1 {
		fit = fmt.Sprintf("at most %s %s fit", Count(int64(math.Min(k, 1e18))), unit)
	}
	return &Error{What: what, Need: need, Have: m, Fit: fit}
}

// Count writes a whole number with thousands separators: 13,900,000.
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
