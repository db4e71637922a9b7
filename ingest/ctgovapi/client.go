// Package ctgovapi fetches study records live from the ClinicalTrials.gov
// API v2 (GET /api/v2/studies), page by page.
//
// The API returns at most 1,000 studies per page as a JSON object
// {"studies": [...], "nextPageToken": "..."}; the next page is requested
// with the same parameters plus pageToken, and the last page has no token.
// A Client walks that chain politely and robustly: at most
// RequestsPerMinute requests (the API asks for about 50 a minute), retries
// with exponential backoff and jitter on 429 (honouring Retry-After), 5xx,
// dropped connections and truncated bodies, and no retry on other 4xx.
// Progress is kept in a State that can be saved after every page, so an
// interrupted fetch resumes at the page where it stopped.
//
// Pages are handed over raw, as received, for the caller to store or to
// parse with the ctgov JSON reader of package ingest.
//
//	c := &ctgovapi.Client{Log: os.Stderr}
//	q := ctgovapi.Query{Cond: "ARDS", Intr: "mesenchymal stem cells", Since: "2024-01-01"}
//	var st ctgovapi.State
//	err := c.Fetch(ctx, q, &st, func(page int, body []byte) error {
//		_, err := ctgovapi.SavePage("pages", page, body)
//		return err
//	})
package ctgovapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults of the Client fields.
const (
	DefaultBaseURL           = "https://clinicaltrials.gov"
	DefaultRequestsPerMinute = 50
	DefaultMaxRetries        = 6
	DefaultUserAgent         = "trialgraph-fetch (+https://w3id.org/trialgraph)"
	// DefaultTimeout bounds one request, body included, when HTTP is nil.
	DefaultTimeout = 5 * time.Minute

	// studiesPath is the endpoint under BaseURL.
	studiesPath = "/api/v2/studies"
	// maxRetryAfter bounds the wait a server may ask for; a longer
	// Retry-After ends the fetch (it stays resumable).
	maxRetryAfter = 10 * time.Minute
	// maxPageBytes bounds one response body.
	maxPageBytes = 512 << 20
)

// Client fetches pages from the API. The zero value is ready to use with
// the defaults below. A Client must not be copied after first use; its
// rate limit is shared by all its Fetch calls.
type Client struct {
	BaseURL string       // default DefaultBaseURL; the path /api/v2/studies is appended
	HTTP    *http.Client // default: http.DefaultTransport with DefaultTimeout
	// RequestsPerMinute spaces requests (retries included) at least
	// one minute / RequestsPerMinute apart; default 50.
	RequestsPerMinute int
	// MaxRetries is the number of retries of one page after the first
	// attempt; default 6. A negative value means no retry.
	MaxRetries int
	// Backoff returns the wait before retry attempt (0 for the first
	// retry) when the server gave no Retry-After; default exponential from
	// about 1s, doubling, capped at 64s, with jitter.
	Backoff   func(attempt int) time.Duration
	UserAgent string    // default DefaultUserAgent
	Log       io.Writer // progress and retry warnings, one line each; nil for none
	// Checkpoint, if set, is called after each accepted page with the
	// updated state, typically to save it; an error ends Fetch.
	Checkpoint func(*State) error

	// Clock, replaced in tests.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu   sync.Mutex
	next time.Time // earliest start of the next request
}

