package export

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// trialGraph is a small graph shaped like the project's export of one
// trial, with every kind of term the writers handle.
func trialGraph() []quad.Quad {
	const (
		tg    = "https://w3id.org/trialgraph/vocab#"
		id    = "https://w3id.org/trialgraph/id/"
		obo   = "http://purl.obolibrary.org/obo/"
		skos  = "http://www.w3.org/2004/02/skos/core#"
		geo   = "http://www.w3.org/2003/01/geo/wgs84_pos#"
		graph = id + "graph/NCT04288102"
	)
	trial := quad.IRI(id + "trial/NCT04288102")
	site := quad.IRI(id + "site/wuhan-union-hospital-wuhan-cn")
	src := quad.IRI(id + "cell-source/umbilical-cord")
	var qs []quad.Quad
	add := func(s quad.Value, p string, o quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: quad.IRI(p), Object: o, Label: quad.IRI(graph)})
	}
	add(trial, rdfType, quad.IRI(tg+"Trial"))
	add(trial, rdfType, quad.IRI(schemaNS+"MedicalTrial"))
	add(trial, schemaNS+"name", quad.LangString{Value: "Treatment With Human Umbilical Cord-derived Mesenchymal Stem Cells for Severe Corona Virus Disease 2019 (COVID-19)", Lang: "en"})
	add(trial, tg+"nctId", quad.String("NCT04288102"))
	add(trial, tg+"phase", quad.IRI(tg+"Phase2"))
	add(trial, tg+"enrollment", quad.Int(100))
	add(trial, tg+"startDate", quad.TypedString{Value: "2020-03-05", Type: nsXSD + "date"})
	add(trial, tg+"lastUpdate", quad.Time(time.Date(2021, 7, 2, 9, 30, 0, 0, time.UTC)))
	add(trial, tg+"hasResults", quad.Bool(false))
	add(trial, tg+"cellSource", src)
	add(trial, tg+"site", site)
	add(trial, tg+"eligibility", quad.String("Inclusion Criteria:\n\n* Aged 18-75 years\n* PaO2/FiO2 < 300 mmHg, \"severe\" COVID-19"))
	add(trial, tg+"primaryOutcome", quad.BNode("outcome1"))
	add(trial, schemaNS+"url", quad.IRI("https://clinicaltrials.gov/study/NCT04288102"))
	add(quad.BNode("outcome1"), tg+"timeFrame", quad.String("At baseline, 6 hour, day 1, 3, 7, 14, 21 and 28"))
	add(src, rdfType, quad.IRI(tg+"CellSource"))
	add(src, skos+"exactMatch", quad.IRI(obo+"UBERON_0002331"))
	add(src, skos+"exactMatch", quad.IRI(obo+"CL_0002569"))
	add(site, rdfType, quad.IRI(tg+"Site"))
	add(site, schemaNS+"name", quad.String("Wuhan Union Hospital"))
	add(site, geo+"lat", quad.TypedString{Value: "30.5826", Type: nsXSD + "decimal"})
	add(site, geo+"long", quad.TypedString{Value: "114.2717", Type: nsXSD + "decimal"})
	return sortQuads(qs)
}

var goldenOptions = Options{
	Header: "trialgraph export of NCT04288102 (test fixture)",
	Base:   "https://w3id.org/trialgraph/id/",
	Prefixes: []Prefix{
		{"tg", "https://w3id.org/trialgraph/vocab#"},
		{"schema", schemaNS},
		{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
		{"xsd", nsXSD},
		{"skos", "http://www.w3.org/2004/02/skos/core#"},
		{"geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"},
		{"obo", "http://purl.obolibrary.org/obo/"},
	},
}

// TestGolden compares each format's output for trialGraph with
// testdata/golden/trial.<ext>; -update rewrites them.
func TestGolden(t *testing.T) {
	for _, f := range Formats() {
		t.Run(f.Name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(f.New(&buf, goldenOptions), trialGraph()); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", "trial"+f.Extensions[0])
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if d := lineDiff(buf.String(), string(want)); d != "" {
				t.Errorf("%s differs (go test ./export -run TestGolden -update to accept):\n%s", path, d)
			}
		})
	}
}

// lineDiff describes the first lines where got and want differ.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return fmt.Sprintf("line %d:\n-%s\n+%s", i+1, wl, gl)
		}
	}
	return ""
}

// TestDeterministic writes the same graph twice with fresh writers and
// expects the same bytes.
func TestDeterministic(t *testing.T) {
	for _, f := range Formats() {
		var a, b bytes.Buffer
		if err := write(f.New(&a, goldenOptions), trialGraph()); err != nil {
			t.Fatal(err)
		}
		if err := write(f.New(&b, goldenOptions), trialGraph()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two runs differ:\n%s", f.Name, lineDiff(a.String(), b.String()))
		}
	}
}

