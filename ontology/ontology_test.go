package ontology_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/ontology"
)

func TestEmbeddedDocuments(t *testing.T) {
	tests := []struct {
		file string
		get  func() []byte
		want []string // statements the document must make
	}{
		{"trialgraph.ttl", ontology.OntologyTurtle, []string{
			"<https://w3id.org/trialgraph/vocab> a owl:Ontology",
			`owl:versionInfo "`,
			`dcterms:creator "trialgraph"`,
			"dcterms:license <https://creativecommons.org/licenses/by/4.0/>",
			"rdfs:subClassOf schema:MedicalTrial",
			"@prefix tg: <" + ontology.TG + ">",
		}},
		{"shapes.ttl", ontology.ShapesTurtle, []string{
			"sh:targetClass tg:Trial",
			`sh:pattern "^NCT[0-9]{8}$"`,
			"@prefix tg: <" + ontology.TG + ">",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			disk, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			doc := tt.get()
			if !bytes.Equal(doc, disk) {
				t.Fatalf("embedded %s differs from the file", tt.file)
			}
			for _, w := range tt.want {
				if !bytes.Contains(doc, []byte(w)) {
					t.Errorf("%s does not contain %q", tt.file, w)
				}
			}
			doc[0] ^= 0xff
			if again := tt.get(); !bytes.Equal(again, disk) {
				t.Errorf("changing the returned slice changed the embedded %s", tt.file)
			}
		})
	}
}

// The prefixes the ontology declares are the export's own.
func TestOntologyPrefixes(t *testing.T) {
	table := map[string]string{}
	for _, p := range ontology.Prefixes(ontology.ID) {
		table[p.Name] = p.IRI
	}
	sc := bufio.NewScanner(bytes.NewReader(ontology.OntologyTurtle()))
	n := 0
	for sc.Scan() {
		var name, iri string
		if _, err := fmt.Sscanf(sc.Text(), "@prefix %s <%s", &name, &iri); err != nil {
			continue
		}
		name, iri = strings.TrimSuffix(name, ":"), strings.TrimSuffix(iri, ">")
		n++
		if want, ok := table[name]; ok && want != iri {
			t.Errorf("@prefix %s: <%s>; the export's prefix table has <%s>", name, iri, want)
		}
	}
	if n < 5 {
		t.Errorf("found %d @prefix lines", n)
	}
}

func ExampleOntologyTurtle() {
	doc := ontology.OntologyTurtle()
	fmt.Println(bytes.Contains(doc, []byte("tg:Trial a owl:Class")))
	// Output: true
}
