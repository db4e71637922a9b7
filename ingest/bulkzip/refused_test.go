package bulkzip

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/ingest"
)

// TestRefusedEntryDoesNotEndTheWalk checks that an entry refused for its
// declared size reaches the callback as a failing reader, and that the walk
// goes on with the next entry when the callback returns nil.
func TestRefusedEntryDoesNotEndTheWalk(t *testing.T) {
	data := buildZip(t, []entry{
		{"a.json", "small"},
		{"big.json", strings.Repeat("x", 500)},
		{"b.json", "small too"},
	})
	var seen []string
	var errs []error
	err := Walk(bytes.NewReader(data), int64(len(data)), Limits{MaxEntrySize: 100}, func(name string, r io.Reader) error {
		seen = append(seen, name)
		if _, err := io.Copy(io.Discard, r); err != nil {
			errs = append(errs, err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	if got := strings.Join(seen, " "); got != "a.json big.json b.json" {
		t.Errorf("entries seen: %s", got)
	}
	var pe *ingest.ParseError
	if len(errs) != 1 || !errors.Is(errs[0], ingest.ErrTooLarge) || !errors.As(errs[0], &pe) || pe.Path != "big.json" {
		t.Errorf("errors: %v, want one ErrTooLarge for big.json", errs)
	}
}