// HTTPError is a response with a status that is not retried, or the last
// one when retries ran out.
type HTTPError struct {
	URL        string
	StatusCode int
	Status     string // such as "400 Bad Request"
	Body       string // the start of the body, for the message
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("GET %s: %s", e.URL, e.Status)
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// ErrBadPage is the cause of an error for a response body that is not a
// page of studies (not JSON, truncated, no "studies" array). Such a body is
// retried like a dropped connection.
var ErrBadPage = errors.New("response is not a page of studies")

// ErrStop may be returned by the page callback of Fetch to accept the
// page and end the fetch early without error; the state is updated as for
// any accepted page and the fetch can be resumed later.
var ErrStop = errors.New("stop fetching")

// Fetch pages through the studies matching q, calling fn with each page's
// number (1-based, counting across resumed runs) and raw JSON body, in
// order. If state has a NextPageToken, Fetch resumes there; a state saved
// for another query is refused with ErrStateMismatch, and a state that is
// Done returns at once. After fn returns nil for a page, Fetch updates
// state (and calls Checkpoint); if fn fails, state still points at that
// page, so resuming fetches it again. Fetch returns ctx's error when ctx
// ends.
func (c *Client) Fetch(ctx context.Context, q Query, state *State, fn func(page int, body []byte) error) error {
	if state == nil {
		state = &State{}
	}
	params, err := q.params()
	if err != nil {
		return err
	}
	size, err := q.pageSize()
	if err != nil {
		return err
	}
	canon := params.Encode()
	if err := state.check(); err != nil {
		return fmt.Errorf("ctgovapi: inconsistent fetch state: %w", err)
	}
	if state.Query != "" && state.Query != canon {
		return fmt.Errorf("ctgovapi: %w: saved %q, asked %q", ErrStateMismatch, state.Query, canon)
	}
	state.Query = canon
	if state.Done {
		c.logf("fetch already complete: %d pages, %d studies", state.Pages, state.Studies)
		return nil
	}
	if state.Pages > 0 {
		c.logf("resuming at page %d (%d studies so far)", state.Pages+1, state.Studies)
	}
	base := strings.TrimRight(c.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	for {
		v := cloneValues(params)
		v.Set("pageSize", fmt.Sprint(size))
		if state.NextPageToken != "" {
			v.Set("pageToken", state.NextPageToken)
		} else {
			v.Set("countTotal", "true")
		}
		u := base + studiesPath + "?" + v.Encode()
		body, pg, err := c.getPage(ctx, u)
		if err != nil {
			return err
		}
		n := state.Pages + 1
		stop := false
		if err := fn(n, body); errors.Is(err, ErrStop) {
			stop = true
		} else if err != nil {
			return fmt.Errorf("page %d: %w", n, err)
		}
		if pg.NextPageToken != "" && pg.NextPageToken == state.NextPageToken {
			return fmt.Errorf("ctgovapi: page %d: the API returned the same nextPageToken again", n)
		}
		if state.Pages == 0 && pg.TotalCount != nil {
			state.Total = *pg.TotalCount
		}
		state.Pages = n
		state.Studies += len(*pg.Studies)
		state.NextPageToken = pg.NextPageToken
		state.Done = pg.NextPageToken == ""
		if state.Total > 0 {
			c.logf("page %d: %d studies (%d of %d)", n, len(*pg.Studies), state.Studies, state.Total)
		} else {
			c.logf("page %d: %d studies (%d so far)", n, len(*pg.Studies), state.Studies)
		}
		if c.Checkpoint != nil {
			if err := c.Checkpoint(state); err != nil {
				return fmt.Errorf("page %d: saving fetch state: %w", n, err)
			}
		}
		if state.Done || stop {
			return nil
		}
	}
}

// page is the part of a response body Fetch checks and uses.
type page struct {
	Studies       *[]json.RawMessage `json:"studies"`
	NextPageToken string             `json:"nextPageToken"`
	TotalCount    *int               `json:"totalCount"`
}

// attemptError is the failure of one request, with whether and when to
// retry it.
type attemptError struct {
	err        error
	retry      bool
	retryAfter time.Duration // from the server, 0 if none
}

// getPage GETs u with rate limiting and retries, and returns the body once
// it is a valid page.
func (c *Client) getPage(ctx context.Context, u string) ([]byte, *page, error) {
	max := c.MaxRetries
	if max == 0 {
		max = DefaultMaxRetries
	} else if max < 0 {
		max = 0
	}
	for attempt := 0; ; attempt++ {
		if err := c.wait(ctx); err != nil {
			return nil, nil, err
		}
		body, pg, ae := c.try(ctx, u)
		if ae == nil {
			return body, pg, nil
		}
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if !ae.retry {
			return nil, nil, fmt.Errorf("ctgovapi: %w", ae.err)
		}
		if attempt >= max {
			return nil, nil, fmt.Errorf("ctgovapi: giving up after %d attempts: %w", attempt+1, ae.err)
		}
		d := ae.retryAfter
		if d > maxRetryAfter {
			return nil, nil, fmt.Errorf("ctgovapi: server asks to retry after %v (more than %v): %w", d, maxRetryAfter, ae.err)
		}
		if d <= 0 {
			d = c.backoff(attempt)
		}
		c.logf("%v; retry %d of %d in %v", ae.err, attempt+1, max, d.Round(time.Millisecond))
		if err := c.sleepCtx(ctx, d); err != nil {
			return nil, nil, err
		}
	}
}

// try makes one request.
func (c *Client) try(ctx context.Context, u string) ([]byte, *page, *attemptError) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, &attemptError{err: err}
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: DefaultTimeout}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, nil, &attemptError{err: err, retry: retryableTransport(err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		excerpt, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		he := &HTTPError{URL: u, StatusCode: resp.StatusCode, Status: resp.Status, Body: oneLine(excerpt, 200)}
		ae := &attemptError{err: he}
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			ae.retry = true
			ae.retryAfter = c.parseRetryAfter(resp.Header.Get("Retry-After"))
		case resp.StatusCode == http.StatusRequestTimeout:
			ae.retry = true
		case resp.StatusCode >= 500:
			ae.retry = true
			ae.retryAfter = c.parseRetryAfter(resp.Header.Get("Retry-After"))
		}
		return nil, nil, ae
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPageBytes+1))
	if err != nil {
		return nil, nil, &attemptError{err: fmt.Errorf("GET %s: reading body: %w", u, err), retry: retryableTransport(err)}
	}
	if len(body) > maxPageBytes {
		return nil, nil, &attemptError{err: fmt.Errorf("GET %s: body larger than %d bytes; use a smaller page size", u, maxPageBytes)}
	}
	var pg page
	if err := json.Unmarshal(body, &pg); err != nil {
		return nil, nil, &attemptError{err: fmt.Errorf("GET %s: %w: %v", u, ErrBadPage, err), retry: true}
	}
	if pg.Studies == nil {
		return nil, nil, &attemptError{err: fmt.Errorf("GET %s: %w: no \"studies\" array", u, ErrBadPage), retry: true}
	}
	return body, &pg, nil
}

