package ctgovapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trialgraph/trialgraph/ingest/ctgovapi/ctgovapitest"
)

// The seven records of testdata/api/studies.json, in order.
var allIDs = []string{
	"NCT06050278", "NCT06644495", "NCT02385136", "NCT02283021",
	"NCT03606070", "NCT05991206", "NCT01100827",
}

func newServer(t *testing.T) *ctgovapitest.Server {
	t.Helper()
	studies, err := ctgovapitest.LoadStudies(filepath.Join("..", "..", "testdata", "api", "studies.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv := ctgovapitest.NewServer(studies)
	t.Cleanup(srv.Close)
	return srv
}

// fakeClock stands in for time: sleeping advances it at once and is
// recorded.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleeps = append(f.sleeps, d)
	f.t = f.t.Add(d)
	return nil
}

func (f *fakeClock) slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// testClient returns a client of srv on a fake clock, fast enough that
// the rate limit does not matter unless a test sets it.
func testClient(srv *ctgovapitest.Server, clk *fakeClock) *Client {
	c := &Client{
		BaseURL:           srv.URL,
		HTTP:              srv.Client(),
		RequestsPerMinute: 6000,
		Backoff:           func(attempt int) time.Duration { return time.Duration(attempt+1) * time.Millisecond },
	}
	if clk != nil {
		c.now, c.sleep = clk.now, clk.sleep
	}
	return c
}

// collector gathers the pages and studies handed to the page callback.
type collector struct {
	pages []int
	ids   []string
}

func (col *collector) fn(page int, body []byte) error {
	var p struct {
		Studies []struct {
			ProtocolSection struct {
				IdentificationModule struct {
					NCTID string `json:"nctId"`
				} `json:"identificationModule"`
			} `json:"protocolSection"`
		} `json:"studies"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return err
	}
	col.pages = append(col.pages, page)
	for _, s := range p.Studies {
		col.ids = append(col.ids, s.ProtocolSection.IdentificationModule.NCTID)
	}
	return nil
}

func TestFetchPaging(t *testing.T) {
	for _, tc := range []struct {
		pageSize  int
		wantPages int
	}{
		{2, 4}, {3, 3}, {7, 1}, {1000, 1}, {1, 7},
	} {
		t.Run(fmt.Sprint("pageSize=", tc.pageSize), func(t *testing.T) {
			srv := newServer(t)
			c := testClient(srv, newFakeClock())
			var col collector
			var st State
			if err := c.Fetch(context.Background(), Query{PageSize: tc.pageSize}, &st, col.fn); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(col.ids, allIDs) {
				t.Errorf("studies = %v, want %v", col.ids, allIDs)
			}
			wantPages := make([]int, tc.wantPages)
			for i := range wantPages {
				wantPages[i] = i + 1
			}
			if !reflect.DeepEqual(col.pages, wantPages) {
				t.Errorf("pages = %v, want %v", col.pages, wantPages)
			}
			want := State{Query: "format=json", Pages: tc.wantPages, Studies: 7, Total: 7, Done: true}
			if st != want {
				t.Errorf("state = %+v, want %+v", st, want)
			}
			reqs := srv.Requests()
			if len(reqs) != tc.wantPages {
				t.Fatalf("%d requests, want %d", len(reqs), tc.wantPages)
			}
			for i, r := range reqs {
				if got := r.Query.Get("pageSize"); got != fmt.Sprint(tc.pageSize) {
					t.Errorf("request %d: pageSize=%q", i+1, got)
				}
				if got := r.Query.Get("format"); got != "json" {
					t.Errorf("request %d: format=%q", i+1, got)
				}
				first := i == 0
				if first != (r.Query.Get("pageToken") == "") || first != (r.Query.Get("countTotal") == "true") {
					t.Errorf("request %d: pageToken=%q countTotal=%q", i+1, r.Query.Get("pageToken"), r.Query.Get("countTotal"))
				}
			}
		})
	}
}

func TestFetchParameters(t *testing.T) {
	for _, tc := range []struct {
		name    string
		q       Query
		want    map[string]string // parameters the server must see
		wantIDs []string
	}{
		{
			name: "search fields",
			q:    Query{Cond: "lung cancer", Term: "stem cells", Intr: "MSC", Locn: "Wuhan", Spons: "Hospital", PageSize: 5},
			want: map[string]string{
				"query.cond": "lung cancer", "query.term": "stem cells", "query.intr": "MSC",
				"query.locn": "Wuhan", "query.spons": "Hospital", "pageSize": "5", "format": "json",
			},
			wantIDs: allIDs,
		},
		{
			name:    "since",
			q:       Query{Since: "2023-12-01", PageSize: 2},
			want:    map[string]string{"filter.advanced": "AREA[LastUpdatePostDate]RANGE[2023-12-01,MAX]"},
			wantIDs: []string{"NCT06050278", "NCT06644495", "NCT05991206"},
		},
		{
			name:    "since with an extra advanced filter",
			q:       Query{Since: "2024-01-01", Extra: url.Values{"filter.advanced": {"AREA[Phase]PHASE2"}}},
			want:    map[string]string{"filter.advanced": "(AREA[Phase]PHASE2) AND AREA[LastUpdatePostDate]RANGE[2024-01-01,MAX]"},
			wantIDs: []string{"NCT06644495"},
		},
		{
			name:    "status",
			q:       Query{Status: "recruiting, Not yet recruiting|completed"},
			want:    map[string]string{"filter.overallStatus": "COMPLETED|NOT_YET_RECRUITING|RECRUITING"},
			wantIDs: allIDs,
		},
		{
			name:    "extra",
			q:       Query{Cond: "ARDS", Extra: url.Values{"fields": {"NCTId|BriefTitle"}, "sort": {"LastUpdatePostDate:desc"}}},
			want:    map[string]string{"fields": "NCTId|BriefTitle", "sort": "LastUpdatePostDate:desc", "query.cond": "ARDS", "pageSize": "1000"},
			wantIDs: allIDs,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			c := testClient(srv, newFakeClock())
			var col collector
			if err := c.Fetch(context.Background(), tc.q, &State{}, col.fn); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(col.ids, tc.wantIDs) {
				t.Errorf("studies = %v, want %v", col.ids, tc.wantIDs)
			}
			for i, r := range srv.Requests() {
				for k, v := range tc.want {
					if got := r.Query.Get(k); got != v {
						t.Errorf("request %d: %s=%q, want %q", i+1, k, got, v)
					}
				}
			}
		})
	}
}

func TestQueryErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		q    Query
		want string
	}{
		{"bad since", Query{Since: "2024-13-01"}, "want a date YYYY-MM-DD"},
		{"since not a date", Query{Since: "last week"}, "want a date YYYY-MM-DD"},
		{"unknown status", Query{Status: "RECRUITING,FINISHED"}, `unknown status "FINISHED"`},
		{"empty status list", Query{Status: " , |"}, "names no status"},
		{"page size too large", Query{PageSize: 1001}, "page size 1001: want 1 to 1000"},
		{"negative page size", Query{PageSize: -1}, "page size -1"},
		{"pageToken in extra", Query{Extra: url.Values{"pageToken": {"x"}}}, "pageToken is set by the client"},
		{"pageSize in extra", Query{Extra: url.Values{"pageSize": {"5"}}}, "pageSize is set by the client"},
		{"csv format", Query{Extra: url.Values{"format": {"csv"}}}, "only json pages"},
		{"duplicate cond", Query{Cond: "a", Extra: url.Values{"query.cond": {"b"}}}, "query.cond given both"},
		{"duplicate status", Query{Status: "COMPLETED", Extra: url.Values{"filter.overallStatus": {"RECRUITING"}}}, "filter.overallStatus given both"},
		{"repeated extra", Query{Extra: url.Values{"fields": {"a", "b"}}}, "fields given 2 times"},
		{"empty extra name", Query{Extra: url.Values{"": {"b"}}}, "empty name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			c := testClient(srv, newFakeClock())
			err := c.Fetch(context.Background(), tc.q, &State{}, func(int, []byte) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want one containing %q", err, tc.want)
			}
			if n := len(srv.Requests()); n != 0 {
				t.Errorf("%d requests made for an invalid query", n)
			}
		})
	}
}

func TestCanonicalIgnoresPageSizeAndOrder(t *testing.T) {
	a, err := Query{Cond: "ARDS", Status: "completed,recruiting", PageSize: 10}.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Query{Cond: " ARDS ", Status: "RECRUITING|COMPLETED"}.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("canonical forms differ:\n%s\n%s", a, b)
	}
	if c, _ := (Query{Cond: "COVID"}).Canonical(); c == a {
		t.Errorf("different queries have one canonical form %q", c)
	}
}

// pageBody is what the server answers for page 1 of size 3, to serve in
// faults.
func pageBody(t *testing.T, srv *ctgovapitest.Server) string {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + ctgovapitest.Path + "?format=json&pageSize=3")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRetries(t *testing.T) {
	clockStart := newFakeClock().now()
	for _, tc := range []struct {
		name      string
		failOn    int // request number to fail (1-based)
		fail      func(w http.ResponseWriter, body string)
		wantSleep time.Duration // a sleep that must have happened
		wantLog   string
	}{
		{
			name:      "429 with Retry-After seconds",
			failOn:    2,
			fail:      func(w http.ResponseWriter, _ string) { ctgovapitest.Status(w, 429, "slow down", "Retry-After", "7") },
			wantSleep: 7 * time.Second,
			wantLog:   "429 Too Many Requests: slow down; retry 1 of 6 in 7s",
		},
		{
			name:   "429 with Retry-After date",
			failOn: 1,
			fail: func(w http.ResponseWriter, _ string) {
				ctgovapitest.Status(w, 429, "", "Retry-After", clockStart.Add(30*time.Second).Format(http.TimeFormat))
			},
			wantSleep: 30 * time.Second,
			wantLog:   "429 Too Many Requests; retry 1 of 6 in 30s",
		},
		{
			name:      "429 without Retry-After",
			failOn:    3,
			fail:      func(w http.ResponseWriter, _ string) { ctgovapitest.Status(w, 429, "") },
			wantSleep: time.Millisecond,
		},
		{
			name:      "503",
			failOn:    2,
			fail:      func(w http.ResponseWriter, _ string) { ctgovapitest.Status(w, 503, "<html>maintenance</html>") },
			wantSleep: time.Millisecond,
			wantLog:   "503 Service Unavailable: <html>maintenance</html>; retry 1 of 6",
		},
		{
			name:      "500",
			failOn:    1,
			fail:      func(w http.ResponseWriter, _ string) { ctgovapitest.Status(w, 500, "oops") },
			wantSleep: time.Millisecond,
		},
		{
			name:      "connection dropped mid-body",
			failOn:    2,
			fail:      func(w http.ResponseWriter, body string) { ctgovapitest.DropMidBody(w, body) },
			wantSleep: time.Millisecond,
			wantLog:   "unexpected EOF; retry 1 of 6",
		},
		{
			name:      "truncated JSON body",
			failOn:    2,
			fail:      func(w http.ResponseWriter, body string) { ctgovapitest.Status(w, 200, body[:len(body)/3]) },
			wantSleep: time.Millisecond,
			wantLog:   "response is not a page of studies: unexpected end of JSON input",
		},
		{
			name:      "JSON without studies",
			failOn:    1,
			fail:      func(w http.ResponseWriter, _ string) { ctgovapitest.Status(w, 200, `{"error":"busy"}`) },
			wantSleep: time.Millisecond,
			wantLog:   `no "studies" array`,
		},
		{
			name:      "HTML instead of JSON",
			failOn:    3,
			fail:      func(w http.ResponseWriter, _ string) { ctgovapitest.Status(w, 200, "<html>gateway</html>") },
			wantSleep: time.Millisecond,
			wantLog:   "response is not a page of studies",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			body := pageBody(t, srv)
			srv.Fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
				if n == tc.failOn+1 { // +1: pageBody's request
					tc.fail(w, body)
					return true
				}
				return false
			}
			clk := newFakeClock()
			c := testClient(srv, clk)
			var log strings.Builder
			c.Log = &log
			var col collector
			var st State
			if err := c.Fetch(context.Background(), Query{PageSize: 3}, &st, col.fn); err != nil {
				t.Fatalf("Fetch: %v\nlog:\n%s", err, log.String())
			}
			if !reflect.DeepEqual(col.ids, allIDs) || !reflect.DeepEqual(col.pages, []int{1, 2, 3}) {
				t.Errorf("pages %v, studies %v; want pages 1-3, studies %v", col.pages, col.ids, allIDs)
			}
			if n := len(srv.Requests()); n != 1+3+1 {
				t.Errorf("%d requests, want 5 (1 probe + 3 pages + 1 retry)", n)
			}
			found := false
			for _, d := range clk.slept() {
				found = found || d == tc.wantSleep
			}
			if !found {
				t.Errorf("slept %v, want a sleep of %v", clk.slept(), tc.wantSleep)
			}
			if !strings.Contains(log.String(), tc.wantLog) {
				t.Errorf("log does not mention %q:\n%s", tc.wantLog, log.String())
			}
		})
	}
}

func TestRetriesRunOut(t *testing.T) {
	srv := newServer(t)
	srv.Fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		ctgovapitest.Status(w, 502, "bad gateway")
		return true
	}
	c := testClient(srv, newFakeClock())
	c.MaxRetries = 2
	var calls int
	err := c.Fetch(context.Background(), Query{}, &State{}, func(int, []byte) error { calls++; return nil })
	var he *HTTPError
	if !errors.As(err, &he) || he.StatusCode != 502 {
		t.Fatalf("error = %v, want an HTTPError 502", err)
	}
	if !strings.Contains(err.Error(), "giving up after 3 attempts") {
		t.Errorf("error %q does not say how many attempts", err)
	}
	if n := len(srv.Requests()); n != 3 || calls != 0 {
		t.Errorf("%d requests, %d pages; want 3 requests, 0 pages", n, calls)
	}
}

func TestNoRetryOnClientError(t *testing.T) {
	for _, code := range []int{400, 403, 404} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			srv := newServer(t)
			srv.Fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
				ctgovapitest.Status(w, code, "filter.advanced: unknown area\nBogusArea")
				return true
			}
			c := testClient(srv, newFakeClock())
			err := c.Fetch(context.Background(), Query{Cond: "x"}, &State{}, func(int, []byte) error { return nil })
			var he *HTTPError
			if !errors.As(err, &he) || he.StatusCode != code {
				t.Fatalf("error = %v, want an HTTPError %d", err, code)
			}
			msg := err.Error()
			for _, want := range []string{fmt.Sprint(code), "/api/v2/studies?", "query.cond=x", "filter.advanced: unknown area BogusArea"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not contain %q", msg, want)
				}
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	srv := newServer(t)
	srv.Fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		ctgovapitest.Status(w, 429, "", "Retry-After", "3600")
		return true
	}
	c := testClient(srv, newFakeClock())
	err := c.Fetch(context.Background(), Query{}, &State{}, func(int, []byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "retry after 1h0m0s") {
		t.Fatalf("error = %v, want one about a 1h Retry-After", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestParseRetryAfter(t *testing.T) {
	clk := newFakeClock()
	c := &Client{now: clk.now}
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"12", 12 * time.Second},
		{" 3 ", 3 * time.Second},
		{"-5", 0},
		{"1.5", 0},
		{"soon", 0},
		{"9227000000", (1 << 32) * time.Second}, // would overflow a Duration
		{"99999999999999999999", (1 << 32) * time.Second},
		{clk.now().Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{clk.now().Add(-time.Hour).Format(http.TimeFormat), time.Millisecond},
	} {
		if got := c.parseRetryAfter(tc.in); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestDefaultBackoff(t *testing.T) {
	for attempt, base := range []time.Duration{1, 2, 4, 8, 16, 32, 64, 64, 64} {
		base *= time.Second
		for range 20 {
			d := DefaultBackoff(attempt)
			if d < base/2 || d > base {
				t.Fatalf("DefaultBackoff(%d) = %v, want within [%v, %v]", attempt, d, base/2, base)
			}
		}
	}
}

// cleanRun is the result of an uninterrupted fetch with page size 2.
func cleanRun(t *testing.T) collector {
	t.Helper()
	srv := newServer(t)
	var col collector
	if err := testClient(srv, newFakeClock()).Fetch(context.Background(), Query{Cond: "cancer", PageSize: 2}, &State{}, col.fn); err != nil {
		t.Fatal(err)
	}
	return col
}

func TestResume(t *testing.T) {
	errInterrupt := errors.New("interrupted")
	want := cleanRun(t)
	for _, tc := range []struct {
		name string
		// first runs the interrupted fetch, saving state to path after
		// each page through Checkpoint.
		first func(c *Client, q Query, st *State, col *collector) error
		want  error
	}{
		{
			name: "callback fails on page 3",
			first: func(c *Client, q Query, st *State, col *collector) error {
				return c.Fetch(context.Background(), q, st, func(page int, body []byte) error {
					if page == 3 {
						return errInterrupt
					}
					return col.fn(page, body)
				})
			},
			want: errInterrupt,
		},
		{
			name: "context cancelled after page 2",
			first: func(c *Client, q Query, st *State, col *collector) error {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				save := c.Checkpoint
				c.Checkpoint = func(s *State) error {
					if err := save(s); err != nil {
						return err
					}
					if s.Pages == 2 {
						cancel()
					}
					return nil
				}
				return c.Fetch(ctx, q, st, col.fn)
			},
			want: context.Canceled,
		},
		{
			name: "callback stops after page 2",
			first: func(c *Client, q Query, st *State, col *collector) error {
				return c.Fetch(context.Background(), q, st, func(page int, body []byte) error {
					if err := col.fn(page, body); err != nil {
						return err
					}
					if page == 2 {
						return ErrStop
					}
					return nil
				})
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			path := filepath.Join(t.TempDir(), StateFile)
			q := Query{Cond: "cancer", PageSize: 2}
			c := testClient(srv, newFakeClock())
			c.Checkpoint = func(s *State) error { return s.Save(path) }
			var col collector
			err := tc.first(c, q, &State{}, &col)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("interrupted Fetch: %v, want %v", err, tc.want)
			}
			st, err := LoadState(path)
			if err != nil {
				t.Fatal(err)
			}
			if st.Pages != 2 || st.Studies != 4 || st.Done || st.NextPageToken == "" {
				t.Fatalf("saved state %+v, want 2 pages, 4 studies, a next page token", st)
			}
			before := len(srv.Requests())
			tok := st.NextPageToken

			// A new client, as a new process would have.
			c2 := testClient(srv, newFakeClock())
			c2.Checkpoint = func(s *State) error { return s.Save(path) }
			if err := c2.Fetch(context.Background(), q, st, col.fn); err != nil {
				t.Fatal(err)
			}
			resumed := srv.Requests()[before]
			if resumed.Query.Get("pageToken") != tok {
				t.Errorf("resumed fetch did not start with the saved page token: %v", resumed.Query)
			}
			if !reflect.DeepEqual(col, want) {
				t.Errorf("interrupted + resumed = %+v, clean run = %+v", col, want)
			}
			final, err := LoadState(path)
			if err != nil {
				t.Fatal(err)
			}
			if !final.Done || final.Pages != 4 || final.Studies != 7 || final.Total != 7 {
				t.Errorf("final state %+v", final)
			}
			// Once done, another Fetch makes no request.
			n := len(srv.Requests())
			if err := c2.Fetch(context.Background(), q, final, col.fn); err != nil {
				t.Fatal(err)
			}
			if len(srv.Requests()) != n {
				t.Error("a fetch of a done state made requests")
			}
		})
	}
}

func TestResumeStartsAtSavedPage(t *testing.T) {
	srv := newServer(t)
	q := Query{PageSize: 3}
	st := State{}
	c := testClient(srv, newFakeClock())
	var first collector
	if err := c.Fetch(context.Background(), q, &st, func(page int, body []byte) error {
		if err := first.fn(page, body); err != nil {
			return err
		}
		return ErrStop
	}); err != nil {
		t.Fatal(err)
	}
	tok := st.NextPageToken
	var rest collector
	if err := c.Fetch(context.Background(), q, &st, rest.fn); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 || reqs[1].Query.Get("pageToken") != tok || reqs[1].Query.Has("countTotal") {
		t.Errorf("second run's first request %v, want pageToken=%s and no countTotal", reqs[1].Query, tok)
	}
	if !reflect.DeepEqual(rest.pages, []int{2, 3}) {
		t.Errorf("resumed pages numbered %v, want [2 3]", rest.pages)
	}
}

func TestStateForOtherQueryRefused(t *testing.T) {
	srv := newServer(t)
	c := testClient(srv, newFakeClock())
	st := State{}
	if err := c.Fetch(context.Background(), Query{Cond: "lung cancer", PageSize: 2}, &st, func(int, []byte) error { return ErrStop }); err != nil {
		t.Fatal(err)
	}
	n := len(srv.Requests())
	saved := st
	err := c.Fetch(context.Background(), Query{Cond: "ARDS", PageSize: 2}, &st, func(int, []byte) error { return nil })
	if !errors.Is(err, ErrStateMismatch) {
		t.Fatalf("error = %v, want ErrStateMismatch", err)
	}
	if !strings.Contains(err.Error(), "query.cond=lung+cancer") || !strings.Contains(err.Error(), "query.cond=ARDS") {
		t.Errorf("error %q does not show both queries", err)
	}
	if len(srv.Requests()) != n || st != saved {
		t.Error("a refused resume made requests or changed the state")
	}
	// A different page size is the same query.
	if err := c.Fetch(context.Background(), Query{Cond: "lung cancer", PageSize: 5}, &st, func(int, []byte) error { return nil }); err != nil {
		t.Errorf("resume with another page size: %v", err)
	}
}

func TestInconsistentStateRefused(t *testing.T) {
	srv := newServer(t)
	c := testClient(srv, newFakeClock())
	for _, st := range []State{
		{Query: "format=json", Pages: 2, Studies: 3},
		{Query: "format=json", Pages: 2, Done: true, NextPageToken: "x"},
		{NextPageToken: "x"},
		{Pages: -1},
	} {
		err := c.Fetch(context.Background(), Query{}, &st, func(int, []byte) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "inconsistent fetch state") {
			t.Errorf("state %+v: error = %v, want inconsistent fetch state", st, err)
		}
	}
	if len(srv.Requests()) != 0 {
		t.Error("requests made for inconsistent states")
	}
}

func TestRepeatedTokenStops(t *testing.T) {
	srv := newServer(t)
	srv.Fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		ctgovapitest.Status(w, 200, `{"studies":[],"nextPageToken":"again"}`)
		return true
	}
	c := testClient(srv, newFakeClock())
	err := c.Fetch(context.Background(), Query{}, &State{}, func(int, []byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "same nextPageToken again") {
		t.Fatalf("error = %v, want a repeated token error", err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestRateLimitSpacing(t *testing.T) {
	// On the fake clock: the first request goes at once, then one every
	// minute / RequestsPerMinute, retries included.
	srv := newServer(t)
	srv.Fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		if n == 2 {
			ctgovapitest.Status(w, 503, "")
			return true
		}
		return false
	}
	clk := newFakeClock()
	c := testClient(srv, clk)
	c.RequestsPerMinute = 50
	c.Backoff = func(int) time.Duration { return 0 }
	if err := c.Fetch(context.Background(), Query{PageSize: 2}, &State{}, func(int, []byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	// 5 requests (4 pages + 1 retry after a 0 backoff, which the limiter
	// still spaces).
	want := []time.Duration{1200 * time.Millisecond, 1200 * time.Millisecond, 1200 * time.Millisecond, 1200 * time.Millisecond}
	var got []time.Duration
	for _, d := range clk.slept() {
		if d > 0 {
			got = append(got, d)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("slept %v, want %v", got, want)
	}
}

func TestRateLimitRealClock(t *testing.T) {
	// 600 requests a minute is one every 100ms: 4 requests take at least
	// 300ms, and no two arrive closer than the interval (less a little for
	// scheduling).
	srv := newServer(t)
	c := testClient(srv, nil)
	c.RequestsPerMinute = 600
	start := time.Now()
	if err := c.Fetch(context.Background(), Query{PageSize: 2}, &State{}, func(int, []byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 300*time.Millisecond {
		t.Errorf("4 requests at 600/min took %v, want at least 300ms", el)
	}
	reqs := srv.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want 4", len(reqs))
	}
	for i := 1; i < len(reqs); i++ {
		if gap := reqs[i].Time.Sub(reqs[i-1].Time); gap < 90*time.Millisecond {
			t.Errorf("requests %d and %d %v apart, want about 100ms", i, i+1, gap)
		}
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	srv := newServer(t)
	srv.Fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		ctgovapitest.Status(w, 503, "")
		return true
	}
	c := testClient(srv, nil)
	c.Backoff = func(int) time.Duration { return time.Hour }
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := c.Fetch(ctx, Query{}, &State{}, func(int, []byte) error { return nil })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want the context's", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("cancelled fetch returned after %v", el)
	}
}

func TestCancelledBeforeStart(t *testing.T) {
	srv := newServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := testClient(srv, nil).Fetch(ctx, Query{}, &State{}, func(int, []byte) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests after cancel", n)
	}
}

func TestUserAgent(t *testing.T) {
	srv := newServer(t)
	var got []string
	srv.Fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		got = append(got, r.UserAgent())
		return false
	}
	c := testClient(srv, newFakeClock())
	if err := c.Fetch(context.Background(), Query{}, nil, func(int, []byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	c.UserAgent = "me/1.0"
	if err := c.Fetch(context.Background(), Query{}, nil, func(int, []byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if want := []string{DefaultUserAgent, "me/1.0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("user agents %q, want %q", got, want)
	}
}
