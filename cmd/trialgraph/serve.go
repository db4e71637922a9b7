package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/web"
)

// ServeOptions are the settings of trialgraph serve.
type ServeOptions struct {
	IO
	DB      string
	Addr    string
	Timeout time.Duration
	Limit   int
	MaxBody int64
	Workers int
	// Ready, when set, receives the address the server listens on.
	Ready func(addr string)
}

func newCmdServe(io IO) *cobra.Command {
	opts := &ServeOptions{IO: io}
	var maxBody string
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Answer queries over HTTP (Cayley's API v2) with a web page, read-only",
		Long: `Serve opens the store read-only and answers queries over HTTP:

  POST /api/v2/query?lang=gizmo     body: the query; {"result": [...]} or {"error": "..."}
  GET  /api/v2/query?lang=gizmo&qu=QUERY
  GET  /api/v2/named/NAME?cell-source=umbilical-cord   a named query (sites, trials, ...)
  GET  /healthz
  GET  /                            a page to ask the graph and draw a trial's neighbourhood

Queries run in worker processes with a time limit and a result limit, so a
query that hangs or crashes the engine costs one error, not the server.
The server listens on loopback unless --addr says otherwise; it has no
authentication, so do not expose it.`,
		Example: `  trialgraph serve --db ./trialgraph.db
  curl -s --data-binary 'g.V().Limit(3).All()' 'http://127.0.0.1:64210/api/v2/query?lang=gizmo'
  curl -s 'http://127.0.0.1:64210/api/v2/named/sites?cell-source=umbilical-cord'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := parseSize(maxBody)
			if err != nil {
				return usageError{fmt.Errorf("--max-body: %w", err)}
			}
			opts.MaxBody = n
			return runServe(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.DB, "db", "./trialgraph.db", "store directory")
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:64210", "address to listen on")
	f.DurationVar(&opts.Timeout, "timeout", 30*time.Second, "time limit of one query")
	f.IntVar(&opts.Limit, "limit", 10000, "results of one query, and rows of a named query's answer, at most")
	f.StringVar(&maxBody, "max-body", "1MiB", "largest request body")
	f.IntVar(&opts.Workers, "workers", 2, "queries run at once, each in its own process")
	return cmd
}

// parseSize reads a byte count such as 1048576, 512KiB, 1MiB or 1MB.
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		n      int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000}, {"B", 1}}
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.n
			break
		}
	}
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil || n <= 0 {
		return 0, fmt.Errorf("not a positive size: %q", s)
	}
	return n * mult, nil
}

func runServe(ctx context.Context, opts *ServeOptions) error {
	if opts.Limit < 0 || opts.Workers < 1 {
		return usageError{errors.New("--limit must not be negative and --workers must be at least 1")}
	}
	// The server holds the store for reading as long as it runs: its
	// workers come and go (a crashed one is replaced at the next query),
	// and a writer must not slip in between them.
	st, err := graph.Open(ctx, opts.DB, graph.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	pool, err := newQueryPool(ctx, opts.DB, opts.Workers)
	if err != nil {
		return err
	}
	defer pool.Close()
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	if !isLoopback(ln.Addr()) {
		fmt.Fprintf(opts.Err, "warning: listening on %s: the server is exposed to the network and has no authentication\n", addr)
	}
	srv := &http.Server{
		Handler:           newServer(storeFirst{pool, st}, opts),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	fmt.Fprintf(opts.Err, "serving %s read-only on http://%s/\n", opts.DB, addr)
	if opts.Ready != nil {
		opts.Ready(addr)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shut)
	fmt.Fprintln(opts.Err, "server stopped")
	return err
}

// storeFirst runs queries in the pool's workers, and gives the named
// queries the server's own read of the store, which the sites query of a
// cell source reads directly on a bolt store (graph.Sites) instead of
// running Gizmo.
type storeFirst struct {
	*queryPool
	st *graph.Store
}

func (s storeFirst) Unwrap() graph.Querier { return s.st }

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// server is the HTTP handler of trialgraph serve.
type server struct {
	q    graph.Querier
	opts *ServeOptions
	mux  *http.ServeMux
}

func newServer(q graph.Querier, opts *ServeOptions) *server {
	s := &server{q: timed{q, opts.Timeout, opts.Limit}, opts: opts, mux: http.NewServeMux()}
	s.mux.HandleFunc("/api/v2/query", s.query)
	s.mux.HandleFunc("/api/v2/named/", s.named)
	s.mux.HandleFunc("/healthz", s.healthz)
	s.mux.Handle("/", web.Handler())
	return s
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.URL.Path != "/api/v2/query" && r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		jsonError(w, http.StatusMethodNotAllowed, errors.New("the server is read-only"))
		return
	}
	s.mux.ServeHTTP(w, r)
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "ok\n")
}

// query answers Cayley's /api/v2/query: the query is the POST body or the
// qu parameter of a GET.
func (s *server) query(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	var q string
	switch r.Method {
	case http.MethodGet:
		q = r.URL.Query().Get("qu")
	case http.MethodPost:
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			jsonError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("request is too large (limit %d bytes)", s.opts.MaxBody))
			return
		}
		if err != nil {
			jsonError(w, http.StatusBadRequest, err)
			return
		}
		q = string(body)
	default:
		w.Header().Set("Allow", "GET, POST")
		jsonError(w, http.StatusMethodNotAllowed, errors.New("queries are sent with GET or POST; the server is read-only"))
		return
	}
	if lang == "" {
		jsonError(w, http.StatusBadRequest, errors.New("query language not specified"))
		return
	}
	if !validLang(lang) {
		jsonError(w, http.StatusBadRequest, fmt.Errorf("unknown query language %q (valid: %s)", lang, strings.Join(graph.Languages(), ", ")))
		return
	}
	if strings.TrimSpace(q) == "" {
		jsonError(w, http.StatusBadRequest, errors.New("query is empty"))
		return
	}
	res, err := s.q.Query(r.Context(), q, graph.QueryOptions{Lang: lang})
	if err != nil {
		jsonError(w, queryStatus(err), err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": res})
}

func validLang(l string) bool {
	for _, v := range graph.Languages() {
		if v == l {
			return true
		}
	}
	return false
}

// named answers /api/v2/named/NAME?param=value with {"result": rows,
// "query": the Gizmo query}.
func (s *server) named(w http.ResponseWriter, r *http.Request) {
	n, err := graph.LookupNamed(strings.TrimPrefix(r.URL.Path, "/api/v2/named/"))
	if err != nil {
		jsonError(w, http.StatusNotFound, err)
		return
	}
	var p graph.NamedParams
	for k, v := range r.URL.Query() {
		if !accepts(n, k) {
			jsonError(w, http.StatusBadRequest, fmt.Errorf("%s takes no parameter %q (valid: %s)", n.Name, k, strings.Join(n.Params, ", ")))
			return
		}
		p.Set(k, v[len(v)-1])
	}
	a, err := n.Run(r.Context(), s.q, p)
	if err != nil {
		status := queryStatus(err)
		if errors.Is(err, graph.ErrBadParam) {
			status = http.StatusBadRequest
		}
		jsonError(w, status, err)
		return
	}
	if l := s.opts.Limit; l > 0 && len(a.Cells) > l {
		// The result limit holds for the rows too: a query that ran
		// in a worker was cut there, one read directly (graph.Sites)
		// is cut here.
		a.Cells = a.Cells[:l]
		if v := reflect.ValueOf(a.Rows); v.Kind() == reflect.Slice && v.Len() > l {
			a.Rows = v.Slice(0, l).Interface()
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": a.Rows, "columns": a.Columns, "rows": a.Cells, "query": a.Query})
}

func accepts(n graph.NamedQuery, param string) bool {
	for _, p := range n.Params {
		if p == param {
			return true
		}
	}
	return false
}

// queryStatus maps a query error to an HTTP status: a time limit is 504, a
// crash of the engine 500, anything else a bad query (400).
func queryStatus(err error) int {
	switch {
	case errors.Is(err, graph.ErrQueryTimeout):
		return http.StatusGatewayTimeout
	case errors.Is(err, ErrQueryCrashed), errors.Is(err, errPoolClosed):
		return http.StatusInternalServerError
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func jsonError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
