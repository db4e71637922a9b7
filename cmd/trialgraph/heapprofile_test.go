package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// heldForHeapTest keeps holdHeapForTest's allocation alive while the
// watcher samples.
var heldForHeapTest [][]byte

//go:noinline
func holdHeapForTest() {
	for range 64 {
		heldForHeapTest = append(heldForHeapTest, make([]byte, 1<<20))
	}
}

// TestHeapPeakProfile checks TRIALGRAPH_MEMPROFILE's watcher: the profile
// it writes is the one of the largest heap, taken while 64 MiB were held,
// not the one at the end, when they are gone.
func TestHeapPeakProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go tool pprof")
	}
	h := watchHeap(5 * time.Millisecond)
	holdHeapForTest()
	runtime.GC()
	time.Sleep(100 * time.Millisecond)
	heldForHeapTest = nil
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	path := filepath.Join(t.TempDir(), "heap.prof")
	if err := h.write(path); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "pprof", "-sample_index=inuse_space", "-top", exe, path).CombinedOutput()
	if err != nil {
		t.Fatalf("go tool pprof: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "holdHeapForTest") {
		t.Errorf("the profile does not show the 64 MiB held at the peak:\n%s", out)
	}
}
