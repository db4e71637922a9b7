package graph

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"syscall"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/trial"
)

// Errors of Open. Compare with errors.Is.
var (
	ErrStoreInUse = errors.New("store in use by another process")
	ErrNoStore    = errors.New("no store")
)

// Options configure Open.
type Options struct {
	// ReadOnly opens the store for reading; several readers may share it,
	// and a writer is refused while they hold it.
	ReadOnly bool
	// LockTimeout is how long to wait for another process to release the
	// store before failing with ErrStoreInUse. Zero means 500 ms.
	LockTimeout time.Duration
}

// Store is a trialgraph store: a Cayley quad store holding one named graph
// per trial, in a bolt file or in PostgreSQL.
type Store struct {
	QS graph.QuadStore
	// bolt is the bolt file under QS, which exports read directly (see
	// boltReader); nil for other backends.
	bolt *bolt.DB
	// graphNodeIndex: see GraphNodeIndex.
	graphNodeIndex bool
	path           string
	readOnly       bool
	lock           *os.File
	closer         func() error
	// recovered lists graphs an interrupted write left incomplete.
	recovered []string
	// atomic is set when the backend applies deletions and additions in
	// one transaction correctly (SQL), so replacements need no journal.
	atomic bool
	// fresh is set when the store held no quad when opened: a graph that
	// this Store has not written then cannot be stored, and its lookup is
	// skipped. written holds the hashes of the labels written (a collision
	// only costs a lookup).
	fresh   bool
	seed    maphash.Seed
	written map[uint64]struct{}
}

// BoltFile is the file of a bolt store inside its directory, as the stock
// cayley command lays it out.
const BoltFile = "indexes.bolt"

// Open opens the store at db, creating it unless opts.ReadOnly is set: a
// postgres:// (or postgresql://) URL opens the PostgreSQL database it names
// (see IsPostgres), anything else is the directory of a bolt store.
func Open(ctx context.Context, db string, opts Options) (*Store, error) {
	if opts.LockTimeout == 0 {
		opts.LockTimeout = 500 * time.Millisecond
	}
	var st *Store
	var err error
	if IsPostgres(db) {
		st, err = openPostgres(ctx, db, opts)
	} else {
		st, err = openBolt(ctx, db, opts)
	}
	if err != nil {
		return nil, err
	}
	if !opts.ReadOnly {
		st.seed = maphash.MakeSeed()
		st.written = map[uint64]struct{}{}
	}
	return st, nil
}

// emptyKV reports whether a kv store holds no quad.
func emptyKV(ctx context.Context, qs graph.QuadStore) (bool, error) {
	it := qs.QuadsAllIterator()
	defer it.Close()
	if it.Next(ctx) {
		return false, nil
	}
	if err := it.Err(); err != nil && !errors.Is(err, kv.ErrNoBucket) {
		return false, err
	}
	return true, nil
}

