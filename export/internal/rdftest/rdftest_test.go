package rdftest

import (
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
)

func TestIsomorphic(t *testing.T) {
	s, p, o := quad.IRI("http://a/s"), quad.IRI("http://a/p"), quad.IRI("http://a/o")
	b := func(n string) quad.BNode { return quad.BNode(n) }
	q := func(s, p, o quad.Value) quad.Quad { return quad.Quad{Subject: s, Predicate: p, Object: o} }
	// A chain of three blank nodes against a cycle of three, which plain
	// degree counting cannot tell apart from each other when unlabelled.
	chain := []quad.Quad{q(b("x"), p, b("y")), q(b("y"), p, b("z")), q(b("z"), p, b("x2"))}
	cycle := []quad.Quad{q(b("u"), p, b("v")), q(b("v"), p, b("w")), q(b("w"), p, b("u"))}
	for _, tc := range []struct {
		name string
		a, b []quad.Quad
		iso  bool
	}{
		{"empty", nil, nil, true},
		{"ground equal", []quad.Quad{q(s, p, o)}, []quad.Quad{q(s, p, o)}, true},
		{"ground differ", []quad.Quad{q(s, p, o)}, []quad.Quad{q(s, p, s)}, false},
		{"duplicates collapse", []quad.Quad{q(s, p, o), q(s, p, o)}, []quad.Quad{q(s, p, o)}, true},
		{"renamed bnodes", []quad.Quad{q(b("a"), p, b("b")), q(b("b"), p, o)}, []quad.Quad{q(b("n1"), p, o), q(b("n0"), p, b("n1"))}, true},
		{"bnode structure differs", []quad.Quad{q(b("a"), p, b("b")), q(b("b"), p, o)}, []quad.Quad{q(b("a"), p, b("b")), q(b("a"), p, o)}, false},
		{"one vs two bnodes", []quad.Quad{q(s, p, b("a")), q(o, p, b("a"))}, []quad.Quad{q(s, p, b("a")), q(o, p, b("b"))}, false},
		{"chain vs cycle", chain[:3], cycle, false},
		{"lang case", []quad.Quad{q(s, p, quad.LangString{Value: "x", Lang: "en-US"})}, []quad.Quad{q(s, p, quad.LangString{Value: "x", Lang: "en-us"})}, true},
		{"xsd:string", []quad.Quad{q(s, p, quad.String("x"))}, []quad.Quad{q(s, p, quad.TypedString{Value: "x", Type: "http://www.w3.org/2001/XMLSchema#string"})}, true},
		{"literal differs", []quad.Quad{q(s, p, quad.String("x"))}, []quad.Quad{q(s, p, quad.String("y"))}, false},
		{"ground and bnode", []quad.Quad{q(s, p, o), q(b("a"), p, o)}, []quad.Quad{q(s, p, s), q(b("a"), p, o)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Isomorphic(tc.a, tc.b)
			if (err == nil) != tc.iso {
				t.Errorf("Isomorphic = %v, want isomorphic %v", err, tc.iso)
			}
		})
	}
}

func TestReadManifest(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "testdata", "w3c", "rdf-turtle")
	tests, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, tc := range tests {
		n[tc.Type]++
		if tc.Type == "TestTurtleEval" && tc.Result == "" {
			t.Errorf("%s: evaluation test without a result", tc.Name)
		}
	}
	// Counts from the manifest (its README's counts are older).
	want := map[string]int{"TestTurtleEval": 145, "TestTurtlePositiveSyntax": 74, "TestTurtleNegativeSyntax": 94}
	for k, v := range want {
		if n[k] != v {
			t.Errorf("%d tests of type %s, want %d (all: %v)", n[k], k, v, n)
		}
	}
}
