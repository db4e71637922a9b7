package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/ingest/ctgovapi"
)

// FetchOptions are the flags of `trialgraph fetch`.
type FetchOptions struct {
	Cond, Term, Intr, Locn, Spons string // query.* search areas
	Status                        string // filter.overallStatus, comma-separated
	Since                         string // last update posted on or after, YYYY-MM-DD
	Params                        []string
	PageSize                      int
	Rate                          int // requests per minute
	BaseURL                       string
	Out                           string
	Resume                        bool
	MaxPages                      int // pages to fetch in this run, 0 for all

	DoIngest bool   // --ingest: also ingest every fetched page into the store
	DB       string // --db: the store for --ingest
	// Ingest is called with each saved page file and its body when DoIngest
	// is set, before the fetch state moves past the page. The code that owns
	// the store sets it (in the runF it passes to newCmdFetch); runFetch
	// refuses --ingest while it is nil.
	Ingest func(ctx context.Context, file string, body []byte) error

	Stderr io.Writer    // progress and summary
	HTTP   *http.Client // nil for the default client
}

const fetchLong = `Fetch study records live from the ClinicalTrials.gov API v2 (GET
/api/v2/studies) and save each page of results, as received, under --out:

  DIR/page-00001.json     {"studies": [...], "nextPageToken": "..."}
  DIR/page-00002.json     ...
  DIR/fetch-state.json    the query and the token of the next page

Pages and the state are written atomically, the state after each page, so an
interrupted fetch (Ctrl-C, network failure, --max-pages) continues where it
stopped when the same command is run again. A state saved for another query
is refused: use another --out directory, or --resume=false to start over
(which deletes the page files and state in DIR first).

The search flags map to API parameters: --cond query.cond, --term
query.term, --intr query.intr, --locn query.locn, --spons query.spons,
--status filter.overallStatus, --since filter.advanced=
AREA[LastUpdatePostDate]RANGE[date,MAX] (for incremental updates). Search
values use Essie syntax, e.g. "(ARDS OR COVID-19) AND pneumonia". --param
passes any other parameter (fields, sort, query.titles, filter.geo, ...).

Requests are spaced to at most --rate a minute (the API asks for about 50).
Rate limiting (429, honouring Retry-After), server errors (5xx), dropped
connections and truncated pages are retried with exponential backoff; other
client errors (400: a malformed query) stop at once with the API's message.
Progress goes to stderr.`

const fetchExample = `  # Mesenchymal stem cell trials, all statuses
  trialgraph fetch --intr "mesenchymal stem cells OR mesenchymal stromal cells" --out msc-pages

  # Umbilical-cord MSC trials for ARDS or COVID-19 that are recruiting or completed
  trialgraph fetch --cond "ARDS OR COVID-19" --intr "umbilical cord mesenchymal" \
      --status recruiting,completed --out ucmsc

  # Incremental update: studies whose last update was posted since 2024-01-01
  trialgraph fetch --intr "mesenchymal stem cells" --since 2024-01-01 --out msc-2024

  # Only some fields, newest first, 100 a page, 5 pages now (run again for more)
  trialgraph fetch --cond "knee osteoarthritis" --param fields=NCTId,BriefTitle,OverallStatus \
      --param sort=LastUpdatePostDate:desc --page-size 100 --max-pages 5

  # Start over in the same directory
  trialgraph fetch --cond "spinal cord injury" --intr "stem cells" --resume=false`

