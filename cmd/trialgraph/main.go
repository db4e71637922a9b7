// Command trialgraph turns clinical-trial records into a knowledge graph:
// it ingests ClinicalTrials.gov JSON, registry pages and legacy XML into an
// embedded Cayley store, answers Gizmo queries and exports RDF.
//
// Run "trialgraph --help" for the verbs.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// TRIALGRAPH_CPUPROFILE=FILE writes a CPU profile of the whole command
	// (go tool pprof -top trialgraph FILE); the bench's profiles come from it.
	if path := os.Getenv("TRIALGRAPH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "trialgraph: TRIALGRAPH_CPUPROFILE:", err)
			os.Exit(2)
		}
		code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		pprof.StopCPUProfile()
		f.Close()
		os.Exit(code)
	}
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
