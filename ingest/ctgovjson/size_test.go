package ctgovjson

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/ingest"
)

// TestRecordSizeBound checks that a record past the size bound ends the
// stream with ErrTooLarge at its line, after the records before it, and
// that many records within the bound read whatever the total size.
func TestRecordSizeBound(t *testing.T) {
	study := func(n int, pad int) string {
		return fmt.Sprintf(`{"protocolSection":{"identificationModule":{"nctId":"NCT%08d","briefTitle":"%s"}}}`, n, strings.Repeat("x", pad))
	}
	tests := []struct {
		name string
		in   string
		read int
		err  error
		line int // where the reader stopped, inside the large record
	}{
		{"many small records", "[\n" + study(1, 300) + ",\n" + study(2, 300) + ",\n" + study(3, 300) + ",\n" + study(4, 300) + "\n]", 4, nil, 0},
		{"one large record", "[\n" + study(1, 300) + ",\n" + study(2, 3000) + ",\n" + study(3, 300) + "\n]", 1, ingest.ErrTooLarge, 3},
		{"one large object", study(1, 3000), 0, ingest.ErrTooLarge, 1},
		{"large page", `{"studies":[` + "\n" + study(1, 300) + ",\n" + study(2, 3000) + "]}", 1, ingest.ErrTooLarge, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tt.in), "big.json")
			r.lines.max = 1000
			n := 0
			var err error
			for {
				if _, err = r.Read(); err != nil {
					break
				}
				n++
			}
			if n != tt.read {
				t.Errorf("read %d studies, want %d", n, tt.read)
			}
			if tt.err == nil {
				if err != io.EOF {
					t.Errorf("error %v, want io.EOF", err)
				}
				return
			}
			var pe *ingest.ParseError
			if !errors.Is(err, tt.err) || !errors.As(err, &pe) || pe.File != "big.json" || pe.Line != tt.line {
				t.Errorf("error %v (%#v), want %v at big.json:%d", err, pe, tt.err, tt.line)
			}
			if _, err := r.Read(); err != io.EOF {
				t.Errorf("after the error: %v, want io.EOF", err)
			}
		})
	}
}
