package ctgovapi

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func FuzzParseRetryAfter(f *testing.F) {
	clk := newFakeClock()
	for _, s := range []string{"", "0", "120", "-1", "1e9", "99999999999999999999", clk.now().Format(http.TimeFormat), "Sun, 06 Nov 1994 08:49:37 GMT"} {
		f.Add(s)
	}
	c := &Client{now: clk.now}
	f.Fuzz(func(t *testing.T, s string) {
		if d := c.parseRetryAfter(s); d < 0 {
			t.Errorf("parseRetryAfter(%q) = %v < 0", s, d)
		} else if d > 0 && d < time.Millisecond {
			t.Errorf("parseRetryAfter(%q) = %v", s, d)
		}
	})
}

func FuzzLoadState(f *testing.F) {
	f.Add([]byte(`{"query":"format=json","nextPageToken":"abc","pages":2,"studies":2000}`))
	f.Add([]byte(`{"query":"format=json","pages":4,"studies":7,"total":7,"done":true}`))
	f.Add([]byte(`{"pages":-1}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), StateFile)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		st, err := LoadState(path)
		if err != nil {
			return
		}
		// A state that loads is consistent and survives a round trip.
		if err := st.check(); err != nil {
			t.Fatalf("loaded an inconsistent state: %v", err)
		}
		if err := st.Save(path); err != nil {
			t.Fatal(err)
		}
		again, err := LoadState(path)
		if err != nil || *again != *st {
			t.Fatalf("round trip: %+v, %v; want %+v", again, err, st)
		}
	})
}

func FuzzQueryCanonical(f *testing.F) {
	f.Add("lung cancer", "recruiting,completed", "2024-01-01")
	f.Add("", "NOT_YET_RECRUITING|withdrawn", "")
	f.Add("(a OR b)", "bogus", "2024-02-30")
	f.Fuzz(func(t *testing.T, cond, status, since string) {
		q := Query{Cond: cond, Status: status, Since: since}
		c1, err := q.Canonical()
		if err != nil {
			return
		}
		// Canonical forms are stable and independent of the page size.
		q.PageSize = 7
		if c2, err := q.Canonical(); err != nil || c2 != c1 {
			t.Fatalf("canonical changed: %q, %q, %v", c1, c2, err)
		}
	})
}
