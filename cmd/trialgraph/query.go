package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/graph"
)

// QueryOptions are the settings of trialgraph query.
type QueryOptions struct {
	IO
	DB      string
	Query   string
	Lang    string
	Format  string
	Limit   int
	Timeout time.Duration
}

func newCmdQuery(io IO) *cobra.Command {
	opts := &QueryOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "query [flags] QUERY|-",
		Short: "Run a Gizmo (or GraphQL, MQL) query against the store",
		Long: `Query runs one query against the store and prints the results, by default as a
JSON array. IRIs are written in angle brackets, as Gizmo expects them. A query
that runs past --timeout is stopped.`,
		Example: `  # sites running umbilical-cord MSC trials
  trialgraph query --db ./trialgraph.db 'g.V("<https://w3id.org/trialgraph/id/cell-source/umbilical-cord>").In("<https://w3id.org/trialgraph/vocab#cellSource>").Out("<https://w3id.org/trialgraph/vocab#site>").Out("<http://schema.org/name>").All()'
  # as a table, tagged results become columns
  trialgraph query --format table 'g.V().Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/trialgraph/vocab#Trial>").Tag("trial").Out("<http://schema.org/name>").Tag("title").All()'
  echo 'g.V().Limit(3).All()' | trialgraph query -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query = args[0]
			return runQuery(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.DB, "db", "./trialgraph.db", "store directory")
	f.StringVar(&opts.Lang, "lang", "gizmo", "query language: gizmo, graphql or mql")
	f.StringVar(&opts.Format, "format", "json", "output: json or table")
	f.IntVar(&opts.Limit, "limit", 0, "print at most this many results (0: all)")
	f.DurationVar(&opts.Timeout, "timeout", 30*time.Second, "stop the query after this long")
	return cmd
}

func runQuery(ctx context.Context, opts *QueryOptions) error {
	if opts.Format != "json" && opts.Format != "table" {
		return usageError{fmt.Errorf("unknown output format %q (valid: json, table)", opts.Format)}
	}
	q := opts.Query
	if q == "-" {
		b, err := io.ReadAll(io.LimitReader(opts.In, 1<<20))
		if err != nil {
			return err
		}
		q = string(b)
	}
	// The query runs in a worker process: a query that crashes the engine
	// cannot take this process down with it.
	pool, err := newQueryPool(ctx, opts.DB, 1)
	if err != nil {
		return err
	}
	defer pool.Close()
	res, err := pool.Query(ctx, q, graph.QueryOptions{Lang: opts.Lang, Limit: opts.Limit, Timeout: opts.Timeout})
	if err != nil {
		return err
	}
	if opts.Format == "table" {
		return writeTable(opts.Out, res)
	}
	enc := json.NewEncoder(opts.Out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// writeTable prints results as aligned columns: one per tag for tagged
// results, a single "result" column otherwise.
func writeTable(w io.Writer, res []any) error {
	colSet := map[string]bool{}
	for _, r := range res {
		if m, ok := r.(map[string]any); ok {
			for k := range m {
				colSet[k] = true
			}
		}
	}
	var cols []string
	for k := range colSet {
		cols = append(cols, k)
	}
	sort.Strings(cols)
	if len(cols) == 0 {
		cols = []string{"result"}
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(cols, "\t"))
	for _, r := range res {
		row := make([]string, len(cols))
		if m, ok := r.(map[string]any); ok && cols[0] != "result" || ok && len(m) > 0 {
			for i, c := range cols {
				row[i] = cell(m[c])
			}
		} else {
			row[0] = cell(r)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	fmt.Fprintf(tw, "(%d rows)\n", len(res))
	return tw.Flush()
}

func cell(v any) string {
	if v == nil {
		return ""
	}
	s := fmt.Sprint(v)
	s = strings.NewReplacer("\t", " ", "\n", " ").Replace(s)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}
