package graph

import (
	"bufio"
	"bytes"
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// A Bulk writes the trials of a new bolt store itself, in Cayley's
// key-value layout, instead of through Cayley's writes.
//
// Cayley's kv store adds quads transaction by transaction: each one looks
// up and rewrites, for every node it touches, a page of the node buckets
// (keyed by the value's hash, so spread over the whole file) and a page of
// each index. Once the store outgrows the transaction, nearly every added
// quad costs a page written per bucket, and a store of 100k studies took
// 37 minutes. A bulk load writes each bucket once, in key order: the quad
// log as the quads arrive (their IDs ascend), the node buckets from a
// table of the nodes in memory, and the indexes from the quads' IDs,
// sorted (in runs on disk beyond bulkRunEntries) by index key. Pages are
// filled whole and nothing is read back.
//
// The file is written beside the store's (BoltFile + ".bulk") with bolt's
// fsync off and moved over the empty store once complete and synced, so
// an interruption leaves the empty store. The result is the store that
// Cayley would have written from the same quads, down to each node's
// reference count; only the IDs (and timestamps) differ. A trial met a
// second time cannot be merged here: Add reports it and the caller ends
// the bulk load and writes the rest through ReplaceTrials.
type Bulk struct {
	s     *Store
	file  string
	db    *bolt.DB
	tx    *bolt.Tx
	log   *bolt.Bucket
	puts  int
	arena []byte
	// nodes holds every node written, by the first byte of its hash.
	nodes [256]map[hash20]bulkNode
	next  uint64 // the last ID given
	quads int64
	side  *os.File // the quads' IDs, bulkQuadSize bytes each
	sw    *bufio.Writer
	prim  proto.Primitive
	hash  [quad.HashSize]byte
	now   int64
	// Phase, when set, is told what Finish is doing.
	Phase func(string)
}

type bulkNode struct{ id, refs uint32 }

// bulkQuadSize is the size of a quad's record in the side file: its ID
// and the IDs of its subject, predicate, object and label.
const bulkQuadSize = 20

// bulkRunEntries is the number of index entries sorted in memory (16
// bytes each); more go to sorted runs on disk, merged as they are written.
var bulkRunEntries = 8 << 20

// bulkCommitPuts is the number of puts per transaction of a bulk load.
const bulkCommitPuts = 100_000

// BulkFile is the file a bulk load writes before it becomes the store's.
const BulkFile = BoltFile + ".bulk"

// ErrNoBulk is returned by BeginBulk for a store that cannot be bulk
// loaded: not a bolt store, or not empty.
var ErrNoBulk = errors.New("store cannot be bulk loaded")

// BeginBulk starts a bulk load of s, which must be a bolt store opened for
// writing that holds no quad (ErrNoBulk otherwise). The quads' IDs and the
// sorted runs go to unlinked files in the system's temporary directory
// ($TMPDIR).
func (s *Store) BeginBulk(ctx context.Context) (*Bulk, error) {
	if s.bolt == nil || s.readOnly || !s.fresh || len(s.written) > 0 {
		return nil, ErrNoBulk
	}
	file := filepath.Join(s.path, BulkFile)
	if err := os.Remove(file); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	db, err := bolt.Open(file, 0o644, &bolt.Options{InitialMmapSize: initialMmap})
	if err != nil {
		return nil, fmt.Errorf("bulk load %s: %w", s.path, err)
	}
	db.NoSync = true
	if err := initBolt(ctx, newBoltKV(db)); err != nil {
		db.Close()
		os.Remove(file)
		return nil, fmt.Errorf("bulk load %s: %w", s.path, err)
	}
	b := &Bulk{s: s, file: file, db: db}
	for i := range b.nodes {
		b.nodes[i] = map[hash20]bulkNode{}
	}
	if b.side, err = os.CreateTemp("", "trialgraph-bulk-*.quads"); err != nil {
		b.Abort()
		return nil, err
	}
	os.Remove(b.side.Name()) // unlinked: it goes when closed, however the process ends
	b.sw = bufio.NewWriterSize(b.side, 1<<20)
	if err := b.begin(); err != nil {
		b.Abort()
		return nil, err
	}
	return b, nil
}

func (b *Bulk) begin() error {
	tx, err := b.db.Begin(true)
	if err != nil {
		return err
	}
	b.tx = tx
	b.log = tx.Bucket([]byte("log"))
	b.log.FillPercent = 1
	b.puts = 0
	return nil
}

// commit ends the transaction when it holds enough puts and begins the
// next one.
func (b *Bulk) commit(force bool) error {
	if !force && b.puts < bulkCommitPuts {
		return nil
	}
	if err := b.tx.Commit(); err != nil {
		b.tx = nil
		return err
	}
	b.tx, b.arena = nil, nil
	return b.begin()
}

// alloc returns n bytes that stay untouched until the transaction commits,
// as bolt needs its keys and values.
func (b *Bulk) alloc(n int) []byte {
	if cap(b.arena)-len(b.arena) < n {
		b.arena = make([]byte, 0, max(n, 1<<20))
	}
	p := b.arena[len(b.arena) : len(b.arena)+n]
	b.arena = b.arena[:len(b.arena)+n]
	return p
}

func (b *Bulk) id() (uint32, error) {
	if b.next >= math.MaxUint32 {
		return 0, errors.New("bulk load: more than 4,294,967,295 nodes and quads; ingest with --bulk=false")
	}
	b.next++
	return uint32(b.next), nil
}

// putLog writes the primitive b.prim to the quad log.
func (b *Bulk) putLog() error {
	b.prim.Timestamp = b.now
	key := b.alloc(8)
	binary.BigEndian.PutUint64(key, b.prim.ID)
	val := b.alloc(b.prim.ProtoSize())
	if _, err := b.prim.MarshalTo(val); err != nil {
		return err
	}
	b.puts++
	return b.log.Put(key, val)
}

// node returns the ID of v, writing it to the log when it is new, and
// counts the reference.
func (b *Bulk) node(v quad.Value) (uint32, error) {
	quad.HashTo(v, b.hash[:])
	m := b.nodes[b.hash[0]]
	h := b.hash
	n, ok := m[h]
	if !ok {
		id, err := b.id()
		if err != nil {
			return 0, err
		}
		val, err := pquads.MarshalValue(v)
		if err != nil {
			return 0, err
		}
		b.prim = proto.Primitive{ID: uint64(id), Value: val}
		if err := b.putLog(); err != nil {
			return 0, err
		}
		n.id = id
	}
	if n.refs == math.MaxUint32 {
		return 0, errors.New("bulk load: a node has more than 4,294,967,295 references; ingest with --bulk=false")
	}
	n.refs++
	m[h] = n
	return n.id, nil
}

// Add writes the graph of a trial not written before. It returns false,
// writing nothing, when the trial's graph was written already: the graphs
// are then to be merged by ReplaceTrials, after Finish. An error ends the
// bulk load (see Abort).
func (b *Bulk) Add(t TrialGraph) (ReplaceStats, bool, error) {
	var st ReplaceStats
	h := b.s.labelHash(t)
	if b.s.isWritten(h) {
		return st, false, nil
	}
	want, distinct, _, err := resolve([]TrialGraph{t}, nil)
	if err != nil {
		return st, true, err
	}
	if !distinct {
		want = DistinctQuads(slices.Clone(want))
	}
	b.s.written[h] = struct{}{}
	b.now = time.Now().UnixNano()
	var rec [bulkQuadSize]byte
	for _, q := range want {
		var ids [4]uint32
		for i, dir := range quad.Directions {
			v := q.Get(dir)
			if v == nil {
				continue
			}
			if ids[i], err = b.node(v); err != nil {
				return st, true, err
			}
		}
		qid, err := b.id()
		if err != nil {
			return st, true, err
		}
		b.prim = proto.Primitive{ID: uint64(qid)}
		for i, dir := range quad.Directions {
			b.prim.SetDirection(dir, uint64(ids[i]))
		}
		if err := b.putLog(); err != nil {
			return st, true, err
		}
		binary.LittleEndian.PutUint32(rec[0:], qid)
		for i := range ids {
			binary.LittleEndian.PutUint32(rec[4+4*i:], ids[i])
		}
		if _, err := b.sw.Write(rec[:]); err != nil {
			return st, true, err
		}
		b.quads++
	}
	st.Trials, st.Added = 1, len(want)
	return st, true, b.commit(false)
}

// Quads is the number of quads written so far.
func (b *Bulk) Quads() int64 { return b.quads }

// Abort drops the bulk load: the store stays empty.
func (b *Bulk) Abort() {
	if b.tx != nil {
		b.tx.Rollback()
		b.tx = nil
	}
	if b.db != nil {
		b.db.Close()
		b.db = nil
	}
	if b.side != nil {
		b.side.Close()
		b.side = nil
	}
	os.Remove(b.file)
	clear(b.s.written)
}

func (b *Bulk) phase(s string) {
	if b.Phase != nil {
		b.Phase(s)
	}
}

// Finish writes the node buckets, the indexes and the counts, and makes
// the file the store's. On error the store stays empty.
func (b *Bulk) Finish(ctx context.Context) error {
	if err := b.finish(ctx); err != nil {
		b.Abort()
		return fmt.Errorf("bulk load %s: %w", b.s.path, err)
	}
	return nil
}

func (b *Bulk) finish(ctx context.Context) error {
	if err := b.commit(true); err != nil {
		return err
	}
	if err := b.sw.Flush(); err != nil {
		return err
	}
	b.phase("nodes")
	if err := b.writeNodes(); err != nil {
		return err
	}
	for i, ind := range kvIndexes {
		b.phase(fmt.Sprintf("index %d of %d", i+1, len(kvIndexes)))
		if err := b.writeIndex(ind); err != nil {
			return err
		}
	}
	meta := b.tx.Bucket([]byte("meta"))
	for _, kv := range []struct {
		k string
		v uint64
	}{{"horizon", b.next}, {"size", uint64(b.quads)}} {
		v := b.alloc(8)
		binary.LittleEndian.PutUint64(v, kv.v)
		if err := meta.Put([]byte(kv.k), v); err != nil {
			return err
		}
	}
	if err := b.tx.Commit(); err != nil {
		b.tx = nil
		return err
	}
	b.tx = nil
	b.side.Close()
	b.side = nil
	if err := b.db.Sync(); err != nil {
		return err
	}
	if err := b.db.Close(); err != nil {
		return err
	}
	b.db = nil
	return b.s.replaceBoltFile(ctx, b.file)
}

// writeNodes writes the node buckets: for each node, its ID under its
// hash in bucket v+hash[0:2] and its reference count in n+hash[0:2].
func (b *Bulk) writeNodes() error {
	var keys []hash20
	var num [binary.MaxVarintLen64]byte
	for i := range b.nodes {
		m := b.nodes[i]
		keys = keys[:0]
		for h := range m {
			keys = append(keys, h)
		}
		slices.SortFunc(keys, func(a, c hash20) int { return bytes.Compare(a[:], c[:]) })
		for _, kind := range []byte{'v', 'n'} {
			var bk *bolt.Bucket
			var name [3]byte
			for _, h := range keys {
				if bk == nil || name[1] != h[0] || name[2] != h[1] {
					name = [3]byte{kind, h[0], h[1]}
					var err error
					if bk, err = b.tx.CreateBucketIfNotExists(slices.Clone(name[:])); err != nil {
						return err
					}
					bk.FillPercent = 1
				}
				n := m[h]
				x := uint64(n.id)
				if kind == 'n' {
					x = uint64(n.refs)
				}
				l := binary.PutUvarint(num[:], x)
				key := b.alloc(len(h))
				copy(key, h[:])
				val := b.alloc(l)
				copy(val, num[:l])
				if err := bk.Put(key, val); err != nil {
					return err
				}
				b.puts++
			}
		}
		b.nodes[i] = nil
		if err := b.commit(false); err != nil {
			return err
		}
	}
	return b.commit(true)
}

// bulkEntry is an index entry: up to three node IDs of the key, packed
// with the quad's ID so that entries sort by key, then quad.
type bulkEntry struct{ hi, lo uint64 }

func (e bulkEntry) cmp(f bulkEntry) int {
	if e.hi != f.hi {
		if e.hi < f.hi {
			return -1
		}
		return 1
	}
	if e.lo != f.lo {
		if e.lo < f.lo {
			return -1
		}
		return 1
	}
	return 0
}

// writeIndex writes the index ind from the side file of quad IDs.
func (b *Bulk) writeIndex(ind kv.QuadIndex) error {
	if len(ind.Dirs) > 3 {
		return fmt.Errorf("index %v: more than three directions", ind.Dirs)
	}
	if _, err := b.side.Seek(0, io.SeekStart); err != nil {
		return err
	}
	pos := make([]int, len(ind.Dirs)) // the record offset of each key direction
	for i, d := range ind.Dirs {
		pos[i] = 4 + 4*slices.Index(quad.Directions, d)
	}
	r := bufio.NewReaderSize(b.side, 1<<20)
	buf := make([]bulkEntry, 0, min(int64(bulkRunEntries), b.quads))
	var runs []*os.File
	defer func() {
		for _, f := range runs {
			f.Close()
		}
	}()
	var rec [bulkQuadSize]byte
	for range b.quads {
		if _, err := io.ReadFull(r, rec[:]); err != nil {
			return err
		}
		var k [3]uint64
		for i, p := range pos {
			k[i] = uint64(binary.LittleEndian.Uint32(rec[p:]))
		}
		buf = append(buf, bulkEntry{hi: k[0]<<32 | k[1], lo: k[2]<<32 | uint64(binary.LittleEndian.Uint32(rec[0:]))})
		if len(buf) == cap(buf) && len(buf) < int(b.quads) {
			f, err := spillRun(buf)
			if err != nil {
				return err
			}
			runs = append(runs, f)
			buf = buf[:0]
		}
	}
	name := make([]byte, len(ind.Dirs))
	for i, d := range ind.Dirs {
		name[i] = d.Prefix()
	}
	w := &indexWriter{b: b, dirs: len(ind.Dirs), name: name}
	if err := w.open(); err != nil {
		return err
	}
	if len(runs) == 0 {
		slices.SortFunc(buf, bulkEntry.cmp)
		for _, e := range buf {
			if err := w.add(e); err != nil {
				return err
			}
		}
		return w.close()
	}
	if len(buf) > 0 {
		f, err := spillRun(buf)
		if err != nil {
			return err
		}
		runs = append(runs, f)
	}
	buf = nil
	m := &runMerge{}
	for _, f := range runs {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		rr := &runReader{r: bufio.NewReaderSize(f, 1<<20)}
		ok, err := rr.next()
		if err != nil {
			return err
		}
		if ok {
			m.rs = append(m.rs, rr)
		}
	}
	heap.Init(m)
	for m.Len() > 0 {
		rr := m.rs[0]
		if err := w.add(rr.e); err != nil {
			return err
		}
		ok, err := rr.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(m, 0)
		} else {
			heap.Pop(m)
		}
	}
	return w.close()
}

