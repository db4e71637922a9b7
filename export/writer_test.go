package export

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/trialgraph/trialgraph/export/ntparse"
)

const (
	exNS     = "http://example.org/"
	schemaNS = "http://schema.org/"
	idNS     = "https://w3id.org/trialgraph/id/"
)

func ex(local string) quad.IRI { return quad.IRI(exNS + local) }

func xsdTyped(v, dt string) quad.TypedString {
	return quad.TypedString{Value: quad.String(v), Type: quad.IRI(nsXSD + dt)}
}

var testOptions = Options{
	Base: idNS,
	Prefixes: []Prefix{
		{"ex", exNS},
		{"exv", exNS + "vocab#"},
		{"schema", schemaNS},
		{"xsd", nsXSD},
		{"tgid", idNS},
	},
}

// body is the Turtle after the @base and @prefix lines.
func body(t *testing.T, doc []byte) string {
	t.Helper()
	_, after, ok := strings.Cut(string(doc), "\n\n")
	if !ok {
		t.Fatalf("no blank line after the prefixes in\n%s", doc)
	}
	return after
}

func TestTurtleTerms(t *testing.T) {
	s, p := ex("s"), ex("p")
	for _, tc := range []struct {
		name string
		q    quad.Quad
		want string
	}{
		{"prefixed names", quad.Quad{Subject: s, Predicate: p, Object: ex("o")}, "ex:s ex:p ex:o"},
		{"a for rdf:type", quad.Quad{Subject: s, Predicate: quad.IRI(rdfType), Object: quad.IRI(schemaNS + "MedicalTrial")}, "ex:s a schema:MedicalTrial"},
		{"longest namespace wins", quad.Quad{Subject: s, Predicate: ex("vocab#term"), Object: ex("vocab")}, "ex:s exv:term ex:vocab"},
		{"no namespace", quad.Quad{Subject: quad.IRI("http://other.org/x"), Predicate: p, Object: quad.IRI("urn:isbn:0451450523")}, "<http://other.org/x> ex:p <urn:isbn:0451450523>"},
		{"escaped local name", quad.Quad{Subject: ex("a/b"), Predicate: p, Object: ex("x?y=1&z=(2)")}, `ex:a\/b ex:p ex:x\?y\=1\&z\=\(2\)`},
		{"relative to base before escapes", quad.Quad{Subject: quad.IRI(idNS + "trial/NCT04288102"), Predicate: p, Object: quad.IRI(idNS + "NCT1")}, "<trial/NCT04288102> ex:p tgid:NCT1"},
		{"no relative reference with a colon first", quad.Quad{Subject: quad.IRI(idNS + "a:b/c"), Predicate: p, Object: quad.IRI(idNS + "x/../y")}, `tgid:a:b\/c ex:p tgid:x\/..\/y`},
		{"no relative reference with a colon in the fragment", quad.Quad{Subject: quad.IRI(idNS + "a#b:c/d"), Predicate: p, Object: quad.IRI(idNS + "a/b#c:d")}, `tgid:a\#b:c\/d ex:p <a/b#c:d>`},
		{"unrepresentable local name", quad.Quad{Subject: ex("x[1]"), Predicate: p, Object: ex("·x")}, "<http://example.org/x[1]> ex:p <http://example.org/·x>"},
		{"dots and dashes", quad.Quad{Subject: ex(".x"), Predicate: ex("x.y"), Object: ex("-x-.")}, `ex:\.x ex:x.y ex:\-x-\.`},
		{"percent", quad.Quad{Subject: ex("a%20b"), Predicate: p, Object: ex("100%")}, `ex:a%20b ex:p ex:100\%`},
		{"empty local, digits, colon", quad.Quad{Subject: ex(""), Predicate: ex("123"), Object: ex("a:b")}, "ex: ex:123 ex:a:b"},
		{"blank nodes", quad.Quad{Subject: quad.BNode("b1"), Predicate: p, Object: quad.BNode("x.y-z")}, "_:b1 ex:p _:x.y-z"},
		{"integer", quad.Quad{Subject: s, Predicate: p, Object: quad.Int(-42)}, "ex:s ex:p -42"},
		{"integer lexical forms", quad.Quad{Subject: s, Predicate: p, Object: xsdTyped("+007", "integer")}, "ex:s ex:p +007"},
		{"integer not in Turtle form", quad.Quad{Subject: s, Predicate: p, Object: xsdTyped(" 7", "integer")}, `ex:s ex:p " 7"^^xsd:integer`},
		{"integer with exponent", quad.Quad{Subject: s, Predicate: p, Object: xsdTyped("1e3", "integer")}, `ex:s ex:p "1e3"^^xsd:integer`},
		{"decimal", quad.Quad{Subject: s, Predicate: p, Object: xsdTyped("-1.50", "decimal")}, "ex:s ex:p -1.50"},
		{"decimal without integer part", quad.Quad{Subject: s, Predicate: p, Object: xsdTyped("+.5", "decimal")}, "ex:s ex:p +.5"},
		{"decimal without fraction", quad.Quad{Subject: s, Predicate: p, Object: xsdTyped("1.", "decimal")}, `ex:s ex:p "1."^^xsd:decimal`},
		{"decimal integer form", quad.Quad{Subject: s, Predicate: p, Object: xsdTyped("1", "decimal")}, `ex:s ex:p "1"^^xsd:decimal`},
		{"boolean", quad.Quad{Subject: s, Predicate: p, Object: quad.Bool(true)}, "ex:s ex:p true"},
		{"boolean numeric form", quad.Quad{Subject: s, Predicate: p, Object: xsdTyped("1", "boolean")}, `ex:s ex:p "1"^^xsd:boolean`},
		{"boolean upper case", quad.Quad{Subject: s, Predicate: p, Object: xsdTyped("TRUE", "boolean")}, `ex:s ex:p "TRUE"^^xsd:boolean`},
		{"double", quad.Quad{Subject: s, Predicate: p, Object: quad.Float(1.5)}, `ex:s ex:p "1.5E+00"^^xsd:double`},
		{"double infinity", quad.Quad{Subject: s, Predicate: p, Object: quad.Float(math.Inf(-1))}, `ex:s ex:p "-INF"^^xsd:double`},
		{"dateTime", quad.Quad{Subject: s, Predicate: p, Object: quad.Time(time.Date(2020, 3, 1, 10, 0, 0, 5e8, time.FixedZone("", 8*3600)))}, `ex:s ex:p "2020-03-01T10:00:00.5+08:00"^^xsd:dateTime`},
		{"quad's schema.org short type", quad.Quad{Subject: s, Predicate: p, Object: quad.Int(5).TypedString()}, "ex:s ex:p 5"},
		{"quad's boolean short type", quad.Quad{Subject: s, Predicate: p, Object: quad.Bool(false).TypedString()}, "ex:s ex:p false"},
		{"other datatype", quad.Quad{Subject: s, Predicate: p, Object: quad.TypedString{Value: "x", Type: "http://other.org/dt"}}, `ex:s ex:p "x"^^<http://other.org/dt>`},
		{"xsd:string is plain", quad.Quad{Subject: s, Predicate: p, Object: xsdTyped("x", "string")}, `ex:s ex:p "x"`},
		{"language tag", quad.Quad{Subject: s, Predicate: p, Object: quad.LangString{Value: "Hallo", Lang: "de-AT"}}, `ex:s ex:p "Hallo"@de-AT`},
		{"escapes", quad.Quad{Subject: s, Predicate: p, Object: quad.String("a\"b\\c\td\re\x01\x7f\b\f")}, `ex:s ex:p "a\"b\\c\td\re\u0001\u007F\b\f"`},
		{"long string", quad.Quad{Subject: s, Predicate: p, Object: quad.String("line 1\n\tline \"2\"")}, "ex:s ex:p \"\"\"line 1\n\tline \\\"2\\\"\"\"\""},
		{"unicode stays raw", quad.Quad{Subject: s, Predicate: p, Object: quad.String("café 😀 \u2028")}, "ex:s ex:p \"café 😀 \u2028\""},
		{"empty string", quad.Quad{Subject: s, Predicate: p, Object: quad.String("")}, `ex:s ex:p ""`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := turtle([]quad.Quad{tc.q}, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := body(t, doc), tc.want+" .\n"; got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestTurtleLayout(t *testing.T) {
	s1, s2, p, q := ex("s1"), ex("s2"), ex("p"), ex("q")
	in := []quad.Quad{
		{Subject: s1, Predicate: quad.IRI(rdfType), Object: ex("C")},
		{Subject: s1, Predicate: p, Object: quad.String("a")},
		{Subject: s1, Predicate: p, Object: quad.String("b")},
		{Subject: s1, Predicate: p, Object: quad.String("b"), Label: ex("g")}, // duplicate
		{Subject: s1, Predicate: q, Object: ex("o")},
		{Subject: s2, Predicate: p, Object: quad.Int(1)},
		{Subject: s1, Predicate: p, Object: quad.String("c")}, // s1 again
	}
	doc, err := turtle(in, Options{
		Header:   "Exported by trialgraph\r\n\n# already a comment\n",
		Base:     "http://example.org/base/",
		Prefixes: []Prefix{{"ex", exNS}, {"", "http://a.example/"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `# Exported by trialgraph
#
# already a comment

@base <http://example.org/base/> .
@prefix ex: <http://example.org/> .
@prefix : <http://a.example/> .

ex:s1 a ex:C ;
    ex:p "a", "b" ;
    ex:q ex:o .

ex:s2 ex:p 1 .

ex:s1 ex:p "c" .
`
	if string(doc) != want {
		t.Errorf("got\n%s\nwant\n%s", doc, want)
	}
}

func TestEmptyDocuments(t *testing.T) {
	for _, tc := range []struct {
		name string
		w    func(io.Writer) Writer
		want string
	}{
		{"turtle", func(w io.Writer) Writer { return NewTurtleWriter(w, Options{Prefixes: []Prefix{{"ex", exNS}}}) }, "@prefix ex: <http://example.org/> .\n\n"},
		{"turtle bare", func(w io.Writer) Writer { return NewTurtleWriter(w, Options{}) }, ""},
		{"ntriples", NewNTriplesWriter, ""},
		{"ntriples header", func(w io.Writer) Writer {
			f, _ := Lookup("ntriples")
			return f.New(w, Options{Header: "source: test"})
		}, "# source: test\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.w(&buf).Close(); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tc.want {
				t.Errorf("got %q, want %q", buf.String(), tc.want)
			}
		})
	}
}

func TestLineFormats(t *testing.T) {
	s, p := ex("s"), ex("p")
	when := time.Date(2020, 2, 29, 23, 59, 1, 0, time.UTC)
	in := []quad.Quad{
		{Subject: s, Predicate: p, Object: quad.Int(3), Label: ex("g")},
		{Subject: s, Predicate: p, Object: quad.Float(0.25), Label: quad.BNode("g1")},
		{Subject: s, Predicate: p, Object: quad.Bool(false)},
		{Subject: s, Predicate: p, Object: quad.Time(when)},
		{Subject: quad.BNode("b"), Predicate: p, Object: quad.LangString{Value: "x\ny", Lang: "en"}},
		{Subject: s, Predicate: p, Object: quad.TypedString{Value: "q\"\\", Type: "http://other.org/dt"}},
	}
	common := []string{
		`<http://example.org/s> <http://example.org/p> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .`,
		`<http://example.org/s> <http://example.org/p> "2020-02-29T23:59:01Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .`,
		`_:b <http://example.org/p> "x\ny"@en .`,
		`<http://example.org/s> <http://example.org/p> "q\"\\"^^<http://other.org/dt> .`,
	}
	nt := append([]string{
		`<http://example.org/s> <http://example.org/p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
		`<http://example.org/s> <http://example.org/p> "2.5E-01"^^<http://www.w3.org/2001/XMLSchema#double> .`,
	}, common...)
	nq := append([]string{
		`<http://example.org/s> <http://example.org/p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/g> .`,
		`<http://example.org/s> <http://example.org/p> "2.5E-01"^^<http://www.w3.org/2001/XMLSchema#double> _:g1 .`,
	}, common...)
	for _, tc := range []struct {
		name  string
		new   func(io.Writer) Writer
		want  []string
		quads bool
	}{
		{"ntriples", NewNTriplesWriter, nt, false},
		{"nquads", NewNQuadsWriter, nq, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(tc.new(&buf), in); err != nil {
				t.Fatal(err)
			}
			want := strings.Join(tc.want, "\n") + "\n"
			if buf.String() != want {
				t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
			}
			// What the writer wrote reads back as the same statements.
			r := ntparse.NewReader(&buf)
			if tc.quads {
				r = ntparse.NewQuadReader(&buf)
			}
			back, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(back) != len(in) {
				t.Fatalf("read back %d statements, want %d", len(back), len(in))
			}
		})
	}
}

func TestWriterErrors(t *testing.T) {
	s, p, o := ex("s"), ex("p"), ex("o")
	for _, tc := range []struct {
		name  string
		q     quad.Quad
		cause error
		term  string // what the message must quote
	}{
		{"space in IRI", quad.Quad{Subject: ex("a b"), Predicate: p, Object: o}, ErrInvalidIRI, `subject IRI "http://example.org/a b"`},
		{"angle bracket", quad.Quad{Subject: s, Predicate: p, Object: ex("a>b")}, ErrInvalidIRI, `object IRI "http://example.org/a>b"`},
		{"quote", quad.Quad{Subject: s, Predicate: ex(`"`), Object: o}, ErrInvalidIRI, `predicate IRI "http://example.org/\""`},
		{"braces", quad.Quad{Subject: s, Predicate: p, Object: ex("{x}")}, ErrInvalidIRI, "{x}"},
		{"pipe", quad.Quad{Subject: s, Predicate: p, Object: ex("a|b")}, ErrInvalidIRI, "a|b"},
		{"caret", quad.Quad{Subject: s, Predicate: p, Object: ex("a^b")}, ErrInvalidIRI, "a^b"},
		{"backtick", quad.Quad{Subject: s, Predicate: p, Object: ex("a`b")}, ErrInvalidIRI, "a`b"},
		{"backslash", quad.Quad{Subject: s, Predicate: p, Object: ex(`a\b`)}, ErrInvalidIRI, `a\\b`},
		{"control character", quad.Quad{Subject: s, Predicate: p, Object: ex("a\nb")}, ErrInvalidIRI, `a\nb`},
		{"C1 control", quad.Quad{Subject: s, Predicate: p, Object: ex("a\u0085b")}, ErrInvalidIRI, `a\u0085b`},
		{"no scheme", quad.Quad{Subject: quad.IRI("trial/NCT1"), Predicate: p, Object: o}, ErrInvalidIRI, `"trial/NCT1"`},
		{"empty IRI", quad.Quad{Subject: s, Predicate: p, Object: quad.IRI("")}, ErrInvalidIRI, `object IRI ""`},
		{"bad scheme", quad.Quad{Subject: quad.IRI("1http://x"), Predicate: p, Object: o}, ErrInvalidIRI, "1http"},
		{"quad short form IRI", quad.Quad{Subject: s, Predicate: quad.IRI("rdf:type"), Object: o}, ErrInvalidIRI, `"rdf:type"`},
		{"datatype IRI", quad.Quad{Subject: s, Predicate: p, Object: quad.TypedString{Value: "x", Type: "dt"}}, ErrInvalidIRI, `"x"^^"dt"`},
		{"invalid UTF-8 IRI", quad.Quad{Subject: ex("\xff"), Predicate: p, Object: o}, ErrInvalidUTF8, `\xff`},
		{"invalid UTF-8 literal", quad.Quad{Subject: s, Predicate: p, Object: quad.String("caf\xe9")}, ErrInvalidUTF8, `"caf\xe9"`},
		{"invalid UTF-8 typed literal", quad.Quad{Subject: s, Predicate: p, Object: xsdTyped("\xc3", "token")}, ErrInvalidUTF8, `\xc3`},
		{"invalid UTF-8 bnode", quad.Quad{Subject: quad.BNode("b\xff"), Predicate: p, Object: o}, ErrInvalidUTF8, `b\xff`},
		{"bad language tag", quad.Quad{Subject: s, Predicate: p, Object: quad.LangString{Value: "x", Lang: "en_US"}}, ErrInvalidLiteral, `"en_US"`},
		{"language tag with digit first", quad.Quad{Subject: s, Predicate: p, Object: quad.LangString{Value: "x", Lang: "1en"}}, ErrInvalidLiteral, "1en"},
		{"empty language tag", quad.Quad{Subject: s, Predicate: p, Object: quad.LangString{Value: "x"}}, ErrInvalidLiteral, `"x"@""`},
		{"langString without tag", quad.Quad{Subject: s, Predicate: p, Object: quad.TypedString{Value: "x", Type: rdfLang}}, ErrInvalidLiteral, "langString"},
		{"bnode with space", quad.Quad{Subject: quad.BNode("a b"), Predicate: p, Object: o}, ErrInvalidBNode, `"a b"`},
		{"bnode ending in dot", quad.Quad{Subject: s, Predicate: p, Object: quad.BNode("a.")}, ErrInvalidBNode, `"a."`},
		{"bnode with two dots", quad.Quad{Subject: quad.BNode("a..b"), Predicate: p, Object: o}, ErrInvalidBNode, `"a..b"`},
		{"bnode starting with dash", quad.Quad{Subject: s, Predicate: p, Object: quad.BNode("-a")}, ErrInvalidBNode, `"-a"`},
		{"empty bnode", quad.Quad{Subject: s, Predicate: p, Object: quad.BNode("")}, ErrInvalidBNode, `blank node ""`},
		{"literal subject", quad.Quad{Subject: quad.String("s"), Predicate: p, Object: o}, ErrUnsupported, `subject literal "s"`},
		{"bnode predicate", quad.Quad{Subject: s, Predicate: quad.BNode("p"), Object: o}, ErrUnsupported, `predicate blank node "p"`},
		{"missing object", quad.Quad{Subject: s, Predicate: p}, ErrUnsupported, "object (missing)"},
		{"unsupported value", quad.Quad{Subject: s, Predicate: p, Object: otherValue{}}, ErrUnsupported, "export.otherValue"},
		{"year out of range", quad.Quad{Subject: s, Predicate: p, Object: quad.Time(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))}, ErrInvalidLiteral, "year 10000"},
	} {
		for _, f := range Formats() {
			t.Run(tc.name+"/"+f.Name, func(t *testing.T) {
				var buf bytes.Buffer
				w := f.New(&buf, Options{})
				good := quad.Quad{Subject: s, Predicate: p, Object: o}
				if err := w.WriteQuad(good); err != nil {
					t.Fatal(err)
				}
				err := w.WriteQuad(tc.q)
				if !errors.Is(err, tc.cause) {
					t.Fatalf("WriteQuad = %v, want an error wrapping %v", err, tc.cause)
				}
				var te *TermError
				if !errors.As(err, &te) {
					t.Fatalf("%v is not a *TermError", err)
				}
				if !strings.Contains(err.Error(), tc.term) {
					t.Errorf("error %q does not name the term (%s)", err, tc.term)
				}
				// The first error sticks: nothing more is written.
				if err2 := w.WriteQuad(good); err2 != err {
					t.Errorf("next WriteQuad = %v, want the first error", err2)
				}
				if err2 := w.Close(); err2 != err {
					t.Errorf("Close = %v, want the first error", err2)
				}
				if out := buf.String(); !strings.HasSuffix(out, documentEnd[f.Name]) || !strings.Contains(out, "example.org/s") {
					t.Errorf("output after the error is not the one good statement:\n%s", out)
				}
			})
		}
	}
}

func TestNQuadsLabelErrors(t *testing.T) {
	var buf bytes.Buffer
	w := NewNQuadsWriter(&buf)
	err := w.WriteQuad(quad.Quad{Subject: ex("s"), Predicate: ex("p"), Object: ex("o"), Label: quad.String("g")})
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), `label literal "g"`) {
		t.Errorf("WriteQuad = %v, want a label error", err)
	}
	// N-Triples and Turtle ignore labels altogether.
	if err := write(NewNTriplesWriter(io.Discard), []quad.Quad{{Subject: ex("s"), Predicate: ex("p"), Object: ex("o"), Label: quad.String("g")}}); err != nil {
		t.Errorf("N-Triples: %v", err)
	}
}

func TestOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"prefix name", Options{Prefixes: []Prefix{{"1ex", exNS}}}, `prefix name "1ex"`},
		{"prefix name ending in dot", Options{Prefixes: []Prefix{{"ex.", exNS}}}, `prefix name "ex."`},
		{"duplicate prefix", Options{Prefixes: []Prefix{{"ex", exNS}, {"ex", schemaNS}}}, `prefix "ex" declared twice`},
		{"prefix IRI", Options{Prefixes: []Prefix{{"ex", "example"}}}, `prefix "ex"`},
		{"base", Options{Base: "http://a b/"}, "base"},
		{"header", Options{Header: "\xff"}, "header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewTurtleWriter(&buf, tc.opts)
			err := w.WriteQuad(quad.Quad{Subject: ex("s"), Predicate: ex("p"), Object: ex("o")})
			if !errors.Is(err, ErrInvalidOption) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("WriteQuad = %v, want an option error mentioning %s", err, tc.want)
			}
			if err2 := w.Close(); err2 != err {
				t.Errorf("Close = %v, want %v", err2, err)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %q despite bad options", buf.String())
			}
		})
	}
}

