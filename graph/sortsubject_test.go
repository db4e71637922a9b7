package graph

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/cayleygraph/quad"
)

// An export worker sorts a subject's statements (sortSubject) in the order
// SortQuads gives them, duplicates dropped.
func TestSortSubjectAgreesWithSortQuads(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	subj := quad.IRI("http://ex/s")
	preds := []quad.Value{quad.IRI(rdfType), quad.IRI("http://ex/a"), quad.IRI("http://ex/b"), quad.IRI("http://ex/a#x")}
	objs := []quad.Value{
		quad.IRI("http://ex/o"), quad.IRI("http://ex/O"), quad.String("plain"), quad.String("Plain"),
		quad.LangString{Value: "é", Lang: "fr"}, quad.TypedString{Value: "2", Type: "http://www.w3.org/2001/XMLSchema#integer"},
		quad.BNode("b1"), quad.IRI("http://schema.org/Place"),
		quad.String("a\"b"), quad.String("a\nb"), quad.String("a\\b"), quad.String("a\tb"), quad.String("a b"), quad.String("a!b"),
		quad.LangString{Value: "x\ty", Lang: "en"}, quad.TypedString{Value: "a\rb", Type: "http://ex/t"}, quad.Int(5),
	}
	labels := []quad.Value{nil, quad.IRI("http://ex/g1"), quad.IRI("http://ex/g2")}
	var r subjectRefs
	for round := range 200 {
		var qs []quad.Quad
		for range rng.Intn(30) {
			qs = append(qs, quad.Quad{Subject: subj, Predicate: preds[rng.Intn(len(preds))], Object: objs[rng.Intn(len(objs))], Label: labels[rng.Intn(len(labels))]})
		}
		want := SortQuads(append([]quad.Quad(nil), qs...))
		got := qs[:r.sortSubject(qs)]
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d:\n got %v\nwant %v", round, got, want)
		}
	}
}

// appendNT spells values as their String methods do.
func TestAppendNT(t *testing.T) {
	for _, v := range []quad.Value{
		quad.IRI("http://ex/a"), quad.BNode("b1"), quad.String(""), quad.String("plain é"),
		quad.String("\\\"\n\r\t mixed \"q\" \\"), quad.LangString{Value: "tab\there", Lang: "en-GB"},
		quad.TypedString{Value: "2026-11-24", Type: "http://www.w3.org/2001/XMLSchema#date"},
		quad.TypedString{Value: "say \"hi\"", Type: "http://ex/t"}, quad.Int(-3), quad.Bool(true),
	} {
		if got, want := string(appendNT([]byte("prefix"), v)), "prefix"+v.String(); got != want {
			t.Errorf("appendNT(%#v) = %q, want %q", v, got, want)
		}
	}
	if got := appendNT(nil, nil); len(got) != 0 {
		t.Errorf("appendNT(nil) = %q", got)
	}
}
