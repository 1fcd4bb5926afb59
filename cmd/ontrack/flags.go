package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"ontrack/internal/budget"
	"ontrack/internal/scenario"
	"ontrack/internal/sim"
)

// sets collects repeated --set PATH=VALUE flags.
type sets []string

func (s *sets) String() string     { return strings.Join(*s, " ") }
func (s *sets) Set(v string) error { *s = append(*s, v); return nil }

// common are the flags shared by the commands that run worlds.
type common struct {
	file    string
	presets sets
	mix     string
	sets    sets
	n       int
	seed    uint64
	format  string
	mem     budget.Memory // read once the flags parse
}

func newFlags(name, usage string, stderr io.Writer, c *common, defaultN int) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fmt.Fprintln(fs.Output(), "\nFlags:")
		fs.PrintDefaults()
	}
	if c != nil {
		fs.Var(&c.presets, "preset", "lay the embedded preset `NAME` over the default (repeatable; later ones win; see ontrack presets)")
		fs.StringVar(&c.file, "f", "", "scenario `FILE` (YAML), laid over the default and any presets")
		fs.Var(&c.sets, "set", "override a parameter: `PATH=VALUE`, e.g. field.growth=50% (repeatable)")
		fs.IntVar(&c.n, "n", defaultN, "number of worlds")
		fs.Uint64Var(&c.seed, "seed", sim.DefaultSeed, "random seed; the same seed gives the same output")
		fs.StringVar(&c.format, "format", "text", "output format: text, json or csv")
		if name == "run" {
			fs.StringVar(&c.mix, "mix", "", "run a credence-weighted mixture of views: `NAME=W,NAME=W,...`, each NAME a preset or a scenario file")
		}
	}
	return fs
}

// parse parses flags, turning -h into errHelpShown and flag mistakes into
// usage errors.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return errHelpShown
		}
		return usagef("%s: %v", fs.Name(), err)
	}
	return nil
}

// scenario builds the scenario: the default, the presets in order, the
// file, then the overrides. Overrides of the form PATH=A..B:STEPS are left
// for sweep to handle.
func (c *common) scenario(skip func(string) bool) (*scenario.Scenario, error) {
	s := scenario.Default()
	for _, name := range c.presets {
		if err := s.ApplyPreset(name); err != nil {
			return nil, err
		}
	}
	if len(c.presets) > 0 {
		s.Name = strings.Join(c.presets, "+")
	}
	if c.file != "" {
		before := s.Name
		if err := overlayFile(s, c.file); err != nil {
			return nil, err
		}
		if len(c.presets) > 0 && s.Name != before {
			s.Name = before + "+" + s.Name
		}
	}
	return s, c.applySets(s, skip)
}

// plan builds the scenario and compiles it.
func (c *common) plan() (*scenario.Scenario, *scenario.Plan, error) {
	s, err := c.scenario(nil)
	if err != nil {
		return nil, nil, err
	}
	pl, err := scenario.Compile(s)
	return s, pl, err
}

// overlayFile lays a scenario file over s.
func overlayFile(s *scenario.Scenario, file string) error {
	data, err := scenario.ReadFile(file)
	if err != nil {
		return asUsage(err)
	}
	return s.Overlay(file, data)
}

// asUsage makes an error reading a file a usage error (exit status 2),
// keeping a scenario error as it is.
func asUsage(err error) error {
	var se *scenario.Error
	if errors.As(err, &se) {
		return err
	}
	return usagef("%v", err)
}

func (c *common) applySets(s *scenario.Scenario, skip func(string) bool) error {
	for _, kv := range c.sets {
		if skip != nil && skip(kv) {
			continue
		}
		path, val, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(path) == "" {
			return usagef("--set %s: expected PATH=VALUE", kv)
		}
		if err := s.Set(strings.TrimSpace(path), val, "--set "+kv); err != nil {
			return err
		}
	}
	return nil
}

// parseCommon parses the flags of a command that runs worlds, which takes
// no positional arguments, and checks them. extra, if not nil, adds the
// command's own flags.
func parseCommon(name, usage string, defaultN int, args []string, stdout, stderr io.Writer, extra ...func(*flag.FlagSet)) (common, error) {
	var c common
	fs := newFlags(name, usage, stderr, &c, defaultN)
	for _, e := range extra {
		e(fs)
	}
	if err := parse(fs, args, stdout); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, usagef("%s: unexpected argument %q (a scenario file goes after -f)", name, fs.Arg(0))
	}
	err := c.check() // sets c.mem
	return c, err
}

func (c *common) check() error {
	switch c.format {
	case "text", "json", "csv":
	default:
		return usagef("--format %q: expected text, json or csv", c.format)
	}
	if c.n < 1 {
		return usagef("-n %d: the number of worlds must be at least 1", c.n)
	}
	c.mem = readBudget()
	return nil
}

// options are the engine's options for n worlds of this command.
func (c *common) options(n int, progress *atomic.Int64) sim.Options {
	return sim.Options{N: n, Seed: c.seed, Progress: progress, MaxBytes: c.mem.Bytes}
}
