package graph

import (
	"context"
	"encoding/json"

	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// kvIndexes are the quad indexes of a new kv store. Cayley's defaults are
// subject–predicate and object–predicate–subject only, so every lookup by
// predicate alone or by graph label scans the whole store: replacing a
// trial's graph read all quads, and a path step such as
// .Out(tg:site) from more than one node scanned every tg:site quad for each
// candidate (9 s for the umbilical-cord sites query over 420 trials). A
// predicate–subject and a label–subject index make both index lookups.
// Cayley records the list in the store's metadata, so the stock cayley
// command reads such a store as it is.
var kvIndexes = []struct {
	Dirs   []quad.Direction `json:"dirs"`
	Unique bool             `json:"unique"`
}{
	{Dirs: []quad.Direction{quad.Subject, quad.Predicate}},
	{Dirs: []quad.Direction{quad.Object, quad.Predicate, quad.Subject}},
	{Dirs: []quad.Direction{quad.Predicate, quad.Subject}},
	{Dirs: []quad.Direction{quad.Label, quad.Subject}},
}

// setIndexes records kvIndexes in a store that kv.Init has just created and
// that holds no quad yet, and creates their buckets.
func setIndexes(ctx context.Context, db hkv.KV) error {
	data, err := json.Marshal(kvIndexes)
	if err != nil {
		return err
	}
	return hkv.Update(ctx, db, func(tx hkv.Tx) error {
		for _, ind := range kvIndexes {
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