// documentEnd is how each format's output ends.
var documentEnd = map[string]string{
	"turtle": " .\n", "trig": " .\n", "ntriples": " .\n", "nquads": " .\n",
	"jsonld": "]\n}\n", "graphml": "</graphml>\n", "dot": "}\n",
}

// otherValue is a quad.Value the writers do not know.
type otherValue struct{}

func (otherValue) String() string      { return "other" }
func (otherValue) Native() interface{} { return nil }

var errBoom = errors.New("disk full")

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errBoom
	}
	return len(p), nil
}

func TestWriteFailure(t *testing.T) {
	for _, f := range Formats() {
		t.Run(f.Name, func(t *testing.T) {
			w := f.New(&failWriter{n: 100 << 10}, Options{Predicates: []string{exNS + "p"}})
			var err error
			for i := 0; i < 100000 && err == nil; i++ {
				err = w.WriteQuad(quad.Quad{Subject: ex("s" + strconv.Itoa(i/3)), Predicate: ex("p"), Object: quad.Int(i)})
			}
			if !errors.Is(err, errBoom) {
				t.Fatalf("WriteQuad = %v, want %v", err, errBoom)
			}
			if err := w.Close(); !errors.Is(err, errBoom) {
				t.Errorf("Close = %v, want %v", err, errBoom)
			}
			if err := w.WriteQuad(quad.Quad{Subject: ex("s"), Predicate: ex("p"), Object: ex("o")}); !errors.Is(err, errBoom) {
				t.Errorf("WriteQuad after Close = %v", err)
			}
		})
	}
}

