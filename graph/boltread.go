package graph

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// An export of a bolt store reads Cayley v0.7.7's key-value layout
// directly, in one read transaction per worker, instead of through the
// quad store's iterators. The layout (graph/kv in Cayley): bucket "log"
// maps each primitive's ID (8 bytes, big-endian) to the primitive
// (graph/proto), a node with its value or a quad with the IDs of its four
// nodes, a deleted quad staying there marked Deleted; bucket "sp" maps a
// subject ID and a predicate ID (8 bytes each) to the IDs of their quads
// (unsigned varints, ascending), deleted ones included. Cayley's iterators
// fetch every primitive with a seek from the B-tree's root, in a new
// transaction for every 100 when listing all quads; here the subjects are
// listed in one pass of a cursor along the index, and the primitives of a
// subject, whose IDs are mostly consecutive (a trial graph is written in
// one batch), are reached by stepping the cursor forward. The references
// are the store's own
// (kv.Int64Value), so the rest of the export treats both paths alike, and
// the stores are not changed: the export reads what the stock cayley
// command reads. Other backends go through the iterators.
var (
	boltLog      = []byte("log")
	boltSubjects = []byte{quad.Subject.Prefix(), quad.Predicate.Prefix()}
	boltTriples  = []byte{quad.Object.Prefix(), quad.Predicate.Prefix(), quad.Subject.Prefix()}
)

// boltStep is how far forward get steps the cursor before seeking.
const boltStep = 16

// boltReader is one read transaction over a bolt store's buckets; it is
// not safe for concurrent use.
type boltReader struct {
	tx    *bolt.Tx
	log   *bolt.Cursor
	sp    *bolt.Cursor
	ops   *bolt.Cursor // nil when the store has no object–predicate–subject index
	pos   uint64       // the log cursor's ID; 0 when not placed
	key   [8]byte
	ids   []uint64
	order []int
	// long, spans, same, objects and short are blockTriples'.
	short   []shortQuad
	long    []uint64
	spans   []tripleSpan
	same    []uint64
	objects map[uint64]bool // object → stated
	// buckets are the index buckets indexScan has opened.
	buckets map[string]*bolt.Bucket
}

// newBoltReader begins a read transaction on the bolt store under s, or
// returns nil when s is not one or lacks the buckets.
func (s *Store) newBoltReader() (*boltReader, error) {
	if s.bolt == nil {
		return nil, nil
	}
	tx, err := s.bolt.Begin(false)
	if err != nil {
		return nil, err
	}
	log, sp := tx.Bucket(boltLog), tx.Bucket(boltSubjects)
	if log == nil || sp == nil {
		tx.Rollback()
		return nil, nil
	}
	r := &boltReader{tx: tx, log: log.Cursor(), sp: sp.Cursor()}
	if ops := tx.Bucket(boltTriples); ops != nil {
		r.ops = ops.Cursor()
	}
	return r, nil
}

// Close ends the transaction.
func (r *boltReader) Close() {
	if r != nil {
		r.tx.Rollback()
	}
}

// get returns the log entry of id, nil if there is none. The bytes are
// valid until the transaction ends.
func (r *boltReader) get(id uint64) []byte {
	binary.BigEndian.PutUint64(r.key[:], id)
	if r.pos != 0 && id > r.pos && id-r.pos <= boltStep {
		for k, v := r.log.Next(); k != nil; k, v = r.log.Next() {
			switch bytes.Compare(k, r.key[:]) {
			case 0:
				r.pos = id
				return v
			case 1:
				r.pos = binary.BigEndian.Uint64(k)
				return nil
			}
		}
		r.pos = 0
		return nil
	}
	k, v := r.log.Seek(r.key[:])
	if len(k) != 8 {
		r.pos = 0
		return nil
	}
	r.pos = binary.BigEndian.Uint64(k)
	if r.pos != id {
		return nil
	}
	return v
}

// prim decodes the log entry of id into p; false if there is none.
func (r *boltReader) prim(id uint64, p *proto.Primitive) (bool, error) {
	b := r.get(id)
	if b == nil {
		return false, nil
	}
	if err := decodePrimitive(b, p); err != nil {
		return false, fmt.Errorf("store: primitive %d: %w", id, err)
	}
	return true, nil
}