// openBolt opens the bolt store in directory dir.
func openBolt(ctx context.Context, dir string, opts Options) (*Store, error) {
	file := filepath.Join(dir, BoltFile)
	if _, err := os.Stat(file); err != nil {
		if opts.ReadOnly {
			return nil, fmt.Errorf("%w at %s (create it with trialgraph ingest --db %s)", ErrNoStore, dir, dir)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	lock, err := lockDir(dir, opts)
	if err != nil {
		return nil, err
	}
	if !opts.ReadOnly {
		// A bulk load cut off before its end (see Bulk) left its file.
		if err := os.Remove(filepath.Join(dir, BulkFile)); err != nil && !os.IsNotExist(err) {
			lock.Close()
			return nil, err
		}
	}
	st := &Store{path: dir, readOnly: opts.ReadOnly, lock: lock}
	if err := st.openBoltFile(ctx, opts); err != nil {
		lock.Close()
		return nil, err
	}
	qs := st.QS
	if !opts.ReadOnly {
		if st.fresh, err = emptyKV(ctx, qs); err != nil {
			st.Close()
			return nil, err
		}
	}
	if labels, _ := readJournal(dir); len(labels) > 0 {
		if opts.ReadOnly {
			st.Close()
			return nil, fmt.Errorf("%s: %w while replacing %d trials; run trialgraph ingest --db %s to repair it", dir, ErrInterrupted, len(labels), dir)
		}
		if err := st.recover(ctx); err != nil {
			st.Close()
			return nil, err
		}
	}
	return st, nil
}

// openBoltFile opens (creating it unless read-only) the bolt file of the
// store in s.path, whose directory lock s already holds, and sets s.QS.
func (s *Store) openBoltFile(ctx context.Context, opts Options) error {
	dir := s.path
	file := filepath.Join(dir, BoltFile)
	db, err := bolt.Open(file, 0o644, &bolt.Options{Timeout: opts.LockTimeout, ReadOnly: opts.ReadOnly, InitialMmapSize: initialMmap})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return fmt.Errorf("%s: %w (the stock cayley command or another program holds it)", dir, ErrStoreInUse)
		}
		return fmt.Errorf("open store %s: %w", dir, err)
	}
	hkv := newBoltKV(db)
	if !opts.ReadOnly {
		if err := initBolt(ctx, hkv); err != nil && err != graph.ErrDatabaseExists {
			hkv.Close()
			return fmt.Errorf("init store %s: %w", dir, err)
		}
	}
	qs, err := kv.New(hkv, graph.Options{kv.OptNoBloom: true})
	if err != nil {
		hkv.Close()
		if err == graph.ErrNotInitialized {
			return fmt.Errorf("%w at %s: the directory holds no initialised store", ErrNoStore, dir)
		}
		return fmt.Errorf("open store %s: %w", dir, err)
	}
	s.QS, s.bolt, s.closer = qs, db, qs.Close
	if s.graphNodeIndex, err = readGraphNodeIndex(ctx, hkv); err != nil {
		qs.Close()
		return fmt.Errorf("open store %s: %w", dir, err)
	}
	return nil
}

// initBolt initialises a new kv store with trialgraph's indexes;
// graph.ErrDatabaseExists when it is initialised already.
func initBolt(ctx context.Context, db *boltKV) error {
	if err := kv.Init(db, graph.Options{}); err != nil {
		return err
	}
	return setIndexes(ctx, db)
}

