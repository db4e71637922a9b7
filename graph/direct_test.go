package graph_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/trial"
)

// gizmoOnly hides the store under it, so that the named queries run their
// Gizmo text.
type gizmoOnly struct{ q graph.Querier }

func (g gizmoOnly) Query(ctx context.Context, q string, opts graph.QueryOptions) ([]any, error) {
	return g.q.Query(ctx, q, opts)
}

// wrapped is a Querier that wraps a store, as the commands' time limit
// does, and counts the queries it runs.
type wrapped struct {
	q       graph.Querier
	queries int
}

func (w *wrapped) Query(ctx context.Context, q string, opts graph.QueryOptions) ([]any, error) {
	w.queries++
	return w.q.Query(ctx, q, opts)
}

func (w *wrapped) Unwrap() graph.Querier { return w.q }

// agree runs a named query through a wrapper of st and through Gizmo alone,
// reports when the wrapper ran other than wantQueries Gizmo queries or the
// rows differ, and returns the rows read through the wrapper.
func agree[T any](t *testing.T, st *graph.Store, name string, p graph.NamedParams, wantQueries int,
	run func(context.Context, graph.Querier, graph.NamedParams) ([]T, string, error)) []T {
	t.Helper()
	ctx := context.Background()
	w := &wrapped{q: st}
	direct, _, err := run(ctx, w, p)
	if err != nil {
		t.Fatal(err)
	}
	if w.queries != wantQueries {
		t.Errorf("%s %+v: %d Gizmo queries, want %d", name, p, w.queries, wantQueries)
	}
	viaGizmo, _, err := run(ctx, gizmoOnly{st}, p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(direct, viaGizmo) {
		t.Errorf("%s %+v:\nread directly %+v\nthrough Gizmo %+v", name, p, direct, viaGizmo)
	}
	return direct
}

// The sites and sponsors of a cell source, and the trials and outcomes (of a
// cell source or all), read from a bolt store's indexes (directSites,
// directSponsors, directTrials, directOutcomes) are the rows the Gizmo
// queries give: after a trial was replaced (its old
// site's statements deleted but still in the log), with a site spelled
// differently by the graphs of different trials, shared by trials of other
// cell sources, in one country or another, and with a country filter. A
// site's name and city are those of the answer's trial graphs: the
// aspirin trial's spelling of the Boston site is not the answer's.
func TestDirectQueriesAgreeWithGizmo(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	b := graph.NewBuilder(graph.DefaultBase)
	// The sponsors: a lead sponsor spelled by the trial's title's first
	// word, so that the aspirin trial spells the shared one its own way,
	// and a collaborator shared by all.
	study := func(id, title string, locs ...trial.Location) graph.TrialGraph {
		lead := "Shared Cell Sponsor"
		if title[0] == 'A' {
			lead = "SHARED CELL SPONSOR"
		}
		s := &trial.Study{NCTID: id, BriefTitle: title, OverallStatus: "RECRUITING", Locations: locs,
			LeadSponsor: &trial.Organization{Name: lead}, Collaborators: []trial.Organization{{Name: "Östergötland County Council"}}}
		s.PrimaryOutcomes = []trial.Outcome{{Measure: "PaO2/FiO2 ratio", TimeFrame: "Day 7"}}
		s.SecondaryOutcomes = []trial.Outcome{{Measure: "Mortality (" + id + ")", TimeFrame: "Day 28"}}
		if id == "NCT20000001" {
			s.Phases = []string{"PHASE1", "PHASE2"}
			s.OtherOutcomes = []trial.Outcome{{Measure: "Oxygenation (pao2)"}}
		}
		if id == "NCT20000003" {
			s.LeadSponsor = &trial.Organization{Name: "Marrow Institute"}
		}
		return graph.TrialGraph{NCTID: id, Label: b.GraphIRI(id), Quads: b.Study(s), Rank: graph.Rank(s)}
	}
	wuhan := trial.Location{Facility: "Shared Research Hospital", City: "Wuhan", Country: "China"}
	wuhanUpper := trial.Location{Facility: "SHARED RESEARCH HOSPITAL", City: "WUHAN", Country: "China"}
	boston := trial.Location{Facility: "Harbor Clinic", City: "Boston", Country: "United States"}
	bostonUpper := trial.Location{Facility: "HARBOR CLINIC", City: "BOSTON", Country: "United States"}
	munich := trial.Location{Facility: "Klinikum Süd", City: "München", Country: "Germany"}
	uc := "Umbilical cord mesenchymal stem cells for ARDS"
	bm := "Bone marrow-derived mesenchymal stromal cells for ARDS"
	write := func(batch ...graph.TrialGraph) {
		t.Helper()
		if _, err := st.ReplaceTrials(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	write(
		study("NCT20000001", uc, wuhan, boston),
		study("NCT20000002", uc, wuhanUpper),
		study("NCT20000003", bm, wuhanUpper, munich),
		study("NCT20000004", "Aspirin for headache", bostonUpper),
		study("NCT20000005", uc, munich),
	)
	// NCT20000005 moves from Munich to Boston: its Munich statements are
	// deleted, and Munich is left with the bone-marrow trial only.
	write(study("NCT20000005", uc, boston))

	for _, p := range []graph.NamedParams{
		{CellSource: "umbilical-cord"},
		{CellSource: "umbilical-cord", Country: "CN"},
		{CellSource: "umbilical-cord", Country: "United States"},
		{CellSource: "umbilical-cord", Country: "DE"},
		{CellSource: "bone-marrow"},
		{CellSource: "adipose-tissue"},
		{},
		{Country: "US"},
	} {
		agree(t, st, "sites", p, 0, graph.Sites)
		if p.Country == "" { // sponsors take no country
			agree(t, st, "sponsors", p, 0, graph.Sponsors)
		}
	}
	for _, c := range []struct {
		p       graph.NamedParams
		queries int // Gizmo queries run: a filter but the cell source has no direct path
		trials  int
	}{
		{graph.NamedParams{}, 0, 5},
		{graph.NamedParams{CellSource: "umbilical-cord"}, 0, 3},
		{graph.NamedParams{CellSource: "bone-marrow"}, 0, 1},
		{graph.NamedParams{Status: "RECRUITING"}, 1, 5},
	} {
		if rows := agree(t, st, "trials", c.p, c.queries, graph.Trials); len(rows) != c.trials {
			t.Errorf("trials %+v: %d rows, want %d", c.p, len(rows), c.trials)
		}
	}

	for _, c := range []struct {
		p    graph.NamedParams
		rows int
	}{
		{graph.NamedParams{Match: "PaO2"}, 5 + 1},
		{graph.NamedParams{Match: "(?-i)PaO2"}, 5},
		{graph.NamedParams{CellSource: "umbilical-cord", Match: "pao2"}, 3 + 1},
		{graph.NamedParams{CellSource: "umbilical-cord"}, 3*2 + 1},
		{graph.NamedParams{}, 5*2 + 1},
		{graph.NamedParams{Match: "^Mortality \\(NCT2000000[12]\\)$"}, 2},
	} {
		if rows := agree(t, st, "outcomes", c.p, 0, graph.Outcomes); len(rows) != c.rows {
			t.Errorf("outcomes %+v: %d rows, want %d", c.p, len(rows), c.rows)
		}
	}

	sponsors, _, err := graph.Sponsors(ctx, st, graph.NamedParams{CellSource: "umbilical-cord"})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, s := range sponsors {
		rows = append(rows, s.Role+" "+s.Name+" "+join(s.Trials))
	}
	wantSponsors := []string{
		"leadSponsor Shared Cell Sponsor NCT20000001,NCT20000002,NCT20000005",
		"collaborator Östergötland County Council NCT20000001,NCT20000002,NCT20000005",
	}
	if !reflect.DeepEqual(rows, wantSponsors) {
		t.Errorf("umbilical-cord sponsors:\n got %q\nwant %q", rows, wantSponsors)
	}

	// What the answers are, so that both paths being wrong alike shows.
	sites, _, err := graph.Sites(ctx, st, graph.NamedParams{CellSource: "umbilical-cord"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range sites {
		got = append(got, s.Name+" "+s.City+" "+s.Country+" "+join(s.Trials))
	}
	want := []string{
		"Harbor Clinic Boston US NCT20000001,NCT20000005",
		"SHARED RESEARCH HOSPITAL WUHAN CN NCT20000001,NCT20000002",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("umbilical-cord sites:\n got %q\nwant %q", got, want)
	}
	sites, _, err = graph.Sites(ctx, st, graph.NamedParams{CellSource: "bone-marrow", Country: "DE"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 1 || sites[0].Name != "Klinikum Süd" || sites[0].City != "München" || join(sites[0].Trials) != "NCT20000003" {
		t.Errorf("bone-marrow sites in DE: %+v", sites)
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}

// limited wraps a store with a time limit, as the commands do.
type limited struct {
	q     graph.Querier
	limit time.Duration
}

func (l limited) Query(ctx context.Context, q string, opts graph.QueryOptions) ([]any, error) {
	return l.q.Query(ctx, q, opts)
}
func (l limited) Unwrap() graph.Querier       { return l.q }
func (l limited) QueryTimeout() time.Duration { return l.limit }

// A named query read directly keeps the time limit of the wrapper around
// the store.
func TestDirectQueriesKeepTheTimeLimit(t *testing.T) {
	st := sharedStore(t, 3)
	ctx := context.Background()
	if _, _, err := graph.Trials(ctx, limited{st, time.Nanosecond}, graph.NamedParams{}); !errors.Is(err, graph.ErrQueryTimeout) {
		t.Errorf("trials with a 1 ns limit: %v, want %v", err, graph.ErrQueryTimeout)
	}
	rows, _, err := graph.Trials(ctx, limited{st, time.Minute}, graph.NamedParams{})
	if err != nil || len(rows) != 3 {
		t.Errorf("trials with a minute: %d rows, %v", len(rows), err)
	}
}
