package export

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
)

// NewTurtleWriter returns a Writer of Turtle. Statements must arrive
// grouped by subject; a subject that comes back later starts a new block,
// which is still valid Turtle. Labels are ignored. Invalid options are
// reported by the first WriteQuad and by Close.
func NewTurtleWriter(w io.Writer, opts Options) Writer {
	t := &turtleWriter{bw: bufio.NewWriterSize(w, 64<<10), opts: opts}
	t.err = t.setup()
	return t
}

// NewTriGWriter returns a Writer of TriG: Turtle whose labelled statements
// are written in a GRAPH <label> { … } block per label. Statements must
// arrive grouped by label (unlabelled ones, the default graph, first) and
// within a label by subject; prefixes, escapes and short forms are those
// of the Turtle writer.
func NewTriGWriter(w io.Writer, opts Options) Writer {
	t := &turtleWriter{bw: bufio.NewWriterSize(w, 64<<10), opts: opts, trig: true}
	t.err = t.setup()
	return t
}

type turtleWriter struct {
	bw   *bufio.Writer
	opts Options
	// byLength holds the prefixes sorted longest namespace first.
	byLength []Prefix
	base     string // "" unless IRIs may be written relative to it

	started, closed bool
	err             error

	// TriG: the label of the open GRAPH block, if any.
	trig    bool
	inGraph bool
	graph   []byte

	// The previous statement as written, to group the next one.
	inStmt            bool
	subj, pred, obj   []byte
	nsubj, npred, nob []byte // scratch for the statement being written
	line              []byte

	// Subjects and predicates recur: a subject's statements arrive
	// together, and a few dozen predicates make all the statements. The
	// Turtle form of the last IRI subject (subjIRI, written as subj) and
	// of up to predMax IRI predicates are kept, checked once.
	subjIRI  quad.IRI
	hasSubj  bool
	predForm map[quad.IRI][]byte
}

// predMax bounds the predicates a Turtle writer keeps written.
const predMax = 4096

func (w *turtleWriter) setup() error {
	names := map[string]bool{}
	for _, p := range w.opts.Prefixes {
		if !validPrefixName(p.Name) {
			return fmt.Errorf("%w: prefix name %q is not a Turtle PN_PREFIX", ErrInvalidOption, p.Name)
		}
		if names[p.Name] {
			return fmt.Errorf("%w: prefix %q declared twice", ErrInvalidOption, p.Name)
		}
		names[p.Name] = true
		if err := checkIRI(p.IRI); err != nil {
			return fmt.Errorf("%w: prefix %q: %v", ErrInvalidOption, p.Name, err)
		}
	}
	w.byLength = append([]Prefix(nil), w.opts.Prefixes...)
	sort.SliceStable(w.byLength, func(i, j int) bool { return len(w.byLength[i].IRI) > len(w.byLength[j].IRI) })
	if b := w.opts.Base; b != "" {
		if err := checkIRI(b); err != nil {
			return fmt.Errorf("%w: base: %v", ErrInvalidOption, err)
		}
		// Relative references are only written against a hierarchical
		// base ending in "/" without query or fragment, where resolving
		// them is plain concatenation.
		if strings.Contains(b, "://") && strings.HasSuffix(b, "/") && !strings.ContainsAny(b, "?#") {
			w.base = b
		}
	}
	return nil
}

func (w *turtleWriter) start() {
	w.started = true
	var b []byte
	if w.opts.Header != "" {
		var err error
		if b, err = appendComment(b, w.opts.Header); err != nil {
			w.err = err
			return
		}
		b = append(b, '\n')
	}
	if w.opts.Base != "" {
		b = append(b, "@base <"...)
		b = append(b, w.opts.Base...)
		b = append(b, "> .\n"...)
	}
	for _, p := range w.opts.Prefixes {
		b = append(b, "@prefix "...)
		b = append(b, p.Name...)
		b = append(b, ": <"...)
		b = append(b, p.IRI...)
		b = append(b, "> .\n"...)
	}
	if w.opts.Base != "" || len(w.opts.Prefixes) > 0 {
		b = append(b, '\n')
	}
	if _, err := w.bw.Write(b); err != nil {
		w.err = err
	}
}

func (w *turtleWriter) fail(err error) error {
	w.err = err
	return err
}

