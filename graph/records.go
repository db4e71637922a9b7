package graph

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/trial"
)

// Source records. Two records of one trial from different sources (the
// API's JSON and a registry page, say) are merged field by field
// (MergeStudies), and a record may arrive in any later run, so a trial's
// graph keeps the records it was merged from: each as one quad
//
//	<source/SHA256> <https://w3id.org/trialgraph/internal#record> "…"
//
// in the trial's graph, whose object is the record's Study as gzipped
// JSON in base64. Exports, statistics and the named queries leave these
// quads out (Hidden); the stock cayley command sees them.
//
// A trial keeps one record per format, the best-ranked one (Rank), so
// re-reading a newer download of the same source replaces the older
// record, and the stored graph is the merge of the kept records. Since the
// kept set is the best record per format of all the records ever read,
// and the merge depends only on that set, the graph does not depend on the
// order in which records arrive or on how they are batched.

// RecordPredicate is the predicate of the internal record quads.
const RecordPredicate = quad.IRI("https://w3id.org/trialgraph/internal#record")

// Hidden reports whether q is internal to the store and left out of
// exports.
func Hidden(q quad.Quad) bool {
	p, ok := q.Predicate.(quad.IRI)
	return ok && p == RecordPredicate
}

// encodeRecord returns the stored form of a record.
func encodeRecord(s *trial.Study) (quad.Value, error) {
	r := *s
	r.MergedFrom = nil
	js, err := json.Marshal(&r)
	if err != nil {
		return nil, fmt.Errorf("record of %s: %w", s.NCTID, err)
	}
	var b bytes.Buffer
	zw := recordGzip.Get().(*gzip.Writer)
	zw.Reset(&b)
	zw.Write(js)
	zw.Close()
	recordGzip.Put(zw)
	return quad.String(base64.StdEncoding.EncodeToString(b.Bytes())), nil
}

// recordGzip keeps gzip writers for encodeRecord: a new one allocates
// flate's tables, about 800 KB, which for each study was most of what an
// ingest handed the collector (perf of a bulk load: runtime.scanSpan and
// gcDrain above half the CPU time, reached from flate's compressor.init).
var recordGzip = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed) // a valid level
	return zw
}}

// decodeRecord reads a record back from its stored form.
func decodeRecord(v quad.Value) (*trial.Study, error) {
	s, ok := v.(quad.String)
	if !ok {
		return nil, fmt.Errorf("stored record is a %T, not a string", v)
	}
	z, err := base64.StdEncoding.DecodeString(string(s))
	if err != nil {
		return nil, fmt.Errorf("stored record: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, fmt.Errorf("stored record: %w", err)
	}
	js, err := io.ReadAll(io.LimitReader(zr, 1<<30))
	if err != nil {
		return nil, fmt.Errorf("stored record: %w", err)
	}
	var st trial.Study
	if err := json.Unmarshal(js, &st); err != nil {
		return nil, fmt.Errorf("stored record: %w", err)
	}
	return &st, nil
}

// storedRecords returns the records kept in a trial graph's quads, and
// the stored form of each.
func storedRecords(qs []quad.Quad) ([]*trial.Study, map[*trial.Study]quad.Value, error) {
	var out []*trial.Study
	forms := map[*trial.Study]quad.Value{}
	for _, q := range qs {
		if !Hidden(q) {
			continue
		}
		s, err := decodeRecord(q.Object)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", q.Label, err)
		}
		out = append(out, s)
		forms[s] = q.Object
	}
	return out, forms, nil
}

// recordForm returns the stored form of the record in a graph's quads, nil
// unless it holds exactly one.
func recordForm(qs []quad.Quad) quad.Value {
	var form quad.Value
	for _, q := range qs {
		if Hidden(q) {
			if form != nil {
				return nil
			}
			form = q.Object
		}
	}
	return form
}

// KeepRecords reduces records of one trial to the best-ranked record of
// each format, sorted by rank, best first.
func KeepRecords(recs []*trial.Study) []*trial.Study {
	best := map[string]*trial.Study{}
	for _, r := range recs {
		if b := best[r.Source.Format]; b == nil || Rank(r) > Rank(b) {
			best[r.Source.Format] = r
		}
	}
	out := make([]*trial.Study, 0, len(best))
	for _, r := range best {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return Rank(out[i]) > Rank(out[j]) })
	return out
}

