package graph

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/trial"
)

// TestInvalidUTF8BecomesReplacementCharacter builds a study whose text
// holds bytes that are not UTF-8, as the plain-text readers pass them
// through: every literal and IRI of its graph must be valid UTF-8.
func TestInvalidUTF8BecomesReplacementCharacter(t *testing.T) {
	s := &trial.Study{
		NCTID:      "NCT00000001",
		BriefTitle: "Stem cells \xff\xfe for \xc3( lungs",
		Conditions: []trial.Condition{{Name: "COVID\xff-19"}},
		Locations:  []trial.Location{{Facility: "H\xf4pital", City: "Lyon\xe9", Country: "France"}},
	}
	qs := NewBuilder(DefaultBase).Study(s)
	title := false
	for _, q := range qs {
		for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			if v != nil && !utf8.ValidString(rawText(v)) {
				t.Errorf("invalid UTF-8 in %s", v.String())
			}
		}
		if strings.Contains(rawText(q.Object), "Stem cells \uFFFD for \uFFFD( lungs") {
			title = true
		}
	}
	if !title {
		t.Errorf("the title with its bad bytes replaced by U+FFFD is not in the graph")
	}
}

// rawText is the text of a value as the export writes it, unquoted.
func rawText(v quad.Value) string {
	switch x := v.(type) {
	case quad.String:
		return string(x)
	case quad.TypedString:
		return string(x.Value)
	case quad.LangString:
		return string(x.Value)
	case quad.IRI:
		return string(x)
	}
	return v.String()
}
