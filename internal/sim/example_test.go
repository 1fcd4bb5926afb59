package sim_test

import (
	"context"
	"fmt"

	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// The default scenario with one override, run on 2,000 worlds and
// summarised: the same seed gives the same numbers on any number of cores.
func ExampleRun() {
	s := scenario.Default()
	if err := s.Set("field.growth", "50%", "example"); err != nil {
		panic(err)
	}
	pl, err := scenario.Compile(s)
	if err != nil {
		panic(err)
	}
	r, err := sim.Run(context.Background(), pl, sim.Options{N: 2000, Seed: sim.DefaultSeed})
	if err != nil {
		panic(err)
	}
	sm := sim.Summarize(r)
	fmt.Printf("P(on track) = %.2f ± %.2f\n", sm.Done.POnTrack, sm.Done.POnTrackSE)
	// Output: P(on track) = 0.57 ± 0.01
}