// decodePrimitive decodes the log entry b into p as p.Unmarshal does,
// except that p.Value is not copied: it points into b, so it is valid as
// long as b is (until the transaction ends). An export decodes every
// entry of the log, and the copy was most of the decoding's cost. Fields
// other than Primitive's numeric ones and its value are left to
// p.Unmarshal.
func decodePrimitive(b []byte, p *proto.Primitive) error {
	*p = proto.Primitive{}
	for i := 0; i < len(b); {
		tag, n := binary.Uvarint(b[i:])
		if n <= 0 {
			return p.Unmarshal(b) // for its error
		}
		i += n
		field, wire := tag>>3, tag&7
		switch {
		case wire == 0 && field >= 1 && field <= 9 && field != 8:
			v, n := binary.Uvarint(b[i:])
			if n <= 0 {
				return p.Unmarshal(b)
			}
			i += n
			switch field {
			case 1:
				p.ID = v
			case 2:
				p.Subject = v
			case 3:
				p.Predicate = v
			case 4:
				p.Object = v
			case 5:
				p.Label = v
			case 6:
				p.Replaces = v
			case 7:
				p.Timestamp = int64(v)
			case 9:
				p.Deleted = v != 0
			}
		case wire == 2 && field == 8:
			l, n := binary.Uvarint(b[i:])
			if n <= 0 || l > uint64(len(b)-i-n) {
				return p.Unmarshal(b)
			}
			i += n
			p.Value = b[i : i+int(l) : i+int(l)]
			i += int(l)
		default:
			return p.Unmarshal(b)
		}
	}
	return nil
}

// values returns the values of the nodes refs (kv.Int64Value), fetched in
// ID order.
func (r *boltReader) values(refs []graph.Ref) ([]quad.Value, error) {
	order := make([]int, len(refs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		x, y := refs[a].(kv.Int64Value), refs[b].(kv.Int64Value)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	out := make([]quad.Value, len(refs))
	var p proto.Primitive
	for _, i := range order {
		id := uint64(refs[i].(kv.Int64Value))
		ok, err := r.prim(id, &p)
		if err != nil {
			return nil, err
		}
		if !ok || len(p.Value) == 0 {
			return nil, fmt.Errorf("store: value of node %d missing", id)
		}
		if out[i], err = pquads.UnmarshalValue(p.Value); err != nil {
			return nil, fmt.Errorf("store: value of node %d: %w", id, err)
		}
	}
	return out, nil
}

// valuesOfIDs appends to out the values of the nodes ids, fetched in ID
// order.
func (r *boltReader) valuesOfIDs(ids []uint64, out []quad.Value) ([]quad.Value, error) {
	order := r.order[:0]
	for i := range ids {
		order = append(order, i)
	}
	r.order = order
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ids[a], ids[b]) })
	start := len(out)
	out = append(out, make([]quad.Value, len(ids))...)
	for _, i := range order {
		b, err := r.nodeValue(ids[i])
		if err != nil {
			return out, err
		}
		if len(b) == 0 {
			return out, fmt.Errorf("store: value of node %d missing", ids[i])
		}
		if out[start+i], err = pquads.UnmarshalValue(b); err != nil {
			return out, fmt.Errorf("store: value of node %d: %w", ids[i], err)
		}
	}
	return out, nil
}

// subjectQuads calls fn with the live quads of subject subj, in ID order.
func (r *boltReader) subjectQuads(subj uint64, fn func(p *proto.Primitive)) error {
	var prefix [8]byte
	binary.BigEndian.PutUint64(prefix[:], subj)
	r.ids = r.ids[:0]
	for k, v := r.sp.Seek(prefix[:]); k != nil && bytes.HasPrefix(k, prefix[:]); k, v = r.sp.Next() {
		var ok bool
		if r.ids, ok = appendIDs(r.ids, v); !ok {
			return fmt.Errorf("store: subject index of node %d: bad entry", subj)
		}
	}
	slices.Sort(r.ids)
	var p proto.Primitive
	for _, id := range r.ids {
		ok, err := r.prim(id, &p)
		if err != nil {
			return err
		}
		if !ok || p.Deleted || p.Subject != subj {
			continue
		}
		fn(&p)
	}
	return nil
}

// A subject shared by many trials, such as a site, an organisation or a
// condition, states the same few things in every trial graph: a site in
// 500 trials has 500 quads for its name, each in its own trial's batch, far
// apart in the log. Reading them all to find one distinct name was a
// quarter of an export's reading at 100k studies (8.8 of 35 s, for 4 % of
// the statements). blockTriples reads such a list quad by quad, and when
// a triple comes up a second time, finds every quad of it in the
// object–predicate–subject index (a key of the object, predicate and
// subject, its value their quad IDs) and drops them from the list: two
// reads and a lookup a repeated triple instead of one read a quad.

