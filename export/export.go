// Package export writes RDF statements as Turtle, TriG, N-Triples,
// N-Quads and JSON-LD, and draws them as GraphML and DOT, streaming.
//
// A Writer takes one quad.Quad at a time and keeps the first error; Close
// terminates the document, flushes and reports that error. Every term is
// checked before anything of its statement is written: an IRI that is not an
// absolute RDF IRI, a malformed blank node label or language tag, or
// invalid UTF-8 fails the statement with a *TermError that names the term,
// so what a writer emits always parses in strict RDF parsers (serdi,
// N3.js). Native quad values (quad.Int, quad.Float, quad.Bool, quad.Time)
// are written as literals typed with xsd:integer, xsd:double, xsd:boolean
// and xsd:dateTime.
//
// The Turtle writer expects the statements of a subject to arrive
// consecutively (the caller sorts them); it holds only the previous
// statement, groups predicates with ";" and objects with ",", writes "a"
// for rdf:type, compresses IRIs with the given prefixes (longest namespace
// first) and writes integer, decimal and boolean literals in their short
// forms when the lexical form allows it. The same input always gives the
// same bytes.
//
//	w := export.NewTurtleWriter(out, export.Options{
//		Prefixes: []export.Prefix{{Name: "schema", IRI: "http://schema.org/"}},
//	})
//	for _, q := range quads { // grouped by subject
//		if err := w.WriteQuad(q); err != nil {
//			return err
//		}
//	}
//	return w.Close()
//
// Formats register themselves by name ("turtle", "trig", "ntriples",
// "nquads", "jsonld", "graphml", "dot") with their extensions, MIME type and
// the order in which they want statements (Format.Input); Lookup finds one
// for the --format flag of a command, ByExtension for an output file name.
// All but GraphML hold at most one subject (TriG: the previous statement);
// GraphML keeps the identifiers of the nodes it has written, to declare
// the objects that are never subjects.
package export

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/cayleygraph/quad"
)

// Writer writes RDF statements. Writers keep the first error: after it,
// WriteQuad writes nothing more and returns it, and Close reports it.
type Writer interface {
	// WriteQuad writes one statement.
	WriteQuad(q quad.Quad) error
	// Close ends the document and flushes it. It does not close the
	// underlying io.Writer.
	Close() error
}

// Prefix binds a prefix name to a namespace IRI.
type Prefix struct {
	Name string // "schema"; "" is the empty prefix ":"
	IRI  string // "http://schema.org/"
}

// Options configure the writers that use them (Turtle; the line formats
// use only Header).
type Options struct {
	// Prefixes are declared in this order and used to shorten IRIs; when
	// several namespaces match an IRI the longest wins.
	Prefixes []Prefix
	// Base, when set, is declared with @base and IRIs under it are
	// written relative to it where that is unambiguous.
	Base string
	// Header is written first as comment lines, such as provenance.
	Header string
	// Predicates are the predicate IRIs the GraphML writer declares as
	// node attribute keys before the graph. When nil it keeps the graph
	// in memory until Close to learn them; the other writers ignore it.
	Predicates []string
}

// Format describes one output format.
type Format struct {
	Name       string // the value of --format, such as "turtle"
	Extensions []string
	MIMEType   string
	New        func(w io.Writer, opts Options) Writer
	// Input is the order in which the writer wants its statements.
	Input Input
	// VoID tells that a command writes a VoID description of the dataset
	// (formats read by people and triplestores): after the statements for
	// a writer of triples, first for a writer of graphs.
	VoID bool
	// Predicates tells that the writer streams only when given
	// Options.Predicates.
	Predicates bool
}

// Input says which statements a writer expects, in which order.
type Input uint8

const (
	// Triples: statements grouped by subject, labels ignored, each triple
	// once.
	Triples Input = iota
	// Quads: statements grouped by subject, with their graph labels.
	Quads
	// Graphs: statements grouped by graph label, sorted within a graph;
	// unlabelled statements (the default graph) first.
	Graphs
)

// ByExtension returns the format whose extensions include the one of
// name (".ttl"); a trailing ".gz" is ignored.
func ByExtension(name string) (Format, bool) {
	name = strings.TrimSuffix(strings.ToLower(name), ".gz")
	for _, f := range Formats() {
		for _, ext := range f.Extensions {
			if strings.HasSuffix(name, ext) {
				return f, true
			}
		}
	}
	return Format{}, false
}

