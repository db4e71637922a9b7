// Command qprof runs one Gizmo query or named query against a store in this
// process, or reads the store as the export does, optionally writing a CPU
// profile; it is how the figures of the bench are examined.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/graph"
)

func main() {
	db := flag.String("db", "trialgraph.db", "store")
	named := flag.String("named", "", "named query to run")
	cs := flag.String("cell-source", "", "cell source parameter")
	prof := flag.String("cpuprofile", "", "write a CPU profile here")
	each := flag.Bool("each-subject", false, "read the whole store as the export does (EachSubject), instead of a query")
	flag.Parse()
	ctx := context.Background()
	s, err := graph.Open(ctx, *db, graph.Options{ReadOnly: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer s.Close()
	if *prof != "" {
		f, _ := os.Create(*prof)
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	if *each {
		n := 0
		err := s.EachSubject(ctx, graph.Selection{}, func(qs []quad.Quad) error { n += len(qs); return nil })
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%d triples in %v\n", n, time.Since(start))
		return
	}
	if *named != "" {
		nq, err := graph.LookupNamed(*named)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		a, err := nq.Run(ctx, s, graph.NamedParams{CellSource: *cs})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%d rows in %v\n", len(a.Cells), time.Since(start))
		return
	}
	res, err := s.Query(ctx, flag.Arg(0), graph.QueryOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%d results in %v\n", len(res), time.Since(start))
}
