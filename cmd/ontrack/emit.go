package main

import (
	"fmt"
	"io"

	"ontrack/internal/report"
)

// emit writes r to w in format (text, json or csv) and its warnings to
// stderr, whatever the format.
func emit(w, stderr io.Writer, format string, r report.Report) error {
	var err error
	switch format {
	case "json":
		err = r.WriteJSON(w)
	case "csv":
		err = r.WriteCSV(w)
	default:
		err = r.WriteText(w)
	}
	warn(stderr, r.Warns())
	return err
}

// warn writes a report's warnings, one a line.
func warn(stderr io.Writer, msgs []string) {
	for _, msg := range msgs {
		fmt.Fprintf(stderr, "ontrack: warning: %s\n", msg)
	}
}
