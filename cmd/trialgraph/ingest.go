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
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/ingest/bulkzip"
	"github.com/trialgraph/trialgraph/ingest/nquads"
	"github.com/trialgraph/trialgraph/trial"
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
	// Bulk writes a new bolt store in one pass (graph.Bulk).
	Bulk bool
	// Workers is the number of goroutines parsing records and building
	// their graphs (0: one per CPU).
	Workers int
	// Progress shows a progress bar on standard error; runIngest turns it
	// off unless standard error is a terminal.
	Progress bool
}

func newCmdIngest(io IO) *cobra.Command {
	opts := &IngestOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "ingest [flags] FILE|DIR|ZIP|- ...",
		Short: "Read trial records into the store",
		Long: `Ingest reads trial records and stores each trial as its own named graph.

Inputs are files, directories (walked recursively, in name order), zip archives
such as the ClinicalTrials.gov bulk download ctg-studies.json.zip (read entry by
entry, never unpacked to disk) or - for standard input. The format of each input
is sniffed from its content unless --format names it. Re-ingesting a trial
replaces its graph in one transaction; a record older than the stored one of the
same trial is skipped, so the store does not depend on the order of the inputs.

A bad record is reported with its file (archive.zip!entry inside a zip) and line
and skipped; the others are stored, and the exit status is 1. --strict stops at
the first bad record. Records are parsed on all CPUs while the store is written;
the store holds the same trials whatever the number of workers.`,
		Example: `  trialgraph ingest --db ./trialgraph.db testdata/seeds
  trialgraph ingest --db ./trialgraph.db ctg-studies.json.zip
  curl -s 'https://clinicaltrials.gov/api/v2/studies?query.cond=covid' | trialgraph ingest --db d -`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("ingest needs at least one input (a file, a directory, a zip archive or -)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			return runIngest(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.DB, "db", "./trialgraph.db", "store directory, or a postgres:// URL")
	f.StringVar(&opts.Format, "format", "", "input format (default: sniffed); valid: "+strings.Join(ingest.Names(), ", "))
	f.StringVar(&opts.Base, "base", graph.DefaultBase, "namespace of minted instance IRIs")
	f.BoolVar(&opts.Strict, "strict", false, "stop at the first bad record")
	f.IntVar(&opts.BatchSize, "batch", 0, "trials written per transaction (0: grows with the store, see batchQuads)")
	f.IntVar(&opts.Workers, "workers", 0, "goroutines parsing records (0: one per CPU)")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "print nothing but errors (no progress bar)")
	f.BoolVar(&opts.Bulk, "bulk", true, "write a new (empty) bolt store in one pass, each bucket in key order; --bulk=false writes it transaction by transaction through Cayley")
	opts.Progress = true
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
	// batchQuads counts the quads of batch; storedQuads estimates the
	// store's size from what this run wrote (see batchFull).
	batchQuads, storedQuads int
	// bulk is the bulk load of a new store, until it ends (endBulk).
	bulk *graph.Bulk
	// pipe is the pipeline of the running ingest (see pipeline).
	pipe     *pipe
	progress progress
}

