package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// kvIndexes are the quad indexes of a new kv store. Cayley's defaults are
// subject–predicate and object–predicate–subject only, so every lookup by
// predicate alone or by graph label scans the whole store: replacing a
// trial's graph read all quads, and a path step such as
// .Out(tg:site) from more than one node scanned every tg:site quad for each
// candidate (9 s for the umbilical-cord sites query over 420 trials). A
// predicate–subject and a label–subject–predicate index make both index
// lookups. The label index has the predicate too so that a node's property
// in one trial graph (g.V(node).LabelContext(graph).Out(p), all three
// fixed) is one exact index lookup: Cayley v0.7.7 uses an index only when
// it covers every fixed direction, and it sizes a prefix scan as half the
// store, so with a label–subject index it intersected the node's quads in
// every graph with the graph's quads instead (see GraphNodeIndex). Stores
// made before keep their label–subject index and their queries take the
// old path.
// Cayley records the list in the store's metadata, so the stock cayley
// command reads such a store as it is.
var kvIndexes = []kv.QuadIndex{
	{Dirs: []quad.Direction{quad.Subject, quad.Predicate}},
	{Dirs: []quad.Direction{quad.Object, quad.Predicate, quad.Subject}},
	{Dirs: []quad.Direction{quad.Predicate, quad.Subject}},
	{Dirs: []quad.Direction{quad.Label, quad.Subject, quad.Predicate}},
}

// setIndexes records kvIndexes in a store that kv.Init has just created and
// that holds no quad yet, and creates their buckets.
func setIndexes(ctx context.Context, db hkv.KV) error { return writeIndexes(ctx, db, kvIndexes) }

// writeIndexes records inds as the indexes of db and creates their buckets.
func writeIndexes(ctx context.Context, db hkv.KV, inds []kv.QuadIndex) error {
	data, err := json.Marshal(inds)
	if err != nil {
		return err
	}
	return hkv.Update(ctx, db, func(tx hkv.Tx) error {
		for _, ind := range inds {
			name := make([]byte, len(ind.Dirs))
			for i, d := range ind.Dirs {
				name[i] = d.Prefix()
			}
			if err := hkv.CreateBucket(ctx, tx, hkv.Key{name}); err != nil {
				return err
			}
		}
		return tx.Put(hkv.Key{[]byte("meta"), []byte("indexes")}, data)
	})
}

// graphNodeIndex is the index GraphNodeIndex looks for.
var graphNodeIndex = []quad.Direction{quad.Label, quad.Subject, quad.Predicate}

// readGraphNodeIndex tells whether the kv store db records graphNodeIndex
// among its indexes.
func readGraphNodeIndex(ctx context.Context, db hkv.KV) (bool, error) {
	var found bool
	err := hkv.View(db, func(tx hkv.Tx) error {
		data, err := tx.Get(ctx, hkv.Key{[]byte("meta"), []byte("indexes")})
		if err == hkv.ErrNotFound {
			return nil // Cayley's legacy indexes
		} else if err != nil {
			return err
		}
		var inds []struct {
			Dirs []quad.Direction `json:"dirs"`
		}
		if err := json.Unmarshal(data, &inds); err != nil {
			return fmt.Errorf("store indexes: %w", err)
		}
		for _, ind := range inds {
			if slices.Equal(ind.Dirs, graphNodeIndex) {
				found = true
			}
		}
		return nil
	})
	return found, err
}

// GraphNodeIndex tells whether the store looks up a node's statements in
// one graph by an index of their own (bolt stores made by trialgraph since
// the label–subject–predicate index; not PostgreSQL). The named queries
// read shared nodes' properties graph by graph when it does.
func (s *Store) GraphNodeIndex() bool { return s.graphNodeIndex }
