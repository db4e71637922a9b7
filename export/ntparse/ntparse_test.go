package ntparse

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/trialgraph/trialgraph/export/internal/rdftest"
)

func TestW3CNTriples(t *testing.T) {
	tests, err := rdftest.ReadManifest(filepath.Join("..", "..", "testdata", "w3c", "rdf-n-triples"))
	if err != nil {
		t.Fatal(err)
	}
	var pos, neg int
	for _, tc := range tests {
		t.Run(tc.Name, func(t *testing.T) {
			f, err := os.Open(tc.Action)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			_, err = NewReader(f).ReadAll()
			switch tc.Type {
			case "TestNTriplesPositiveSyntax":
				pos++
				if err != nil {
					t.Errorf("positive syntax test: %v", err)
				}
			case "TestNTriplesNegativeSyntax":
				neg++
				if err == nil {
					t.Errorf("negative syntax test parsed without error")
				} else if !errors.Is(err, ErrSyntax) {
					t.Errorf("error %v does not wrap ErrSyntax", err)
				}
			default:
				t.Fatalf("unknown test type %s", tc.Type)
			}
		})
	}
	if pos != 41 || neg != 29 {
		t.Errorf("ran %d positive and %d negative tests, want 41 and 29", pos, neg)
	}
}

func TestRead(t *testing.T) {
	s, p := quad.IRI("http://a/s"), quad.IRI("http://a/p")
	for _, tc := range []struct {
		name, in string
		quads    bool
		want     []quad.Quad
	}{
		{"iri", "<http://a/s> <http://a/p> <http://a/o> .\n", false,
			[]quad.Quad{{Subject: s, Predicate: p, Object: quad.IRI("http://a/o")}}},
		{"uchar in iri", `<http://a/\u0073> <http://a/p> <http://a/\U0001F600> .`, false,
			[]quad.Quad{{Subject: s, Predicate: p, Object: quad.IRI("http://a/😀")}}},
		{"echar", `<http://a/s> <http://a/p> "t\tb\bn\nr\rf\f q\" a\' s\\" .`, false,
			[]quad.Quad{{Subject: s, Predicate: p, Object: quad.String("t\tb\bn\nr\rf\f q\" a' s\\")}}},
		{"uchar in literal", `<http://a/s> <http://a/p> "\u00E9\U0001F600\u0000" .`, false,
			[]quad.Quad{{Subject: s, Predicate: p, Object: quad.String("é😀\x00")}}},
		{"lang", `<http://a/s> <http://a/p> "x"@en-GB .`, false,
			[]quad.Quad{{Subject: s, Predicate: p, Object: quad.LangString{Value: "x", Lang: "en-GB"}}}},
		{"typed", `<http://a/s> <http://a/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .`, false,
			[]quad.Quad{{Subject: s, Predicate: p, Object: quad.TypedString{Value: "1", Type: "http://www.w3.org/2001/XMLSchema#integer"}}}},
		{"xsd string is simple", `<http://a/s> <http://a/p> "1"^^<http://www.w3.org/2001/XMLSchema#string> .`, false,
			[]quad.Quad{{Subject: s, Predicate: p, Object: quad.String("1")}}},
		{"bnode then dot", "_:b.1 <http://a/p> _:x.\r\n# comment\r\r", false,
			[]quad.Quad{{Subject: quad.BNode("b.1"), Predicate: p, Object: quad.BNode("x")}}},
		{"quad", "<http://a/s> <http://a/p> \"o\" <http://a/g> .\n<http://a/s> <http://a/p> \"o\" .", true,
			[]quad.Quad{{Subject: s, Predicate: p, Object: quad.String("o"), Label: quad.IRI("http://a/g")},
				{Subject: s, Predicate: p, Object: quad.String("o")}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tc.in))
			if tc.quads {
				r = NewQuadReader(strings.NewReader(tc.in))
			}
			got, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("quad %d = %#v, want %#v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in   string
		line, col  int
		quadReader bool
	}{
		{"graph in n-triples", "<http://a/s> <http://a/p> <http://a/o> <http://a/g> .", 1, 40, false},
		{"second line", "<http://a/s> <http://a/p> <http://a/o> .\n<http://a/s> <http://a/p> \"x .", 2, 27, false},
		{"literal subject", `"s" <http://a/p> <http://a/o> .`, 1, 1, false},
		{"surrogate escape", `<http://a/s> <http://a/p> "\uD800" .`, 1, 28, false},
		{"invalid utf-8", "<http://a/s> <http://a/p> \"\xff\" .", 1, 28, false},
		{"missing dot", `<http://a/s> <http://a/p> <http://a/o>`, 1, 39, false},
		{"literal graph", `<http://a/s> <http://a/p> <http://a/o> "g" .`, 1, 40, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tc.in))
			if tc.quadReader {
				r = NewQuadReader(strings.NewReader(tc.in))
			}
			_, err := r.ReadAll()
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if pe.Line != tc.line || pe.Column != tc.col {
				t.Errorf("error at %d:%d, want %d:%d (%v)", pe.Line, pe.Column, tc.line, tc.col, err)
			}
		})
	}
}

func TestReadEOF(t *testing.T) {
	r := NewReader(strings.NewReader("# only a comment\n\n"))
	if _, err := r.Read(); err != io.EOF {
		t.Fatalf("Read = %v, want io.EOF", err)
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"<http://a/s> <http://a/p> \"x\\u00e9\"@en .\n",
		"_:a <http://a/p> \"1\"^^<http://a/t> <http://a/g> .",
		"<http://a/s> <http://a/p> \"\\U0001F600\" . # c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		qs, err := NewQuadReader(strings.NewReader(in)).ReadAll()
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
		}
		for _, q := range qs {
			if q.Subject == nil || q.Predicate == nil || q.Object == nil {
				t.Fatalf("incomplete quad %#v", q)
			}
		}
	})
}
