package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/graph"
)

func TestStats(t *testing.T) {
	db := seedDB(t)
	var s graph.Stats
	if err := json.Unmarshal([]byte(mustTG(t, "stats", "--db", db, "--format", "json")), &s); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, c := range s.Counts {
		counts[c.Kind] = c.Count
	}
	for kind, want := range map[string]int{"trials": 5, "source records": 5, "countries": 2, "cell sources": 3, "sites": 7} {
		if counts[kind] != want {
			t.Errorf("%s: %d, want %d (all counts %v)", kind, counts[kind], want, counts)
		}
	}
	for _, kind := range []string{"organisations", "people", "sites", "conditions", "outcome measures", "arms", "interventions"} {
		if counts[kind] == 0 {
			t.Errorf("no %s counted", kind)
		}
	}
	if len(s.TopSites) == 0 || len(s.TopSponsors) == 0 || len(s.TopInvestigators) == 0 {
		t.Fatalf("empty top lists: %+v", s)
	}
	// One trial each over the seeds: ties are ordered by name.
	for i := 1; i < len(s.TopSites); i++ {
		a, b := s.TopSites[i-1], s.TopSites[i]
		if a.Trials < b.Trials || (a.Trials == b.Trials && a.Name > b.Name) {
			t.Errorf("sites out of order: %+v before %+v", a, b)
		}
	}
	if got := s.TopSites[0]; got.Name != "General Hospital of Central Theater Command" || got.Trials != 1 {
		t.Errorf("first site %+v, want General Hospital of Central Theater Command with 1 trial", got)
	}

	table := mustTG(t, "stats", "--db", db)
	for _, want := range []string{"NODES", "trials", "TOP SITES", "TOP SPONSORS", "TOP INVESTIGATORS", "Fu-Sheng Wang"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	if again := mustTG(t, "stats", "--db", db); again != table {
		t.Errorf("stats output differs between runs")
	}
	if code, _, errs := tg(t, "", "stats", "--db", db, "--format", "xml"); code != exitUsage || !strings.Contains(errs, "valid: table, json") {
		t.Errorf("bad format: exit %d, %q", code, errs)
	}
	if code, _, _ := tg(t, "", "stats", "--db", t.TempDir()); code != exitNoStore {
		t.Errorf("missing store: exit %d, want %d", code, exitNoStore)
	}
}
