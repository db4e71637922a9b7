package graph

import (
	"bufio"
	"cmp"
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad/pquads"
)

// An export lists the subjects it writes in sorted order before reading
// their statements. Held in memory, the list grows with the store: about
// 110 bytes a subject, 2.2 million subjects at 100k studies, which made the
// export's peak memory half a gigabyte there. subjectSorter keeps at most
// subjectRunBytes of it in memory: beyond that it sorts what it holds,
// writes it to a run file in a temporary directory, and the export reads
// the runs back merged (a k-way merge, one buffered reader a run). A store
// whose subjects fit in one run is sorted in memory as before.

// subjectRunBytes bounds the subjects a sorter holds in memory: their keys
// and about 64 bytes more each. A variable for the tests.
var subjectRunBytes = 24 << 20

// subjectSplitMin is the smallest range of subject IDs sortSubjects cuts
// into parts. A variable for the tests.
var subjectSplitMin uint64 = 1 << 12

// subjectSorter sorts subjects (bolt store IDs and their values) by key.
type subjectSorter struct {
	// chunks hold the subjects added since the last spill, gathered into
	// refs to be sorted: appending to one slice copied it over and over
	// as it grew, a third of the listing's time.
	chunks [][]valueRef
	refs   []valueRef
	bytes  int
	dir    string // the run files' directory, made by the first spill
	runs   []string
}

// sorterChunk is the number of subjects in a chunk.
const sorterChunk = 4096

func (s *subjectSorter) add(r valueRef) error {
	if len(s.chunks) == 0 || len(s.chunks[len(s.chunks)-1]) == sorterChunk {
		s.chunks = append(s.chunks, make([]valueRef, 0, sorterChunk))
	}
	last := &s.chunks[len(s.chunks)-1]
	*last = append(*last, r)
	s.bytes += len(r.key) + 64
	if s.bytes >= subjectRunBytes {
		return s.spill()
	}
	return nil
}

// gather moves the chunks' subjects into refs, in one slice of the
// right size.
func (s *subjectSorter) gather() {
	n := len(s.refs)
	for _, c := range s.chunks {
		n += len(c)
	}
	if n > cap(s.refs) {
		s.refs = slices.Grow(s.refs, n-len(s.refs))
	}
	for _, c := range s.chunks {
		s.refs = append(s.refs, c...)
	}
	s.chunks = nil
}

func sortRefs(refs []valueRef) {
	slices.SortFunc(refs, func(a, b valueRef) int { return strings.Compare(a.key, b.key) })
}

// sortHalves sorts the two halves of refs at once, each on a goroutine of
// its own, and returns them for a merge. A spill holds the lock the
// listing's readers add under, so the other reader waits for it: sorting
// on both cores halves that wait, at no cost in memory.
func sortHalves(refs []valueRef) (a, b []valueRef) {
	if len(refs) < 2*sorterChunk {
		sortRefs(refs)
		return refs, nil
	}
	a, b = refs[:len(refs)/2], refs[len(refs)/2:]
	done := make(chan struct{})
	go func() {
		defer close(done)
		sortRefs(b)
	}()
	sortRefs(a)
	<-done
	return a, b
}

