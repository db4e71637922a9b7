package graph_test

import (
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/trial"
)

// readOne reads the single study of a file.
func readOne(t *testing.T, name string) *trial.Study {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ingest.Open(f, name, "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Read()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if _, err := r.Read(); err != io.EOF {
		t.Fatalf("%s: more than one study (%v)", name, err)
	}
	return s
}

// entityIRIs lists the org, site and person nodes of a study's graph.
func entityIRIs(s *trial.Study) []string {
	seen := map[string]bool{}
	for _, q := range graph.NewBuilder("").Study(s) {
		for _, v := range []quad.Value{q.Subject, q.Object} {
			if iri, ok := v.(quad.IRI); ok && entityKind(string(iri)) != "" {
				seen[strings.TrimPrefix(string(iri), graph.DefaultBase)] = true
			}
		}
	}
	return sortedSet(seen)
}

// TestCrossFormatIdentity reads one trial from a registry page and from an
// API v2 record written from the same page's facts: its sponsor, sites and
// people must be the same nodes.
func TestCrossFormatIdentity(t *testing.T) {
	tests := []struct{ page, json string }{
		{"../testdata/seeds/000_e6ef2a133a887bd4.txt", "../testdata/crossformat/NCT05741099.json"},
		{"../testdata/seeds/002_b0b7491b5b55d4e2.txt", "../testdata/crossformat/NCT04339660.json"},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			p, j := readOne(t, tt.page), readOne(t, tt.json)
			if p.NCTID != j.NCTID || p.Source.Format == j.Source.Format {
				t.Fatalf("not one trial in two formats: %s %s, %s %s", p.NCTID, p.Source.Format, j.NCTID, j.Source.Format)
			}
			a, b := entityIRIs(p), entityIRIs(j)
			if strings.Join(a, "\n") != strings.Join(b, "\n") {
				t.Errorf("%s (%s):\n  %s\n%s (%s):\n  %s", p.Source.Format, tt.page, strings.Join(a, "\n  "), j.Source.Format, tt.json, strings.Join(b, "\n  "))
			}
			if len(a) < 3 {
				t.Errorf("only %d entity nodes: %v", len(a), a)
			}
			sort.Strings(a)
			t.Logf("%d shared nodes, e.g. %s", len(a), a[len(a)-1])
		})
	}
}
