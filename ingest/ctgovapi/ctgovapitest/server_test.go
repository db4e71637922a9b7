package ctgovapitest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func get(t *testing.T, srv *Server, q url.Values) (int, string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + Path + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestServer(t *testing.T) {
	studies, err := LoadStudies("../../../testdata/api/studies.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(studies)
	defer srv.Close()

	code, body := get(t, srv, url.Values{"pageSize": {"4"}, "countTotal": {"true"}, "query.cond": {"a"}})
	var p struct {
		Studies       []json.RawMessage
		NextPageToken string
		TotalCount    int
	}
	if err := json.Unmarshal([]byte(body), &p); code != 200 || err != nil {
		t.Fatalf("first page: %d %v", code, err)
	}
	if len(p.Studies) != 4 || p.TotalCount != 7 || p.NextPageToken == "" {
		t.Fatalf("first page: %d studies, total %d, token %q", len(p.Studies), p.TotalCount, p.NextPageToken)
	}
	for _, tc := range []struct {
		name string
		q    url.Values
		code int
		want string
	}{
		{"next page", url.Values{"pageToken": {p.NextPageToken}, "query.cond": {"a"}}, 200, `"studies":[`},
		{"token with another query", url.Values{"pageToken": {p.NextPageToken}, "query.cond": {"b"}}, 400, "different query parameters"},
		{"bad token", url.Values{"pageToken": {"!!"}}, 400, "pageToken"},
		{"csv", url.Values{"format": {"csv"}}, 400, "json only"},
		{"bad page size", url.Values{"pageSize": {"-3"}}, 400, "pageSize"},
		{"unsupported filter", url.Values{"filter.advanced": {"AREA[Phase]PHASE3"}}, 400, "filter.advanced"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := get(t, srv, tc.q)
			if code != tc.code || !strings.Contains(body, tc.want) {
				t.Errorf("got %d %.100q, want %d and %q", code, body, tc.code, tc.want)
			}
			if tc.code == 200 && strings.Contains(body, "nextPageToken") {
				t.Errorf("last page has a nextPageToken")
			}
		})
	}
	if n := len(srv.Requests()); n != 7 {
		t.Errorf("%d requests recorded, want 7", n)
	}
	srv.Fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		Status(w, 429, "later", "Retry-After", "5")
		return true
	}
	if code, body := get(t, srv, nil); code != 429 || body != "later" {
		t.Errorf("fault answer %d %q", code, body)
	}
}
