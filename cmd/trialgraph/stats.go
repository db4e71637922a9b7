package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/graph"
)

// StatsOptions are the settings of trialgraph stats.
type StatsOptions struct {
	IO
	DB     string
	Format string
}

func newCmdStats(io IO) *cobra.Command {
	opts := &StatsOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "stats [flags]",
		Short: "Count the store's nodes by kind and list the most connected sites, sponsors and investigators",
		Long: `Stats reads the store once and prints how many trials, organisations, people,
sites, countries, cell sources, conditions, outcome measures, arms,
interventions, references and source records it holds, and the ten sites,
sponsors (lead sponsor or collaborator) and investigators (principal
investigator, sub-investigator, study chair or director) with the most
trials; ties are ordered by name.`,
		Example: `  trialgraph stats --db ./trialgraph.db
  trialgraph stats --db ./trialgraph.db --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runStats(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.DB, "db", "./trialgraph.db", "store directory")
	f.StringVar(&opts.Format, "format", "table", "output: table or json")
	return cmd
}

func runStats(ctx context.Context, opts *StatsOptions) error {
	if opts.Format != "table" && opts.Format != "json" {
		return usageError{fmt.Errorf("unknown output format %q (valid: table, json)", opts.Format)}
	}
	st, err := graph.Open(ctx, opts.DB, graph.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	if opts.Format == "json" {
		enc := json.NewEncoder(opts.Out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	return writeStatsTable(opts.Out, s)
}

func writeStatsTable(w io.Writer, s *graph.Stats) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NODES\tCOUNT")
	for _, c := range s.Counts {
		fmt.Fprintf(tw, "%s\t%d\n", c.Kind, c.Count)
	}
	fmt.Fprintf(tw, "(quads)\t%d\n", s.Quads)
	for _, l := range []struct {
		title string
		rows  []graph.Ranked
	}{{"SITES", s.TopSites}, {"SPONSORS", s.TopSponsors}, {"INVESTIGATORS", s.TopInvestigators}} {
		fmt.Fprintf(tw, "\nTOP %s\tTRIALS\tIRI\n", l.title)
		for _, r := range l.rows {
			fmt.Fprintf(tw, "%s\t%d\t%s\n", r.Name, r.Trials, r.IRI)
		}
	}
	return tw.Flush()
}
