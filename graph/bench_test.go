package graph

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/trialgraph/trialgraph/ingest"
	_ "github.com/trialgraph/trialgraph/ingest/ctgovjson"
	"github.com/trialgraph/trialgraph/trial"
)

func corpusStudies(b testing.TB) []*trial.Study {
	files, _ := filepath.Glob("../testdata/corpus/ctgov-v2/*.json")
	var out []*trial.Study
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		r, err := ingest.Open(fh, f, "")
		if err != nil {
			b.Fatal(err)
		}
		for {
			s, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, s)
		}
		fh.Close()
	}
	return out
}

// BenchmarkStoreCorpus measures writing the corpus's trial graphs into a
// fresh bolt store in batches, as ingest does.
func BenchmarkStoreCorpus(b *testing.B) {
	studies := corpusStudies(b)
	bl := NewBuilder("")
	var graphs []TrialGraph
	quads := 0
	for _, s := range studies {
		qs := bl.Study(s)
		quads += len(qs)
		graphs = append(graphs, TrialGraph{NCTID: s.NCTID, Label: bl.GraphIRI(s.NCTID), Quads: qs, Rank: Rank(s)})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := Open(context.Background(), filepath.Join(b.TempDir(), "db"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for j := 0; j < len(graphs); j += 200 {
			end := min(j+200, len(graphs))
			if _, err := st.ReplaceTrials(context.Background(), graphs[j:end]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(quads)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
}