func runIngest(ctx context.Context, opts *IngestOptions) error {
	if opts.Format != "" {
		if _, err := ingest.Lookup(opts.Format); err != nil {
			return err
		}
	}
	if opts.BatchSize < 0 {
		return usageError{errors.New("--batch must be 0 (adaptive) or more")}
	}
	r, err := newIngestRun(ctx, opts)
	if err != nil {
		return err
	}
	defer r.store.Close()
	if r.bulk != nil {
		defer gcSettings(200, bulkMemLimit)()
	} else {
		defer lessGC()()
	}
	if opts.Progress && !opts.Quiet {
		r.progress = newProgress(opts.Err, "ingest", inputsSize(opts.Inputs))
	}
	start := time.Now()
	err = r.pipeline(ctx, func(ctx context.Context) error {
		for _, in := range opts.Inputs {
			if err := r.input(ctx, in); err != nil {
				return err
			}
		}
		return nil
	})
	r.progress.Finish()
	if err != nil {
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

// lessGC makes the collector run less often during an ingest, whose live
// heap is bounded by the pipeline's queue and the batch (about 60 MB with
// 100 trials a batch): GOGC 200 took a sixth less CPU time than the
// default on 1,000 studies. A soft limit of 768 MiB keeps the heap in bounds whatever the
// input; GOGC and GOMEMLIMIT, when set, win. It returns the function
// restoring the settings.
func lessGC() func() { return gcSettings(200, 768<<20) }

// bulkMemLimit is the soft memory limit of a bulk load, which keeps a
// table of every node it has written (about 40 bytes a node; 600k
// synthetic studies have 23M nodes). With the ingest's 768 MiB the
// collector ran without a break past 400k studies, taking over half the
// CPU time (perf: runtime.scanSpan, gcDrain); 1.5 GiB leaves the program
// under 2 GB.
const bulkMemLimit = 1536 << 20

// gcSettings sets the collector's percentage and soft memory limit for the
// duration of a command, unless the user set GOGC or GOMEMLIMIT; the
// returned function restores the previous settings.
func gcSettings(percent int, limit int64) func() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	oldLimit := debug.SetMemoryLimit(limit)
	oldPct := debug.SetGCPercent(percent)
	return func() {
		debug.SetGCPercent(oldPct)
		debug.SetMemoryLimit(oldLimit)
	}
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
			graph.Redact(opts.DB), len(rec), strings.Join(rec, " "))
	}
	r := &ingestRun{opts: opts, store: st, builder: graph.NewBuilder(opts.Base)}
	// The adaptive batch follows the store's size (batchFull): what it
	// holds already, where it keeps a count (bolt's is exact and costs a
	// key read; PostgreSQL keeps none), and then what this run writes.
	if s, err := st.QS.Stats(ctx, false); err == nil && s.Quads.Exact && s.Quads.Size > 0 {
		r.storedQuads = int(s.Quads.Size)
	}
	if opts.Bulk && r.storedQuads == 0 {
		b, err := st.BeginBulk(ctx)
		switch {
		case err == nil:
			r.bulk = b
		case !errors.Is(err, graph.ErrNoBulk):
			st.Close()
			return nil, err
		}
	}
	return r, nil
}

// input ingests one command-line argument.
func (r *ingestRun) input(ctx context.Context, in string) error {
	if in == "-" {
		return r.file(ctx, "-", r.opts.In, false)
	}
	info, err := os.Stat(in)
	if err != nil {
		return r.report(ctx, result{err: err})
	}
	if !info.IsDir() {
		return r.path(ctx, in, false)
	}
	var files []string
	err = filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return r.report(ctx, result{err: err})
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
// A zip archive (by extension or content) is read entry by entry.
func (r *ingestRun) path(ctx context.Context, name string, walked bool) error {
	f, err := os.Open(name)
	if err != nil {
		return r.report(ctx, result{err: err})
	}
	defer f.Close()
	if isZip(f, name) {
		info, err := f.Stat()
		if err != nil {
			return r.report(ctx, result{err: err})
		}
		return r.zip(ctx, name, f, info.Size())
	}
	return r.file(ctx, name, r.progress.Reader(f), walked)
}

// isZip reports whether name is a zip archive: named *.zip or starting
// with a zip signature.
func isZip(f io.ReaderAt, name string) bool {
	if strings.EqualFold(filepath.Ext(name), ".zip") {
		return true
	}
	var head [4]byte
	n, _ := f.ReadAt(head[:], 0)
	return n == 4 && (string(head[:]) == "PK\x03\x04" || string(head[:]) == "PK\x05\x06")
}

// zip ingests the entries of an archive. Each entry is read into memory
// (bounded by bulkzip's limits) and parsed by a worker, so entries are
// parsed in parallel and stored in archive order. Entries that no reader
// recognises are skipped with a notice.
func (r *ingestRun) zip(ctx context.Context, name string, f io.ReaderAt, size int64) error {
	err := bulkzip.Walk(r.progress.ReaderAt(f), size, bulkzip.Limits{}, func(entry string, body io.Reader) error {
		full := name + "!" + entry
		b, err := io.ReadAll(body)
		if err != nil {
			return r.report(ctx, result{err: inArchive(name, err), file: true})
		}
		return r.emit(ctx, func() []result { return r.parse(full, b, true) })
	})
	if err != nil && ctx.Err() == nil && !errors.Is(err, errStopped) {
		return r.report(ctx, result{err: inArchive(name, err)})
	}
	return err
}

// inArchive names the archive in an error of bulkzip, whose errors carry
// the entry as Path: archive.zip!NCT00000001.json.
func inArchive(archive string, err error) error {
	var pe *ingest.ParseError
	if errors.As(err, &pe) && pe.File == "" {
		c := *pe
		c.File = archive
		if c.Path != "" {
			c.File += "!" + c.Path
			c.Path = ""
		}
		return &c
	}
	return fmt.Errorf("%s: %w", archive, err)
}

// file ingests one input: the reader parses it in this goroutine and the
// workers build the graphs of its records.
func (r *ingestRun) file(ctx context.Context, name string, in io.Reader, walked bool) error {
	rd, err := ingest.Open(in, name, r.opts.Format)
	if err != nil {
		return r.report(ctx, r.openFailed(name, err, walked))
	}
	if err := r.report(ctx, result{file: true}); err != nil {
		return err
	}
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
			if err := r.report(ctx, result{err: err}); err != nil {
				return err
			}
			continue
		}
		if err := r.emit(ctx, func() []result { return []result{r.build(name, s)} }); err != nil {
			return err
		}
	}
}