// shortList is the longest list of a subject and predicate's quads that
// blockTriples reads quad by quad.
const shortList = 2

// blockTriples calls fn with the predicate and object of the live quads of
// the subjects subjs, leaving out predicate skip (when not 0), and the index
// of their subject in subjs. It needs the ops index (r.ops). The quads of the subjects' short lists are read
// together, in ID order, so that the quads of a trial's subjects, written
// together, are read in one sweep of the log. A triple may be given more
// than once when its quads are in short lists.
func (r *boltReader) blockTriples(subjs []uint64, skip uint64, fn func(i int, p, o uint64)) error {
	r.short = r.short[:0]
	for i, subj := range subjs {
		if err := r.subjectLists(subj, skip); err != nil {
			return err
		}
		for _, id := range r.ids {
			r.short = append(r.short, shortQuad{id, i})
		}
		if err := r.longTriples(subj, func(p, o uint64) { fn(i, p, o) }); err != nil {
			return err
		}
	}
	slices.SortFunc(r.short, func(a, b shortQuad) int { return cmp.Compare(a.id, b.id) })
	var q proto.Primitive
	for _, sq := range r.short {
		ok, err := r.prim(sq.id, &q)
		if err != nil {
			return err
		}
		if ok && !q.Deleted && q.Subject == subjs[sq.i] {
			fn(sq.i, q.Predicate, q.Object)
		}
	}
	return nil
}

// shortQuad is a quad of a short list and the index of its subject.
type shortQuad struct {
	id uint64
	i  int
}

// subjectLists reads subject subj's entries of the subject index, but
// those of predicate skip (when not 0): the quads of short lists into
// r.ids, the long lists into r.long and r.spans.
func (r *boltReader) subjectLists(subj, skip uint64) error {
	var prefix [8]byte
	binary.BigEndian.PutUint64(prefix[:], subj)
	r.ids, r.long, r.spans = r.ids[:0], r.long[:0], r.spans[:0]
	for k, v := r.sp.Seek(prefix[:]); k != nil && bytes.HasPrefix(k, prefix[:]); k, v = r.sp.Next() {
		if len(k) != 16 {
			return fmt.Errorf("store: subject index of node %d: bad key %x", subj, k)
		}
		p := binary.BigEndian.Uint64(k[8:])
		if p == skip && skip != 0 {
			continue
		}
		from := len(r.long)
		var ok bool
		if r.long, ok = appendIDs(r.long, v); !ok {
			return fmt.Errorf("store: subject index of node %d: bad entry", subj)
		}
		if len(r.long)-from <= shortList {
			r.ids = append(r.ids, r.long[from:]...)
			r.long = r.long[:from]
			continue
		}
		r.spans = append(r.spans, tripleSpan{p, from, len(r.long)})
	}
	return nil
}

// longTriples calls fn with the distinct live triples of subject subj's
// long lists (subjectLists). A quad is read, and when its triple comes up
// a second time, the index gives all of that triple's quads, which are
// not read. A list of distinct objects (a trial's sites) costs what it
// did; a repeated statement costs two reads and a lookup.
func (r *boltReader) longTriples(subj uint64, fn func(p, o uint64)) error {
	if r.objects == nil {
		r.objects = map[uint64]bool{}
	}
	var q proto.Primitive
	for _, sp := range r.spans {
		left := r.long[sp.from:sp.to]
		slices.Sort(left)
		clear(r.objects)
		for len(left) > 0 {
			id := left[0]
			left = left[1:]
			ok, err := r.prim(id, &q)
			if err != nil {
				return err
			}
			if !ok || q.Subject != subj || q.Predicate != sp.p {
				continue // not this subject's and predicate's: a damaged index
			}
			o := q.Object
			stated, seen := r.objects[o]
			if !stated && !q.Deleted {
				fn(sp.p, o)
				stated = true
			}
			r.objects[o] = stated
			if !seen {
				continue
			}
			same, err := r.tripleQuads(o, sp.p, subj)
			if err != nil {
				return err
			}
			for _, other := range same {
				if stated {
					break
				}
				var oq proto.Primitive
				ok, err := r.prim(other, &oq)
				if err != nil {
					return err
				}
				if ok && !oq.Deleted && oq.Subject == subj && oq.Predicate == sp.p && oq.Object == o {
					fn(sp.p, o)
					stated = true
					r.objects[o] = true
				}
			}
			left = without(left, same)
		}
	}
	return nil
}

// tripleSpan is a subject's long list of quads of predicate p in
// boltReader.long.
type tripleSpan struct {
	p        uint64
	from, to int
}

