package export

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/trialgraph/trialgraph/export/internal/rdftest"
	"github.com/trialgraph/trialgraph/export/ntparse"
)

var w3cDir = filepath.Join("..", "testdata", "w3c")

// unrepresentable lists the W3C tests whose graphs the writers cannot
// write, with the reason. It is empty: every graph of the suites is written.
var unrepresentable = map[string]string{}

// w3cVariants are the writer options each graph is written with: full
// IRIs only, and prefixes and a base covering the namespaces of the suite,
// so that the local-name tests exercise prefix compression.
var w3cVariants = []struct {
	name string
	opts Options
}{
	{"plain", Options{}},
	{"prefixed", Options{
		Header: "W3C Turtle suite graph\nwritten by trialgraph/export",
		Base:   "http://example.org/",
		Prefixes: []Prefix{
			{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
			{"xsd", "http://www.w3.org/2001/XMLSchema#"},
			{"", "http://a.example/"},
			{"ex", "http://example.org/#"},
			{"t", "http://www.w3.org/2013/TurtleTests/"},
			{"u", "urn:ex:"},
			{"bb", "http://a/bb/"},
			{"f", "file:///a/"},
		},
	}},
}

// roundTrip is one graph written in one variant, checked by the parsers.
type roundTrip struct {
	name     string
	want     []quad.Quad
	doc      []byte
	syntax   string // serdi's name for the syntax of doc
	turtle   bool   // also checked with N3.js
	writeErr error
}

// checkRoundTrips parses every document with serdi and (Turtle only)
// N3.js and compares the graphs with the expected ones.
func checkRoundTrips(t *testing.T, rts []roundTrip) {
	// Writing must succeed whether or not the parsers are installed.
	for _, rt := range rts {
		if rt.writeErr != nil {
			t.Errorf("%s: writing: %v", rt.name, rt.writeErr)
		}
	}
	needSerdi(t)
	needN3(t)
	var docs [][]byte
	index := map[int]int{} // roundTrip -> document for N3.js
	for i, rt := range rts {
		if rt.turtle && rt.writeErr == nil {
			index[i] = len(docs)
			docs = append(docs, rt.doc)
		}
	}
	n3 := n3js(t, docs)
	for i, rt := range rts {
		rt.want = rdfValues(t, rt.want)
		t.Run(rt.name, func(t *testing.T) {
			if rt.writeErr != nil {
				t.Fatalf("writing: %v", rt.writeErr)
			}
			got, err := serdi(rt.syntax, rt.doc)
			if err == nil {
				err = rdftest.Isomorphic(got, rt.want)
			}
			if err != nil {
				t.Errorf("serdi: %v\ndocument:\n%s", err, rt.doc)
			}
			if !rt.turtle {
				return
			}
			r := n3[index[i]]
			err = r.Err
			if err == nil {
				err = rdftest.Isomorphic(r.Quads, rt.want)
			}
			if err != nil {
				t.Errorf("N3.js: %v\ndocument:\n%s", err, rt.doc)
			}
		})
	}
}

func readNT(path string) ([]quad.Quad, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	qs, err := ntparse.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return qs, nil
}

// TestW3CTurtle writes the expected graph of every evaluation test of the
// W3C Turtle suite as Turtle and checks that serdi and N3.js read the
// same graph back.
func TestW3CTurtle(t *testing.T) {
	tests, err := rdftest.ReadManifest(filepath.Join(w3cDir, "rdf-turtle"))
	if err != nil {
		t.Fatal(err)
	}
	var rts []roundTrip
	var eval, skipped int
	for _, tc := range tests {
		if tc.Type != "TestTurtleEval" {
			continue
		}
		eval++
		if reason, ok := unrepresentable[tc.Name]; ok {
			t.Logf("%s: not written: %s", tc.Name, reason)
			skipped++
			continue
		}
		want, err := readNT(tc.Result)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range w3cVariants {
			doc, err := turtle(sortQuads(want), v.opts)
			rts = append(rts, roundTrip{name: tc.Name + "/" + v.name, want: want, doc: doc, syntax: "turtle", turtle: true, writeErr: err})
		}
	}
	if eval != 145 {
		t.Errorf("found %d evaluation tests, want 145", eval)
	}
	t.Logf("%d evaluation tests, %d written in %d variants, %d not representable", eval, eval-skipped, len(w3cVariants), skipped)
	checkRoundTrips(t, rts)
}

// TestW3CNTriples writes the graph of every positive N-Triples syntax test
// as N-Triples and as Turtle and checks both with serdi (and the Turtle
// with N3.js).
func TestW3CNTriples(t *testing.T) {
	tests, err := rdftest.ReadManifest(filepath.Join(w3cDir, "rdf-n-triples"))
	if err != nil {
		t.Fatal(err)
	}
	var rts []roundTrip
	var pos int
	for _, tc := range tests {
		if tc.Type != "TestNTriplesPositiveSyntax" {
			continue
		}
		pos++
		if reason, ok := unrepresentable[tc.Name]; ok {
			t.Logf("%s: not written: %s", tc.Name, reason)
			continue
		}
		want, err := readNT(tc.Action)
		if err != nil {
			t.Fatal(err)
		}
		sorted := sortQuads(want)
		nt, err := ntriples(sorted)
		rts = append(rts, roundTrip{name: tc.Name + "/ntriples", want: want, doc: nt, syntax: "ntriples", writeErr: err})
		ttl, err := turtle(sorted, w3cVariants[1].opts)
		rts = append(rts, roundTrip{name: tc.Name + "/turtle", want: want, doc: ttl, syntax: "turtle", turtle: true, writeErr: err})
	}
	if pos != 41 {
		t.Errorf("found %d positive syntax tests, want 41", pos)
	}
	checkRoundTrips(t, rts)
}
