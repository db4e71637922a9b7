package graph

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/cayleygraph/quad"
)

// populate's probes of the system: the memory available, and which pages
// of a mapped file are in the page cache.
func TestPopulateProbes(t *testing.T) {
	if avail := memAvailable(); avail <= 0 {
		t.Fatalf("MemAvailable = %d", avail)
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	readThrough(path) // just written and read: in the page cache
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := syscall.Mmap(int(f.Fd()), 0, 1<<20, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(m)
	addr := uintptr(unsafePointer(m))
	if r := residentFraction(addr, 1<<20); r < 0.9 || r > 1 {
		t.Errorf("%.2f of a file just read is resident", r)
	}
	// Populating a store's file leaves what an export reads unchanged.
	st, _ := openTemp(t)
	defer st.Close()
	replaceGraph(t, st, "g1", []quad.Quad{{Subject: quad.IRI("http://ex/s"), Predicate: quad.IRI("http://ex/p"), Object: quad.String("o"), Label: quad.IRI("g1")}})
	before := exportAll(t, st, Selection{})
	st.populate()
	if after := exportAll(t, st, Selection{}); len(before) != 1 || strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("before populating: %v; after: %v", before, after)
	}
}

func unsafePointer(b []byte) unsafe.Pointer { return unsafe.Pointer(&b[0]) }
