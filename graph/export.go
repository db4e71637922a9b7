package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/ontology"
)

// Selection chooses the statements an export reads from the store.
type Selection struct {
	// Labels restricts the export to the quads of these named graphs;
	// empty means every graph.
	Labels []quad.Value
	// KeepLabels keeps each quad's graph label (N-Quads). Without it the
	// labels are dropped and a statement stated in several graphs is
	// given once (Turtle, N-Triples).
	KeepLabels bool
}

// EachSubject calls fn with the statements of one subject at a time, in the
// order of SortQuads over the whole selection: subjects sorted, and within
// a subject rdf:type first, then by predicate, object and label. The
// statements passed to fn are reused by the next call.
//
// Memory: the sorted list of distinct subjects (each its store reference
// and its N-Triples form, about 100 bytes plus the IRI's length; on a bolt
// store at most subjectRunBytes of them, the rest in sorted run files
// merged as they are read, see subjectSorter) and the statements of a few
// subjects. The store is read twice: once to list the subjects, once,
// subject by subject, through the subject index.
func (s *Store) EachSubject(ctx context.Context, sel Selection, fn func(qs []quad.Quad) error) error {
	e, err := s.NewExport(ctx, sel)
	if err != nil {
		return err
	}
	defer e.Close()
	return e.EachSubject(ctx, fn)
}

// Summarize counts what EachSubject yields for sel (see Export.Summarize).
func (s *Store) Summarize(ctx context.Context, sel Selection) (Summary, error) {
	e, err := s.NewExport(ctx, sel)
	if err != nil {
		return Summary{}, err
	}
	defer e.Close()
	return e.Summarize(ctx)
}

// Export is a selection of the store with its sorted subjects listed, to
// summarise and then stream it without listing them twice. Close it to
// remove the files the subjects of a large store are sorted in.
type Export struct {
	s      *Store
	sel    Selection
	labels *labelSet
	// subjects are the sorted subjects when they are held in memory;
	// otherwise runs holds them in sorted run files.
	subjects []valueRef
	runs     *subjectSorter
}

// NewExport lists the subjects of sel. It fails with ErrNoSuchGraph when a
// selected graph is not in the store.
func (s *Store) NewExport(ctx context.Context, sel Selection) (*Export, error) {
	labels, err := s.labelSet(sel.Labels)
	if err != nil {
		return nil, err
	}
	e := &Export{s: s, sel: sel, labels: labels}
	var br *boltReader
	if labels == nil {
		if br, err = s.newBoltReader(); err != nil {
			return nil, err
		}
	}
	if br == nil {
		if e.subjects, err = s.subjects(ctx, labels); err != nil {
			return nil, err
		}
		return e, nil
	}
	defer br.Close()
	s.populate()
	sorter := &subjectSorter{}
	err = s.sortSubjects(ctx, br, sorter)
	if err == nil {
		e.subjects, err = sorter.done()
	}
	if err != nil {
		sorter.remove()
		return nil, err
	}
	if len(sorter.runs) > 0 {
		e.runs = sorter
	}
	return e, nil
}

// Close removes the export's run files, if any.
func (e *Export) Close() error {
	if e.runs == nil {
		return nil
	}
	if err := e.runs.remove(); err != nil {
		return fmt.Errorf("export: removing the sorted subjects: %w", err)
	}
	return nil
}

// source opens the listed subjects for reading, in order.
func (e *Export) source() (subjectSource, error) {
	if e.runs != nil {
		if e.runs.dir == "" {
			return nil, errors.New("export: read after Close")
		}
		return openRuns(e.runs.runs)
	}
	return &sliceSource{refs: e.subjects}, nil
}

// EachSubject is Store.EachSubject over the listed subjects.
func (e *Export) EachSubject(ctx context.Context, fn func(qs []quad.Quad) error) error {
	return e.each(ctx, fn)
}

// exportBlock is a run of listed subjects read by one worker of each.
type exportBlock struct {
	subjects []valueRef
	quads    []quad.Quad // the statements of the subjects, subject after subject
	ends     []int       // where each subject's statements end in quads
	err      error
	done     chan struct{}
}

// exportBlockSize is the number of subjects in an exportBlock.
const exportBlockSize = 64