// spillRun sorts entries and writes them to an unlinked temporary file.
func spillRun(entries []bulkEntry) (*os.File, error) {
	slices.SortFunc(entries, bulkEntry.cmp)
	f, err := os.CreateTemp("", "trialgraph-bulk-*.run")
	if err != nil {
		return nil, err
	}
	os.Remove(f.Name())
	w := bufio.NewWriterSize(f, 1<<20)
	var rec [16]byte
	for _, e := range entries {
		binary.LittleEndian.PutUint64(rec[0:], e.hi)
		binary.LittleEndian.PutUint64(rec[8:], e.lo)
		if _, err := w.Write(rec[:]); err != nil {
			f.Close()
			return nil, err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

type runReader struct {
	r *bufio.Reader
	e bulkEntry
}

func (rr *runReader) next() (bool, error) {
	var rec [16]byte
	if _, err := io.ReadFull(rr.r, rec[:]); err != nil {
		if err == io.EOF {
			return false, nil
		}
		return false, err
	}
	rr.e = bulkEntry{hi: binary.LittleEndian.Uint64(rec[0:]), lo: binary.LittleEndian.Uint64(rec[8:])}
	return true, nil
}

// runMerge is a heap of runs by their current entry.
type runMerge struct{ rs []*runReader }

func (m *runMerge) Len() int           { return len(m.rs) }
func (m *runMerge) Less(i, j int) bool { return m.rs[i].e.cmp(m.rs[j].e) < 0 }
func (m *runMerge) Swap(i, j int)      { m.rs[i], m.rs[j] = m.rs[j], m.rs[i] }
func (m *runMerge) Push(x any)         { m.rs = append(m.rs, x.(*runReader)) }
func (m *runMerge) Pop() any {
	x := m.rs[len(m.rs)-1]
	m.rs = m.rs[:len(m.rs)-1]
	return x
}

// indexWriter writes sorted index entries to an index bucket: one key per
// distinct key, its value the quad IDs as uvarints, as Cayley writes them.
type indexWriter struct {
	b      *Bulk
	dirs   int
	name   []byte
	bk     *bolt.Bucket
	key    [3]uint64
	ids    []byte
	any    bool
	varint [binary.MaxVarintLen64]byte
}

func (w *indexWriter) open() error {
	w.bk = w.b.tx.Bucket(w.name)
	if w.bk == nil {
		return fmt.Errorf("no bucket %q", w.name)
	}
	w.bk.FillPercent = 1
	return nil
}

func (w *indexWriter) add(e bulkEntry) error {
	k := [3]uint64{e.hi >> 32, e.hi & math.MaxUint32, e.lo >> 32}
	if w.any && k != w.key {
		if err := w.put(); err != nil {
			return err
		}
	}
	w.key, w.any = k, true
	n := binary.PutUvarint(w.varint[:], e.lo&math.MaxUint32)
	w.ids = append(w.ids, w.varint[:n]...)
	return nil
}

func (w *indexWriter) put() error {
	key := w.b.alloc(8 * w.dirs)
	for i := range w.dirs {
		binary.BigEndian.PutUint64(key[8*i:], w.key[i])
	}
	val := w.b.alloc(len(w.ids))
	copy(val, w.ids)
	w.ids = w.ids[:0]
	if err := w.bk.Put(key, val); err != nil {
		return err
	}
	w.b.puts++
	if w.b.puts >= bulkCommitPuts {
		if err := w.b.commit(true); err != nil {
			return err
		}
		return w.open()
	}
	return nil
}

func (w *indexWriter) close() error {
	if w.any {
		if err := w.put(); err != nil {
			return err
		}
	}
	return w.b.commit(true)
}

type hash20 = [quad.HashSize]byte

// replaceBoltFile makes file, a complete and synced bolt store, the
// store's file, and reopens the store on it.
func (s *Store) replaceBoltFile(ctx context.Context, file string) error {
	if err := s.closer(); err != nil {
		return err
	}
	s.QS, s.bolt, s.closer = nil, nil, func() error { return nil }
	if err := os.Rename(file, filepath.Join(s.path, BoltFile)); err != nil {
		return err
	}
	if err := syncDir(s.path); err != nil {
		return err
	}
	return s.openBoltFile(ctx, Options{LockTimeout: 500 * time.Millisecond})
}
