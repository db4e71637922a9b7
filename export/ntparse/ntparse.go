// Package ntparse reads N-Triples and N-Quads (RDF 1.1), strictly: IRIs
// must be absolute, escapes (\uXXXX, \UXXXXXXXX and the ECHARs \t \b \n \r
// \f \" \' \\) are decoded and checked, and anything outside the grammar is
// a *ParseError with its line and column.
//
// The export package uses it to read back what its writers and external
// parsers produce, and ingest/nquads to read exports back into a store; it
// returns cayleygraph/quad values: quad.IRI,
// quad.BNode, quad.String (also for xsd:string), quad.LangString and
// quad.TypedString.
//
//	r := ntparse.NewReader(f)
//	for {
//		q, err := r.Read()
//		if err == io.EOF {
//			break
//		}
//		...
//	}
package ntparse

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/export/internal/rdfchars"
)

// ErrSyntax is the cause of every ParseError about the input itself.
var ErrSyntax = errors.New("syntax error")

// MaxLine is the longest line a Reader accepts.
const MaxLine = 16 << 20

// ParseError reports a malformed statement.
type ParseError struct {
	Line, Column int // 1-based; the column counts bytes
	Err          error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Reader reads statements one at a time.
type Reader struct {
	sc    *bufio.Scanner
	quads bool
	line  int
}

// NewReader returns a Reader of N-Triples.
func NewReader(r io.Reader) *Reader { return newReader(r, false) }

// NewQuadReader returns a Reader of N-Quads; statements may carry a graph
// label, returned as the quad's Label.
func NewQuadReader(r io.Reader) *Reader { return newReader(r, true) }

func newReader(r io.Reader, quads bool) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	sc.Split(scanLines)
	return &Reader{sc: sc, quads: quads}
}

// scanLines splits at "\n", "\r" or "\r\n" (EOL in the grammar); empty
// lines come out as empty tokens, which Read skips.
func scanLines(data []byte, atEOF bool) (int, []byte, error) {
	for i, c := range data {
		switch c {
		case '\n':
			return i + 1, data[:i], nil
		case '\r':
			if i+1 < len(data) {
				if data[i+1] == '\n' {
					return i + 2, data[:i], nil
				}
				return i + 1, data[:i], nil
			}
			if atEOF {
				return i + 1, data[:i], nil
			}
			return 0, nil, nil // need to see whether "\n" follows
		}
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// Read returns the next statement, a *ParseError, or io.EOF.
func (r *Reader) Read() (quad.Quad, error) {
	for r.sc.Scan() {
		r.line++
		p := lineParser{s: r.sc.Text(), line: r.line}
		q, ok, err := p.statement(r.quads)
		if err != nil {
			return quad.Quad{}, err
		}
		if ok {
			return q, nil
		}
	}
	if err := r.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return quad.Quad{}, &ParseError{Line: r.line + 1, Column: 1, Err: fmt.Errorf("%w: line longer than %d bytes", ErrSyntax, MaxLine)}
		}
		return quad.Quad{}, err
	}
	return quad.Quad{}, io.EOF
}

// Line is the 1-based line of the statement Read returned last.
func (r *Reader) Line() int { return r.line }

// ReadAll reads every statement up to io.EOF.
func (r *Reader) ReadAll() ([]quad.Quad, error) {
	var out []quad.Quad
	for {
		q, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, q)
	}
}

type lineParser struct {
	s    string
	i    int
	line int
}

func (p *lineParser) errorf(format string, args ...any) error {
	return &ParseError{Line: p.line, Column: p.i + 1, Err: fmt.Errorf("%w: "+format, append([]any{ErrSyntax}, args...)...)}
}