// each reads the listed subjects' statements, several subjects at a time
// on as many cores as there are (up to four), and calls fn with each
// subject's sorted statements, in the listed order. Memory: a few blocks
// of statements in flight, and each worker's kept values.
func (e *Export) each(ctx context.Context, fn func(qs []quad.Quad) error) error {
	src, err := e.source()
	if err != nil {
		return err
	}
	defer src.close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := min(max(runtime.GOMAXPROCS(0), 1), 4)
	jobs := make(chan *exportBlock)
	order := make(chan *exportBlock, 2*workers)
	var srcErr error // the producer's, read once order is closed
	go func() {      // the producer: blocks in order, to the workers and the reader
		defer close(jobs)
		defer close(order)
		for {
			b := &exportBlock{done: make(chan struct{})}
			for len(b.subjects) < exportBlockSize {
				subj, ok, err := src.next()
				if err != nil {
					srcErr = err
					return
				}
				if !ok {
					break
				}
				b.subjects = append(b.subjects, subj)
			}
			if len(b.subjects) == 0 {
				return
			}
			select {
			case order <- b:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- b:
			case <-ctx.Done():
				close(b.done)
				return
			}
		}
	}()
	hidden := hiddenKey(e.s.QS)
	var wg sync.WaitGroup
	readers := make([]*boltReader, workers)
	defer func() {
		for _, br := range readers {
			br.Close()
		}
	}()
	for w := range workers {
		br, err := e.s.newBoltReader()
		if err != nil {
			cancel()
			for range order {
			}
			return err
		}
		readers[w] = br
	}
	for w := range workers {
		wg.Add(1)
		go func(refs *subjectRefs) {
			defer wg.Done()
			for b := range jobs {
				b.err = e.readBlock(ctx, refs, b)
				close(b.done)
			}
		}(newSubjectRefs(hidden, readers[w]))
	}
	err = func() error {
		for b := range order {
			<-b.done
			if b.err != nil {
				return b.err
			}
			from := 0
			for _, end := range b.ends {
				if end > from {
					if err := fn(b.quads[from:end]); err != nil {
						return err
					}
				}
				from = end
			}
		}
		return ctx.Err()
	}()
	cancel()
	for range order { // let the producer finish
	}
	wg.Wait()
	if err == nil {
		err = srcErr
	}
	return err
}

// readBlock reads the statements of the subjects of b, each subject's
// sorted. The subjects read by their IDs (readIDs) have their values
// looked up together, in ID order: a block's subjects are mostly the nodes
// of a few trials, written together, so their values lie close in the log,
// and looking them up in one sweep instead of subject by subject took a
// few per cent off the export of 10k studies.
func (e *Export) readBlock(ctx context.Context, refs *subjectRefs, b *exportBlock) error {
	if refs.br != nil && refs.br.ops != nil && opsShortcut && e.labels == nil && !e.sel.KeepLabels {
		if ok, err := refs.readBlockTriples(ctx, b); ok || err != nil {
			return err
		}
	}
	var err error
	for _, subj := range b.subjects {
		if err := ctx.Err(); err != nil {
			return err
		}
		refs.setSubject(subj)
		if err := refs.read(ctx, e.s.QS, subj.ref, e.labels, e.sel.KeepLabels); err != nil {
			return err
		}
		if refs.byIDs {
			refs.pend = append(refs.pend, pendingSubject{refs.subjVal, len(refs.pendRows)})
			refs.pendRows = append(refs.pendRows, refs.idRows...)
			if len(refs.pendRows) >= pendMax {
				if err := refs.flush(b); err != nil {
					return err
				}
			}
			continue
		}
		if err := refs.flush(b); err != nil { // the subjects before it first
			return err
		}
		from := len(b.quads)
		if b.quads, err = refs.quads(ctx, e.s.QS, b.quads); err != nil {
			return err
		}
		b.quads = b.quads[:from+refs.sortSubject(b.quads[from:])] // on the worker's core
		b.ends = append(b.ends, len(b.quads))
	}
	return refs.flush(b)
}

// readBlockTriples is readBlock for statements without their graphs from
// a bolt store: the distinct triples of the block's subjects are read
// together (blockTriples) and their values looked up together. It returns
// false, having read nothing, when a subject is not a node of the store.
func (r *subjectRefs) readBlockTriples(ctx context.Context, b *exportBlock) (bool, error) {
	ids := r.blockIDs[:0]
	r.pend = r.pend[:0]
	for _, subj := range b.subjects {
		id, ok := subj.ref.(kv.Int64Value)
		v := subj.value()
		if !ok || v == nil {
			r.blockIDs, r.pend = ids, r.pend[:0]
			return false, nil
		}
		ids = append(ids, uint64(id))
		r.pend = append(r.pend, pendingSubject{subj: v})
	}
	r.blockIDs = ids
	if err := ctx.Err(); err != nil {
		return true, err
	}
	rows := r.blockRows[:0]
	err := r.br.blockTriples(ids, r.hiddenID, func(i int, p, o uint64) {
		rows = append(rows, blockRow{i, [3]uint64{p, o, 0}})
	})
	r.blockRows = rows
	if err != nil {
		r.pend = r.pend[:0]
		return true, err
	}
	// The rows in subject order (a stable counting sort: a block has
	// exportBlockSize subjects).
	counts := make([]int, len(r.pend)+1)
	for _, row := range rows {
		counts[row.i+1]++
	}
	for i := range r.pend {
		counts[i+1] += counts[i]
		r.pend[i].from = counts[i]
	}
	r.pendRows = slices.Grow(r.pendRows[:0], len(rows))[:len(rows)]
	for _, row := range rows {
		r.pendRows[counts[row.i]] = row.row
		counts[row.i]++
	}
	return true, r.flush(b)
}