// tripleQuads returns the IDs of the quads of subject s, predicate p and
// object o, sorted, from the ops index; valid until the next call.
func (r *boltReader) tripleQuads(o, p, s uint64) ([]uint64, error) {
	var key [24]byte
	binary.BigEndian.PutUint64(key[:], o)
	binary.BigEndian.PutUint64(key[8:], p)
	binary.BigEndian.PutUint64(key[16:], s)
	r.same = r.same[:0]
	k, v := r.ops.Seek(key[:])
	if !bytes.Equal(k, key[:]) {
		return nil, nil
	}
	var ok bool
	if r.same, ok = appendIDs(r.same, v); !ok {
		return nil, fmt.Errorf("store: triple index of node %d: bad entry", s)
	}
	slices.Sort(r.same)
	return r.same, nil
}

// appendIDs appends the quad IDs of an index entry (unsigned varints) to
// ids; false if the entry is malformed.
func appendIDs(ids []uint64, v []byte) ([]uint64, bool) {
	for len(v) > 0 {
		id, n := binary.Uvarint(v)
		if n <= 0 {
			return ids, false
		}
		ids = append(ids, id)
		v = v[n:]
	}
	return ids, true
}

// without returns the IDs of left (sorted) that are not in drop (sorted),
// in left's space.
func without(left []uint64, drop []uint64) []uint64 {
	out := left[:0]
	j := 0
	for _, x := range left {
		for j < len(drop) && drop[j] < x {
			j++
		}
		if j < len(drop) && drop[j] == x {
			continue
		}
		out = append(out, x)
	}
	return out
}

// eachSubject calls fn with the distinct subjects of the store's live
// quads, in ID order: the subject IDs are the distinct first halves of the
// subject index's keys, read in one pass of a cursor and resolved as they
// come. The index keeps the IDs of deleted quads, so a subject whose
// quads are all deleted may be listed; its node has then usually been
// deleted too and it is left out, or it yields no statement.
//
// Only the subjects with IDs from lo up to hi (excluded; no bound when 0)
// are listed, so that several readers can list parts of the index.
func (r *boltReader) eachSubject(ctx context.Context, lo, hi uint64, fn func(ref valueRef) error) error {
	var last uint64
	var start [8]byte
	binary.BigEndian.PutUint64(start[:], lo)
	n := 0
	for k, _ := r.sp.Seek(start[:]); k != nil; k, _ = r.sp.Next() {
		if len(k) < 8 {
			return fmt.Errorf("store: subject index: bad key %x", k)
		}
		id := binary.BigEndian.Uint64(k)
		if hi != 0 && id >= hi {
			break
		}
		if id == last && n > 0 {
			continue
		}
		last = id
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b, err := r.nodeValue(id)
		if err != nil {
			return err
		}
		if len(b) == 0 {
			continue // a node deleted with its last quad
		}
		ref, err := subjectRef(id, b)
		if err != nil {
			return fmt.Errorf("store: value of node %d: %w", id, err)
		}
		if err := fn(ref); err != nil {
			return err
		}
	}
	return nil
}

// subjectRef returns the valueRef of node id, whose value is b (pquads).
// Most subjects are IRIs, a value of one field, whose key is spelled from
// b in one allocation; other values are decoded (newValueRef).
func subjectRef(id uint64, b []byte) (valueRef, error) {
	const iriTag, bnodeTag = 3<<3 | 2, 4<<3 | 2 // pquads.Value's iri and bnode
	if len(b) > 1 && (b[0] == iriTag || b[0] == bnodeTag) {
		l, n := binary.Uvarint(b[1:])
		if n > 0 && l == uint64(len(b)-1-n) {
			text := b[1+n:]
			var k strings.Builder
			k.Grow(len(text) + 2)
			if b[0] == iriTag {
				k.WriteByte('<')
				k.Write(text)
				k.WriteByte('>')
			} else {
				k.WriteString("_:")
				k.Write(text)
			}
			return valueRef{ref: kv.Int64Value(id), key: k.String()}, nil
		}
	}
	v, err := pquads.UnmarshalValue(b)
	if err != nil {
		return valueRef{}, err
	}
	return newValueRef(kv.Int64Value(id), v), nil
}

// valueCacheMax bounds the node values eachQuad keeps: about 130k values,
// some tens of megabytes at most.
const valueCacheMax = 1 << 17