// lockDir takes the advisory lock of a store directory: shared for readers,
// exclusive for the writer, failing at once when the other kind holds it.
func lockDir(dir string, opts Options) (*os.File, error) {
	name := filepath.Join(dir, "trialgraph.lock")
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil && opts.ReadOnly {
		f, err = os.Open(name)
		if os.IsNotExist(err) {
			return os.Open(os.DevNull) // a read-only directory without a lock file: no writer uses it
		}
	}
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_EX
	if opts.ReadOnly {
		how = syscall.LOCK_SH
	}
	deadline := time.Now().Add(opts.LockTimeout)
	for {
		err = syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			return f, nil
		}
		if err != syscall.EWOULDBLOCK || time.Now().After(deadline) {
			who := "a reader (query, export or serve)"
			if opts.ReadOnly || syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB) != nil {
				who = "a writer (ingest)" // a shared lock is refused only to a writer's
			}
			f.Close()
			return nil, fmt.Errorf("%s: %w: %s has it open", dir, ErrStoreInUse, who)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Path is the store's directory.
func (s *Store) Path() string { return s.path }

// Close closes the store and releases its lock.
func (s *Store) Close() error {
	err := s.closer()
	if s.lock != nil {
		s.lock.Close()
	}
	return err
}

// TrialGraph is the complete set of quads of one trial.
type TrialGraph struct {
	NCTID string
	Label quad.Value
	Quads []quad.Quad
	// Rank orders descriptions of the same trial (see Rank): a graph is
	// not replaced by one of lower rank.
	Rank string
	// Distinct is set when Quads holds no quad twice (see DistinctQuads),
	// which spares ReplaceTrials that check when nothing is stored.
	Distinct bool
	// Record is the study the graph was built from, nil for a graph read
	// as quads. With Build, ReplaceTrials merges it with the trial's other
	// records, stored or in the same call (see Builder.Records).
	Record *trial.Study
	// Build makes a trial graph from records; Builder.Records.
	Build func([]*trial.Study) ([]quad.Quad, error)
}

// DistinctQuads removes repeated quads from qs, keeping the first of each,
// in place.
func DistinctQuads(qs []quad.Quad) []quad.Quad {
	seen := make(map[string]struct{}, len(qs))
	out := qs[:0]
	for _, q := range qs {
		k := quadKey(q)
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		out = append(out, q)
	}
	return out
}

// ReplaceStats counts what a replacement changed.
type ReplaceStats struct {
	Trials, Added, Removed, Unchanged int
	// Kept counts trials whose stored description outranked the new one.
	Kept int
}

// ReplaceTrials makes the store hold the graph of each of the trials: quads
// of a trial's graph that are not wanted are removed, new ones added, and
// unchanged ones left alone. A graph built from a record is merged with the
// trial's other records, stored or given (see Builder.Records); a graph
// read as quads replaces the stored one when its rank is not lower. When a
// trial appears twice, the same rules decide, so the result does not
// depend on the order of trials or on how they are split into calls.
func (s *Store) ReplaceTrials(ctx context.Context, trials []TrialGraph) (ReplaceStats, error) {
	var st ReplaceStats
	if s.readOnly {
		return st, errors.New("store opened read-only")
	}
	// The trials in input order, each trial's graphs together.
	var order []string
	groups := map[string][]TrialGraph{}
	for _, t := range trials {
		k := labelKey(t)
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], t)
	}
	var dels, adds []graph.Delta
	var labels []string
	// The stored graphs are read in one read transaction, ended before
	// the writes: bolt's writer, growing its map, would wait for it.
	var gr graphReader
	defer gr.close()
	for _, k := range order {
		group := groups[k]
		t := group[0]
		st.Trials++
		var old []quad.Quad
		if h := s.labelHash(t); !s.fresh || s.isWritten(h) {
			var err error
			if old, err = gr.quads(ctx, s, t.Label); err != nil {
				return st, err
			}
		} else {
			s.written[h] = struct{}{}
		}
		want, distinct, kept, err := resolve(group, old)
		if err != nil {
			return st, err
		}
		if kept {
			st.Kept++
			continue
		}
		if len(old) == 0 && distinct {
			for _, q := range want {
				adds = append(adds, graph.Delta{Quad: q, Action: graph.Add})
			}
			st.Added += len(want)
			continue
		}
		// Quads are compared by their N-Quads key; with nothing stored
		// only duplicates among the new quads need finding.
		have := make(map[string]bool, len(old)+len(want))
		if len(old) > 0 {
			wanted := make(map[string]bool, len(want))
			for _, q := range want {
				wanted[quadKey(q)] = true
			}
			for _, q := range old {
				k := quadKey(q)
				have[k] = true
				if !wanted[k] {
					dels = append(dels, graph.Delta{Quad: q, Action: graph.Delete})
					st.Removed++
				}
			}
		}
		for _, q := range want {
			k := quadKey(q)
			if have[k] {
				st.Unchanged++
				continue
			}
			have[k] = true
			adds = append(adds, graph.Delta{Quad: q, Action: graph.Add})
			st.Added++
		}
		if len(old) > 0 {
			labels = append(labels, labelKey(t))
		}
	}
	gr.close()
	if len(dels)+len(adds) == 0 {
		return st, nil
	}
	if s.atomic {
		// One SQL transaction: Cayley's SQL backend applies the
		// additions, then the deletions, then the node counts, and
		// commits them together (see storetest's replacement tests).
		if err := s.QS.ApplyDeltas(append(dels, adds...), graph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}); err != nil {
			return st, fmt.Errorf("write to store: %w", err)
		}
		return st, nil
	}
	// Deletions and additions go in two transactions: Cayley v0.7.7's kv
	// store loses index entries of added quads when one transaction also
	// deletes several (see TestReplaceInOneTransactionLosesIndex). A
	// journal names the trials between the two, so that an interrupted
	// replacement is found and cleaned up on the next open.
	if len(dels) > 0 {
		if err := s.writeJournal(labels); err != nil {
			return st, err
		}
		if err := s.QS.ApplyDeltas(dels, graph.IgnoreOpts{IgnoreMissing: true}); err != nil {
			return st, fmt.Errorf("write to store: %w", err)
		}
	}
	if len(adds) > 0 {
		if err := s.QS.ApplyDeltas(adds, graph.IgnoreOpts{IgnoreDup: true}); err != nil {
			return st, fmt.Errorf("write to store: %w", err)
		}
	}
	if len(dels) > 0 {
		if err := s.clearJournal(); err != nil {
			return st, err
		}
	}
	return st, nil
}