// Registry of formats. Kept unexported; formats add themselves in init.
var (
	mu      sync.RWMutex
	formats = map[string]Format{}
)

// Register adds a format. Registering a name twice, or a format without a
// name or constructor, panics.
func Register(f Format) {
	mu.Lock()
	defer mu.Unlock()
	if f.Name == "" || f.New == nil {
		panic("export: Register of a format without a name or constructor")
	}
	if _, dup := formats[f.Name]; dup {
		panic("export: format registered twice: " + f.Name)
	}
	formats[f.Name] = f
}

// ErrUnknownFormat is returned by Lookup for a name nobody registered.
var ErrUnknownFormat = errors.New("unknown output format")

// Lookup returns the format called name.
func Lookup(name string) (Format, error) {
	mu.RLock()
	f, ok := formats[name]
	mu.RUnlock()
	if !ok {
		names := make([]string, 0, len(formats))
		for _, f := range Formats() {
			names = append(names, f.Name)
		}
		return Format{}, fmt.Errorf("%w %q (valid: %s)", ErrUnknownFormat, name, strings.Join(names, ", "))
	}
	return f, nil
}

// Formats returns the registered formats sorted by name.
func Formats() []Format {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Format, 0, len(formats))
	for _, f := range formats {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func init() {
	Register(Format{
		Name:       "turtle",
		Extensions: []string{".ttl"},
		MIMEType:   "text/turtle",
		New:        NewTurtleWriter,
		VoID:       true,
	})
	Register(Format{
		Name:       "ntriples",
		Extensions: []string{".nt"},
		MIMEType:   "application/n-triples",
		New: func(w io.Writer, opts Options) Writer {
			return newLineWriter(w, opts.Header, false)
		},
	})
	Register(Format{
		Name:       "nquads",
		Extensions: []string{".nq"},
		MIMEType:   "application/n-quads",
		New: func(w io.Writer, opts Options) Writer {
			return newLineWriter(w, opts.Header, true)
		},
		Input: Quads,
	})
	Register(Format{
		Name:       "trig",
		Extensions: []string{".trig"},
		MIMEType:   "application/trig",
		New:        NewTriGWriter,
		Input:      Graphs,
		VoID:       true,
	})
	Register(Format{
		Name:       "jsonld",
		Extensions: []string{".jsonld"},
		MIMEType:   "application/ld+json",
		New:        NewJSONLDWriter,
	})
	Register(Format{
		Name:       "graphml",
		Extensions: []string{".graphml"},
		MIMEType:   "application/graphml+xml",
		New:        NewGraphMLWriter,
		Predicates: true,
	})
	Register(Format{
		Name:       "dot",
		Extensions: []string{".dot", ".gv"},
		MIMEType:   "text/vnd.graphviz",
		New:        NewDOTWriter,
	})
}

// Sentinel causes wrapped by the errors of the writers.
var (
	ErrInvalidIRI     = errors.New("invalid IRI")
	ErrInvalidBNode   = errors.New("invalid blank node label")
	ErrInvalidLiteral = errors.New("invalid literal")
	ErrInvalidUTF8    = errors.New("invalid UTF-8")
	ErrUnsupported    = errors.New("unsupported term")
	ErrInvalidOption  = errors.New("invalid writer option")
	ErrClosed         = errors.New("writer closed")
)

// TermError reports a term that cannot be written.
type TermError struct {
	Position string     // "subject", "predicate", "object", "label", "datatype"
	Term     quad.Value // the offending term as given
	Err      error      // wraps one of the sentinels above
}

func (e *TermError) Error() string {
	return fmt.Sprintf("export: %s %s: %v", e.Position, describe(e.Term), e.Err)
}

func (e *TermError) Unwrap() error { return e.Err }

// describe quotes a term for an error message; %q keeps invalid UTF-8 and
// control characters readable.
func describe(v quad.Value) string {
	switch v := v.(type) {
	case nil:
		return "(missing)"
	case quad.IRI:
		return fmt.Sprintf("IRI %q", string(v))
	case quad.BNode:
		return fmt.Sprintf("blank node %q", string(v))
	case quad.String:
		return fmt.Sprintf("literal %q", string(v))
	case quad.LangString:
		return fmt.Sprintf("literal %q@%q", string(v.Value), v.Lang)
	case quad.TypedString:
		return fmt.Sprintf("literal %q^^%q", string(v.Value), string(v.Type))
	default:
		return fmt.Sprintf("%T %q", v, fmt.Sprint(v))
	}
}