// eachMerged calls fn with the subjects of a and b, each sorted, in order.
func eachMerged(a, b []valueRef, fn func(valueRef) error) error {
	for len(a) > 0 || len(b) > 0 {
		var r valueRef
		if len(b) == 0 || len(a) > 0 && a[0].key <= b[0].key {
			r, a = a[0], a[1:]
		} else {
			r, b = b[0], b[1:]
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// spill writes the held subjects, sorted, to a new run file.
func (s *subjectSorter) spill() (err error) {
	if s.dir == "" {
		if s.dir, err = os.MkdirTemp("", "trialgraph-subjects-"); err != nil {
			return fmt.Errorf("export: a directory for the sorted subjects: %w", err)
		}
	}
	s.gather()
	a, b := sortHalves(s.refs)
	name := filepath.Join(s.dir, fmt.Sprintf("run%05d", len(s.runs)))
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("export: sorted subjects: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("export: sorted subjects: %w", cerr)
		}
	}()
	w := bufio.NewWriterSize(f, 1<<16)
	var buf []byte
	err = eachMerged(a, b, func(r valueRef) (err error) {
		if buf, err = appendRun(buf[:0], r); err != nil {
			return err
		}
		if _, err := w.Write(buf); err != nil {
			return fmt.Errorf("export: sorted subjects: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("export: sorted subjects: %w", err)
	}
	s.runs = append(s.runs, name)
	clear(s.refs)
	s.refs, s.bytes = s.refs[:0], 0
	return nil
}

// appendRun appends a run file's record of r: the length of its key, the
// key, its node ID, and the length and bytes of its value (pquads) when
// the key does not spell it, all lengths and the ID unsigned varints.
func appendRun(buf []byte, r valueRef) ([]byte, error) {
	id, ok := r.ref.(kv.Int64Value)
	if !ok {
		return buf, fmt.Errorf("export: subject %s: not a bolt store's node", r.key)
	}
	buf = binary.AppendUvarint(buf, uint64(len(r.key)))
	buf = append(buf, r.key...)
	buf = binary.AppendUvarint(buf, uint64(id))
	if r.other == nil {
		return binary.AppendUvarint(buf, 0), nil
	}
	v, err := pquads.MarshalValue(r.other)
	if err != nil {
		return buf, fmt.Errorf("export: subject %s: %w", r.key, err)
	}
	buf = binary.AppendUvarint(buf, uint64(len(v)))
	return append(buf, v...), nil
}

// readRun reads the next record of a run file; io.EOF after the last.
func readRun(r *bufio.Reader) (valueRef, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return valueRef{}, err // io.EOF at the end
	}
	ref, err := readRecord(r, n)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF // a record cut short
	}
	return ref, err
}

// readRecord reads the rest of a record whose key is n bytes long.
func readRecord(r *bufio.Reader, n uint64) (valueRef, error) {
	field := func(n uint64) ([]byte, error) {
		if n > 1<<30 {
			return nil, errors.New("bad length")
		}
		b := make([]byte, n)
		_, err := io.ReadFull(r, b)
		return b, err
	}
	key, err := field(n)
	if err != nil {
		return valueRef{}, err
	}
	id, err := binary.ReadUvarint(r)
	if err != nil {
		return valueRef{}, err
	}
	if n, err = binary.ReadUvarint(r); err != nil {
		return valueRef{}, err
	}
	ref := valueRef{ref: kv.Int64Value(id), key: string(key)}
	if n > 0 {
		b, err := field(n)
		if err != nil {
			return valueRef{}, err
		}
		if ref.other, err = pquads.UnmarshalValue(b); err != nil {
			return valueRef{}, err
		}
	}
	return ref, nil
}

// done ends the listing: the subjects in memory, sorted, when there was no
// run; otherwise the last of them written as a run too.
func (s *subjectSorter) done() ([]valueRef, error) {
	s.gather()
	if len(s.runs) == 0 {
		a, b := sortHalves(s.refs)
		if len(b) == 0 {
			return a, nil
		}
		out := make([]valueRef, 0, len(s.refs))
		eachMerged(a, b, func(r valueRef) error {
			out = append(out, r)
			return nil
		})
		s.refs = nil
		return out, nil
	}
	if len(s.refs) > 0 {
		if err := s.spill(); err != nil {
			return nil, err
		}
	}
	s.refs = nil
	return nil, nil
}

// remove deletes the run files.
func (s *subjectSorter) remove() error {
	if s.dir == "" {
		return nil
	}
	err := os.RemoveAll(s.dir)
	s.dir, s.runs = "", nil
	return err
}

// subjectSource yields an export's subjects in sorted order.
type subjectSource interface {
	// next returns the next subject; false after the last.
	next() (valueRef, bool, error)
	close()
}

// sliceSource yields subjects held in memory.
type sliceSource struct{ refs []valueRef }

func (s *sliceSource) next() (valueRef, bool, error) {
	if len(s.refs) == 0 {
		return valueRef{}, false, nil
	}
	r := s.refs[0]
	s.refs = s.refs[1:]
	return r, true, nil
}

func (s *sliceSource) close() {}

// mergeSource yields the subjects of run files, merged.
type mergeSource struct {
	files []*os.File
	h     runHeap
}

type runHead struct {
	r   *bufio.Reader
	cur valueRef
	run string
}

type runHeap []*runHead

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if c := strings.Compare(h[i].cur.key, h[j].cur.key); c != 0 {
		return c < 0
	}
	return cmp.Less(h[i].cur.ref.(kv.Int64Value), h[j].cur.ref.(kv.Int64Value))
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runHead)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// openRuns opens the run files for a merge.
func openRuns(runs []string) (*mergeSource, error) {
	m := &mergeSource{}
	for _, name := range runs {
		f, err := os.Open(name)
		if err != nil {
			m.close()
			return nil, fmt.Errorf("export: sorted subjects: %w", err)
		}
		m.files = append(m.files, f)
		head := &runHead{r: bufio.NewReaderSize(f, 1<<16), run: name}
		ok, err := head.advance()
		if err != nil {
			m.close()
			return nil, err
		}
		if ok {
			m.h = append(m.h, head)
		}
	}
	heap.Init(&m.h)
	return m, nil
}

// advance reads the next record of the run; false at its end.
func (head *runHead) advance() (bool, error) {
	r, err := readRun(head.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("export: sorted subjects %s: %w", head.run, err)
	}
	head.cur = r
	return true, nil
}

func (m *mergeSource) next() (valueRef, bool, error) {
	if len(m.h) == 0 {
		return valueRef{}, false, nil
	}
	head := m.h[0]
	r := head.cur
	ok, err := head.advance()
	if err != nil {
		return valueRef{}, false, err
	}
	if ok {
		heap.Fix(&m.h, 0)
	} else {
		heap.Pop(&m.h)
	}
	return r, true, nil
}

func (m *mergeSource) close() {
	for _, f := range m.files {
		f.Close()
	}
	m.files, m.h = nil, nil
}

// sortSubjects lists the subjects of the bolt store's live quads into s
// (see boltReader.eachSubject): r finds the range of subject IDs, which is
// cut into as many parts as there are cores (up to four), each listed by a
// reader of its own, since resolving the subjects' values is most of the
// time it takes. The sorter is shared; the order of the runs it writes
// depends on the readers' pace, the merged order does not (keys are
// distinct: one node a value).
func (s *Store) sortSubjects(ctx context.Context, r *boltReader, sorter *subjectSorter) error {
	first, last, ok := r.subjectIDRange()
	if !ok {
		return nil
	}
	var mu sync.Mutex
	return s.inParts(ctx, r, first, last, subjectSplitMin, func(ctx context.Context, pr *boltReader, lo, hi uint64) error {
		batch := make([]valueRef, 0, 1024)
		flush := func() error {
			mu.Lock()
			defer mu.Unlock()
			for _, ref := range batch {
				if err := sorter.add(ref); err != nil {
					return err
				}
			}
			batch = batch[:0]
			return nil
		}
		err := pr.eachSubject(ctx, lo, hi, func(ref valueRef) error {
			if batch = append(batch, ref); len(batch) == cap(batch) {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	})
}
