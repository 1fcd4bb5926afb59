package main

import (
	"context"
	"flag"
	"io"
	"strings"

	"ontrack/internal/job"
	"ontrack/internal/outfile"
)

const reportUsage = `Usage: ontrack report -o FILE [--preset NAME]... [-f FILE] [--set PATH=VALUE]... [-n N] [--seed S] [--tornado-n N] [--fan-n N] [--sobol-n N] [--boot B]

Writes one self-contained HTML file (inline SVG and CSS, no script, no
reference to anything outside it) to attach to an email or a grant report,
or to print: P(on track) with its standard error in a plain sentence,
P(never), the median lead and the outcome breakdown; charts of the race
(done, AGI and ASI by year), the lead and the share of the work done over
time; what differs from the default, with sources; the levers of the
scenario on the same worlds; and which beliefs matter most, as a tornado
and as Sobol indices with their bootstrap intervals.
The headline is ontrack run's P(on track) for the same flags. -o - writes
to standard output; a file is written whole or not at all.
`

func reportCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var out string
	r := job.ReportRequest{Command: command(args)}
	c, err := parseCommon("report", reportUsage, job.ReportN, args, stdin, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "o", "", "write the report to `FILE` (- for standard output)")
		fs.IntVar(&r.TornadoN, "tornado-n", job.ReportTornadoN, "worlds for the tornado (0: none)")
		fs.IntVar(&r.FanN, "fan-n", job.ReportFanN, "worlds for the fan chart of the work done (at most -n)")
		fs.IntVar(&r.SobolN, "sobol-n", job.ReportSobolN, "base samples for the Sobol indices (0: none)")
		fs.IntVar(&r.Boot, "boot", job.SensitivityBoot, "bootstrap resamples for the Sobol intervals")
	})
	if err != nil {
		return err
	}
	switch {
	case out == "":
		return usagef("report: -o FILE is required (- writes to standard output)")
	case c.format != "text":
		return usagef("report: --format does not apply; the report is HTML")
	}
	if r.Request, err = c.request(); err != nil {
		return err
	}
	env, stop := c.env(ctx, stderr)
	page, err := job.Report(ctx, env, r)
	stop()
	if err != nil {
		return err
	}
	warn(stderr, page.Run.Warns())
	if out == "-" {
		return page.WriteHTML(stdout)
	}
	return outfile.Write(out, func(w io.Writer) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return page.WriteHTML(w)
	})
}

// command is the command line that reproduces a report, quoted for a
// POSIX shell where an argument needs it.
func command(args []string) string {
	parts := []string{"ontrack", "report"}
	for _, a := range args {
		if a == "" || strings.ContainsFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.,/=:%+@", r))
		}) {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}
