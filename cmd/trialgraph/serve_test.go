package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trialgraph/trialgraph/graph"
)

// startServer runs serve on a free loopback port and returns its base URL.
func startServer(t *testing.T, db string, mod func(*ServeOptions)) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	opts := &ServeOptions{IO: IO{Out: io.Discard, Err: &syncBuffer{}}, DB: db, Addr: "127.0.0.1:0",
		Timeout: 5 * time.Second, Limit: 10000, MaxBody: 1 << 20, Workers: 2,
		Ready: func(a string) { ready <- a }}
	if mod != nil {
		mod(opts)
	}
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, opts) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		if msg := opts.Err.(fmt.Stringer).String(); !strings.Contains(msg, "server stopped") {
			t.Errorf("serve did not stop gracefully: %s", msg)
		}
	})
	select {
	case a := <-ready:
		return "http://" + a
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type apiResponse struct {
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Columns []string        `json:"columns"`
	Rows    [][]string      `json:"rows"`
}

func call(t *testing.T, method, url, body string) (int, apiResponse) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r apiResponse
	data, _ := io.ReadAll(resp.Body)
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatalf("%s %s: %v: %s", method, url, err, data)
		}
	} else {
		r.Result = data
	}
	return resp.StatusCode, r
}

const titlesQuery = `g.V().Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/trialgraph/vocab#Trial>").Out("<https://w3id.org/trialgraph/vocab#nctId>").All()`

const wantNCTs = `[{"id":"NCT04288102"},{"id":"NCT04339660"},{"id":"NCT04346368"},{"id":"NCT04611256"},{"id":"NCT05741099"}]`

func sortedResult(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var rs []map[string]string
	if err := json.Unmarshal(raw, &rs); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	var ids []string
	for _, r := range rs {
		ids = append(ids, r["id"])
	}
	for i := range ids { // tiny insertion sort keeps the import list short
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	b, _ := json.Marshal(func() []map[string]string {
		out := []map[string]string{}
		for _, id := range ids {
			out = append(out, map[string]string{"id": id})
		}
		return out
	}())
	return string(b)
}

func TestServe(t *testing.T) {
	db := seedDB(t)
	base := startServer(t, db, func(o *ServeOptions) { o.Timeout = 1500 * time.Millisecond; o.MaxBody = 4096; o.Limit = 3 })

	// A normal query, POSTed as Cayley's clients do, answered as Cayley does.
	code, r := call(t, "POST", base+"/api/v2/query?lang=gizmo", titlesQuery)
	if code != 200 || r.Error != "" {
		t.Fatalf("query: %d %s", code, r.Error)
	}
	var res []any
	json.Unmarshal(r.Result, &res)
	if len(res) != 3 {
		t.Errorf("result limit 3: got %d results: %s", len(res), r.Result)
	}

	tests := []struct {
		name, method, path, body string
		code                     int
		errPart                  string
	}{
		{"panic in the engine", "POST", "/api/v2/query?lang=gizmo", `g.V().Out(123.5, {}).All()`, 500, "query crashed the query engine: panic:"},
		{"endless loop", "POST", "/api/v2/query?lang=gizmo", `while(true){}`, 504, "time limit"},
		{"syntax error", "POST", "/api/v2/query?lang=gizmo", `g.V(`, 400, "query:"},
		{"body too large", "POST", "/api/v2/query?lang=gizmo", "g.V().All()//" + strings.Repeat("x", 5000), 413, "too large"},
		{"no language", "POST", "/api/v2/query", titlesQuery, 400, "not specified"},
		{"unknown language", "POST", "/api/v2/query?lang=sparql", titlesQuery, 400, "valid: "},
		{"empty query", "POST", "/api/v2/query?lang=gizmo", " ", 400, "empty"},
		{"write endpoint", "POST", "/api/v2/write", "<a> <b> <c> .", 405, "read-only"},
		{"delete", "DELETE", "/api/v2/query?lang=gizmo", "", 405, "read-only"},
		{"put page", "PUT", "/", "x", 405, "read-only"},
		{"unknown named query", "GET", "/api/v2/named/everything", "", 404, "valid: sites"},
		{"unknown cell source", "GET", "/api/v2/named/sites?cell-source=moon", "", 400, "valid: adipose-tissue"},
		{"parameter of another query", "GET", "/api/v2/named/sites?site=x", "", 400, "valid: cell-source, country"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, r := call(t, tt.method, base+tt.path, tt.body)
			if code != tt.code || !strings.Contains(r.Error, tt.errPart) {
				t.Errorf("got %d %q, want %d with %q", code, r.Error, tt.code, tt.errPart)
			}
			// The next request is answered normally.
			code, r = call(t, "GET", base+"/api/v2/query?lang=gizmo&qu="+url.QueryEscape(titlesQuery), "")
			if code != 200 || r.Error != "" {
				t.Errorf("next query: %d %q", code, r.Error)
			}
		})
	}

	// Five sites, read from the store directly and cut to the result
	// limit: the first three by name, as rows and as JSON.
	code, r = call(t, "GET", base+"/api/v2/named/sites?cell-source=umbilical-cord&country=CN", "")
	var names []string
	for _, row := range r.Rows {
		names = append(names, row[0])
	}
	want := "[General Hospital of Central Theater Command Maternal and Child Hospital of Hubei Province Puren Hospital Affiliated to Wuhan University of Science and Technology]"
	if code != 200 || fmt.Sprint(names) != want || r.Columns[0] != "name" {
		t.Errorf("named sites: %d %q %q", code, r.Error, r.Rows)
	}
	var siteRows []graph.SiteRow
	if err := json.Unmarshal(r.Result, &siteRows); err != nil || len(siteRows) != 3 || siteRows[2].Name != "Puren Hospital Affiliated to Wuhan University of Science and Technology" {
		t.Errorf("named sites, JSON rows: %v %+v", err, siteRows)
	}
	code, r = call(t, "GET", base+"/healthz", "")
	if code != 200 || string(r.Result) != "ok\n" {
		t.Errorf("healthz: %d %s", code, r.Result)
	}
	code, r = call(t, "GET", base+"/", "")
	if code != 200 || !strings.Contains(string(r.Result), "cytoscape.min.js") {
		t.Errorf("page: %d %.200s", code, r.Result)
	}
	code, r = call(t, "GET", base+"/cytoscape.min.js", "")
	if code != 200 || len(r.Result) < 100000 {
		t.Errorf("cytoscape: %d, %d bytes", code, len(r.Result))
	}
}

