package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/export"
	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ontology"
)

// ExportOptions are the settings of trialgraph export.
type ExportOptions struct {
	IO
	DB     string
	Format string
	Output string
	Base   string
}

func newCmdExport(io IO) *cobra.Command {
	opts := &ExportOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "export [flags]",
		Short: "Write the store as RDF (Turtle, N-Triples, N-Quads)",
		Long: `Export writes every statement of the store as RDF. Turtle and N-Triples merge the
trials' named graphs; N-Quads keeps each trial in its own graph. Output is sorted
and byte-identical for the same store. With -o the file is written to a temporary
name and renamed when complete, so a failed export leaves no partial file.`,
		Example: `  trialgraph export --db ./trialgraph.db --format turtle -o trials.ttl
  trialgraph export --format nquads > trials.nq`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.DB, "db", "./trialgraph.db", "store directory")
	f.StringVar(&opts.Format, "format", "turtle", "output format")
	f.StringVarP(&opts.Output, "output", "o", "", "output file (default: standard output)")
	f.StringVar(&opts.Base, "base", graph.DefaultBase, "namespace of instance IRIs, for the id: prefix")
	return cmd
}

func runExport(ctx context.Context, opts *ExportOptions) error {
	format, err := export.Lookup(opts.Format)
	if err != nil {
		return usageError{err}
	}
	st, err := openExportStore(ctx, opts)
	if err != nil {
		return err
	}
	defer st.Close()
	return writeAtomically(opts.Output, opts.Out, func(w io.Writer) error {
		var prefixes []export.Prefix
		for _, p := range ontology.Prefixes(opts.Base) {
			prefixes = append(prefixes, export.Prefix{Name: p.Name, IRI: p.IRI})
		}
		ew := format.New(w, export.Options{Prefixes: prefixes, Base: opts.Base})
		var stmts []quad.Quad
		if format.Name == "nquads" {
			stmts, err = st.Quads(ctx)
		} else {
			stmts, err = st.Triples(ctx)
		}
		if err != nil {
			return err
		}
		for _, q := range stmts {
			if err := ew.WriteQuad(q); err != nil {
				ew.Close()
				return err
			}
		}
		return ew.Close()
	})
}

// writeAtomically runs write against a temporary file beside name and
// renames it to name when write succeeds; with name "" it writes to out.
func writeAtomically(name string, out io.Writer, write func(io.Writer) error) error {
	if name == "" || name == "-" {
		return write(out)
	}
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

var _ = strings.TrimSpace
