package job_test

import (
	"context"
	"fmt"

	"ontrack/internal/job"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// The default scenario, Roger Dearnaley's view, on 4,000 worlds: the
// report the command prints as ontrack run -n 4000. P(on track) counts
// worlds, which every architecture decides alike; rounding keeps out the
// last digits of its standard error, which may differ where the compiler
// fuses multiply-adds. The zero Env checks no memory budget.
func ExampleRun() {
	req := job.RunRequest{Request: job.Request{Scenario: scenario.Request{}, N: 4000, Seed: sim.DefaultSeed}}
	r, err := job.Run(context.Background(), job.Env{}, req)
	if err != nil {
		panic(err)
	}
	fmt.Printf("P(on track) = %.2f ± %.2f on %d worlds\n", r.POnTrack, r.POnTrackSE, r.Samples)
	// Output: P(on track) = 0.44 ± 0.01 on 4000 worlds
}
