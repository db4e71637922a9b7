package graph

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"

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

// Stats reads the whole store once and summarises it: on a bolt store by
// the nodes' IDs (statsByIDs), elsewhere quad by quad (statsByQuads).
func (s *Store) Stats(ctx context.Context) (*Stats, error) {
	if st, ok, err := s.statsByIDs(ctx); ok || err != nil {
		return st, err
	}
	return s.statsByQuads(ctx)
}

// statsByQuads is Stats over every quad resolved to its values.
func (s *Store) statsByQuads(ctx context.Context) (*Stats, error) {
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
		return topRanked(out)
	}
	st.TopSites = top("site")
	st.TopSponsors = top("sponsor")
	st.TopInvestigators = top("investigator")
	return st, nil
}

// topRanked sorts the entries of a top list, most trials first, ties by
// name then IRI, and keeps the first StatsTop.
func topRanked(out []Ranked) []Ranked {
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

// statRoles are the predicates of the roles of Stats' top lists: sites,
// sponsors and investigators.
var statRoles = [][]string{
	{ontology.SiteProp},
	{ontology.LeadSponsor, ontology.Collaborator},
	{ontology.PrincipalInvestigator, ontology.SubInvestigator, ontology.StudyChair, ontology.StudyDirector},
}

// statsByIDs is Stats over a bolt store's log read on the nodes' IDs: a
// pass of a cursor that decodes each quad's IDs and looks up no value, in
// as many parts as there are cores (up to four), each part a range of the
// log read by a reader of its own; only the nodes that may enter a top
// list have their IRIs and names looked up, at the end. statsByQuads
// resolved every quad's values and kept every node's name: 31 s over 100k
// studies (warm, idle machine), against 6.5 s for this. ok is false when
// the store is not a bolt store.
func (s *Store) statsByIDs(ctx context.Context) (st *Stats, ok bool, err error) {
	br, err := s.newBoltReader()
	if err != nil || br == nil {
		return nil, false, err
	}
	defer br.Close()
	id := func(v quad.Value) uint64 {
		if r, ok := s.QS.ValueOf(v).(kv.Int64Value); ok {
			return uint64(r)
		}
		return 0
	}
	ids := statIDs{
		typ: id(quad.IRI(ontology.RDFType)), hidden: id(RecordPredicate),
		classOf: map[uint64]int{}, roleOf: map[uint64]int{},
	}
	for i, k := range statKinds {
		if c := id(quad.IRI(k.class)); c != 0 {
			ids.classOf[c] = i
		}
	}
	for i, preds := range statRoles {
		for _, p := range preds {
			if n := id(quad.IRI(p)); n != 0 {
				ids.roleOf[n] = i
			}
		}
	}
	first, last, _ := logRange(br) // 0, 0 for an empty log
	var found []*statsPart
	var mu sync.Mutex
	err = s.inParts(ctx, br, first, last, statsSplitMin, func(ctx context.Context, pr *boltReader, lo, hi uint64) error {
		part, err := ids.scan(ctx, pr, lo, hi)
		if err == nil {
			mu.Lock()
			found = append(found, part)
			mu.Unlock()
		}
		return err
	})
	if err != nil {
		return nil, true, err
	}
	all := found[0]
	for _, part := range found[1:] {
		all.merge(part)
	}
	trials := make([]map[uint64]int, len(statRoles))
	for i := range trials {
		trials[i] = map[uint64]int{}
	}
	for key := range all.inTrial {
		trials[key[0]][key[1]]++
	}
	st = &Stats{Quads: all.quads}
	for i, k := range statKinds {
		st.Counts = append(st.Counts, TypeCount{Kind: k.kind, Class: k.class, Count: len(all.typed[i])})
	}
	tops := make([][]Ranked, len(statRoles))
	nameID := id(quad.IRI(ontology.SchemaName))
	for r := range statRoles {
		if tops[r], err = statsTop(br, trials[r], nameID); err != nil {
			return nil, true, err
		}
	}
	st.TopSites, st.TopSponsors, st.TopInvestigators = tops[0], tops[1], tops[2]
	return st, true, nil
}

// statsSplitMin is the smallest range of log IDs statsByIDs cuts into
// parts. A variable for the tests.
var statsSplitMin uint64 = 1 << 16

// statIDs are the node IDs a statsByIDs pass looks for: rdf:type, the
// hidden record predicate (0 when a store has none), the counted classes
// (→ index in statKinds) and the role predicates (→ index in statRoles).
type statIDs struct {
	typ, hidden     uint64
	classOf, roleOf map[uint64]int
}

// statsPart is what a pass over part of the log found: its live quads
// (hidden ones left out), the subjects typed with each counted class, and
// the (role, node, graph) of each role statement in a graph.
type statsPart struct {
	quads   int64
	typed   []map[uint64]struct{}
	inTrial map[[3]uint64]struct{}
}

// logRange returns the first and last IDs of the log; ok is false when it
// is empty.
func logRange(br *boltReader) (first, last uint64, ok bool) {
	c := br.tx.Bucket(boltLog).Cursor()
	k, _ := c.First()
	if len(k) != 8 {
		return 0, 0, false
	}
	first = binary.BigEndian.Uint64(k)
	if k, _ = c.Last(); len(k) != 8 {
		return 0, 0, false
	}
	return first, binary.BigEndian.Uint64(k), true
}

// scan reads the log entries with IDs from lo up to hi (excluded; no bound
// when 0).
func (ids *statIDs) scan(ctx context.Context, br *boltReader, lo, hi uint64) (*statsPart, error) {
	part := &statsPart{typed: make([]map[uint64]struct{}, len(statKinds)), inTrial: map[[3]uint64]struct{}{}}
	for i := range part.typed {
		part.typed[i] = map[uint64]struct{}{}
	}
	err := br.eachLiveQuad(ctx, lo, hi, func(p *proto.Primitive) error {
		if p.Predicate == ids.hidden && ids.hidden != 0 {
			return nil
		}
		part.quads++
		if p.Predicate == ids.typ {
			if i, ok := ids.classOf[p.Object]; ok {
				part.typed[i][p.Subject] = struct{}{}
			}
			return nil
		}
		if r, ok := ids.roleOf[p.Predicate]; ok && p.Label != 0 {
			part.inTrial[[3]uint64{uint64(r), p.Object, p.Label}] = struct{}{}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return part, nil
}

// merge adds what other found to part.
func (part *statsPart) merge(other *statsPart) {
	part.quads += other.quads
	for i, set := range other.typed {
		for subj := range set {
			part.typed[i][subj] = struct{}{}
		}
	}
	for key := range other.inTrial {
		part.inTrial[key] = struct{}{}
	}
}

// statsTop returns the top list of the nodes counted in trials (node →
// trials): those with at least as many trials as the StatsTop-th most,
// ties included, are named and ranked.
func statsTop(br *boltReader, trials map[uint64]int, nameID uint64) ([]Ranked, error) {
	counts := make([]int, 0, len(trials))
	for _, c := range trials {
		counts = append(counts, c)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(counts)))
	least := 0
	if len(counts) > StatsTop {
		least = counts[StatsTop-1]
	}
	out := []Ranked{}
	for node, c := range trials {
		if c < least {
			continue
		}
		b, err := br.nodeValue(node)
		if err != nil {
			return nil, err
		}
		v, err := pquads.UnmarshalValue(b)
		if err != nil || v == nil {
			return nil, fmt.Errorf("store: value of node %d: %v", node, cmp.Or(err, errors.New("missing")))
		}
		r := Ranked{IRI: iriText(v), Trials: c}
		named := false
		if nameID != 0 {
			err := br.indexQuads(idxSP, []uint64{node, nameID}, func(p *proto.Primitive) error {
				b, err := br.nodeValue(p.Object)
				if err != nil {
					return err
				}
				v, err := pquads.UnmarshalValue(b)
				if err != nil {
					return fmt.Errorf("store: value of node %d: %w", p.Object, err)
				}
				if name := literalText(v); !named || name < r.Name {
					r.Name, named = name, true
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		out = append(out, r)
	}
	return topRanked(out), nil
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
