package ontology

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A prefilter tells, with a substring search, that a regexp cannot match a
// text: every match of the regexp contains one of the prefilter's
// factors. The classifier runs some forty patterns over every field of a
// study, and most fields contain none of their words; on an ingest of the
// whole registry that search was half of the time spent parsing.
//
// Factors are found from the regexp's syntax tree: a literal must appear
// in any match; an alternation needs one of its branches' factors; a
// sequence of small parts (literals, small character classes, optional
// pieces) is expanded into the strings it can match, and a sequence needs
// the best of its runs. Anything else (x*, broad classes, .) requires
// nothing. Case-insensitive patterns are compared on folded text: each
// rune is replaced by the least rune of its case-folding orbit, which is
// what (?i) matching identifies (so "ſtem" and "STEM" fold alike).
type prefilter struct {
	factors []string
	fold    bool // factors and text are compared folded
}

// maxExpand bounds the strings a part of a regexp is expanded into.
const maxExpand = 16

// newPrefilter returns the prefilter of re; its factors are nil when the
// analysis finds none, and then every text may match.
func newPrefilter(re *regexp.Regexp) prefilter {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return prefilter{}
	}
	tree = tree.Simplify()
	a := analyser{fold: hasFoldedLiteral(tree)}
	in := a.info(tree)
	req := in.required()
	for _, f := range req {
		if strings.ContainsRune(f, utf8.RuneError) {
			return prefilter{} // matched against decoding errors; no shortcut
		}
	}
	return prefilter{factors: minimal(req), fold: a.fold}
}

// minimal drops the factors that contain another: a text holding one
// holds the other.
func minimal(fs []string) []string {
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, func(x, y string) int { return len(x) - len(y) })
	var out []string
	for _, f := range fs {
		if !slices.ContainsFunc(out, func(g string) bool { return strings.Contains(f, g) }) {
			out = append(out, f)
		}
	}
	return out
}

// mayMatch reports whether text contains a factor (or the prefilter has
// none). folded caches the folded text between calls for one text.
func (p *prefilter) mayMatch(text string, folded *string) bool {
	if p.factors == nil {
		return true
	}
	t := text
	if p.fold {
		if *folded == "" && text != "" {
			*folded = foldString(text)
		}
		t = *folded
	}
	for _, f := range p.factors {
		if strings.Contains(t, f) {
			return true
		}
	}
	return false
}

// foldRune returns the least rune of r's simple case-folding orbit: for
// ASCII, the upper-case letter (K and S included, whose orbits also hold
// the Kelvin sign and the long s).
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// foldString folds every rune of s (see foldRune); bytes that are not
// UTF-8 become U+FFFD, as the regexp engine reads them.
func foldString(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		b := []byte(s)
		for i, c := range b {
			if 'a' <= c && c <= 'z' {
				b[i] = c - 'a' + 'A'
			}
		}
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for _, r := range s {
		sb.WriteRune(foldRune(r))
	}
	return sb.String()
}

func hasFoldedLiteral(re *syntax.Regexp) bool {
	if re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase != 0 {
		return true
	}
	for _, s := range re.Sub {
		if hasFoldedLiteral(s) {
			return true
		}
	}
	return false
}

// info is what the analysis knows of a part of a regexp.
type info struct {
	// exact, when known, holds every string the part can match.
	exact      []string
	exactKnown bool
	// req, when reqKnown, is a set of strings one of which is in every
	// match of the part.
	req      []string
	reqKnown bool
}

// required returns the best set of factors for in, nil if there is none.
func (in info) required() []string {
	cands := [][]string{}
	if in.reqKnown {
		cands = append(cands, in.req)
	}
	if in.exactKnown && !hasEmpty(in.exact) {
		cands = append(cands, in.exact)
	}
	return best(cands)
}

// best returns the candidate whose shortest factor is longest (fewer
// factors on a tie), nil if there is none.
func best(cands [][]string) []string {
	var out []string
	score := -1
	for _, c := range cands {
		if len(c) == 0 {
			continue
		}
		s := shortest(c)
		if s > score || (s == score && len(c) < len(out)) {
			out, score = c, s
		}
	}
	return out
}