// trickyGraph has the terms most likely to trip a parser: every character
// PN_LOCAL must escape, at the start, middle and end of local names,
// relative references, strings with quotes next to the delimiters and
// unusual characters.
func trickyGraph() []quad.Quad {
	var qs []quad.Quad
	s, p := ex("s"), ex("p")
	add := func(s quad.Value, p quad.IRI, o quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o})
	}
	for _, c := range "_~.-!$&'()*+,;=/?#@%:·" {
		add(ex(string(c)+"x"), p, ex("x"+string(c)))
		add(s, ex("x"+string(c)+"y"), quad.String(string(c)))
	}
	for _, local := range []string{"", "0", "a%2F", "%zz", "..", "a..b", "trial/NCT1", "a:b/c", "x/./y", "é😀", "a\u00b7b", "a\u203fb"} {
		add(quad.IRI(idNS+local), p, ex(local))
	}
	for _, str := range []string{
		`"`, `""`, `"""`, `a"`, `"a`, "\n\"", "\"\n", "a\n\"\"\"\nb", "\r\n", "\\\n",
		"\x00\x1f\x7f", "\u2028\u2029\ufeff\ufffe\uffff", "😀", "tab\there", "\n",
	} {
		add(s, p, quad.String(str))
		add(s, ex("lang"), quad.LangString{Value: quad.String(str), Lang: "en-x-TEST1"})
		add(s, ex("typed"), quad.TypedString{Value: quad.String(str), Type: ex("dt#1")})
	}
	for _, lex := range []string{"0", "-0", "+1", "00", "1.", ".1", "-.1", "1.0e1", "1e1", "true", "false", "NaN"} {
		add(s, ex("int"), xsdTyped(lex, "integer"))
		add(s, ex("dec"), xsdTyped(lex, "decimal"))
		add(s, ex("bool"), xsdTyped(lex, "boolean"))
		add(s, ex("double"), xsdTyped(lex, "double"))
	}
	add(quad.BNode("a.b-c_d"), p, quad.BNode("0"))
	add(quad.BNode("_x"), p, quad.BNode("é·"))
	return sortQuads(qs)
}

// TestExternalParsers checks the golden and tricky graphs in every format
// and option set with serdi and (Turtle) N3.js.
func TestExternalParsers(t *testing.T) {
	var rts []roundTrip
	for _, g := range []struct {
		name  string
		quads []quad.Quad
	}{{"trial", trialGraph()}, {"tricky", trickyGraph()}, {"random", randomGraph(t, 2000)}} {
		for _, o := range []struct {
			name string
			opts Options
		}{{"plain", Options{}}, {"test", testOptions}, {"golden", goldenOptions}} {
			doc, err := turtle(g.quads, o.opts)
			rts = append(rts, roundTrip{name: g.name + "/turtle/" + o.name, want: g.quads, doc: doc, syntax: "turtle", turtle: true, writeErr: err})
		}
		nt, err := ntriples(g.quads)
		rts = append(rts, roundTrip{name: g.name + "/ntriples", want: g.quads, doc: nt, syntax: "ntriples", writeErr: err})
		var nq bytes.Buffer
		err = write(NewNQuadsWriter(&nq), g.quads)
		rts = append(rts, roundTrip{name: g.name + "/nquads", want: g.quads, doc: nq.Bytes(), syntax: "nquads", writeErr: err})
	}
	checkRoundTrips(t, rts)
}

// randomGraph returns n statements with terms drawn from the characters
// that need care in Turtle, keeping those the writers accept.
func randomGraph(t testing.TB, n int) []quad.Quad { return randomGraphSeed(t, n, 1) }

func randomGraphSeed(t testing.TB, n int, seed uint64) []quad.Quad {
	rng := rand.New(rand.NewPCG(seed, 2))
	pick := func(alphabet []rune, max int) string {
		var b strings.Builder
		for i := rng.IntN(max + 1); i > 0; i-- {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	localChars := []rune("aZ09_~.-!$&'()*+,;=/?#@%:·\u0300‿é😀[]")
	textChars := []rune("a \"'\\\n\r\t\x00\x01\x7f\u2028é😀\ufeff")
	langs := []string{"en", "en-GB", "zh-Hant-TW", "x-private1"}
	iri := func() quad.IRI {
		ns := []string{exNS, idNS, exNS + "vocab#", "urn:x:"}[rng.IntN(4)]
		return quad.IRI(ns + pick(localChars, 6))
	}
	var qs []quad.Quad
	for len(qs) < n {
		var s quad.Value = iri()
		if rng.IntN(5) == 0 {
			s = quad.BNode("b" + pick([]rune("a.-_0é·"), 4))
		}
		var o quad.Value
		switch rng.IntN(6) {
		case 0:
			o = iri()
		case 1:
			o = quad.String(pick(textChars, 8))
		case 2:
			o = quad.LangString{Value: quad.String(pick(textChars, 8)), Lang: langs[rng.IntN(len(langs))]}
		case 3:
			o = xsdTyped(pick([]rune("+-.0123e"), 4), []string{"integer", "decimal", "boolean", "double"}[rng.IntN(4)])
		case 4:
			o = quad.TypedString{Value: quad.String(pick(textChars, 4)), Type: iri()}
		default:
			o = quad.Int(rng.Int64() - rng.Int64())
		}
		q := quad.Quad{Subject: s, Predicate: iri(), Object: o}
		if err := NewNTriplesWriter(io.Discard).WriteQuad(q); err != nil {
			continue // an IRI with a character IRIs cannot hold
		}
		qs = append(qs, q)
	}
	return sortQuads(qs)
}
