// Command trialgraph turns clinical-trial records into a knowledge graph:
// it ingests ClinicalTrials.gov JSON, registry pages and legacy XML into an
// embedded Cayley store, answers Gizmo queries and exports RDF.
//
// Run "trialgraph --help" for the verbs.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
