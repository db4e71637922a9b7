package ontology

import (
	"reflect"
	"regexp"
	"slices"
	"testing"
)

func TestPrefilterFactors(t *testing.T) {
	for _, c := range []struct {
		re      string
		factors []string // nil: no prefilter
		fold    bool
	}{
		{`\bstem[\s-]+cells?\b`, []string{"stem"}, false},
		{`(?i)\bstem[\s-]+cells?\b`, []string{"STEM"}, true},
		{`(?i)\bbone[\s-]+marrow\b`, []string{"MARROW"}, true},
		{`\bh?UC\b`, []string{"UC"}, false},
		{`\bh?M(?:SC|sc)-?s?\b`, []string{"MSC", "Msc"}, false},
		{`(?i)\bplacental?\b|\bdecidual?\b`, []string{"DECIDUA", "PLACENTA"}, true},
		{`(?i)\b(?:abdominal|subcutaneous)?\s*fat\b`, []string{"FAT"}, true},
		{`ab+c`, []string{"a"}, false},         // a run, the + part, then c: the first of the shortest
		{`(?:ab){2,}x`, []string{"ab"}, false}, // the repeat's factor is longer than x
		{`x*`, nil, false},
		{`a|b*`, nil, false}, // a branch with no factor
		{`.*`, nil, false},
		{`[a-z]+ing`, []string{"ing"}, false},
		{`\b\w+\b`, nil, false},
		{`(?i)ſ`, []string{"S"}, true},
		{`(?i)K`, []string{"K"}, true},
	} {
		p := newPrefilter(regexp.MustCompile(c.re))
		if !slices.Equal(p.factors, c.factors) || (p.factors != nil && p.fold != c.fold) {
			t.Errorf("%s: factors %q fold %v, want %q fold %v", c.re, p.factors, p.fold, c.factors, c.fold)
		}
	}
}

// The folding that case-insensitive prefilters use identifies what (?i)
// identifies, beyond ASCII too.
func TestFoldString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Stem cells", "STEM CELLS"},
		{"ſtem", "STEM"},          // long s
		{"\u212aelvin", "KELVIN"}, // Kelvin sign
		{"Ärzte ärzte", "ÄRZTE ÄRZTE"},
		{"\xffUC", "\uFFFDUC"},
		{"", ""},
	} {
		if got := foldString(c.in); got != c.want {
			t.Errorf("foldString(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// prefilterTexts are texts for the soundness tests: the labelled
// classifier set, the seed studies' fields, and spellings that only the
// case folding brings together.
func prefilterTexts(t *testing.T) []string {
	var texts []string
	for _, r := range readLabelled(t) {
		texts = append(texts, r.text)
	}
	for _, s := range seedStudies() {
		for _, fs := range [][]field{tierOneFields(s), titleFields(s), summaryFields(s)} {
			for _, f := range fs {
				texts = append(texts, f.text)
			}
		}
	}
	texts = append(texts, "ſtem cells from \u212aorean donors", "MESENCHYMAL STROMAL CELLS", "Wharton’s jelly",
		"hUC-MSCs", "lipoaspirate", "\xffUC-MSC\xfe", "UCB", "Msc-s", "BM-MSCs and AT-MSCs")
	return texts
}

// Every text a pattern matches passes its prefilter.
func TestPrefiltersAreSound(t *testing.T) {
	lx := lexicon()
	for _, text := range prefilterTexts(t) {
		checkPrefilters(t, lx, text)
	}
}

func checkPrefilters(t *testing.T, lx *lex, text string) {
	t.Helper()
	var folded string
	for i := range lx.patterns {
		p := &lx.patterns[i]
		if p.re.MatchString(text) && !p.pre.mayMatch(text, &folded) {
			t.Fatalf("%s matches %q, but its prefilter %q (fold %v) says it cannot", p.re, text, p.pre.factors, p.pre.fold)
		}
	}
}

func FuzzPrefilter(f *testing.F) {
	for _, s := range []string{"umbilical cord MSCs", "ſtem cells", "\u212aUC", "BM-MSC", "Wharton’s jelly", "\xff\xfeUC"} {
		f.Add(s)
	}
	lx := lexicon()
	f.Fuzz(func(t *testing.T, text string) { checkPrefilters(t, lx, text) })
}

// The prefilters change nothing that tokens finds, and they do skip
// patterns: most of the texts pass few of them.
func TestTokensSameWithoutPrefilters(t *testing.T) {
	with := lexicon()
	usePrefilters = false
	without := buildLexicon()
	usePrefilters = true
	skipped, runs := 0, 0
	for _, text := range prefilterTexts(t) {
		got, want := with.tokens(text), without.tokens(text)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("tokens of %q: %v with prefilters, %v without", text, got, want)
		}
		var folded string
		for i := range with.patterns {
			runs++
			if !with.patterns[i].pre.mayMatch(text, &folded) {
				skipped++
			}
		}
	}
	if skipped*2 < runs {
		t.Errorf("prefilters skipped %d of %d pattern runs; want at least half", skipped, runs)
	}
}
