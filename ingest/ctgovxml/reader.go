// Package ctgovxml reads the legacy ClinicalTrials.gov XML records, the
// <clinical_study> documents of the old bulk download (AllPublicXML.zip) and
// of the retired /show/NCT…?displayxml=true pages.
//
// An input holds one <clinical_study> document or a wrapper element holding
// several; records are streamed one at a time through encoding/xml, so a large
// wrapper is never held in memory whole. Values are converted to the API v2
// spellings used by trial.Study: "Phase 1/Phase 2" becomes PHASE1 and PHASE2,
// "Double (Participant, Investigator)" becomes masking DOUBLE with PARTICIPANT
// and INVESTIGATOR masked, "Anticipated" dates become ESTIMATED, "March 2020"
// becomes "2020-03". Text blocks lose the indentation and hard line wrapping
// of the XML while keeping paragraphs and list items.
//
// The format is registered as "ctgov-xml" (extension .xml); import the package
// for its side effect and open inputs with ingest.Open, or use NewReader:
//
//	r := ctgovxml.NewReader(f, "NCT00001177.xml")
//	for s, err := r.Read(); err != io.EOF; s, err = r.Read() { ... }
//
// Errors are *ingest.ParseError values naming the file, line and element path
// ("clinical_study/id_info/nct_id"). Entities are never expanded from a DTD
// or from outside, and nesting deeper than MaxDepth is refused.
package ctgovxml

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/trial"
)

// Format is the registered format name.
const Format = "ctgov-xml"

// Limits that keep memory bounded on hostile input.
const (
	// MaxDepth is the deepest element nesting accepted, wrapper included.
	// Real records nest about ten levels deep.
	MaxDepth = 64
	// MaxRecordText is the most text kept for one record.
	MaxRecordText = 32 << 20
	// MaxRecordBytes is the most bytes read for one record, markup
	// included (and for what lies between records). encoding/xml holds a
	// whole text token in memory before the text limit can look at it, so
	// the bytes are bounded where they are read.
	MaxRecordBytes = 64 << 20
)

const recordElem = "clinical_study"

func init() {
	ingest.Register(ingest.Format{
		Name:        Format,
		Description: "Legacy ClinicalTrials.gov XML (<clinical_study>, the old bulk download)",
		Extensions:  []string{".xml"},
		MIMETypes:   []string{"application/xml", "text/xml"},
		Priority:    100,
		Sniff:       Sniff,
		New:         func(r io.Reader, file string) ingest.Reader { return NewReader(r, file) },
	})
}

// Sniff reports whether head looks like legacy ClinicalTrials.gov XML: markup
// (after an optional byte order mark and white space) that opens a
// <clinical_study> element.
func Sniff(head []byte) bool {
	t := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	t = bytes.TrimLeft(t, " \t\r\n")
	if len(t) == 0 || t[0] != '<' {
		return false
	}
	for rest := t; ; {
		i := bytes.Index(rest, []byte("<"+recordElem))
		if i < 0 {
			return false
		}
		rest = rest[i+len(recordElem)+1:]
		if len(rest) == 0 {
			return true // cut off by the end of the head
		}
		switch rest[0] {
		case '>', '/', ' ', '\t', '\r', '\n':
			return true
		}
	}
}

// Reader reads legacy XML studies from a stream.
type Reader struct {
	file    string
	src     *recorder
	dec     *xml.Decoder
	path    []string // open elements outside records
	records int      // records met

	next    xml.Token // a top-level token read ahead, with its offset
	nextOff int64
	nextErr error // an error met while reading ahead
	eof     bool
	done    bool
}

// NewReader returns a Reader of r; file names the input in errors.
func NewReader(r io.Reader, file string) *Reader {
	src := &recorder{r: bufio.NewReader(r), file: sha256.New(), rec: sha256.New()}
	dec := xml.NewDecoder(src)
	dec.Strict = true
	dec.Entity = nil // only the five predefined entities
	dec.CharsetReader = nil
	return &Reader{file: file, src: src, dec: dec}
}

func (r *Reader) errAt(line int, field string, err error) *ingest.ParseError {
	if line < 1 {
		line = 1
	}
	return &ingest.ParseError{File: r.file, Line: line, Field: field, Err: err}
}

func (r *Reader) line() int {
	l, _ := r.dec.InputPos()
	return l
}

