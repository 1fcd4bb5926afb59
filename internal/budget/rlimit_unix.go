//go:build aix || darwin || dragonfly || freebsd || linux || netbsd || solaris

package budget

import "golang.org/x/sys/unix"

// The rlimits that bound a process's memory, on the systems that have both.
const (
	rlimitAS   = unix.RLIMIT_AS
	rlimitData = unix.RLIMIT_DATA
)

// getrlimit returns a resource's soft limit, and false where it is
// unlimited or cannot be read. Its field is signed on some systems.
func getrlimit(res int) (uint64, bool) {
	var r unix.Rlimit
	if unix.Getrlimit(res, &r) != nil || uint64(r.Cur) == uint64(unix.RLIM_INFINITY) {
		return 0, false
	}
	return uint64(r.Cur), true
}
