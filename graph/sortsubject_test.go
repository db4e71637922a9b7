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
