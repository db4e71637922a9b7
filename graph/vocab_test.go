package graph_test

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ingest"
	_ "github.com/trialgraph/trialgraph/ingest/ctgovjson"
	_ "github.com/trialgraph/trialgraph/ingest/ctgovpage"
	_ "github.com/trialgraph/trialgraph/ingest/ctgovxml"
	_ "github.com/trialgraph/trialgraph/ingest/medpath"
	"github.com/trialgraph/trialgraph/ontology"
	"github.com/trialgraph/trialgraph/trial"
)

// abstractTerms are declared in the ontology and in vocab.go but never
// written by the exporter, with the reason.
var abstractTerms = map[string]string{
	ontology.Investigator: "super-property of principalInvestigator, studyChair, studyDirector and subInvestigator, for queries under RDFS entailment",
}

const (
	owlClass    = ontology.OWL + "Class"
	owlObject   = ontology.OWL + "ObjectProperty"
	owlDatatype = ontology.OWL + "DatatypeProperty"
)

// TestVocabularyInStep checks that vocab.go, the ontology file and the
// export agree: every tg: constant is declared in trialgraph.ttl with a
// label, comment, domain and range, every declared term is a constant,
// and the export of the seeds, the corpus and a study filling every field
// uses every declared term (except abstract ones) and nothing undeclared.
func TestVocabularyInStep(t *testing.T) {
	triples, err := parseTurtle(ontology.OntologyTurtle())
	if err != nil {
		t.Fatalf("trialgraph.ttl: %v", err)
	}
	declared := map[string]string{} // term → its OWL kind
	facts := map[string]map[string]bool{}
	for _, tr := range triples {
		if !strings.HasPrefix(tr[0], ontology.TG) {
			continue
		}
		if facts[tr[0]] == nil {
			facts[tr[0]] = map[string]bool{}
		}
		facts[tr[0]][tr[1]] = true
		if tr[1] == ontology.RDFType && (tr[2] == owlClass || tr[2] == owlObject || tr[2] == owlDatatype) {
			if k, ok := declared[tr[0]]; ok && k != tr[2] {
				t.Errorf("%s declared as both %s and %s", tr[0], k, tr[2])
			}
			declared[tr[0]] = tr[2]
		}
	}
	if len(declared) < 90 {
		t.Fatalf("trialgraph.ttl declares %d tg: terms; vocab.go has about a hundred", len(declared))
	}
	for term, kind := range declared {
		need := []string{ontology.RDFSLabel, ontology.RDFS + "comment"}
		if kind != owlClass {
			need = append(need, ontology.RDFS+"domain", ontology.RDFS+"range")
		}
		for _, p := range need {
			if !facts[term][p] {
				t.Errorf("%s has no %s", term, p)
			}
		}
	}
	for term := range facts {
		if _, ok := declared[term]; !ok {
			t.Errorf("trialgraph.ttl says things about %s but does not declare it", term)
		}
	}

	consts := vocabConstants(t)
	for _, term := range sortedKeys(consts) {
		if _, ok := declared[term]; !ok {
			t.Errorf("vocab.go constant %s = %s is not declared in trialgraph.ttl", consts[term], term)
		}
	}
	for _, term := range sortedKeys(declared) {
		if _, ok := consts[term]; !ok {
			t.Errorf("trialgraph.ttl declares %s, which vocab.go does not define", term)
		}
	}

	used := map[string]string{} // term → the kind its use implies
	studies := readCorpus(t)
	studies = append(studies, kitchenSink())
	b := graph.NewBuilder("")
	for _, s := range studies {
		for _, q := range b.Study(s) {
			p := iriOf(q.Predicate)
			if strings.HasPrefix(p, ontology.TG) {
				if _, lit := q.Object.(quad.IRI); lit {
					used[p] = owlObject
				} else {
					used[p] = owlDatatype
				}
			}
			if o := iriOf(q.Object); p == ontology.RDFType && strings.HasPrefix(o, ontology.TG) {
				used[o] = owlClass
			}
		}
	}
	for _, term := range sortedKeys(used) {
		switch kind, ok := declared[term]; {
		case !ok:
			t.Errorf("the export writes %s, which trialgraph.ttl does not declare", term)
		case kind != used[term]:
			t.Errorf("the export uses %s as %s; trialgraph.ttl declares a %s", term, used[term], kind)
		}
	}
	for _, term := range sortedKeys(declared) {
		_, abstract := abstractTerms[term]
		_, ok := used[term]
		switch {
		case abstract && ok:
			t.Errorf("%s is listed as abstract but the export writes it", term)
		case !abstract && !ok:
			t.Errorf("trialgraph.ttl declares %s, which nothing in the export uses", term)
		}
	}
}

