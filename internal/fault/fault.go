// Package fault is ontrack's one error model: every error a user can cause
// carries a Kind, and the kind alone decides the exit status of the command
// and the HTTP status of the server.
//
// An error states its kind in one of two ways: it is (or wraps) an *Error,
// or its type has a method Kind() Kind, as scenario.Error (which carries a
// file position), budget.Error and sim.TooManyError do. Context
// cancellation is Cancelled wherever it comes from; anything else is
// Internal, a bug rather than the user's mistake.
package fault

import (
	"context"
	"errors"
	"fmt"
)

// Kind says whose fault an error is and what can be done about it.
type Kind int

const (
	// Internal is a bug or a failure of the machine: not the user's doing.
	// It is the zero Kind, so an error that says nothing is not blamed on
	// the user.
	Internal Kind = iota
	// Invalid is bad input: a flag, a scenario, an expression.
	Invalid
	// TooLarge is a request the memory budget or a size limit refuses;
	// a smaller one would work.
	TooLarge
	// Cancelled is a run stopped by an interrupt, a signal or a deadline.
	Cancelled
	// NotFound is a name that refers to nothing: a saved scenario's id
	// that no scenario has.
	NotFound
)

var kindNames = [...]string{Internal: "internal", Invalid: "invalid", TooLarge: "too large", Cancelled: "cancelled", NotFound: "not found"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error is an error of a stated kind. Err holds the message and, wrapped,
// its cause.
type Error struct {
	Kind Kind
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Errorf formats an error of kind k as fmt.Errorf does, so that %w wraps a
// cause that errors.Is and errors.As still find.
func Errorf(k Kind, format string, args ...any) error {
	return &Error{Kind: k, Err: fmt.Errorf(format, args...)}
}

// kinded is an error that knows its own kind.
type kinded interface {
	error
	Kind() Kind
}

// KindOf returns err's kind: Cancelled if it wraps a context's error, else
// the kind of the first error in its chain (outermost first, as errors.As
// searches) that states one, else Internal.
func KindOf(err error) Kind {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Cancelled
	}
	k := Internal
	walk(err, func(e error) bool {
		switch e := e.(type) {
		case *Error:
			k = e.Kind
			return true
		case kinded:
			k = e.Kind()
			return true
		}
		return false
	})
	return k
}

// walk visits err's tree depth first, as errors.As does, until visit
// returns true.
func walk(err error, visit func(error) bool) bool {
	if err == nil {
		return false
	}
	if visit(err) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return walk(u.Unwrap(), visit)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if walk(e, visit) {
				return true
			}
		}
	}
	return false
}

// ExitCode is the command's exit status for err: 0 for none, 2 for input
// the user can fix (invalid, too large or naming nothing), 130 for an interrupt (128 +
// SIGINT, as a shell reports it), 1 for anything else.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	switch KindOf(err) {
	case Invalid, TooLarge, NotFound:
		return 2
	case Cancelled:
		return 130
	}
	return 1
}

// HTTPStatus is the server's status for err: 200 OK for none, 400 Bad
// Request for invalid input, 404 Not Found for a name that refers to
// nothing, 413 Content Too Large for a request too large,
// 503 Service Unavailable for a cancelled one and 500 Internal Server Error
// for anything else. A run is cancelled when the client goes away (nobody
// reads the status then), or when the server stops or times the request
// out: 503 tells that client to try again later, where nginx's 499 would
// tell it nothing it understands.
func HTTPStatus(err error) int {
	if err == nil {
		return 200
	}
	switch KindOf(err) {
	case Invalid:
		return 400
	case NotFound:
		return 404
	case TooLarge:
		return 413
	case Cancelled:
		return 503
	}
	return 500
}
