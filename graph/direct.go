package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"

	"github.com/trialgraph/trialgraph/ontology"
)

// The sites query over the trials of a cell source is the one a user of
// this tool runs most (the sponsors query is built alike), and through Gizmo most of its time is Cayley's
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

// runDirect returns the results of the Gizmo program text, read by direct
// from the store under q when it can, else from q.
// A wrapper's time limit (QueryTimeout) holds for the direct read too.
func runDirect(ctx context.Context, q Querier, text string, p NamedParams, direct func(*Store, context.Context, NamedParams) ([]any, bool, error)) ([]any, error) {
	if st := storeOf(q); st != nil {
		dctx := ctx
		limit := queryTimeout(q)
		if limit > 0 {
			var cancel context.CancelFunc
			dctx, cancel = context.WithTimeout(ctx, limit)
			defer cancel()
		}
		res, ok, err := direct(st, dctx, p)
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			return nil, fmt.Errorf("%w (%s)", ErrQueryTimeout, limit)
		}
		if ok || err != nil {
			return res, err
		}
	}
	return q.Query(ctx, text, QueryOptions{})
}

// queryTimeout returns the time limit of the first wrapper around the
// store that tells one (a QueryTimeout method), 0 if none does.
func queryTimeout(q Querier) time.Duration {
	for {
		if t, ok := q.(interface{ QueryTimeout() time.Duration }); ok && t.QueryTimeout() > 0 {
			return t.QueryTimeout()
		}
		u, ok := q.(unwrapper)
		if !ok {
			return 0
		}
		q = u.Unwrap()
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
		var ok bool
		if ids, ok = appendIDs(ids, v); !ok {
			return fmt.Errorf("store: %s index: bad entry", name)
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
	idxPS  = []quad.Direction{quad.Predicate, quad.Subject}
)

// edgeProgram describes the named queries whose Gizmo program is
// trialEdges, then inGraphs over a cell source's trials or props over all
// trials (nodeProps), then emit: the edges from the trials along preds (the predicate tagged
// predTag when set) to nodes tagged nodeTag, the nodes' props read in the
// edge's trial graph, one result per edge with fields (key, predicate).
// country, when set, is SitesQuery's filter: only the nodes whose tg:country
// (in those graphs) is it.
type edgeProgram struct {
	preds            []string
	predTag, nodeTag string
	props            []string
	fields           [][2]string
	country          string
	// onlyTrials keeps, over all trials, the edges from trials only
	// (trialEdges' onlyTrials: tg:site leaves site participations too).
	onlyTrials bool
}

// directSites returns the results of SitesQuery(p), read from the
// indexes; ok is false when the store cannot be read so (see directEdges).
func (s *Store) directSites(ctx context.Context, p NamedParams) (res []any, ok bool, err error) {
	prog := edgeProgram{
		preds: []string{ontology.SiteProp}, nodeTag: "site", onlyTrials: true,
		props:  []string{ontology.Country, ontology.SchemaName, ontology.SchemaAddressLocality},
		fields: [][2]string{{"name", ontology.SchemaName}, {"city", ontology.SchemaAddressLocality}, {"country", ontology.Country}},
	}
	if p.Country != "" {
		if prog.country, err = countryIRI(p.Country); err != nil {
			return nil, true, err
		}
	}
	return s.directEdges(ctx, p.CellSource, prog)
}

// directSponsors returns the results of SponsorsQuery(p), read from the
// indexes; ok is false when the store cannot be read so.
func (s *Store) directSponsors(ctx context.Context, p NamedParams) (res []any, ok bool, err error) {
	return s.directEdges(ctx, p.CellSource, edgeProgram{
		preds: sponsorProps, predTag: "role", nodeTag: "org",
		props:  []string{ontology.SchemaName},
		fields: [][2]string{{"name", ontology.SchemaName}},
	})
}

// direct reads a bolt store's indexes for the named queries: the store's
// node IDs and values, and the trials of a cell source.
type direct struct {
	s     *Store
	br    *boltReader
	names map[uint64]string
}

// newDirect opens a read of s's indexes; nil when s is not a bolt store
// with the label–subject–predicate index, whose queries run as Gizmo.
func (s *Store) newDirect() (*direct, error) {
	if s.bolt == nil || !s.GraphNodeIndex() {
		return nil, nil
	}
	br, err := s.newBoltReader()
	if err != nil || br == nil {
		return nil, err
	}
	for _, b := range [][]quad.Direction{idxOPS, idxSP, idxLSP, idxPS} {
		name := make([]byte, len(b))
		for i, d := range b {
			name[i] = d.Prefix()
		}
		if br.tx.Bucket(name) == nil {
			br.Close()
			return nil, nil
		}
	}
	return &direct{s: s, br: br, names: map[uint64]string{}}, nil
}

func (d *direct) Close() { d.br.Close() }

// id returns the ID of the IRI iri, 0 if the store has no such node.
func (d *direct) id(iri string) uint64 {
	if r, ok := d.s.QS.ValueOf(quad.IRI(iri)).(kv.Int64Value); ok {
		return uint64(r)
	}
	return 0
}

// name returns node n's value as Gizmo spells it in results.
func (d *direct) name(n uint64) (string, error) {
	if v, ok := d.names[n]; ok {
		return v, nil
	}
	var p proto.Primitive
	ok, err := d.br.prim(n, &p)
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
	d.names[n] = gizmoString(v)
	return d.names[n], nil
}

// nameList returns the values of nodes as Gizmo spells them, nil for none.
func (d *direct) nameList(nodes []uint64) ([]any, error) {
	if len(nodes) == 0 {
		return nil, nil
	}
	out := make([]any, len(nodes))
	for i, n := range nodes {
		var err error
		if out[i], err = d.name(n); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// trials returns trialsVar's trials: those of cell source cs (an IRI), or
// every trial when cs is "", in index order.
func (d *direct) trials(cs string) ([]uint64, error) {
	typ, trialClass := d.id(ontology.RDFType), d.id(ontology.Trial)
	if typ == 0 || trialClass == 0 {
		return nil, nil
	}
	var trials []uint64
	seen := map[uint64]bool{}
	add := func(q *proto.Primitive) error {
		if !seen[q.Subject] {
			seen[q.Subject] = true
			trials = append(trials, q.Subject)
		}
		return nil
	}
	if cs == "" {
		// var trials = uniq(g.V().Has(type, Trial).ToArray());
		err := d.br.indexQuads(idxOPS, []uint64{trialClass, typ}, add)
		return trials, err
	}
	// var trials = g.V(cs).In(cellSource).Has(type, Trial).ToArray(); uniq
	csID, csProp := d.id(cs), d.id(ontology.CellSourceProp)
	if csID == 0 || csProp == 0 {
		return nil, nil
	}
	if err := d.br.indexQuads(idxOPS, []uint64{csID, csProp}, add); err != nil {
		return nil, err
	}
	kept := trials[:0]
	for _, t := range trials {
		has := false
		err := d.br.indexQuads(idxOPS, []uint64{trialClass, typ, t}, func(*proto.Primitive) error { has = true; return nil })
		if err != nil {
			return nil, err
		}
		if has {
			kept = append(kept, t)
		}
	}
	return kept, nil
}

// props is the query helper props: the values of preds (IDs) of node n,
// in every graph, added to vals.
func (d *direct) props(n uint64, preds []uint64, vals map[uint64]map[uint64][]uint64) error {
	return d.addProps(idxSP, []uint64{n}, n, preds, vals)
}

// addProps adds to vals[n] the distinct objects of the quads of preds
// under prefix in the index idx, whose next direction is the predicate:
// one prefix of the index, the predicates told by its keys.
func (d *direct) addProps(idx []quad.Direction, prefix []uint64, n uint64, preds []uint64, vals map[uint64]map[uint64][]uint64) error {
	return d.br.indexScan(idx, prefix, func(p uint64) bool { return slices.Contains(preds, p) }, func(q *proto.Primitive) error {
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
}

// directTrials returns the results of TrialsQuery(p) when p sets no filter
// but the cell source, read from the indexes; ok is false when the Gizmo
// query must run.
func (s *Store) directTrials(ctx context.Context, p NamedParams) (res []any, ok bool, err error) {
	if p.Phase != "" || p.Status != "" || p.Country != "" || strings.TrimSpace(p.Sponsor) != "" {
		return nil, false, nil
	}
	var cs string
	if p.CellSource != "" {
		if cs, err = cellSourceIRI(p.CellSource); err != nil {
			return nil, true, err
		}
	}
	d, err := s.newDirect()
	if d == nil || err != nil {
		return nil, err != nil, err
	}
	defer d.Close()
	trials, err := d.trials(cs)
	if err != nil {
		return nil, true, err
	}
	// var vals = props(trials, [name, status, phase, cellSource]); emit
	fields := [][2]string{{"title", ontology.SchemaName}, {"status", ontology.OverallStatus}, {"phase", ontology.Phase}, {"cellSource", ontology.CellSourceProp}}
	ids := make([]uint64, len(fields))
	var preds []uint64
	for i, f := range fields {
		if ids[i] = d.id(f[1]); ids[i] != 0 {
			preds = append(preds, ids[i])
		}
	}
	res = make([]any, 0, len(trials))
	vals := map[uint64]map[uint64][]uint64{}
	for i, t := range trials {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, true, err
			}
		}
		if err := d.props(t, preds, vals); err != nil {
			return nil, true, err
		}
		o := map[string]any{}
		if o["trial"], err = d.name(t); err != nil {
			return nil, true, err
		}
		for j, f := range fields {
			if ids[j] == 0 || len(vals[t][ids[j]]) == 0 {
				continue
			}
			if o[f[0]], err = d.nameList(vals[t][ids[j]]); err != nil {
				return nil, true, err
			}
		}
		delete(vals, t)
		res = append(res, o)
	}
	return res, true, nil
}

// directEdges returns the results of prog's Gizmo program over the trials
// of cell source cellSource, read from the indexes; ok is false when the
// store is not a bolt store with the label–subject–predicate index, and
// the Gizmo query must run instead.
func (s *Store) directEdges(ctx context.Context, cellSource string, prog edgeProgram) (res []any, ok bool, err error) {
	var cs string
	if cellSource != "" {
		if cs, err = cellSourceIRI(cellSource); err != nil {
			return nil, true, err
		}
	}
	d, err := s.newDirect()
	if d == nil || err != nil {
		return nil, err != nil, err
	}
	defer d.Close()
	id, name := d.id, d.name
	res = []any{}
	var trials []uint64
	if cs != "" || prog.onlyTrials {
		if trials, err = d.trials(cs); err != nil {
			return nil, true, err
		}
	}

	// var pairs = edges(from(trials), "Out", preds, "trial", predTag, nodeTag),
	// over all trials edges(g.V(), …), picked from trials when onlyTrials.
	pairs, err := d.edges(ctx, trials, cs == "", prog.preds)
	if err != nil {
		return nil, true, err
	}
	if cs == "" && prog.onlyTrials {
		isTrial := make(map[uint64]bool, len(trials))
		for _, t := range trials {
			isTrial[t] = true
		}
		pairs = slices.DeleteFunc(pairs, func(e edge) bool { return !isTrial[e.trial] })
	}

	// inGraphs(pairs, "trial", nodeTag, props, vals, true): the nodes'
	// props, each node's read in the graphs of its edges' trials. Sites
	// reads the countries, keeps the sites in the country asked for,
	// then reads the names and cities of those; a site's values come
	// from the graphs of all its edges either way, so all are read at
	// once.
	var props []uint64
	for _, p := range prog.props {
		if pid := id(p); pid != 0 {
			props = append(props, pid)
		}
	}
	vals := map[uint64]map[uint64][]uint64{} // node → predicate → values
	var order []uint64
	by := map[uint64][]uint64{}
	for _, e := range pairs {
		if _, ok := by[e.trial]; !ok {
			order = append(order, e.trial)
		}
		by[e.trial] = append(by[e.trial], e.node)
	}
	if cs == "" {
		// props(nodes, props): over all trials, every graph's values.
		done := map[uint64]bool{}
		for i, e := range pairs {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, true, err
				}
			}
			if !done[e.node] {
				done[e.node] = true
				if err := d.props(e.node, props, vals); err != nil {
					return nil, true, err
				}
			}
		}
		order = nil
	}
	for _, t := range order {
		if err := ctx.Err(); err != nil {
			return nil, true, err
		}
		tn, err := name(t)
		if err != nil {
			return nil, true, err
		}
		g := id(unbracket(graphOfTrial(tn)))
		if g == 0 {
			continue
		}
		done := map[uint64]bool{}
		for _, n := range by[t] {
			if done[n] {
				continue
			}
			done[n] = true
			// The node's statements in the graph with one of props.
			if err := d.addProps(idxLSP, []uint64{g, n}, n, props, vals); err != nil {
				return nil, true, err
			}
		}
	}
	if prog.country != "" {
		// sites = having(sites, vals, country, c); pairs = pick(pairs, "site", sites)
		c, countryProp := id(prog.country), id(ontology.Country)
		kept := pairs[:0]
		for _, e := range pairs {
			if c != 0 && countryProp != 0 && slices.Contains(vals[e.node][countryProp], c) {
				kept = append(kept, e)
			}
		}
		pairs = kept
	}

	// emit(pairs, ["trial", predTag, nodeTag], vals, fields)
	fieldIDs := make([]uint64, len(prog.fields))
	for i, f := range prog.fields {
		fieldIDs[i] = id(f[1])
	}
	for _, e := range pairs {
		o := map[string]any{}
		var err error
		if o["trial"], err = name(e.trial); err != nil {
			return nil, true, err
		}
		if prog.predTag != "" {
			if o[prog.predTag], err = name(e.pred); err != nil {
				return nil, true, err
			}
		}
		if o[prog.nodeTag], err = name(e.node); err != nil {
			return nil, true, err
		}
		for i, f := range prog.fields {
			vs := vals[e.node][fieldIDs[i]]
			if fieldIDs[i] == 0 || len(vs) == 0 {
				continue
			}
			list := make([]any, len(vs))
			for i, v := range vs {
				if list[i], err = name(v); err != nil {
					return nil, true, err
				}
			}
			o[f[0]] = list
		}
		res = append(res, o)
	}
	return res, true, nil
}

// edge is an edge of the named queries' programs: a trial (or any
// subject), the predicate followed and the node reached.
type edge struct{ trial, pred, node uint64 }

// edges is the query helper edges from the trials along preds (IRIs),
// or, with all set, from every node (edges(g.V(), …)).
func (d *direct) edges(ctx context.Context, trials []uint64, all bool, preds []string) ([]edge, error) {
	var out []edge
	for _, pred := range preds {
		pid := d.id(pred)
		if pid == 0 {
			continue
		}
		add := func(q *proto.Primitive) error {
			out = append(out, edge{q.Subject, pid, q.Object})
			return nil
		}
		if all {
			if err := d.br.indexQuads(idxPS, []uint64{pid}, add); err != nil {
				return nil, err
			}
			continue
		}
		for _, t := range trials {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if err := d.br.indexQuads(idxSP, []uint64{t, pid}, add); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// directOutcomes returns the results of OutcomesQuery(p), read from the
// indexes; ok is false when the Gizmo query must run.
func (s *Store) directOutcomes(ctx context.Context, p NamedParams) (res []any, ok bool, err error) {
	var cs string
	if p.CellSource != "" {
		if cs, err = cellSourceIRI(p.CellSource); err != nil {
			return nil, true, err
		}
	}
	var re *regexp.Regexp
	if p.Match != "" {
		if re, err = regexp.Compile("(?i)" + p.Match); err != nil {
			return nil, true, fmt.Errorf("%w: --match: %v", ErrBadParam, err)
		}
	}
	d, err := s.newDirect()
	if d == nil || err != nil {
		return nil, err != nil, err
	}
	defer d.Close()
	var trials []uint64
	if cs != "" {
		if trials, err = d.trials(cs); err != nil {
			return nil, true, err
		}
	}
	// var pairs = edges(…, "Out", outcomeProps, "trial", "kind", "outcome")
	pairs, err := d.edges(ctx, trials, cs == "", outcomeProps)
	if err != nil {
		return nil, true, err
	}
	var outcomes []uint64 // col(pairs, "outcome")
	seen := map[uint64]bool{}
	for _, e := range pairs {
		if !seen[e.node] {
			seen[e.node] = true
			outcomes = append(outcomes, e.node)
		}
	}
	nameProp, timeProp := d.id(ontology.SchemaName), d.id(ontology.TimeFrame)
	if re != nil {
		// outcomes = matching(outcomes, name, regex(re)); pairs = pick(…):
		// an outcome stays when one of its names (in any graph) matches.
		// Equal names are one node, tested once.
		tested := map[uint64]bool{}
		kept := outcomes[:0]
		for i, n := range outcomes {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, true, err
				}
			}
			match := false
			err := d.br.indexQuads(idxSP, []uint64{n, nameProp}, func(q *proto.Primitive) error {
				m, ok := tested[q.Object]
				if !ok {
					var err error
					if m, err = d.matches(q.Object, re); err != nil {
						return err
					}
					tested[q.Object] = m
				}
				match = match || m
				return nil
			})
			if err != nil {
				return nil, true, err
			}
			if match {
				kept = append(kept, n)
			}
		}
		outcomes = kept
		keep := make(map[uint64]bool, len(outcomes))
		for _, n := range outcomes {
			keep[n] = true
		}
		pairs = slices.DeleteFunc(pairs, func(e edge) bool { return !keep[e.node] })
	}
	// var vals = props(outcomes, [name, timeFrame])
	vals := map[uint64]map[uint64][]uint64{}
	var preds []uint64
	for _, id := range []uint64{nameProp, timeProp} {
		if id != 0 {
			preds = append(preds, id)
		}
	}
	for i, n := range outcomes {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, true, err
			}
		}
		if err := d.props(n, preds, vals); err != nil {
			return nil, true, err
		}
	}
	// emit(pairs, ["trial", "kind", "outcome"], vals, {measure, timeFrame})
	res = make([]any, 0, len(pairs))
	for _, e := range pairs {
		o := map[string]any{}
		if o["trial"], err = d.name(e.trial); err != nil {
			return nil, true, err
		}
		if o["kind"], err = d.name(e.pred); err != nil {
			return nil, true, err
		}
		if o["outcome"], err = d.name(e.node); err != nil {
			return nil, true, err
		}
		for _, f := range []struct {
			key string
			id  uint64
		}{{"measure", nameProp}, {"timeFrame", timeProp}} {
			if vs := vals[e.node][f.id]; f.id != 0 && len(vs) > 0 {
				if o[f.key], err = d.nameList(vs); err != nil {
					return nil, true, err
				}
			}
		}
		res = append(res, o)
	}
	return res, true, nil
}

// matches is Cayley's regex filter on node n's value: the lexical form of
// a literal matches re; IRIs and blank nodes never do.
func (d *direct) matches(n uint64, re *regexp.Regexp) (bool, error) {
	var p proto.Primitive
	ok, err := d.br.prim(n, &p)
	if err != nil || !ok || len(p.Value) == 0 {
		return false, err
	}
	v, err := pquads.UnmarshalValue(p.Value)
	if err != nil {
		return false, fmt.Errorf("store: value of node %d: %w", n, err)
	}
	switch v := v.(type) {
	case quad.String:
		return re.MatchString(string(v)), nil
	case quad.LangString:
		return re.MatchString(string(v.Value)), nil
	case quad.TypedString:
		return re.MatchString(string(v.Value)), nil
	}
	return false, nil
}