// TestOntologyTurtleMatchesSerd parses trialgraph.ttl with serdi as well
// and compares the triple counts, so the small reader below cannot drift
// from real Turtle.
func TestOntologyTurtleMatchesSerd(t *testing.T) {
	serdi, err := exec.LookPath("serdi")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("serdi not found")
		}
		t.Skip("serdi not found: cross-check not run")
	}
	for name, doc := range map[string][]byte{"trialgraph.ttl": ontology.OntologyTurtle(), "shapes.ttl": ontology.ShapesTurtle()} {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(serdi, "-i", "turtle", "-o", "ntriples", "-")
			cmd.Stdin = bytes.NewReader(doc)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("serdi: %v\n%s", err, stderr.String())
			}
			want := bytes.Count(out, []byte("\n"))
			triples, err := parseTurtle(doc)
			if err != nil {
				t.Fatal(err)
			}
			if len(triples) != want {
				t.Errorf("read %d triples; serdi reads %d", len(triples), want)
			}
		})
	}
}

func TestParseTurtleErrors(t *testing.T) {
	for _, in := range []string{
		`<a> <b> <c>`,                  // no final dot
		`x:a <b> <c> .`,                // undeclared prefix
		`<a> <b> "open .`,              // unterminated string
		`<a> <b> [ <c> <d> .`,          // unclosed bracket
		`@prefix x: <http://x/> x:a .`, // no dot after the directive
		`<a> <b> { } .`,                // not Turtle of this subset
	} {
		if _, err := parseTurtle([]byte(in)); err == nil {
			t.Errorf("parseTurtle(%q) succeeded", in)
		}
	}
}

// vocabConstants type-checks ontology/vocab.go and returns its string
// constants in the tg: namespace, value → name.
func vocabConstants(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join("..", "ontology", "vocab.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("ontology", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatalf("type-checking vocab.go: %v", err)
	}
	out := map[string]string{}
	for _, name := range pkg.Scope().Names() {
		c, ok := pkg.Scope().Lookup(name).(*types.Const)
		if !ok || c.Val().Kind() != constant.String {
			continue
		}
		if v := constant.StringVal(c.Val()); strings.HasPrefix(v, ontology.TG) && v != ontology.TG {
			out[v] = name
		}
	}
	return out
}

