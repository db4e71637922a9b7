// Package nquads reads trialgraph's own N-Quads exports back, one trial
// graph at a time, so that a store can be rebuilt from an export
// (trialgraph export --format nquads, then trialgraph ingest).
//
// An N-Quads export holds every statement of a trial in the named graph
// <BASE/graph/NCT…>. The statements of a graph are spread over the file
// (exports are sorted by subject), so the Reader reads the whole input
// first, holding its statements, and then yields the graphs in label
// order. Statements without a graph label, or in a graph whose name is not
// a trial graph, are errors with their line.
//
// The input does not describe studies: Read (the ingest.Reader method)
// reports ErrNotStudy; commands type-assert GraphReader and use
// ReadGraph.
//
//	r := nquads.NewReader(f, "trials.nq")
//	for {
//		label, qs, err := r.ReadGraph()
//		if err == io.EOF {
//			break
//		}
//		...
//	}
package nquads

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/export/ntparse"
	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/trial"
)

// GraphReader yields whole named graphs.
type GraphReader interface {
	// ReadGraph returns the label and statements of the next graph, a
	// *ingest.ParseError, or io.EOF after the last graph.
	ReadGraph() (label quad.IRI, quads []quad.Quad, err error)
}

func init() {
	ingest.Register(ingest.Format{
		Name:        "nquads",
		Description: "trialgraph N-Quads export (a named graph per trial)",
		Extensions:  []string{".nq"},
		MIMETypes:   []string{"application/n-quads"},
		Priority:    90,
		Sniff:       Sniff,
		New:         func(r io.Reader, file string) ingest.Reader { return NewReader(r, file) },
	})
}

// trialGraph matches the label of a trial graph and captures the NCT
// number.
var trialGraph = regexp.MustCompile(`/graph/(NCT[0-9]{8})$`)

// Reader reads an N-Quads export.
type Reader struct {
	in     io.Reader
	file   string
	read   bool
	labels []quad.IRI
	graphs map[quad.IRI][]quad.Quad
	err    error
	told   bool
}

var (
	_ GraphReader   = (*Reader)(nil)
	_ ingest.Reader = (*Reader)(nil)
)

// NewReader returns a Reader of r; file names the input in errors.
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{in: r, file: file}
}

// NCTID returns the NCT number of a trial graph label, "" if label is
// not one.
func NCTID(label quad.IRI) string {
	m := trialGraph.FindStringSubmatch(string(label))
	if m == nil {
		return ""
	}
	return m[1]
}

func (r *Reader) load() error {
	r.read = true
	r.graphs = map[quad.IRI][]quad.Quad{}
	p := ntparse.NewQuadReader(r.in)
	for {
		q, err := p.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *ntparse.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return &ingest.ParseError{File: r.file, Line: line, Err: fmt.Errorf("%w: %v", ingest.ErrSyntax, err)}
		}
		label, ok := q.Label.(quad.IRI)
		if !ok || NCTID(label) == "" {
			return &ingest.ParseError{File: r.file, Line: p.Line(), Err: fmt.Errorf("%w: statement outside a trial graph (want a graph label …/graph/NCT########, have %v)", ingest.ErrNotStudy, q.Label)}
		}
		if _, seen := r.graphs[label]; !seen {
			r.labels = append(r.labels, label)
		}
		r.graphs[label] = append(r.graphs[label], q)
	}
	if len(r.labels) == 0 {
		return &ingest.ParseError{File: r.file, Line: 1, Err: ingest.ErrEmpty}
	}
	sort.Slice(r.labels, func(i, j int) bool { return r.labels[i] < r.labels[j] })
	return nil
}

// ReadGraph returns the next trial graph in label order.
func (r *Reader) ReadGraph() (quad.IRI, []quad.Quad, error) {
	if r.err != nil {
		return "", nil, r.err
	}
	if !r.read {
		if err := r.load(); err != nil {
			r.err = io.EOF
			r.graphs = nil
			return "", nil, err
		}
	}
	if len(r.labels) == 0 {
		r.err = io.EOF
		return "", nil, io.EOF
	}
	l := r.labels[0]
	r.labels = r.labels[1:]
	qs := r.graphs[l]
	delete(r.graphs, l)
	return l, qs, nil
}

// ErrGraphs is the cause Read reports: the input holds graphs.
var ErrGraphs = fmt.Errorf("%w: N-Quads hold trial graphs, read with ReadGraph", ingest.ErrNotStudy)

// Read reports once that the input holds graphs rather than studies, then
// io.EOF.
func (r *Reader) Read() (*trial.Study, error) {
	if r.told {
		return nil, io.EOF
	}
	r.told = true
	return nil, &ingest.ParseError{File: r.file, Err: ErrGraphs}
}

// Sniff reports whether head starts with N-Quads statements in named
// graphs: its first statement lines (up to 3, comments and blank lines
// skipped) parse as N-Quads with a graph label. A line cut by the end of
// head is judged as it is.
func Sniff(head []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(head))
	sc.Buffer(nil, len(head)+1)
	n := 0
	for sc.Scan() && n < 3 {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		q, err := ntparse.NewQuadReader(bytes.NewReader(append(line, '\n'))).Read()
		if err != nil || q.Label == nil {
			return false
		}
		n++
	}
	return n > 0
}
