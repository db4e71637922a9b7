package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/ingest/ctgovapi"
	"github.com/trialgraph/trialgraph/ingest/ctgovapi/ctgovapitest"
)

var allIDs = []string{
	"NCT06050278", "NCT06644495", "NCT02385136", "NCT02283021",
	"NCT03606070", "NCT05991206", "NCT01100827",
}

func newReplay(t *testing.T) *ctgovapitest.Server {
	t.Helper()
	studies, err := ctgovapitest.LoadStudies(filepath.Join("..", "..", "testdata", "api", "studies.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv := ctgovapitest.NewServer(studies)
	t.Cleanup(srv.Close)
	return srv
}

// execFetch runs the fetch command with args and returns its stderr.
func execFetch(ctx context.Context, runF func(context.Context, *FetchOptions) error, args ...string) (string, error) {
	cmd := newCmdFetch(runF)
	var stderr bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetErr(&stderr)
	cmd.SetOut(&stderr)
	cmd.SilenceUsage = true
	err := cmd.ExecuteContext(ctx)
	return stderr.String(), err
}

func TestFetchFlags(t *testing.T) {
	defaults := FetchOptions{
		PageSize: 1000, Rate: 50, BaseURL: "https://clinicaltrials.gov",
		Out: "ctgov-pages", Resume: true, DB: "trialgraph.db",
	}
	for _, tc := range []struct {
		name    string
		args    []string
		want    func(o *FetchOptions) // changes from the defaults
		wantErr string
	}{
		{name: "defaults", want: func(*FetchOptions) {}},
		{
			name: "all flags",
			args: []string{
				"--cond", "ARDS", "--term", "cord", "--intr", "MSC", "--locn", "Wuhan", "--spons", "Puren",
				"--status", "recruiting,completed", "--since", "2024-01-01",
				"--param", "fields=NCTId,BriefTitle", "--param", "sort=LastUpdatePostDate:desc",
				"--page-size", "100", "--rate", "30", "--base-url", "http://127.0.0.1:8080",
				"--out", "pages", "--resume=false", "--max-pages", "3",
			},
			want: func(o *FetchOptions) {
				o.Cond, o.Term, o.Intr, o.Locn, o.Spons = "ARDS", "cord", "MSC", "Wuhan", "Puren"
				o.Status, o.Since = "recruiting,completed", "2024-01-01"
				o.Params = []string{"fields=NCTId,BriefTitle", "sort=LastUpdatePostDate:desc"}
				o.PageSize, o.Rate, o.BaseURL = 100, 30, "http://127.0.0.1:8080"
				o.Out, o.Resume, o.MaxPages = "pages", false, 3
			},
		},
		{name: "page size 0", args: []string{"--page-size", "0"}, wantErr: "--page-size 0: want 1 to 1000"},
		{name: "page size 1001", args: []string{"--page-size", "1001"}, wantErr: "--page-size 1001: want 1 to 1000"},
		{name: "rate 0", args: []string{"--rate", "0"}, wantErr: "--rate 0"},
		{name: "negative max pages", args: []string{"--max-pages", "-1"}, wantErr: "--max-pages -1"},
		{name: "empty out", args: []string{"--out", ""}, wantErr: "--out"},
		{name: "param without =", args: []string{"--param", "fields"}, wantErr: `--param "fields": want key=value`},
		{name: "param with empty key", args: []string{"--param", "=x"}, wantErr: "want key=value"},
		{name: "param pageToken", args: []string{"--param", "pageToken=abc"}, wantErr: "pageToken is set by the client"},
		{name: "param repeats a flag", args: []string{"--cond", "a", "--param", "query.cond=b"}, wantErr: "query.cond given both"},
		{name: "bad since", args: []string{"--since", "01/02/2024"}, wantErr: "want a date YYYY-MM-DD"},
		{name: "bad status", args: []string{"--status", "ongoing"}, wantErr: `unknown status "ONGOING"`},
		{name: "bad base URL", args: []string{"--base-url", "clinicaltrials.gov"}, wantErr: "want an http or https URL"},
		{name: "ingest", args: []string{"--ingest", "--db", "x.db"}, want: func(o *FetchOptions) { o.DoIngest, o.DB = true, "x.db" }},
		{name: "argument", args: []string{"ARDS"}, wantErr: "unknown command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *FetchOptions
			_, err := execFetch(context.Background(), func(_ context.Context, o *FetchOptions) error {
				got = o
				return nil
			}, tc.args...)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				if got != nil {
					t.Error("run called despite the error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := defaults
			tc.want(&want)
			got.Stderr = nil
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("options\n got %+v\nwant %+v", *got, want)
			}
		})
	}
}

// pagesIn returns the NCT IDs of the page files in dir, in page order,
// and the number of page files.
func pagesIn(t *testing.T, dir string) ([]string, int) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "page-*.json"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var ids []string
	for i, f := range files {
		if want := ctgovapi.PageFile(dir, i+1); f != want {
			t.Fatalf("page file %s, want %s", f, want)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			Studies []struct {
				ProtocolSection struct {
					IdentificationModule struct{ NCTID string } `json:"identificationModule"`
				} `json:"protocolSection"`
			} `json:"studies"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, s := range p.Studies {
			ids = append(ids, s.ProtocolSection.IdentificationModule.NCTID)
		}
	}
	return ids, len(files)
}

func TestFetchCommand(t *testing.T) {
	srv := newReplay(t)
	out := filepath.Join(t.TempDir(), "pages")
	stderr, err := execFetch(context.Background(), nil,
		"--base-url", srv.URL, "--out", out, "--page-size", "2", "--rate", "6000", "--cond", "lung cancer")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	ids, n := pagesIn(t, out)
	if n != 4 || !reflect.DeepEqual(ids, allIDs) {
		t.Errorf("%d page files with %v; want 4 with %v", n, ids, allIDs)
	}
	st, err := ctgovapi.LoadState(filepath.Join(out, "fetch-state.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := ctgovapi.State{Query: "format=json&query.cond=lung+cancer", Pages: 4, Studies: 7, Total: 7, Done: true}
	if *st != want {
		t.Errorf("state %+v, want %+v", *st, want)
	}
	for _, line := range []string{
		"ctgovapi: page 1: 2 studies (2 of 7)",
		"ctgovapi: page 4: 1 studies (7 of 7)",
		"fetch: 4 pages, 7 studies fetched in this run; " + out + " holds 4 pages, 7 studies of 7; complete",
	} {
		if !strings.Contains(stderr, line+"\n") {
			t.Errorf("stderr lacks %q:\n%s", line, stderr)
		}
	}
	for _, r := range srv.Requests() {
		if r.Query.Get("query.cond") != "lung cancer" || r.Query.Get("pageSize") != "2" {
			t.Errorf("request %d: %v", r.N, r.Query)
		}
	}
	// Page files hold the bodies as served, nothing else in the directory.
	ents, _ := os.ReadDir(out)
	if len(ents) != 5 {
		t.Errorf("%d files in %s, want 4 pages and the state", len(ents), out)
	}
}

func TestFetchCommandResume(t *testing.T) {
	srv := newReplay(t)
	out := t.TempDir()
	args := []string{"--base-url", srv.URL, "--out", out, "--page-size", "2", "--rate", "6000", "--since", "2010-01-01"}

	stderr, err := execFetch(context.Background(), nil, append(args, "--max-pages", "3")...)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if _, n := pagesIn(t, out); n != 3 {
		t.Errorf("%d pages after --max-pages 3", n)
	}
	if !strings.Contains(stderr, "fetch: 3 pages, 6 studies fetched in this run") || !strings.Contains(stderr, "not complete: run the same command again to continue") {
		t.Errorf("stderr:\n%s", stderr)
	}

	before := len(srv.Requests())
	stderr, err = execFetch(context.Background(), nil, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	reqs := srv.Requests()[before:]
	if len(reqs) != 1 || reqs[0].Query.Get("pageToken") == "" {
		t.Errorf("resume made requests %v, want one for page 4", reqs)
	}
	if !strings.Contains(stderr, "resuming at page 4") || !strings.Contains(stderr, "fetch: 1 pages, 1 studies fetched in this run") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if ids, n := pagesIn(t, out); n != 4 || !reflect.DeepEqual(ids, allIDs) {
		t.Errorf("%d pages with %v after resuming", n, ids)
	}

	before = len(srv.Requests())
	stderr, err = execFetch(context.Background(), nil, args...)
	if err != nil || len(srv.Requests()) != before || !strings.Contains(stderr, "fetch already complete") {
		t.Errorf("run after completion: %v, %d requests\n%s", err, len(srv.Requests())-before, stderr)
	}
}

func TestFetchCommandInterrupted(t *testing.T) {
	srv := newReplay(t)
	out := t.TempDir()
	args := []string{"--base-url", srv.URL, "--out", out, "--page-size", "2", "--rate", "6000", "--ingest"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ingested []string
	withIngest := func(ctx context.Context, o *FetchOptions) error {
		o.Ingest = func(_ context.Context, file string, body []byte) error {
			ingested = append(ingested, filepath.Base(file))
			if !json.Valid(body) {
				return errors.New("invalid body")
			}
			if len(ingested) == 2 {
				cancel() // as Ctrl-C would
			}
			return nil
		}
		return runFetch(ctx, o)
	}
	stderr, err := execFetch(ctx, withIngest, args...)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "not complete: run the same command again to resume") {
		t.Errorf("stderr:\n%s", stderr)
	}
	stderr, err = execFetch(context.Background(), withIngest, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	want := []string{"page-00001.json", "page-00002.json", "page-00003.json", "page-00004.json"}
	if !reflect.DeepEqual(ingested, want) {
		t.Errorf("ingested %v, want %v", ingested, want)
	}
	if ids, n := pagesIn(t, out); n != 4 || !reflect.DeepEqual(ids, allIDs) {
		t.Errorf("%d pages with %v after resuming", n, ids)
	}
}

func TestFetchCommandOtherQuery(t *testing.T) {
	srv := newReplay(t)
	out := t.TempDir()
	base := []string{"--base-url", srv.URL, "--out", out, "--rate", "6000"}
	if stderr, err := execFetch(context.Background(), nil, append(base, "--cond", "lung cancer", "--page-size", "2")...); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	before := len(srv.Requests())
	_, err := execFetch(context.Background(), nil, append(base, "--cond", "ARDS")...)
	if !errors.Is(err, ctgovapi.ErrStateMismatch) || !strings.Contains(err.Error(), "--resume=false") {
		t.Fatalf("error = %v, want ErrStateMismatch and a hint", err)
	}
	if len(srv.Requests()) != before {
		t.Error("a refused resume made requests")
	}
	// Starting over removes the four pages of the earlier fetch.
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644)
	stderr, err := execFetch(context.Background(), nil, append(base, "--cond", "ARDS", "--resume=false")...)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "removed 5 files of an earlier fetch") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if ids, n := pagesIn(t, out); n != 1 || !reflect.DeepEqual(ids, allIDs) {
		t.Errorf("%d pages with %v after starting over", n, ids)
	}
	if _, err := os.Stat(filepath.Join(out, "notes.txt")); err != nil {
		t.Errorf("starting over removed a file it did not write: %v", err)
	}
}

func TestFetchIngestWithoutStore(t *testing.T) {
	srv := newReplay(t)
	_, err := execFetch(context.Background(), nil, "--base-url", srv.URL, "--out", t.TempDir(), "--ingest", "--db", "x.db")
	if err == nil || !strings.Contains(err.Error(), "--ingest: this build of trialgraph cannot ingest into a store from fetch (--db x.db)") {
		t.Fatalf("error = %v", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests made before refusing --ingest", n)
	}
}

func TestFetchCommandHTTPError(t *testing.T) {
	srv := newReplay(t)
	srv.Fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		ctgovapitest.Status(w, 400, "query.cond: unbalanced parentheses")
		return true
	}
	out := t.TempDir()
	stderr, err := execFetch(context.Background(), nil, "--base-url", srv.URL, "--out", out, "--cond", "(ARDS")
	if err == nil || !strings.Contains(err.Error(), "400 Bad Request: query.cond: unbalanced parentheses") {
		t.Fatalf("error = %v\n%s", err, stderr)
	}
	if _, n := pagesIn(t, out); n != 0 || len(srv.Requests()) != 1 {
		t.Errorf("%d pages, %d requests after a 400", n, len(srv.Requests()))
	}
	if _, err := os.Stat(filepath.Join(out, ctgovapi.StateFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("state file after a failed first page: %v", err)
	}
}
