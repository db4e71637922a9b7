package graph_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ontology"
	"github.com/trialgraph/trialgraph/trial"
)

// entityNode gathers what the graphs of the corpus say about one shared node.
type entityNode struct {
	names, cities, countries map[string]bool
	trials                   map[string]bool
}

// corpusEntities builds every study of the corpus and collects the org,
// person and site nodes by IRI.
func corpusEntities(t *testing.T) map[string]*entityNode {
	t.Helper()
	b := graph.NewBuilder("")
	nodes := map[string]*entityNode{}
	get := func(iri string) *entityNode {
		n := nodes[iri]
		if n == nil {
			n = &entityNode{names: map[string]bool{}, cities: map[string]bool{}, countries: map[string]bool{}, trials: map[string]bool{}}
			nodes[iri] = n
		}
		return n
	}
	for _, s := range readCorpus(t) {
		for _, q := range b.Study(s) {
			subj, ok := q.Subject.(quad.IRI)
			if !ok || entityKind(string(subj)) == "" {
				continue
			}
			n := get(string(subj))
			n.trials[s.NCTID] = true
			switch string(q.Predicate.(quad.IRI)) {
			case ontology.SchemaName:
				n.names[quadText(q.Object)] = true
			case ontology.SchemaAddressLocality:
				n.cities[quadText(q.Object)] = true
			case ontology.SchemaAddressCountry:
				n.countries[quadText(q.Object)] = true
			}
		}
	}
	return nodes
}

func quadText(v quad.Value) string {
	if s, ok := v.(quad.String); ok {
		return string(s)
	}
	return v.String()
}

func entityKind(iri string) string {
	for _, k := range []string{"org", "person", "site"} {
		if strings.HasPrefix(iri, graph.DefaultBase+k+"/") {
			return k
		}
	}
	return ""
}

// TestCorpusEntityResolution checks, over the seeds, the API v2 corpus and
// the legacy XML, that no two org, person or site nodes should be one: the
// key recomputed from every stored name (and, for sites, city and country)
// is the node's own key, so no two IRIs carry names that normalise alike;
// and that entities do merge across trials. It logs the figures.
func TestCorpusEntityResolution(t *testing.T) {
	nodes := corpusEntities(t)
	merged := map[string]int{}
	total := map[string]int{}
	examples := map[string][]string{}
	byKey := map[string]string{}
	var iris []string
	for iri := range nodes {
		iris = append(iris, iri)
	}
	sort.Strings(iris)
	for _, iri := range iris {
		n := nodes[iri]
		kind := entityKind(iri)
		key := strings.TrimPrefix(iri, graph.DefaultBase+kind+"/")
		total[kind]++
		if len(n.trials) >= 2 {
			merged[kind]++
			if len(n.trials) >= 3 || len(examples[kind]) < 3 {
				examples[kind] = append(examples[kind], iri+" ← "+strings.Join(sortedSet(n.trials), " ")+" as "+strings.Join(sortedSet(n.names), " | "))
			}
		}
		for name := range n.names {
			var k string
			switch kind {
			case "org":
				k = graph.OrgKey(name)
			case "person":
				k = graph.PersonKey(name)
			case "site":
				for city := range n.cities {
					for country := range n.countries {
						for _, fac := range []string{name, ""} {
							sk := graph.SiteKey(trial.Location{Facility: fac, City: city, Country: country})
							if sk == key || strings.HasPrefix(key, sk+"--nct") {
								k = key
							}
						}
					}
				}
				if len(n.cities) == 0 || len(n.countries) == 0 {
					k = key // a site without a city or country has fewer parts; covered by the name check below
				}
			}
			if k != key {
				t.Errorf("%s: stored name %q normalises to %q, not to the node's key", iri, name, k)
			}
			if other, ok := byKey[kind+" "+k]; ok && other != iri {
				t.Errorf("%s and %s: names normalise to the same key %q", other, iri, k)
			}
			byKey[kind+" "+k] = iri
		}
	}
	for _, kind := range []string{"org", "person", "site"} {
		t.Logf("%s: %d nodes, %d reached from two or more trials", kind, total[kind], merged[kind])
		for i, ex := range examples[kind] {
			if i < 3 {
				t.Logf("  e.g. %s", ex)
			}
		}
	}
	if merged["site"] == 0 || merged["org"] == 0 || merged["person"] == 0 {
		t.Errorf("no cross-trial merge of sites, orgs or people: %v", merged)
	}
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestSiteOfOrg covers the site ↔ organisation rule on the real case of
// NCT04288102 and the corpus's spellings.
func TestSiteOfOrg(t *testing.T) {
	wuhan := func(f string) trial.Location {
		return trial.Location{Facility: f, City: "Wuhan", State: "Hubei", Country: "China"}
	}
	tests := []struct {
		name string
		site trial.Location
		org  string
		want bool
	}{
		{"the", wuhan("General Hospital of Central Theater Command"), "The General Hospital of Central Theater Command", true},
		{"city prefix", wuhan("Wuhan Huoshenshan Hospital"), "Huoshenshan Hospital", true},
		{"other word", wuhan("Maternal and Child Hospital of Hubei Province"), "Maternal and Child Health Hospital of Hubei Province", false},
		{"place after comma", trial.Location{Facility: "Shanghai Pulmonary Hospital", City: "Shanghai", Country: "China"}, "Shanghai Pulmonary Hospital, Shanghai, China", true},
		{"other place after comma", trial.Location{Facility: "University Health Network", City: "Montreal", Country: "Canada"}, "University Health Network, Toronto", false},
		{"city alone", wuhan("Wuhan"), "Hospital", false},
		{"sub-unit", trial.Location{Facility: "Stanford University Hospital", City: "Palo Alto", Country: "United States"}, "Stanford University", false},
		{"placeholder", trial.Location{Facility: "Research Site", City: "Essen", Country: "Germany"}, "Research Site", false},
		{"city suffix", trial.Location{Facility: "Mayo Clinic Rochester", City: "Rochester", Country: "United States"}, "Mayo Clinic", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := graph.SiteOfOrg(tt.site, tt.org); got != tt.want {
				t.Errorf("SiteOfOrg(%q in %s, %q) = %v, want %v", tt.site.Facility, tt.site.City, tt.org, got, tt.want)
			}
		})
	}
}

// TestSiteParentOrganization checks the links of the seed NCT04288102.
func TestSiteParentOrganization(t *testing.T) {
	var s *trial.Study
	for _, x := range readCorpus(t) {
		if x.NCTID == "NCT04288102" {
			s = x
		}
	}
	if s == nil {
		t.Fatal("NCT04288102 not in the seeds")
	}
	b := graph.NewBuilder("")
	var got []string
	for _, q := range b.Study(s) {
		if q.Predicate == quad.IRI(ontology.SchemaParentOrganization) {
			got = append(got, strings.TrimPrefix(string(q.Subject.(quad.IRI)), graph.DefaultBase)+" → "+strings.TrimPrefix(string(q.Object.(quad.IRI)), graph.DefaultBase))
		}
	}
	want := []string{
		"site/general-hospital-of-central-theater-command--wuhan--cn → org/general-hospital-of-central-theater-command",
		"site/wuhan-huoshenshan-hospital--wuhan--cn → org/huoshenshan-hospital",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("parentOrganization links:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
