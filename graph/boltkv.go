package graph

import (
	"bytes"
	"context"

	"github.com/boltdb/bolt"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// boltKV is the key-value view of a bolt file that Cayley's kv quad store
// works on: a key's first parts name nested buckets, its last part the key
// in the innermost one. It does what hidalgo's bolt adapter does, and in a
// writing transaction it sets each bucket's fill (see fills) before the
// quad store writes to it.
type boltKV struct {
	db    *bolt.DB
	fills map[string]float64
}

var _ hkv.KV = (*boltKV)(nil)

// Bolt splits a page that outgrows its size into pages filled to the
// bucket's FillPercent, half by default. That suits keys written in random
// order, which later fill the gaps; keys written in ascending order never
// come back to a page once it is split, so it stays half empty. Cayley's
// quad log is keyed by ascending quad and node IDs, and the label
// index's keys begin with the graph's node ID, a new one for each new
// trial: both are written in order and are filled whole. The other
// indexes begin with a subject, object or predicate, which new trials
// share with old ones; they are filled to 90 %, which leaves room for a
// key or two before a page splits again. Measured on 10,000 synthetic
// studies: see TestBoltFillShrinksStore and the README.
var defaultFills = map[string]float64{
	"log": 1.0,
	"csp": 1.0,
	"sp":  0.9,
	"ps":  0.9,
	"ops": 0.9,
}

func newBoltKV(db *bolt.DB) *boltKV { return &boltKV{db: db, fills: defaultFills} }

func (db *boltKV) Close() error { return db.db.Close() }

func (db *boltKV) Tx(rw bool) (hkv.Tx, error) {
	tx, err := db.db.Begin(rw)
	if err != nil {
		return nil, err
	}
	if rw {
		// A writing transaction hands out the same *bolt.Bucket for a
		// name each time, so the fill set here holds for its writes.
		for name, fill := range db.fills {
			if b := tx.Bucket([]byte(name)); b != nil {
				b.FillPercent = fill
			}
		}
	}
	return &boltTx{tx: tx}, nil
}

type boltTx struct{ tx *bolt.Tx }

// root is the transaction's root bucket, which holds the other buckets.
func (tx *boltTx) root() *bolt.Bucket { return tx.tx.Cursor().Bucket() }

// bucket returns the bucket that key's leading parts name, and the rest
// of key; nil when a named bucket does not exist.
func (tx *boltTx) bucket(key hkv.Key) (*bolt.Bucket, hkv.Key) {
	if len(key) <= 1 {
		return tx.root(), key
	}
	b := tx.tx.Bucket(key[0])
	for key = key[1:]; b != nil && len(key) > 1; key = key[1:] {
		b = b.Bucket(key[0])
	}
	return b, key
}

func (tx *boltTx) Get(ctx context.Context, key hkv.Key) (hkv.Value, error) {
	b, k := tx.bucket(key)
	if b == nil || len(k) != 1 {
		return nil, hkv.ErrNotFound
	}
	if v := b.Get(k[0]); v != nil {
		return v, nil
	}
	return nil, hkv.ErrNotFound
}

func (tx *boltTx) GetBatch(ctx context.Context, keys []hkv.Key) ([]hkv.Value, error) {
	vals := make([]hkv.Value, len(keys))
	for i, key := range keys {
		if b, k := tx.bucket(key); b != nil && len(k) == 1 {
			vals[i] = b.Get(k[0])
		}
	}
	return vals, nil
}

func (tx *boltTx) Commit(ctx context.Context) error { return tx.tx.Commit() }

func (tx *boltTx) Close() error { return tx.tx.Rollback() }

// Put writes v under k, creating the buckets k names; a key whose last
// part and value are empty only creates its buckets.
func (tx *boltTx) Put(k hkv.Key, v hkv.Value) error {
	b := tx.root()
	for ; len(k) > 1; k = k[1:] {
		var err error
		if b, err = child(b, k[0]); err != nil {
			return err
		}
	}
	if len(k[0]) == 0 && len(v) == 0 {
		return nil
	}
	return b.Put(k[0], v)
}

// child returns the bucket name in b, creating it if need be. A writing
// transaction keeps the buckets it has opened, so looking one up first
// spares the seek that CreateBucketIfNotExists makes for every key (the
// node buckets are 131,072 keys of the root).
func child(b *bolt.Bucket, name []byte) (*bolt.Bucket, error) {
	if c := b.Bucket(name); c != nil {
		return c, nil
	}
	return b.CreateBucket(name)
}

func (tx *boltTx) Del(k hkv.Key) error {
	b, k := tx.bucket(k)
	if b == nil || len(k) != 1 {
		return nil
	}
	return b.Delete(k[0])
}

// Scan iterates over the keys that begin with pref: its leading parts
// name buckets, and its last part, if any, is a prefix of keys in the
// innermost one. Nested buckets are entered, depth first.
func (tx *boltTx) Scan(pref hkv.Key) hkv.Iterator {
	b, p := tx.bucket(pref)
	if b == nil || len(p) > 1 {
		return &boltIter{}
	}
	return &boltIter{
		bs:   []*bolt.Bucket{b},
		pref: p,
		path: pref[:len(pref)-len(p)].Clone(),
	}
}

type boltIter struct {
	path hkv.Key // the names of the buckets entered below the first
	pref hkv.Key // the prefix each level's keys must have, where given
	bs   []*bolt.Bucket
	cs   []*bolt.Cursor
	k, v []byte
}

func (it *boltIter) Next(ctx context.Context) bool {
	for len(it.bs) > 0 {
		i := len(it.bs) - 1
		if len(it.cs) < len(it.bs) {
			c := it.bs[i].Cursor()
			it.cs = append(it.cs, c)
			if i < len(it.pref) {
				it.k, it.v = c.Seek(it.pref[i])
			} else {
				it.k, it.v = c.First()
			}
		} else {
			it.k, it.v = it.cs[i].Next()
		}
		if it.k != nil && (i >= len(it.pref) || bytes.HasPrefix(it.k, it.pref[i])) {
			if it.v == nil {
				if nb := it.bs[i].Bucket(it.k); nb != nil {
					it.bs = append(it.bs, nb)
					it.path = append(it.path, it.k)
					continue
				}
			}
			return true
		}
		// This level is done: back to the bucket above.
		it.cs = it.cs[:i]
		it.bs = it.bs[:i]
		if len(it.path) > 0 {
			it.path = it.path[:len(it.path)-1]
		}
	}
	return false
}

func (it *boltIter) Key() hkv.Key {
	if len(it.bs) == 0 {
		return nil
	}
	k := it.path.Clone()
	return append(k, bytes.Clone(it.k))
}

func (it *boltIter) Val() hkv.Value { return it.v }

func (it *boltIter) Err() error { return nil }

func (it *boltIter) Close() error {
	*it = boltIter{}
	return nil
}
