package graph

import (
	"reflect"

	"github.com/trialgraph/trialgraph/trial"
)

// MergeStudies merges two descriptions of one trial field by field. The
// higher-ranked description (see Rank: the record updated last, then the
// more structured format, then the content hash) wins every field it
// fills; a field it leaves empty is taken from the other. The rule
// applies at the level of the model's fields:
//
//   - text, numbers, flags and dates (trial.Date as a whole) are taken
//     from the winner unless empty there;
//   - the nested records Design, Eligibility and Oversight merge field by
//     field in the same way;
//   - lists (locations, officials, outcomes, arms, references, ...) and
//     pointers (lead sponsor, enrollment, responsible party) are taken
//     whole from the winner when it has any, never mixed, so that a list
//     stays as one record states it.
//
// The result's Source is the winner's and MergedFrom lists every other
// source record, so both stay linked as provenance. The merge is
// deterministic and commutative: MergeStudies(a, b) equals MergeStudies(b, a).
// It returns a new study and leaves a and b alone. Studies of different
// trials are not merged: the higher-ranked one is returned as is.
func MergeStudies(a, b *trial.Study) *trial.Study {
	hi, lo := a, b
	if Rank(b) > Rank(a) {
		hi, lo = b, a
	}
	out := *hi
	if hi.NCTID != lo.NCTID {
		return &out
	}
	if Rank(hi) == Rank(lo) {
		return &out // the same record twice
	}
	fill(reflect.ValueOf(&out).Elem(), reflect.ValueOf(lo).Elem())
	out.Source = hi.Source
	out.MergedFrom = mergeSources(hi, lo)
	return &out
}

var (
	dateType   = reflect.TypeOf(trial.Date{})
	sourceType = reflect.TypeOf(trial.Source{})
)

// fill sets each empty field of dst to the field of src; structs other
// than dates are filled field by field.
func fill(dst, src reflect.Value) {
	for i := 0; i < dst.NumField(); i++ {
		d, s := dst.Field(i), src.Field(i)
		switch {
		case d.Type() == sourceType || dst.Type().Field(i).Name == "MergedFrom":
			continue
		case d.Kind() == reflect.Struct && d.Type() != dateType:
			fill(d, s)
		case d.IsZero() || (d.Kind() == reflect.Slice && d.Len() == 0):
			d.Set(s)
		}
	}
}

// mergeSources lists the source records of lo and every record already
// merged into either study, other than hi's own, in rank order (highest
// first) without duplicates.
func mergeSources(hi, lo *trial.Study) []trial.Source {
	seen := map[string]bool{hi.Source.SHA256 + "|" + hi.Source.Format: true}
	var out []trial.Source
	for _, s := range append(append([]trial.Source{lo.Source}, hi.MergedFrom...), lo.MergedFrom...) {
		k := s.SHA256 + "|" + s.Format
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	rank := func(s trial.Source) string { return Rank(&trial.Study{Source: s}) }
	for i := 1; i < len(out); i++ { // insertion sort: a handful of sources
		for j := i; j > 0 && rank(out[j]) > rank(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
