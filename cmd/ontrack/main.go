// Command ontrack asks whether technical AI alignment research will be done
// before superintelligent AI arrives, and what changes the odds.
//
// Run `ontrack -h` for the commands. main is the only place that exits.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"ontrack/internal/budget"
	"ontrack/internal/fault"
)

func main() {
	// SIGTERM (kill, a service manager, a container stopping) ends a run
	// as Ctrl-C does: the work stops, no file is left half written, and
	// the exit status is 130.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// Hold the runtime to the memory budget that every request is checked
	// against, so that garbage is collected before it can take the process
	// past it. Here, not in run: it is the process's, not a test's.
	budget.Read().Enforce()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		switch {
		case errors.Is(err, errHelpShown):
		case fault.KindOf(err) == fault.Cancelled:
			fmt.Fprintln(os.Stderr, "ontrack: interrupted")
		default:
			fmt.Fprintln(os.Stderr, "ontrack: "+err.Error())
		}
		os.Exit(exitCode(err))
	}
}

// usagef is a mistake in how the command was called: invalid input, whose
// cause, if any, %w wraps.
func usagef(format string, args ...any) error {
	return fault.Errorf(fault.Invalid, format, args...)
}

// errHelpShown ends a run after -h has printed its help.
var errHelpShown = errors.New("help shown")

// exitCode maps an error to the exit status: 0 after -h, otherwise as
// fault.ExitCode does (2 for bad input of any kind, 130 for an interrupt,
// 1 for anything else).
func exitCode(err error) int {
	if errors.Is(err, errHelpShown) {
		return 0
	}
	return fault.ExitCode(err)
}

const topUsage = `ontrack: will alignment research be done before superintelligent AI?

Usage:
  ontrack run [flags]        run a scenario (the embedded default unless -f)
  ontrack sweep [flags]      P(on track) over a grid of one or two parameters
  ontrack compare [flags]    levers (interventions) against the baseline, on the same worlds
  ontrack solve [flags]      the value of a parameter that reaches a target P(on track) or lead
  ontrack sensitivity        which beliefs drive the answer: tornado and Sobol indices
  ontrack condition [flags]  P(on track) given an observation, such as AGI before 2030
  ontrack explain [flags]    why two views disagree: each difference's share (Shapley values)
  ontrack report -o FILE     one self-contained HTML report with charts, levers and sensitivity
  ontrack serve              the page and the JSON API on http://127.0.0.1:8080/
  ontrack presets            list the embedded worldviews (--run: P(on track) under each)
  ontrack data [NAME]        list the embedded data sets, or print one
  ontrack fit                derive the default's field numbers from the data
  ontrack params             list every parameter with its default and source
  ontrack show [flags]       print the effective scenario as a file that run -f reads
  ontrack validate FILE      check a scenario file
  ontrack version            print the version

Run 'ontrack COMMAND -h' (or 'ontrack help COMMAND') for a command's flags;
-f - reads a scenario from standard input. MODEL.md explains the model.
`

// commands are the subcommands, in the order topUsage lists them.
var commands = []string{"run", "sweep", "compare", "solve", "sensitivity", "condition", "explain", "report", "serve", "presets", "data", "fit", "params", "show", "validate", "version"}

// subcommands run each command, given the arguments after its name.
var subcommands = map[string]func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error{
	"run": runCmd, "sweep": sweepCmd, "compare": compareCmd, "solve": solveCmd, "sensitivity": sensitivityCmd,
	"condition": conditionCmd, "explain": explainCmd, "report": reportCmd, "serve": serveCmd, "presets": presetsCmd, "data": dataCmd, "fit": fitCmd,
	"params": paramsCmd, "show": showCmd, "validate": validateCmd, "version": versionCmd,
}

// run is the whole command, apart from exiting.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage)
		return usagef("no command given")
	}
	cmd, rest := args[0], args[1:]
	if f, ok := subcommands[cmd]; ok {
		return f(ctx, rest, stdin, stdout, stderr)
	}
	switch cmd {
	case "-version", "--version":
		return versionCmd(ctx, rest, stdin, stdout, stderr)
	case "help", "-h", "-help", "--help":
		// ontrack help COMMAND is ontrack COMMAND -h.
		if len(rest) > 0 && slices.Contains(commands, rest[0]) {
			return run(ctx, []string{rest[0], "-h"}, stdin, stdout, stderr)
		}
		if len(rest) > 0 {
			return unknownCommand(rest[0])
		}
		_, err := fmt.Fprint(stdout, topUsage)
		return err
	}
	if strings.HasPrefix(cmd, "-") {
		top := []string{"help", "version"}
		best := slices.MinFunc(top, func(a, b string) int {
			return editDistance(strings.TrimLeft(cmd, "-"), a) - editDistance(strings.TrimLeft(cmd, "-"), b)
		})
		return usagef("unknown flag %s (did you mean --%s?); a command comes first: see ontrack -h", cmd, best)
	}
	return unknownCommand(cmd)
}

// unknownCommand is one line, naming the nearest command if it is close.
func unknownCommand(cmd string) error {
	best := slices.MinFunc(commands, func(a, b string) int { return editDistance(cmd, a) - editDistance(cmd, b) })
	if editDistance(cmd, best) <= max(2, len(cmd)/3) {
		return usagef("unknown command %q (did you mean %s?); see ontrack -h", cmd, best)
	}
	return usagef("unknown command %q; see ontrack -h for the commands", cmd)
}
