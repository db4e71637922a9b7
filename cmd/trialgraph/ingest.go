package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/ingest/nquads"
)

// IngestOptions are the settings of trialgraph ingest.
type IngestOptions struct {
	IO
	DB        string
	Inputs    []string
	Format    string
	Base      string
	Strict    bool
	BatchSize int
	Quiet     bool
}

func newCmdIngest(io IO) *cobra.Command {
	opts := &IngestOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "ingest [flags] FILE|DIR|- ...",
		Short: "Read trial records into the store",
		Long: `Ingest reads trial records and stores each trial as its own named graph.

Inputs are files, directories (walked recursively, in name order) or - for
standard input. The format of each input is sniffed from its content unless
--format names it. Re-ingesting a trial replaces its graph in one transaction;
a record older than the stored one of the same trial is skipped, so the store
does not depend on the order of the inputs.

A bad record is reported with its file and line and skipped; the others are
stored, and the exit status is 1. --strict stops at the first bad record.`,
		Example: `  trialgraph ingest --db ./trialgraph.db testdata/seeds
  trialgraph ingest --db ./trialgraph.db ctg-studies.json
  curl -s 'https://clinicaltrials.gov/api/v2/studies?query.cond=covid' | trialgraph ingest --db d -`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("ingest needs at least one input (a file, a directory or -)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			return runIngest(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.DB, "db", "./trialgraph.db", "store directory")
	f.StringVar(&opts.Format, "format", "", "input format (default: sniffed); valid: "+strings.Join(ingest.Names(), ", "))
	f.StringVar(&opts.Base, "base", graph.DefaultBase, "namespace of minted instance IRIs")
	f.BoolVar(&opts.Strict, "strict", false, "stop at the first bad record")
	f.IntVar(&opts.BatchSize, "batch", 200, "trials written per transaction")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "print nothing but errors")
	return cmd
}

type ingestRun struct {
	opts    *IngestOptions
	store   *graph.Store
	builder *graph.Builder
	batch   []graph.TrialGraph
	stats   graph.ReplaceStats
	studies int
	files   int
	skipped int
	errs    int
}

func runIngest(ctx context.Context, opts *IngestOptions) error {
	if opts.Format != "" {
		if _, err := ingest.Lookup(opts.Format); err != nil {
			return err
		}
	}
	if opts.BatchSize < 1 {
		opts.BatchSize = 1
	}
	r, err := newIngestRun(ctx, opts)
	if err != nil {
		return err
	}
	defer r.store.Close()
	start := time.Now()
	for _, in := range opts.Inputs {
		if err := r.input(ctx, in); err != nil {
			if ferr := r.flush(ctx); ferr != nil {
				return ferr
			}
			return err
		}
	}
	if err := r.flush(ctx); err != nil {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(opts.Err, "ingested %d trials from %d files in %.1fs: %d quads added, %d removed, %d unchanged",
			r.stats.Trials, r.files, time.Since(start).Seconds(), r.stats.Added, r.stats.Removed, r.stats.Unchanged)
		if r.skipped > 0 {
			fmt.Fprintf(opts.Err, "; %d files skipped", r.skipped)
		}
		if r.stats.Kept > 0 {
			fmt.Fprintf(opts.Err, "; %d older descriptions skipped", r.stats.Kept)
		}
		fmt.Fprintf(opts.Err, "; %d errors\n", r.errs)
	}
	if r.errs > 0 {
		return errPartial
	}
	return nil
}

// newIngestRun opens the store for writing and reports any repair that
// opening it made.
func newIngestRun(ctx context.Context, opts *IngestOptions) (*ingestRun, error) {
	st, err := graph.Open(ctx, opts.DB, graph.Options{})
	if err != nil {
		return nil, err
	}
	if rec := st.Recovered(); len(rec) > 0 {
		fmt.Fprintf(opts.Err, "%s: an earlier write was interrupted; removed %d incomplete trials, ingest their records again: %s\n",
			opts.DB, len(rec), strings.Join(rec, " "))
	}
	return &ingestRun{opts: opts, store: st, builder: graph.NewBuilder(opts.Base)}, nil
}

