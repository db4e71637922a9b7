package graph

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/cayleygraph/cayley/writer"
	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/ontology"
	"github.com/trialgraph/trialgraph/trial"
)

// Stats read on a bolt store's IDs (statsByIDs) is Stats read quad by quad
// (statsByQuads): after replacements left deleted quads in the log, with
// subjects typed in several graphs, a site named differently in two
// graphs, a trial reaching a site twice and a sponsor in two roles, ties
// across the tenth place of a top list, hidden record quads and a role
// statement outside any graph.
func TestStatsByIDsAgreesWithQuads(t *testing.T) {
	ctx := context.Background()
	st, _ := openTemp(t)
	defer st.Close()
	site := func(i int) quad.IRI { return quad.IRI(fmt.Sprintf("%ssite/s%02d", DefaultBase, i)) }
	org := func(i int) quad.IRI { return quad.IRI(fmt.Sprintf("%sorg/o%d", DefaultBase, i)) }
	person := func(i int) quad.IRI { return quad.IRI(fmt.Sprintf("%sperson/p%d", DefaultBase, i)) }
	graphOf := func(n int, rename bool) TrialGraph {
		nct := fmt.Sprintf("NCT%08d", n)
		trialIRI, label := quad.IRI(DefaultBase+"trial/"+nct), quad.IRI(DefaultBase+"graph/"+nct)
		var qs []quad.Quad
		add := func(s quad.Value, p string, o quad.Value) {
			qs = append(qs, quad.Quad{Subject: s, Predicate: quad.IRI(p), Object: o, Label: label})
		}
		add(trialIRI, ontology.RDFType, quad.IRI(ontology.Trial))
		add(trialIRI, ontology.SchemaName, quad.String("Trial "+nct))
		// Trial n runs at sites 0 to n-1 (at most 13): site i has 14-i
		// trials. Investigators: ten have one trial, across the cut.
		for i := range min(n, 13) {
			add(trialIRI, ontology.SiteProp, site(i))
			add(site(i), ontology.RDFType, quad.IRI(ontology.Site))
			name := fmt.Sprintf("Site %02d", 20-i)
			if i == 3 && n%2 == 0 {
				name = "Another name" // the least of the site's names
			}
			if rename && i == 0 {
				name = "Renamed"
			}
			add(site(i), ontology.SchemaName, quad.String(name))
		}
		part := quad.IRI(DefaultBase + "trial/" + nct + "/site/0")
		add(part, ontology.SiteProp, site(0)) // the same site again, in the same trial
		add(trialIRI, ontology.LeadSponsor, org(n%3))
		add(trialIRI, ontology.Collaborator, org(n%3)) // the same sponsor in two roles
		add(org(n%3), ontology.RDFType, quad.IRI(ontology.SchemaOrganization))
		add(org(n%3), ontology.SchemaName, quad.String(fmt.Sprintf("Org %d", n%3)))
		add(trialIRI, ontology.PrincipalInvestigator, person(n%12))
		add(person(n%12), ontology.SchemaName, quad.String(fmt.Sprintf("Person %d", n%12)))
		rec, err := encodeRecord(&trial.Study{NCTID: nct})
		if err != nil {
			t.Fatal(err)
		}
		add(trialIRI, string(RecordPredicate), rec)
		return TrialGraph{NCTID: nct, Label: label, Rank: "1", Quads: qs}
	}
	var graphs []TrialGraph
	for n := 1; n <= 14; n++ {
		graphs = append(graphs, graphOf(n, false))
	}
	if _, err := st.ReplaceTrials(ctx, graphs); err != nil {
		t.Fatal(err)
	}
	// Trial 14 drops site 12 and renames site 0, and trial 2 is written
	// again unchanged: the old quads are deleted in the log.
	replaced := []TrialGraph{graphOf(14, true), graphOf(2, false)}
	replaced[0].Quads = dropSite(replaced[0].Quads, site(12))
	if _, err := st.ReplaceTrials(ctx, replaced); err != nil {
		t.Fatal(err)
	}
	w, err := writer.NewSingleReplication(st.QS, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddQuad(quad.Quad{Subject: quad.IRI(DefaultBase + "trial/x"), Predicate: quad.IRI(ontology.SiteProp), Object: site(9)}); err != nil { // the tenth site
		t.Fatal(err)
	}

	byQuads, err := st.statsByQuads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The log read in one part, and in parts of 2 IDs and more.
	saved := statsSplitMin
	defer func() { statsSplitMin = saved }()
	var byIDs *Stats
	for _, split := range []uint64{1 << 30, 2} {
		statsSplitMin = split
		var ok bool
		byIDs, ok, err = st.statsByIDs(ctx)
		if err != nil || !ok {
			t.Fatalf("statsByIDs: %v, ok %v", err, ok)
		}
		if !reflect.DeepEqual(byIDs, byQuads) {
			t.Errorf("split %d: by IDs:\n%+v\nby quads:\n%+v", split, byIDs, byQuads)
		}
	}
	if len(byIDs.TopSites) != StatsTop || byIDs.TopSites[0].Name != "Renamed" && byIDs.TopSites[0].Name != "Site 20" {
		t.Errorf("top sites %+v", byIDs.TopSites)
	}
	if got, err := st.Stats(ctx); err != nil || !reflect.DeepEqual(got, byIDs) {
		t.Errorf("Stats: %+v, %v; want statsByIDs' %+v", got, err, byIDs)
	}
}

// dropSite removes the statements of qs that name site as the object.
func dropSite(qs []quad.Quad, site quad.IRI) []quad.Quad {
	var out []quad.Quad
	for _, q := range qs {
		if q.Object != site && q.Subject != site {
			out = append(out, q)
		}
	}
	return out
}