// eachQuad calls fn with every live quad of the store in ID order, the
// order of Cayley's all-quads iterator, resolved to values, except those
// whose predicate skip (when set) says to leave out. The log is
// read in one pass of a cursor; the values of the quads' nodes are looked
// up with the other cursor and kept in a bounded cache, since predicates,
// classes and shared nodes recur and a quad's new nodes were written just
// before it.
func (r *boltReader) eachQuad(ctx context.Context, skip func(pred quad.Value) bool, fn func(quad.Quad) error) error {
	cache := make(map[uint64]quad.Value, 1024)
	value := func(id uint64) (quad.Value, error) {
		if id == 0 {
			return nil, nil
		}
		if v, ok := cache[id]; ok {
			return v, nil
		}
		b, err := r.nodeValue(id)
		if err != nil {
			return nil, err
		}
		if len(b) == 0 {
			return nil, fmt.Errorf("store: value of node %d missing", id)
		}
		v, err := pquads.UnmarshalValue(b)
		if err != nil {
			return nil, fmt.Errorf("store: value of node %d: %w", id, err)
		}
		if len(cache) >= valueCacheMax {
			clear(cache)
		}
		cache[id] = v
		return v, nil
	}
	return r.eachLiveQuad(ctx, 0, 0, func(p *proto.Primitive) error {
		var q quad.Quad
		var err error
		if q.Predicate, err = value(p.Predicate); err != nil {
			return err
		}
		if skip != nil && skip(q.Predicate) {
			return nil
		}
		if q.Subject, err = value(p.Subject); err != nil {
			return err
		}
		if q.Object, err = value(p.Object); err != nil {
			return err
		}
		if q.Label, err = value(p.Label); err != nil {
			return err
		}
		return fn(q)
	})
}

// eachLiveQuad calls fn with the live quads of the log whose IDs run from
// lo up to hi (excluded; no bound when 0), in ID order, decoded but not
// resolved: one pass of a cursor of its own.
func (r *boltReader) eachLiveQuad(ctx context.Context, lo, hi uint64, fn func(p *proto.Primitive) error) error {
	var p proto.Primitive
	var start [8]byte
	binary.BigEndian.PutUint64(start[:], lo)
	scan := r.tx.Bucket(boltLog).Cursor()
	n := 0
	for k, b := scan.Seek(start[:]); k != nil; k, b = scan.Next() {
		if hi != 0 && len(k) == 8 && binary.BigEndian.Uint64(k) >= hi {
			break
		}
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := decodePrimitive(b, &p); err != nil {
			return fmt.Errorf("store: primitive %x: %w", k, err)
		}
		if len(p.Value) != 0 || p.Deleted {
			continue // a node, or a deleted quad
		}
		if err := fn(&p); err != nil {
			return err
		}
	}
	return nil
}

// nodeValue returns the encoded value of node id, nil when there is none.
func (r *boltReader) nodeValue(id uint64) ([]byte, error) {
	var p proto.Primitive
	if _, err := r.prim(id, &p); err != nil {
		return nil, err
	}
	return p.Value, nil
}

// subjectIDRange returns the first and last subject IDs of the subject
// index; ok is false when it is empty.
func (r *boltReader) subjectIDRange() (first, last uint64, ok bool) {
	k, _ := r.sp.First()
	if len(k) < 8 {
		return 0, 0, false
	}
	first = binary.BigEndian.Uint64(k)
	if k, _ = r.sp.Last(); len(k) < 8 {
		return 0, 0, false
	}
	return first, binary.BigEndian.Uint64(k), true
}

// inParts cuts the IDs from first to last into as many parts as there are
// cores (up to four; one when the range is shorter than splitMin) and
// calls fn with each part on a goroutine of its own, each with a reader of
// its own (the first part with r): lo up to hi, hi 0 for the last part
// (to the end). The first part's error is returned, not the cancellation
// it caused in the others.
func (s *Store) inParts(ctx context.Context, r *boltReader, first, last, splitMin uint64, fn func(ctx context.Context, pr *boltReader, lo, hi uint64) error) error {
	parts := uint64(min(max(runtime.GOMAXPROCS(0), 1), 4))
	if last-first < splitMin {
		parts = 1
	}
	step := (last - first + parts) / parts
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		lo, hi := first+i*step, first+(i+1)*step
		if i == parts-1 {
			hi = 0
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			pr := r
			if i > 0 {
				var err error
				if pr, err = s.newBoltReader(); err != nil || pr == nil {
					errs[i] = cmp.Or(err, errors.New("store: no bolt reader"))
					cancel()
					return
				}
				defer pr.Close()
			}
			if errs[i] = fn(ctx, pr, lo, hi); errs[i] != nil {
				cancel()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return cmp.Or(errors.Join(errs...), ctx.Err())
}
