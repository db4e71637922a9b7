package main

import (
	"context"
	"io"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ingest/nquads"
)

// graphs ingests the trial graphs of an N-Quads export as they are: each
// replaces the stored graph of its trial, ranked by its source record
// like a graph built from the record itself, so that an export read back
// into an empty store gives the same store.
func (r *ingestRun) graphs(ctx context.Context, gr nquads.GraphReader) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		label, qs, err := gr.ReadGraph()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if err := r.report(ctx, result{err: err}); err != nil {
				return err
			}
			continue
		}
		tg := &graph.TrialGraph{
			NCTID: nquads.NCTID(label),
			Label: label,
			Quads: qs,
			Rank:  graph.StoredRank(qs),
		}
		if err := r.report(ctx, result{graph: tg}); err != nil {
			return err
		}
	}
}
