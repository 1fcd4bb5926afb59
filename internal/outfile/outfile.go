// Package outfile writes an output file whole or not at all, so that an
// interrupted or failed command never leaves half a report where the last
// good one was.
package outfile

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"ontrack/internal/fault"
)

// Write writes the file at path whole or not at all: write fills a
// temporary file in the same directory, which is flushed to disk and
// renamed over path only once every byte is in. An error, a full disk or
// an interrupt (write sees the context and returns its error) leaves path
// as it was and no temporary file behind. A new file gets mode 0644, a
// replaced one keeps its mode. A path that names something other than a
// regular file (a directory, a device) is invalid input.
func Write(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return fault.Errorf(fault.Invalid, "write %s: not a regular file", path)
		}
		mode = st.Mode().Perm()
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	b := bufio.NewWriterSize(f, 1<<16)
	if err = write(b); err != nil {
		return err
	}
	if err = b.Flush(); err != nil {
		return err
	}
	if err = f.Chmod(mode); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
