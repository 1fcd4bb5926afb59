package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync/atomic"

	"ontrack/internal/analysis"
	"ontrack/internal/budget"
	"ontrack/internal/job"
	"ontrack/internal/report"
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
	stdin   io.Reader     // read for -f -
}

// newFlags is a command's flag set; with c, it has the flags of a command
// that runs worlds of a scenario, defaultN of them unless -n says.
func newFlags(name, usage string, stderr io.Writer, c *common, defaultN int) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fmt.Fprintln(fs.Output(), "\nFlags:")
		fs.PrintDefaults()
	}
	if c != nil {
		scenarioFlags(fs, c)
		worldFlags(fs, c, defaultN, "")
		if name == "run" {
			fs.StringVar(&c.mix, "mix", "", "run a credence-weighted mixture of views: `NAME=W,NAME=W,...`, each NAME a preset or a scenario file, each W a weight such as 50% or 0.5")
		}
	}
	return fs
}

// scenarioFlags adds the flags that make a scenario.Request.
func scenarioFlags(fs *flag.FlagSet, c *common) {
	fs.Var(&c.presets, "preset", "lay the embedded preset `NAME` over the default (repeatable; later ones win; see ontrack presets)")
	fs.StringVar(&c.file, "f", "", "scenario `FILE` (YAML), laid over the default and any presets; - reads standard input")
	fs.Var(&c.sets, "set", "override a parameter: `PATH=VALUE`, e.g. field.growth=50% (repeatable)")
}

// worldFlags adds -n, --seed and --format; when says when they apply.
func worldFlags(fs *flag.FlagSet, c *common, defaultN int, when string) {
	fs.IntVar(&c.n, "n", defaultN, "number of worlds"+when)
	fs.Uint64Var(&c.seed, "seed", sim.DefaultSeed, "random seed; the same seed gives the same output"+when)
	formatFlag(fs, &c.format, "text", "json", "csv")
}

// formatFlag adds --format, which takes one of formats (the first is the
// default); checkFormat checks it once the flags parse.
func formatFlag(fs *flag.FlagSet, p *string, formats ...string) {
	fs.StringVar(p, "format", formats[0], "output format: "+orList(formats))
}

// checkFormat refuses a --format not among formats.
func checkFormat(format string, formats ...string) error {
	if !slices.Contains(formats, format) {
		return usagef("--format %q: expected %s", format, orList(formats))
	}
	return nil
}

// orList writes a, b or c.
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// parse parses flags. -h (or -help, --help) prints the usage once, on
// stdout, and returns errHelpShown; a mistake is a usage error of one line,
// which for an unknown flag names the nearest valid one.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	// The flag package prints the whole usage on every mistake, and on -h
	// to the error output: keep it quiet and say it ourselves.
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(stdout)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		fs.Usage()
		return errHelpShown
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		name = dashed(strings.TrimLeft(name, "-"))
		if near := nearestFlag(fs, name); near != "" {
			msg = fmt.Sprintf("unknown flag %s (did you mean %s?)", name, near)
		} else {
			msg = fmt.Sprintf("unknown flag %s (ontrack %s takes no flags)", name, fs.Name())
		}
	}
	return usagef("%s: %s; see ontrack %s -h", fs.Name(), msg, fs.Name())
}

// parseNone parses the flags of a command that takes no positional
// arguments.
func parseNone(fs *flag.FlagSet, args []string, stdout io.Writer, hint string) error {
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected argument %q%s", fs.Name(), fs.Arg(0), hint)
	}
	return nil
}

// nearestFlag returns the defined flag closest to name by edit distance,
// written as the README writes it (-n, --seed), or "" if there are none.
func nearestFlag(fs *flag.FlagSet, name string) string {
	name = strings.TrimLeft(name, "-")
	best, bestD := "", -1
	fs.VisitAll(func(f *flag.Flag) {
		if d := editDistance(name, f.Name); bestD < 0 || d < bestD {
			best, bestD = f.Name, d
		}
	})
	if best == "" {
		return ""
	}
	return dashed(best)
}

func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// editDistance is the distance that the scenario's hints use too.
var editDistance = scenario.EditDistance

// scenario is the scenario.Request the flags ask for, with -f read: the
// default, the presets in order, the file, then the overrides.
func (c *common) scenario() (scenario.Request, error) {
	r := scenario.Request{Presets: c.presets, Sets: c.sets}
	if c.file != "" {
		f, err := scenario.ReadArg(c.file, c.stdin)
		if err != nil {
			return r, err
		}
		r.Files = []scenario.NamedText{f}
	}
	return r, nil
}

// parseCommon parses the flags of a command that runs worlds, which takes
// no positional arguments, and checks them. extra, if not nil, adds the
// command's own flags.
func parseCommon(name, usage string, defaultN int, args []string, stdin io.Reader, stdout, stderr io.Writer, extra func(*flag.FlagSet)) (common, error) {
	c := common{stdin: stdin}
	fs := newFlags(name, usage, stderr, &c, defaultN)
	if extra != nil {
		extra(fs)
	}
	if err := parseNone(fs, args, stdout, " (a scenario file goes after -f)"); err != nil {
		return c, err
	}
	err := c.check() // sets c.mem
	return c, err
}

func (c *common) check() error {
	if err := checkFormat(c.format, "text", "json", "csv"); err != nil {
		return err
	}
	if c.n < 1 {
		return usagef("-n %d: the number of worlds must be at least 1", c.n)
	}
	c.mem = readBudget()
	return nil
}

// request is the job.Request the flags ask for, with -f read.
func (c *common) request() (job.Request, error) {
	r, err := c.scenario()
	return job.Request{Scenario: r, N: c.n, Seed: c.seed}, err
}

// analyse is a command that runs one analysis: it parses the common flags
// and extra's, and runs do on the request they make in the command's
// environment.
func analyse(ctx context.Context, name, usage string, defaultN int, args []string, stdin io.Reader, stdout, stderr io.Writer, extra func(*flag.FlagSet), do func(job.Env, job.Request) (report.Report, error)) error {
	c, err := parseCommon(name, usage, defaultN, args, stdin, stdout, stderr, extra)
	if err != nil {
		return err
	}
	req, err := c.request()
	if err != nil {
		return err
	}
	return withEnv(ctx, c, stderr, func(env job.Env) (report.Report, error) { return do(env, req) }, stdout)
}

// env is the command's environment for an analysis: its memory budget, a
// notice when the request is slow and a progress bar on a terminal, which
// stop clears.
func (c *common) env(ctx context.Context, stderr io.Writer) (env job.Env, stop func()) {
	var done atomic.Int64
	bar := func() {}
	env = job.Env{Mem: c.mem, Progress: &done,
		Start: func(cost analysis.Cost) error { warnSlow(stderr, cost); return nil },
		Phase: func(total int64) { bar(); bar = showProgress(ctx, stderr, &done, total) },
	}
	return env, func() { bar() }
}

// withEnv runs one analysis in the command's environment and writes its
// report in c's format.
func withEnv(ctx context.Context, c common, stderr io.Writer, analyse func(job.Env) (report.Report, error), stdout io.Writer) error {
	env, stop := c.env(ctx, stderr)
	r, err := analyse(env)
	stop()
	if err != nil {
		return err
	}
	return emit(stdout, stderr, c.format, r)
}
