package graph

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/ontology"
)

// exportStore holds three trial graphs that share a site and a cell
// source, with a statement repeated across graphs, a blank node and
// typed values.
func exportStore(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	st, _ := openTemp(t)
	t.Cleanup(func() { st.Close() })
	typ := quad.IRI(ontology.RDFType)
	site, cord := quad.IRI(DefaultBase+"site/s1"), quad.IRI(DefaultBase+"cell-source/umbilical-cord")
	var graphs []TrialGraph
	for i, src := range []quad.Value{cord, cord, quad.IRI(DefaultBase + "cell-source/bone-marrow")} {
		nct := fmt.Sprintf("NCT0000000%d", i+1)
		trial, label := quad.IRI(DefaultBase+"trial/"+nct), quad.IRI(DefaultBase+"graph/"+nct)
		add := func(s quad.Value, p string, o quad.Value) quad.Quad {
			return quad.Quad{Subject: s, Predicate: quad.IRI(p), Object: o, Label: label}
		}
		graphs = append(graphs, TrialGraph{NCTID: nct, Label: label, Rank: "1", Quads: []quad.Quad{
			add(trial, ontology.RDFType, quad.IRI(ontology.TG+"Trial")),
			add(trial, ontology.SchemaName, quad.String("Trial "+nct)),
			add(trial, ontology.CellSourceProp, src),
			add(trial, ontology.TG+"site", site),
			add(trial, ontology.SchemaURL, quad.IRI("https://clinicaltrials.gov/study/"+nct)),
			add(trial, ontology.TG+"enrollment", quad.Int(10*(i+1))),
			add(quad.BNode("x"+nct), ontology.TG+"note", quad.String("bnode")),
			add(site, ontology.RDFType, typ), // a statement in every graph
			add(site, ontology.SchemaName, quad.String("Site one")),
			add(quad.IRI(DefaultBase+"source/"+nct), ontology.SourceLastUpdated,
				quad.TypedString{Value: quad.String(fmt.Sprintf("2024-0%d-01", i+1)), Type: quad.IRI(ontology.XSDDate)}),
		}})
	}
	if _, err := st.ReplaceTrials(ctx, graphs); err != nil {
		t.Fatal(err)
	}
	return st
}

func collect(t *testing.T, st *Store, sel Selection) []quad.Quad {
	t.Helper()
	var out []quad.Quad
	subjects := map[string]bool{}
	err := st.EachSubject(context.Background(), sel, func(qs []quad.Quad) error {
		s := qs[0].Subject.String()
		if subjects[s] {
			t.Errorf("subject %s given twice", s)
		}
		subjects[s] = true
		for _, q := range qs {
			if q.Subject.String() != s {
				t.Errorf("statement of %s among those of %s", q.Subject, s)
			}
		}
		out = append(out, qs...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameQuads(t *testing.T, name string, got, want []quad.Quad) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d statements, want %d", name, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: statement %d = %v, want %v", name, i, got[i], want[i])
		}
	}
}

// TestEachSubjectMatchesTriplesAndQuads checks that streaming subject by
// subject gives the statements of Triples and Quads in their order.
func TestEachSubjectMatchesTriplesAndQuads(t *testing.T) {
	ctx := context.Background()
	st := exportStore(t)
	triples, err := st.Triples(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameQuads(t, "triples", collect(t, st, Selection{}), triples)
	quads, err := st.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameQuads(t, "quads", collect(t, st, Selection{KeepLabels: true}), quads)

	var viaGraphs []quad.Quad
	var labels []string
	err = st.EachGraph(ctx, nil, func(l quad.Value, qs []quad.Quad) error {
		labels = append(labels, l.String())
		viaGraphs = append(viaGraphs, qs...)
		return nil
	})
	if err != nil || len(labels) != 3 || len(viaGraphs) != len(quads) {
		t.Errorf("EachGraph: %v, %d quads, %v", labels, len(viaGraphs), err)
	}
}

func TestSelectionAndSummary(t *testing.T) {
	ctx := context.Background()
	st := exportStore(t)
	g1, g3 := quad.IRI(DefaultBase+"graph/NCT00000001"), quad.IRI(DefaultBase+"graph/NCT00000003")
	sel := Selection{Labels: []quad.Value{g3, g1}}
	got := collect(t, st, sel)
	var want []quad.Quad
	for _, g := range []quad.IRI{g1, g3} {
		qs, _ := st.GraphQuads(ctx, g)
		for _, q := range qs {
			q.Label = nil
			want = append(want, q)
		}
	}
	sameQuads(t, "two graphs", got, SortQuads(want))

	sum, err := st.Summarize(ctx, sel)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Statements != int64(len(got)) {
		t.Errorf("Statements = %d, EachSubject gave %d", sum.Statements, len(got))
	}
	if sum.LastUpdated != "2024-03-01" || len(sum.Sources) != 1 || sum.Sources[0] != "https://clinicaltrials.gov/" {
		t.Errorf("summary %+v", sum)
	}
	classes := map[string]int64{}
	for _, c := range sum.Classes {
		classes[c.Value.String()] = c.N
	}
	if classes["<"+ontology.TG+"Trial>"] != 2 || len(classes) != 2 {
		t.Errorf("classes %v", classes)
	}
	quadsSum, _ := st.Summarize(ctx, Selection{KeepLabels: true})
	all, _ := st.Quads(ctx)
	if quadsSum.Statements != int64(len(all)) {
		t.Errorf("quads summary: %d statements, store has %d", quadsSum.Statements, len(all))
	}

	// The summary counted while streaming counts what is streamed, and
	// the statements are EachSubject's.
	for _, sel := range []Selection{sel, {}, {KeepLabels: true}} {
		ex, err := st.NewExport(ctx, sel)
		if err != nil {
			t.Fatal(err)
		}
		var streamed []quad.Quad
		subjects := int64(0)
		got, err := ex.EachSubjectSummary(ctx, func(qs []quad.Quad) error { streamed = append(streamed, qs...); subjects++; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if got.Statements != int64(len(streamed)) || got.Subjects != subjects {
			t.Errorf("%+v: summary counts %d statements of %d subjects, %d of %d streamed", sel, got.Statements, got.Subjects, len(streamed), subjects)
		}
		sameQuads(t, "EachSubjectSummary", streamed, collect(t, st, sel))
	}

	void := sum.VoID(DefaultBase, "")
	if void[0].Subject != DatasetIRI(DefaultBase) || void[0].Predicate != quad.IRI(ontology.RDFType) {
		t.Errorf("VoID starts with %v", void[0])
	}
	var triples quad.Value
	for _, q := range void {
		if q.Subject == DatasetIRI(DefaultBase) && q.Predicate == quad.IRI(voidTriples) {
			triples = q.Object
		}
	}
	if triples == nil || literalText(triples) != fmt.Sprint(len(got)) {
		t.Errorf("void:triples %v, want %d", triples, len(got))
	}

	cord, err := st.GraphsWith(ctx, quad.IRI(ontology.CellSourceProp), quad.IRI(DefaultBase+"cell-source/umbilical-cord"))
	if err != nil || len(cord) != 2 || cord[0] != g1 {
		t.Errorf("GraphsWith umbilical cord = %v, %v", cord, err)
	}
	if err := st.EachSubject(ctx, Selection{Labels: []quad.Value{quad.IRI("urn:none")}}, func([]quad.Quad) error { return nil }); !errors.Is(err, ErrNoSuchGraph) {
		t.Errorf("unknown graph: %v", err)
	}
}
