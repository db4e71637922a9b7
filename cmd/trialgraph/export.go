package main

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/export"
	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ontology"
)

// ExportOptions are the settings of trialgraph export.
type ExportOptions struct {
	IO
	DB          string
	Format      string
	Output      string
	Base        string
	ListFormats bool
	Trials      []string
	CellSources []string
	Created     string
	NoVoID      bool
}

func newCmdExport(io IO) *cobra.Command {
	opts := &ExportOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "export [flags]",
		Short: "Write the store as RDF (Turtle, TriG, N-Triples, N-Quads, JSON-LD) or a drawing (GraphML, DOT)",
		Long: `Export writes the statements of the store. Turtle, N-Triples, JSON-LD, GraphML
and DOT merge the trials' named graphs; N-Quads and TriG keep each trial in its own
graph. Output is sorted and byte-identical for the same store, and written subject
by subject (TriG: graph by graph), so memory does not grow with the store: the
subjects are listed and sorted first, a large bolt store's in files under $TMPDIR
(about 70 bytes a subject), which are removed when the export ends.

The format is --format, else the extension of -o (out.trig, out.nq.gz), else
Turtle; --list-formats lists them. An -o name ending in .gz is gzip-compressed.
With -o the file is written to a temporary name and renamed when complete, so a
failed export leaves no partial file.

Turtle ends and TriG starts with a VoID description of the export: a
void:Dataset node <BASE/dataset> with the number of triples written, classes and
properties with their counts, the source registries and, as dcterms:modified, the
newest source record date. Turtle counts while it writes, reading the store once.
It is computed from the store, never from the clock, so
exports stay byte-identical; --created DATE adds dcterms:created. --no-void
leaves it out.

--trial and --cell-source export only those trials' named graphs: every
statement of the trials and of the nodes they reach (each trial graph carries
its own copy of the facts about shared sponsors, sites and cell sources).

Instance IRIs are minted when records are ingested (ingest --base). Export's
--base names that namespace: it is the @base and id: prefix of Turtle, the
namespace of the VoID dataset node, and where --trial and --cell-source look
for graphs. It does not rewrite the stored IRIs.`,
		Example: `  trialgraph export --db ./trialgraph.db -o trials.ttl
  trialgraph export --format nquads > trials.nq
  trialgraph export --cell-source umbilical-cord -o cord.trig.gz
  trialgraph export --trial NCT04288102 --format dot | dot -Tsvg > trial.svg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.DB, "db", "./trialgraph.db", "store directory")
	f.StringVar(&opts.Format, "format", "", "output format (default: from the -o extension, else turtle)")
	f.StringVarP(&opts.Output, "output", "o", "", "output file; .gz compresses (default: standard output)")
	f.StringVar(&opts.Base, "base", graph.DefaultBase, "namespace of the store's instance IRIs (the id: prefix)")
	f.BoolVar(&opts.ListFormats, "list-formats", false, "list the output formats: name, extensions, MIME type")
	f.StringArrayVar(&opts.Trials, "trial", nil, "export only this trial (NCT number; repeatable)")
	f.StringArrayVar(&opts.CellSources, "cell-source", nil, "export only the trials of this cell source (slug; repeatable)")
	f.StringVar(&opts.Created, "created", "", "date (YYYY-MM-DD) to state as dcterms:created in the VoID description")
	f.BoolVar(&opts.NoVoID, "no-void", false, "leave out the VoID description")
	return cmd
}

func runExport(ctx context.Context, opts *ExportOptions) error {
	if opts.ListFormats {
		for _, f := range export.Formats() {
			fmt.Fprintf(opts.Out, "%-9s %-14s %s\n", f.Name, strings.Join(f.Extensions, ","), f.MIMEType)
		}
		return nil
	}
	format, err := exportFormat(opts)
	if err != nil {
		return err
	}
	if err := checkExportFlags(opts); err != nil {
		return err
	}
	st, err := openExportStore(ctx, opts)
	if err != nil {
		return err
	}
	defer st.Close()
	// An export's live heap is small: the statements of a few subjects,
	// caches of IRIs, and the sorted subjects, of which an export of a
	// bolt store holds at most one run in memory (graph.Export). There
	// the collector runs at 300 % growth or when the heap reaches 80 MiB:
	// the program's own memory stays under 100 MB at any size, and it
	// collects 31 times for 1.6 M triples instead of 209 at 50 % growth
	// (4.4 s against 5.5-6.6 s). Elsewhere (PostgreSQL, which lists the
	// subjects in memory) it collects at 50 % growth, without a limit
	// that a large live heap would turn into constant collection.
	if graph.IsPostgres(opts.DB) {
		defer gcSettings(50, math.MaxInt64)()
	} else {
		defer gcSettings(300, 80<<20)()
	}
	labels, err := exportLabels(ctx, st, opts)
	if err != nil {
		return err
	}
	return writeAtomically(opts.Output, opts.Out, func(w io.Writer) error {
		if strings.HasSuffix(strings.ToLower(opts.Output), ".gz") {
			// gzip.NewWriter leaves the name and modification time out of
			// the header, so the file is as deterministic as its content.
			zw := gzip.NewWriter(w)
			if err := exportTo(ctx, st, format, labels, opts, zw); err != nil {
				return err
			}
			return zw.Close()
		}
		return exportTo(ctx, st, format, labels, opts, w)
	})
}

// exportFormat is --format, else the one of -o's extension, else Turtle.
func exportFormat(opts *ExportOptions) (export.Format, error) {
	if opts.Format != "" {
		f, err := export.Lookup(opts.Format)
		if err != nil {
			return f, usageError{err}
		}
		return f, nil
	}
	if opts.Output != "" && opts.Output != "-" {
		if f, ok := export.ByExtension(opts.Output); ok {
			return f, nil
		}
	}
	return export.Lookup("turtle")
}

func checkExportFlags(opts *ExportOptions) error {
	for _, slug := range opts.CellSources {
		if !knownCellSource(slug) {
			var valid []string
			for _, cs := range ontology.CellSources() {
				valid = append(valid, cs.Slug)
			}
			return usageError{fmt.Errorf("unknown cell source %q (valid: %s)", slug, strings.Join(valid, ", "))}
		}
	}
	for _, id := range opts.Trials {
		if !validNCT(id) {
			return usageError{fmt.Errorf("--trial %q is not an NCT number (NCT and 8 digits)", id)}
		}
	}
	if d := opts.Created; d != "" {
		if len(d) != 10 || d[4] != '-' || d[7] != '-' || strings.Trim(d[:4]+d[5:7]+d[8:], "0123456789") != "" {
			return usageError{fmt.Errorf("--created %q is not a date (YYYY-MM-DD)", d)}
		}
	}
	return nil
}

func knownCellSource(slug string) bool {
	for _, cs := range ontology.CellSources() {
		if cs.Slug == slug {
			return true
		}
	}
	return false
}

func validNCT(s string) bool {
	return len(s) == 11 && strings.HasPrefix(s, "NCT") && strings.Trim(s[3:], "0123456789") == ""
}

// errNoTrials is returned when --trial or --cell-source select no graph.
var errNoTrials = errors.New("export: the selected trials are not in the store")

// exportLabels returns the graphs selected by --trial and --cell-source,
// nil when neither is given (everything).
func exportLabels(ctx context.Context, st *graph.Store, opts *ExportOptions) ([]quad.Value, error) {
	if len(opts.Trials) == 0 && len(opts.CellSources) == 0 {
		return nil, nil
	}
	b := graph.NewBuilder(opts.Base)
	seen := map[quad.Value]bool{}
	var labels []quad.Value
	addLabel := func(l quad.Value) {
		if !seen[l] {
			seen[l] = true
			labels = append(labels, l)
		}
	}
	for _, id := range opts.Trials {
		l := b.GraphIRI(id)
		if st.QS.ValueOf(l) == nil {
			return nil, fmt.Errorf("%w: %s (no graph %s; was it ingested with another --base?)", errNoTrials, id, l)
		}
		addLabel(l)
	}
	for _, slug := range opts.CellSources {
		ls, err := st.GraphsWith(ctx, quad.IRI(ontology.CellSourceProp), b.CellSourceIRI(slug))
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			addLabel(l)
		}
	}
	if len(labels) == 0 {
		return nil, fmt.Errorf("%w: no trial of cell source %s", errNoTrials, strings.Join(opts.CellSources, ", "))
	}
	return labels, nil
}

// exportTo streams the selected statements of st to w in format.
func exportTo(ctx context.Context, st *graph.Store, format export.Format, labels []quad.Value, opts *ExportOptions, w io.Writer) error {
	var prefixes []export.Prefix
	for _, p := range ontology.Prefixes(opts.Base) {
		prefixes = append(prefixes, export.Prefix{Name: p.Name, IRI: p.IRI})
	}
	sel := graph.Selection{Labels: labels, KeepLabels: format.Input != export.Triples}
	wopts := export.Options{Prefixes: prefixes, Base: opts.Base}
	var head []quad.Quad
	var ex *graph.Export
	if format.Input != export.Graphs {
		var err error
		if ex, err = st.NewExport(ctx, sel); err != nil {
			return err
		}
		defer ex.Close()
	}
	// A VoID description of triples goes after the data, counted while
	// the data is written: one read of the store instead of two.
	voidAfter := format.VoID && !opts.NoVoID && ex != nil && !format.Predicates
	if format.VoID && !opts.NoVoID && !voidAfter || format.Predicates {
		var sum graph.Summary
		var err error
		if ex != nil {
			sum, err = ex.Summarize(ctx)
		} else {
			sum, err = st.Summarize(ctx, sel)
		}
		if err != nil {
			return err
		}
		if format.VoID && !opts.NoVoID {
			head = sum.VoID(opts.Base, opts.Created)
		}
		if format.Predicates {
			wopts.Predicates = []string{}
			for _, p := range sum.Properties {
				if iri, ok := p.Value.(quad.IRI); ok {
					wopts.Predicates = append(wopts.Predicates, string(iri))
				}
			}
		}
	}
	ew := format.New(w, wopts)
	write := func(qs []quad.Quad) error {
		for _, q := range qs {
			if err := ew.WriteQuad(q); err != nil {
				return err
			}
		}
		return nil
	}
	err := write(head)
	if err == nil && format.Input == export.Graphs {
		err = st.EachGraph(ctx, labels, func(_ quad.Value, qs []quad.Quad) error { return write(qs) })
	} else if err == nil && voidAfter {
		var sum graph.Summary
		if sum, err = ex.EachSubjectSummary(ctx, write); err == nil {
			err = write(sum.VoID(opts.Base, opts.Created))
		}
	} else if err == nil {
		err = ex.EachSubject(ctx, write)
	}
	if cerr := ew.Close(); err == nil {
		err = cerr
	}
	return err
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
	// CreateTemp makes the file private; an export is an ordinary file,
	// so it gets the mode os.Create would give it (0666 less the umask),
	// or keeps the mode of the file it replaces.
	mode := os.FileMode(0o666) &^ umask()
	if fi, err := os.Stat(name); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
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

// umask returns the process's file mode creation mask.
func umask() os.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return os.FileMode(m)
}
