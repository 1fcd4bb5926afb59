package main

import (
	"context"
	"io"
)

const showUsage = `Usage: ontrack show [--preset NAME]... [-f FILE] [--set PATH=VALUE]...

Prints the scenario that the same flags give run, compare and the other
commands, as a scenario file: every parameter, milestone, correlation,
source and lever, the presets, the file and the overrides applied in that
order. ontrack run -f reads it back to the same worlds, byte for byte:

  ontrack show --preset olah-scale --set field.fte=+1000 > mine.yaml
  ontrack run -f mine.yaml

Only where each value came from is lost: read back, the file is its
origin. A value with something added to every draw is written as
"640 to 1000 +1000", which a scenario file may use too.
`

func showCmd(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := common{stdin: stdin}
	fs := newFlags("show", showUsage, stderr, nil, 0)
	scenarioFlags(fs, &c)
	if err := parseNone(fs, args, stdout, " (a scenario file goes after -f)"); err != nil {
		return err
	}
	r, err := c.scenario()
	if err != nil {
		return err
	}
	s, err := r.Build()
	if err != nil {
		return err
	}
	y, err := s.YAML()
	if err != nil {
		return err
	}
	_, err = stdout.Write(y)
	return err
}
