// Package ingesttest is the conformance suite every input format passes.
//
// A reader's test calls Run with its format and a few good inputs. The suite
// checks that good inputs yield studies with valid NCT numbers and a filled
// Source, that bad and truncated inputs yield *ingest.ParseError values with
// a file name, that no input panics, and that every read ends within a time
// limit.
//
//	func TestConformance(t *testing.T) {
//		ingesttest.Run(t, ingesttest.Suite{Format: "ctgov-json", Good: goodInputs})
//	}
package ingesttest

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/trial"
)

// Suite describes the inputs of one format.
type Suite struct {
	Format string
	// Good holds inputs that must read without error, each yielding at
	// least one study.
	Good [][]byte
	// Bad holds inputs that must yield at least one *ingest.ParseError.
	Bad [][]byte
	// Sniffed says the format must be recognised from the content of each
	// good input.
	Sniffed bool
}

// Timeout bounds one read of one input.
const Timeout = 10 * time.Second

// ReadAll reads every study of in with the named format, guarding against
// panics and hangs. It returns the studies and the errors met.
func ReadAll(t testing.TB, format string, in []byte) ([]*trial.Study, []error) {
	t.Helper()
	type result struct {
		studies []*trial.Study
		errs    []error
		panic   any
	}
	done := make(chan result, 1)
	go func() {
		var res result
		defer func() {
			res.panic = recover()
			done <- res
		}()
		r, err := ingest.Open(bytes.NewReader(in), "input.txt", format)
		if err != nil {
			res.errs = append(res.errs, err)
			return
		}
		for i := 0; i < 1_000_000; i++ {
			s, err := r.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				res.errs = append(res.errs, err)
				if len(res.errs) > 10_000 {
					return
				}
				continue
			}
			res.studies = append(res.studies, s)
		}
	}()
	select {
	case res := <-done:
		if res.panic != nil {
			t.Fatalf("reader %s panicked: %v", format, res.panic)
		}
		return res.studies, res.errs
	case <-time.After(Timeout):
		t.Fatalf("reader %s did not finish within %s", format, Timeout)
		return nil, nil
	}
}

// Run runs the suite.
func Run(t *testing.T, s Suite) {
	if _, err := ingest.Lookup(s.Format); err != nil {
		t.Fatal(err)
	}
	t.Run("good", func(t *testing.T) {
		for i, in := range s.Good {
			studies, errs := ReadAll(t, s.Format, in)
			for _, err := range errs {
				t.Errorf("good input %d: %v", i, err)
			}
			if len(studies) == 0 {
				t.Errorf("good input %d: no study", i)
			}
			for _, st := range studies {
				if err := st.Validate(); err != nil {
					t.Errorf("good input %d: %v", i, err)
				}
				if st.Source.Format != s.Format {
					t.Errorf("good input %d: Source.Format = %q, want %q", i, st.Source.Format, s.Format)
				}
				if st.Source.SHA256 == "" || st.Source.File == "" {
					t.Errorf("good input %d: Source lacks file or hash: %+v", i, st.Source)
				}
			}
			if s.Sniffed {
				f, err := ingest.Sniff(head(in))
				if err != nil || f.Name != s.Format {
					t.Errorf("good input %d: sniffed as %q, %v; want %q", i, f.Name, err, s.Format)
				}
			}
		}
	})
	t.Run("bad", func(t *testing.T) {
		for i, in := range s.Bad {
			_, errs := ReadAll(t, s.Format, in)
			if len(errs) == 0 {
				t.Errorf("bad input %d: no error", i)
			}
			checkPositioned(t, errs)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		for i, in := range s.Good {
			for _, frac := range []float64{0, 0.1, 0.5, 0.9} {
				n := int(float64(len(in)) * frac)
				_, errs := ReadAll(t, s.Format, in[:n])
				if frac == 0 && len(errs) == 0 {
					t.Errorf("good input %d cut to nothing: no error", i)
				}
				checkPositioned(t, errs)
			}
		}
	})
	t.Run("garbage", func(t *testing.T) {
		for _, in := range []string{"\x00\x01\x02", "\xff\xfe garbage", strings.Repeat("{[", 1000), "NCT"} {
			_, errs := ReadAll(t, s.Format, []byte(in))
			if len(errs) == 0 {
				t.Errorf("garbage %q: no error", in)
			}
			checkPositioned(t, errs)
		}
	})
}

func checkPositioned(t *testing.T, errs []error) {
	t.Helper()
	for _, err := range errs {
		var pe *ingest.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("error is not a *ingest.ParseError: %T %v", err, err)
			continue
		}
		if pe.File == "" {
			t.Errorf("error names no file: %v", err)
		}
	}
}

func head(in []byte) []byte {
	if len(in) > ingest.SniffSize {
		return in[:ingest.SniffSize]
	}
	return in
}
