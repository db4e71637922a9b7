package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/graph"
)

// NamedOptions are the settings of the named-query verbs (sites, trials,
// investigators, sponsors, outcomes, cell-sources).
type NamedOptions struct {
	IO
	DB        string
	Query     graph.NamedQuery
	Params    graph.NamedParams
	Format    string // table, json or csv; "" picks table on a terminal, else json
	ShowQuery bool
	Timeout   time.Duration
}

// namedCommands returns the verbs that ask the graph: one per named query,
// serve, and the hidden query worker that query and serve run queries in.
// The root command adds all of them.
func namedCommands(io IO) []*cobra.Command {
	var cmds []*cobra.Command
	for _, n := range graph.NamedQueries() {
		if n.Name == "neighbourhood" { // for the web page; trials --format json covers the CLI
			continue
		}
		cmds = append(cmds, newCmdNamed(io, n))
	}
	return append(cmds, newCmdServe(io), newCmdWorker(io))
}

var namedExamples = map[string]string{
	"sites":         "  trialgraph sites --cell-source umbilical-cord\n  trialgraph sites --cell-source umbilical-cord --country CN --format csv",
	"trials":        "  trialgraph trials --cell-source umbilical-cord --phase 2\n  trialgraph trials --status completed --country China --sponsor 'beijing 302'",
	"investigators": "  trialgraph investigators --site huoshenshan",
	"sponsors":      "  trialgraph sponsors --cell-source umbilical-cord",
	"outcomes":      "  trialgraph outcomes --cell-source umbilical-cord --match 'PaO2'",
	"cell-sources":  "  trialgraph cell-sources",
}

var paramHelp = map[string]string{
	graph.ParamCellSource: "cell source slug, such as umbilical-cord (see trialgraph cell-sources)",
	graph.ParamCountry:    "country of the sites: ISO code (CN) or name",
	graph.ParamPhase:      "phase: 1, 2, PHASE2, EARLY_PHASE1, NA",
	graph.ParamStatus:     "overall status: recruiting, completed, \"not yet recruiting\", ...",
	graph.ParamSponsor:    "part of a lead sponsor's or collaborator's name, any case",
	graph.ParamSite:       "part of a site's name, any case, or the site's IRI",
	graph.ParamMatch:      "regular expression the outcome measure matches, any case",
	graph.ParamTrial:      "NCT number",
}

func newCmdNamed(io IO, n graph.NamedQuery) *cobra.Command {
	opts := &NamedOptions{IO: io, Query: n}
	vals := make([]string, len(n.Params))
	cmd := &cobra.Command{
		Use:     n.Name + " [flags]",
		Short:   strings.ToUpper(n.Short[:1]) + n.Short[1:],
		Long:    strings.ToUpper(n.Short[:1]) + n.Short[1:] + ".\n\nThe answer comes from one Gizmo query; --show-query prints it. Output is a\ntable on a terminal and JSON otherwise, unless --format says.",
		Example: namedExamples[n.Name],
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			for i, p := range n.Params {
				if err := opts.Params.Set(p, vals[i]); err != nil {
					return err
				}
			}
			return runNamed(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.DB, "db", "./trialgraph.db", "store directory")
	f.StringVar(&opts.Format, "format", "", "output: table, json or csv (default: table on a terminal, else json)")
	f.BoolVar(&opts.ShowQuery, "show-query", false, "print the Gizmo query and exit")
	f.DurationVar(&opts.Timeout, "timeout", 30*time.Second, "stop the query after this long")
	for i, p := range n.Params {
		f.StringVar(&vals[i], p, "", paramHelp[p])
	}
	return cmd
}

func runNamed(ctx context.Context, opts *NamedOptions) error {
	format := opts.Format
	if format == "" {
		format = "json"
		if isTerminal(opts.Out) {
			format = "table"
		}
	}
	if format != "table" && format != "json" && format != "csv" {
		return usageError{fmt.Errorf("unknown output format %q (valid: table, json, csv)", opts.Format)}
	}
	text, err := opts.Query.Text(opts.Params)
	if err != nil {
		return namedError(err)
	}
	if opts.ShowQuery {
		_, err := fmt.Fprintln(opts.Out, text)
		return err
	}
	// A named query runs in this process, not in a query worker as the
	// query verb's do: its text is the project's, built from checked
	// parameters, so it is not the malformed Gizmo that can end the
	// process; and in this process it can read a bolt store directly
	// (graph.Sites and the others), which a worker's text protocol
	// cannot carry.
	st, err := graph.Open(ctx, opts.DB, graph.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := opts.Query.Run(ctx, timed{st, opts.Timeout, 0}, opts.Params)
	if err != nil {
		return namedError(err)
	}
	return writeAnswer(opts.Out, format, a)
}

func namedError(err error) error {
	if errors.Is(err, graph.ErrBadParam) {
		return usageError{err}
	}
	return err
}

// timed runs queries with a time limit and a result limit.
type timed struct {
	q       graph.Querier
	timeout time.Duration
	limit   int
}

// GraphNodeIndex is the wrapped Querier's, if it tells.
func (t timed) GraphNodeIndex() bool {
	if ix, ok := t.q.(interface{ GraphNodeIndex() bool }); ok {
		return ix.GraphNodeIndex()
	}
	return true
}

// Unwrap returns the wrapped Querier, so that a named query can read a
// store it wraps directly; QueryTimeout gives such a read the time limit.
func (t timed) Unwrap() graph.Querier { return t.q }

func (t timed) QueryTimeout() time.Duration { return t.timeout }

func (t timed) Query(ctx context.Context, q string, opts graph.QueryOptions) ([]any, error) {
	if opts.Timeout == 0 {
		opts.Timeout = t.timeout
	}
	if opts.Limit == 0 {
		opts.Limit = t.limit
	}
	return t.q.Query(ctx, q, opts)
}

func writeAnswer(w io.Writer, format string, a *graph.Answer) error {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(a.Columns)
		cw.WriteAll(a.Cells)
		return cw.Error()
	case "table":
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, strings.ToUpper(strings.Join(a.Columns, "\t")))
		for _, r := range a.Cells {
			row := make([]string, len(r))
			for i, c := range r {
				row[i] = cell(c)
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		fmt.Fprintf(tw, "(%d rows)\n", len(a.Cells))
		return tw.Flush()
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(a.Rows)
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