// newCmdFetch returns the fetch command; runF replaces runFetch in tests.
func newCmdFetch(runF func(context.Context, *FetchOptions) error) *cobra.Command {
	opts := &FetchOptions{}
	cmd := &cobra.Command{
		Use:     "fetch",
		Short:   "Fetch studies live from the ClinicalTrials.gov API v2",
		Long:    fetchLong,
		Example: fetchExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Stderr = cmd.ErrOrStderr()
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runFetch(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Cond, "cond", "", "conditions or disease (query.cond)")
	f.StringVar(&opts.Term, "term", "", "other terms (query.term)")
	f.StringVar(&opts.Intr, "intr", "", "intervention or treatment (query.intr)")
	f.StringVar(&opts.Locn, "locn", "", "location: facility, city, country (query.locn)")
	f.StringVar(&opts.Spons, "spons", "", "sponsor or collaborator (query.spons)")
	f.StringVar(&opts.Status, "status", "", "overall statuses, comma-separated, e.g. recruiting,completed (filter.overallStatus)")
	f.StringVar(&opts.Since, "since", "", "only studies whose last update was posted on or after `YYYY-MM-DD`")
	f.StringArrayVar(&opts.Params, "param", nil, "extra API parameter as `key=value` (repeatable), e.g. fields=NCTId,BriefTitle")
	f.IntVar(&opts.PageSize, "page-size", ctgovapi.MaxPageSize, "studies per page, 1 to 1000")
	f.IntVar(&opts.Rate, "rate", ctgovapi.DefaultRequestsPerMinute, "at most this many requests a minute")
	f.StringVar(&opts.BaseURL, "base-url", ctgovapi.DefaultBaseURL, "API server; /api/v2/studies is appended")
	f.StringVar(&opts.Out, "out", "ctgov-pages", "`DIR` to save the page files and fetch-state.json in")
	f.BoolVar(&opts.Resume, "resume", true, "continue from DIR/fetch-state.json if it is for the same query; false deletes the pages and state in DIR and starts over")
	f.IntVar(&opts.MaxPages, "max-pages", 0, "stop after this many pages in this run (0: all); run again to continue")
	f.BoolVar(&opts.DoIngest, "ingest", false, "also ingest each fetched page into the store given by --db")
	f.StringVar(&opts.DB, "db", "trialgraph.db", "store `DIR` (or postgres:// URL) for --ingest")
	return cmd
}

func (o *FetchOptions) validate() error {
	switch {
	case o.PageSize < 1 || o.PageSize > ctgovapi.MaxPageSize:
		return fmt.Errorf("--page-size %d: want 1 to %d", o.PageSize, ctgovapi.MaxPageSize)
	case o.Rate < 1:
		return fmt.Errorf("--rate %d: want at least 1 request a minute", o.Rate)
	case o.MaxPages < 0:
		return fmt.Errorf("--max-pages %d: want 0 (all) or more", o.MaxPages)
	case o.Out == "":
		return errors.New("--out: want a directory")
	}
	if u, err := url.Parse(o.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--base-url %q: want an http or https URL", o.BaseURL)
	}
	_, err := o.query()
	return err
}

// query builds the API query from the flags.
func (o *FetchOptions) query() (ctgovapi.Query, error) {
	q := ctgovapi.Query{
		Cond: o.Cond, Term: o.Term, Intr: o.Intr, Locn: o.Locn, Spons: o.Spons,
		Status: o.Status, Since: o.Since, PageSize: o.PageSize,
	}
	for _, p := range o.Params {
		k, v, ok := strings.Cut(p, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return q, fmt.Errorf("--param %q: want key=value", p)
		}
		if q.Extra == nil {
			q.Extra = url.Values{}
		}
		q.Extra.Add(k, v)
	}
	if _, err := q.Canonical(); err != nil {
		return q, fmt.Errorf("%w (check the search flags and --param)", err)
	}
	return q, nil
}

// runFetch fetches the pages of the query into opts.Out, resuming a saved
// fetch of the same query.
func runFetch(ctx context.Context, opts *FetchOptions) error {
	if err := opts.validate(); err != nil {
		return err
	}
	if opts.DoIngest && opts.Ingest == nil {
		return fmt.Errorf("--ingest: this build of trialgraph cannot ingest into a store from fetch (--db %s); fetch without --ingest, then ingest the page files in %s", opts.DB, opts.Out)
	}
	q, err := opts.query()
	if err != nil {
		return err
	}
	stderr := opts.Stderr
	if stderr == nil {
		stderr = io.Discard
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return err
	}
	statePath := filepath.Join(opts.Out, ctgovapi.StateFile)
	st := &ctgovapi.State{}
	if opts.Resume {
		saved, err := ctgovapi.LoadState(statePath)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return fmt.Errorf("%w (use --resume=false to start over)", err)
		default:
			st = saved
		}
	} else {
		n, err := ctgovapi.ClearDir(opts.Out)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(stderr, "fetch: removed %d files of an earlier fetch from %s\n", n, opts.Out)
		}
	}
	startPages, startStudies := st.Pages, st.Studies

	c := &ctgovapi.Client{
		BaseURL:           opts.BaseURL,
		HTTP:              opts.HTTP,
		RequestsPerMinute: opts.Rate,
		Log:               stderr,
		Checkpoint:        func(s *ctgovapi.State) error { return s.Save(statePath) },
	}
	run := 0
	err = c.Fetch(ctx, q, st, func(page int, body []byte) error {
		file, err := ctgovapi.SavePage(opts.Out, page, body)
		if err != nil {
			return err
		}
		if opts.DoIngest && opts.Ingest != nil {
			if err := opts.Ingest(ctx, file, body); err != nil {
				return fmt.Errorf("ingesting %s: %w", file, err)
			}
		}
		run++
		if opts.MaxPages > 0 && run >= opts.MaxPages {
			return ctgovapi.ErrStop
		}
		return nil
	})
	fmt.Fprintf(stderr, "fetch: %d pages, %d studies fetched in this run; %s holds %d pages, %d studies",
		st.Pages-startPages, st.Studies-startStudies, opts.Out, st.Pages, st.Studies)
	if st.Total > 0 {
		fmt.Fprintf(stderr, " of %d", st.Total)
	}
	switch {
	case errors.Is(err, ctgovapi.ErrStateMismatch):
		fmt.Fprintln(stderr)
		return fmt.Errorf("%s: %w; use another --out directory, or --resume=false to start over", statePath, err)
	case err != nil:
		fmt.Fprintln(stderr, "; not complete: run the same command again to resume")
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("fetch interrupted: %w", err)
		}
		return err
	case !st.Done:
		fmt.Fprintln(stderr, "; not complete: run the same command again to continue")
	default:
		fmt.Fprintln(stderr, "; complete")
	}
	return nil
}
