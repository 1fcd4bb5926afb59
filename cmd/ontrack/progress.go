package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"ontrack/internal/analysis"
	"ontrack/internal/budget"
	"ontrack/internal/sim"
)

// progressDelay is how long a run goes before it shows a progress bar.
const progressDelay = 2 * time.Second

// showProgress draws a bar on w while done counts toward total, if w is a
// terminal and the work lasts longer than progressDelay. The returned func
// stops it and clears the line.
func showProgress(ctx context.Context, w io.Writer, done *atomic.Int64, total int64) func() {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		select {
		case <-ctx.Done():
			return
		case <-time.After(progressDelay):
		}
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		drawn := false
		for {
			d := min(done.Load(), total)
			const width = 30
			k := int(width * d / total)
			fmt.Fprintf(f, "\r[%s%s] %3d%% %d/%d worlds", strings.Repeat("#", k), strings.Repeat(" ", width-k), 100*d/total, d, total)
			drawn = true
			select {
			case <-ctx.Done():
				if drawn {
					fmt.Fprint(f, "\r\033[K")
				}
				return
			case <-tick.C:
			}
		}
	}()
	return func() { cancel(); <-finished }
}

// readBudget reads the process's memory budget; tests replace it.
var readBudget = budget.Read

// warnSlow says, before a request starts, that it will take longer than
// analysis.SlowAfter. It is a notice, not an error.
func warnSlow(w io.Writer, c analysis.Cost) {
	if msg := c.Notice(sim.Workers(0)); msg != "" {
		fmt.Fprintf(w, "ontrack: %s (Ctrl-C stops it; a smaller -n is quicker)\n", msg)
	}
}