// readCorpus reads every study of the seeds and the corpus.
func readCorpus(t *testing.T) []*trial.Study {
	t.Helper()
	var studies []*trial.Study
	for _, dir := range []string{"seeds", "corpus/ctgov-v2", "xml"} {
		root := filepath.Join("..", "testdata", filepath.FromSlash(dir))
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			r, err := ingest.Open(f, path, "")
			if err != nil {
				return nil // not a trial record (listings, golden files)
			}
			for {
				s, err := r.Read()
				if err == io.EOF {
					return nil
				}
				var pe *ingest.ParseError
				if errors.As(err, &pe) {
					return nil
				}
				if err != nil {
					return err
				}
				studies = append(studies, s)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(studies) < 400 {
		t.Fatalf("read %d studies from testdata; expected over 400", len(studies))
	}
	return studies
}

// kitchenSink is a study that fills the fields the corpus leaves empty.
func kitchenSink() *trial.Study {
	yes := true
	return &trial.Study{
		NCTID:         "NCT09999999",
		BriefTitle:    "Umbilical cord mesenchymal stem cells for knee osteoarthritis",
		RelatedTrials: []string{"NCT00000102"},
		Officials: []trial.Person{
			{Name: "Ann Smith, MD", Role: "SUB_INVESTIGATOR"},
			{Name: "Bob Jones", Role: "ADVISER"},
		},
		Outcomes:      []trial.Outcome{{Measure: "WOMAC score", TimeFrame: "12 months"}},
		HasResults:    &yes,
		Interventions: []trial.Intervention{{Type: "BIOLOGICAL", Name: "Umbilical cord-derived mesenchymal stem cells", Description: "Allogeneic human umbilical cord MSCs, intra-articular injection"}},
		Source:        trial.Source{Format: "ctgov-json", File: "kitchen-sink.json", SHA256: strings.Repeat("ab", 32), LastUpdated: "2024-05-01"},
	}
}

func iriOf(v quad.Value) string {
	if i, ok := v.(quad.IRI); ok {
		return string(i)
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// parseTurtle reads the Turtle subset the ontology files are written in:
// @prefix, IRIs, prefixed names, "a", string literals with a language tag
// or datatype, integers, decimals, blank-node property lists and
// collections. Anything else is an error. Triples are IRIs, "_:bN" blank
// nodes and literals spelled `"text"` (the text unescaped).
func parseTurtle(doc []byte) ([][3]string, error) {
	p := &turtle{src: string(doc), prefixes: map[string]string{}}
	for {
		p.space()
		if p.pos >= len(p.src) {
			return p.out, nil
		}
		if err := p.statement(); err != nil {
			line := 1 + strings.Count(p.src[:p.pos], "\n")
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
	}
}

type turtle struct {
	src      string
	pos      int
	prefixes map[string]string
	bnodes   int
	out      [][3]string
}

func (p *turtle) space() {
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == '#':
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *turtle) peek() byte {
	p.space()
	if p.pos >= len(p.src) {
		return 0
	}
	return p.src[p.pos]
}

func (p *turtle) expect(c byte) error {
	if p.peek() != c {
		return fmt.Errorf("expected %q at %q", c, p.near())
	}
	p.pos++
	return nil
}

func (p *turtle) near() string {
	end := min(p.pos+20, len(p.src))
	return p.src[p.pos:end]
}

func (p *turtle) statement() error {
	if strings.HasPrefix(p.src[p.pos:], "@prefix") {
		p.pos += len("@prefix")
		p.space()
		i := strings.IndexByte(p.src[p.pos:], ':')
		if i < 0 {
			return errors.New("bad @prefix")
		}
		name := p.src[p.pos : p.pos+i]
		p.pos += i + 1
		p.space()
		iri, err := p.iriref()
		if err != nil {
			return err
		}
		p.prefixes[name] = iri
		return p.expect('.')
	}
	s, err := p.node(true)
	if err != nil {
		return err
	}
	if p.peek() != '.' || !strings.HasPrefix(s, "_:") {
		if err := p.predicateObjects(s, '.'); err != nil {
			return err
		}
	}
	return p.expect('.')
}

func (p *turtle) predicateObjects(s string, end byte) error {
	for {
		var pred string
		if p.peek() == 'a' && p.pos+1 < len(p.src) && strings.ContainsRune(" \t\n", rune(p.src[p.pos+1])) {
			p.pos++
			pred = ontology.RDFType
		} else {
			var err error
			if pred, err = p.iri(); err != nil {
				return err
			}
		}
		for {
			o, err := p.node(false)
			if err != nil {
				return err
			}
			p.out = append(p.out, [3]string{s, pred, o})
			if p.peek() != ',' {
				break
			}
			p.pos++
		}
		if p.peek() != ';' {
			return nil
		}
		for p.peek() == ';' {
			p.pos++
		}
		if c := p.peek(); c == end || c == ']' {
			return nil
		}
	}
}

func (p *turtle) node(subject bool) (string, error) {
	switch c := p.peek(); {
	case c == '[':
		p.pos++
		p.bnodes++
		b := fmt.Sprintf("_:b%d", p.bnodes)
		if p.peek() != ']' {
			if err := p.predicateObjects(b, ']'); err != nil {
				return "", err
			}
		}
		return b, p.expect(']')
	case c == '(':
		p.pos++
		head, prev := ontology.RDF+"nil", ""
		for p.peek() != ')' {
			if p.pos >= len(p.src) {
				return "", errors.New("unclosed collection")
			}
			o, err := p.node(false)
			if err != nil {
				return "", err
			}
			p.bnodes++
			cell := fmt.Sprintf("_:b%d", p.bnodes)
			if prev == "" {
				head = cell
			} else {
				p.out = append(p.out, [3]string{prev, ontology.RDF + "rest", cell})
			}
			p.out = append(p.out, [3]string{cell, ontology.RDF + "first", o})
			prev = cell
		}
		p.pos++
		if prev != "" {
			p.out = append(p.out, [3]string{prev, ontology.RDF + "rest", ontology.RDF + "nil"})
		}
		return head, nil
	case c == '"' && !subject:
		return p.literal()
	case (c >= '0' && c <= '9' || c == '-' || c == '+') && !subject:
		start := p.pos
		p.pos++
		for p.pos < len(p.src) && strings.IndexByte("0123456789.", p.src[p.pos]) >= 0 {
			p.pos++
		}
		return `"` + strings.TrimSuffix(p.src[start:p.pos], ".") + `"`, nil
	}
	return p.iri()
}

func (p *turtle) literal() (string, error) {
	p.pos++
	var sb strings.Builder
	for {
		if p.pos >= len(p.src) || p.src[p.pos] == '\n' {
			return "", errors.New("unterminated string")
		}
		c := p.src[p.pos]
		p.pos++
		if c == '"' {
			break
		}
		if c == '\\' && p.pos < len(p.src) {
			e := p.src[p.pos]
			p.pos++
			switch e {
			case 'n':
				sb.WriteByte('\n')
			case 't':
				sb.WriteByte('\t')
			case '"', '\\', '\'':
				sb.WriteByte(e)
			default:
				return "", fmt.Errorf("unsupported escape \\%c", e)
			}
			continue
		}
		sb.WriteByte(c)
	}
	lit := `"` + sb.String() + `"`
	switch {
	case p.pos < len(p.src) && p.src[p.pos] == '@':
		start := p.pos
		for p.pos++; p.pos < len(p.src) && (p.src[p.pos] == '-' || unicode.IsLetter(rune(p.src[p.pos]))); p.pos++ {
		}
		lit += p.src[start:p.pos]
	case strings.HasPrefix(p.src[p.pos:], "^^"):
		p.pos += 2
		dt, err := p.iri()
		if err != nil {
			return "", err
		}
		lit += "^^" + dt
	}
	return lit, nil
}

func (p *turtle) iri() (string, error) {
	if p.peek() == '<' {
		return p.iriref()
	}
	start := p.pos
	for p.pos < len(p.src) {
		c := rune(p.src[p.pos])
		if !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_' || c == '-' || c == ':' ||
			c == '.' && p.pos+1 < len(p.src) && !strings.ContainsRune(" \t\n", rune(p.src[p.pos+1]))) {
			break
		}
		p.pos++
	}
	name := p.src[start:p.pos]
	i := strings.IndexByte(name, ':')
	if i < 0 {
		p.pos = start
		return "", fmt.Errorf("expected an IRI at %q", p.near())
	}
	ns, ok := p.prefixes[name[:i]]
	if !ok {
		return "", fmt.Errorf("undeclared prefix %q", name[:i])
	}
	return ns + name[i+1:], nil
}

func (p *turtle) iriref() (string, error) {
	p.pos++
	i := strings.IndexByte(p.src[p.pos:], '>')
	if i < 0 || strings.ContainsAny(p.src[p.pos:p.pos+i], " \n\"") {
		return "", errors.New("bad IRI")
	}
	iri := p.src[p.pos : p.pos+i]
	p.pos += i + 1
	return iri, nil
}