// blockRow is a row of readBlockTriples and the index of its subject.
type blockRow struct {
	i   int
	row [3]uint64
}

// pendMax is the number of rows after which readBlock resolves the
// subjects it has read without waiting for the rest of the block: with
// their graphs kept, a block of sites shared by thousands of trials has
// hundreds of thousands of rows.
const pendMax = 1 << 14

// pendingSubject is a subject read by readBlock and not yet resolved: its
// value, and where its rows start in subjectRefs.pendRows.
type pendingSubject struct {
	subj quad.Value
	from int
}

// flush resolves the pending subjects' rows and appends their sorted
// statements to b.
func (r *subjectRefs) flush(b *exportBlock) error {
	if len(r.pend) == 0 {
		return nil
	}
	defer func() {
		r.pend, r.pendRows = r.pend[:0], r.pendRows[:0]
		clear(r.vals)
	}()
	val, err := r.resolveIDs(r.pendRows)
	if err != nil {
		return err
	}
	for i, p := range r.pend {
		to := len(r.pendRows)
		if i+1 < len(r.pend) {
			to = r.pend[i+1].from
		}
		from := len(b.quads)
		for _, row := range r.pendRows[p.from:to] {
			b.quads = append(b.quads, quad.Quad{Subject: p.subj, Predicate: val(row[0]), Object: val(row[1]), Label: val(row[2])})
		}
		b.quads = b.quads[:from+r.sortSubject(b.quads[from:])]
		b.ends = append(b.ends, len(b.quads))
	}
	return nil
}

// EachGraph calls fn with the sorted quads of one named graph at a time,
// graphs in sorted order (all of them when labels is empty). It holds one
// graph's quads at a time.
func (s *Store) EachGraph(ctx context.Context, labels []quad.Value, fn func(label quad.Value, qs []quad.Quad) error) error {
	if len(labels) == 0 {
		refs, err := s.distinct(ctx, s.QS.QuadsAllIterator(), quad.Label)
		if err != nil {
			return err
		}
		for _, r := range refs {
			labels = append(labels, r.value())
		}
	} else {
		labels = sortValues(labels)
	}
	for _, l := range labels {
		if err := ctx.Err(); err != nil {
			return err
		}
		qs, err := s.GraphQuads(ctx, l)
		if err != nil {
			return err
		}
		if len(qs) == 0 {
			continue
		}
		if err := fn(l, qs); err != nil {
			return err
		}
	}
	return nil
}

// ErrNoSuchGraph is returned when a selected graph is not in the store.
var ErrNoSuchGraph = errors.New("no such graph in the store")

// labelSet is a set of graph labels as store references.
type labelSet struct {
	refs []graph.Ref
	keys map[any]bool
	ids  map[uint64]bool // the refs that are IDs of a kv store
}

func (l *labelSet) has(ref graph.Ref) bool { return ref != nil && l.keys[graph.ToKey(ref)] }

// labelSet resolves graph labels to store references; no labels selects
// all graphs (nil).
func (s *Store) labelSet(labels []quad.Value) (*labelSet, error) {
	if len(labels) == 0 {
		return nil, nil
	}
	set := &labelSet{keys: make(map[any]bool, len(labels)), ids: map[uint64]bool{}}
	for _, l := range labels {
		r := s.QS.ValueOf(l)
		if r == nil {
			return nil, fmt.Errorf("%w: %s", ErrNoSuchGraph, l)
		}
		if !set.keys[graph.ToKey(r)] {
			set.keys[graph.ToKey(r)] = true
			set.refs = append(set.refs, r)
			if id, ok := r.(kv.Int64Value); ok {
				set.ids[uint64(id)] = true
			}
		}
	}
	return set, nil
}

// valueRef is a store reference with its sort key, the value's N-Triples
// form. An export lists every subject as one, so an IRI or a blank node,
// which its key spells exactly, is not kept a second time as a value.
type valueRef struct {
	ref   graph.Ref
	key   string     // value.String(), the order of SortQuads
	other quad.Value // the value, when key does not give it back
}

func newValueRef(ref graph.Ref, v quad.Value) valueRef {
	r := valueRef{ref: ref, key: v.String()}
	if r.value() != v {
		r.other = v
	}
	return r
}

// value returns the referenced value.
func (r valueRef) value() quad.Value {
	switch {
	case r.other != nil:
		return r.other
	case len(r.key) >= 2 && r.key[0] == '<' && r.key[len(r.key)-1] == '>':
		return quad.IRI(r.key[1 : len(r.key)-1])
	case strings.HasPrefix(r.key, "_:"):
		return quad.BNode(r.key[2:])
	}
	return nil
}

