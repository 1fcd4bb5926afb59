package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"ontrack/internal/report"
)

// version is the release; the build's VCS revision is printed beside it.
const version = report.Version

const versionUsage = "Usage: ontrack version (or ontrack --version)\n\nPrints the version, the Go toolchain and the source revision.\n"

func versionCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", versionUsage, stderr, nil, 0)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	rev, goVer := "unknown", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVer = bi.GoVersion
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				rev = s.Value
			}
		}
	}
	_, err := fmt.Fprintf(stdout, "ontrack %s (%s, revision %s)\n", version, goVer, rev)
	return err
}