// fail turns a decoder error into a ParseError and ends the stream.
func (r *Reader) fail(err error, field string) error {
	r.done = true
	var se *xml.SyntaxError
	switch {
	case errors.As(err, &se) && se.Msg == "unexpected EOF":
		return r.errAt(se.Line, field, ingest.ErrTruncated)
	case errors.As(err, &se):
		return r.errAt(se.Line, field, fmt.Errorf("%w: %s", ingest.ErrSyntax, se.Msg))
	case err == r.src.err:
		return r.errAt(r.line(), field, err) // the underlying reader failed
	case errors.Is(err, io.ErrUnexpectedEOF):
		return r.errAt(r.line(), field, ingest.ErrTruncated)
	default:
		return r.errAt(r.line(), field, fmt.Errorf("%w: %v", ingest.ErrSyntax, err))
	}
}

// token returns the next top-level token and the input offset it starts at,
// starting the record hash there.
func (r *Reader) token() (xml.Token, int64, error) {
	if r.next != nil || r.nextErr != nil {
		t, off, err := r.next, r.nextOff, r.nextErr
		r.next, r.nextErr = nil, nil
		return t, off, err
	}
	off := r.dec.InputOffset()
	r.src.mark(off)
	t, err := r.dec.Token()
	return t, off, err
}

// Read returns the next study, a *ingest.ParseError, or io.EOF.
func (r *Reader) Read() (*trial.Study, error) {
	for {
		if r.done {
			return nil, io.EOF
		}
		if r.eof {
			r.done = true
			if r.records == 0 {
				if r.src.n == 0 || r.src.blank {
					return nil, r.errAt(1, "", ingest.ErrEmpty)
				}
				return nil, r.errAt(1, "", fmt.Errorf("%w: no <%s> element", ingest.ErrNotStudy, recordElem))
			}
			return nil, io.EOF
		}
		tok, _, err := r.token()
		if err == io.EOF {
			r.eof = true
			continue
		}
		if err != nil {
			return nil, r.fail(err, strings.Join(r.path, "/"))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == recordElem {
				return r.readRecord(t)
			}
			r.src.dropFile()
			r.path = append(r.path, t.Name.Local)
			if len(r.path) > MaxDepth {
				r.done = true
				return nil, r.errAt(r.line(), strings.Join(r.path, "/"), fmt.Errorf("%w: elements nested deeper than %d", ingest.ErrTooLarge, MaxDepth))
			}
		case xml.EndElement:
			if len(r.path) > 0 {
				r.path = r.path[:len(r.path)-1]
			}
		case xml.CharData:
			if len(r.path) == 0 && len(bytes.Trim(t, " \t\r\n\ufeff")) > 0 {
				r.done = true
				return nil, r.errAt(r.line(), "", fmt.Errorf("%w: text outside any element", ingest.ErrSyntax))
			}
		}
	}
}

// readRecord reads one <clinical_study> whose start tag was just read.
func (r *Reader) readRecord(start xml.StartElement) (*trial.Study, error) {
	root := len(r.path) == 0
	r.records++
	if r.records > 1 {
		r.src.dropFile()
	}
	rec, err := r.buildTree(start)
	if err != nil {
		return nil, err
	}
	sum := r.src.sum(r.dec.InputOffset())
	if root && r.src.file != nil {
		// A document whose root is the record: when nothing but
		// white space, comments and processing instructions follow, the
		// record is the whole file and its hash is the file's.
		r.peekEnd()
		if r.eof && r.src.file != nil {
			sum = r.src.fileSum()
		}
	}
	s, perr := r.study(rec)
	if perr != nil {
		return nil, perr
	}
	s.Source = trial.Source{Format: Format, File: r.file, SHA256: hex.EncodeToString(sum), LastUpdated: s.Source.LastUpdated}
	return s, nil
}

// peekEnd reads the top-level tokens after a root record up to the end of
// the input or the next element, which it keeps for the next Read.
func (r *Reader) peekEnd() {
	for {
		off := r.dec.InputOffset()
		r.src.mark(off)
		t, err := r.dec.Token()
		switch {
		case err == io.EOF:
			r.eof = true
			return
		case err != nil:
			r.nextErr = err
			r.src.dropFile()
			return
		}
		switch t := t.(type) {
		case xml.CharData:
			if len(bytes.Trim(t, " \t\r\n")) == 0 {
				continue
			}
		case xml.Comment, xml.ProcInst, xml.Directive:
			continue
		}
		r.next, r.nextOff = xml.CopyToken(t), off
		r.src.dropFile()
		return
	}
}

// node is one element of a record.
type node struct {
	name   string
	typ    string // the type attribute, which dates and enrollment carry
	text   []byte
	kids   []*node
	parent *node
	line   int
}

// path is the element path from the record element, such as
// "clinical_study/id_info/nct_id".
func (n *node) path() string {
	if n.parent == nil {
		return n.name
	}
	return n.parent.path() + "/" + n.name
}

func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

