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
	for _, msg := range r.Warns() {
		fmt.Fprintf(stderr, "ontrack: warning: %s\n", msg)
	}
	return err
}