func TestWriteAfterClose(t *testing.T) {
	for _, f := range Formats() {
		w := f.New(io.Discard, Options{})
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteQuad(quad.Quad{Subject: ex("s"), Predicate: ex("p"), Object: ex("o")}); !errors.Is(err, ErrClosed) {
			t.Errorf("%s: WriteQuad after Close = %v, want ErrClosed", f.Name, err)
		}
	}
}

func TestRegistry(t *testing.T) {
	var names []string
	for _, f := range Formats() {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, " "); got != "dot graphml jsonld nquads ntriples trig turtle" {
		t.Errorf("Formats = %s", got)
	}
	for _, tc := range []struct{ name, ext, mime string }{
		{"turtle", ".ttl", "text/turtle"},
		{"ntriples", ".nt", "application/n-triples"},
		{"nquads", ".nq", "application/n-quads"},
		{"trig", ".trig", "application/trig"},
		{"jsonld", ".jsonld", "application/ld+json"},
		{"graphml", ".graphml", "application/graphml+xml"},
	} {
		f, err := Lookup(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Extensions) != 1 || f.Extensions[0] != tc.ext || f.MIMEType != tc.mime {
			t.Errorf("%s: %v %s", tc.name, f.Extensions, f.MIMEType)
		}
	}
	_, err := Lookup("rdfxml")
	if !errors.Is(err, ErrUnknownFormat) || !strings.Contains(err.Error(), "dot, graphml, jsonld, nquads, ntriples, trig, turtle") {
		t.Errorf("Lookup(rdfxml) = %v, want ErrUnknownFormat listing the formats", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("registering turtle twice did not panic")
		}
	}()
	Register(Format{Name: "turtle", New: NewTurtleWriter})
}

