package graph_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ontology"
	"github.com/trialgraph/trialgraph/trial"
)

// recordGraph is what ingest hands the store for one record.
func recordGraph(t *testing.T, b *graph.Builder, s *trial.Study) graph.TrialGraph {
	t.Helper()
	qs, err := b.Records([]*trial.Study{s})
	if err != nil {
		t.Fatal(err)
	}
	return graph.TrialGraph{NCTID: s.NCTID, Label: b.GraphIRI(s.NCTID), Quads: qs, Rank: graph.Rank(s),
		Distinct: true, Record: s, Build: b.Records}
}

// storeAfter writes the batches in turn into a new store and returns the
// trial's graph as the store shows it, and every quad it holds.
func storeAfter(t *testing.T, batches [][]graph.TrialGraph) (shown, all []quad.Quad, stats []graph.ReplaceStats) {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(ctx, filepath.Join(t.TempDir(), "db"), graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, b := range batches {
		s, err := st.ReplaceTrials(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		stats = append(stats, s)
	}
	label := batches[0][0].Label
	if shown, err = st.GraphQuads(ctx, label); err != nil {
		t.Fatal(err)
	}
	it := st.QS.QuadsAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		all = append(all, st.QS.Quad(it.Result()))
	}
	return shown, graph.SortQuads(all), stats
}

func nquads(qs []quad.Quad) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString(q.NQuad())
		b.WriteByte('\n')
	}
	return b.String()
}

func objects(qs []quad.Quad, subj quad.Value, pred string) []string {
	var out []string
	for _, q := range qs {
		if q.Subject == subj && q.Predicate == quad.IRI(pred) {
			out = append(out, q.Object.String())
		}
	}
	return out
}

// TestRecordsMergeAcrossRuns reads the study page of NCT05741099 (seed 000)
// and an API v2 record of the same trial, and an older API record, in
// every order and batching: the stored graph is always the same merge, the
// page's facts fill what the API record lacks, both sources stay linked,
// and the older API record is replaced by the newer one.
func TestRecordsMergeAcrossRuns(t *testing.T) {
	b := graph.NewBuilder("")
	page := readOne(t, "../testdata/seeds/000_e6ef2a133a887bd4.txt")
	api := readOne(t, "../testdata/crossformat/NCT05741099.json")
	older := *api
	older.Source.SHA256 = strings.Repeat("0", 64)
	older.Source.LastUpdated = "2023-01-01"
	older.BriefTitle = "An older title"
	older.Arms = nil
	g := map[string]graph.TrialGraph{"page": recordGraph(t, b, page), "api": recordGraph(t, b, api), "older": recordGraph(t, b, &older)}

	want := graph.MergeRecords(graph.KeepRecords([]*trial.Study{page, api}))
	wantQuads := graph.SortQuads(b.Study(want))
	orders := [][][]string{
		{{"page"}, {"api"}, {"older"}},
		{{"api"}, {"page"}, {"older"}},
		{{"older"}, {"api"}, {"page"}},
		{{"older"}, {"page"}, {"api"}},
		{{"page", "older", "api"}},
		{{"api", "older"}, {"page"}},
		{{"older", "page"}, {"api"}},
		{{"api"}, {"older", "page"}},
	}
	var first string
	for _, order := range orders {
		name := fmt.Sprint(order)
		var batches [][]graph.TrialGraph
		for _, names := range order {
			var batch []graph.TrialGraph
			for _, n := range names {
				batch = append(batch, g[n])
			}
			batches = append(batches, batch)
		}
		shown, all, _ := storeAfter(t, batches)
		if got, w := nquads(shown), nquads(wantQuads); got != w {
			t.Errorf("%s: stored graph is not the merge of the page and the newer API record:\n%s\nwant\n%s", name, got, w)
		}
		if first == "" {
			first = nquads(all)
		} else if nquads(all) != first {
			t.Errorf("%s: the store holds different quads than after %v", name, orders[0])
		}
		// The hidden records: one per format, the newer API record's.
		var recs []string
		for _, q := range all {
			if graph.Hidden(q) {
				recs = append(recs, q.Subject.String())
			}
		}
		wantRecs := []string{"<" + string(b.SourceIRI(api.Source.SHA256)) + ">", "<" + string(b.SourceIRI(page.Source.SHA256)) + ">"}
		sort.Strings(recs)
		sort.Strings(wantRecs)
		if strings.Join(recs, " ") != strings.Join(wantRecs, " ") {
			t.Errorf("%s: records kept %v, want %v", name, recs, wantRecs)
		}
	}

	// What the merged graph says.
	trialIRI := b.TrialIRI(api.NCTID)
	derived := objects(wantQuads, trialIRI, ontology.ProvDerived)
	if len(derived) != 2 {
		t.Errorf("prov:wasDerivedFrom %v, want the page and the API record", derived)
	}
	if got := objects(wantQuads, trialIRI, ontology.SchemaName); len(got) != 1 || got[0] != quad.String(api.BriefTitle).String() {
		t.Errorf("title %v, want the newer API record's %q", got, api.BriefTitle)
	}
	if len(api.Arms) != 0 || len(page.Arms) == 0 {
		t.Fatal("the API record has arms or the page none; the test relies on the page filling them")
	}
	if got := objects(wantQuads, trialIRI, ontology.ArmProp); len(got) != len(page.Arms) {
		t.Errorf("arms %v, want the page's %d", got, len(page.Arms))
	}
	for _, q := range wantQuads {
		if graph.Hidden(q) {
			t.Errorf("the shown graph has a stored record: %s", q.NQuad())
		}
	}
}

