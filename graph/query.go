package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/query"
	_ "github.com/cayleygraph/cayley/query/gizmo"   // registers gizmo
	_ "github.com/cayleygraph/cayley/query/graphql" // registers graphql
	_ "github.com/cayleygraph/cayley/query/mql"     // registers mql
)

// ErrQueryTimeout is returned when a query runs past its time limit.
var ErrQueryTimeout = errors.New("query time limit reached")

// QueryOptions configure Query.
type QueryOptions struct {
	Lang    string        // "gizmo" (default), "graphql" or "mql"
	Limit   int           // results at most; 0 means no limit
	Timeout time.Duration // 0 means none
}

// Languages lists the query languages the store answers.
func Languages() []string { return query.Languages() }

// Query runs a query and returns its results as JSON-ready values: strings
// for IRIs and literals' lexical forms, maps for tagged results.
func (s *Store) Query(ctx context.Context, q string, opts QueryOptions) ([]any, error) {
	lang := opts.Lang
	if lang == "" {
		lang = "gizmo"
	}
	if query.GetLanguage(lang) == nil {
		return nil, fmt.Errorf("unknown query language %q (valid: %s)", lang, strings.Join(query.Languages(), ", "))
	}
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	it, err := query.Execute(ctx, s.QS, lang, q, query.Options{Collation: query.JSON, Limit: opts.Limit})
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer it.Close()
	out := []any{}
	for it.Next(ctx) {
		r := it.Result()
		if r == nil {
			continue
		}
		out = append(out, r)
		if opts.Limit > 0 && len(out) >= opts.Limit {
			break
		}
	}
	if err := it.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return out, fmt.Errorf("%w (%s)", ErrQueryTimeout, opts.Timeout)
		}
		return out, fmt.Errorf("query: %w", err)
	}
	return out, nil
}