// The forms the Turtle writer keeps (the last IRI subject's, predicates')
// are those it would write afresh: after a blank-node subject, when the
// same IRI comes back as a subject, with rdf:type and a prefixed and a
// relative predicate written again, and in TriG across graphs.
func TestTurtleKeptForms(t *testing.T) {
	s1, p, rel := ex("s1"), ex("p"), quad.IRI("http://example.org/base/r")
	in := []quad.Quad{
		{Subject: s1, Predicate: quad.IRI(rdfType), Object: ex("C")},
		{Subject: s1, Predicate: rel, Object: s1},
		{Subject: quad.BNode("b"), Predicate: p, Object: s1},
		{Subject: s1, Predicate: rel, Object: quad.BNode("b")},
		{Subject: s1, Predicate: p, Object: rel, Label: ex("g")},
		{Subject: rel, Predicate: quad.IRI(rdfType), Object: p, Label: ex("g")},
		{Subject: rel, Predicate: p, Object: quad.String("x"), Label: ex("h")},
	}
	opts := Options{Base: "http://example.org/base/", Prefixes: []Prefix{{"ex", exNS}}}
	doc, err := turtle(in, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := `@base <http://example.org/base/> .
@prefix ex: <http://example.org/> .

ex:s1 a ex:C ;
    <r> ex:s1 .

_:b ex:p ex:s1 .

ex:s1 <r> _:b ;
    ex:p <r> .

<r> a ex:p ;
    ex:p "x" .
`
	if string(doc) != want {
		t.Errorf("Turtle: got\n%s\nwant\n%s", doc, want)
	}
	var buf bytes.Buffer
	w := NewTriGWriter(&buf, opts)
	for _, q := range in {
		if err := w.WriteQuad(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want = `@base <http://example.org/base/> .
@prefix ex: <http://example.org/> .

ex:s1 a ex:C ;
    <r> ex:s1 .

_:b ex:p ex:s1 .

ex:s1 <r> _:b .

GRAPH ex:g {
ex:s1 ex:p <r> .

<r> a ex:p .
}

GRAPH ex:h {
<r> ex:p "x" .
}
`
	if buf.String() != want {
		t.Errorf("TriG: got\n%s\nwant\n%s", buf.String(), want)
	}
}
