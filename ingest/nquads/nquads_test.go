package nquads

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/ingest"
)

const g1, g2 = "https://w3id.org/trialgraph/id/graph/NCT00000001", "https://w3id.org/trialgraph/id/graph/NCT00000002"

const doc = `# an export
<https://w3id.org/trialgraph/id/site/s> <http://schema.org/name> "Site" <` + g2 + `> .
<https://w3id.org/trialgraph/id/site/s> <http://schema.org/name> "Site" <` + g1 + `> .
<https://w3id.org/trialgraph/id/trial/NCT00000001> <https://w3id.org/trialgraph/vocab#enrollment> "10"^^<http://www.w3.org/2001/XMLSchema#integer> <` + g1 + `> .

_:b1 <http://schema.org/name> "x\n\"y\""@en <` + g2 + `> .
`

func TestReadGraphs(t *testing.T) {
	r := NewReader(strings.NewReader(doc), "x.nq")
	var labels []string
	var counts []int
	for {
		l, qs, err := r.ReadGraph()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		labels = append(labels, string(l))
		counts = append(counts, len(qs))
		for _, q := range qs {
			if q.Label != l {
				t.Errorf("quad %v in graph %s", q, l)
			}
		}
		if l == g1 {
			want := quad.TypedString{Value: "10", Type: "http://www.w3.org/2001/XMLSchema#integer"}
			if qs[1].Object != want {
				t.Errorf("typed literal read as %#v", qs[1].Object)
			}
		}
	}
	if strings.Join(labels, " ") != g1+" "+g2 || counts[0] != 2 || counts[1] != 2 {
		t.Errorf("graphs %v with %v statements", labels, counts)
	}
	if NCTID(g2) != "NCT00000002" || NCTID("https://example.org/x") != "" {
		t.Error("NCTID")
	}
	if _, err := r.Read(); !errors.Is(err, ingest.ErrNotStudy) {
		t.Errorf("Read = %v, want ErrNotStudy", err)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		line     int
		cause    error
	}{
		{"no label", "<http://a/s> <http://a/p> <http://a/o> <" + g1 + "> .\n<http://a/s> <http://a/p> <http://a/o> .\n", 2, ingest.ErrNotStudy},
		{"not a trial graph", "# c\n<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n", 2, ingest.ErrNotStudy},
		{"syntax", "<http://a/s> <http://a/p> <http://a/o> <" + g1 + "> .\n<http://a/s> <p> \"x\" <" + g1 + "> .\n", 2, ingest.ErrSyntax},
		{"empty", "# nothing\n", 1, ingest.ErrEmpty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := NewReader(strings.NewReader(tc.in), "in.nq").ReadGraph()
			var pe *ingest.ParseError
			if !errors.As(err, &pe) || pe.File != "in.nq" || pe.Line != tc.line || !errors.Is(err, tc.cause) {
				t.Errorf("err = %v, want in.nq:%d wrapping %v", err, tc.line, tc.cause)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want bool
	}{
		{"export", doc, true},
		{"n-triples", "<http://a/s> <http://a/p> <http://a/o> .\n", false},
		{"turtle", "@prefix a: <http://a/> .\na:s a:p a:o .\n", false},
		{"xml", `<?xml version="1.0"?><clinical_study></clinical_study>`, false},
		{"json", `{"protocolSection": {}}`, false},
		{"comments only", "# x\n", false},
	} {
		if got := Sniff([]byte(tc.in)); got != tc.want {
			t.Errorf("%s: Sniff = %v", tc.name, got)
		}
	}
	f, err := ingest.Sniff([]byte(doc))
	if err != nil || f.Name != "nquads" {
		t.Errorf("ingest.Sniff = %v, %v", f.Name, err)
	}
	if f, ok := ingest.FormatForFile("trials.nq"); !ok || f.Name != "nquads" {
		t.Errorf("FormatForFile(.nq) = %v", f.Name)
	}
}

func FuzzReadGraph(f *testing.F) {
	f.Add(doc)
	f.Add("<a> <b> <c> <d> .")
	f.Add("_:x <http://a/p> \"\\u00e9\" <" + g1 + "> .")
	f.Fuzz(func(t *testing.T, in string) {
		r := NewReader(strings.NewReader(in), "f.nq")
		for i := 0; i < 1000; i++ {
			l, qs, err := r.ReadGraph()
			if err != nil {
				return
			}
			if NCTID(l) == "" || len(qs) == 0 {
				t.Fatalf("graph %q with %d statements", l, len(qs))
			}
		}
		t.Fatal("ReadGraph does not end")
	})
}