func (p *lineParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// atEnd skips spaces and a comment and reports whether the line is done.
func (p *lineParser) atEnd() bool {
	p.skipSpace()
	return p.i == len(p.s) || p.s[p.i] == '#'
}

func (p *lineParser) statement(quads bool) (quad.Quad, bool, error) {
	if !utf8.ValidString(p.s) {
		p.i = invalidAt(p.s)
		return quad.Quad{}, false, p.errorf("invalid UTF-8")
	}
	if p.atEnd() {
		return quad.Quad{}, false, nil
	}
	var q quad.Quad
	var err error
	if q.Subject, err = p.term(false); err != nil {
		return q, false, err
	}
	if _, lit := q.Subject.(quad.IRI); !lit {
		if _, bn := q.Subject.(quad.BNode); !bn {
			return q, false, p.errorf("subject must be an IRI or a blank node")
		}
	}
	p.skipSpace()
	if q.Predicate, err = p.iri(); err != nil {
		return q, false, err
	}
	p.skipSpace()
	if q.Object, err = p.term(true); err != nil {
		return q, false, err
	}
	p.skipSpace()
	if quads && p.i < len(p.s) && p.s[p.i] != '.' {
		if q.Label, err = p.term(false); err != nil {
			return q, false, err
		}
		p.skipSpace()
	}
	if p.i == len(p.s) || p.s[p.i] != '.' {
		return q, false, p.errorf("expected '.' at the end of the statement")
	}
	p.i++
	if !p.atEnd() {
		return q, false, p.errorf("unexpected text after '.'")
	}
	return q, true, nil
}

func invalidAt(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return 0
}

// term reads an IRI, a blank node or, if literals are allowed, a literal.
func (p *lineParser) term(literals bool) (quad.Value, error) {
	if p.i == len(p.s) {
		return nil, p.errorf("unexpected end of line")
	}
	switch c := p.s[p.i]; {
	case c == '<':
		return p.iri()
	case c == '_':
		return p.bnode()
	case c == '"' && literals:
		return p.literal()
	}
	return nil, p.errorf("unexpected %q", p.s[p.i])
}

func (p *lineParser) iri() (quad.Value, error) {
	if p.i == len(p.s) || p.s[p.i] != '<' {
		return nil, p.errorf("expected an IRI")
	}
	start := p.i
	p.i++
	var b strings.Builder
	for {
		if p.i == len(p.s) {
			p.i = start
			return nil, p.errorf("unterminated IRI")
		}
		c := p.s[p.i]
		switch {
		case c == '>':
			p.i++
			iri := b.String()
			if !absolute(iri) {
				p.i = start
				return nil, p.errorf("relative IRI <%s>", iri)
			}
			return quad.IRI(iri), nil
		case c == '\\':
			r, err := p.uchar()
			if err != nil {
				return nil, err
			}
			b.WriteRune(r)
		case c <= 0x20 || strings.IndexByte(`<"{}|^`+"`", c) >= 0:
			return nil, p.errorf("character %q not allowed in an IRI", c)
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

// absolute reports whether iri starts with a scheme.
func absolute(iri string) bool {
	colon := strings.IndexByte(iri, ':')
	if colon < 1 || !isAlpha(iri[0]) {
		return false
	}
	for i := 1; i < colon; i++ {
		c := iri[i]
		if !isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// uchar decodes \uXXXX or \UXXXXXXXX at p.i.
func (p *lineParser) uchar() (rune, error) {
	n := 0
	if p.i+1 < len(p.s) {
		switch p.s[p.i+1] {
		case 'u':
			n = 4
		case 'U':
			n = 8
		}
	}
	if n == 0 || p.i+2+n > len(p.s) {
		return 0, p.errorf("bad escape")
	}
	var r rune
	for _, c := range []byte(p.s[p.i+2 : p.i+2+n]) {
		var d byte
		switch {
		case isDigit(c):
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, p.errorf("bad hex digit %q in escape", c)
		}
		r = r<<4 | rune(d)
	}
	if r > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF) {
		return 0, p.errorf("escape %s is not a Unicode scalar value", p.s[p.i:p.i+2+n])
	}
	p.i += 2 + n
	return r, nil
}

func (p *lineParser) bnode() (quad.Value, error) {
	if !strings.HasPrefix(p.s[p.i:], "_:") {
		return nil, p.errorf("expected a blank node")
	}
	p.i += 2
	start := p.i
	end := start
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		ok := false
		if p.i == start {
			ok = isPNCharsU(r) || (r >= '0' && r <= '9')
		} else {
			ok = isPNChars(r) || r == '.'
		}
		if !ok {
			break
		}
		p.i += n
		if r != '.' {
			end = p.i
		}
	}
	if end == start {
		return nil, p.errorf("empty or malformed blank node label")
	}
	p.i = end // a trailing '.' ends the statement
	return quad.BNode(p.s[start:end]), nil
}

func (p *lineParser) literal() (quad.Value, error) {
	start := p.i
	p.i++
	var b strings.Builder
	for {
		if p.i == len(p.s) {
			p.i = start
			return nil, p.errorf("unterminated string")
		}
		c := p.s[p.i]
		if c == '"' {
			p.i++
			break
		}
		if c != '\\' {
			b.WriteByte(c)
			p.i++
			continue
		}
		if p.i+1 == len(p.s) {
			return nil, p.errorf("bad escape")
		}
		if e := strings.IndexByte(`tbnrf"'\`, p.s[p.i+1]); e >= 0 {
			b.WriteByte("\t\b\n\r\f\"'\\"[e])
			p.i += 2
			continue
		}
		r, err := p.uchar()
		if err != nil {
			return nil, err
		}
		b.WriteRune(r)
	}
	lex := b.String()
	switch {
	case strings.HasPrefix(p.s[p.i:], "^^"):
		p.i += 2
		dt, err := p.iri()
		if err != nil {
			return nil, err
		}
		if dt == quad.IRI("http://www.w3.org/2001/XMLSchema#string") {
			return quad.String(lex), nil
		}
		return quad.TypedString{Value: quad.String(lex), Type: dt.(quad.IRI)}, nil
	case p.i < len(p.s) && p.s[p.i] == '@':
		p.i++
		ls := p.i
		for p.i < len(p.s) && (isAlpha(p.s[p.i]) || (p.i > ls && (p.s[p.i] == '-' || isDigit(p.s[p.i])))) {
			p.i++
		}
		lang := p.s[ls:p.i]
		if !validLang(lang) {
			p.i = ls
			return nil, p.errorf("bad language tag %q", lang)
		}
		return quad.LangString{Value: quad.String(lex), Lang: lang}, nil
	}
	return quad.String(lex), nil
}

// The grammar's character classes.
var (
	validLang     = rdfchars.ValidLang
	isAlpha       = rdfchars.IsAlpha
	isDigit       = rdfchars.IsDigit
	isPNCharsBase = rdfchars.IsPNCharsBase
	isPNCharsU    = rdfchars.IsPNCharsU
	isPNChars     = rdfchars.IsPNChars
)
