package sim

import (
	"context"
	"fmt"
	"testing"

	"ontrack/internal/scenario"
)

func TestCalScratch(t *testing.T) {
	configs := [][][2]string{
		{},
		{{"research.lambda", "0.7 to 1"}},
		{{"research.lambda", "0.7 to 1"}, {"ai.multiplier_agi", "2 to 8"}},
		{{"research.lambda", "0.6 to 1"}, {"ai.multiplier_agi", "2 to 10"}, {"ai.trust", "uniform(0.2, 0.6)"}},
	}
	for _, extra := range configs {
		fmt.Println(extra)
		for _, c := range [][2]string{{"2031", "20%"}, {"2036", "20%"}, {"2031", "50%"}, {"2036", "50%"}, {"", ""}} {
			s := scenario.Default()
			for _, kv := range extra {
				if err := s.Set(kv[0], kv[1], "x"); err != nil {
					t.Fatal(err)
				}
			}
			if c[0] != "" {
				s.Set("timelines.agi", c[0], "x")
				s.Set("timelines.takeoff", "0", "x")
				s.Set("field.growth", c[1], "x")
			}
			pl, err := scenario.Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Run(context.Background(), pl, Options{N: 20000, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			sm := Summarize(r)
			fmt.Printf("  %v: P=%.3f done=%.1f %.1f %.1f lead=%.1f\n", c, sm.Done.POnTrack, sm.Done.Year.P10, sm.Done.Year.P50, sm.Done.Year.P90, sm.Done.Lead.P50)
		}
	}
}
