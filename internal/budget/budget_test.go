package budget

import (
	"errors"
	"io/fs"
	"math"
	"runtime/debug"
	"strings"
	"testing"
)

const gib = 1 << 30

// fake is a machine: files by name, rlimits by resource, a Go limit.
type fake struct {
	files   map[string]string
	rlimits map[int]uint64
	goLimit int64
	goUsed  int64
}

func (f fake) probe() probe {
	return probe{
		rlimit: func(r int) (uint64, bool) { v, ok := f.rlimits[r]; return v, ok },
		readFile: func(name string) ([]byte, error) {
			if s, ok := f.files[name]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		},
		goLimit: func() int64 {
			if f.goLimit == 0 {
				return math.MaxInt64
			}
			return f.goLimit
		},
		goUsed: func() int64 { return f.goUsed },
	}
}

func machine() fake {
	return fake{files: map[string]string{
		"/proc/meminfo":     "MemTotal:       24683656 kB\nMemAvailable:   20971520 kB\n", // 20 GiB
		"/proc/self/status": "Name:\tontrack\nVmSize:\t  1048576 kB\nVmData:\t   524288 kB\n",
		"/proc/self/cgroup": "0::/user.slice/ontrack\n",
	}, rlimits: map[int]uint64{}}
}

// The smallest room left under any limit wins, whichever source sets it.
func TestSmallestWins(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(*fake)
		source string
		free   int64
	}{
		{"MemAvailable alone", func(*fake) {}, "MemAvailable", 20 * gib},
		{"ulimit -v less what is mapped", func(f *fake) { f.rlimits[rlimitAS] = 4 * gib }, "ulimit -v (RLIMIT_AS)", 3 * gib},
		{"ulimit -d less the data segment", func(f *fake) { f.rlimits[rlimitData] = 2 * gib }, "ulimit -d (RLIMIT_DATA)", 3 * gib / 2},
		{"cgroup v2 memory.max", func(f *fake) {
			f.files["/sys/fs/cgroup/user.slice/ontrack/memory.max"] = "max\n"
			f.files["/sys/fs/cgroup/user.slice/ontrack/memory.current"] = "1000\n"
			f.files["/sys/fs/cgroup/user.slice/memory.max"] = "2147483648\n" // a parent's limit binds
			f.files["/sys/fs/cgroup/user.slice/memory.current"] = "1073741824\n"
		}, "cgroup memory.max", 1 * gib},
		{"cgroup v1, the own path not visible", func(f *fake) {
			f.files["/proc/self/cgroup"] = "4:memory:/process_api/abc\n1:cpu:/\n"
			f.files["/sys/fs/cgroup/memory/memory.limit_in_bytes"] = "3221225472\n"
			f.files["/sys/fs/cgroup/memory/memory.usage_in_bytes"] = "1073741824\n"
		}, "cgroup memory.limit_in_bytes", 2 * gib},
		{"cgroup v1 without a limit", func(f *fake) {
			f.files["/proc/self/cgroup"] = "4:memory:/\n"
			f.files["/sys/fs/cgroup/memory/memory.limit_in_bytes"] = "9223372036854771712\n"
			f.files["/sys/fs/cgroup/memory/memory.usage_in_bytes"] = "1073741824\n"
		}, "MemAvailable", 20 * gib},
		{"GOMEMLIMIT less what Go holds", func(f *fake) { f.goLimit, f.goUsed = 512<<20, 12<<20 }, "GOMEMLIMIT", 500 << 20},
		{"a limit already passed leaves nothing", func(f *fake) { f.rlimits[rlimitAS] = gib / 2 }, "ulimit -v (RLIMIT_AS)", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := machine()
			c.edit(&f)
			m := read(f.probe())
			if m.Source != c.source || m.Free != c.free {
				t.Errorf("got %s with %d free, want %s with %d", m.Source, m.Free, c.source, c.free)
			}
			if want := int64(Share * float64(c.free)); m.Bytes != want {
				t.Errorf("usable %d, want %d", m.Bytes, want)
			}
		})
	}
}

func TestNothingReadable(t *testing.T) {
	m := read(fake{files: map[string]string{}, rlimits: map[int]uint64{}}.probe())
	if m.Free != Assumed || !strings.HasPrefix(m.Source, "assumed") {
		t.Errorf("got %+v, want the assumed %d", m, Assumed)
	}
}

// The real machine gives some room, and says where it comes from.
func TestRead(t *testing.T) {
	m := Read()
	t.Logf("%+v", m)
	if m.Bytes <= 0 || m.Bytes > m.Free || m.Free > m.Limit || m.Source == "" {
		t.Errorf("implausible budget %+v", m)
	}
}

func TestCheck(t *testing.T) {
	m := Memory{Bytes: 900 << 20, Free: 1000 << 20, Limit: 4 * gib, Source: "ulimit -v (RLIMIT_AS)"}
	if err := m.Check("-n 1000", 1000, "worlds", 0, 185); err != nil {
		t.Errorf("a small request refused: %v", err)
	}
	err := m.Check("-n 40000000", 40_000_000, "worlds", 0, 185)
	var be *Error
	if !errors.As(err, &be) {
		t.Fatalf("got %v, want a budget error", err)
	}
	msg := err.Error()
	for _, want := range []string{"-n 40000000", "6.9 GiB", "900 MiB", "ulimit -v (RLIMIT_AS) is 4.0 GiB with 1000 MiB left", "at most 5,101,180 worlds fit"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	// A fixed part larger than the budget leaves no count that fits.
	if err := m.Check("--boot 10", 10, "resamples", 2e9, 8); err == nil || !strings.Contains(err.Error(), "nothing of this size fits") {
		t.Errorf("got %v", err)
	}
	// The zero Memory is no budget, but a budget of nothing left refuses.
	if err := (Memory{}).Check("-n 40000000", 40_000_000, "worlds", 0, 185); err != nil {
		t.Errorf("the zero Memory refused: %v", err)
	}
	if err := (Memory{Source: "MemAvailable"}).Check("-n 1", 1, "worlds", 0, 185); err == nil {
		t.Error("a budget with no bytes left let a world through")
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 13_900_000: "13,900,000", -1234: "-1,234"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

// Enforce lowers the Go runtime's limit to what is in use plus the budget,
// never raises it, and a later Read does not mistake it for GOMEMLIMIT.
func TestEnforce(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer func() { debug.SetMemoryLimit(old); enforced.Store(0) }()
	before := Read()
	Memory{Bytes: 1 << 30}.Enforce()
	l := debug.SetMemoryLimit(-1)
	if used := goUsed(); l < 1<<30 || l > used+1<<30 {
		t.Errorf("limit %d, want in use (%d) plus 1 GiB", l, used)
	}
	Memory{Bytes: 1 << 40}.Enforce()
	if got := debug.SetMemoryLimit(-1); got != l {
		t.Errorf("a larger budget raised the limit from %d to %d", l, got)
	}
	if after := Read(); after.Source != before.Source {
		t.Errorf("after Enforce the budget comes from %q, before from %q", after.Source, before.Source)
	}
}
