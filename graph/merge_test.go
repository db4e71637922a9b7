package graph_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ontology"
	"github.com/trialgraph/trialgraph/trial"
)

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMergeStudies merges the study page of NCT05741099 (seed 000) with an
// API v2 record of the same date that lacks most of the page's text.
func TestMergeStudies(t *testing.T) {
	page := readOne(t, "../testdata/seeds/000_e6ef2a133a887bd4.txt")
	api := readOne(t, "../testdata/crossformat/NCT05741099.json")
	before := mustJSON(t, []any{page, api})

	m := graph.MergeStudies(page, api)
	if again := graph.MergeStudies(api, page); !reflect.DeepEqual(m, again) {
		t.Errorf("merge is not commutative:\n%s\n%s", mustJSON(t, m), mustJSON(t, again))
	}
	if mustJSON(t, []any{page, api}) != before {
		t.Error("MergeStudies changed its arguments")
	}
	tests := []struct{ field, got, want string }{
		{"source (same date: the structured format wins)", m.Source.Format, "ctgov-json"},
		{"merged from", mustJSON(t, m.MergedFrom), mustJSON(t, []trial.Source{page.Source})},
		{"city, a list taken whole from the winner", m.Locations[0].City, "Shijiazhuang, Hebei"},
		{"official name from the winner", m.Officials[0].Name, api.Officials[0].Name},
		{"responsible party's affiliation from the winner", m.ResponsibleParty.Affiliation, "Hebei Medical University"},
		{"start date filled from the page", m.StartDate.Value, "2023-01-28"},
		{"arms filled from the page", mustJSON(t, m.Arms), mustJSON(t, page.Arms)},
		{"design filled field by field", m.Design.Allocation, "RANDOMIZED"},
		{"eligibility criteria filled field by field", m.Eligibility.Criteria, page.Eligibility.Criteria},
		{"enrollment filled from the page", mustJSON(t, m.Enrollment), mustJSON(t, page.Enrollment)},
		{"last update from the winner", m.LastUpdatePostDate.Type, "ACTUAL"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.field, tt.got, tt.want)
		}
	}
	if page.Eligibility.Criteria == "" || len(page.Arms) == 0 || page.Enrollment == nil {
		t.Fatal("the page lost facts this test relies on")
	}

	// Both records stay linked, and the stored graph ranks as its best source.
	qs := graph.NewBuilder("").Study(m)
	var derived []string
	for _, q := range qs {
		if q.Predicate == quad.IRI(ontology.ProvDerived) {
			derived = append(derived, string(q.Object.(quad.IRI)))
		}
	}
	if len(derived) != 2 {
		t.Errorf("prov:wasDerivedFrom %v, want the two source records", derived)
	}
	if got, want := graph.StoredRank(qs), graph.Rank(api); got != want {
		t.Errorf("StoredRank = %q, want the API record's %q", got, want)
	}
}

// A newer record wins over a richer one.
func TestMergeStudiesNewerWins(t *testing.T) {
	page := readOne(t, "../testdata/seeds/000_e6ef2a133a887bd4.txt")
	api := readOne(t, "../testdata/crossformat/NCT05741099.json")
	newer := *page
	newer.Source.LastUpdated = "2024-01-05"
	newer.OverallStatus = "COMPLETED"
	for _, m := range []*trial.Study{graph.MergeStudies(&newer, api), graph.MergeStudies(api, &newer)} {
		if m.Source.Format != "ctgov-page" || m.OverallStatus != "COMPLETED" || m.Locations[0].City != "Shijiazhuang" {
			t.Errorf("newer page should win: source %s, status %s, city %s", m.Source.Format, m.OverallStatus, m.Locations[0].City)
		}
		if m.ResponsibleParty.Affiliation != "" {
			t.Errorf("responsible party is taken whole from the winner, got affiliation %q", m.ResponsibleParty.Affiliation)
		}
	}
	// Three records: the order of merging does not matter.
	third := *api
	third.Source.SHA256 = "00" + api.Source.SHA256[2:]
	third.Source.LastUpdated = "2022-06-01"
	third.Acronym = "MSC-COVID"
	x := graph.MergeStudies(graph.MergeStudies(page, api), &third)
	y := graph.MergeStudies(&third, graph.MergeStudies(api, page))
	z := graph.MergeStudies(graph.MergeStudies(&third, page), api)
	if !reflect.DeepEqual(x, y) || !reflect.DeepEqual(x, z) {
		t.Errorf("merge of three depends on order:\n%s\n%s\n%s", mustJSON(t, x), mustJSON(t, y), mustJSON(t, z))
	}
	if x.Acronym != "MSC-COVID" || len(x.MergedFrom) != 2 {
		t.Errorf("acronym %q, merged from %d records", x.Acronym, len(x.MergedFrom))
	}
}

func TestMergeStudiesOtherTrial(t *testing.T) {
	a := readOne(t, "../testdata/seeds/000_e6ef2a133a887bd4.txt")
	b := readOne(t, "../testdata/crossformat/NCT04339660.json")
	m := graph.MergeStudies(a, b)
	if m.NCTID != b.NCTID && m.NCTID != a.NCTID || len(m.MergedFrom) != 0 {
		t.Errorf("studies of two trials were merged: %s from %v", m.NCTID, m.MergedFrom)
	}
}
