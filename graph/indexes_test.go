package graph

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"

	"github.com/trialgraph/trialgraph/trial"
)

// A store made before the label–subject–predicate index (its label index
// was label–subject) says it lacks GraphNodeIndex, and the named queries
// give it the same answers by their other path; a new store has it.
func TestGraphNodeIndexOfOlderStores(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(filepath.Join(dir, BoltFile), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	kvdb := hbolt.New(db)
	if err := kv.Init(kvdb, graph.Options{}); err != nil {
		t.Fatal(err)
	}
	older := []kv.QuadIndex{
		{Dirs: []quad.Direction{quad.Subject, quad.Predicate}},
		{Dirs: []quad.Direction{quad.Object, quad.Predicate, quad.Subject}},
		{Dirs: []quad.Direction{quad.Predicate, quad.Subject}},
		{Dirs: []quad.Direction{quad.Label, quad.Subject}},
	}
	if err := writeIndexes(ctx, kvdb, older); err != nil {
		t.Fatal(err)
	}
	kvdb.Close()

	stores := map[string]*Store{}
	for name, d := range map[string]string{"older": dir, "new": filepath.Join(t.TempDir(), "db")} {
		st, err := Open(ctx, d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if got := st.GraphNodeIndex(); got != (name == "new") {
			t.Fatalf("%s store: GraphNodeIndex() = %v", name, got)
		}
		b := NewBuilder(DefaultBase)
		var batch []TrialGraph
		for _, id := range []string{"NCT10000001", "NCT10000002"} {
			s := &trial.Study{NCTID: id, BriefTitle: "Umbilical cord mesenchymal stem cells " + id,
				Locations: []trial.Location{{Facility: "Shared Hospital", City: "Wuhan", Country: "China"}}}
			batch = append(batch, TrialGraph{NCTID: id, Label: b.GraphIRI(id), Quads: b.Study(s), Rank: Rank(s)})
		}
		if _, err := st.ReplaceTrials(ctx, batch); err != nil {
			t.Fatal(err)
		}
		stores[name] = st
	}
	var answers []string
	for _, name := range []string{"older", "new"} {
		rows, _, err := Sites(ctx, stores[name], NamedParams{CellSource: "umbilical-cord"})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rows)
		answers = append(answers, string(b))
	}
	if answers[0] != answers[1] || answers[0] == "[]" {
		t.Errorf("older store: %s\nnew store: %s", answers[0], answers[1])
	}
}