// openFailed is the result of an input no reader could open: skipped with
// a notice when it was met while walking a directory or an archive and no
// format was forced, an error otherwise.
func (r *ingestRun) openFailed(name string, err error, walked bool) result {
	if walked && r.opts.Format == "" && errors.Is(err, ingest.ErrUnknownFormat) {
		return result{skip: name}
	}
	return result{err: err, file: true}
}

// parse reads every record of one input held in memory; it runs on a
// worker.
func (r *ingestRun) parse(name string, in []byte, walked bool) []result {
	rd, err := openBytes(in, name, r.opts.Format)
	if err != nil {
		return []result{r.openFailed(name, err, walked)}
	}
	out := []result{{file: true}}
	for {
		s, err := rd.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out = append(out, result{err: err})
			continue
		}
		out = append(out, r.build(name, s))
	}
}

// openBytes is ingest.Open of an input held in memory: it sniffs the bytes
// themselves rather than through a 64 KiB read buffer per input, which on
// a bulk archive of small entries is most of what the sniffing allocates.
func openBytes(b []byte, name, format string) (ingest.Reader, error) {
	if format != "" {
		return ingest.Open(bytes.NewReader(b), name, format)
	}
	head := b[:min(len(b), ingest.SniffSize)]
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, &ingest.ParseError{File: name, Line: 1, Err: ingest.ErrEmpty}
	}
	f, err := ingest.Sniff(head)
	if err != nil {
		return nil, &ingest.ParseError{File: name, Line: 1, Err: err}
	}
	return f.New(bytes.NewReader(b), name), nil
}

// build validates a study and turns it into its trial graph.
func (r *ingestRun) build(name string, s *trial.Study) result {
	if err := s.Validate(); err != nil {
		return result{err: &ingest.ParseError{File: name, Err: err}}
	}
	qs, err := r.builder.Records([]*trial.Study{s})
	if err != nil {
		return result{err: &ingest.ParseError{File: name, Err: err}}
	}
	return result{graph: &graph.TrialGraph{
		NCTID:    s.NCTID,
		Label:    r.builder.GraphIRI(s.NCTID),
		Quads:    qs,
		Rank:     graph.Rank(s),
		Distinct: true,
		Record:   s,
		Build:    r.builder.Records,
	}}
}

// fail reports an error; it returns the error itself only in strict mode.
func (r *ingestRun) fail(err error) error {
	r.errs++
	r.progress.Clear()
	fmt.Fprintln(r.opts.Err, err)
	if r.opts.Strict {
		return errPartial
	}
	return nil
}

// addStats counts what a write changed.
func (r *ingestRun) addStats(st graph.ReplaceStats) {
	r.stats.Trials += st.Trials
	r.stats.Added += st.Added
	r.stats.Removed += st.Removed
	r.stats.Unchanged += st.Unchanged
	r.stats.Kept += st.Kept
	r.progress.Trials(r.stats.Trials)
}