func (w *turtleWriter) WriteQuad(q quad.Quad) error {
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
	subjIRI, subjIsIRI := q.Subject.(quad.IRI)
	sameSubj := subjIsIRI && w.inStmt && w.hasSubj && subjIRI == w.subjIRI
	var s term
	var err error
	if !sameSubj {
		if s, err = toTerm(q.Subject, posSubject); err != nil {
			return w.fail(err)
		}
	}
	predIRI, predIsIRI := q.Predicate.(quad.IRI)
	predForm, knownPred := w.predForm[predIRI]
	knownPred = knownPred && predIsIRI
	var p term
	if !knownPred {
		if p, err = toTerm(q.Predicate, posPredicate); err != nil {
			return w.fail(err)
		}
	}
	o, err := toTerm(q.Object, posObject)
	if err != nil {
		return w.fail(err)
	}
	b := w.line[:0]
	if w.trig {
		var g []byte
		if q.Label != nil {
			l, err := toTerm(q.Label, posLabel)
			if err != nil {
				return w.fail(err)
			}
			g = w.appendTerm(nil, l)
		}
		if g == nil && w.inGraph || g != nil && (!w.inGraph || !bytes.Equal(g, w.graph)) {
			if w.inStmt {
				b = append(b, " .\n"...)
				w.inStmt = false
			}
			if w.inGraph {
				b = append(b, "}\n"...)
			}
			if w.inGraph || w.started && len(b) > 0 {
				b = append(b, '\n')
			}
			w.inGraph = g != nil
			if w.inGraph {
				b = append(b, "GRAPH "...)
				b = append(b, g...)
				b = append(b, " {\n"...)
				w.graph = g
			}
		}
	}
	if sameSubj {
		w.nsubj = append(w.nsubj[:0], w.subj...)
	} else {
		w.nsubj = w.appendTerm(w.nsubj[:0], s)
	}
	switch {
	case knownPred:
		w.npred = append(w.npred[:0], predForm...)
	case p.value == rdfType:
		w.npred = append(w.npred[:0], 'a')
	default:
		w.npred = w.appendTerm(w.npred[:0], p)
	}
	if !knownPred && predIsIRI && len(w.predForm) < predMax {
		if w.predForm == nil {
			w.predForm = map[quad.IRI][]byte{}
		}
		w.predForm[predIRI] = append([]byte(nil), w.npred...)
	}
	w.nob = w.appendTerm(w.nob[:0], o)

	switch {
	case w.inStmt && bytes.Equal(w.nsubj, w.subj) && bytes.Equal(w.npred, w.pred):
		if bytes.Equal(w.nob, w.obj) {
			return nil // a duplicate of the previous statement
		}
		b = append(b, ", "...)
		b = append(b, w.nob...)
	case w.inStmt && bytes.Equal(w.nsubj, w.subj):
		b = append(b, " ;\n    "...)
		b = append(b, w.npred...)
		b = append(b, ' ')
		b = append(b, w.nob...)
	default:
		if w.inStmt {
			b = append(b, " .\n\n"...)
		}
		b = append(b, w.nsubj...)
		b = append(b, ' ')
		b = append(b, w.npred...)
		b = append(b, ' ')
		b = append(b, w.nob...)
	}
	w.line = b
	w.inStmt = true
	w.subjIRI, w.hasSubj = subjIRI, subjIsIRI
	w.subj, w.nsubj = w.nsubj, w.subj
	w.pred, w.npred = w.npred, w.pred
	w.obj, w.nob = w.nob, w.obj
	if _, err := w.bw.Write(b); err != nil {
		return w.fail(err)
	}
	return nil
}

func (w *turtleWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if !w.started && w.err == nil {
		w.start()
	}
	if w.inStmt {
		// End the open statement even after an error, so what was
		// written stays a valid document.
		if _, err := w.bw.WriteString(" .\n"); err != nil && w.err == nil {
			w.err = err
		}
	}
	if w.inGraph {
		if _, err := w.bw.WriteString("}\n"); err != nil && w.err == nil {
			w.err = err
		}
	}
	if err := w.bw.Flush(); err != nil && w.err == nil {
		w.err = err
	}
	return w.err
}

// appendTerm appends t in Turtle syntax.
func (w *turtleWriter) appendTerm(b []byte, t term) []byte {
	switch t.kind {
	case kindIRI:
		return w.appendIRI(b, t.value)
	case kindBNode:
		return appendNT(b, t)
	}
	switch t.datatype {
	case xsdInteger:
		if isInteger(t.value) {
			return append(b, t.value...)
		}
	case xsdDecimal:
		if isDecimal(t.value) {
			return append(b, t.value...)
		}
	case xsdBoolean:
		if t.value == "true" || t.value == "false" {
			return append(b, t.value...)
		}
	}
	if strings.IndexByte(t.value, '\n') >= 0 {
		b = append(b, `"""`...)
		b = appendString(b, t.value, true)
		b = append(b, `"""`...)
	} else {
		b = append(b, '"')
		b = appendString(b, t.value, false)
		b = append(b, '"')
	}
	switch {
	case t.lang != "":
		b = append(b, '@')
		b = append(b, t.lang...)
	case t.datatype != "":
		b = append(b, '^', '^')
		b = w.appendIRI(b, t.datatype)
	}
	return b
}

