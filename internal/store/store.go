// Package store keeps saved scenarios in SQLite, so that a share link
// reopens the same request and reproduces its numbers exactly.
//
// A saved request is immutable and named by its content: the same request
// saved twice gets the same id, and an edit gets a new id that records the
// one it was edited from (its parent). Nothing is ever updated or deleted,
// so a link, once given, always means the same thing.
//
// The driver is modernc.org/sqlite, a translation of SQLite's C into Go:
// the binary stays static and needs no C compiler. Every write is in WAL
// mode with synchronous=FULL, so a save that returned survives the process
// being killed and the machine losing power.
package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"ontrack/internal/fault"
)

// MaxRequest is the largest request a scenario may save, in bytes: the
// server's cap on a request body.
const MaxRequest = 1 << 20

// MaxList is the most saved scenarios List returns at once.
const MaxList = 1000

// idLen is the length of an id in hex digits: 64 bits of SHA-256, so that
// two different requests share an id with odds of about n²/2⁶⁵ among n
// saves. Save checks the content on a clash rather than trust the odds.
const idLen = 16

// schema is version 1 of the database. STRICT tables refuse a value of the
// wrong type rather than store it.
const schema = `
CREATE TABLE scenarios (
	id      TEXT PRIMARY KEY,
	parent  TEXT NOT NULL,
	request BLOB NOT NULL,
	created INTEGER NOT NULL -- Unix milliseconds
) STRICT;
CREATE INDEX scenarios_created ON scenarios (created);
PRAGMA user_version = 1;
`

// ErrNotFound is what Get returns, wrapped, for an id that names nothing.
var ErrNotFound = errors.New("no saved scenario has that id")

// Saved is one saved request.
type Saved struct {
	ID string
	// Parent is the id of the scenario this one was edited from, or "".
	Parent  string
	Request []byte
	Created time.Time
}

// Store is a database of saved scenarios, safe for concurrent use.
type Store struct {
	db *sql.DB
	// now is the clock for Created; tests replace it.
	now func() time.Time
}

// Open opens the database at path, creating it (readable by its owner
// only) if it does not exist.
func Open(path string) (*Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		// The driver reads parameters after ? in its data source name.
		return nil, fault.Errorf(fault.Invalid, "database %q: a path must be non-empty and have no ? or #", path)
	}
	// Create the file first, so that it is 0600 whatever the umask:
	// SQLite would create it 0644 and its -wal and -shm files take the
	// database file's mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	f.Close()
	dsn := path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	s := &Store{db: db, now: time.Now}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return s, nil
}

// migrate brings the schema to the version this code knows.
func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	switch version {
	case 0:
		if _, err := tx.ExecContext(ctx, schema); err != nil {
			return err
		}
	case 1:
		return nil
	default:
		return fault.Errorf(fault.Invalid, "the database has schema version %d, newer than this ontrack knows (1)", version)
	}
	return tx.Commit()
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// ID is the id that request is saved under.
func ID(request []byte) string {
	sum := sha256.Sum256(request)
	return hex.EncodeToString(sum[:])[:idLen]
}

// Save stores request, edited from parent (an id, or "" for none), and
// returns its id. Saving the same request again returns the same id and
// keeps the first save's parent and time. When Save returns without an
// error, the request is on disk.
func (s *Store) Save(ctx context.Context, request []byte, parent string) (string, error) {
	if len(request) == 0 {
		return "", fault.Errorf(fault.Invalid, "an empty request cannot be saved")
	}
	if len(request) > MaxRequest {
		return "", fault.Errorf(fault.TooLarge, "a saved request is at most %d bytes; this one is %d", MaxRequest, len(request))
	}
	id := ID(request)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("save: %w", err)
	}
	defer tx.Rollback()
	if parent != "" {
		var one int
		err := tx.QueryRowContext(ctx, "SELECT 1 FROM scenarios WHERE id = ?", parent).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) || !validID(parent) {
			return "", fault.Errorf(fault.Invalid, "parent %q: no saved scenario has that id", parent)
		}
		if err != nil {
			return "", fmt.Errorf("save: %w", err)
		}
	}
	var old []byte
	err = tx.QueryRowContext(ctx, "SELECT request FROM scenarios WHERE id = ?", id).Scan(&old)
	switch {
	case err == nil:
		if !bytes.Equal(old, request) {
			return "", fmt.Errorf("save: two different requests share the id %s", id)
		}
		return id, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", fmt.Errorf("save: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO scenarios (id, parent, request, created) VALUES (?, ?, ?, ?)",
		id, parent, request, s.now().UnixMilli()); err != nil {
		return "", fmt.Errorf("save: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("save: %w", err)
	}
	return id, nil
}

// validID says whether id has the form of an id, so that no other string
// reaches the database.
func validID(id string) bool {
	if len(id) != idLen {
		return false
	}
	for _, c := range []byte(id) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Get returns the scenario saved under id.
func (s *Store) Get(ctx context.Context, id string) (*Saved, error) {
	if !validID(id) {
		return nil, fault.Errorf(fault.NotFound, "scenario %q: %w", id, ErrNotFound)
	}
	sv := Saved{ID: id}
	var ms int64
	err := s.db.QueryRowContext(ctx, "SELECT parent, request, created FROM scenarios WHERE id = ?", id).
		Scan(&sv.Parent, &sv.Request, &ms)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.Errorf(fault.NotFound, "scenario %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get scenario %s: %w", id, err)
	}
	sv.Created = time.UnixMilli(ms).UTC()
	return &sv, nil
}

// List returns up to limit saved scenarios (at most MaxList), newest
// first.
func (s *Store) List(ctx context.Context, limit int) ([]Saved, error) {
	limit = min(max(limit, 0), MaxList)
	rows, err := s.db.QueryContext(ctx, "SELECT id, parent, request, created FROM scenarios ORDER BY created DESC, id LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("list scenarios: %w", err)
	}
	defer rows.Close()
	var out []Saved
	for rows.Next() {
		var sv Saved
		var ms int64
		if err := rows.Scan(&sv.ID, &sv.Parent, &sv.Request, &ms); err != nil {
			return nil, fmt.Errorf("list scenarios: %w", err)
		}
		sv.Created = time.UnixMilli(ms).UTC()
		out = append(out, sv)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list scenarios: %w", err)
	}
	return out, nil
}

// Check runs SQLite's integrity check and returns an error unless it says
// "ok".
func (s *Store) Check(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("integrity check: %s", strings.Join(msgs, "; "))
	}
	return nil
}