// endBulk ends the bulk load, making what it wrote the store's; later
// trials go through ReplaceTrials.
func (r *ingestRun) endBulk(ctx context.Context) error {
	b := r.bulk
	r.bulk = nil
	b.Phase = func(s string) { r.progress.Describe(fmt.Sprintf("ingest: %d trials, writing %s", r.stats.Trials, s)) }
	if err := b.Finish(context.WithoutCancel(ctx)); err != nil {
		r.stats = graph.ReplaceStats{}
		return err
	}
	r.storedQuads += int(b.Quads())
	return nil
}

func (r *ingestRun) flush(ctx context.Context) error {
	if r.bulk != nil {
		return r.endBulk(ctx)
	}
	if len(r.batch) == 0 {
		return nil
	}
	st, err := r.store.ReplaceTrials(ctx, r.batch)
	clear(r.batch)
	r.batch = r.batch[:0]
	r.batchQuads = 0
	r.storedQuads += st.Added - st.Removed
	r.addStats(st)
	return err
}

// The ingest pipeline. The goroutine running the inputs (the producer)
// reads files and archive entries and hands each piece of work, in input
// order, to a pool of workers that parse records and build their graphs,
// and to the writer, which takes the results in that same order: it
// reports errors and notices, counts, and writes the graphs to the store in
// batches. Parsing thus overlaps the store's writes, the output does not
// depend on the number of workers, and memory is bounded by the queue
// length, whatever the size of the input.

// result is one outcome of the work on an input, in input order.
type result struct {
	graph *graph.TrialGraph // a record to store
	err   error             // a record or input that failed
	skip  string            // an input skipped as not a trial record
	file  bool              // an input was opened (counted in the summary)
}

// unit is one piece of work; done is closed once res is set.
type unit struct {
	work func() []result
	res  []result
	done chan struct{}
}

type pipe struct {
	order  chan *unit // every unit, in input order, to the writer
	jobs   chan *unit // units with work, to the workers
	cancel context.CancelFunc
}

// errStopped stops the producer once the writer has stopped.
var errStopped = errors.New("ingest stopped")

// pipeline runs produce, which calls r.emit and r.report, with workers and
// the writer running beside it, and returns once everything produced is
// written or the first fatal error (or, with --strict, the first bad
// record). The batch is flushed at the end.
func (r *ingestRun) pipeline(ctx context.Context, produce func(ctx context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := r.opts.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	p := &pipe{
		order:  make(chan *unit, 4*workers+16),
		jobs:   make(chan *unit),
		cancel: cancel,
	}
	r.pipe = p
	defer func() { r.pipe = nil }()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for u := range p.jobs {
				u.res = u.work()
				close(u.done)
			}
		})
	}
	written := make(chan error, 1)
	go func() { written <- r.write(ctx, p) }()

	perr := produce(ctx)
	close(p.jobs)
	close(p.order)
	werr := <-written
	wg.Wait()
	switch {
	case werr != nil:
		return werr
	case perr != nil && !errors.Is(perr, errStopped):
		return perr
	}
	return nil
}

// write is the writer: it takes units in order until the queue is closed,
// reporting and batching their results.
func (r *ingestRun) write(ctx context.Context, p *pipe) error {
	fatal := func(err error) error {
		p.cancel()
		for range p.order { // let the producer finish
		}
		return err
	}
	for u := range p.order {
		select {
		case <-u.done:
		case <-ctx.Done():
			if err := r.flush(context.WithoutCancel(ctx)); err != nil {
				return fatal(err)
			}
			return fatal(ctx.Err())
		}
		for _, res := range u.res {
			if err := r.take(ctx, res); err != nil {
				if ferr := r.flush(context.WithoutCancel(ctx)); ferr != nil {
					return fatal(ferr)
				}
				return fatal(err)
			}
		}
	}
	return r.flush(ctx)
}

// Bounds of the adaptive batch, in quads, and the store size (quads) from
// which it is the lower bound again.
const (
	minBatchQuads   = 20_000
	maxBatchQuads   = 50_000
	largeStoreQuads = 12_000_000
)

