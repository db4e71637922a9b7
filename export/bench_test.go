package export

import (
	"io"
	"testing"

	"github.com/cayleygraph/quad"
)

func benchmarkWriter(b *testing.B, name string) {
	f, err := Lookup(name)
	if err != nil {
		b.Fatal(err)
	}
	const n = 10000 // 2000 subjects of 5 statements
	qs := make([]quad.Quad, n)
	for i := range qs {
		qs[i] = streamQuad(i, 5)
	}
	w := f.New(io.Discard, goldenOptions)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := w.WriteQuad(qs[i%n]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "triples/s")
}

// BenchmarkTurtleWriter measures the Turtle writer on trial-like
// statements (IRIs, language-tagged, integer and multi-line literals).
func BenchmarkTurtleWriter(b *testing.B) { benchmarkWriter(b, "turtle") }

func BenchmarkNTriplesWriter(b *testing.B) { benchmarkWriter(b, "ntriples") }

func BenchmarkNQuadsWriter(b *testing.B) { benchmarkWriter(b, "nquads") }
