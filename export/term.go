package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/export/internal/rdfchars"
)

// Namespaces and datatypes the writers need.
const (
	nsXSD      = "http://www.w3.org/2001/XMLSchema#"
	rdfType    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	rdfLang    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
	xsdString  = nsXSD + "string"
	xsdInteger = nsXSD + "integer"
	xsdDecimal = nsXSD + "decimal"
	xsdBoolean = nsXSD + "boolean"
	xsdDouble  = nsXSD + "double"
	xsdDate    = nsXSD + "dateTime"
)

type termKind uint8

const (
	kindIRI termKind = iota + 1
	kindBNode
	kindLiteral
)

// term is a checked RDF term. For literals, datatype is "" for simple
// (xsd:string) literals and lang is set for language-tagged ones.
type term struct {
	kind     termKind
	value    string
	datatype string
	lang     string
}

// positions of terms, for errors and for what each may hold.
const (
	posSubject   = "subject"
	posPredicate = "predicate"
	posObject    = "object"
	posLabel     = "label"
)

// toTerm converts and checks v for position pos.
func toTerm(v quad.Value, pos string) (term, error) {
	t, err := convert(v)
	if err != nil {
		return term{}, &TermError{Position: pos, Term: v, Err: err}
	}
	switch {
	case pos == posPredicate && t.kind != kindIRI:
		err = fmt.Errorf("%w: a predicate must be an IRI", ErrUnsupported)
	case (pos == posSubject || pos == posLabel) && t.kind == kindLiteral:
		err = fmt.Errorf("%w: a %s must be an IRI or a blank node", ErrUnsupported, pos)
	}
	if err != nil {
		return term{}, &TermError{Position: pos, Term: v, Err: err}
	}
	return t, nil
}

func convert(v quad.Value) (term, error) {
	switch v := v.(type) {
	case nil:
		return term{}, fmt.Errorf("%w: missing term", ErrUnsupported)
	case quad.IRI:
		if err := checkIRI(string(v)); err != nil {
			return term{}, err
		}
		return term{kind: kindIRI, value: string(v)}, nil
	case quad.BNode:
		if err := checkBNode(string(v)); err != nil {
			return term{}, err
		}
		return term{kind: kindBNode, value: string(v)}, nil
	case quad.String:
		return literal(string(v), "", "")
	case quad.LangString:
		if !validLang(v.Lang) {
			return term{}, fmt.Errorf("%w: language tag %q", ErrInvalidLiteral, v.Lang)
		}
		return literal(string(v.Value), "", v.Lang)
	case quad.TypedString:
		return typed(v)
	case quad.Int:
		return term{kind: kindLiteral, value: strconv.FormatInt(int64(v), 10), datatype: xsdInteger}, nil
	case quad.Bool:
		return term{kind: kindLiteral, value: strconv.FormatBool(bool(v)), datatype: xsdBoolean}, nil
	case quad.Float:
		return term{kind: kindLiteral, value: formatDouble(float64(v)), datatype: xsdDouble}, nil
	case quad.Time:
		s, err := formatDateTime(time.Time(v))
		if err != nil {
			return term{}, err
		}
		return term{kind: kindLiteral, value: s, datatype: xsdDate}, nil
	default:
		return term{}, fmt.Errorf("%w: values of type %T", ErrUnsupported, v)
	}
}

// quadShortTypes are the schema.org short datatypes quad gives the
// TypedString forms of its native values; they are written as the native
// value, that is with an xsd datatype.
var quadShortTypes = map[quad.IRI]bool{
	"schema:Integer": true, "schema:Float": true, "schema:Boolean": true, "schema:DateTime": true,
}

func typed(v quad.TypedString) (term, error) {
	switch dt := string(v.Type); {
	case dt == "" || dt == xsdString:
		return literal(string(v.Value), "", "")
	case dt == rdfLang:
		return term{}, fmt.Errorf("%w: rdf:langString without a language tag", ErrInvalidLiteral)
	case quadShortTypes[v.Type]:
		native, err := v.ParseValue()
		if err != nil {
			return term{}, fmt.Errorf("%w: %q is not a %s: %v", ErrInvalidLiteral, string(v.Value), dt, err)
		}
		if _, still := native.(quad.TypedString); still {
			return term{}, fmt.Errorf("%w: datatype %s", ErrUnsupported, dt)
		}
		return convert(native)
	default:
		if err := checkIRI(dt); err != nil {
			return term{}, fmt.Errorf("datatype: %w", err)
		}
		return literal(string(v.Value), dt, "")
	}
}

func literal(lex, datatype, lang string) (term, error) {
	if !utf8.ValidString(lex) {
		return term{}, fmt.Errorf("%w in lexical form", ErrInvalidUTF8)
	}
	return term{kind: kindLiteral, value: lex, datatype: datatype, lang: lang}, nil
}