// batchFull reports whether the batch is to be written. With --batch N it
// holds N trials. Otherwise its size follows the store's: a bolt
// transaction costs time per page it touches, so while the store is small
// (few leaf pages, each taking many keys) small transactions are cheapest,
// and once it is large, large ones, which touch each page for more keys
// and commit less often. Measured on synthetic archives: 100 trials per
// transaction beat 200 and 1,000 on 1,000 studies, and 400 beat 100 on
// 10,000. The batch is a quarter of the quads written so far, between
// 20,000 and 50,000 quads (about 90 to 225 trials). The ceiling bounds
// memory: adding 3,000 studies to a 100,000-study store took 96 s and 1.33
// GB of heap with 200,000-quad batches, 96 s and 0.85 GB with 50,000 and
// 88 s and 0.68 GB with 10,000; on a 10,000-study archive 50,000 costs 7 %
// (79 s against 74 s).
//
// A large store turns this round again: adding 3,000 studies (about
// 660,000 quads) to stores of 10k, 30k, 100k and 118k studies, in
// batches of 225 trials (about 50,000 quads) and of 90 (about 20,000),
// took 37-44 s against 44-56 s at 10k and 39-41 s against 44-48 s at
// 30k (6.6M quads), but 83-88 s against 67-69 s at 100k (22M quads; heap
// 830 MB against 675 MB) and 91-98 s against 63 s at 118k (26M quads;
// 900 MB against 665 MB), where batches of 45 and 20 trials took 71-74 s
// and 83 s. A commit there touches a page for nearly every key it
// writes, so a large batch amortises nothing and holds more pages at
// once. From largeStoreQuads on, the batch is minBatchQuads.
func (r *ingestRun) batchFull() bool {
	if r.opts.BatchSize > 0 {
		return len(r.batch) >= r.opts.BatchSize
	}
	limit := min(max(r.storedQuads/4, minBatchQuads), maxBatchQuads)
	if r.storedQuads >= largeStoreQuads {
		limit = minBatchQuads
	}
	return r.batchQuads >= limit
}

// take handles one result in the writer.
func (r *ingestRun) take(ctx context.Context, res result) error {
	if res.file {
		r.files++
	}
	switch {
	case res.err != nil:
		return r.fail(res.err)
	case res.skip != "":
		r.skipped++
		if !r.opts.Quiet {
			r.progress.Clear()
			fmt.Fprintf(r.opts.Err, "%s: skipped: not a trial record in a known format\n", res.skip)
		}
	case res.graph != nil:
		r.studies++
		if r.bulk != nil {
			st, ok, err := r.bulk.Add(*res.graph)
			if err != nil {
				r.bulk.Abort()
				r.bulk = nil
				r.stats = graph.ReplaceStats{}
				return err
			}
			if ok {
				r.addStats(st)
				return nil
			}
			// The trial was written already: its graphs are merged
			// by ReplaceTrials, on the store the bulk load made.
			if err := r.endBulk(ctx); err != nil {
				return err
			}
		}
		r.batch = append(r.batch, *res.graph)
		r.batchQuads += len(res.graph.Quads)
		if r.batchFull() {
			return r.flush(ctx)
		}
	}
	return nil
}

// emit queues work for the workers; its results reach the writer in the
// order emit was called.
func (r *ingestRun) emit(ctx context.Context, work func() []result) error {
	u := &unit{work: work, done: make(chan struct{})}
	if err := r.enqueue(ctx, u); err != nil {
		return err
	}
	select {
	case r.pipe.jobs <- u:
		return nil
	case <-ctx.Done():
		return errStopped
	}
}

// report queues a result known without work, in order with emitted work.
func (r *ingestRun) report(ctx context.Context, res result) error {
	u := &unit{res: []result{res}, done: make(chan struct{})}
	close(u.done)
	return r.enqueue(ctx, u)
}

func (r *ingestRun) enqueue(ctx context.Context, u *unit) error {
	select {
	case r.pipe.order <- u:
		return nil
	case <-ctx.Done():
		return errStopped
	}
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
		err := r.pipeline(ctx, func(ctx context.Context) error {
			return r.file(ctx, file, bytes.NewReader(body), false)
		})
		if err != nil {
			return err
		}
		if r.errs > errs {
			return fmt.Errorf("%s: %d records could not be read", file, r.errs-errs)
		}
		return nil
	}
	return runFetch(ctx, o)
}
