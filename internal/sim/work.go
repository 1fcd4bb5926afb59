package sim

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"ontrack/internal/fault"
)

// Workers is the number of goroutines Parallel uses for a request of w:
// w itself if positive, else GOMAXPROCS.
func Workers(w int) int {
	if w > 0 {
		return w
	}
	return runtime.GOMAXPROCS(0)
}

// Parallel is the one worker pool: it cuts the items [0, n) into chunks of
// chunk items and runs them on Workers(workers) goroutines, or as many as
// there are chunks if that is fewer. Goroutine w in [0, Workers(workers))
// calls start(w) once, for a job function that owns
// its scratch space, and then the job on one chunk [lo, hi) after another,
// adding hi - lo to progress (if not nil) after each.
//
// Which goroutine takes which chunk varies from run to run, so a job must
// write only to item i's own places, or to its worker's (w) when what it
// gathers does not depend on the order, such as counts. Results are then
// the same whatever the number of workers.
//
// Parallel stops taking chunks when ctx is done and returns ctx's error.
// A job that panics stops the others and makes an error of kind
// fault.Internal with the panic value and a short stack, so that one bad
// request cannot take down a server; the process goes on.
func Parallel(ctx context.Context, n, chunk, workers int, progress *atomic.Int64, start func(w int) func(lo, hi int)) error {
	if chunk < 1 {
		chunk = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		once  sync.Once
		crash error
	)
	// No more goroutines than chunks: a worker's scratch can be large.
	for w := range min(Workers(workers), (n+chunk-1)/chunk) {
		wg.Go(func() {
			lo, hi := -1, -1
			defer func() {
				if r := recover(); r != nil {
					err := panicError(r, lo, hi)
					once.Do(func() { crash = err })
					cancel()
				}
			}()
			job := start(w)
			for ctx.Err() == nil {
				lo = int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				hi = min(lo+chunk, n)
				job(lo, hi)
				if progress != nil {
					progress.Add(int64(hi - lo))
				}
			}
		})
	}
	wg.Wait()
	if crash != nil {
		return crash
	}
	return ctx.Err()
}

// panicError reports a panic in a job on items [lo, hi) (-1 before the
// first chunk), with the stack where it happened: the frames from the
// panic down to the pool, at most ten. It is called by the deferred
// function that recovered the panic, so the panicking frames are still
// on the stack.
func panicError(r any, lo, hi int) error {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	var b strings.Builder
	inJob := false
	for k := 0; k < 10; {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			inJob = true
		case strings.HasPrefix(f.Function, "ontrack/internal/sim.Parallel"):
			if inJob {
				more = false
			}
		case inJob && !strings.HasPrefix(f.Function, "runtime."):
			fmt.Fprintf(&b, "\n\t%s\n\t\t%s:%d", f.Function, f.File, f.Line)
			k++
		}
		if !more {
			break
		}
	}
	where := "starting a worker"
	if lo >= 0 {
		where = fmt.Sprintf("on items %d to %d", lo, hi-1)
	}
	if e, ok := r.(error); ok {
		return fault.Errorf(fault.Internal, "panic in a worker %s: %w%s", where, e, b.String())
	}
	return fault.Errorf(fault.Internal, "panic in a worker %s: %v%s", where, r, b.String())
}
