package graph

import (
	"testing"

	"github.com/cayleygraph/quad"
)

// nquadsKey is the key quadKey replaced: the values' N-Quads forms.
func nquadsKey(q quad.Quad) string {
	var b []byte
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if v != nil {
			b = append(b, v.String()...)
		}
		b = append(b, 0)
	}
	return string(b)
}

// For the kinds of values trial graphs hold, two quads have the same key
// exactly when their N-Quads forms are the same, whatever the values
// contain: separators, quotes, escapes, brackets, empty parts.
func TestQuadKeyAgreesWithNQuadsForms(t *testing.T) {
	parts := []string{"", "a", "ab", "b", "a\x00", "\x00b", `a"b`, `a\"b`, "a\nb", `a\nb`, "a>b", "en", "@en", `"^^<x>`, "é", "aI", "I", "Ia", "\x01I"}
	var vals []quad.Value
	for _, p := range parts {
		vals = append(vals, quad.IRI(p), quad.String(p), quad.BNode(p))
		for _, q := range []string{"", "en", "x"} {
			vals = append(vals, quad.LangString{Value: quad.String(p), Lang: q}, quad.TypedString{Value: quad.String(p), Type: quad.IRI(q)})
		}
	}
	vals = append(vals, nil)
	var quads []quad.Quad
	for _, v := range vals {
		for _, w := range vals {
			quads = append(quads,
				quad.Quad{Subject: v, Predicate: w, Object: quad.IRI("o")},
				quad.Quad{Subject: quad.IRI("s"), Predicate: v, Object: w, Label: v},
				quad.Quad{Subject: w, Predicate: quad.IRI("p"), Object: v, Label: w})
		}
	}
	// Both keys must split the quads into the same classes.
	byKey, byForm := map[string]string{}, map[string]string{}
	for _, q := range quads {
		k, f := quadKey(q), nquadsKey(q)
		if f2, ok := byKey[k]; ok && f2 != f {
			t.Fatalf("one key for two N-Quads forms: %q and %q", f, f2)
		}
		if k2, ok := byForm[f]; ok && k2 != k {
			t.Fatalf("two keys for the N-Quads form %q", f)
		}
		byKey[k], byForm[f] = f, k
	}
	// Other values: equal forms under the same kind give equal keys.
	if quadKey(quad.Quad{Subject: quad.IRI("s"), Predicate: quad.IRI("p"), Object: quad.Int(5)}) !=
		quadKey(quad.Quad{Subject: quad.IRI("s"), Predicate: quad.IRI("p"), Object: quad.Int(5)}) {
		t.Error("two quads with the object 5 have different keys")
	}
}
