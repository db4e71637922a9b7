package ctgovapi

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
)

// MaxPageSize is the largest page the API serves, and the default page size.
const MaxPageSize = 1000

// Query selects the studies to fetch. Every field is optional; an empty
// Query fetches the whole registry.
type Query struct {
	Cond  string // query.cond: conditions or disease, Essie syntax
	Term  string // query.term: other terms
	Intr  string // query.intr: intervention / treatment
	Locn  string // query.locn: location terms
	Spons string // query.spons: sponsor / collaborator
	// Status is a comma- or pipe-separated list of overall statuses
	// (filter.overallStatus), such as "RECRUITING,COMPLETED". Case, spaces
	// and hyphens are forgiven: "not yet recruiting" is NOT_YET_RECRUITING.
	Status string
	// Since (YYYY-MM-DD) keeps studies whose last update was posted on or
	// after that date: filter.advanced=AREA[LastUpdatePostDate]RANGE[Since,MAX],
	// ANDed with any filter.advanced in Extra.
	Since string
	// Extra holds further API parameters (fields, sort, query.titles,
	// filter.geo, ...), one value each. It may not repeat a parameter set by
	// a field above, nor set pageToken, pageSize or countTotal, and format
	// may only be json.
	Extra url.Values
	// PageSize is the number of studies per page, 1 to MaxPageSize;
	// 0 means MaxPageSize.
	PageSize int
}

// statuses are the values of the API's Status enum.
var statuses = []string{
	"ACTIVE_NOT_RECRUITING", "APPROVED_FOR_MARKETING", "AVAILABLE", "COMPLETED",
	"ENROLLING_BY_INVITATION", "NOT_YET_RECRUITING", "NO_LONGER_AVAILABLE",
	"RECRUITING", "SUSPENDED", "TEMPORARILY_NOT_AVAILABLE", "TERMINATED",
	"UNKNOWN", "WITHDRAWN", "WITHHELD",
}

// params returns the query's API parameters, without the paging ones
// (pageToken, pageSize, countTotal) that vary from page to page.
func (q Query) params() (url.Values, error) {
	v := url.Values{}
	for k, vals := range q.Extra {
		switch {
		case k == "":
			return nil, fmt.Errorf("ctgovapi: extra parameter with an empty name")
		case k == "pageToken" || k == "pageSize" || k == "countTotal":
			return nil, fmt.Errorf("ctgovapi: parameter %s is set by the client, not by the query", k)
		case len(vals) != 1:
			return nil, fmt.Errorf("ctgovapi: parameter %s given %d times", k, len(vals))
		case k == "format" && vals[0] != "json":
			return nil, fmt.Errorf("ctgovapi: format=%s: only json pages can be fetched", vals[0])
		}
		v.Set(k, vals[0])
	}
	v.Set("format", "json")
	for _, p := range []struct{ key, val string }{
		{"query.cond", q.Cond}, {"query.term", q.Term}, {"query.intr", q.Intr},
		{"query.locn", q.Locn}, {"query.spons", q.Spons},
	} {
		if err := setOnce(v, p.key, strings.TrimSpace(p.val)); err != nil {
			return nil, err
		}
	}
	if q.Status != "" {
		s, err := normalizeStatus(q.Status)
		if err != nil {
			return nil, err
		}
		if err := setOnce(v, "filter.overallStatus", s); err != nil {
			return nil, err
		}
	}
	if q.Since != "" {
		if _, err := time.Parse(time.DateOnly, q.Since); err != nil {
			return nil, fmt.Errorf("ctgovapi: since %q: want a date YYYY-MM-DD", q.Since)
		}
		f := "AREA[LastUpdatePostDate]RANGE[" + q.Since + ",MAX]"
		if old := v.Get("filter.advanced"); old != "" {
			f = "(" + old + ") AND " + f
		}
		v.Set("filter.advanced", f)
	}
	return v, nil
}

func setOnce(v url.Values, key, val string) error {
	if val == "" {
		return nil
	}
	if v.Has(key) {
		return fmt.Errorf("ctgovapi: parameter %s given both as a query field and as an extra parameter", key)
	}
	v.Set(key, val)
	return nil
}

// normalizeStatus turns "recruiting, not yet recruiting" into
// "NOT_YET_RECRUITING|RECRUITING" (sorted, so the canonical query is stable).
func normalizeStatus(s string) (string, error) {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' }) {
		f = strings.ToUpper(strings.TrimSpace(f))
		f = strings.NewReplacer(" ", "_", "-", "_").Replace(f)
		if f == "" {
			continue
		}
		if i := sort.SearchStrings(statuses, f); i == len(statuses) || statuses[i] != f {
			return "", fmt.Errorf("ctgovapi: unknown status %q (valid: %s)", f, strings.Join(statuses, ", "))
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return "", fmt.Errorf("ctgovapi: status %q names no status", s)
	}
	sort.Strings(out)
	return strings.Join(out, "|"), nil
}

// Canonical returns the query as the API parameters that identify it, in a
// stable order: every page of one fetch carries them, and a saved State
// records them so that a fetch is only resumed by the same query. Page size
// is not part of it: the API lets it change between pages.
func (q Query) Canonical() (string, error) {
	v, err := q.params()
	if err != nil {
		return "", err
	}
	return v.Encode(), nil
}

func (q Query) pageSize() (int, error) {
	switch {
	case q.PageSize == 0:
		return MaxPageSize, nil
	case q.PageSize < 0 || q.PageSize > MaxPageSize:
		return 0, fmt.Errorf("ctgovapi: page size %d: want 1 to %d", q.PageSize, MaxPageSize)
	}
	return q.PageSize, nil
}
