package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/trial"
)

// countingQuerier counts the raw results of the queries it runs.
type countingQuerier struct {
	q       graph.Querier
	results int
}

func (c *countingQuerier) Query(ctx context.Context, q string, opts graph.QueryOptions) ([]any, error) {
	res, err := c.q.Query(ctx, q, opts)
	c.results += len(res)
	return res, err
}

// newStore opens a new store, closed when the test ends.
func newStore(t *testing.T) *graph.Store {
	t.Helper()
	st, err := graph.Open(context.Background(), t.TempDir(), graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// sharedStore stores n trials that share one lead sponsor, one site and one
// investigator, so that the sponsor's name and the site's name, city and
// country are asserted again in each of the n trial graphs.
func sharedStore(t *testing.T, n int) *graph.Store {
	t.Helper()
	ctx := context.Background()
	st := newStore(t)
	b := graph.NewBuilder(graph.DefaultBase)
	var batch []graph.TrialGraph
	for i := range n {
		s := &trial.Study{
			NCTID:           fmt.Sprintf("NCT%08d", 10000000+i),
			BriefTitle:      fmt.Sprintf("Umbilical cord mesenchymal stem cells for condition %d", i),
			OverallStatus:   "RECRUITING",
			Phases:          []string{"PHASE2"},
			LeadSponsor:     &trial.Organization{Name: "Shared Cell Therapy Sponsor"},
			Officials:       []trial.Person{{Name: "Ada Shared", Role: "PRINCIPAL_INVESTIGATOR"}},
			Locations:       []trial.Location{{Facility: "Shared Research Hospital", City: "Wuhan", Country: "China"}},
			PrimaryOutcomes: []trial.Outcome{{Measure: fmt.Sprintf("PaO2 at day %d", i), TimeFrame: "Day 28"}},
		}
		batch = append(batch, graph.TrialGraph{NCTID: s.NCTID, Label: b.GraphIRI(s.NCTID), Quads: b.Study(s), Rank: graph.Rank(s)})
	}
	if _, err := st.ReplaceTrials(ctx, batch); err != nil {
		t.Fatal(err)
	}
	return st
}

// Each named query returns one raw result per edge it reports, however many
// trial graphs repeat the properties of the nodes at the edges' ends. Paths
// that step to a shared node and then save its properties (SaveOpt) returned
// one result per combination of those copies: 176 for the one site here.
func TestNamedQueriesAreLinearInSharedNodes(t *testing.T) {
	const n = 8
	st := sharedStore(t, n)
	tests := []struct {
		query string
		p     graph.NamedParams
		rows  int // rows of the answer
		max   int // raw results at most
	}{
		{"sites", graph.NamedParams{}, 1, n},
		{"sites", graph.NamedParams{CellSource: "umbilical-cord", Country: "CN"}, 1, n},
		{"trials", graph.NamedParams{}, n, n},
		{"trials", graph.NamedParams{CellSource: "umbilical-cord", Sponsor: "shared cell", Country: "China", Phase: "2"}, n, n},
		{"investigators", graph.NamedParams{Site: "shared research"}, 1, n},
		{"sponsors", graph.NamedParams{}, 1, n},
		{"sponsors", graph.NamedParams{CellSource: "umbilical-cord"}, 1, n},
		{"outcomes", graph.NamedParams{Match: "pao2"}, n, n},
		{"cell-sources", graph.NamedParams{}, 11, n},
		{"neighbourhood", graph.NamedParams{Trial: "NCT10000003"}, 4, 4},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %+v", tt.query, tt.p), func(t *testing.T) {
			nq, err := graph.LookupNamed(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			c := &countingQuerier{q: st}
			a, err := nq.Run(context.Background(), c, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Cells) != tt.rows {
				t.Errorf("%d rows, want %d: %q", len(a.Cells), tt.rows, a.Cells)
			}
			if c.results > tt.max {
				t.Errorf("%d raw results for %d trials sharing nodes, want at most %d", c.results, n, tt.max)
			}
		})
	}
}

// Over more trials than props reads node by node, the trials query reads
// status, phase and cell source by scanning those predicates; the answer is
// the same.
func TestTrialsQueryScansForManyTrials(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 1,100 trials")
	}
	const n = 1100 // above propScanAbove
	st := sharedStore(t, n)
	nq, err := graph.LookupNamed("trials")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []graph.NamedParams{{}, {CellSource: "umbilical-cord", Phase: "2", Status: "recruiting"}} {
		a, err := nq.Run(context.Background(), st, p)
		if err != nil {
			t.Fatal(err)
		}
		rows := a.Rows.([]graph.TrialRow)
		if len(rows) != n {
			t.Fatalf("%+v: %d trials, want %d", p, len(rows), n)
		}
		for _, r := range rows {
			if r.Status != "RECRUITING" || fmt.Sprint(r.Phases) != "[PHASE2]" || fmt.Sprint(r.CellSources) != "[umbilical-cord]" || r.Title == "" {
				t.Fatalf("%+v: row %+v lacks a property", p, r)
			}
		}
	}
}

