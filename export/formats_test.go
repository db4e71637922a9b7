package export

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/piprate/json-gold/ld"

	"github.com/trialgraph/trialgraph/export/ntparse"
)

// statementSet renders statements as sorted N-Quads lines, blank node
// labels replaced by "_:b" (parsers relabel them).
func statementSet(t *testing.T, qs []quad.Quad, keepLabels bool) []string {
	t.Helper()
	var out []string
	for _, q := range qs {
		if !keepLabels {
			q.Label = nil
		}
		for _, d := range []quad.Direction{quad.Subject, quad.Object, quad.Label} {
			if _, ok := q.Get(d).(quad.BNode); ok {
				q.Set(d, quad.BNode("b"))
			}
		}
		var buf bytes.Buffer
		if err := write(NewNQuadsWriter(&buf), []quad.Quad{q}); err != nil {
			t.Fatal(err)
		}
		out = append(out, buf.String())
	}
	sort.Strings(out)
	return out
}

func sameStatements(t *testing.T, name string, got, want []string) {
	t.Helper()
	if strings.Join(got, "") == strings.Join(want, "") {
		return
	}
	t.Errorf("%s: %d statements read back, %d written", name, len(got), len(want))
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i] != want[i] {
			t.Errorf("first difference:\n got %s\nwant %s", got[i], want[i])
			break
		}
	}
}

// TestJSONLDReadsBack converts the JSON-LD writer's output to RDF with
// json-gold and compares the statements with those written.
func TestJSONLDReadsBack(t *testing.T) {
	for _, g := range []struct {
		name  string
		quads []quad.Quad
		opts  Options
	}{
		{"trial", trialGraph(), goldenOptions},
		{"trial without prefixes", trialGraph(), Options{}},
		// trickyGraph and randomGraph are left out: json-gold drops IRIs
		// it finds malformed (a "%" without two hex digits, "?" or "#"
		// in odd places) that RDF allows. The export of the corpus is
		// read back in cmd/trialgraph.
	} {
		t.Run(g.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(NewJSONLDWriter(&buf, g.opts), g.quads); err != nil {
				t.Fatal(err)
			}
			var doc any
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			opts := ld.NewJsonLdOptions("")
			opts.Format = "application/n-quads"
			nq, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
			if err != nil {
				t.Fatalf("json-gold: %v", err)
			}
			got, err := ntparse.NewQuadReader(strings.NewReader(nq.(string))).ReadAll()
			if err != nil {
				t.Fatalf("json-gold's N-Quads: %v", err)
			}
			sameStatements(t, g.name, dedupe(statementSet(t, got, false)), dedupe(statementSet(t, g.quads, false)))
		})
	}
}

func dedupe(lines []string) []string {
	out := lines[:0]
	for i, l := range lines {
		if i == 0 || l != lines[i-1] {
			out = append(out, l)
		}
	}
	return out
}

func TestJSONLDPrefixSchemeClash(t *testing.T) {
	w := NewJSONLDWriter(io.Discard, Options{Prefixes: []Prefix{{"geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"}}})
	err := w.WriteQuad(quad.Quad{Subject: ex("s"), Predicate: ex("p"), Object: quad.IRI("geo:37.78,-122.4")})
	if !errors.Is(err, ErrInvalidIRI) {
		t.Errorf("geo: URI with a geo prefix: %v, want ErrInvalidIRI", err)
	}
}

// TestTriGReadsBack parses the TriG writer's output with serdi and
// compares the quads, graph labels included.
func TestTriGReadsBack(t *testing.T) {
	needSerdi(t)
	trial := trialGraph()
	other := []quad.Quad{
		{Subject: ex("s"), Predicate: ex("p"), Object: quad.String("default graph")},
	}
	for _, q := range trickyGraph() {
		q.Label = ex("g2")
		other = append(other, q)
	}
	all := append(other[:1:1], trial...)
	all = append(all, other[1:]...)
	var buf bytes.Buffer
	if err := write(NewTriGWriter(&buf, goldenOptions), all); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("serdi", "-i", "trig", "-o", "nquads", "-")
	cmd.Stdin = &buf
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("serdi rejects the TriG: %v\n%s", err, errb.String())
	}
	got, err := ntparse.NewQuadReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sameStatements(t, "trig", dedupe(statementSet(t, got, true)), dedupe(statementSet(t, all, true)))
}

