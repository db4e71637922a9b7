// Package ctgovjson reads ClinicalTrials.gov API v2 study records.
//
// It accepts every shape the records come in: one study object, a page of
// the /studies endpoint ({"studies": [...], "nextPageToken": "..."}), the
// website's "Download JSON" array (ctg-studies.json), streamed record by
// record, and the Python-literal dump of a study (single-quoted strings,
// True/False/None) that some tools print, optionally behind a "Raw JSON"
// header line. The formats are registered as "ctgov-json" and
// "ctgov-pydict".
//
//	r := ctgovjson.NewReader(f, "ctg-studies.json")
//	for s, err := r.Read(); err != io.EOF; s, err = r.Read() { ... }
package ctgovjson

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/trial"
)

// FormatJSON and FormatPython are the registered format names.
const (
	FormatJSON   = "ctgov-json"
	FormatPython = "ctgov-pydict"
)

func init() {
	ingest.Register(ingest.Format{
		Name:        FormatJSON,
		Description: "ClinicalTrials.gov API v2 JSON: a study, a /studies page or a ctg-studies.json array",
		Extensions:  []string{".json"},
		MIMETypes:   []string{"application/json"},
		Priority:    100,
		Sniff:       sniffJSON,
		New:         func(r io.Reader, file string) ingest.Reader { return NewReader(r, file) },
	})
	ingest.Register(ingest.Format{
		Name:        FormatPython,
		Description: "Python-literal dump of a ClinicalTrials.gov API v2 study (single quotes, True/False/None)",
		Extensions:  []string{".py", ".txt"},
		Priority:    101,
		Sniff:       sniffPython,
		New:         func(r io.Reader, file string) ingest.Reader { return NewPythonReader(r, file) },
	})
}

func sniffJSON(head []byte) bool {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return false
	}
	return bytes.Contains(head, []byte(`"protocolSection"`)) || bytes.Contains(head, []byte(`"studies"`))
}

func sniffPython(head []byte) bool {
	body, _ := skipHeader(head)
	t := bytes.TrimLeft(body, " \t\r\n")
	if !bytes.HasPrefix(t, []byte("{'")) && !bytes.HasPrefix(t, []byte("[{'")) {
		return false
	}
	return bytes.Contains(t, []byte(`'protocolSection'`)) || bytes.Contains(t, []byte(`'studies'`))
}

// MaxRecordSize bounds one study record: the bytes of a study object, or of
// a whole single-study file. The JSON decoder holds a record in memory
// (several times over while decoding it), so without a bound a hostile or
// broken file of one endless line costs memory in proportion to its size.
// The largest records of ClinicalTrials.gov, with results, are a few MB.
const MaxRecordSize = 64 << 20

// Reader reads API v2 JSON studies from a stream.
type Reader struct {
	file      string
	format    string
	lines     *lineCounter
	lineShift int // lines before the JSON text (Python header)
	dec       *json.Decoder
	state     int
	pending   []*trial.Study
	done      bool
	sawStudy  bool
}

const (
	stStart = iota
	stTopArray
	stPageArray
	stPageRest
)

// NewReader returns a Reader of API v2 JSON; file names the input in errors.
func NewReader(r io.Reader, file string) *Reader {
	lc := &lineCounter{r: r, max: MaxRecordSize}
	dec := json.NewDecoder(lc)
	dec.UseNumber()
	return &Reader{file: file, format: FormatJSON, lines: lc, dec: dec}
}

func (r *Reader) errAt(off int64, path, field string, err error) *ingest.ParseError {
	return &ingest.ParseError{File: r.file, Line: r.lines.lineAt(off) + r.lineShift, Path: path, Field: field, Err: err}
}

// fail turns a decoder error into a ParseError and ends the stream.
func (r *Reader) fail(err error, path string) error {
	r.done = true
	var se *json.SyntaxError
	switch {
	case errors.Is(err, ingest.ErrTooLarge):
		return r.errAt(r.lines.n, path, "", err)
	case errors.As(err, &se):
		return r.errAt(se.Offset, path, "", fmt.Errorf("%w: %v", ingest.ErrSyntax, se))
	case errors.Is(err, io.ErrUnexpectedEOF), err == io.EOF:
		return r.errAt(r.lines.n, path, "", ingest.ErrTruncated)
	default:
		return r.errAt(r.dec.InputOffset(), path, "", fmt.Errorf("%w: %v", ingest.ErrSyntax, err))
	}
}

// Read returns the next study, a *ingest.ParseError, or io.EOF.
func (r *Reader) Read() (*trial.Study, error) {
	for {
		if r.done {
			return nil, io.EOF
		}
		switch r.state {
		case stStart:
			tok, err := r.dec.Token()
			if err == io.EOF {
				r.done = true
				return nil, r.errAt(0, "", "", ingest.ErrEmpty)
			}
			if err != nil {
				return nil, r.fail(err, "$")
			}
			switch tok {
			case json.Delim('['):
				r.state = stTopArray
			case json.Delim('{'):
				if err := r.readObject(); err != nil {
					return nil, err
				}
				if len(r.pending) > 0 {
					s := r.pending[0]
					r.pending = r.pending[1:]
					return s, nil
				}
			default:
				r.done = true
				return nil, r.errAt(r.dec.InputOffset(), "$", "", fmt.Errorf("%w: top-level value is not an object or array", ingest.ErrNotStudy))
			}
		case stTopArray, stPageArray:
			if !r.dec.More() {
				if _, err := r.dec.Token(); err != nil { // ']'
					return nil, r.fail(err, "$")
				}
				if r.state == stTopArray {
					r.done = true
					continue
				}
				r.state = stPageRest
				continue
			}
			path := "$[]"
			if r.state == stPageArray {
				path = "$.studies[]"
			}
			var raw json.RawMessage
			if err := r.dec.Decode(&raw); err != nil {
				return nil, r.fail(err, path)
			}
			start := r.dec.InputOffset() - int64(len(raw))
			r.lines.forget(start)
			r.lines.mark = r.dec.InputOffset()
			return r.decodeStudy(raw, start, path)
		case stPageRest:
			if err := r.readObjectRest(); err != nil {
				return nil, err
			}
			if !r.sawStudy {
				r.done = true
				return nil, r.errAt(r.lines.n, "$", "", fmt.Errorf("%w: object has neither protocolSection nor studies", ingest.ErrNotStudy))
			}
			r.done = true
		}
	}
}

