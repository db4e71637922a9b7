package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/ontology"
)

// OntologyOptions are the settings of trialgraph ontology.
type OntologyOptions struct {
	IO
	Shapes bool
}

func newCmdOntology(io IO) *cobra.Command {
	opts := &OntologyOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "ontology [--shapes]",
		Short: "Print the OWL ontology of the tg: vocabulary, or its SHACL shapes",
		Long: `Ontology prints the OWL ontology (Turtle) that declares every class and
property of the tg: namespace the export writes, with labels, comments,
domains, ranges and alignments to schema.org and OBO terms. With --shapes
it prints the SHACL shapes the export satisfies instead, for validating
an export with any SHACL engine.`,
		Example: `  trialgraph ontology > trialgraph.ttl
  trialgraph ontology --shapes > shapes.ttl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runOntology(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Shapes, "shapes", false, "print the SHACL shapes instead of the ontology")
	return cmd
}

func runOntology(ctx context.Context, opts *OntologyOptions) error {
	doc := ontology.OntologyTurtle()
	if opts.Shapes {
		doc = ontology.ShapesTurtle()
	}
	_, err := opts.Out.Write(doc)
	return err
}