// TestRecordsReadAgain: reading the same record again changes nothing, and
// an older record of a format already stored is kept out.
func TestRecordsReadAgain(t *testing.T) {
	b := graph.NewBuilder("")
	api := readOne(t, "../testdata/crossformat/NCT05741099.json")
	older := *api
	older.Source.SHA256 = strings.Repeat("0", 64)
	older.Source.LastUpdated = "2023-01-01"
	_, _, stats := storeAfter(t, [][]graph.TrialGraph{{recordGraph(t, b, api)}, {recordGraph(t, b, api)}, {recordGraph(t, b, &older)}})
	if s := stats[1]; s.Added != 0 || s.Removed != 0 || s.Unchanged == 0 {
		t.Errorf("the same record again: %+v, want everything unchanged", s)
	}
	if s := stats[2]; s.Kept != 1 || s.Added != 0 || s.Removed != 0 {
		t.Errorf("an older record: %+v, want it kept out", s)
	}
}

// TestRecordsAgainstGraphsReadAsQuads: a graph read back from N-Quads has
// no records and competes as a whole by its rank.
func TestRecordsAgainstGraphsReadAsQuads(t *testing.T) {
	b := graph.NewBuilder("")
	page := readOne(t, "../testdata/seeds/000_e6ef2a133a887bd4.txt")
	api := readOne(t, "../testdata/crossformat/NCT05741099.json")
	// The API record's graph as an export would carry it: no record.
	exported := graph.SortQuads(b.Study(api))
	opaque := graph.TrialGraph{NCTID: api.NCTID, Label: b.GraphIRI(api.NCTID), Quads: exported, Rank: graph.StoredRank(exported)}
	if opaque.Rank <= graph.Rank(page) {
		t.Fatal("the API record should outrank the page")
	}
	for _, order := range [][][]graph.TrialGraph{
		{{recordGraph(t, b, page)}, {opaque}},
		{{opaque}, {recordGraph(t, b, page)}},
		{{opaque, recordGraph(t, b, page)}},
	} {
		shown, all, _ := storeAfter(t, order)
		if nquads(shown) != nquads(exported) {
			t.Errorf("the higher-ranked graph read as quads should win whole:\n%s", nquads(shown))
		}
		if len(all) != len(shown) {
			t.Errorf("records left beside a graph read as quads: %d quads stored, %d shown", len(all), len(shown))
		}
	}
}

// A record read again, as a rerun over stored trials reads every record,
// changes nothing and is not built again from the stored record; a record
// of the trial in another format is merged with it and built.
func TestRecordReadAgainIsNotRebuilt(t *testing.T) {
	ctx := context.Background()
	st, err := graph.Open(ctx, filepath.Join(t.TempDir(), "db"), graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := graph.NewBuilder(graph.DefaultBase)
	rec := func(format, title string) *trial.Study {
		return &trial.Study{NCTID: "NCT04000001", BriefTitle: title,
			Source: trial.Source{Format: format, File: "a." + format, SHA256: fmt.Sprintf("%064x", len(title)), LastUpdated: "2024-01-01"}}
	}
	builds := 0
	write := func(s *trial.Study) graph.ReplaceStats {
		t.Helper()
		g := recordGraph(t, b, s)
		g.Build = func(recs []*trial.Study) ([]quad.Quad, error) { builds++; return b.Records(recs) }
		rs, err := st.ReplaceTrials(ctx, []graph.TrialGraph{g})
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	first := write(rec("ctgov-json", "Umbilical cord MSCs"))
	again := write(rec("ctgov-json", "Umbilical cord MSCs"))
	if builds != 0 || again.Added != 0 || again.Removed != 0 || again.Unchanged != first.Added {
		t.Errorf("the same record again: %d builds, %+v (first %+v)", builds, again, first)
	}
	other := write(rec("ctgov-xml", "Umbilical cord MSCs for ARDS"))
	if builds != 1 || other.Added == 0 {
		t.Errorf("a record in another format: %d builds, %+v", builds, other)
	}
}
