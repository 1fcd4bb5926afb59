package main

import (
	"context"
	"fmt"
	"io"

	"ontrack/internal/scenario"
)

const validateUsage = `Usage: ontrack validate FILE...

A FILE of - is standard input.

Checks scenario files: YAML, parameter names, distributions, ranges,
milestones and correlations. Exits 0 if all are good, 2 at the first mistake.
`

func validateCmd(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("validate", validateUsage, stderr, nil, 0)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("validate: give a scenario FILE")
	}
	for _, name := range fs.Args() {
		f, err := scenario.ReadArg(name, stdin)
		if err != nil {
			return err
		}
		s, err := scenario.Load(f.Name, f.Text)
		if err != nil {
			return err
		}
		if err := s.Check(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: ok (scenario %s)\n", f.Name, s.Name)
	}
	return nil
}
