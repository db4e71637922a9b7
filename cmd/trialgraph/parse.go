package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/ingest"
)

// ParseOptions are the settings of trialgraph parse.
type ParseOptions struct {
	IO
	Inputs []string
	Format string
}

func newCmdParse(io IO) *cobra.Command {
	opts := &ParseOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "parse [flags] FILE|- ...",
		Short: "Print the studies read from files as JSON, without a store",
		Long: `Parse reads records like ingest does and prints each study as the JSON of
trialgraph's trial model, one object per study, for checking what a reader
makes of an input. Nothing is stored.`,
		Example: `  trialgraph parse testdata/seeds/000_e6ef2a133a887bd4.txt
  trialgraph parse --format ctgov-json - < study.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			return runParse(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "", "input format (default: sniffed)")
	return cmd
}

func runParse(ctx context.Context, opts *ParseOptions) error {
	enc := json.NewEncoder(opts.Out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	failed := false
	for _, name := range opts.Inputs {
		var in io.Reader = opts.In
		if name != "-" {
			f, err := os.Open(name)
			if err != nil {
				fmt.Fprintln(opts.Err, err)
				failed = true
				continue
			}
			defer f.Close()
			in = f
		}
		r, err := ingest.Open(in, name, opts.Format)
		if err != nil {
			if errors.Is(err, ingest.ErrUnknownFormat) && opts.Format != "" {
				return err
			}
			fmt.Fprintln(opts.Err, err)
			failed = true
			continue
		}
		for {
			s, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				fmt.Fprintln(opts.Err, err)
				failed = true
				continue
			}
			if err := enc.Encode(s); err != nil {
				return err
			}
		}
	}
	if failed {
		return errPartial
	}
	return nil
}
