package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"ontrack/internal/fault"
)

func open(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ontrack.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestSaveGet(t *testing.T) {
	s, _ := open(t)
	ctx := context.Background()
	clock := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return clock }
	req := []byte(`{"presets":["century"],"n":1000}`)
	id, err := s.Save(ctx, req, "")
	if err != nil {
		t.Fatal(err)
	}
	if id != ID(req) || len(id) != idLen {
		t.Fatalf("id %q, want %q", id, ID(req))
	}
	got, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Request) != string(req) || got.Parent != "" || !got.Created.Equal(clock) {
		t.Fatalf("got %+v", got)
	}

	// The same request again: the same id, the first save's time kept.
	s.now = func() time.Time { return clock.Add(time.Hour) }
	again, err := s.Save(ctx, req, "")
	if err != nil || again != id {
		t.Fatalf("second save: %q, %v; want %q", again, err, id)
	}
	if got, _ := s.Get(ctx, id); !got.Created.Equal(clock) {
		t.Fatalf("a second save changed the time to %v", got.Created)
	}

	// An edit: a new id that records its parent.
	edit := []byte(`{"presets":["century"],"n":2000}`)
	child, err := s.Save(ctx, edit, id)
	if err != nil || child == id {
		t.Fatalf("edit: %q, %v", child, err)
	}
	if got, _ := s.Get(ctx, child); got.Parent != id {
		t.Fatalf("parent %q, want %q", got.Parent, id)
	}
	list, err := s.List(ctx, 10)
	if err != nil || len(list) != 2 || list[0].ID != child || list[1].ID != id {
		t.Fatalf("list: %v, %v", list, err)
	}
}

func TestBadInput(t *testing.T) {
	s, _ := open(t)
	ctx := context.Background()
	for _, id := range []string{"", "0123456789abcdef", "'; DROP TABLE scenarios; --", "0123456789ABCDEF", "../../etc/passwd"} {
		_, err := s.Get(ctx, id)
		if !errors.Is(err, ErrNotFound) || fault.KindOf(err) != fault.NotFound {
			t.Errorf("Get(%q): %v, want not found", id, err)
		}
	}
	if _, err := s.Save(ctx, nil, ""); fault.KindOf(err) != fault.Invalid {
		t.Errorf("empty request: %v", err)
	}
	if _, err := s.Save(ctx, make([]byte, MaxRequest+1), ""); fault.KindOf(err) != fault.TooLarge {
		t.Errorf("large request: %v", err)
	}
	if _, err := s.Save(ctx, []byte("{}"), "0123456789abcdef"); fault.KindOf(err) != fault.Invalid {
		t.Errorf("unknown parent: %v", err)
	}
	if _, err := s.Save(ctx, []byte("{}"), "x' OR 1=1 --"); fault.KindOf(err) != fault.Invalid {
		t.Errorf("malformed parent: %v", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "a?mode=ro")); fault.KindOf(err) != fault.Invalid {
		t.Errorf("path with ?: %v", err)
	}
	if list, err := s.List(ctx, -5); err != nil || len(list) != 0 {
		t.Errorf("List(-5): %v, %v", list, err)
	}
}

// TestFileMode checks that the database and its journal files are
// readable by their owner only, whatever the umask.
func TestFileMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows files have no Unix permission bits")
	}
	s, path := open(t)
	if _, err := s.Save(context.Background(), []byte("{}"), ""); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want -rw-------", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

func TestReopen(t *testing.T) {
	s, path := open(t)
	ctx := context.Background()
	id, err := s.Save(ctx, []byte(`{"n":5}`), "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.Get(ctx, id); err != nil || string(got.Request) != `{"n":5}` {
		t.Fatalf("after reopening: %v, %v", got, err)
	}
	if err := s2.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchema(t *testing.T) {
	s, path := open(t)
	if _, err := s.db.Exec("PRAGMA user_version = 7"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(path)
	if fault.KindOf(err) != fault.Invalid {
		t.Fatalf("schema 7: %v", err)
	}
}

// TestConcurrentSaves saves from many goroutines at once, as a busy server
// does: every save succeeds and is there afterwards.
func TestConcurrentSaves(t *testing.T) {
	s, _ := open(t)
	ctx := context.Background()
	const clients, each = 16, 20
	ids := make([][]string, clients)
	var wg sync.WaitGroup
	errs := make(chan error, clients*each)
	for c := range clients {
		wg.Go(func() {
			for k := range each {
				id, err := s.Save(ctx, fmt.Appendf(nil, `{"client":%d,"k":%d}`, c, k), "")
				if err != nil {
					errs <- err
					return
				}
				ids[c] = append(ids[c], id)
				if _, err := s.Get(ctx, id); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	list, err := s.List(ctx, MaxList)
	if err != nil || len(list) != clients*each {
		t.Fatalf("%d saved, want %d (%v)", len(list), clients*each, err)
	}
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
}