// For the trials of a cell source, the sites and sponsors queries give a
// shared node's name and place as the graphs of the answer's trials state
// them (inGraphs), not as any trial graph in the store does: with a cell
// source they read only those graphs, which is what keeps them fast when a
// site is shared by thousands of other trials. Over all trials the answer's
// trials are every trial of the node, and the two readings agree.
func TestNamedQueriesReadTheAnswersGraphs(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	b := graph.NewBuilder(graph.DefaultBase)
	// Both spellings make the same IRIs; the upper-case one sorts first.
	study := func(id, title, site, sponsor string) graph.TrialGraph {
		s := &trial.Study{
			NCTID:       id,
			BriefTitle:  title,
			LeadSponsor: &trial.Organization{Name: sponsor},
			Locations:   []trial.Location{{Facility: site, City: "Wuhan", Country: "China"}},
		}
		return graph.TrialGraph{NCTID: id, Label: b.GraphIRI(id), Quads: b.Study(s), Rank: graph.Rank(s)}
	}
	batch := []graph.TrialGraph{
		study("NCT10000001", "Umbilical cord mesenchymal stem cells for ARDS", "Shared Research Hospital", "Shared Sponsor"),
		study("NCT10000002", "Aspirin for headache", "SHARED RESEARCH HOSPITAL", "SHARED SPONSOR"),
		study("NCT10000003", "Aspirin for fever", "SHARED RESEARCH HOSPITAL", "SHARED SPONSOR"),
	}
	if _, err := st.ReplaceTrials(ctx, batch); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		p           graph.NamedParams
		site, org   string
		siteTrials  string
		sponsorRows int
	}{
		{graph.NamedParams{CellSource: "umbilical-cord"}, "Shared Research Hospital", "Shared Sponsor", "[NCT10000001]", 1},
		{graph.NamedParams{}, "SHARED RESEARCH HOSPITAL", "SHARED SPONSOR", "[NCT10000001 NCT10000002 NCT10000003]", 1},
	}
	if !st.GraphNodeIndex() {
		t.Fatal("a new store lacks the label–subject–predicate index")
	}
	// Node by node through that index, and graph by graph as for a store
	// made before it.
	for _, q := range []graph.Querier{st, noGraphNodeIndex{st}} {
		for _, tt := range tests {
			sites, text, err := graph.Sites(ctx, q, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if len(sites) != 1 || sites[0].Name != tt.site || sites[0].City != "Wuhan" || sites[0].Country != "CN" || fmt.Sprint(sites[0].Trials) != tt.siteTrials {
				t.Errorf("%T: sites %+v: %+v, want %q in Wuhan, CN, trials %s", q, tt.p, sites, tt.site, tt.siteTrials)
			}
			if want := fmt.Sprintf(", %t);", q == graph.Querier(st)); tt.p.CellSource != "" && !strings.Contains(text, want) {
				t.Errorf("%T: the query does not call inGraphs with perNode%s", q, want)
			}
			sponsors, _, err := graph.Sponsors(ctx, q, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if len(sponsors) != tt.sponsorRows || sponsors[0].Name != tt.org {
				t.Errorf("%T: sponsors %+v: %+v, want %q", q, tt.p, sponsors, tt.org)
			}
		}
	}
}

// noGraphNodeIndex is a store that says it lacks GraphNodeIndex.
type noGraphNodeIndex struct{ *graph.Store }

func (noGraphNodeIndex) GraphNodeIndex() bool { return false }