// readObject reads the keys of a top-level object. A "studies" key switches
// to page mode; any other keys are kept and decoded as one study at the end.
func (r *Reader) readObject() error {
	start := r.dec.InputOffset() - 1
	var buf bytes.Buffer
	buf.WriteByte('{')
	n := 0
	for r.dec.More() {
		tok, err := r.dec.Token()
		if err != nil {
			return r.fail(err, "$")
		}
		key, _ := tok.(string)
		if key == "studies" {
			t2, err := r.dec.Token()
			if err != nil {
				return r.fail(err, "$.studies")
			}
			if t2 != json.Delim('[') {
				r.done = true
				return r.errAt(r.dec.InputOffset(), "$.studies", "studies", fmt.Errorf("%w: studies is not an array", ingest.ErrBadValue))
			}
			r.state = stPageArray
			return nil
		}
		var raw json.RawMessage
		if err := r.dec.Decode(&raw); err != nil {
			return r.fail(err, "$."+key)
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(key)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(raw)
		n++
	}
	if _, err := r.dec.Token(); err != nil { // '}'
		return r.fail(err, "$")
	}
	buf.WriteByte('}')
	r.done = true
	s, err := r.decodeStudy(buf.Bytes(), start, "$")
	if err != nil {
		return err
	}
	r.pending = append(r.pending, s)
	return nil
}

// readObjectRest skips the keys after a page's studies array.
func (r *Reader) readObjectRest() error {
	for r.dec.More() {
		if _, err := r.dec.Token(); err != nil {
			return r.fail(err, "$")
		}
		var raw json.RawMessage
		if err := r.dec.Decode(&raw); err != nil {
			return r.fail(err, "$")
		}
	}
	if _, err := r.dec.Token(); err != nil {
		return r.fail(err, "$")
	}
	r.sawStudy = true // an empty page is a valid page
	return nil
}

func (r *Reader) decodeStudy(raw []byte, start int64, path string) (*trial.Study, error) {
	r.sawStudy = true
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, r.errAt(start+te.Offset, path, te.Field, fmt.Errorf("%w: %s where %s was expected", ingest.ErrBadValue, te.Value, te.Type))
		}
		return nil, r.errAt(start, path, "", fmt.Errorf("%w: %v", ingest.ErrSyntax, err))
	}
	s, missing := rec.study()
	if s == nil {
		return nil, r.errAt(start, path, missing, ingest.ErrMissingField)
	}
	sum := sha256.Sum256(raw)
	s.Source.Format = r.format
	s.Source.File = r.file
	s.Source.SHA256 = hex.EncodeToString(sum[:])
	return s, nil
}

// lineCounter passes bytes through and remembers where lines start, so that
// byte offsets reported by the decoder can be turned into line numbers. It
// forgets positions before the current record, so memory stays bounded.
type lineCounter struct {
	r     io.Reader
	max   int64   // bytes a record may have (0: no bound)
	mark  int64   // offset where the current record began
	n     int64   // bytes read so far
	base  int     // newlines before the first kept offset
	nl    []int64 // offsets of newlines not yet forgotten
	floor int64
}

func (c *lineCounter) Read(p []byte) (int, error) {
	if c.max > 0 && c.n-c.mark > c.max {
		return 0, fmt.Errorf("%w: a record is larger than %d bytes", ingest.ErrTooLarge, c.max)
	}
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			c.nl = append(c.nl, c.n+int64(i))
		}
	}
	c.n += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset off.
func (c *lineCounter) lineAt(off int64) int {
	i := 0
	for i < len(c.nl) && c.nl[i] < off {
		i++
	}
	return c.base + i + 1
}

// forget drops newline positions before off.
func (c *lineCounter) forget(off int64) {
	i := 0
	for i < len(c.nl) && c.nl[i] < off {
		i++
	}
	if i > 0 {
		c.base += i
		c.nl = append(c.nl[:0], c.nl[i:]...)
	}
}

// skipHeader returns the text after leading lines that do not open a JSON
// or Python value (such as "Raw JSON"), and how many lines it skipped.
func skipHeader(b []byte) ([]byte, int) {
	lines := 0
	for {
		t := bytes.TrimLeft(b, " \t\r")
		if len(t) == 0 || t[0] == '{' || t[0] == '[' {
			return b, lines
		}
		i := bytes.IndexByte(b, '\n')
		if i < 0 || lines >= 5 {
			return b, lines
		}
		b = b[i+1:]
		lines++
	}
}

var _ = strings.TrimSpace
