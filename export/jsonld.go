package export

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/cayleygraph/quad"
)

// NewJSONLDWriter returns a Writer of JSON-LD 1.1 in a streaming compact
// form: one document {"@context": {prefixes}, "@graph": [node, …]} with a
// node object per subject, predicates and IRIs shortened with the prefixes
// (compact IRIs such as "schema:name") and every value in an array, as in
// expanded form ({"@id": …} for IRIs and blank nodes, {"@value": …,
// "@type"|"@language": …} for literals). Statements must arrive grouped
// by subject; labels are ignored. rdf:type objects that are IRIs go in
// "@type".
//
// An absolute IRI whose scheme is one of the prefix names (such as a geo:
// URI when "geo" is a prefix) would be read back as a compact IRI; such an
// IRI is reported as a *TermError.
func NewJSONLDWriter(w io.Writer, opts Options) Writer {
	j := &jsonldWriter{bw: bufio.NewWriterSize(w, 64<<10), opts: opts}
	j.err = j.setup()
	return j
}

type jsonldWriter struct {
	bw       *bufio.Writer
	opts     Options
	byLength []Prefix
	names    map[string]bool

	started, closed bool
	err             error

	subj, pred   []byte // current subject and predicate (as written)
	nsubj, npred []byte // scratch for the statement being written
	nodes        int    // node objects started
	buf          []byte
}

func (w *jsonldWriter) setup() error {
	w.names = map[string]bool{}
	for _, p := range w.opts.Prefixes {
		if !validPrefixName(p.Name) || p.Name == "" {
			return fmt.Errorf("%w: prefix name %q is not a JSON-LD prefix", ErrInvalidOption, p.Name)
		}
		if w.names[p.Name] {
			return fmt.Errorf("%w: prefix %q declared twice", ErrInvalidOption, p.Name)
		}
		w.names[p.Name] = true
		if err := checkIRI(p.IRI); err != nil {
			return fmt.Errorf("%w: prefix %q: %v", ErrInvalidOption, p.Name, err)
		}
		if !strings.ContainsAny(p.IRI[len(p.IRI)-1:], ":/?#[]@") {
			return fmt.Errorf("%w: prefix %q: a JSON-LD prefix IRI must end in a gen-delim such as / or #", ErrInvalidOption, p.Name)
		}
	}
	w.byLength = longestFirst(w.opts.Prefixes)
	return nil
}

func (w *jsonldWriter) start() {
	w.started = true
	b := append(w.buf[:0], "{\n  \"@context\": {"...)
	for i, p := range w.opts.Prefixes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    "...)
		b = appendJSON(b, p.Name)
		b = append(b, ": "...)
		b = appendJSON(b, p.IRI)
	}
	if len(w.opts.Prefixes) > 0 {
		b = append(b, "\n  "...)
	}
	b = append(b, "},\n  \"@graph\": ["...)
	w.buf = b
	if _, err := w.bw.Write(b); err != nil {
		w.err = err
	}
}

// appendIRI appends iri as a JSON string, shortened with the longest
// matching prefix.
func (w *jsonldWriter) appendIRI(b []byte, iri string) ([]byte, error) {
	for _, p := range w.byLength {
		if strings.HasPrefix(iri, p.IRI) && len(iri) > len(p.IRI) && !strings.HasPrefix(iri[len(p.IRI):], "//") {
			b = append(b, '"')
			b = appendJSONBody(b, p.Name)
			b = append(b, ':')
			b = appendJSONBody(b, iri[len(p.IRI):])
			return append(b, '"'), nil
		}
	}
	if colon := strings.IndexByte(iri, ':'); colon > 0 && w.names[iri[:colon]] {
		return b, fmt.Errorf("%w: its scheme %q is a prefix name, it would read back as a compact IRI", ErrInvalidIRI, iri[:colon])
	}
	b = append(b, '"')
	b = appendJSONBody(b, iri)
	return append(b, '"'), nil
}

// appendNode appends an IRI or blank node identifier as a JSON string.
func (w *jsonldWriter) appendNode(b []byte, t term) ([]byte, error) {
	if t.kind == kindBNode {
		b = append(b, `"_:`...)
		b = appendJSONBody(b, t.value)
		return append(b, '"'), nil
	}
	return w.appendIRI(b, t.value)
}

