// Package ingest reads clinical-trial records in the formats researchers
// have and turns each into a trial.Study.
//
// Every input format is a Format registered in init by its own sub-package
// (ClinicalTrials.gov API v2 JSON, the Python-literal dump of it, registry
// page text, MedPath pages, legacy XML). A Reader yields one study at a time
// and io.EOF at the end; a bad record yields a *ParseError naming the file,
// line and field, and readers of multi-record inputs go on with the next
// record after it.
//
//	r, err := ingest.Open(f, "ctg-studies.json", "") // "" sniffs the format
//	for {
//		s, err := r.Read()
//		if err == io.EOF {
//			break
//		}
//		...
//	}
package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/trialgraph/trialgraph/trial"
)

// Reader yields the studies of one input, one at a time.
type Reader interface {
	// Read returns the next study, a *ParseError for a record that could not
	// be read, or io.EOF when the input is exhausted. After a ParseError a
	// reader either goes on with the next record or returns io.EOF.
	Read() (*trial.Study, error)
}

// Format describes one input format.
type Format struct {
	// Name is the value of --format, such as "ctgov-json".
	Name        string
	Description string
	Extensions  []string
	MIMETypes   []string
	// Priority orders sniffing: higher first. Formats with strong
	// signatures (JSON, XML) use 100; page-text formats use lower values.
	Priority int
	// Sniff reports whether head, the first bytes of an input, looks like
	// this format.
	Sniff func(head []byte) bool
	// New returns a Reader of r; file names the input in errors.
	New func(r io.Reader, file string) Reader
}

var (
	mu      sync.RWMutex
	formats = map[string]Format{}
)

// Register adds a format. Registering a name twice panics.
func Register(f Format) {
	mu.Lock()
	defer mu.Unlock()
	if f.Name == "" || f.New == nil {
		panic("ingest: Register of a format without a name or constructor")
	}
	if _, dup := formats[f.Name]; dup {
		panic("ingest: format registered twice: " + f.Name)
	}
	formats[f.Name] = f
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

// ErrUnknownFormat is returned for a format name nobody registered and for
// input that no format recognises.
var ErrUnknownFormat = errors.New("unknown input format")

// Lookup returns the format called name.
func Lookup(name string) (Format, error) {
	mu.RLock()
	f, ok := formats[name]
	mu.RUnlock()
	if !ok {
		return Format{}, fmt.Errorf("%w %q (valid: %s)", ErrUnknownFormat, name, strings.Join(Names(), ", "))
	}
	return f, nil
}

// Names lists the registered format names, sorted.
func Names() []string {
	var names []string
	for _, f := range Formats() {
		names = append(names, f.Name)
	}
	return names
}

// SniffSize is how many leading bytes Sniff looks at.
const SniffSize = 64 << 10

// Sniff picks the format whose signature head matches, trying formats by
// priority, then name.
func Sniff(head []byte) (Format, error) {
	fs := Formats()
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Priority > fs[j].Priority })
	for _, f := range fs {
		if f.Sniff != nil && f.Sniff(head) {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("%w: no reader recognises the content (valid formats: %s)", ErrUnknownFormat, strings.Join(Names(), ", "))
}

// Open returns a Reader of r in the named format, or of the sniffed format
// when format is "".
func Open(r io.Reader, file, format string) (Reader, error) {
	if format != "" {
		f, err := Lookup(format)
		if err != nil {
			return nil, err
		}
		return f.New(r, file), nil
	}
	br := bufio.NewReaderSize(r, SniffSize)
	head, err := br.Peek(SniffSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &ParseError{File: file, Err: err}
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, &ParseError{File: file, Line: 1, Err: ErrEmpty}
	}
	f, err := Sniff(head)
	if err != nil {
		return nil, &ParseError{File: file, Line: 1, Err: err}
	}
	return f.New(br, file), nil
}

// FormatForFile returns the format registered for the extension of name, if
// exactly one is.
func FormatForFile(name string) (Format, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	var found []Format
	for _, f := range Formats() {
		for _, e := range f.Extensions {
			if e == ext {
				found = append(found, f)
			}
		}
	}
	if len(found) != 1 {
		return Format{}, false
	}
	return found[0], true
}
