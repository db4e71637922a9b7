package graph

import (
	"context"
	"sort"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/ontology"
)

// Stats summarises a store: how many nodes of each kind it holds and which
// sites, sponsors and investigators take part in the most trials.
type Stats struct {
	Quads  int64       `json:"quads"`
	Counts []TypeCount `json:"counts"`
	// TopSites, TopSponsors (lead sponsor or collaborator) and
	// TopInvestigators (principal investigator, sub-investigator, study
	// chair or director) list at most StatsTop entries each, by number of
	// trials, ties by name then IRI.
	TopSites         []Ranked `json:"topSites"`
	TopSponsors      []Ranked `json:"topSponsors"`
	TopInvestigators []Ranked `json:"topInvestigators"`
}

// TypeCount is the number of nodes of one kind.
type TypeCount struct {
	Kind  string `json:"kind"`
	Class string `json:"class"`
	Count int    `json:"count"`
}

// Ranked is a node with the number of trials it takes part in.
type Ranked struct {
	IRI    string `json:"iri"`
	Name   string `json:"name"`
	Trials int    `json:"trials"`
}

// StatsTop is how many entries each top list of Stats holds.
const StatsTop = 10

// statKinds are the node kinds Stats counts, in output order.
var statKinds = []struct{ kind, class string }{
	{"trials", ontology.Trial},
	{"organisations", ontology.SchemaOrganization},
	{"people", ontology.SchemaPerson},
	{"sites", ontology.Site},
	{"countries", ontology.SchemaCountry},
	{"cell sources", ontology.CellSourceClass},
	{"conditions", ontology.SchemaMedicalCondition},
	{"outcome measures", ontology.OutcomeMeasure},
	{"arms", ontology.Arm},
	{"interventions", ontology.Intervention},
	{"references", ontology.SchemaScholarlyArticle},
	{"source records", ontology.SourceRecord},
}

// Stats reads the whole store once and summarises it.
func (s *Store) Stats(ctx context.Context) (*Stats, error) {
	typed := map[string]map[string]bool{} // class → subjects
	for _, k := range statKinds {
		typed[k.class] = map[string]bool{}
	}
	names := map[string]string{}           // node → least name
	trials := map[string]map[string]bool{} // role → node → trials
	roles := map[string]map[string]bool{}  // role → node set
	roleOf := map[string]string{
		ontology.SiteProp:              "site",
		ontology.LeadSponsor:           "sponsor",
		ontology.Collaborator:          "sponsor",
		ontology.PrincipalInvestigator: "investigator",
		ontology.SubInvestigator:       "investigator",
		ontology.StudyChair:            "investigator",
		ontology.StudyDirector:         "investigator",
	}
	var n int64
	err := s.EachQuad(ctx, func(q quad.Quad) error {
		n++
		p, ok := q.Predicate.(quad.IRI)
		if !ok {
			return nil
		}
		subj := iriText(q.Subject)
		switch string(p) {
		case ontology.RDFType:
			if set, ok := typed[iriText(q.Object)]; ok {
				set[subj] = true
			}
		case ontology.SchemaName:
			name := literalText(q.Object)
			if old, ok := names[subj]; !ok || name < old {
				names[subj] = name
			}
		default:
			role, ok := roleOf[string(p)]
			if !ok || q.Label == nil {
				return nil
			}
			obj := iriText(q.Object)
			key := role + " " + obj
			if trials[key] == nil {
				trials[key] = map[string]bool{}
			}
			trials[key][q.Label.String()] = true // one graph per trial
			if roles[role] == nil {
				roles[role] = map[string]bool{}
			}
			roles[role][obj] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	st := &Stats{Quads: n}
	for _, k := range statKinds {
		st.Counts = append(st.Counts, TypeCount{Kind: k.kind, Class: k.class, Count: len(typed[k.class])})
	}
	top := func(role string) []Ranked {
		out := []Ranked{}
		for node := range roles[role] {
			out = append(out, Ranked{IRI: node, Name: names[node], Trials: len(trials[role+" "+node])})
		}
		sort.Slice(out, func(i, j int) bool {
			a, b := out[i], out[j]
			if a.Trials != b.Trials {
				return a.Trials > b.Trials
			}
			if a.Name != b.Name {
				return a.Name < b.Name
			}
			return a.IRI < b.IRI
		})
		if len(out) > StatsTop {
			out = out[:StatsTop]
		}
		return out
	}
	st.TopSites = top("site")
	st.TopSponsors = top("sponsor")
	st.TopInvestigators = top("investigator")
	return st, nil
}

func iriText(v quad.Value) string {
	if i, ok := v.(quad.IRI); ok {
		return string(i)
	}
	if v == nil {
		return ""
	}
	return v.String()
}
