package export

import (
	"errors"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/trialgraph/trialgraph/export/ntparse"
)

// streamQuad is statement i of a graph of n/perSubject subjects with
// perSubject statements each, in subject order.
func streamQuad(i, perSubject int) quad.Quad {
	subj := quad.IRI(idNS + "trial/NCT" + strconv.Itoa(10000000+i/perSubject))
	switch i % perSubject {
	case 0:
		return quad.Quad{Subject: subj, Predicate: quad.IRI(rdfType), Object: quad.IRI("https://w3id.org/trialgraph/vocab#Trial")}
	case 1:
		return quad.Quad{Subject: subj, Predicate: quad.IRI(schemaNS + "name"), Object: quad.LangString{Value: quad.String("Trial " + strconv.Itoa(i)), Lang: "en"}}
	case 2:
		return quad.Quad{Subject: subj, Predicate: quad.IRI("https://w3id.org/trialgraph/vocab#enrollment"), Object: quad.Int(i)}
	case 3:
		return quad.Quad{Subject: subj, Predicate: quad.IRI("https://w3id.org/trialgraph/vocab#site"), Object: quad.IRI(idNS + "site/s" + strconv.Itoa(i%977))}
	default:
		return quad.Quad{Subject: subj, Predicate: quad.IRI("https://w3id.org/trialgraph/vocab#note"), Object: quad.String("line one\nline \"two\"")}
	}
}

// TestConstantMemory writes 1M statements about 200k subjects and checks
// that the heap does not grow with them.
func TestConstantMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 1M statements")
	}
	const n, perSubject = 1_000_000, 5
	for _, f := range Formats() {
		if f.Name == "graphml" {
			continue // keeps the node identifiers it has seen (see NewGraphMLWriter)
		}
		t.Run(f.Name, func(t *testing.T) {
			w := f.New(io.Discard, goldenOptions)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for i := 0; i < n; i++ {
				if err := w.WriteQuad(streamQuad(i, perSubject)); err != nil {
					t.Fatal(err)
				}
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			growth := int64(after.HeapInuse) - int64(before.HeapInuse)
			t.Logf("heap in use grew by %d bytes over %d statements", growth, n)
			if growth > 1<<20 {
				t.Errorf("heap in use grew by %d bytes writing %d statements", growth, n)
			}
		})
	}
}

// TestAllocations checks that writing a statement of IRIs and strings
// allocates nothing once the writer's buffers have grown.
func TestAllocations(t *testing.T) {
	for _, f := range Formats() {
		if f.Name == "graphml" || f.Name == "dot" {
			continue // drawings build a node per subject
		}
		w := f.New(io.Discard, goldenOptions)
		qs := []quad.Quad{streamQuad(0, 5), streamQuad(1, 5), streamQuad(3, 5), streamQuad(4, 5), streamQuad(5, 5)}
		i := 0
		allocs := testing.AllocsPerRun(1000, func() {
			if err := w.WriteQuad(qs[i%len(qs)]); err != nil {
				t.Fatal(err)
			}
			i++
		})
		if allocs != 0 {
			t.Errorf("%s: %.1f allocations per statement, want 0", f.Name, allocs)
		}
	}
}

// pnLocal is the PN_LOCAL production of Turtle, written independently of
// the writer's code.
var pnLocal = func() *regexp.Regexp {
	base := `A-Za-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{2FF}\x{370}-\x{37D}\x{37F}-\x{1FFF}\x{200C}-\x{200D}\x{2070}-\x{218F}\x{2C00}-\x{2FEF}\x{3001}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFFD}\x{10000}-\x{EFFFF}`
	u := base + `_`
	chars := u + `\-0-9\x{B7}\x{300}-\x{36F}\x{203F}-\x{2040}`
	plx := `(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])`
	return regexp.MustCompile(`^(?:(?:[` + u + `:0-9]|` + plx + `)(?:(?:[` + chars + `.:]|` + plx + `)*(?:[` + chars + `:]|` + plx + `))?)?$`)
}()

// unescapeLocal undoes PN_LOCAL_ESC, as a Turtle parser does.
func unescapeLocal(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func FuzzLocalName(f *testing.F) {
	for _, s := range []string{"", "a", "-a", ".a.", "a/b?c#d", "%", "%2", "%41", "é·", "·é", "a b", ":", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, local string) {
		out, ok, escaped := appendLocal(nil, local)
		if !ok {
			return
		}
		if !pnLocal.Match(out) {
			t.Fatalf("appendLocal(%q) = %q, not a PN_LOCAL", local, out)
		}
		if got := unescapeLocal(string(out)); got != local {
			t.Fatalf("appendLocal(%q) = %q, which reads back as %q", local, out, got)
		}
		if escaped != strings.Contains(string(out), `\`) {
			t.Fatalf("appendLocal(%q) = %q, escaped = %v", local, out, escaped)
		}
	})
}

// FuzzNTriplesRoundTrip writes statements built from arbitrary strings:
// either the writer refuses them with a *TermError, or they read back
// unchanged, and the Turtle writer accepts exactly the same statements.
func FuzzNTriplesRoundTrip(f *testing.F) {
	f.Add("http://a/s", "p", "text\n\"q\"", "en")
	f.Add("_:b", "p#x", "\x00", "")
	f.Add("http://a/ s", "p", "x", "en_US")
	f.Add("urn:x", "", "\xff", "de-1996")
	f.Fuzz(func(t *testing.T, subj, local, lex, lang string) {
		var s quad.Value = quad.IRI(subj)
		if b, ok := strings.CutPrefix(subj, "_:"); ok {
			s = quad.BNode(b)
		}
		var o quad.Value = quad.String(lex)
		if lang != "" {
			o = quad.LangString{Value: quad.String(lex), Lang: lang}
		}
		q := quad.Quad{Subject: s, Predicate: quad.IRI("http://a/" + local), Object: o}
		var buf strings.Builder
		w := NewNTriplesWriter(&buf)
		err := w.WriteQuad(q)
		if cerr := w.Close(); cerr != err {
			t.Fatalf("Close = %v, WriteQuad = %v", cerr, err)
		}
		terr := NewTurtleWriter(io.Discard, testOptions).WriteQuad(q)
		if (err == nil) != (terr == nil) {
			t.Fatalf("N-Triples error %v, Turtle error %v", err, terr)
		}
		if err != nil {
			var te *TermError
			if !errors.As(err, &te) {
				t.Fatalf("error %v is not a *TermError", err)
			}
			return
		}
		back, err := ntparse.NewReader(strings.NewReader(buf.String())).ReadAll()
		if err != nil {
			t.Fatalf("reading %q: %v", buf.String(), err)
		}
		if len(back) != 1 || back[0] != q {
			t.Fatalf("wrote %#v as %q, read back %#v", q, buf.String(), back)
		}
	})
}
