package graph

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/trial"
)

func q(s, p, o, label string) quad.Quad {
	return quad.Quad{Subject: quad.IRI(s), Predicate: quad.IRI(p), Object: quad.String(o), Label: quad.IRI(label)}
}

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "db")
	st, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return st, dir
}

func TestReplaceTrialsWritesTheDifference(t *testing.T) {
	ctx := context.Background()
	st, _ := openTemp(t)
	defer st.Close()
	g := quad.IRI("g1")
	first := []quad.Quad{q("a", "p", "1", "g1"), q("a", "p", "2", "g1"), q("b", "p", "3", "g1")}
	s1, err := st.ReplaceTrials(ctx, []TrialGraph{{NCTID: "1", Label: g, Quads: first, Rank: "1"}})
	if err != nil || s1.Added != 3 || s1.Removed != 0 {
		t.Fatalf("first write: %+v, %v", s1, err)
	}
	other := []quad.Quad{q("a", "p", "1", "g2")}
	if _, err := st.ReplaceTrials(ctx, []TrialGraph{{NCTID: "2", Label: quad.IRI("g2"), Quads: other, Rank: "1"}}); err != nil {
		t.Fatal(err)
	}
	second := []quad.Quad{q("a", "p", "1", "g1"), q("c", "p", "4", "g1")}
	s2, err := st.ReplaceTrials(ctx, []TrialGraph{{NCTID: "1", Label: g, Quads: second, Rank: "1"}})
	if err != nil || s2.Added != 1 || s2.Removed != 2 || s2.Unchanged != 1 {
		t.Fatalf("replacement: %+v, %v", s2, err)
	}
	got, err := st.GraphQuads(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	want := SortQuads(append([]quad.Quad(nil), second...))
	if len(got) != len(want) {
		t.Fatalf("graph holds %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("quad %d = %v, want %v", i, got[i], want[i])
		}
	}
	// The other trial's copy of a shared triple survives.
	if o, _ := st.GraphQuads(ctx, quad.IRI("g2")); len(o) != 1 {
		t.Errorf("other graph = %v", o)
	}
	if n, _ := st.Size(ctx); n != 3 {
		t.Errorf("size = %d, want 3", n)
	}
}

func TestReplaceTrialsKeepsHigherRank(t *testing.T) {
	ctx := context.Background()
	b := NewBuilder("")
	mk := func(title, updated string) TrialGraph {
		s := &trial.Study{NCTID: "NCT00000001", BriefTitle: title,
			Source: trial.Source{Format: "ctgov-json", SHA256: title, LastUpdated: updated}}
		return TrialGraph{NCTID: s.NCTID, Label: b.GraphIRI(s.NCTID), Quads: b.Study(s), Rank: Rank(s)}
	}
	newer, older := mk("new", "2020-02-01"), mk("old", "2020-01-01")
	for name, order := range map[string][]TrialGraph{"newer first": {newer, older}, "older first": {older, newer}} {
		t.Run(name, func(t *testing.T) {
			for _, oneBatch := range []bool{true, false} {
				st, _ := openTemp(t)
				if oneBatch {
					if _, err := st.ReplaceTrials(ctx, order); err != nil {
						t.Fatal(err)
					}
				} else {
					for _, tg := range order {
						if _, err := st.ReplaceTrials(ctx, []TrialGraph{tg}); err != nil {
							t.Fatal(err)
						}
					}
				}
				got, _ := st.GraphQuads(ctx, newer.Label)
				if len(got) != len(newer.Quads) {
					t.Errorf("one batch %v: store holds %d quads, want the newer description's %d", oneBatch, len(got), len(newer.Quads))
				}
				for _, q := range got {
					if q.Object == quad.String("old") {
						t.Errorf("one batch %v: the older title survived", oneBatch)
					}
				}
				st.Close()
			}
		})
	}
}

func TestSecondWriterGetsStoreInUse(t *testing.T) {
	st, dir := openTemp(t)
	defer st.Close()
	start := time.Now()
	_, err := Open(context.Background(), dir, Options{})
	if !errors.Is(err, ErrStoreInUse) {
		t.Fatalf("second writer: %v, want ErrStoreInUse", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("refusal took %s", time.Since(start))
	}
	_, err = Open(context.Background(), dir, Options{ReadOnly: true})
	if !errors.Is(err, ErrStoreInUse) {
		t.Fatalf("reader during a write: %v, want ErrStoreInUse", err)
	}
}

func TestReadersShareTheStore(t *testing.T) {
	st, dir := openTemp(t)
	st.Close()
	r1, err := Open(context.Background(), dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	r2, err := Open(context.Background(), dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	r2.Close()
	if _, err := Open(context.Background(), dir, Options{}); !errors.Is(err, ErrStoreInUse) {
		t.Errorf("writer while a reader is open: %v, want ErrStoreInUse", err)
	}
}

func TestOpenMissingStoreReadOnly(t *testing.T) {
	_, err := Open(context.Background(), filepath.Join(t.TempDir(), "nothing"), Options{ReadOnly: true})
	if !errors.Is(err, ErrNoStore) {
		t.Fatalf("got %v, want ErrNoStore", err)
	}
}

func TestQueryTimeout(t *testing.T) {
	st, _ := openTemp(t)
	defer st.Close()
	start := time.Now()
	_, err := st.Query(context.Background(), "while(true){}", QueryOptions{Timeout: 300 * time.Millisecond})
	if !errors.Is(err, ErrQueryTimeout) {
		t.Fatalf("got %v, want ErrQueryTimeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("stopped after %s", d)
	}
}

// TestReplaceInOneTransactionLosesIndex documents the Cayley v0.7.7 defect
// that makes ReplaceTrials write deletions and additions in separate
// transactions. If a Cayley upgrade fixes it, this test fails and the two
// transactions can become one.
func TestReplaceInOneTransactionLosesIndex(t *testing.T) {
	ctx := context.Background()
	st, _ := openTemp(t)
	defer st.Close()
	mk := func(a graph.Procedure, qq ...quad.Quad) []graph.Delta {
		var d []graph.Delta
		for _, x := range qq {
			d = append(d, graph.Delta{Quad: x, Action: a})
		}
		return d
	}
	if err := st.QS.ApplyDeltas(mk(graph.Add, q("a", "p", "1", "g1"), q("a", "p", "2", "g1"), q("b", "p", "3", "g1")), graph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	d := append(mk(graph.Delete, q("a", "p", "2", "g1"), q("b", "p", "3", "g1")), mk(graph.Add, q("c", "p", "4", "g1"))...)
	if err := st.QS.ApplyDeltas(d, graph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	got, _ := st.GraphQuads(ctx, quad.IRI("g1"))
	if len(got) != 1 {
		t.Fatalf("Cayley now keeps the index (graph holds %v): merge the two transactions of ReplaceTrials", got)
	}
}

func TestInterruptedReplacementIsRepaired(t *testing.T) {
	ctx := context.Background()
	st, dir := openTemp(t)
	g := quad.IRI("g1")
	if _, err := st.ReplaceTrials(ctx, []TrialGraph{{Label: g, Quads: []quad.Quad{q("a", "p", "1", "g1"), q("a", "p", "2", "g1")}}}); err != nil {
		t.Fatal(err)
	}
	// Simulate a crash between the two transactions: journal written,
	// deletions applied, additions lost.
	if err := st.writeJournal([]string{g.String()}); err != nil {
		t.Fatal(err)
	}
	st.QS.ApplyDeltas([]graph.Delta{{Quad: q("a", "p", "2", "g1"), Action: graph.Delete}}, graph.IgnoreOpts{})
	st.Close()

	if _, err := Open(ctx, dir, Options{ReadOnly: true}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("reader: %v, want ErrInterrupted", err)
	}
	w, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if r := w.Recovered(); len(r) != 1 || r[0] != g.String() {
		t.Errorf("recovered = %v", r)
	}
	if got, _ := w.GraphQuads(ctx, g); len(got) != 0 {
		t.Errorf("half-replaced graph kept: %v", got)
	}
}