// wait blocks until the rate limit allows the next request. Requests are
// spaced evenly (a token bucket holding one token): no burst.
func (c *Client) wait(ctx context.Context) error {
	rpm := c.RequestsPerMinute
	if rpm <= 0 {
		rpm = DefaultRequestsPerMinute
	}
	interval := time.Minute / time.Duration(rpm)
	c.mu.Lock()
	now := c.clock()
	start := now
	if c.next.After(now) {
		start = c.next
	}
	// Reserve the slot before sleeping so that concurrent Fetch calls on
	// one Client queue up behind each other.
	c.next = start.Add(interval)
	c.mu.Unlock()
	if d := start.Sub(now); d > 0 {
		return c.sleepCtx(ctx, d)
	}
	return ctx.Err()
}

func (c *Client) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

func (c *Client) sleepCtx(ctx context.Context, d time.Duration) error {
	if c.sleep != nil {
		return c.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *Client) backoff(attempt int) time.Duration {
	if c.Backoff != nil {
		return c.Backoff(attempt)
	}
	return DefaultBackoff(attempt)
}

// DefaultBackoff is the wait before retry attempt (0-based) when the
// server gives no Retry-After: 1s, 2s, 4s, ... capped at 64s, each with
// "equal jitter" (a random half added to a fixed half) so that clients
// that failed together do not retry together.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Second << min(max(attempt, 0), 6)
	return d/2 + rand.N(d/2+1)
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP
// date. It returns 0 when absent or unreadable.
func (c *Client) parseRetryAfter(h string) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		switch {
		case secs <= 0:
			return 0
		case secs > 1<<32:
			// Larger values would overflow a Duration; anything past
			// maxRetryAfter ends the fetch anyway.
			secs = 1 << 32
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := t.Sub(c.clock()); d > 0 {
			return d
		}
		// A date in the past: retry now, but still through the rate limit.
		return time.Millisecond
	}
	return 0
}

func (c *Client) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, "ctgovapi: "+format+"\n", args...)
	}
}

// oneLine shortens b to at most n bytes on one line, for messages.
func oneLine(b []byte, n int) string {
	s := strings.Join(strings.Fields(strings.ToValidUTF8(string(b), "?")), " ")
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "") + "..."
	}
	return s
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v)+3)
	for k, vals := range v {
		out[k] = append([]string(nil), vals...)
	}
	return out
}
