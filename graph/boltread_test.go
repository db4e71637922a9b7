package graph

import (
	"context"
	"encoding/binary"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// replaceGraph stores qs as the graph of the trial g, replacing what g held.
func replaceGraph(t *testing.T, st *Store, g string, qs []quad.Quad) {
	t.Helper()
	if _, err := st.ReplaceTrials(context.Background(), []TrialGraph{{NCTID: g, Label: quad.IRI(g), Quads: qs, Rank: "1"}}); err != nil {
		t.Fatal(err)
	}
}

// exportAll reads sel with EachSubject and returns the statements as text.
func exportAll(t *testing.T, st *Store, sel Selection) []string {
	t.Helper()
	var out []string
	err := st.EachSubject(context.Background(), sel, func(qs []quad.Quad) error {
		for _, q := range qs {
			out = append(out, q.String())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The direct reading of a bolt store (boltReader) gives what Cayley's
// iterators give, statement for statement, after replacements have left
// deleted quads in the log, a deleted quad has been added again (a new
// primitive), nodes have lost their last quad, and a trial shares
// statements and subjects with another.
func TestBoltReaderAgreesWithIterators(t *testing.T) {
	st, _ := openTemp(t)
	defer st.Close()
	if st.bolt == nil {
		t.Fatal("a directory store has no bolt file to read")
	}
	lit := func(s, p string, o quad.Value, g string) quad.Quad {
		return quad.Quad{Subject: quad.IRI(s), Predicate: quad.IRI(p), Object: o, Label: quad.IRI(g)}
	}
	graphOf := func(g string, n, from int) []quad.Quad {
		var qs []quad.Quad
		for i := from; i < from+n; i++ {
			qs = append(qs,
				lit("http://ex/shared", "http://ex/name", quad.String("Shared"), g),
				lit(fmt.Sprintf("http://ex/%s/s%d", g, i), "http://ex/v", quad.String(fmt.Sprintf("v%d", i)), g),
				lit(fmt.Sprintf("http://ex/%s/s%d", g, i), "http://ex/w", quad.TypedString{Value: quad.String(fmt.Sprintf("w%d", i)), Type: "http://ex/t"}, g),
				lit(fmt.Sprintf("http://ex/%s/s%d", g, i), "http://ex/lang", quad.LangString{Value: "é", Lang: "fr"}, g),
				lit(fmt.Sprintf("http://ex/%s/s%d", g, i), "http://ex/link", quad.IRI("http://ex/shared"), g),
				lit("http://ex/shared", "http://ex/in", quad.IRI(fmt.Sprintf("http://ex/%s/s%d", g, i)), g))
		}
		return DistinctQuads(qs)
	}
	write := func(g string, qs []quad.Quad) { t.Helper(); replaceGraph(t, st, g, qs) }
	write("g1", graphOf("g1", 40, 0))
	write("g2", graphOf("g2", 30, 0))
	write("g1", graphOf("g1", 20, 30)) // deletes s0..s29, keeps s30..s39, adds s40..s49
	write("g1", graphOf("g1", 40, 0))  // adds s0..s29 again, deletes s40..s49
	write(RecordPredicate.String(), []quad.Quad{{Subject: quad.IRI("http://ex/source"), Predicate: RecordPredicate, Object: quad.String("hidden"), Label: quad.IRI("g3")}})

	saved := knownMax
	defer func() { knownMax = saved }()
	for i, sel := range []Selection{{}, {KeepLabels: true}, {Labels: []quad.Value{quad.IRI("g2")}}, {}, {}, {}} {
		if i >= 3 {
			knownMax = 2 * i // the readers' kept values emptied every few subjects
		}
		direct := exportAll(t, st, sel)
		bolt := st.bolt
		st.bolt = nil
		iterated := exportAll(t, st, sel)
		st.bolt = bolt
		if len(direct) == 0 || len(direct) != len(iterated) {
			t.Fatalf("%+v: %d statements read directly, %d through the iterators", sel, len(direct), len(iterated))
		}
		for i := range direct {
			if direct[i] != iterated[i] {
				t.Fatalf("%+v: statement %d: %s directly, %s through the iterators", sel, i, direct[i], iterated[i])
			}
		}
	}
	// The shared name once, and five statements for each of 70 subjects;
	// the hidden record none.
	if n := len(exportAll(t, st, Selection{})); n != 1+70*5 {
		t.Errorf("%d triples, want %d", n, 1+70*5)
	}
}

// Listing every quad (EachQuad, EachStoredQuad) by one pass over a bolt
// store's log gives the quads Cayley's all-quads iterator gives, in the
// same order, after replacements left deleted quads in the log.
func TestBoltEachQuadAgreesWithIterator(t *testing.T) {
	ctx := context.Background()
	st, _ := openTemp(t)
	defer st.Close()
	graphOf := func(g string, n, from int) []quad.Quad {
		var qs []quad.Quad
		for i := from; i < from+n; i++ {
			s := quad.IRI(fmt.Sprintf("http://ex/%s/s%d", g, i))
			qs = append(qs,
				quad.Quad{Subject: s, Predicate: quad.IRI("http://ex/v"), Object: quad.String(fmt.Sprint(i)), Label: quad.IRI(g)},
				quad.Quad{Subject: s, Predicate: quad.IRI("http://ex/link"), Object: quad.IRI("http://ex/shared"), Label: quad.IRI(g)})
		}
		return qs
	}
	write := func(g string, qs []quad.Quad) { t.Helper(); replaceGraph(t, st, g, qs) }
	write("g1", graphOf("g1", 40, 0))
	write("g2", graphOf("g2", 30, 0))
	write("g1", graphOf("g1", 20, 30))
	write("g3", []quad.Quad{{Subject: quad.IRI("http://ex/source"), Predicate: RecordPredicate, Object: quad.String("hidden"), Label: quad.IRI("g3")}})
	list := func(each func(context.Context, func(quad.Quad) error) error) []string {
		var out []string
		if err := each(ctx, func(q quad.Quad) error { out = append(out, q.String()); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, c := range []struct {
		name string
		each func(*Store) func(context.Context, func(quad.Quad) error) error
		want int
	}{
		{"EachQuad", func(s *Store) func(context.Context, func(quad.Quad) error) error { return s.EachQuad }, (20 + 30) * 2},
		{"EachStoredQuad", func(s *Store) func(context.Context, func(quad.Quad) error) error { return s.EachStoredQuad }, (20+30)*2 + 1},
	} {
		direct := list(c.each(st))
		saved := st.bolt
		st.bolt = nil
		iterated := list(c.each(st))
		st.bolt = saved
		if len(direct) != c.want || len(iterated) != c.want {
			t.Fatalf("%s: %d quads read directly, %d through the iterator, want %d", c.name, len(direct), len(iterated), c.want)
		}
		for i := range direct {
			if direct[i] != iterated[i] {
				t.Fatalf("%s: quad %d: %s directly, %s through the iterator", c.name, i, direct[i], iterated[i])
			}
		}
	}
}

// decodePrimitive decodes every entry of a store's log as the generated
// Unmarshal does (nodes, quads, deleted quads), and entries with an
// unknown field, a truncated value or a bad tag as Unmarshal does too.
func TestDecodePrimitiveAgreesWithUnmarshal(t *testing.T) {
	st, _ := openTemp(t)
	defer st.Close()
	s := func(i int) quad.IRI { return quad.IRI(fmt.Sprintf("http://ex/s%d", i)) }
	var qs []quad.Quad
	for i := range 300 { // IDs past one and two varint bytes
		qs = append(qs, quad.Quad{Subject: s(i), Predicate: quad.IRI("http://ex/v"), Object: quad.String(fmt.Sprint("é", i)), Label: quad.IRI("g1")})
	}
	replaceGraph(t, st, "g1", qs)
	replaceGraph(t, st, "g1", qs[:100]) // leaves 200 deleted quads
	br, err := st.newBoltReader()
	if err != nil || br == nil {
		t.Fatalf("no bolt reader: %v", err)
	}
	defer br.Close()
	var entries [][]byte
	c := br.tx.Bucket(boltLog).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		entries = append(entries, v)
	}
	if len(entries) < 500 {
		t.Fatalf("%d log entries, want at least 500", len(entries))
	}
	var extra []byte // a quad with a field Primitive lacks (17, varint)
	extra = append(extra, entries[len(entries)-1]...)
	extra = append(extra, 17<<3|0, 5)
	entries = append(entries,
		extra,
		[]byte{8<<3 | 2, 9, 'x'},         // a value longer than the entry
		[]byte{0x80},                     // a truncated tag
		[]byte{1<<3 | 2, 1, 1},           // ID with the wrong wire type
		[]byte{9<<3 | 0, 1, 8<<3 | 2, 0}, // deleted, with an empty value
	)
	nodes, deleted := 0, 0
	for i, b := range entries {
		var want, got proto.Primitive
		werr := want.Unmarshal(b)
		gerr := decodePrimitive(b, &got)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("entry %d %x: Unmarshal error %v, decodePrimitive error %v", i, b, werr, gerr)
		}
		if werr != nil {
			continue
		}
		if want.Value == nil && got.Value != nil && len(got.Value) == 0 {
			got.Value = nil
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("entry %d %x: Unmarshal gives %+v, decodePrimitive %+v", i, b, want, got)
		}
		if len(got.Value) > 0 {
			nodes++
		}
		if got.Deleted {
			deleted++
		}
	}
	if nodes == 0 || deleted < 200 {
		t.Fatalf("%d nodes and %d deleted quads decoded; the log should hold both", nodes, deleted)
	}
}

// A subject stating the same triples in many graphs (a site in many
// trials) is read a distinct triple at a time (blockTriples): the export
// gives what reading every quad gives, and what Cayley's iterators give,
// when the first quads of a repeated triple are deleted and a later one
// lives, when every quad of a triple is deleted, when a deleted quad is
// added again, and when a list mixes repeated and distinct objects.
func TestSubjectTriplesAgreesWithEveryQuad(t *testing.T) {
	st, _ := openTemp(t)
	defer st.Close()
	site := quad.IRI("http://ex/site")
	q := func(p string, o quad.Value, g string) quad.Quad {
		return quad.Quad{Subject: site, Predicate: quad.IRI("http://ex/" + p), Object: o, Label: quad.IRI(g)}
	}
	trial := func(g string, i int, old bool) []quad.Quad {
		qs := []quad.Quad{
			q("name", quad.String("Site"), g),
			q("type", quad.IRI("http://ex/Place"), g),
			q("trial", quad.IRI(fmt.Sprintf("http://ex/t%d", i)), g),  // distinct in every graph
			q("city", quad.String([]string{"Lyon", "Paris"}[i%2]), g), // two objects, repeated
			q("hidden", quad.String("x"), g),
			{Subject: quad.IRI(fmt.Sprintf("http://ex/t%d", i)), Predicate: quad.IRI("http://ex/site"), Object: site, Label: quad.IRI(g)},
		}
		if old {
			qs = append(qs, q("old", quad.String("gone"), g), q("early", quad.String(g), g))
		}
		return qs
	}
	for i := range 8 {
		g := fmt.Sprint("g", i)
		replaceGraph(t, st, g, trial(g, i, i < 4))
	}
	// The first four graphs lose the site's "old" and "early" triples:
	// "old" is then stated nowhere, and the first quads of the name,
	// type and city lists are deleted and written again after the rest.
	for i := range 4 {
		g := fmt.Sprint("g", i)
		replaceGraph(t, st, g, nil)
		replaceGraph(t, st, g, trial(g, i, false))
	}
	replaceGraph(t, st, "g9", []quad.Quad{q("name", quad.String("Site"), "g9"), q("old", quad.String("gone"), "g9")})
	replaceGraph(t, st, "g9", []quad.Quad{q("name", quad.String("Site"), "g9")}) // "old" deleted again
	if st.bolt == nil {
		t.Fatal("no bolt file")
	}
	saved := opsShortcut
	defer func() { opsShortcut = saved }()
	opsShortcut = true
	byTriples := exportAll(t, st, Selection{})
	opsShortcut = false
	byQuads := exportAll(t, st, Selection{})
	bolt := st.bolt
	st.bolt = nil
	iterated := exportAll(t, st, Selection{})
	st.bolt = bolt
	if strings.Join(byTriples, "\n") != strings.Join(byQuads, "\n") || strings.Join(byQuads, "\n") != strings.Join(iterated, "\n") {
		t.Fatalf("by triples:\n%s\nby quads:\n%s\niterated:\n%s", strings.Join(byTriples, "\n"), strings.Join(byQuads, "\n"), strings.Join(iterated, "\n"))
	}
	got := strings.Join(byTriples, "\n")
	for _, want := range []string{`<http://ex/site> -- <http://ex/name> -> "Site"`, `<http://ex/site> -- <http://ex/city> -> "Paris"`, `<http://ex/site> -- <http://ex/trial> -> <http://ex/t7>`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s", want)
		}
	}
	for _, gone := range []string{`"gone"`, `"g0"`, `"g3"`} {
		if strings.Contains(got, gone) {
			t.Errorf("%s stated, though all its quads are deleted", gone)
		}
	}
	// name, type, city ×2, hidden, and eight trials; and each trial's link.
	if len(byTriples) != 5+8+8 {
		t.Errorf("%d statements, want %d:\n%s", len(byTriples), 5+8+8, got)
	}
}

// An index entry is a run of unsigned varints; a cut one is refused, not
// read as far as it goes.
func TestAppendIDs(t *testing.T) {
	var v []byte
	for _, id := range []uint64{1, 300, 1 << 40} {
		v = binary.AppendUvarint(v, id)
	}
	got, ok := appendIDs([]uint64{7}, v)
	if !ok || !reflect.DeepEqual(got, []uint64{7, 1, 300, 1 << 40}) {
		t.Errorf("appendIDs = %v, %v", got, ok)
	}
	if _, ok := appendIDs(nil, v[:len(v)-1]); ok {
		t.Error("a cut entry accepted")
	}
	if got, ok := appendIDs(nil, nil); !ok || len(got) != 0 {
		t.Errorf("an empty entry: %v, %v", got, ok)
	}
}

// subjectRef spells the keys of IRIs and blank nodes from their stored
// bytes; every value gets the valueRef that decoding it gives.
func TestSubjectRefAgreesWithDecoding(t *testing.T) {
	values := []quad.Value{
		quad.IRI("https://w3id.org/trialgraph/id/trial/NCT04313322"),
		quad.IRI(""),
		quad.IRI("http://ex/" + strings.Repeat("long/", 40)), // a two-byte length
		quad.IRI("http://ex/São_Paulo"),
		quad.BNode("b0"),
		quad.String("text"),
		quad.String(""),
		quad.TypedString{Value: "2020-05-01", Type: "http://www.w3.org/2001/XMLSchema#date"},
		quad.LangString{Value: "essai", Lang: "fr"},
		quad.Int(42),
		quad.Bool(true),
	}
	for _, v := range values {
		b, err := pquads.MarshalValue(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := subjectRef(7, b)
		if err != nil {
			t.Fatalf("%v: %v", v, err)
		}
		want := newValueRef(kv.Int64Value(7), v)
		if got.key != want.key || got.ref != want.ref || !reflect.DeepEqual(got.other, want.other) || got.value() != v {
			t.Errorf("%#v: %+v, want %+v", v, got, want)
		}
	}
	// A length past the end is not read as an IRI.
	if _, err := subjectRef(7, []byte{3<<3 | 2, 5, 'a'}); err == nil {
		t.Error("no error for an IRI cut short")
	}
}

// ReplaceTrials reads stored graphs directly (graphQuadsBolt): the quads,
// in the order, that Cayley's iterator over the label gives, after
// replacements left deleted quads in the log and the index, with nodes
// shared between graphs.
func TestGraphQuadsBoltAgreesWithIterator(t *testing.T) {
	ctx := context.Background()
	st, _ := openTemp(t)
	defer st.Close()
	if !st.GraphNodeIndex() {
		t.Fatal("a new store has no label–subject–predicate index")
	}
	graphOf := func(g string, from, n int) []quad.Quad {
		var qs []quad.Quad
		for i := from; i < from+n; i++ {
			s := quad.IRI(fmt.Sprintf("http://ex/%s/s%d", g, i))
			qs = append(qs,
				quad.Quad{Subject: quad.IRI("http://ex/shared"), Predicate: quad.IRI("http://ex/name"), Object: quad.String("Shared"), Label: quad.IRI(g)},
				quad.Quad{Subject: s, Predicate: quad.IRI("http://ex/v"), Object: quad.LangString{Value: quad.String(fmt.Sprint(i)), Lang: "en"}, Label: quad.IRI(g)},
				quad.Quad{Subject: s, Predicate: quad.IRI("http://ex/link"), Object: quad.IRI("http://ex/shared"), Label: quad.IRI(g)},
				quad.Quad{Subject: quad.BNode(fmt.Sprintf("b%d", i%3)), Predicate: quad.IRI("http://ex/w"), Object: s, Label: quad.IRI(g)})
		}
		return DistinctQuads(qs)
	}
	replaceGraph(t, st, "g1", graphOf("g1", 0, 30))
	replaceGraph(t, st, "g2", graphOf("g2", 0, 20))
	replaceGraph(t, st, "g1", graphOf("g1", 20, 20)) // deletes s0..s19
	replaceGraph(t, st, "g1", graphOf("g1", 5, 20))  // adds s5..s19 again
	br, err := st.newBoltReader()
	if err != nil || br == nil {
		t.Fatal("no bolt reader", err)
	}
	defer br.Close()
	for _, g := range []string{"g1", "g2", "none"} {
		direct, err := st.graphQuadsBolt(br, quad.IRI(g))
		if err != nil {
			t.Fatal(err)
		}
		iterated, err := st.graphQuads(ctx, quad.IRI(g))
		if err != nil {
			t.Fatal(err)
		}
		if g != "none" && len(direct) == 0 {
			t.Fatalf("%s: no quads read directly", g)
		}
		if len(direct) != len(iterated) {
			t.Fatalf("%s: %d quads read directly, %d through the iterator", g, len(direct), len(iterated))
		}
		for i := range direct {
			if direct[i] != iterated[i] {
				t.Fatalf("%s: quad %d: %v directly, %v through the iterator", g, i, direct[i], iterated[i])
			}
		}
	}
}
