package sim

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"ontrack/internal/fault"
	"ontrack/internal/model"
	"ontrack/internal/scenario"
)

// Every item is done once, per-item results and per-worker sums are the
// same whatever the number of workers, and progress counts every item.
func TestParallelDeterministic(t *testing.T) {
	const n = 10_007 // not a multiple of the chunk
	var want []float64
	var wantSum float64
	for _, workers := range []int{1, 2, 3, 8, 64} {
		got := make([]float64, n)
		seen := make([]atomic.Int32, n)
		sums := make([]float64, Workers(workers))
		var progress atomic.Int64
		err := Parallel(context.Background(), n, 97, workers, &progress, func(w int) func(lo, hi int) {
			return func(lo, hi int) {
				for i := lo; i < hi; i++ {
					seen[i].Add(1)
					got[i] = math.Sin(float64(i))
					sums[w] += float64(i % 7)
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("%d workers: item %d done %d times", workers, i, c)
			}
		}
		if progress.Load() != n {
			t.Errorf("%d workers: progress %d, want %d", workers, progress.Load(), n)
		}
		var sum float64
		for _, s := range sums {
			sum += s
		}
		if want == nil {
			want, wantSum = got, sum
		} else if !slices.Equal(got, want) || sum != wantSum {
			t.Errorf("%d workers give other results than 1", workers)
		}
	}
}

// A run's worlds are the same bytes on 1 and on 5 workers.
func TestRunSameAcrossWorkers(t *testing.T) {
	pl, err := scenario.Compile(scenario.Default())
	if err != nil {
		t.Fatal(err)
	}
	r1, err := Run(context.Background(), pl, Options{N: 5000, Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	r5, err := Run(context.Background(), pl, Options{N: 5000, Seed: 3, Workers: 5})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r1.Done.Lead, r5.Done.Lead) || !slices.Equal(r1.ASI, r5.ASI) || !slices.Equal(r1.Class, r5.Class) {
		t.Error("5 workers give other worlds than 1")
	}
}

// Cancelling stops the workers between chunks and returns the context's
// error, which is of kind cancelled.
func TestParallelCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var done atomic.Int64
	err := Parallel(ctx, 1_000_000, 10, 4, nil, func(int) func(lo, hi int) {
		return func(lo, hi int) {
			if done.Add(int64(hi-lo)) >= 1000 {
				cancel()
			}
		}
	})
	if !errors.Is(err, context.Canceled) || fault.KindOf(err) != fault.Cancelled {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if d := done.Load(); d >= 1_000_000 || d < 1000 {
		t.Errorf("%d items done after cancelling at 1000", d)
	}
	// Already cancelled: nothing is done.
	done.Store(0)
	err = Parallel(ctx, 100, 10, 4, nil, func(int) func(lo, hi int) {
		return func(lo, hi int) { done.Add(1) }
	})
	if !errors.Is(err, context.Canceled) || done.Load() != 0 {
		t.Errorf("on a cancelled context: err %v, %d chunks done", err, done.Load())
	}
}

// A job that panics becomes an internal error naming the panic and where it
// happened, the other workers stop, and the process goes on to run again.
func TestParallelPanic(t *testing.T) {
	var done atomic.Int64
	err := Parallel(context.Background(), 1_000_000, 10, 4, nil, func(int) func(lo, hi int) {
		return func(lo, hi int) {
			if lo == 500 {
				var xs []int
				xs[lo]++ // index out of range: a runtime error
			}
			done.Add(int64(hi - lo))
		}
	})
	if err == nil {
		t.Fatal("a panicking job gave no error")
	}
	if fault.KindOf(err) != fault.Internal || fault.ExitCode(err) != 1 || fault.HTTPStatus(err) != 500 {
		t.Errorf("kind %v: want internal", fault.KindOf(err))
	}
	msg := err.Error()
	for _, want := range []string{"panic in a worker on items 500 to 509", "index out of range [500] with length 0", "TestParallelPanic", "work_test.go:"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error does not say %q:\n%s", want, msg)
		}
	}
	var re interface{ RuntimeError() }
	if !errors.As(err, &re) {
		t.Errorf("the runtime error is not wrapped: %v", err)
	}
	if d := done.Load(); d >= 1_000_000 {
		t.Errorf("the other workers went on to the end (%d items)", d)
	}

	// A panic in the engine, through the hook every world passes: the run
	// fails and the next one works.
	pl, err := scenario.Compile(scenario.Default())
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), pl, Options{N: 5000, Seed: 1, Each: func(k, i int, p *model.Params, o *model.Outcome) {
		if i == 4321 {
			panic("bad world")
		}
	}})
	if err == nil || !strings.Contains(err.Error(), "bad world") || fault.KindOf(err) != fault.Internal {
		t.Errorf("a panicking world: got %v, want an internal error saying bad world", err)
	}
	if _, err := Run(context.Background(), pl, Options{N: 5000, Seed: 1}); err != nil {
		t.Errorf("the run after a panic: %v", err)
	}
}