func (s *Store) labelHash(t TrialGraph) uint64 {
	return maphash.String(s.seed, labelKey(t))
}

func (s *Store) isWritten(h uint64) bool {
	_, ok := s.written[h]
	return ok
}

func labelKey(t TrialGraph) string {
	if t.Label == nil {
		return ""
	}
	return t.Label.String()
}

// graphReader reads stored trial graphs for ReplaceTrials: on a bolt
// store with the label–subject–predicate index, straight from the index
// and the log in one read transaction (a rerun over 10k stored studies
// spent a third of its time in Cayley's iterators here), otherwise
// through the iterators.
type graphReader struct {
	br   *boltReader
	done bool // the store cannot be read directly
}

func (g *graphReader) quads(ctx context.Context, s *Store, label quad.Value) ([]quad.Quad, error) {
	if g.br == nil && !g.done {
		g.done = true
		if s.bolt != nil && s.GraphNodeIndex() {
			br, err := s.newBoltReader()
			if err != nil {
				return nil, err
			}
			g.br = br
		}
	}
	if g.br == nil {
		return s.graphQuads(ctx, label)
	}
	return s.graphQuadsBolt(g.br, label)
}

func (g *graphReader) close() {
	if g.br != nil {
		g.br.Close()
		g.br = nil
	}
}