func (n *node) children(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// skipped are subtrees the Study does not use and that can be large; they
// are checked for well-formedness but not kept.
var skipped = map[string]bool{"clinical_results": true, "provided_document_section": true, "intervention_browse": true, "pending_results": true}

// buildTree reads the elements of a record into a tree.
func (r *Reader) buildTree(start xml.StartElement) (*node, error) {
	root := &node{name: recordElem, line: r.line()}
	cur := root
	depth := len(r.path) + 1
	skipDepth := 0 // > 0 inside a skipped subtree
	kept := 0
	for {
		tok, err := r.dec.Token()
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, r.fail(err, cur.path())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > MaxDepth {
				r.done = true
				return nil, r.errAt(r.line(), cur.path()+"/"+t.Name.Local, fmt.Errorf("%w: elements nested deeper than %d", ingest.ErrTooLarge, MaxDepth))
			}
			if skipDepth > 0 {
				skipDepth++
				continue
			}
			n := &node{name: t.Name.Local, parent: cur, line: r.line()}
			for _, a := range t.Attr {
				if a.Name.Local == "type" {
					n.typ = a.Value
				}
			}
			if cur == root && t.Name.Local == "clinical_results" {
				root.kids = append(root.kids, n) // kept, empty, to say results exist
			} else if !skipped[t.Name.Local] {
				cur.kids = append(cur.kids, n)
			}
			cur = n
			if skipped[t.Name.Local] {
				skipDepth = 1
			}
		case xml.EndElement:
			depth--
			if skipDepth > 1 {
				skipDepth--
				continue
			}
			skipDepth = 0
			if cur == root {
				return root, nil
			}
			cur = cur.parent
		case xml.CharData:
			if skipDepth > 0 {
				continue
			}
			kept += len(t)
			if kept > MaxRecordText {
				r.done = true
				return nil, r.errAt(r.line(), cur.path(), fmt.Errorf("%w: record holds more than %d bytes of text", ingest.ErrTooLarge, MaxRecordText))
			}
			cur.text = append(cur.text, t...)
		}
	}
}

// recorder is the byte source of the decoder. It hashes the bytes of the
// whole input and of the current record. Handing the decoder an
// io.ByteReader keeps it from buffering, so its InputOffset is exact; bytes
// reach the hashes a little late because the decoder may unread one.
type recorder struct {
	r     *bufio.Reader
	err   error
	n     int64 // bytes read
	blank bool  // every byte read so far is white space or a BOM
	seen  bool

	pending []byte // bytes from offset base not yet hashed
	base    int64
	start   int64     // offset of the current record (see MaxRecordBytes)
	file    hash.Hash // nil once the input is known to hold more than one record
	rec     hash.Hash
}

const slack = 16

func (s *recorder) ReadByte() (byte, error) {
	if s.err != nil {
		return 0, s.err
	}
	c, err := s.r.ReadByte()
	if err != nil {
		s.err = err
		return 0, err
	}
	if !s.seen {
		s.seen, s.blank = true, true
	}
	if s.blank && strings.IndexByte(" \t\r\n\xef\xbb\xbf", c) < 0 {
		s.blank = false
	}
	s.n++
	if s.n-s.start > MaxRecordBytes {
		s.err = fmt.Errorf("%w: more than %d bytes in one record", ingest.ErrTooLarge, MaxRecordBytes)
		return 0, s.err
	}
	s.pending = append(s.pending, c)
	if len(s.pending) >= 8192 {
		s.flush(s.n - slack)
	}
	return c, nil
}

// Read lets the recorder pass as an io.Reader; the decoder only calls
// ReadByte.
func (s *recorder) Read(p []byte) (int, error) {
	for i := range p {
		c, err := s.ReadByte()
		if err != nil {
			return i, err
		}
		p[i] = c
	}
	return len(p), nil
}

// flush hashes the pending bytes before offset off.
func (s *recorder) flush(off int64) {
	k := int(off - s.base)
	if k <= 0 {
		return
	}
	if k > len(s.pending) {
		k = len(s.pending)
	}
	if s.file != nil {
		s.file.Write(s.pending[:k])
	}
	s.rec.Write(s.pending[:k])
	s.pending = append(s.pending[:0], s.pending[k:]...)
	s.base += int64(k)
}

// mark starts the record hash at offset off.
func (s *recorder) mark(off int64) {
	s.start = off
	s.flush(off)
	s.rec.Reset()
}

// sum returns the hash of the record bytes from the last mark up to off.
func (s *recorder) sum(off int64) []byte {
	s.flush(off)
	return s.rec.Sum(nil)
}

// fileSum returns the hash of every byte read.
func (s *recorder) fileSum() []byte {
	s.flush(s.n)
	return s.file.Sum(nil)
}

func (s *recorder) dropFile() { s.file = nil }
