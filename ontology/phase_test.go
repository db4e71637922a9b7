package ontology_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// Every code trial.NormalizePhase can return has a phase class, declared
// in trialgraph.ttl as a subclass of tg:Trial, aligned to a CTO phase, and
// given a SHACL shape that ties it to the tg:phase code.
func TestPhaseClasses(t *testing.T) {
	inputs := []string{
		"EARLY_PHASE1", "Early Phase 1", "Phase 0", "PHASE1", "Phase I", "PHASE2", "Phase II",
		"PHASE3", "Phase III", "PHASE4", "Phase IV", "NA", "N/A", "Not Applicable", "Phase 1/Phase 2",
	}
	codes := map[string]bool{}
	for _, in := range inputs {
		for _, c := range trial.NormalizePhase(in) {
			codes[c] = true
		}
	}
	for _, want := range []string{"EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"} {
		if !codes[want] {
			t.Errorf("no input gave phase code %s; the table above misses one", want)
		}
	}
	ttl := ontology.OntologyTurtle()
	shapes := ontology.ShapesTurtle()
	classes := map[string]string{}
	for code := range codes {
		t.Run(code, func(t *testing.T) {
			class, ok := ontology.PhaseClass(code)
			if !ok {
				t.Fatalf("PhaseClass(%q) has no class", code)
			}
			if other, dup := classes[class]; dup {
				t.Errorf("%s and %s share %s", code, other, class)
			}
			classes[class] = code
			local := "tg:" + strings.TrimPrefix(class, ontology.TG)
			decl := block(ttl, local+" a owl:Class ;")
			if decl == "" {
				t.Fatalf("trialgraph.ttl does not declare %s", local)
			}
			for _, w := range []string{"rdfs:subClassOf tg:Trial", "owl:onProperty obo:OPMI_0000366", "owl:someValuesFrom obo:CTO_00"} {
				if !strings.Contains(decl, w) {
					t.Errorf("%s: declaration lacks %q:\n%s", local, w, decl)
				}
			}
			shape := block(shapes, "sh:targetClass "+local+" ;")
			if !strings.Contains(shape, `sh:path tg:phase ; sh:hasValue "`+code+`"`) {
				t.Errorf("shapes.ttl has no shape tying %s to tg:phase %q", local, code)
			}
		})
	}
	for _, bad := range []string{"", "PHASE5", "phase2", "PHASE1/PHASE2"} {
		if c, ok := ontology.PhaseClass(bad); ok {
			t.Errorf("PhaseClass(%q) = %s, want none", bad, c)
		}
	}
}

// block returns the Turtle statement starting at the line containing
// start, up to its closing " .", or "" when start is absent.
func block(doc []byte, start string) string {
	i := bytes.Index(doc, []byte(start))
	if i < 0 {
		return ""
	}
	if j := bytes.LastIndexByte(doc[:i], '\n'); j >= 0 {
		i = j + 1
	}
	end := bytes.Index(doc[i:], []byte(" .\n"))
	if end < 0 {
		return string(doc[i:])
	}
	return string(doc[i : i+end])
}

// The export of each seed types its trial with the phase class of every
// phase the record registers, and with no other phase class.
func TestSeedPhaseTypes(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	phaseClass := map[string]bool{}
	for _, c := range []string{"EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"} {
		class, _ := ontology.PhaseClass(c)
		phaseClass[class] = true
	}
	b := graph.NewBuilder("")
	studies, multi := 0, 0
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ingest.Open(f, path, "")
		if err != nil {
			f.Close()
			continue
		}
		for {
			s, err := r.Read()
			if err != nil {
				break
			}
			studies++
			if len(s.Phases) > 1 {
				multi++
			}
			want := map[string]bool{}
			for _, p := range s.Phases {
				c, ok := ontology.PhaseClass(p)
				if !ok {
					t.Errorf("%s: %s: phase %q has no class", path, s.NCTID, p)
				}
				want[c] = true
			}
			got := map[string]bool{}
			tr := b.TrialIRI(s.NCTID)
			for _, q := range b.Study(s) {
				if q.Subject == quad.Value(tr) && q.Predicate == quad.Value(quad.IRI(ontology.RDFType)) {
					if c := string(q.Object.(quad.IRI)); phaseClass[c] {
						got[c] = true
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: %s with phases %q is typed %v, want %v", path, s.NCTID, s.Phases, got, want)
			}
		}
		f.Close()
	}
	if studies < 3 || multi == 0 {
		t.Fatalf("read %d seed studies, %d with two phases; want at least 3 and one", studies, multi)
	}
}
