package graph

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/quad"
)

// bulkGraphs are the corpus's trial graphs and a few made-up ones: a
// statement repeated across graphs, a node used as subject and object of
// one quad, typed and language-tagged literals.
func bulkGraphs(t *testing.T) []TrialGraph {
	t.Helper()
	bl := NewBuilder("")
	var out []TrialGraph
	for _, s := range corpusStudies(t) {
		out = append(out, TrialGraph{NCTID: s.NCTID, Label: bl.GraphIRI(s.NCTID), Quads: bl.Study(s), Rank: Rank(s)})
	}
	for i := range 5 {
		g := fmt.Sprintf("g%d", i)
		qs := []quad.Quad{
			q("shared", "name", "Hôpital", g),
			{Subject: quad.IRI("loop"), Predicate: quad.IRI("p"), Object: quad.IRI("loop"), Label: quad.IRI(g)},
			{Subject: quad.IRI(g), Predicate: quad.IRI("n"), Object: quad.Int(i), Label: quad.IRI(g)},
			{Subject: quad.IRI(g), Predicate: quad.IRI("t"), Object: quad.LangString{Value: "titre", Lang: "fr"}, Label: quad.IRI(g)},
			q(g, "name", "dup", g), q(g, "name", "dup", g), // repeated: stored once
		}
		out = append(out, TrialGraph{NCTID: g, Label: quad.IRI(g), Quads: qs, Rank: "1"})
	}
	return out
}

// storeLayout is what of a store's key-value layout does not depend on
// the IDs it gave: the reference count of each node (by hash), the number
// of keys and entries of each index, and the counts in the metadata.
func storeLayout(t *testing.T, st *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := st.bolt.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			switch {
			case len(name) == 3 && name[0] == 'n':
				return b.ForEach(func(k, v []byte) error {
					n, _ := binary.Uvarint(v)
					out[fmt.Sprintf("refs %x", k)] = fmt.Sprint(n)
					return nil
				})
			case len(name) == 3 && name[0] == 'v':
				return b.ForEach(func(k, v []byte) error {
					out[fmt.Sprintf("node %x", k)] = "1"
					return nil
				})
			case string(name) == "meta":
				for _, k := range []string{"size", "horizon", "version", "indexes"} {
					out["meta "+k] = fmt.Sprintf("%x", b.Get([]byte(k)))
				}
			case string(name) == "log":
				out["log keys"] = fmt.Sprint(b.Stats().KeyN)
			default:
				var keys, entries int
				err := b.ForEach(func(k, v []byte) error {
					keys++
					ids, ok := appendIDs(nil, v)
					if !ok || !slices.IsSorted(ids) {
						return fmt.Errorf("index %s: bad list %x", name, v)
					}
					entries += len(ids)
					return nil
				})
				out["index "+string(name)] = fmt.Sprintf("%d keys, %d entries", keys, entries)
				return err
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameLayout(t *testing.T, got, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: %q, not in the store Cayley wrote", k, v)
		}
	}
}