// subjects lists the distinct subjects of the quads in the given graphs
// (all when labels is nil), sorted as SortQuads sorts subjects.
func (s *Store) subjects(ctx context.Context, labels *labelSet) ([]valueRef, error) {
	if labels == nil {
		return s.distinct(ctx, s.QS.QuadsAllIterator(), quad.Subject)
	}
	seen := map[any]graph.Ref{}
	// The subjects of the selected graphs, read through the label index.
	for _, ref := range labels.refs {
		it := s.QS.QuadIterator(quad.Label, ref)
		for it.Next(ctx) {
			r := s.QS.QuadDirection(it.Result(), quad.Subject)
			seen[graph.ToKey(r)] = r
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return nil, err
		}
	}
	return s.resolveSorted(ctx, seen)
}

// distinct lists the distinct values in direction d of the quads it
// yields, sorted by their N-Triples form. It closes it.
func (s *Store) distinct(ctx context.Context, it graph.Iterator, d quad.Direction) ([]valueRef, error) {
	defer it.Close()
	seen := map[any]graph.Ref{}
	for it.Next(ctx) {
		r := s.QS.QuadDirection(it.Result(), d)
		if r == nil {
			continue
		}
		k := graph.ToKey(r)
		if _, ok := seen[k]; !ok {
			seen[k] = r
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return s.resolveSorted(ctx, seen)
}

func (s *Store) resolveSorted(ctx context.Context, seen map[any]graph.Ref) ([]valueRef, error) {
	refs := make([]graph.Ref, 0, len(seen))
	for _, r := range seen {
		refs = append(refs, r)
	}
	out := make([]valueRef, 0, len(refs))
	const batch = 4096
	for i := 0; i < len(refs); i += batch {
		part := refs[i:min(i+batch, len(refs))]
		vals, err := graph.ValuesOf(ctx, s.QS, part)
		if err != nil {
			return nil, err
		}
		for j, v := range vals {
			if v == nil {
				return nil, fmt.Errorf("store: value of reference %v missing", part[j])
			}
			out = append(out, newValueRef(part[j], v))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, nil
}

func sortValues(vs []quad.Value) []quad.Value {
	out := append([]quad.Value(nil), vs...)
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// subjectRefs holds the statements of one subject as store references.
type subjectRefs struct {
	rows [][4]graph.Ref // subject, predicate, object, label
	seen map[[3]any]bool
	// hidden is the key of RecordPredicate, whose statements are skipped;
	// nil when the store holds none.
	hidden any
	// subjKey and subjVal are the key and value of the subject read
	// last, when known (setSubject); quads does not look it up.
	subjKey any
	subjVal quad.Value
	// index and refs are quads' scratch space; known holds the values
	// of IRIs resolved before (at most knownMax).
	index map[any]int
	refs  []graph.Ref
	known map[any]quad.Value
	// br, when set, reads a bolt store directly (see boltReader).
	br *boltReader
	// idRows (predicate, object, label; label 0 when dropped), seenIDs,
	// knownIDs, indexIDs, ids and vals are readIDs' and
	// quadsIDs'; knownIDs keeps values for the next subjects (keepValue,
	// at most knownMax, emptied between subjects when full); hiddenID is
	// hidden's ID.
	idRows   [][3]uint64
	seenIDs  map[[2]uint64]bool
	knownIDs map[uint64]quad.Value
	indexIDs map[uint64]int
	ids      []uint64
	vals     []quad.Value
	// pend and pendRows are the subjects readBlock has read by their IDs
	// and not yet resolved, and their rows.
	pend      []pendingSubject
	pendRows  [][3]uint64
	blockRows []blockRow
	blockIDs  []uint64
	hiddenID  uint64
	byIDs     bool // the subject read last was read by readIDs
	// spelled, keys, buf and sorted are sortSubject's.
	spelled map[quad.Value]string
	keys    []sortedQuad
	buf     []byte // the sort keys
	sorted  []quad.Quad
}

// sortSubject sorts the statements of one subject as SortQuads does and
// drops duplicates, returning how many are left. The subject, the same in
// all of them, is left out of the sort keys, and the spellings of
// predicates and labels, which recur, are kept from subject to subject.
// The keys are written one after another into one buffer (appendNT), not
// allocated a string each: building them was a sixth of an export's
// reading.
func (r *subjectRefs) sortSubject(qs []quad.Quad) int {
	if r.spelled == nil {
		r.spelled = map[quad.Value]string{}
	}
	spell := func(v quad.Value) string {
		if v == nil {
			return ""
		}
		if s, ok := r.spelled[v]; ok {
			return s
		}
		s := v.String()
		if len(r.spelled) < knownMax {
			r.spelled[v] = s
		}
		return s
	}
	keys := r.keys[:0]
	buf := r.buf[:0]
	for i, q := range qs {
		start := len(buf)
		if q.Predicate == rdfType {
			buf = append(buf, 1)
		} else {
			buf = append(buf, spell(q.Predicate)...)
		}
		buf = append(buf, 0)
		buf = appendNT(buf, q.Object)
		buf = append(buf, 0)
		buf = append(append(buf, spell(q.Label)...), 0)
		keys = append(keys, sortedQuad{int32(start), int32(len(buf)), int32(i)})
	}
	r.keys, r.buf = keys, buf
	key := func(k sortedQuad) []byte { return buf[k.start:k.end] }
	slices.SortFunc(keys, func(a, b sortedQuad) int { return bytes.Compare(key(a), key(b)) })
	sorted := append(r.sorted[:0], qs...)
	r.sorted = sorted
	n := 0
	for i, k := range keys {
		if i > 0 && bytes.Equal(key(k), key(keys[i-1])) {
			continue
		}
		qs[n] = sorted[k.i]
		n++
	}
	clear(sorted)
	return n
}

// sortedQuad is where a statement's sort key lies in sortSubject's buffer,
// and the statement's place.
type sortedQuad struct {
	start, end, i int32
}

// appendNT appends v.String(), the value's N-Triples form as quad spells
// it, without allocating for the usual values.
func appendNT(buf []byte, v quad.Value) []byte {
	switch v := v.(type) {
	case nil:
		return buf
	case quad.IRI:
		return append(append(append(buf, '<'), v...), '>')
	case quad.BNode:
		return append(append(buf, "_:"...), v...)
	case quad.String:
		return appendQuoted(buf, string(v))
	case quad.TypedString:
		buf = append(appendQuoted(buf, string(v.Value)), "^^<"...)
		return append(append(buf, v.Type...), '>')
	case quad.LangString:
		buf = append(appendQuoted(buf, string(v.Value)), '@')
		return append(buf, v.Lang...)
	}
	return append(buf, v.String()...)
}

// appendQuoted appends s in double quotes, escaped as quad.String's String
// escapes it (backslash, quote, newline, carriage return, tab).
func appendQuoted(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for {
		i := strings.IndexAny(s, "\\\"\n\r\t")
		if i < 0 {
			break
		}
		buf = append(buf, s[:i]...)
		switch s[i] {
		case '\n':
			buf = append(buf, `\n`...)
		case '\r':
			buf = append(buf, `\r`...)
		case '\t':
			buf = append(buf, `\t`...)
		default:
			buf = append(buf, '\\', s[i])
		}
		s = s[i+1:]
	}
	return append(append(buf, s...), '"')
}

// knownMax bounds the values an export keeps resolved: about 30k IRIs or
// short literals of 100 bytes, a few megabytes a reader.
var knownMax = 1 << 15 // a variable for the tests

// keepValue says whether a resolved value is kept for the next subjects
// (readIDs): IRIs (predicates, classes, shared organisations and places)
// and literals of up to 128 bytes, which recur from trial to trial
// (statuses, phases, dates, numbers, names). Keeping the literals too
// took about 5 % off the Turtle export of 10k studies.
func keepValue(v quad.Value) bool {
	switch v := v.(type) {
	case quad.IRI:
		return true
	case quad.String:
		return len(v) <= 128
	case quad.TypedString:
		return len(v.Value) <= 128
	case quad.LangString:
		return len(v.Value) <= 128
	}
	return false
}

// newSubjectRefs returns an export worker's reader of subjects; hidden is
// hiddenKey's, br nil for a store read through Cayley's iterators.
func newSubjectRefs(hidden any, br *boltReader) *subjectRefs {
	r := &subjectRefs{hidden: hidden, br: br}
	if h, ok := hidden.(kv.Int64Value); ok {
		r.hiddenID = uint64(h)
	}
	return r
}

// setSubject gives the value of the subject read next.
func (r *subjectRefs) setSubject(subj valueRef) {
	r.subjKey, r.subjVal = graph.ToKey(subj.ref), subj.value()
	if r.subjVal == nil {
		r.subjKey = nil
	}
}

// hiddenKey returns the key of RecordPredicate in qs, or nil.
func hiddenKey(qs graph.QuadStore) any {
	if r := qs.ValueOf(RecordPredicate); r != nil {
		return graph.ToKey(r)
	}
	return nil
}

// read collects the quads of subject subj in the selected graphs,
// dropping labels and duplicates unless keep is set.
func (r *subjectRefs) read(ctx context.Context, qs graph.QuadStore, subj graph.Ref, labels *labelSet, keep bool) error {
	r.rows = r.rows[:0]
	if r.seen == nil {
		r.seen = map[[3]any]bool{}
	}
	clear(r.seen)
	r.byIDs = false
	if id, ok := subj.(kv.Int64Value); ok && r.br != nil && r.subjVal != nil {
		r.byIDs = true
		return r.readIDs(uint64(id), labels, keep)
	}
	it := qs.QuadIterator(quad.Subject, subj)
	defer it.Close()
	for it.Next(ctx) {
		q := it.Result()
		r.add(subj, qs.QuadDirection(q, quad.Predicate), qs.QuadDirection(q, quad.Object), qs.QuadDirection(q, quad.Label), labels, keep)
	}
	return it.Err()
}

// opsShortcut says whether readBlock reads the distinct triples of its
// subjects (readBlockTriples) when the graphs are dropped; the tests turn
// it off to compare.
var opsShortcut = true

// readIDs is read for a bolt store, on the store's IDs: no reference is
// boxed in an interface or a map key, which was a fifth of an export's
// allocations.
func (r *subjectRefs) readIDs(subj uint64, labels *labelSet, keep bool) error {
	r.idRows = r.idRows[:0]
	if r.seenIDs == nil {
		r.seenIDs = map[[2]uint64]bool{}
	}
	clear(r.seenIDs)
	return r.br.subjectQuads(subj, func(q *proto.Primitive) {
		if labels != nil && (q.Label == 0 || !labels.ids[q.Label]) {
			return
		}
		if r.hiddenID != 0 && q.Predicate == r.hiddenID {
			return // a stored source record (see Hidden)
		}
		l := q.Label
		if !keep {
			l = 0
			k := [2]uint64{q.Predicate, q.Object}
			if r.seenIDs[k] {
				return
			}
			r.seenIDs[k] = true
		}
		r.idRows = append(r.idRows, [3]uint64{q.Predicate, q.Object, l})
	})
}

// quadsIDs is quads for the rows readIDs collected.
func (r *subjectRefs) quadsIDs(out []quad.Quad) ([]quad.Quad, error) {
	val, err := r.resolveIDs(r.idRows)
	if err != nil {
		return out, err
	}
	for _, row := range r.idRows {
		out = append(out, quad.Quad{Subject: r.subjVal, Predicate: val(row[0]), Object: val(row[1]), Label: val(row[2])})
	}
	clear(r.vals)
	return out, nil
}

// resolveIDs looks up the values of the nodes of rows, each distinct one
// once and in ID order, and returns a function giving the value of a node
// of rows (nil for 0), valid until r.vals is cleared.
func (r *subjectRefs) resolveIDs(rows [][3]uint64) (func(id uint64) quad.Value, error) {
	if r.knownIDs == nil {
		r.knownIDs = map[uint64]quad.Value{}
		r.indexIDs = map[uint64]int{}
	}
	if len(r.knownIDs) >= knownMax {
		clear(r.knownIDs) // between subjects, never while one is resolved
	}
	clear(r.indexIDs)
	ids := r.ids[:0]
	for _, row := range rows {
		for _, id := range row {
			if id == 0 {
				continue
			}
			if _, ok := r.knownIDs[id]; ok {
				continue
			}
			if _, ok := r.indexIDs[id]; !ok {
				r.indexIDs[id] = len(ids)
				ids = append(ids, id)
			}
		}
	}
	r.ids = ids
	vals, err := r.br.valuesOfIDs(ids, r.vals[:0])
	r.vals = vals
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		if keepValue(vals[i]) {
			r.knownIDs[id] = vals[i]
		}
	}
	return func(id uint64) quad.Value {
		if id == 0 {
			return nil
		}
		if v, ok := r.knownIDs[id]; ok {
			return v
		}
		return vals[r.indexIDs[id]]
	}, nil
}

// add collects one quad of read.
func (r *subjectRefs) add(subj, p, o, l graph.Ref, labels *labelSet, keep bool) {
	if labels != nil && !labels.has(l) {
		return
	}
	if r.hidden != nil && graph.ToKey(p) == r.hidden {
		return // a stored source record (see Hidden)
	}
	if !keep {
		l = nil
		k := [3]any{graph.ToKey(p), graph.ToKey(o)}
		if r.seen[k] {
			return
		}
		r.seen[k] = true
	}
	r.rows = append(r.rows, [4]graph.Ref{subj, p, o, l})
}

// quads resolves the collected references, each distinct value once.
func (r *subjectRefs) quads(ctx context.Context, qs graph.QuadStore, out []quad.Quad) ([]quad.Quad, error) {
	if r.byIDs {
		return r.quadsIDs(out)
	}
	if len(r.rows) == 0 {
		return out, nil
	}
	if r.index == nil {
		r.index = map[any]int{}
		r.known = map[any]quad.Value{}
	}
	index := r.index
	clear(index)
	refs := r.refs[:0]
	for _, row := range r.rows {
		for _, ref := range row {
			if ref == nil {
				continue
			}
			k := graph.ToKey(ref)
			if _, ok := r.known[k]; ok || k == r.subjKey {
				continue
			}
			if _, ok := index[k]; !ok {
				index[k] = len(refs)
				refs = append(refs, ref)
			}
		}
	}
	r.refs = refs
	var vals []quad.Value
	var err error
	if r.br != nil {
		vals, err = r.br.values(refs)
	} else {
		vals, err = graph.ValuesOf(ctx, qs, refs)
	}
	if err != nil {
		return out, err
	}
	// Predicates, graph labels and IRI objects recur from subject to
	// subject (classes, countries, shared organisations); they are kept
	// for the next subjects, up to knownMax of them.
	for i, ref := range refs {
		if _, iri := vals[i].(quad.IRI); iri && len(r.known) < knownMax {
			r.known[graph.ToKey(ref)] = vals[i]
		}
	}
	val := func(ref graph.Ref) quad.Value {
		if ref == nil {
			return nil
		}
		k := graph.ToKey(ref)
		if k == r.subjKey {
			return r.subjVal
		}
		if v, ok := r.known[k]; ok {
			return v
		}
		return vals[index[k]]
	}
	for _, row := range r.rows {
		out = append(out, quad.Quad{Subject: val(row[0]), Predicate: val(row[1]), Object: val(row[2]), Label: val(row[3])})
	}
	return out, nil
}

// Count is a value and how often it occurs.
type Count struct {
	Value quad.Value
	N     int64
}

// Summary describes the statements of a selection, for a VoID description.
type Summary struct {
	// Statements is the number of statements EachSubject yields for the
	// same selection (triples, or quads with KeepLabels).
	Statements int64
	Subjects   int64
	// Classes counts the distinct subjects typed with each class;
	// Properties the statements of each predicate. Both sorted by value.
	Classes    []Count
	Properties []Count
	// Sources are the origins (scheme://host/) of schema:url values, the
	// registries the records were taken from, sorted.
	Sources []quad.IRI
	// LastUpdated is the greatest tg:sourceLastUpdated date, "" if none.
	LastUpdated string
}

// Summarize counts what EachSubject yields, reading the store once more
// (EachSubjectSummary without writing anything).
func (e *Export) Summarize(ctx context.Context) (Summary, error) {
	return e.EachSubjectSummary(ctx, func([]quad.Quad) error { return nil })
}

// addValue adds an object of schema:url (kept as its origin) or of
// tg:sourceLastUpdated (kept as the maximum).
func (sum *Summary) addValue(v quad.Value) {
	switch v := v.(type) {
	case quad.IRI:
		origin := string(v)
		if i := strings.Index(origin, "://"); i > 0 {
			if j := strings.IndexByte(origin[i+3:], '/'); j >= 0 {
				origin = origin[:i+3+j]
			}
			origin += "/"
			iri := quad.IRI(origin)
			k := sort.Search(len(sum.Sources), func(i int) bool { return sum.Sources[i] >= iri })
			if k == len(sum.Sources) || sum.Sources[k] != iri {
				sum.Sources = append(sum.Sources, "")
				copy(sum.Sources[k+1:], sum.Sources[k:])
				sum.Sources[k] = iri
			}
		}
	default:
		if d := literalText(v); d > sum.LastUpdated {
			sum.LastUpdated = d
		}
	}
}

// GraphsWith returns the sorted labels of the graphs that state some
// subject's predicate is object, such as the trials of a cell source
// (tg:cellSource <…/cell-source/umbilical-cord>).
func (s *Store) GraphsWith(ctx context.Context, predicate, object quad.Value) ([]quad.Value, error) {
	o, p := s.QS.ValueOf(object), s.QS.ValueOf(predicate)
	if o == nil || p == nil {
		return nil, nil
	}
	pk := graph.ToKey(p)
	seen := map[any]graph.Ref{}
	it := s.QS.QuadIterator(quad.Object, o)
	for it.Next(ctx) {
		q := it.Result()
		if graph.ToKey(s.QS.QuadDirection(q, quad.Predicate)) != pk {
			continue
		}
		if l := s.QS.QuadDirection(q, quad.Label); l != nil {
			seen[graph.ToKey(l)] = l
		}
	}
	err := it.Err()
	it.Close()
	if err != nil {
		return nil, err
	}
	vals, err := s.resolveSorted(ctx, seen)
	out := make([]quad.Value, len(vals))
	for i, v := range vals {
		out[i] = v.value()
	}
	return out, err
}

// VoID terms (http://rdfs.org/ns/void#).
const (
	voidDataset           = ontology.VoID + "Dataset"
	voidTriples           = ontology.VoID + "triples"
	voidEntities          = ontology.VoID + "entities"
	voidClasses           = ontology.VoID + "classes"
	voidProperties        = ontology.VoID + "properties"
	voidDistinctSubjects  = ontology.VoID + "distinctSubjects"
	voidClassPartition    = ontology.VoID + "classPartition"
	voidPropertyPartition = ontology.VoID + "propertyPartition"
	voidClass             = ontology.VoID + "class"
	voidProperty          = ontology.VoID + "property"
	voidVocabulary        = ontology.VoID + "vocabulary"
	voidURISpace          = ontology.VoID + "uriSpace"
	dctCreated            = ontology.DCTerms + "created"
)

// DatasetIRI is the IRI of the VoID description of an export under base.
func DatasetIRI(base string) quad.IRI {
	if base == "" {
		base = DefaultBase
	}
	return quad.IRI(base + "dataset")
}

// VoID returns a VoID description of the summarised statements as the
// dataset node DatasetIRI(base): the number
// of statements (void:triples, equal to what EachSubject or EachGraph
// yields for the same selection), of distinct subjects, classes and
// properties, a class partition per class with its number of instances
// and a property partition per property with its number of statements
// (partition nodes …/dataset/class/N and …/dataset/property/N, numbered in
// the sorted order of the classes and properties), the vocabularies,
// the registries the records came from (dcterms:source) and the newest
// source record date (dcterms:modified). Every value comes from the store,
// so the same store gives the same description; created, when not "",
// is given as dcterms:created (an xsd:date such as 2026-11-23).
func (sum Summary) VoID(base, created string) []quad.Quad {
	if base == "" {
		base = DefaultBase
	}
	ds := DatasetIRI(base)
	var qs []quad.Quad
	add := func(s quad.Value, p string, o quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: quad.IRI(p), Object: o})
	}
	integer := func(n int64) quad.Value {
		return quad.TypedString{Value: quad.String(fmt.Sprint(n)), Type: quad.IRI(ontology.XSDInteger)}
	}
	date := func(d string) quad.Value {
		return quad.TypedString{Value: quad.String(d), Type: quad.IRI(ontology.XSDDate)}
	}
	add(ds, ontology.RDFType, quad.IRI(voidDataset))
	add(ds, voidTriples, integer(sum.Statements))
	add(ds, voidDistinctSubjects, integer(sum.Subjects))
	add(ds, voidClasses, integer(int64(len(sum.Classes))))
	add(ds, voidProperties, integer(int64(len(sum.Properties))))
	add(ds, voidURISpace, quad.String(base))
	add(ds, voidVocabulary, quad.IRI(ontology.TG))
	add(ds, voidVocabulary, quad.IRI(ontology.Schema))
	for _, src := range sum.Sources {
		add(ds, ontology.DCTSource, src)
	}
	if sum.LastUpdated != "" {
		add(ds, ontology.DCTModified, date(sum.LastUpdated))
	}
	if created != "" {
		add(ds, dctCreated, date(created))
	}
	var parts []quad.Quad
	// Numbers are zero-padded to one width, so the links sort in order.
	partition := func(kind string, i, of int, link, p string, v quad.Value, count string, n int64) {
		part := quad.IRI(fmt.Sprintf("%s/%s/%0*d", string(ds), kind, len(fmt.Sprint(of)), i+1))
		add(ds, link, part)
		parts = append(parts,
			quad.Quad{Subject: part, Predicate: quad.IRI(p), Object: v},
			quad.Quad{Subject: part, Predicate: quad.IRI(count), Object: integer(n)})
	}
	for i, c := range sum.Classes {
		partition("class", i, len(sum.Classes), voidClassPartition, voidClass, c.Value, voidEntities, c.N)
	}
	for i, p := range sum.Properties {
		partition("property", i, len(sum.Properties), voidPropertyPartition, voidProperty, p.Value, voidTriples, p.N)
	}
	// The partitions follow the dataset node, in their numbered order.
	return append(SortQuads(qs), parts...)
}

// EachSubjectSummary is EachSubject that also returns the Summary of what
// it yielded, in the same single read of the store; a writer can put the
// VoID description after the data instead of reading the store twice.
func (e *Export) EachSubjectSummary(ctx context.Context, fn func(qs []quad.Quad) error) (Summary, error) {
	var sum Summary
	classes, props := map[quad.Value]int64{}, map[quad.Value]int64{}
	typed := map[quad.Value]bool{}
	err := e.each(ctx, func(qs []quad.Quad) error {
		sum.Subjects++
		clear(typed)
		for _, q := range qs {
			sum.Statements++
			props[q.Predicate]++
			switch q.Predicate {
			case quad.IRI(ontology.RDFType):
				if !typed[q.Object] {
					typed[q.Object] = true
					classes[q.Object]++
				}
			case quad.IRI(ontology.SchemaURL), quad.IRI(ontology.SourceLastUpdated):
				sum.addValue(q.Object)
			}
		}
		return fn(qs)
	})
	if err != nil {
		return sum, err
	}
	sum.Classes, sum.Properties = valueCounts(classes), valueCounts(props)
	return sum, nil
}

func valueCounts(n map[quad.Value]int64) []Count {
	out := make([]Count, 0, len(n))
	for v, c := range n {
		out = append(out, Count{Value: v, N: c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Value.String() < out[j].Value.String() })
	return out
}