func (w *jsonldWriter) WriteQuad(q quad.Quad) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return ErrClosed
	}
	if !w.started {
		if w.start(); w.err != nil {
			return w.err
		}
	}
	s, err := toTerm(q.Subject, posSubject)
	if err != nil {
		return w.fail(err)
	}
	p, err := toTerm(q.Predicate, posPredicate)
	if err != nil {
		return w.fail(err)
	}
	o, err := toTerm(q.Object, posObject)
	if err != nil {
		return w.fail(err)
	}
	if w.nsubj, err = w.appendNode(w.nsubj[:0], s); err != nil {
		return w.fail(&TermError{Position: posSubject, Term: q.Subject, Err: err})
	}
	isType := p.value == rdfType && o.kind == kindIRI
	if isType {
		w.npred = append(w.npred[:0], `"@type"`...)
	} else if w.npred, err = w.appendIRI(w.npred[:0], p.value); err != nil {
		return w.fail(&TermError{Position: posPredicate, Term: q.Predicate, Err: err})
	}
	b := w.buf[:0]
	switch {
	case w.nodes > 0 && bytes.Equal(w.nsubj, w.subj) && bytes.Equal(w.npred, w.pred):
		b = append(b, ", "...)
	case w.nodes > 0 && bytes.Equal(w.nsubj, w.subj):
		b = append(b, "],\n      "...)
		b = append(b, w.npred...)
		b = append(b, ": ["...)
	default:
		if w.nodes > 0 {
			b = append(b, "]\n    },"...)
		}
		w.nodes++
		b = append(b, "\n    {\n      \"@id\": "...)
		b = append(b, w.nsubj...)
		b = append(b, ",\n      "...)
		b = append(b, w.npred...)
		b = append(b, ": ["...)
	}
	switch {
	case isType:
		if b, err = w.appendIRI(b, o.value); err != nil {
			return w.fail(&TermError{Position: posObject, Term: q.Object, Err: err})
		}
	case o.kind != kindLiteral:
		b = append(b, `{"@id": `...)
		if b, err = w.appendNode(b, o); err != nil {
			return w.fail(&TermError{Position: posObject, Term: q.Object, Err: err})
		}
		b = append(b, '}')
	default:
		b = append(b, `{"@value": "`...)
		b = appendJSONBody(b, o.value)
		b = append(b, '"')
		switch {
		case o.lang != "":
			b = append(b, `, "@language": "`...)
			b = appendJSONBody(b, o.lang)
			b = append(b, '"')
		case o.datatype != "":
			b = append(b, `, "@type": `...)
			if b, err = w.appendIRI(b, o.datatype); err != nil {
				return w.fail(&TermError{Position: "datatype", Term: q.Object, Err: err})
			}
		}
		b = append(b, '}')
	}
	w.subj, w.nsubj = w.nsubj, w.subj
	w.pred, w.npred = w.npred, w.pred
	w.buf = b
	if _, err := w.bw.Write(b); err != nil {
		return w.fail(err)
	}
	return nil
}

func (w *jsonldWriter) fail(err error) error {
	w.err = err
	return err
}

func (w *jsonldWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if !w.started && w.err == nil {
		w.start()
	}
	if w.started {
		// The document is closed even after an error, so that what was
		// written stays valid JSON.
		end := "]\n}\n"
		if w.nodes > 0 {
			end = "]\n    }\n  ]\n}\n"
		}
		if _, err := w.bw.WriteString(end); err != nil && w.err == nil {
			w.err = err
		}
	}
	if err := w.bw.Flush(); err != nil && w.err == nil {
		w.err = err
	}
	return w.err
}

// appendJSON appends s as a JSON string.
func appendJSON(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONBody(b, s)
	return append(b, '"')
}

// appendJSONBody appends s escaped for a JSON string: quote, backslash and
// the control characters; the rest is UTF-8 as it is.
func appendJSONBody(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
		start = i + 1
	}
	return append(b, s[start:]...)
}

// longestFirst orders prefixes longest namespace first, keeping the given
// order among equal lengths.
func longestFirst(ps []Prefix) []Prefix {
	out := append([]Prefix(nil), ps...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j].IRI) > len(out[j-1].IRI); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
