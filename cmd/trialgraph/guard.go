package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/trialgraph/trialgraph/graph"
)

// openExportStore opens the store for export after checking that the
// output file is not part of it.
func openExportStore(ctx context.Context, opts *ExportOptions) (*graph.Store, error) {
	if err := checkOutput(opts.Output, opts.DB); err != nil {
		return nil, err
	}
	return graph.Open(ctx, opts.DB, graph.Options{ReadOnly: true})
}

// checkOutput refuses an output file that would replace a file of the
// store in db: one inside the store's directory, or another name (a link)
// of one of its files. The export's temporary file is renamed over the
// output, so either would destroy the store the export reads.
func checkOutput(output, db string) error {
	if output == "" || output == "-" {
		return nil
	}
	store, err := os.Stat(db)
	if err != nil {
		return nil // no store: opening it says so
	}
	if dir, err := os.Stat(filepath.Dir(output)); err == nil && os.SameFile(dir, store) {
		return usageError{fmt.Errorf("output %s is inside the store directory %s: exporting there would overwrite the store; choose another file", output, db)}
	}
	out, err := os.Stat(output)
	if err != nil {
		return nil
	}
	entries, _ := os.ReadDir(db)
	for _, e := range entries {
		if fi, err := os.Stat(filepath.Join(db, e.Name())); err == nil && os.SameFile(fi, out) {
			return usageError{fmt.Errorf("output %s is the store's file %s: exporting there would overwrite the store; choose another file", output, filepath.Join(db, e.Name()))}
		}
	}
	return nil
}