// Several queries at once, one of them crashing its worker, all get their
// answer.
func TestServeConcurrent(t *testing.T) {
	base := startServer(t, seedDB(t), nil)
	var wg sync.WaitGroup
	errs := make(chan string, 20)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			q, want := titlesQuery, 200
			if i%4 == 0 {
				q, want = `g.V().Out(123.5, {}).All()`, 500
			}
			code, r := call(t, "POST", base+"/api/v2/query?lang=gizmo", q)
			if code != want {
				errs <- r.Error
				return
			}
			if want == 200 && sortedResult(t, r.Result) != wantNCTs {
				errs <- string(r.Result)
			}
		}(i)
	}
	wg.Wait()
	code, r := call(t, "GET", base+"/api/v2/named/sites?cell-source=umbilical-cord", "")
	if code != 200 || len(r.Rows) != 5 || r.Rows[4][0] != "Wuhan Huoshenshan Hospital" {
		errs <- fmt.Sprintf("named sites: %d %q %q", code, r.Error, r.Rows)
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestServeNeedsAStore(t *testing.T) {
	var errb bytes.Buffer
	code := run(context.Background(), []string{"serve", "--db", t.TempDir() + "/none", "--addr", "127.0.0.1:0"}, nil, io.Discard, &errb)
	if code != exitNoStore {
		t.Errorf("exit %d, want %d: %s", code, exitNoStore, errb.String())
	}
}

func TestServeWarnsWhenExposed(t *testing.T) {
	db := seedDB(t)
	var errb syncBuffer
	startServer(t, db, func(o *ServeOptions) { o.Addr = "0.0.0.0:0"; o.IO.Err = &errb })
	if !strings.Contains(errb.String(), "exposed to the network") {
		t.Errorf("no warning: %s", errb.String())
	}
}

func TestQueryPoolRestartsCrashedWorker(t *testing.T) {
	db := seedDB(t)
	ctx := context.Background()
	pool, err := newQueryPool(ctx, db, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	// The named queries learn the store's index from the pool, through
	// the wrapper that limits their time.
	if !pool.GraphNodeIndex() || !(timed{pool, time.Second, 0}).GraphNodeIndex() {
		t.Error("the pool does not report the store's label–subject–predicate index")
	}
	for i := 0; i < 2; i++ {
		_, err := pool.Query(ctx, `g.V().Out(123.5, {}).All()`, graph.QueryOptions{})
		if !errors.Is(err, ErrQueryCrashed) || !strings.Contains(err.Error(), "panic: ") {
			t.Fatalf("crash %d: %v", i, err)
		}
		res, err := pool.Query(ctx, titlesQuery, graph.QueryOptions{Timeout: 5 * time.Second})
		if err != nil || len(res) != 5 {
			t.Fatalf("after crash %d: %v, %d results", i, err, len(res))
		}
	}
	// A query past its limit comes back in time and the worker is replaced.
	start := time.Now()
	_, err = pool.Query(ctx, `while(true){}`, graph.QueryOptions{Timeout: 300 * time.Millisecond})
	if !errors.Is(err, graph.ErrQueryTimeout) || time.Since(start) > 3*time.Second {
		t.Fatalf("loop: %v after %s", err, time.Since(start))
	}
	if res, err := pool.Query(ctx, titlesQuery, graph.QueryOptions{}); err != nil || len(res) != 5 {
		t.Fatalf("after loop: %v, %d results", err, len(res))
	}
	// A cancelled query ends its worker.
	ctx2, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if _, err := pool.Query(ctx2, `while(true){}`, graph.QueryOptions{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("cancelled query: %v", err)
	}
	if res, err := pool.Query(ctx, titlesQuery, graph.QueryOptions{}); err != nil || len(res) != 5 {
		t.Fatalf("after cancel: %v, %d results", err, len(res))
	}
}