// appendIRI appends iri as, in order of preference, a prefixed name that
// needs no escapes, a reference relative to the base, a prefixed name with
// escapes, or <iri>.
func (w *turtleWriter) appendIRI(b []byte, iri string) []byte {
	mark := len(b)
	escaped := -1 // index in byLength of a match that needs escapes
	for i, p := range w.byLength {
		if !strings.HasPrefix(iri, p.IRI) {
			continue
		}
		b = append(b, p.Name...)
		b = append(b, ':')
		var ok, esc bool
		b, ok, esc = appendLocal(b, iri[len(p.IRI):])
		if ok && !esc {
			return b
		}
		b = b[:mark]
		if ok && escaped < 0 {
			escaped = i
		}
	}
	if rel, ok := w.relative(iri); ok {
		b = append(b, '<')
		b = append(b, rel...)
		return append(b, '>')
	}
	if escaped >= 0 {
		p := w.byLength[escaped]
		b = append(b, p.Name...)
		b = append(b, ':')
		b, _, _ = appendLocal(b, iri[len(p.IRI):])
		return b
	}
	b = append(b, '<')
	b = append(b, iri...)
	return append(b, '>')
}

// relative returns iri relative to the base when resolving the result
// against the base (RFC 3986 section 5.2) gives back iri: the rest is a
// non-empty path, has no ":" before its first "/" and no segment is "."
// or "..".
func (w *turtleWriter) relative(iri string) (string, bool) {
	if w.base == "" || !strings.HasPrefix(iri, w.base) || len(iri) == len(w.base) {
		return "", false
	}
	rel := iri[len(w.base):]
	switch rel[0] {
	case '/', '?', '#':
		return "", false
	}
	// RFC 3986 forbids ":" in the first segment only; N3.js rejects any
	// ":" before the first "/", even in a query or fragment.
	if colon := strings.IndexByte(rel, ':'); colon >= 0 {
		if slash := strings.IndexByte(rel, '/'); slash < 0 || colon < slash {
			return "", false
		}
	}
	path := rel
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	for {
		seg, rest, more := strings.Cut(path, "/")
		if seg == "." || seg == ".." {
			return "", false
		}
		if !more {
			return rel, true
		}
		path = rest
	}
}

// appendLocal appends local as a PN_LOCAL. ok is false when it cannot be
// written as one; escaped tells whether it needed backslash escapes.
func appendLocal(b []byte, local string) (out []byte, ok, escaped bool) {
	for i := 0; i < len(local); {
		r, size := utf8.DecodeRuneInString(local[i:])
		first, last := i == 0, i+size == len(local)
		switch {
		case isPNCharsU(r) || r == ':' || (r >= '0' && r <= '9'):
			b = append(b, local[i:i+size]...)
		case r == '%':
			if i+2 < len(local) && isHex(local[i+1]) && isHex(local[i+2]) {
				b = append(b, local[i:i+3]...)
				size = 3
			} else {
				b = append(b, '\\', '%')
				escaped = true
			}
		case r == '.' && !first && !last, r == '-' && !first:
			b = append(b, byte(r))
		case isPNChars(r) && !first:
			b = append(b, local[i:i+size]...)
		case r < utf8.RuneSelf && strings.IndexByte("_~.-!$&'()*+,;=/?#@", byte(r)) >= 0:
			b = append(b, '\\', byte(r))
			escaped = true
		default:
			return b, false, escaped
		}
		i += size
	}
	return b, true, escaped
}

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// isInteger matches the Turtle INTEGER production: [+-]? [0-9]+
func isInteger(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// isDecimal matches the Turtle DECIMAL production: [+-]? [0-9]* '.' [0-9]+
func isDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return false
	}
	frac := s[dot+1:]
	return strings.Trim(s[:dot], "0123456789") == "" && frac != "" && strings.Trim(frac, "0123456789") == ""
}

// appendComment appends text as comment lines, "# " before each line that
// is not a comment already.
func appendComment(b []byte, text string) ([]byte, error) {
	if !utf8.ValidString(text) {
		return b, fmt.Errorf("%w: header: %w", ErrInvalidOption, ErrInvalidUTF8)
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.TrimSuffix(text, "\n")
	for line := range strings.SplitSeq(text, "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
		case line == "":
			line = "#"
		default:
			b = append(b, "# "...)
		}
		b = append(b, line...)
		b = append(b, '\n')
	}
	return b, nil
}
