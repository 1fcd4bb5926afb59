package dist_test

import (
	"fmt"

	"ontrack/internal/dist"
)

// A value as a scenario file writes it: a 90% interval, here lognormal
// because both ends are positive, read back at its 5th, 50th and 95th
// percentiles.
func ExampleParse() {
	d, err := dist.Parse("20% to 50%")
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.3f %.3f %.3f\n", d.Quantile(0.05), d.Quantile(0.5), d.Quantile(0.95))
	// Output: 0.200 0.316 0.500
}