func shortest(ss []string) int {
	n := -1
	for _, s := range ss {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	return n
}

func hasEmpty(ss []string) bool {
	for _, s := range ss {
		if s == "" {
			return true
		}
	}
	return false
}

type analyser struct{ fold bool }

func (a analyser) lit(rs []rune) string {
	if !a.fold {
		return string(rs)
	}
	b := make([]rune, len(rs))
	for i, r := range rs {
		b[i] = foldRune(r)
	}
	return string(b)
}

func exactly(ss ...string) info { return info{exact: dedupe(ss), exactKnown: true} }

func dedupe(ss []string) []string {
	out := ss[:0:0]
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// cross returns every concatenation of a string of x with one of y, or
// false when there would be more than maxExpand.
func cross(x, y []string) ([]string, bool) {
	if len(x)*len(y) > maxExpand {
		return nil, false
	}
	out := make([]string, 0, len(x)*len(y))
	for _, s := range x {
		for _, t := range y {
			out = append(out, s+t)
		}
	}
	return dedupe(out), true
}

func (a analyser) info(re *syntax.Regexp) info {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return exactly("")
	case syntax.OpLiteral:
		return exactly(a.lit(re.Rune))
	case syntax.OpCharClass:
		return a.class(re.Rune)
	case syntax.OpCapture:
		return a.info(re.Sub[0])
	case syntax.OpQuest:
		sub := a.info(re.Sub[0])
		if sub.exactKnown && len(sub.exact) < maxExpand {
			return exactly(append(append([]string{}, sub.exact...), "")...)
		}
		return info{}
	case syntax.OpPlus:
		return info{req: a.info(re.Sub[0]).required(), reqKnown: true}.orNothing()
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return info{req: a.info(re.Sub[0]).required(), reqKnown: true}.orNothing()
		}
		return info{}
	case syntax.OpConcat:
		return a.concat(re.Sub)
	case syntax.OpAlternate:
		return a.alternate(re.Sub)
	}
	return info{} // OpStar, OpAnyChar, OpAnyCharNotNL, OpNoMatch
}

// orNothing drops a required set that is empty.
func (in info) orNothing() info {
	if in.reqKnown && len(in.req) == 0 {
		in.reqKnown = false
		in.req = nil
	}
	return in
}

// class expands a small character class (pairs of rune ranges).
func (a analyser) class(ranges []rune) info {
	var rs []string
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i+1]-ranges[i] >= maxExpand {
			return info{}
		}
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			rs = append(rs, a.lit([]rune{r}))
			if len(rs) > maxExpand {
				return info{}
			}
		}
	}
	if len(rs) == 0 {
		return info{}
	}
	return exactly(rs...)
}

// concat joins runs of parts whose strings are known, and keeps the best
// required set among the runs and the other parts.
func (a analyser) concat(subs []*syntax.Regexp) info {
	var cands [][]string
	run := []string{""}
	all := true
	flush := func() {
		if !hasEmpty(run) {
			cands = append(cands, run)
		}
		run = []string{""}
	}
	for _, s := range subs {
		in := a.info(s)
		if in.exactKnown {
			if joined, ok := cross(run, in.exact); ok {
				run = joined
				continue
			}
			all = false
			flush()
			run = in.exact
			continue
		}
		all = false
		flush()
		if r := in.required(); r != nil {
			cands = append(cands, r)
		}
	}
	if all {
		return exactly(run...)
	}
	flush()
	if b := best(cands); b != nil {
		return info{req: b, reqKnown: true}
	}
	return info{}
}

// alternate: the union of the branches' strings when all are known and
// few, else the union of their required sets when each has one.
func (a analyser) alternate(subs []*syntax.Regexp) info {
	var exact, req []string
	exactOK, reqOK := true, true
	for _, s := range subs {
		in := a.info(s)
		if exactOK && in.exactKnown && len(exact)+len(in.exact) <= maxExpand {
			exact = append(exact, in.exact...)
		} else {
			exactOK = false
		}
		if r := in.required(); r != nil {
			req = append(req, r...)
		} else {
			reqOK = false
		}
	}
	if exactOK {
		return exactly(exact...)
	}
	if reqOK {
		return info{req: dedupe(req), reqKnown: true}
	}
	return info{}
}
