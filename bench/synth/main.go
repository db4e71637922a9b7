// Command synth writes a synthetic ClinicalTrials.gov bulk archive: a zip
// with one API v2 JSON study per entry (NCT0xxxxxxx.json), shaped like the
// registry's ctg-studies.json.zip, for benchmarks and scale tests.
//
//	go run ./bench/synth -n 600000 -seed 1 -o corpus.zip
//
// Records follow the shapes and value distributions of the real records in
// the corpus (see dist.go and gen_pools.py): numbers of sites, officials,
// outcomes, arms and references, enum values, missing fields, names with
// accents and Han characters. Sites, sponsors and investigators come from
// shared pools with Zipf popularity, so one hospital appears in many
// studies. A fraction of studies (-msc-fraction) are mesenchymal stem cell
// trials with varied cell sources. The output is a function of the flags
// only: the same seed gives the same bytes.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts options
	var out string
	fs.IntVar(&opts.n, "n", 10000, "number of studies")
	fs.Uint64Var(&opts.seed, "seed", 1, "random seed; the same seed gives the same archive")
	fs.StringVar(&out, "o", "corpus.zip", `output zip file, "-" for standard output`)
	fs.Float64Var(&opts.mscFraction, "msc-fraction", 0.01, "fraction of mesenchymal stem cell trials")
	fs.IntVar(&opts.sites, "sites", 40000, "size of the shared site pool")
	fs.IntVar(&opts.sponsors, "sponsors", 6000, "size of the shared sponsor pool")
	fs.IntVar(&opts.level, "level", 1, "deflate level, 1 (fastest) to 9; the registry's own archive uses 6")
	fs.BoolVar(&opts.indent, "indent", false, "pretty-print each study (two-space indent), as the single-study downloads are")
	fs.IntVar(&opts.workers, "workers", 0, "generating goroutines (0: one per CPU)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "synth: unexpected arguments %q\n", fs.Args())
		return 2
	}
	start := time.Now()
	var w io.Writer = stdout
	var f *os.File
	if out != "-" {
		var err error
		if f, err = os.Create(out); err != nil {
			fmt.Fprintln(stderr, "synth:", err)
			return 1
		}
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	st, err := writeArchive(ctx, bw, opts)
	if err == nil {
		err = bw.Flush()
	}
	var size int64
	if f != nil {
		if fi, serr := f.Stat(); serr == nil {
			size = fi.Size()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "synth:", err)
		return 1
	}
	el := time.Since(start)
	fmt.Fprintf(stderr, "synth: %d studies (%d MSC), %d shared sites, seed %d: %.1f MB JSON, %.1f MB zip -> %s in %.1fs (%.0f studies/s)\n",
		st.studies, st.msc, st.sites, opts.seed, float64(st.uncompressed)/1e6, float64(size)/1e6, out, el.Seconds(), float64(st.studies)/el.Seconds())
	return 0
}