// TestGraphML decodes the GraphML output as XML and checks that every
// edge joins declared nodes, with and without declared predicates.
func TestGraphML(t *testing.T) {
	type data struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
	type doc struct {
		Keys []struct {
			ID   string `xml:"id,attr"`
			Name string `xml:"attr.name,attr"`
		} `xml:"key"`
		Nodes []struct {
			ID   string `xml:"id,attr"`
			Data []data `xml:"data"`
		} `xml:"graph>node"`
		Edges []struct {
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
			Data   []data `xml:"data"`
		} `xml:"graph>edge"`
	}
	for _, preds := range [][]string{nil, {schemaNS + "name", "https://w3id.org/trialgraph/vocab#eligibility", "https://w3id.org/trialgraph/vocab#enrollment", "https://w3id.org/trialgraph/vocab#startDate", "https://w3id.org/trialgraph/vocab#lastUpdate", "https://w3id.org/trialgraph/vocab#hasResults", "https://w3id.org/trialgraph/vocab#nctId", "https://w3id.org/trialgraph/vocab#timeFrame", "http://www.w3.org/2003/01/geo/wgs84_pos#lat", "http://www.w3.org/2003/01/geo/wgs84_pos#long"}} {
		opts := goldenOptions
		opts.Predicates = preds
		var buf bytes.Buffer
		if err := write(NewGraphMLWriter(&buf, opts), trialGraph()); err != nil {
			t.Fatal(err)
		}
		var d doc
		if err := xml.Unmarshal(buf.Bytes(), &d); err != nil {
			t.Fatalf("not XML: %v\n%s", err, buf.String())
		}
		keys, nodes := map[string]bool{}, map[string]string{}
		for _, k := range d.Keys {
			keys[k.ID] = true
		}
		for _, n := range d.Nodes {
			if _, dup := nodes[n.ID]; dup {
				t.Errorf("node %s declared twice", n.ID)
			}
			for _, dt := range n.Data {
				if !keys[dt.Key] {
					t.Errorf("node %s: undeclared key %s", n.ID, dt.Key)
				}
				if dt.Key == "label" {
					nodes[n.ID] = dt.Value
				}
			}
		}
		for _, e := range d.Edges {
			if _, ok := nodes[e.Source]; !ok {
				t.Errorf("edge from undeclared node %s", e.Source)
			}
			if _, ok := nodes[e.Target]; !ok {
				t.Errorf("edge to undeclared node %s", e.Target)
			}
		}
		if got := nodes[idNS+"site/wuhan-union-hospital-wuhan-cn"]; got != "Wuhan Union Hospital" {
			t.Errorf("site label %q, want its schema:name", got)
		}
		if len(d.Edges) != 7 {
			t.Errorf("%d edges, want the 7 statements with IRI or blank node objects other than rdf:type", len(d.Edges))
		}
	}
	// A literal predicate that was not declared cannot be written.
	w := NewGraphMLWriter(io.Discard, Options{Predicates: []string{}})
	w.WriteQuad(quad.Quad{Subject: ex("s"), Predicate: ex("p"), Object: quad.String("x")})
	if err := w.Close(); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("undeclared predicate: %v", err)
	}
}

// dotLine is one statement of the DOT the writer produces: a node with
// attributes or an edge with a label, every ID a quoted string.
var dotLine = regexp.MustCompile(`^  "(?:[^"\\\n]|\\.)*"(?: -> "(?:[^"\\\n]|\\.)*")? \[(?:"(?:[^"\\\n]|\\.)*"|[a-z]+)="(?:[^"\\\n]|\\.)*"(?:, (?:"(?:[^"\\\n]|\\.)*"|[a-z]+)="(?:[^"\\\n]|\\.)*")*\];$`)

func TestDOT(t *testing.T) {
	for _, g := range [][]quad.Quad{trialGraph(), trickyGraph()} {
		var buf bytes.Buffer
		if err := write(NewDOTWriter(&buf, goldenOptions), g); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		if lines[0] != "digraph trialgraph {" || lines[len(lines)-1] != "}" {
			t.Errorf("not a digraph:\n%s", buf.String())
		}
		for _, l := range lines[2 : len(lines)-1] {
			if !dotLine.MatchString(l) {
				t.Errorf("not a DOT node or edge statement: %q", l)
			}
		}
		if dot, err := exec.LookPath("dot"); err == nil {
			cmd := exec.Command(dot, "-Tcanon")
			cmd.Stdin = &buf
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("graphviz rejects the DOT: %v\n%s", err, out)
			}
		}
	}
}
