package fault

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

// sized states its kind by a method, as budget.Error does.
type sized struct{}

func (sized) Error() string { return "too many worlds" }
func (sized) Kind() Kind    { return TooLarge }

func TestMapping(t *testing.T) {
	for _, c := range []struct {
		err        error
		kind       Kind
		exit, http int
	}{
		{nil, Internal, 0, 200},
		{errors.New("a bug"), Internal, 1, 500},
		{Errorf(Internal, "a bug"), Internal, 1, 500},
		{Errorf(Invalid, "-n 0: at least 1"), Invalid, 2, 400},
		{Errorf(TooLarge, "too big"), TooLarge, 2, 413},
		{sized{}, TooLarge, 2, 413},
		{Errorf(Cancelled, "stopped"), Cancelled, 130, 503},
		{fmt.Errorf("open: %w", Errorf(NotFound, "no scenario abc")), NotFound, 2, 404},
		{context.Canceled, Cancelled, 130, 503},
		{fmt.Errorf("run: %w", context.DeadlineExceeded), Cancelled, 130, 503},
		// An interrupt wins over whatever else the chain says.
		{Errorf(Invalid, "while reading: %w", context.Canceled), Cancelled, 130, 503},
		// The outermost statement wins.
		{Errorf(Invalid, "--mix: %w", sized{}), Invalid, 2, 400},
		{fmt.Errorf("load: %w", Errorf(TooLarge, "big: %w", Errorf(Invalid, "x"))), TooLarge, 2, 413},
		{errors.Join(errors.New("plain"), sized{}), TooLarge, 2, 413},
	} {
		if c.err != nil && KindOf(c.err) != c.kind {
			t.Errorf("KindOf(%v) = %v, want %v", c.err, KindOf(c.err), c.kind)
		}
		if got := ExitCode(c.err); got != c.exit {
			t.Errorf("ExitCode(%v) = %d, want %d", c.err, got, c.exit)
		}
		if got := HTTPStatus(c.err); got != c.http {
			t.Errorf("HTTPStatus(%v) = %d, want %d", c.err, got, c.http)
		}
	}
}

func TestWrapping(t *testing.T) {
	cause := &fs.PathError{Op: "open", Path: "my-view.yaml", Err: fs.ErrNotExist}
	err := fmt.Errorf("load scenario: %w", Errorf(Invalid, "read scenario: %w", cause))
	if got, want := err.Error(), "load scenario: read scenario: open my-view.yaml: file does not exist"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != "my-view.yaml" {
		t.Errorf("errors.As did not find the cause through two wrappings: %v", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(%v, fs.ErrNotExist) = false", err)
	}
	var fe *Error
	if !errors.As(err, &fe) || fe.Kind != Invalid {
		t.Errorf("errors.As found no *Error of kind invalid in %v", err)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Internal: "internal", Invalid: "invalid", TooLarge: "too large", Cancelled: "cancelled", NotFound: "not found", 9: "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}
