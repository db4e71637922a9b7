package graph

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
)

// smallRuns makes an export's subject sorter spill every few subjects,
// its subjects listed in parts (by several readers), and its run files go
// to a directory of the test's, which it returns.
func smallRuns(t *testing.T, bytes int) string {
	t.Helper()
	saved, split := subjectRunBytes, subjectSplitMin
	subjectRunBytes, subjectSplitMin = bytes, 2
	t.Cleanup(func() { subjectRunBytes, subjectSplitMin = saved, split })
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	return dir
}

// runDirs lists the sorted-subject directories left in dir.
func runDirs(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "trialgraph-subjects-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sortTestStore holds subjects whose IDs are not in their sorted order,
// spread over three graphs, one of them replaced (deleted quads left in
// the log), with non-ASCII IRIs and blank nodes.
func sortTestStore(t *testing.T) *Store {
	t.Helper()
	st, _ := openTemp(t)
	t.Cleanup(func() { st.Close() })
	graphOf := func(g string, n int) []quad.Quad {
		var qs []quad.Quad
		for i := range n {
			s := quad.Value(quad.IRI(fmt.Sprintf("http://ex/%s/é%03d", g, (i*37)%n)))
			if i%10 == 0 {
				s = quad.BNode(fmt.Sprintf("%s_b%d", g, i))
			}
			qs = append(qs,
				quad.Quad{Subject: s, Predicate: quad.IRI("http://ex/v"), Object: quad.String(fmt.Sprint(i)), Label: quad.IRI(g)},
				quad.Quad{Subject: s, Predicate: quad.IRI("http://ex/link"), Object: quad.IRI("http://ex/shared"), Label: quad.IRI(g)},
				quad.Quad{Subject: quad.IRI("http://ex/shared"), Predicate: quad.IRI("http://ex/in"), Object: s, Label: quad.IRI(g)})
		}
		return qs
	}
	replaceGraph(t, st, "g2", graphOf("g2", 120))
	replaceGraph(t, st, "g1", graphOf("g1", 150))
	replaceGraph(t, st, "g3", graphOf("g3", 60))
	replaceGraph(t, st, "g2", graphOf("g2", 80))
	return st
}

// An export whose subjects do not fit in memory sorts them in run files
// and merges them: it yields what the in-memory sort yields, statement for
// statement, for triples and for quads, twice from one Export (a summary
// and then the data), and Close removes the files.
func TestExportSortsSubjectsOnDisk(t *testing.T) {
	ctx := context.Background()
	st := sortTestStore(t)
	want := map[bool][]string{}
	for _, keep := range []bool{false, true} {
		want[keep] = exportAll(t, st, Selection{KeepLabels: keep})
	}
	if len(want[false]) != (150+60+80)*3 {
		t.Fatalf("%d triples in memory, want %d", len(want[false]), (150+60+80)*3)
	}
	tmp := smallRuns(t, 600)
	for _, keep := range []bool{false, true} {
		sel := Selection{KeepLabels: keep}
		ex, err := st.NewExport(ctx, sel)
		if err != nil {
			t.Fatal(err)
		}
		if ex.runs == nil || len(ex.runs.runs) < 10 || ex.subjects != nil {
			t.Fatalf("keep %v: the subjects were not sorted on disk: %+v", keep, ex.runs)
		}
		if dirs := runDirs(t, tmp); len(dirs) != 1 {
			t.Fatalf("run directories %v, want one", dirs)
		}
		sum, err := ex.Summarize(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		err = ex.EachSubject(ctx, func(qs []quad.Quad) error {
			for _, q := range qs {
				got = append(got, q.String())
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want[keep]) {
			t.Fatalf("keep %v: %d statements merged from runs, %d sorted in memory; first difference at %d", keep, len(got), len(want[keep]), firstDiff(got, want[keep]))
		}
		if sum.Statements != int64(len(got)) {
			t.Errorf("keep %v: summary of %d statements, %d streamed", keep, sum.Statements, len(got))
		}
		if err := ex.Close(); err != nil {
			t.Fatal(err)
		}
		if dirs := runDirs(t, tmp); len(dirs) != 0 {
			t.Fatalf("Close left %v", dirs)
		}
		if err := ex.EachSubject(ctx, func([]quad.Quad) error { return nil }); err == nil {
			t.Error("an export read after Close gave no error")
		}
	}
	// Store.EachSubject closes the export it makes.
	if got := exportAll(t, st, Selection{}); !slices.Equal(got, want[false]) {
		t.Errorf("Store.EachSubject from runs: %d statements, want %d", len(got), len(want[false]))
	}
	if dirs := runDirs(t, tmp); len(dirs) != 0 {
		t.Errorf("Store.EachSubject left %v", dirs)
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// A damaged run file, a cancelled export and a temporary directory that
// cannot be written give errors, not a short export, and leave no file
// behind once the export is closed.
func TestExportRunErrors(t *testing.T) {
	ctx := context.Background()
	st := sortTestStore(t)
	tmp := smallRuns(t, 600)

	ex, err := st.NewExport(ctx, Selection{})
	if err != nil {
		t.Fatal(err)
	}
	last := ex.runs.runs[len(ex.runs.runs)-1]
	b, err := os.ReadFile(last)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(last, b[:len(b)-3], 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = ex.EachSubject(ctx, func(qs []quad.Quad) error { n += len(qs); return nil })
	if err == nil || !strings.Contains(err.Error(), "sorted subjects") {
		t.Errorf("a truncated run gave %v after %d statements", err, n)
	}
	ex.Close()

	ex, err = st.NewExport(ctx, Selection{})
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	n = 0
	err = ex.EachSubject(cctx, func(qs []quad.Quad) error {
		if n++; n == 5 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled export gave %v", err)
	}
	ex.Close()
	if dirs := runDirs(t, tmp); len(dirs) != 0 {
		t.Errorf("left %v", dirs)
	}

	notDir := filepath.Join(tmp, "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", notDir)
	if _, err := st.NewExport(ctx, Selection{}); err == nil || !strings.Contains(err.Error(), "a directory for the sorted subjects") {
		t.Errorf("an unwritable temporary directory gave %v", err)
	}
}

// A run file's records give back the subjects written: IRIs and blank
// nodes from their keys, other values from their own bytes.
func TestRunRecordsRoundTrip(t *testing.T) {
	refs := []valueRef{
		newValueRef(kv.Int64Value(7), quad.IRI("http://ex/é")),
		newValueRef(kv.Int64Value(1<<40), quad.BNode("b1")),
		newValueRef(kv.Int64Value(3), quad.LangString{Value: "x", Lang: "en"}),
		newValueRef(kv.Int64Value(4), quad.String("")),
	}
	var buf []byte
	for _, r := range refs {
		var err error
		if buf, err = appendRun(buf, r); err != nil {
			t.Fatal(err)
		}
	}
	br := bufio.NewReader(bytes.NewReader(buf))
	for _, want := range refs {
		got, err := readRun(br)
		if err != nil {
			t.Fatal(err)
		}
		if got.ref != want.ref || got.key != want.key || got.value() != want.value() {
			t.Errorf("read %+v (%v), wrote %+v (%v)", got, got.value(), want, want.value())
		}
	}
	if _, err := readRun(br); err == nil {
		t.Error("no end after the last record")
	}
}

// A sorter yields every subject added, once and sorted, whether they fill
// several chunks in memory or spill to runs between chunks and mid-chunk.
func TestSubjectSorterChunks(t *testing.T) {
	const n = 3*sorterChunk + 17
	for _, runBytes := range []int{1 << 30, 100 * 1000, 64 * sorterChunk, 900 * 1000} { // the last spills more than 2 chunks, sorted in halves
		t.Run(fmt.Sprint(runBytes), func(t *testing.T) {
			smallRuns(t, runBytes)
			s := &subjectSorter{}
			defer s.remove()
			for i := range n {
				id := (i * 7919) % n // not in order
				if err := s.add(newValueRef(kv.Int64Value(id+1), quad.IRI(fmt.Sprintf("http://ex/%06d", id)))); err != nil {
					t.Fatal(err)
				}
			}
			refs, err := s.done()
			if err != nil {
				t.Fatal(err)
			}
			var src subjectSource = &sliceSource{refs: refs}
			if len(s.runs) > 0 {
				if refs != nil {
					t.Fatalf("%d runs and %d subjects in memory", len(s.runs), len(refs))
				}
				if src, err = openRuns(s.runs); err != nil {
					t.Fatal(err)
				}
			}
			defer src.close()
			for i := 0; ; i++ {
				r, ok, err := src.next()
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					if i != n {
						t.Fatalf("%d subjects back, %d added", i, n)
					}
					break
				}
				if want := fmt.Sprintf("<http://ex/%06d>", i); r.key != want || r.ref != kv.Int64Value(i+1) {
					t.Fatalf("subject %d: %s (%v), want %s", i, r.key, r.ref, want)
				}
			}
		})
	}
}
