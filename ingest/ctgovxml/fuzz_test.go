package ctgovxml

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/trialgraph/trialgraph/ingest"
)

// FuzzCTGovXML: no input panics or hangs; every error is a positioned
// *ingest.ParseError and every study has a valid NCT number.
func FuzzCTGovXML(f *testing.F) {
	for _, name := range []string{"NCT03182660.xml", "NCT00001177.xml", "NCT02028676__2.xml"} {
		f.Add(readFile(f, name))
	}
	f.Add([]byte(minimal))
	f.Add([]byte(wrapper))
	f.Add([]byte(xxe))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := NewReader(bytes.NewReader(in), "fuzz.xml")
		for i := 0; ; i++ {
			if i > len(in)+2 {
				t.Fatalf("more than %d results from %d bytes", i, len(in))
			}
			s, err := r.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				var pe *ingest.ParseError
				if !errors.As(err, &pe) || pe.File != "fuzz.xml" || pe.Line < 1 {
					t.Fatalf("error %T %v is not a positioned ParseError", err, err)
				}
				continue
			}
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
