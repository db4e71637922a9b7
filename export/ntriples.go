package export

import (
	"bufio"
	"io"

	"github.com/cayleygraph/quad"
)

// NewNTriplesWriter returns a Writer of N-Triples, one statement a line in
// the canonical form of RDF 1.2 N-Triples (IRIs unescaped, literals with
// the minimal escapes). Labels are ignored.
func NewNTriplesWriter(w io.Writer) Writer { return newLineWriter(w, "", false) }

// NewNQuadsWriter returns a Writer of N-Quads: like N-Triples, with the
// label of a quad, when set, as the graph name.
func NewNQuadsWriter(w io.Writer) Writer { return newLineWriter(w, "", true) }

// lineWriter writes N-Triples or N-Quads.
type lineWriter struct {
	bw      *bufio.Writer
	header  string
	quads   bool
	started bool
	closed  bool
	err     error
	line    []byte
}

func newLineWriter(w io.Writer, header string, quads bool) *lineWriter {
	return &lineWriter{bw: bufio.NewWriterSize(w, 64<<10), header: header, quads: quads}
}

func (w *lineWriter) start() {
	w.started = true
	if w.header == "" {
		return
	}
	b, err := appendComment(nil, w.header)
	if err != nil {
		w.err = err
		return
	}
	if _, err := w.bw.Write(b); err != nil {
		w.err = err
	}
}

func (w *lineWriter) WriteQuad(q quad.Quad) error {
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
		w.err = err
		return err
	}
	p, err := toTerm(q.Predicate, posPredicate)
	if err != nil {
		w.err = err
		return err
	}
	o, err := toTerm(q.Object, posObject)
	if err != nil {
		w.err = err
		return err
	}
	b := appendNT(w.line[:0], s)
	b = append(b, ' ')
	b = appendNT(b, p)
	b = append(b, ' ')
	b = appendNT(b, o)
	if w.quads && q.Label != nil {
		g, err := toTerm(q.Label, posLabel)
		if err != nil {
			w.err = err
			return err
		}
		b = append(b, ' ')
		b = appendNT(b, g)
	}
	b = append(b, " .\n"...)
	w.line = b
	if _, err := w.bw.Write(b); err != nil {
		w.err = err
	}
	return w.err
}

func (w *lineWriter) Close() error {
	if w.closed {
		return w.err
	}
	if !w.started && w.err == nil {
		w.start()
	}
	w.closed = true
	if err := w.bw.Flush(); err != nil && w.err == nil {
		w.err = err
	}
	return w.err
}

// appendNT appends t in N-Triples syntax.
func appendNT(b []byte, t term) []byte {
	switch t.kind {
	case kindIRI:
		b = append(b, '<')
		b = append(b, t.value...)
		return append(b, '>')
	case kindBNode:
		b = append(b, '_', ':')
		return append(b, t.value...)
	}
	b = append(b, '"')
	b = appendString(b, t.value, false)
	b = append(b, '"')
	switch {
	case t.lang != "":
		b = append(b, '@')
		b = append(b, t.lang...)
	case t.datatype != "":
		b = append(b, '^', '^', '<')
		b = append(b, t.datatype...)
		b = append(b, '>')
	}
	return b
}
