// Package ctgovapitest provides a local stand-in for the ClinicalTrials.gov
// API v2 /api/v2/studies endpoint, for tests that must not touch the
// network.
//
// A Server replays a fixed list of real study records: it cuts them into
// pages of the requested pageSize chained by nextPageToken, reports
// totalCount when countTotal=true, applies
// filter.advanced=AREA[LastUpdatePostDate]RANGE[date,MAX], and answers 400
// to what the real API refuses (a format other than json, a bad pageSize,
// a pageToken used with other query parameters than the first page). It
// records every request, and a Fault hook can answer any request instead,
// to simulate rate limiting, server errors and dropped connections.
//
//	studies, _ := ctgovapitest.LoadStudies("testdata/api/studies.json")
//	srv := ctgovapitest.NewServer(studies)
//	defer srv.Close()
//	c := &ctgovapi.Client{BaseURL: srv.URL}
package ctgovapitest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Path is the endpoint the Server answers.
const Path = "/api/v2/studies"

// Request is one request the Server received.
type Request struct {
	N     int        // 1-based, in order of arrival
	Time  time.Time  // arrival
	Query url.Values // the URL's parameters
}

// Server is a running replay of /api/v2/studies.
type Server struct {
	*httptest.Server

	// Fault, if set, is called first for every request with its number
	// (1-based); if it returns true it has answered the request and the
	// replay does not. Set it before the first request.
	Fault func(n int, w http.ResponseWriter, r *http.Request) bool

	studies []json.RawMessage
	mu      sync.Mutex
	reqs    []Request
}

// LoadStudies reads a JSON array of study objects, such as a website
// "Download JSON" file (ctg-studies.json).
func LoadStudies(path string) ([]json.RawMessage, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s []json.RawMessage
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// NewServer starts a Server replaying studies. Close it when done.
func NewServer(studies []json.RawMessage) *Server {
	s := &Server{studies: studies}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Requests returns a copy of the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

var sinceRE = regexp.MustCompile(`AREA\[LastUpdatePostDate\]RANGE\[(\d{4}-\d{2}-\d{2}),\s*MAX\]`)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.reqs) + 1
	s.reqs = append(s.reqs, Request{N: n, Time: time.Now(), Query: r.URL.Query()})
	s.mu.Unlock()
	if s.Fault != nil && s.Fault(n, w, r) {
		return
	}
	if r.URL.Path != Path {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	if f := q.Get("format"); f != "" && f != "json" {
		badRequest(w, "format: this replay serves json only")
		return
	}
	size := 10
	if ps := q.Get("pageSize"); ps != "" {
		v, err := strconv.Atoi(ps)
		if err != nil || v < 0 {
			badRequest(w, "pageSize: must be a non-negative integer")
			return
		}
		if v > 0 {
			size = min(v, 1000)
		}
	}
	studies := s.studies
	if adv := q.Get("filter.advanced"); adv != "" {
		m := sinceRE.FindStringSubmatch(adv)
		if m == nil {
			badRequest(w, "filter.advanced: this replay understands AREA[LastUpdatePostDate]RANGE[date,MAX] only")
			return
		}
		studies = updatedSince(studies, m[1])
	}
	key := queryKey(q)
	off := 0
	if tok := q.Get("pageToken"); tok != "" {
		o, k, ok := decodeToken(tok)
		if !ok || k != key {
			badRequest(w, "pageToken: invalid or used with different query parameters")
			return
		}
		off = o
	}
	end := min(off+size, len(studies))
	out := struct {
		TotalCount    *int              `json:"totalCount,omitempty"`
		Studies       []json.RawMessage `json:"studies"`
		NextPageToken string            `json:"nextPageToken,omitempty"`
	}{Studies: studies[off:end]}
	if q.Get("countTotal") == "true" && q.Get("pageToken") == "" {
		t := len(studies)
		out.TotalCount = &t
	}
	if end < len(studies) {
		out.NextPageToken = encodeToken(end, key)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

func badRequest(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprintln(w, msg)
}

// queryKey identifies the parameters that must stay the same from page to
// page (all but pageToken, pageSize and countTotal).
func queryKey(q url.Values) string {
	k := url.Values{}
	for name, v := range q {
		if name != "pageToken" && name != "pageSize" && name != "countTotal" {
			k[name] = v
		}
	}
	return k.Encode()
}

func encodeToken(off int, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(off) + "\n" + key))
}

func decodeToken(tok string) (int, string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, "", false
	}
	o, key, ok := strings.Cut(string(b), "\n")
	off, err := strconv.Atoi(o)
	return off, key, ok && err == nil && off >= 0
}

func updatedSince(studies []json.RawMessage, date string) []json.RawMessage {
	var out []json.RawMessage
	for _, st := range studies {
		var v struct {
			ProtocolSection struct {
				StatusModule struct {
					LastUpdatePostDateStruct struct {
						Date string `json:"date"`
					} `json:"lastUpdatePostDateStruct"`
				} `json:"statusModule"`
			} `json:"protocolSection"`
		}
		if json.Unmarshal(st, &v) == nil && v.ProtocolSection.StatusModule.LastUpdatePostDateStruct.Date >= date {
			out = append(out, st)
		}
	}
	return out
}

// Status returns a Fault answer: status code, headers (pairs of name and
// value) and a plain-text body.
func Status(w http.ResponseWriter, code int, body string, header ...string) {
	for i := 0; i+1 < len(header); i += 2 {
		w.Header().Set(header[i], header[i+1])
	}
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(code)
	fmt.Fprint(w, body)
}

// DropMidBody is a Fault answer: a 200 response announcing body, of which
// it sends only the first half before closing the connection, as a dropped
// connection does. If the connection cannot be taken over it answers 500.
func DropMidBody(w http.ResponseWriter, body string) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "ctgovapitest: connection cannot be hijacked", http.StatusInternalServerError)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		http.Error(w, "ctgovapitest: "+err.Error(), http.StatusInternalServerError)
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	buf.WriteString(body[:len(body)/2])
	buf.Flush()
}
