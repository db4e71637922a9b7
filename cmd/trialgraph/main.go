// Command trialgraph turns clinical-trial records into a knowledge graph:
// it ingests ClinicalTrials.gov JSON, registry pages and legacy XML into an
// embedded Cayley store, answers Gizmo queries and exports RDF.
//
// Run "trialgraph --help" for the verbs.
package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// TRIALGRAPH_CPUPROFILE=FILE writes a CPU profile of the whole command
	// (go tool pprof -top trialgraph FILE); the bench's profiles come from it.
	// TRIALGRAPH_MEMPROFILE=FILE writes a profile of the heap as it was
	// when it was largest, sampled every second (go tool pprof
	// -sample_index=inuse_space -top trialgraph FILE): what an ingest or an
	// export holds at its peak.
	cpu, mem := os.Getenv("TRIALGRAPH_CPUPROFILE"), os.Getenv("TRIALGRAPH_MEMPROFILE")
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.Create(cpu)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "trialgraph: TRIALGRAPH_CPUPROFILE:", err)
			os.Exit(2)
		}
		cpuFile = f
	}
	var heap *heapPeak
	if mem != "" {
		heap = watchHeap(time.Second)
	}
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if cpuFile != nil {
		pprof.StopCPUProfile()
		cpuFile.Close()
	}
	if heap != nil {
		if err := heap.write(mem); err != nil {
			fmt.Fprintln(os.Stderr, "trialgraph: TRIALGRAPH_MEMPROFILE:", err)
			code = max(code, 1)
		}
	}
	os.Exit(code)
}

// heapPeak keeps the heap profile taken when the heap was largest. Its
// sampling runs on one goroutine at a time: the watcher's, then write's.
type heapPeak struct {
	stop, done chan struct{}
	largest    uint64 // the heap (HeapAlloc) when the profile was taken
	profile    []byte
}

// watchHeap samples the heap every interval until write, and takes a
// profile whenever the heap is larger than at any sample before. (A heap
// profile shows the objects live at the last collection.)
func watchHeap(interval time.Duration) *heapPeak {
	h := &heapPeak{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			h.sample(false)
			select {
			case <-t.C:
			case <-h.stop:
				return
			}
		}
	}()
	return h
}

// sample takes a profile if the heap is the largest yet seen after a
// collection, or if force is set and none was taken.
func (h *heapPeak) sample(force bool) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if !(force && h.profile == nil) && (ms.NumGC == 0 || ms.HeapAlloc < h.largest) {
		return
	}
	var buf bytes.Buffer
	if err := pprof.Lookup("heap").WriteTo(&buf, 0); err != nil {
		return
	}
	h.largest, h.profile = ms.HeapAlloc, buf.Bytes()
}

// write stops the sampling and writes the profile kept to path.
func (h *heapPeak) write(path string) error {
	close(h.stop)
	<-h.done
	h.sample(true)
	return os.WriteFile(path, h.profile, 0o666)
}
