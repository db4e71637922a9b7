package graph

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv/kvtest"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// Cayley's own suite for key-value backends passes on boltKV, with and
// without the quad store's bloom filters.
func TestBoltKVCayleySuite(t *testing.T) {
	// The suite's path tests read ../../../../data/testdata.nq.
	data, err := filepath.Abs(filepath.Join("testdata", "cayley"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := os.Symlink(data, filepath.Join(root, "data")); err != nil {
		t.Fatal(err)
	}
	wd := filepath.Join(root, "a", "b", "c", "d")
	if err := os.MkdirAll(wd, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(wd)
	kvtest.TestAll(t, func(t testing.TB) (hkv.KV, graph.Options, func()) {
		db, err := bolt.Open(filepath.Join(t.TempDir(), BoltFile), 0o644, nil)
		if err != nil {
			t.Fatal(err)
		}
		kv := newBoltKV(db)
		return kv, nil, func() { kv.Close() }
	}, nil)
}

// bucketFill is the share of the allocated leaf pages of a store's bucket
// that its keys and values use.
func bucketFill(t *testing.T, st *Store, name string) float64 {
	t.Helper()
	var s bolt.BucketStats
	if err := st.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(name))
		if b == nil {
			return fmt.Errorf("no bucket %q", name)
		}
		s = b.Stats()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if s.LeafAlloc == 0 {
		t.Fatalf("bucket %q has no leaf page", name)
	}
	return float64(s.LeafInuse) / float64(s.LeafAlloc)
}

// The quad log and the label index, written in key order, fill their
// pages (bolt's default fill leaves them half empty), and the store is
// smaller for it; Cayley reads it back the same.
func TestBoltFillsWrittenBuckets(t *testing.T) {
	ctx := context.Background()
	studies := corpusStudies(t)
	b := NewBuilder(DefaultBase)
	write := func(fills map[string]float64) (*Store, int64) {
		saved := defaultFills
		defaultFills = fills
		defer func() { defaultFills = saved }()
		st, dir := openTemp(t)
		t.Cleanup(func() { st.Close() })
		// 400 trials (the corpus's studies again under other IDs) in
		// batches of 50, as ingest writes them.
		var batch []TrialGraph
		for i := 0; i < 400; i++ {
			c := *studies[i%len(studies)]
			c.NCTID = fmt.Sprintf("NCT%08d", i)
			batch = append(batch, TrialGraph{NCTID: c.NCTID, Label: b.GraphIRI(c.NCTID), Quads: b.Study(&c), Rank: Rank(&c)})
			if len(batch) == 50 {
				if _, err := st.ReplaceTrials(ctx, batch); err != nil {
					t.Fatal(err)
				}
				batch = batch[:0]
			}
		}
		fi, err := os.Stat(filepath.Join(dir, BoltFile))
		if err != nil {
			t.Fatal(err)
		}
		return st, fi.Size()
	}
	filled, filledSize := write(defaultFills)
	plain, plainSize := write(nil)
	for _, name := range []string{"log", "csp"} {
		f, p := bucketFill(t, filled, name), bucketFill(t, plain, name)
		t.Logf("%s: pages %.0f%% used (bolt's default fill: %.0f%%)", name, 100*f, 100*p)
		if f < 0.85 {
			t.Errorf("%s: pages %.0f%% used, want at least 85%%", name, 100*f)
		}
		if p > 0.7 {
			t.Errorf("%s: with bolt's default fill, pages %.0f%% used; the comparison no longer shows the fill's effect", name, 100*p)
		}
	}
	t.Logf("store file %d bytes (bolt's default fill: %d)", filledSize, plainSize)
	if filledSize >= plainSize*9/10 {
		t.Errorf("store file %d bytes, bolt's default fill %d: want at least 10%% smaller", filledSize, plainSize)
	}
	got, err := filled.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := plain.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameQuads(t, "filled store", got, want)
}
