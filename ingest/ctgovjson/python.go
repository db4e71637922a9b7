package ctgovjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/trial"
)

// MaxPythonSize bounds a Python-literal dump, which is read whole.
const MaxPythonSize = 64 << 20

// PythonReader reads the Python-literal dump of API v2 records.
type PythonReader struct {
	src  io.Reader
	file string
	json *Reader
	done bool
}

// NewPythonReader returns a reader of a Python-literal dump; file names the
// input in errors.
func NewPythonReader(r io.Reader, file string) *PythonReader {
	return &PythonReader{src: r, file: file}
}

// Read returns the next study, a *ingest.ParseError, or io.EOF.
func (p *PythonReader) Read() (*trial.Study, error) {
	if p.done {
		return nil, io.EOF
	}
	if p.json == nil {
		data, err := io.ReadAll(io.LimitReader(p.src, MaxPythonSize+1))
		if err != nil {
			p.done = true
			return nil, &ingest.ParseError{File: p.file, Err: err}
		}
		if len(data) > MaxPythonSize {
			p.done = true
			return nil, &ingest.ParseError{File: p.file, Line: 1, Err: fmt.Errorf("%w: more than %d bytes", ingest.ErrTooLarge, MaxPythonSize)}
		}
		body, skipped := skipHeader(data)
		js, err := PythonToJSON(body)
		if err != nil {
			p.done = true
			if pe, ok := err.(*ingest.ParseError); ok {
				pe.File = p.file
				pe.Line += skipped
				return nil, pe
			}
			return nil, &ingest.ParseError{File: p.file, Err: err}
		}
		p.json = NewReader(bytes.NewReader(js), p.file)
		p.json.format = FormatPython
		p.json.lineShift = skipped
	}
	s, err := p.json.Read()
	if err == io.EOF {
		p.done = true
	}
	return s, err
}

// PythonToJSON converts a Python literal made of dicts, lists, tuples,
// strings, numbers, True, False and None into JSON text. Line breaks outside
// strings are kept, so line numbers stay the same. Errors are
// *ingest.ParseError values with the line set.
func PythonToJSON(src []byte) ([]byte, error) {
	out := make([]byte, 0, len(src)+len(src)/8)
	line := 1
	bad := func(err error, format string, args ...any) error {
		return &ingest.ParseError{Line: line, Err: fmt.Errorf("%w: "+format, append([]any{err}, args...)...)}
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			out = append(out, c)
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == ',' || c == ':' || c == '{' || c == '}' || c == '[' || c == ']':
			out = append(out, c)
			i++
		case c == '(':
			out = append(out, '[')
			i++
		case c == ')':
			out = append(out, ']')
			i++
		case c == '\'' || c == '"':
			s, n, err := pyString(src[i:])
			if err != nil {
				return nil, bad(err, "in string")
			}
			b, _ := marshalString(s)
			out = append(out, b...)
			i += n
		case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' || src[j] == 'e' || src[j] == 'E' || src[j] == '-' || src[j] == '+' || src[j] == '_') {
				j++
			}
			num := string(bytes.ReplaceAll(src[i:j], []byte("_"), nil))
			if _, err := strconv.ParseFloat(num, 64); err != nil {
				return nil, bad(ingest.ErrSyntax, "bad number %q", num)
			}
			f, _ := strconv.ParseFloat(num, 64)
			if _, err := strconv.ParseInt(num, 10, 64); err == nil {
				out = append(out, num...)
			} else {
				out = strconv.AppendFloat(out, f, 'g', -1, 64)
			}
			i = j
		case c == 'u' || c == 'U' || c == 'r' || c == 'R':
			if i+1 < len(src) && (src[i+1] == '\'' || src[i+1] == '"') {
				if c == 'r' || c == 'R' {
					return nil, bad(ingest.ErrSyntax, "raw strings are not supported")
				}
				i++ // u'' is an ordinary string
				continue
			}
			return nil, bad(ingest.ErrSyntax, "unexpected %q", word(src[i:]))
		default:
			w := word(src[i:])
			switch w {
			case "True":
				out = append(out, "true"...)
			case "False":
				out = append(out, "false"...)
			case "None":
				out = append(out, "null"...)
			default:
				return nil, bad(ingest.ErrSyntax, "unexpected %q", w)
			}
			i += len(w)
		}
	}
	return out, nil
}

func word(b []byte) string {
	j := 0
	for j < len(b) && j < 20 && (b[j] >= 'a' && b[j] <= 'z' || b[j] >= 'A' && b[j] <= 'Z' || b[j] == '_') {
		j++
	}
	if j == 0 {
		r, _ := utf8.DecodeRune(b)
		return string(r)
	}
	return string(b[:j])
}

func marshalString(s string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// pyString decodes the quoted string at the start of b, returning it and
// the number of bytes it took.
func pyString(b []byte) (string, int, error) {
	q := b[0]
	var out []byte
	for i := 1; i < len(b); {
		c := b[i]
		switch {
		case c == q:
			if !utf8.Valid(out) {
				return "", 0, fmt.Errorf("%w: invalid UTF-8", ingest.ErrBadValue)
			}
			return string(out), i + 1, nil
		case c == '\n':
			return "", 0, fmt.Errorf("%w: line break inside a quoted string", ingest.ErrTruncated)
		case c == '\\':
			if i+1 >= len(b) {
				return "", 0, ingest.ErrTruncated
			}
			e := b[i+1]
			i += 2
			switch e {
			case '\\', '\'', '"':
				out = append(out, e)
			case 'n':
				out = append(out, '\n')
			case 't':
				out = append(out, '\t')
			case 'r':
				out = append(out, '\r')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'v':
				out = append(out, '\v')
			case 'a':
				out = append(out, 7)
			case '\n':
			case 'x', 'u', 'U':
				n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
				if i+n > len(b) {
					return "", 0, ingest.ErrTruncated
				}
				v, err := strconv.ParseUint(string(b[i:i+n]), 16, 32)
				if err != nil || v > utf8.MaxRune {
					return "", 0, fmt.Errorf("%w: bad escape \\%c%s", ingest.ErrSyntax, e, b[i:i+n])
				}
				out = utf8.AppendRune(out, rune(v))
				i += n
			case '0', '1', '2', '3', '4', '5', '6', '7':
				j := i - 1
				for j < len(b) && j < i+2 && b[j] >= '0' && b[j] <= '7' {
					j++
				}
				v, _ := strconv.ParseUint(string(b[i-1:j]), 8, 32)
				out = utf8.AppendRune(out, rune(v))
				i = j
			default:
				out = append(out, '\\', e)
			}
		default:
			out = append(out, c)
			i++
		}
	}
	return "", 0, fmt.Errorf("%w: unclosed string", ingest.ErrTruncated)
}
