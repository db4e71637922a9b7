// Command rawload is the baseline of trialgraph's ingest benchmark: it loads
// an N-Quads file into a fresh store the way the stock cayley load command
// does — Cayley's "single" quad writer fed by quad.CopyBatch in batches of
// quad.DefaultBatch (10,000) quads, duplicates ignored — with nothing of
// trialgraph's own work (parsing trial records, building graphs, replacing
// trials). The store is opened by graph.Open, so it has exactly the bolt
// settings (or the PostgreSQL schema) of a trialgraph store.
//
//	rawload -db /tmp/raw.db trials.nq
//	rawload -db postgres://u:p@127.0.0.1:5432/db?sslmode=disable trials.nq
//
// It prints one line: quads, seconds and quads per second. With -dump it
// writes a store's quads as N-Quads instead, in constant memory.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/writer" // registers the "single" quad writer
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	tgraph "github.com/trialgraph/trialgraph/graph"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rawload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "store directory (must not exist yet) or postgres:// URL")
	batch := fs.Int("batch", quad.DefaultBatch, "quads per transaction")
	dump := fs.String("dump", "", "instead of loading, write the quads of this trialgraph store as N-Quads (store order, constant memory) to FILE")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dump != "" {
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "usage: rawload -dump DIR|URL FILE.nq")
			return 2
		}
		if err := dumpStore(ctx, *dump, fs.Arg(0)); err != nil {
			fmt.Fprintln(stderr, "rawload:", err)
			return 1
		}
		return 0
	}
	if *db == "" || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: rawload -db DIR|URL FILE.nq")
		return 2
	}
	n, d, err := load(ctx, *db, fs.Arg(0), *batch)
	if err != nil {
		fmt.Fprintln(stderr, "rawload:", err)
		return 1
	}
	fmt.Fprintf(stdout, "loaded %d quads in %.2fs: %.0f quads/s\n", n, d.Seconds(), float64(n)/d.Seconds())
	return 0
}

// load copies the N-Quads file into the store at db and returns the
// number of quads read and the time taken, store opening included.
func load(ctx context.Context, db, file string, batch int) (int, time.Duration, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	start := time.Now()
	st, err := tgraph.Open(ctx, db, tgraph.Options{})
	if err != nil {
		return 0, 0, err
	}
	defer st.Close()
	qw, err := graph.NewQuadWriter("single", st.QS, graph.Options{"ignore_duplicate": true, "ignore_missing": true})
	if err != nil {
		return 0, 0, err
	}
	w := &counter{w: graph.NewWriter(qw)}
	if _, err := quad.CopyBatch(w, nquads.NewReader(bufio.NewReaderSize(f, 1<<20), false), batch); err != nil {
		return w.n, 0, err
	}
	if err := w.w.Close(); err != nil {
		return w.n, 0, err
	}
	if err := qw.Close(); err != nil {
		return w.n, 0, err
	}
	return w.n, time.Since(start), nil
}

// dumpStore writes every quad of the store at db to file as N-Quads, in
// store order, without holding them in memory (trialgraph export sorts, so
// it holds the whole store). The source records trialgraph keeps in each
// trial's graph (graph.Hidden), which exports leave out, are written too:
// the raw load then writes what ingest wrote.
func dumpStore(ctx context.Context, db, file string) error {
	st, err := tgraph.Open(ctx, db, tgraph.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := nquads.NewWriter(bw)
	err = st.EachStoredQuad(ctx, w.WriteQuad)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

type counter struct {
	w graph.BatchWriter
	n int
}

func (c *counter) WriteQuads(qs []quad.Quad) (int, error) {
	n, err := c.w.WriteQuads(qs)
	c.n += n
	return n, err
}