// storeQuads reads every quad through Cayley's iterators, as the stock
// cayley command does.
func storeQuads(t *testing.T, st *Store) []quad.Quad {
	t.Helper()
	ctx := context.Background()
	it := st.QS.QuadsAllIterator()
	defer it.Close()
	var out []quad.Quad
	for it.Next(ctx) {
		out = append(out, st.QS.Quad(it.Result()))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return SortQuads(out)
}

func bulkLoad(t *testing.T, graphs []TrialGraph) *Store {
	t.Helper()
	st, _ := openTemp(t)
	b, err := st.BeginBulk(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range graphs {
		if _, ok, err := b.Add(g); err != nil || !ok {
			t.Fatalf("add %s: %v %v", g.NCTID, ok, err)
		}
	}
	if err := b.Finish(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

// A bulk load writes the store Cayley writes from the same trials: the
// same quads read through Cayley's iterators and trialgraph's readers, the
// same reference counts and index entries. Runs sorted on disk (a few
// entries each here) give the same indexes as one sorted in memory (the corpus has 84k quads), and
// later replacements through Cayley keep the two stores equal.
func TestBulkLoadWritesWhatCayleyWrites(t *testing.T) {
	ctx := context.Background()
	graphs := bulkGraphs(t)
	for _, run := range []int{1 << 20, 9000} {
		t.Run(fmt.Sprintf("run=%d", run), func(t *testing.T) {
			ref, _ := openTemp(t)
			defer ref.Close()
			for i := 0; i < len(graphs); i += 4 {
				if _, err := ref.ReplaceTrials(ctx, graphs[i:min(i+4, len(graphs))]); err != nil {
					t.Fatal(err)
				}
			}
			defer func(n int) { bulkRunEntries = n }(bulkRunEntries)
			bulkRunEntries = run
			st := bulkLoad(t, graphs)
			defer st.Close()
			if _, err := os.Stat(filepath.Join(st.Path(), BulkFile)); !os.IsNotExist(err) {
				t.Errorf("%s left behind: %v", BulkFile, err)
			}
			sameLayout(t, storeLayout(t, st), storeLayout(t, ref))
			sameQuads(t, "iterators", storeQuads(t, st), storeQuads(t, ref))
			all, err := st.Quads(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sameQuads(t, "direct", all, storeQuads(t, ref))
			for _, g := range graphs {
				got, _ := st.GraphQuads(ctx, g.Label)
				want, _ := ref.GraphQuads(ctx, g.Label)
				if len(want) == 0 || !slices.Equal(got, want) {
					t.Errorf("graph %s: %d quads, want %d", g.Label, len(got), len(want))
				}
			}
			// Replacing and adding trials afterwards.
			more := []TrialGraph{
				{NCTID: "g0", Label: quad.IRI("g0"), Quads: []quad.Quad{q("shared", "name", "Hôpital", "g0")}, Rank: "2"},
				{NCTID: "g9", Label: quad.IRI("g9"), Quads: []quad.Quad{q("loop", "name", "new", "g9")}, Rank: "1"},
			}
			if _, err := st.ReplaceTrials(ctx, more); err != nil {
				t.Fatal(err)
			}
			if _, err := ref.ReplaceTrials(ctx, more); err != nil {
				t.Fatal(err)
			}
			sameLayout(t, storeLayout(t, st), storeLayout(t, ref))
			sameQuads(t, "after replacement", storeQuads(t, st), storeQuads(t, ref))
		})
	}
}

// A trial met twice is not written by the bulk load; one that fails or is
// dropped leaves the store empty; a store with quads is not bulk loaded.
func TestBulkLoadLimits(t *testing.T) {
	ctx := context.Background()
	graphs := bulkGraphs(t)
	st, _ := openTemp(t)
	defer st.Close()
	b, err := st.BeginBulk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := b.Add(graphs[0]); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if _, ok, err := b.Add(graphs[0]); ok || err != nil {
		t.Fatalf("second add of %s: %v %v, want false", graphs[0].NCTID, ok, err)
	}
	b.Abort()
	if _, err := os.Stat(filepath.Join(st.Path(), BulkFile)); !os.IsNotExist(err) {
		t.Errorf("%s left behind: %v", BulkFile, err)
	}
	if n, _ := st.Size(ctx); n != 0 {
		t.Errorf("size after abort = %d", n)
	}
	// The dropped trial can be written again.
	if s, err := st.ReplaceTrials(ctx, graphs[:1]); err != nil || s.Added == 0 {
		t.Fatal(s, err)
	}
	if _, err := st.BeginBulk(ctx); !errors.Is(err, ErrNoBulk) {
		t.Errorf("bulk load of a store with quads: %v", err)
	}
}

// The file of a bulk load cut off (the process killed) goes when the store
// is next opened for writing.
func TestBulkFileOfAKilledLoadIsRemoved(t *testing.T) {
	st, dir := openTemp(t)
	b, err := st.BeginBulk(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Add(bulkGraphs(t)[0]); err != nil {
		t.Fatal(err)
	}
	if err := b.commit(true); err != nil {
		t.Fatal(err)
	}
	b.tx.Rollback()
	b.db.Close() // as a killed process leaves it
	st.Close()
	if _, err := os.Stat(filepath.Join(dir, BulkFile)); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(context.Background(), dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ro.Close()
	if _, err := os.Stat(filepath.Join(dir, BulkFile)); err != nil {
		t.Errorf("a reader removed the file: %v", err)
	}
	st, err = Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := os.Stat(filepath.Join(dir, BulkFile)); !os.IsNotExist(err) {
		t.Errorf("%s left behind: %v", BulkFile, err)
	}
	if n, _ := st.Size(context.Background()); n != 0 {
		t.Errorf("size = %d", n)
	}
}
