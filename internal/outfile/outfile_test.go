package outfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"ontrack/internal/fault"
)

// Write leaves the old file, and no temporary one, when writing fails
// part way; it replaces the file whole when writing succeeds.
func TestWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.txt")
	if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error {
		fmt.Fprint(w, strings.Repeat("partial ", 100_000))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want the writer's error", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("a failed write changed the file to %.40q", b)
	}
	if err := Write(path, func(w io.Writer) error { _, err := fmt.Fprint(w, "new\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("file %q, want new", b)
	}
	unixModes := runtime.GOOS != "windows" // Windows files have no Unix permission bits
	if st, _ := os.Stat(path); unixModes && st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the replaced file's 0600", st.Mode().Perm())
	}
	fresh := filepath.Join(dir, "fresh.txt")
	if err := Write(fresh, func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(fresh); unixModes && st.Mode().Perm() != 0o644 {
		t.Errorf("a new file's mode %v, want 0644", st.Mode().Perm())
	}
	if err := Write(dir, func(w io.Writer) error { return nil }); fault.KindOf(err) != fault.Invalid {
		t.Errorf("writing over a directory: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files left in the directory: %v, want report.txt and fresh.txt", names)
	}
}
