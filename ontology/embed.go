package ontology

import _ "embed"

//go:embed trialgraph.ttl
var ontologyTurtle []byte

//go:embed shapes.ttl
var shapesTurtle []byte

// OntologyTurtle returns the OWL ontology of the tg: vocabulary in Turtle:
// every class and property of vocab.go with its label, comment, domain,
// range and alignments. The caller gets its own copy.
func OntologyTurtle() []byte { return append([]byte(nil), ontologyTurtle...) }

// ShapesTurtle returns the SHACL shapes the export satisfies, in Turtle: one
// node shape per node type, with required properties, datatypes and
// classes. The caller gets its own copy.
func ShapesTurtle() []byte { return append([]byte(nil), shapesTurtle...) }