// input ingests one command-line argument.
func (r *ingestRun) input(ctx context.Context, in string) error {
	if in == "-" {
		return r.file(ctx, "-", r.opts.In, false)
	}
	info, err := os.Stat(in)
	if err != nil {
		return r.fail(err)
	}
	if !info.IsDir() {
		return r.path(ctx, in, false)
	}
	var files []string
	err = filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return r.fail(err)
		}
		if d.IsDir() && p != in && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && !strings.HasPrefix(d.Name(), ".") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		if err := r.path(ctx, f, true); err != nil {
			return err
		}
	}
	return nil
}

// path ingests one file. Files met while walking a directory that no
// reader recognises are skipped with a notice rather than counted as errors.
func (r *ingestRun) path(ctx context.Context, name string, walked bool) error {
	f, err := os.Open(name)
	if err != nil {
		return r.fail(err)
	}
	defer f.Close()
	return r.file(ctx, name, f, walked)
}

// fail reports an error; it returns the error itself only in strict mode.
func (r *ingestRun) fail(err error) error {
	r.errs++
	fmt.Fprintln(r.opts.Err, err)
	if r.opts.Strict {
		return errPartial
	}
	return nil
}

func (r *ingestRun) file(ctx context.Context, name string, in io.Reader, walked bool) error {
	rd, err := ingest.Open(in, name, r.opts.Format)
	if err != nil {
		if walked && r.opts.Format == "" && errors.Is(err, ingest.ErrUnknownFormat) {
			r.skipped++
			if !r.opts.Quiet {
				fmt.Fprintf(r.opts.Err, "%s: skipped: not a trial record in a known format\n", name)
			}
			return nil
		}
		r.files++
		return r.fail(err)
	}
	r.files++
	if gr, ok := rd.(nquads.GraphReader); ok {
		return r.graphs(ctx, gr)
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		s, err := rd.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if ferr := r.fail(err); ferr != nil {
				return ferr
			}
			continue
		}
		if err := s.Validate(); err != nil {
			if ferr := r.fail(&ingest.ParseError{File: name, Err: err}); ferr != nil {
				return ferr
			}
			continue
		}
		r.studies++
		r.batch = append(r.batch, graph.TrialGraph{
			NCTID: s.NCTID,
			Label: r.builder.GraphIRI(s.NCTID),
			Quads: r.builder.Study(s),
			Rank:  graph.Rank(s),
		})
		if len(r.batch) >= r.opts.BatchSize {
			if err := r.flush(ctx); err != nil {
				return err
			}
		}
	}
}

func (r *ingestRun) flush(ctx context.Context) error {
	if len(r.batch) == 0 {
		return nil
	}
	st, err := r.store.ReplaceTrials(ctx, r.batch)
	r.batch = r.batch[:0]
	r.stats.Trials += st.Trials
	r.stats.Added += st.Added
	r.stats.Removed += st.Removed
	r.stats.Unchanged += st.Unchanged
	r.stats.Kept += st.Kept
	return err
}

// runFetchIngest runs fetch, ingesting each saved page into the store when
// --ingest is set.
func runFetchIngest(ctx context.Context, o *FetchOptions, io IO) error {
	o.Stderr = io.Err
	if !o.DoIngest {
		return runFetch(ctx, o)
	}
	r, err := newIngestRun(ctx, &IngestOptions{IO: io, DB: o.DB, Base: graph.DefaultBase, BatchSize: 200, Quiet: true})
	if err != nil {
		return err
	}
	defer r.store.Close()
	o.Ingest = func(ctx context.Context, file string, body []byte) error {
		errs := r.errs
		if err := r.file(ctx, file, bytes.NewReader(body), false); err != nil {
			return err
		}
		if err := r.flush(ctx); err != nil {
			return err
		}
		if r.errs > errs {
			return fmt.Errorf("%s: %d records could not be read", file, r.errs-errs)
		}
		return nil
	}
	return runFetch(ctx, o)
}
