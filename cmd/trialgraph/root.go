package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ingest"
)

// IO is where a command reads and writes; tests swap it.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// Exit codes.
const (
	exitOK      = 0
	exitFailed  = 1 // the work ran but something failed (bad records, query error)
	exitUsage   = 2 // bad flags or arguments
	exitInUse   = 3 // the store is held by another process
	exitNoStore = 4
)

// errPartial says that a batch ran to its end with some records failing;
// the failures have been reported already.
var errPartial = errors.New("some inputs failed")

type usageError struct{ error }

func newRootCmd(ctx context.Context, io IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "trialgraph",
		Short: "Clinical-trial records to a knowledge graph: ingest, query, export RDF",
		Long: `trialgraph reads clinical-trial records (ClinicalTrials.gov API v2 JSON, registry page
text, MedPath pages, legacy CT.gov XML), turns trials, sponsors, investigators, sites,
cell sources and outcome measures into an embedded Cayley graph store, answers Gizmo
queries and exports standard RDF.`,
		Example: `  trialgraph ingest --db ./trialgraph.db testdata/seeds
  trialgraph query --db ./trialgraph.db 'g.V("<https://w3id.org/trialgraph/id/cell-source/umbilical-cord>").In("<https://w3id.org/trialgraph/vocab#cellSource>").Out("<https://w3id.org/trialgraph/vocab#site>").Out("<http://schema.org/name>").All()'
  trialgraph export --db ./trialgraph.db --format turtle -o trials.ttl`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	root.SetContext(ctx)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newCmdIngest(io),
		newCmdQuery(io),
		newCmdExport(io),
		newCmdParse(io),
		newCmdOntology(io),
		newCmdStats(io),
		newCmdFetch(func(ctx context.Context, o *FetchOptions) error { return runFetchIngest(ctx, o, io) }),
	)
	root.AddCommand(namedCommands(io)...)
	return root
}

// run executes the command line and maps its error to an exit code. It is
// the one place where errors become exit codes.
func run(ctx context.Context, args []string, in io.Reader, out, errw io.Writer) int {
	root := newRootCmd(ctx, IO{In: in, Out: out, Err: errw})
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	switch {
	case errors.Is(err, errPartial): // the command reported its failures
	case ctx.Err() != nil && errors.Is(err, context.Canceled):
		// Interrupted (SIGINT, SIGTERM): what the command writes is
		// atomic, so the user needs the cause, not Go's error text.
		fmt.Fprintln(errw, "trialgraph: interrupted")
	default:
		fmt.Fprintln(errw, "trialgraph:", err)
	}
	var ue usageError
	switch {
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, graph.ErrStoreInUse):
		return exitInUse
	case errors.Is(err, graph.ErrNoStore):
		return exitNoStore
	case errors.Is(err, ingest.ErrUnknownFormat):
		return exitUsage
	}
	return exitFailed
}