// MergeRecords merges the kept records of one trial (see KeepRecords),
// best first, into one study: the best record wins every field it fills,
// the next fills what is still empty, and so on.
func MergeRecords(kept []*trial.Study) *trial.Study {
	if len(kept) == 0 {
		return nil
	}
	m := kept[0]
	for _, r := range kept[1:] {
		m = MergeStudies(m, r)
	}
	return m
}

// Records returns the quads of a trial graph made from records of the
// trial: the graph of their merge (MergeRecords of KeepRecords) and one
// record quad for each record kept.
func (b *Builder) Records(recs []*trial.Study) ([]quad.Quad, error) {
	kept := KeepRecords(recs)
	if len(kept) == 0 {
		return nil, nil
	}
	qs := b.Study(MergeRecords(kept))
	label := b.GraphIRI(kept[0].NCTID)
	for _, r := range kept {
		if r.Source.SHA256 == "" {
			continue // only a record with a hash is a source node
		}
		v, err := encodeRecord(r)
		if err != nil {
			return nil, err
		}
		qs = append(qs, quad.Quad{Subject: b.SourceIRI(r.Source.SHA256), Predicate: RecordPredicate, Object: v, Label: label})
	}
	return DistinctQuads(qs), nil
}

// sameRecords reports whether two kept sets hold the same records.
func sameRecords(a, b []*trial.Study) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if Rank(a[i]) != Rank(b[i]) {
			return false
		}
	}
	return true
}

// resolve decides what one trial's graph should hold, given the graphs of
// the trial in one ReplaceTrials call and the stored quads: want (distinct
// says it holds no quad twice), or kept when the stored graph stays as it
// is. Records merge (see Builder.Records); a graph read as quads, which
// has no records, competes as a whole by its rank, and so does a stored
// graph without records.
func resolve(group []TrialGraph, old []quad.Quad) (want []quad.Quad, distinct, kept bool, err error) {
	stored, forms, err := storedRecords(old)
	if err != nil {
		return nil, false, false, err
	}
	var recs []*trial.Study
	var build func([]*trial.Study) ([]quad.Quad, error)
	var opaque *TrialGraph // the best graph read as quads; the later of equals
	for i := range group {
		t := &group[i]
		if t.Record != nil && t.Build != nil {
			recs = append(recs, t.Record)
			build = t.Build
			continue
		}
		if opaque == nil || t.Rank >= opaque.Rank {
			opaque = t
		}
	}
	keep := KeepRecords(append(stored, recs...))
	recRank := ""
	if len(keep) > 0 {
		recRank = Rank(keep[0])
	}
	oldRank := ""
	if len(old) > 0 && len(stored) == 0 {
		oldRank = StoredRank(old)
	}
	switch {
	case opaque != nil && opaque.Rank >= recRank && opaque.Rank >= oldRank:
		return opaque.Quads, opaque.Distinct, false, nil
	case oldRank != "" && oldRank > recRank:
		return nil, false, true, nil
	case len(recs) == 0:
		return nil, false, true, nil
	}
	// The records win. Nothing changes when each new record is outranked
	// by the one kept for its format.
	best := map[string]string{}
	for _, r := range keep {
		best[r.Source.Format] = Rank(r)
	}
	outranked := true
	for _, r := range recs {
		if Rank(r) >= best[r.Source.Format] {
			outranked = false
		}
	}
	if outranked && len(old) > 0 {
		return nil, false, true, nil
	}
	if len(keep) == 1 {
		// The graph built from the one record kept is that of the group's
		// record, when the kept one is it, or is stored in the same form
		// (the same record read again: rebuilding it was a fifth of a
		// rerun over stored trials).
		form := forms[keep[0]]
		for _, t := range group {
			if t.Quads == nil || t.Record == nil {
				continue
			}
			if t.Record == keep[0] || form != nil && recordForm(t.Quads) == form {
				return t.Quads, t.Distinct, false, nil
			}
		}
	}
	want, err = build(keep)
	return want, true, false, err
}
