package ingest

import (
	"errors"
	"fmt"
	"strings"
)

// Causes wrapped by ParseError. Compare with errors.Is.
var (
	ErrEmpty        = errors.New("empty input")
	ErrSyntax       = errors.New("syntax error")
	ErrTruncated    = errors.New("input ends inside a record")
	ErrMissingField = errors.New("required field missing")
	ErrBadValue     = errors.New("bad value")
	ErrTooLarge     = errors.New("input too large")
	ErrNotStudy     = errors.New("not a clinical study record")
)

// ParseError is an error in one record of an input, with its position.
type ParseError struct {
	File  string // the input's name, "-" for standard input
	Line  int    // 1-based line, 0 when unknown
	Path  string // position inside a structured record, such as a JSON path
	Field string // the field being read, when known
	Err   error  // the cause, usually one of the Err* sentinels, wrapped
}

func (e *ParseError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
	} else {
		b.WriteString("<input>")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Path != "" {
		fmt.Fprintf(&b, "%s: ", e.Path)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }
