package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"

	"github.com/trialgraph/trialgraph/ontology"
)

// The sites query over the trials of a cell source is the one a user of
// this tool runs most, and through Gizmo most of its time is Cayley's
// per-step work: building, optimising and running a path for each of the
// answer's (trial, site, property) lookups, about 0.1 ms each, 3,600 of
// them over 100k studies. On a bolt store with the label–subject–predicate
// index, Sites reads the same index entries itself (boltReader): every
// step of SitesQuery's program becomes an index key or a key prefix, and
// the results are built as that program's emit builds them, so the rows
// are the ones the Gizmo query gives (TestDirectSitesAgreeWithGizmo).
// Other stores, and older stores without the index, run the Gizmo query.

// unwrapper is a Querier that wraps another (a time limit, say).
type unwrapper interface{ Unwrap() Querier }

// storeOf returns the Store under q, nil if q is not one or a wrapper of one.
func storeOf(q Querier) *Store {
	for {
		switch x := q.(type) {
		case *Store:
			return x
		case unwrapper:
			q = x.Unwrap()
		default:
			return nil
		}
	}
}

// indexQuads calls fn with the live quads of the index whose directions
// are dirs and whose first len(vals) directions have the IDs vals: one key
// when vals fixes every direction, a prefix scan otherwise.
func (r *boltReader) indexQuads(dirs []quad.Direction, vals []uint64, fn func(p *proto.Primitive) error) error {
	return r.indexScan(dirs, vals, nil, fn)
}

// indexScan is indexQuads that, on a prefix scan, reads only the keys
// whose next ID (the direction after vals) keep accepts.
func (r *boltReader) indexScan(dirs []quad.Direction, vals []uint64, keep func(id uint64) bool, fn func(p *proto.Primitive) error) error {
	name := make([]byte, len(dirs))
	for i, d := range dirs {
		name[i] = d.Prefix()
	}
	if r.buckets == nil {
		r.buckets = map[string]*bolt.Bucket{}
	}
	b, ok := r.buckets[string(name)]
	if !ok {
		b = r.tx.Bucket(name)
		r.buckets[string(name)] = b
	}
	if b == nil {
		return fmt.Errorf("store: no %s index", name)
	}
	key := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.BigEndian.PutUint64(key[8*i:], v)
	}
	var ids []uint64
	collect := func(v []byte) error {
		for len(v) > 0 {
			id, n := binary.Uvarint(v)
			if n <= 0 {
				return fmt.Errorf("store: %s index: bad entry", name)
			}
			ids = append(ids, id)
			v = v[n:]
		}
		return nil
	}
	if len(vals) == len(dirs) {
		if err := collect(b.Get(key)); err != nil {
			return err
		}
	} else {
		c := b.Cursor()
		for k, v := c.Seek(key); k != nil && bytes.HasPrefix(k, key); k, v = c.Next() {
			if keep != nil && len(k) >= len(key)+8 && !keep(binary.BigEndian.Uint64(k[len(key):])) {
				continue
			}
			if err := collect(v); err != nil {
				return err
			}
		}
	}
	var p proto.Primitive
next:
	for _, id := range ids {
		ok, err := r.prim(id, &p)
		if err != nil {
			return err
		}
		if !ok || p.Deleted || len(p.Value) != 0 {
			continue
		}
		for i, v := range vals {
			if p.GetDirection(dirs[i]) != v {
				continue next
			}
		}
		if err := fn(&p); err != nil {
			return err
		}
	}
	return nil
}

// gizmoString is how Gizmo's ToArray and TagArray spell a value.
func gizmoString(v quad.Value) string {
	if s, ok := v.(quad.String); ok {
		return string(s)
	}
	return quad.StringOf(v)
}

// graphOfTrial is the query helper graphOf: the IRI of a trial's graph
// from the trial's IRI in Gizmo's spelling (<…/trial/NCT…>), the IRI
// itself when it is not a trial's.
func graphOfTrial(trial string) string {
	i := strings.LastIndex(trial, "/trial/")
	if i < 0 || !strings.HasSuffix(trial, ">") {
		return trial
	}
	local := trial[i+len("/trial/") : len(trial)-1]
	if strings.ContainsAny(local, "/>") {
		return trial
	}
	return trial[:i] + "/graph/" + local + ">"
}

var (
	idxOPS = []quad.Direction{quad.Object, quad.Predicate, quad.Subject}
	idxSP  = []quad.Direction{quad.Subject, quad.Predicate}
	idxLSP = []quad.Direction{quad.Label, quad.Subject, quad.Predicate}
)

// directSites returns the results of SitesQuery(p) for p with a cell
// source, read from the indexes; ok is false when the store is not a bolt
// store with the label–subject–predicate index, and the Gizmo query must
// run instead.
func (s *Store) directSites(ctx context.Context, p NamedParams) (res []any, ok bool, err error) {
	if p.CellSource == "" || s.bolt == nil || !s.GraphNodeIndex() {
		return nil, false, nil
	}
	cs, err := cellSourceIRI(p.CellSource)
	if err != nil {
		return nil, true, err
	}
	var country string
	if p.Country != "" {
		if country, err = countryIRI(p.Country); err != nil {
			return nil, true, err
		}
	}
	br, err := s.newBoltReader()
	if err != nil || br == nil {
		return nil, br == nil && err == nil, err
	}
	defer br.Close()
	for _, b := range [][]quad.Direction{idxOPS, idxSP, idxLSP} {
		name := make([]byte, len(b))
		for i, d := range b {
			name[i] = d.Prefix()
		}
		if br.tx.Bucket(name) == nil {
			return nil, false, nil
		}
	}
	id := func(v quad.Value) uint64 {
		if r, ok := s.QS.ValueOf(v).(kv.Int64Value); ok {
			return uint64(r)
		}
		return 0
	}
	names := map[uint64]string{}
	name := func(n uint64) (string, error) {
		if v, ok := names[n]; ok {
			return v, nil
		}
		var p proto.Primitive
		ok, err := br.prim(n, &p)
		if err != nil {
			return "", err
		}
		if !ok || len(p.Value) == 0 {
			return "", fmt.Errorf("store: value of node %d missing", n)
		}
		v, err := pquads.UnmarshalValue(p.Value)
		if err != nil {
			return "", fmt.Errorf("store: value of node %d: %w", n, err)
		}
		names[n] = gizmoString(v)
		return names[n], nil
	}
	csID, csProp := id(quad.IRI(cs)), id(quad.IRI(ontology.CellSourceProp))
	typ, trialClass, siteProp := id(quad.IRI(ontology.RDFType)), id(quad.IRI(ontology.Trial)), id(quad.IRI(ontology.SiteProp))
	res = []any{}
	if csID == 0 || csProp == 0 || typ == 0 || trialClass == 0 || siteProp == 0 {
		return res, true, nil
	}

	// var trials = g.V(cs).In(cellSource).Has(type, Trial).ToArray(); uniq
	var trials []uint64
	seen := map[uint64]bool{}
	err = br.indexQuads(idxOPS, []uint64{csID, csProp}, func(q *proto.Primitive) error {
		if !seen[q.Subject] {
			seen[q.Subject] = true
			trials = append(trials, q.Subject)
		}
		return nil
	})
	if err != nil {
		return nil, true, err
	}
	kept := trials[:0]
	for _, t := range trials {
		has := false
		err := br.indexQuads(idxOPS, []uint64{trialClass, typ, t}, func(*proto.Primitive) error { has = true; return nil })
		if err != nil {
			return nil, true, err
		}
		if has {
			kept = append(kept, t)
		}
	}
	trials = kept

	// var pairs = edges(from(trials), "Out", [site], "trial", "", "site")
	type pair struct{ trial, site uint64 }
	var pairs []pair
	for _, t := range trials {
		if err := ctx.Err(); err != nil {
			return nil, true, err
		}
		err := br.indexQuads(idxSP, []uint64{t, siteProp}, func(q *proto.Primitive) error {
			pairs = append(pairs, pair{t, q.Object})
			return nil
		})
		if err != nil {
			return nil, true, err
		}
	}

	// inGraphs(pairs, "trial", "site", preds, vals, true): each property
	// of a trial's sites read in that trial's graph.
	vals := map[uint64]map[uint64][]uint64{} // node → predicate → values
	inGraphs := func(pairs []pair, preds []uint64) error {
		var order []uint64
		by := map[uint64][]uint64{}
		for _, pr := range pairs {
			if _, ok := by[pr.trial]; !ok {
				order = append(order, pr.trial)
			}
			by[pr.trial] = append(by[pr.trial], pr.site)
		}
		for _, t := range order {
			if err := ctx.Err(); err != nil {
				return err
			}
			tn, err := name(t)
			if err != nil {
				return err
			}
			g := id(quad.IRI(unbracket(graphOfTrial(tn))))
			if g == 0 {
				continue
			}
			done := map[uint64]bool{}
			for _, n := range by[t] {
				if done[n] {
					continue
				}
				done[n] = true
				// The node's statements in the graph with one of
				// preds: one prefix of the index, the predicates
				// told by the keys.
				err := br.indexScan(idxLSP, []uint64{g, n}, func(p uint64) bool { return p != 0 && slices.Contains(preds, p) }, func(q *proto.Primitive) error {
					m := vals[n]
					if m == nil {
						m = map[uint64][]uint64{}
						vals[n] = m
					}
					if !slices.Contains(m[q.Predicate], q.Object) {
						m[q.Predicate] = append(m[q.Predicate], q.Object)
					}
					return nil
				})
				if err != nil {
					return err
				}
			}
		}
		return nil
	}
	// The query reads the sites' countries, keeps the sites in the
	// country asked for, then reads the names and cities of those; a
	// site's values come from the graphs of all its pairs either way, so
	// the three are read at once.
	countryProp := id(quad.IRI(ontology.Country))
	nameProp, cityProp := id(quad.IRI(ontology.SchemaName)), id(quad.IRI(ontology.SchemaAddressLocality))
	if err := inGraphs(pairs, []uint64{countryProp, nameProp, cityProp}); err != nil {
		return nil, true, err
	}
	if country != "" {
		// sites = having(sites, vals, country, c); pairs = pick(pairs, "site", sites)
		c := id(quad.IRI(country))
		kept := pairs[:0]
		for _, pr := range pairs {
			for _, v := range vals[pr.site][countryProp] {
				if c != 0 && v == c {
					kept = append(kept, pr)
					break
				}
			}
		}
		pairs = kept
	}

	// emit(pairs, ["trial", "site"], vals, fields)
	fields := []struct {
		key  string
		pred uint64
	}{{"name", nameProp}, {"city", cityProp}, {"country", countryProp}}
	for _, pr := range pairs {
		o := map[string]any{}
		var err error
		if o["trial"], err = name(pr.trial); err != nil {
			return nil, true, err
		}
		if o["site"], err = name(pr.site); err != nil {
			return nil, true, err
		}
		for _, f := range fields {
			if f.pred == 0 {
				continue
			}
			vs := vals[pr.site][f.pred]
			if len(vs) == 0 {
				continue
			}
			list := make([]any, len(vs))
			for i, v := range vs {
				if list[i], err = name(v); err != nil {
					return nil, true, err
				}
			}
			o[f.key] = list
		}
		res = append(res, o)
	}
	return res, true, nil
}