// formatDouble writes f in the xsd:double lexical space.
func formatDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	}
	return strconv.FormatFloat(f, 'E', -1, 64)
}

// formatDateTime writes t in the xsd:dateTime lexical space, keeping its
// zone offset and fractional seconds.
func formatDateTime(t time.Time) (string, error) {
	if y := t.Year(); y < 1 || y > 9999 {
		return "", fmt.Errorf("%w: year %d outside 0001-9999", ErrInvalidLiteral, y)
	}
	if _, off := t.Zone(); off%60 != 0 {
		t = t.UTC() // xsd zone offsets have no seconds
	}
	return t.Format(time.RFC3339Nano), nil
}

// shortFormIRISchemes are the prefixes of quad's own short IRIs
// ("rdf:type"); they parse as IRIs with a scheme, but are never meant as
// one.
var shortFormIRISchemes = []string{"rdf:", "rdfs:", "schema:", "xsd:", "owl:"}

// iriASCII tells which ASCII characters an IRI may hold unescaped.
var iriASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x21; c < 0x7f; c++ {
		t[c] = !strings.ContainsRune("<>\"{}|^`\\", rune(c))
	}
	return t
}()

// checkIRI reports whether s is an absolute IRI that RDF syntaxes accept
// in <...> without escapes.
func checkIRI(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w", ErrInvalidUTF8)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < utf8.RuneSelf && !iriASCII[c]:
			switch {
			case c == ' ':
				return fmt.Errorf("%w: space at offset %d", ErrInvalidIRI, i)
			case c < 0x20 || c == 0x7f:
				return fmt.Errorf("%w: control character %U at offset %d", ErrInvalidIRI, rune(c), i)
			}
			return fmt.Errorf("%w: character %q at offset %d", ErrInvalidIRI, c, i)
		case c == 0xC2 && i+1 < len(s) && s[i+1] <= 0x9F: // U+0080 to U+009F
			return fmt.Errorf("%w: control character %U at offset %d", ErrInvalidIRI, rune(s[i+1]), i)
		}
	}
	// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
	colon := strings.IndexByte(s, ':')
	if colon < 1 || !isAlpha(s[0]) {
		return fmt.Errorf("%w: not absolute (no scheme)", ErrInvalidIRI)
	}
	for i := 1; i < colon; i++ {
		c := s[i]
		if !isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return fmt.Errorf("%w: not absolute (bad scheme)", ErrInvalidIRI)
		}
	}
	for _, p := range shortFormIRISchemes {
		if strings.HasPrefix(s, p) {
			return fmt.Errorf("%w: %q is a prefixed name, not an absolute IRI (expand it with quad.IRI.Full)", ErrInvalidIRI, s)
		}
	}
	return nil
}

// checkBNode checks a label against BLANK_NODE_LABEL of Turtle and
// N-Triples: (PN_CHARS_U | [0-9]) ((PN_CHARS | '.')* PN_CHARS)?, without
// two dots in a row, which N3.js rejects.
func checkBNode(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w", ErrInvalidUTF8)
	}
	if s == "" {
		return fmt.Errorf("%w: empty", ErrInvalidBNode)
	}
	for i, r := range s {
		ok := false
		switch {
		case i == 0:
			ok = isPNCharsU(r) || (r >= '0' && r <= '9')
		case r == '.':
			// The grammar allows "..", N3.js does not.
			ok = i+1 < len(s) && s[i+1] != '.'
		default:
			ok = isPNChars(r)
		}
		if !ok {
			return fmt.Errorf("%w: character %q at offset %d", ErrInvalidBNode, r, i)
		}
	}
	return nil
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

// validPrefixName checks PN_PREFIX (or the empty prefix):
// PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)?
func validPrefixName(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		switch {
		case i == 0:
			if !isPNCharsBase(r) {
				return false
			}
		case r == '.':
			if i+1 == len(s) {
				return false
			}
		case !isPNChars(r):
			return false
		}
	}
	return true
}

// appendString appends the body of a quoted literal (without the quotes).
// In long form newlines and tabs stay raw, for """...""" strings.
func appendString(b []byte, s string, long bool) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var esc string
		switch c {
		case '"':
			esc = `\"`
		case '\\':
			esc = `\\`
		case '\n':
			if long {
				continue
			}
			esc = `\n`
		case '\r':
			esc = `\r`
		case '\t':
			if long {
				continue
			}
			esc = `\t`
		case '\b':
			esc = `\b`
		case '\f':
			esc = `\f`
		default:
			if c >= 0x20 && c != 0x7f {
				continue
			}
		}
		b = append(b, s[start:i]...)
		if esc != "" {
			b = append(b, esc...)
		} else {
			const hex = "0123456789ABCDEF"
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
		start = i + 1
	}
	return append(b, s[start:]...)
}
