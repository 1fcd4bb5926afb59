package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"ontrack/internal/report"
)

// version is the release; the build's VCS revision is printed beside it.
const version = report.Version

const versionUsage = "Usage: ontrack version (or ontrack --version)\n\nPrints the version, the Go toolchain and the source revision.\n"

func versionCmd(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("version", versionUsage, stderr, nil, 0)
	if err := parseNone(fs, args, stdout, ""); err != nil {
		return err
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