// graphQuadsBolt is graphQuads read directly: the label's keys of the
// label–subject–predicate index in order, each key's quads in ID order,
// as Cayley's iterator over the label gives them.
func (s *Store) graphQuadsBolt(br *boltReader, label quad.Value) ([]quad.Quad, error) {
	ref, ok := s.QS.ValueOf(label).(kv.Int64Value)
	if !ok {
		return nil, nil
	}
	var prims []proto.Primitive
	err := br.indexQuads(idxLSP, []uint64{uint64(ref)}, func(p *proto.Primitive) error {
		prims = append(prims, proto.Primitive{Subject: p.Subject, Predicate: p.Predicate, Object: p.Object})
		return nil
	})
	if err != nil || len(prims) == 0 {
		return nil, err
	}
	ids := make([]uint64, 0, 3*len(prims))
	for _, p := range prims {
		ids = append(ids, p.Subject, p.Predicate, p.Object)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	vals, err := br.valuesOfIDs(ids, nil)
	if err != nil {
		return nil, err
	}
	value := func(id uint64) quad.Value {
		i, _ := slices.BinarySearch(ids, id)
		return vals[i]
	}
	out := make([]quad.Quad, len(prims))
	for i, p := range prims {
		out[i] = quad.Quad{Subject: value(p.Subject), Predicate: value(p.Predicate), Object: value(p.Object), Label: label}
	}
	return out, nil
}

// graphQuads returns the quads stored under label.
func (s *Store) graphQuads(ctx context.Context, label quad.Value) ([]quad.Quad, error) {
	ref := s.QS.ValueOf(label)
	if ref == nil {
		return nil, nil
	}
	it := s.QS.QuadIterator(quad.Label, ref)
	defer it.Close()
	var out []quad.Quad
	for it.Next(ctx) {
		out = append(out, s.QS.Quad(it.Result()))
	}
	return out, it.Err()
}

// GraphQuads returns the quads of one trial graph, sorted, without the
// stored source records (see Hidden).
func (s *Store) GraphQuads(ctx context.Context, label quad.Value) ([]quad.Quad, error) {
	qs, err := s.graphQuads(ctx, label)
	out := qs[:0]
	for _, q := range qs {
		if !Hidden(q) {
			out = append(out, q)
		}
	}
	return SortQuads(out), err
}

// Labels returns the graph labels in the store, sorted.
func (s *Store) Labels(ctx context.Context) ([]quad.Value, error) {
	seen := map[string]quad.Value{}
	err := s.EachQuad(ctx, func(q quad.Quad) error {
		if q.Label != nil {
			seen[q.Label.String()] = q.Label
		}
		return nil
	})
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]quad.Value, len(keys))
	for i, k := range keys {
		out[i] = seen[k]
	}
	return out, err
}

// EachQuad calls fn for every quad in the store, in store order, except
// the stored source records (see Hidden).
func (s *Store) EachQuad(ctx context.Context, fn func(quad.Quad) error) error {
	return s.eachQuad(ctx, false, fn)
}

// EachStoredQuad is EachQuad with the hidden statements (see Hidden): every
// quad the store holds, as the stock cayley command dumps it.
func (s *Store) EachStoredQuad(ctx context.Context, fn func(quad.Quad) error) error {
	return s.eachQuad(ctx, true, fn)
}

func (s *Store) eachQuad(ctx context.Context, hidden bool, fn func(quad.Quad) error) error {
	br, err := s.newBoltReader()
	if err != nil {
		return err
	}
	if br != nil {
		defer br.Close()
		var skip func(quad.Value) bool
		if !hidden {
			skip = func(p quad.Value) bool { return p == RecordPredicate }
		}
		return br.eachQuad(ctx, skip, fn)
	}
	it := s.QS.QuadsAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		q := s.QS.Quad(it.Result())
		if !hidden && Hidden(q) {
			continue
		}
		if err := fn(q); err != nil {
			return err
		}
	}
	return it.Err()
}

// Triples returns every distinct triple of the store (labels dropped),
// sorted by subject, predicate and object.
func (s *Store) Triples(ctx context.Context) ([]quad.Quad, error) {
	var out []quad.Quad
	err := s.EachQuad(ctx, func(q quad.Quad) error {
		q.Label = nil
		out = append(out, q)
		return nil
	})
	return SortQuads(out), err
}

// Quads returns every quad of the store, sorted.
func (s *Store) Quads(ctx context.Context) ([]quad.Quad, error) {
	var out []quad.Quad
	err := s.EachQuad(ctx, func(q quad.Quad) error {
		out = append(out, q)
		return nil
	})
	return SortQuads(out), err
}

// Size is the number of quads in the store.
func (s *Store) Size(ctx context.Context) (int64, error) {
	st, err := s.QS.Stats(ctx, false)
	if err == nil && (!st.Quads.Exact || st.Quads.Size < 0) {
		st, err = s.QS.Stats(ctx, true) // SQL keeps no count
	}
	return st.Quads.Size, err
}

// initialMmap is the address space bolt maps up front. Mapping it once
// spares the remaps bolt otherwise does each time the file grows (about a
// sixth of ingest time on the corpus); it reserves address space, not
// memory.
const initialMmap = 1 << 30
