package export

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
)

// The GraphML and DOT writers draw the graph for people: a node per IRI or
// blank node, labelled with its schema:name or rdfs:label (else its short
// IRI), with its types and literal properties as node attributes, and an
// edge per statement whose object is an IRI or blank node, labelled with
// the predicate's short name. Statements must arrive grouped by subject;
// labels are ignored. The output follows the order of the statements, so
// the same input gives the same bytes.

const (
	schemaName = "http://schema.org/name"
	rdfsLabel  = "http://www.w3.org/2000/01/rdf-schema#label"
)

// visualNode is the subject being collected.
type visualNode struct {
	id          string // N-Triples-like identity: IRI or _:label
	name, label string // first schema:name, first rdfs:label
	types       []string
	attrs       []attr // literal properties, in statement order
	edges       []attr // predicate (short) -> target id
}

type attr struct{ key, value string }

// visualWriter collects a subject's statements and hands each finished
// node to a renderer.
type visualWriter struct {
	bw       *bufio.Writer
	opts     Options
	byLength []Prefix
	render   func(n *visualNode) error
	finish   func() error
	started  bool
	closed   bool
	err      error
	cur      visualNode
	have     bool
	scratch  []byte
}

func newVisualWriter(w io.Writer, opts Options) *visualWriter {
	v := &visualWriter{bw: bufio.NewWriterSize(w, 64<<10), opts: opts}
	v.byLength = longestFirst(opts.Prefixes)
	for _, p := range opts.Prefixes {
		if err := checkIRI(p.IRI); err != nil {
			v.err = fmt.Errorf("%w: prefix %q: %v", ErrInvalidOption, p.Name, err)
		}
	}
	return v
}

// short writes an IRI as prefix:local when a prefix matches, for labels.
func (v *visualWriter) short(iri string) string {
	for _, p := range v.byLength {
		if strings.HasPrefix(iri, p.IRI) && len(iri) > len(p.IRI) {
			return p.Name + ":" + iri[len(p.IRI):]
		}
	}
	return iri
}

func nodeID(t term) string {
	if t.kind == kindBNode {
		return "_:" + t.value
	}
	return t.value
}

// literalText is the lexical form of a literal with its language tag,
// as shown to people.
func (v *visualWriter) literalText(t term) string {
	if t.lang != "" {
		return t.value + "@" + t.lang
	}
	return t.value
}

func (v *visualWriter) WriteQuad(q quad.Quad) error {
	if v.err != nil {
		return v.err
	}
	if v.closed {
		return ErrClosed
	}
	s, err := toTerm(q.Subject, posSubject)
	if err != nil {
		return v.fail(err)
	}
	p, err := toTerm(q.Predicate, posPredicate)
	if err != nil {
		return v.fail(err)
	}
	o, err := toTerm(q.Object, posObject)
	if err != nil {
		return v.fail(err)
	}
	id := nodeID(s)
	if !v.have || id != v.cur.id {
		if err := v.flush(); err != nil {
			return err
		}
		v.cur = visualNode{id: id, types: v.cur.types[:0], attrs: v.cur.attrs[:0], edges: v.cur.edges[:0]}
		v.have = true
	}
	n := &v.cur
	switch {
	case p.value == rdfType && o.kind == kindIRI:
		n.types = append(n.types, v.short(o.value))
	case o.kind != kindLiteral:
		n.edges = append(n.edges, attr{v.short(p.value), nodeID(o)})
	default:
		text := v.literalText(o)
		switch p.value {
		case schemaName:
			if n.name == "" {
				n.name = text
			}
		case rdfsLabel:
			if n.label == "" {
				n.label = text
			}
		}
		n.attrs = append(n.attrs, attr{p.value, text})
	}
	return nil
}

func (v *visualWriter) fail(err error) error {
	v.err = err
	return err
}

func (v *visualWriter) flush() error {
	if !v.have {
		return nil
	}
	v.have = false
	if err := v.render(&v.cur); err != nil {
		return v.fail(err)
	}
	return nil
}

func (v *visualWriter) Close() error {
	if v.closed {
		return v.err
	}
	v.closed = true
	// The document is finished even after a bad statement (which was not
	// taken), so that what was written stays valid; not after a failed
	// write.
	var werr error
	if v.have {
		v.have = false
		werr = v.render(&v.cur)
	}
	if werr == nil {
		werr = v.finish()
	}
	if werr != nil && v.err == nil {
		v.err = werr
	}
	if err := v.bw.Flush(); err != nil && v.err == nil {
		v.err = err
	}
	return v.err
}

// display is the label of a node.
func (v *visualWriter) display(n *visualNode) string {
	switch {
	case n.name != "":
		return n.name
	case n.label != "":
		return n.label
	}
	return v.short(n.id)
}

// joined groups a node's literal attributes by predicate, joining several
// values of one predicate with " | ", in first-seen order.
func joined(attrs []attr) []attr {
	var out []attr
	index := map[string]int{}
	for _, a := range attrs {
		if i, ok := index[a.key]; ok {
			out[i].value += " | " + a.value
			continue
		}
		index[a.key] = len(out)
		out = append(out, a)
	}
	return out
}

// NewGraphMLWriter returns a Writer of GraphML (see the visual writers
// above). Each literal predicate becomes a node attribute key <key
// attr.name="schema:name"> and its values <data> of the node; nodes that
// are only objects are declared at the end. Keys must precede the graph:
// the writer declares opts.Predicates, and when that is nil holds the
// graph in memory until Close. It keeps the identifiers of the nodes seen,
// to declare the objects that are never subjects once.
func NewGraphMLWriter(w io.Writer, opts Options) Writer {
	g := &graphmlWriter{keys: map[string]string{}, declared: map[string]bool{}, targets: map[string]bool{}}
	v := newVisualWriter(w, opts)
	g.v = v
	v.render, v.finish = g.node, g.finish
	if opts.Predicates != nil {
		g.out = v.bw
		preds := append([]string(nil), opts.Predicates...)
		sort.Strings(preds)
		for _, p := range preds {
			g.key(p)
		}
		g.header(v.bw)
	} else {
		g.out = &g.body
	}
	return v
}

type graphmlWriter struct {
	v        *visualWriter
	out      io.Writer
	body     bytes.Buffer
	keys     map[string]string // predicate IRI -> key id
	order    []string
	declared map[string]bool // node ids written
	targets  map[string]bool // edge targets not yet declared
	nEdges   int
	b        []byte
}

func (g *graphmlWriter) key(pred string) string {
	if k, ok := g.keys[pred]; ok {
		return k
	}
	k := fmt.Sprintf("p%d", len(g.order))
	g.keys[pred] = k
	g.order = append(g.order, pred)
	return k
}

func (g *graphmlWriter) header(w io.Writer) error {
	b := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="iri" for="node" attr.name="iri" attr.type="string"/>
  <key id="type" for="node" attr.name="type" attr.type="string"/>
  <key id="predicate" for="edge" attr.name="label" attr.type="string"/>
`)
	for _, p := range g.order {
		b = append(b, `  <key id="`...)
		b = append(b, g.keys[p]...)
		b = append(b, `" for="node" attr.name="`...)
		b = appendXML(b, g.v.short(p))
		b = append(b, `" attr.type="string"/>`+"\n"...)
	}
	b = append(b, `  <graph id="trialgraph" edgedefault="directed">`+"\n"...)
	_, err := w.Write(b)
	return err
}

func (g *graphmlWriter) node(n *visualNode) error {
	b := g.b[:0]
	if g.declared[n.id] {
		// GraphML has one element per node: a subject that comes back
		// later cannot be written.
		return fmt.Errorf("%w: subject %s arrives twice (statements must be grouped by subject)", ErrInvalidOption, n.id)
	}
	g.declared[n.id] = true
	delete(g.targets, n.id)
	b, err := g.appendNode(b, n.id, g.v.display(n), n.types, joined(n.attrs))
	if err != nil {
		return err
	}
	for _, e := range n.edges {
		b = append(b, `    <edge id="e`...)
		b = fmt.Appendf(b, "%d", g.nEdges)
		g.nEdges++
		b = append(b, `" source="`...)
		b = appendXML(b, n.id)
		b = append(b, `" target="`...)
		b = appendXML(b, e.value)
		b = append(b, `"><data key="predicate">`...)
		b = appendXML(b, e.key)
		b = append(b, "</data></edge>\n"...)
		if !g.declared[e.value] {
			g.targets[e.value] = true
		}
	}
	g.b = b
	_, err = g.out.Write(b)
	return err
}

func (g *graphmlWriter) appendNode(b []byte, id, label string, types []string, attrs []attr) ([]byte, error) {
	b = append(b, `    <node id="`...)
	b = appendXML(b, id)
	b = append(b, `"><data key="iri">`...)
	b = appendXML(b, id)
	b = append(b, `</data><data key="label">`...)
	b = appendXML(b, label)
	b = append(b, "</data>"...)
	if len(types) > 0 {
		b = append(b, `<data key="type">`...)
		b = appendXML(b, strings.Join(types, " "))
		b = append(b, "</data>"...)
	}
	for _, a := range attrs {
		k, ok := g.keys[a.key]
		if !ok && g.out != &g.body {
			return b, fmt.Errorf("%w: predicate %s is not among the declared Predicates", ErrInvalidOption, a.key)
		}
		if !ok {
			k = g.key(a.key)
		}
		b = append(b, `<data key="`...)
		b = append(b, k...)
		b = append(b, `">`...)
		b = appendXML(b, a.value)
		b = append(b, "</data>"...)
	}
	return append(b, "</node>\n"...), nil
}

func (g *graphmlWriter) finish() error {
	var rest []string
	for t := range g.targets {
		rest = append(rest, t)
	}
	sort.Strings(rest)
	b := g.b[:0]
	for _, t := range rest {
		b, _ = g.appendNode(b, t, g.v.short(t), nil, nil)
	}
	b = append(b, "  </graph>\n</graphml>\n"...)
	if g.out == &g.body {
		g.body.Write(b)
		if err := g.header(g.v.bw); err != nil {
			return err
		}
		_, err := g.body.WriteTo(g.v.bw)
		return err
	}
	_, err := g.out.Write(b)
	return err
}

// appendXML appends s escaped for XML text and attribute values. Characters
// XML 1.0 does not allow (most C0 controls, U+FFFE, U+FFFF) become U+FFFD.
func appendXML(b []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '"':
			b = append(b, "&quot;"...)
		case r == '\n':
			b = append(b, "&#10;"...)
		case r == '\r':
			b = append(b, "&#13;"...)
		case r == '\t':
			b = append(b, "&#9;"...)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
			b = append(b, "\uFFFD"...)
		default:
			b = append(b, string(r)...)
		}
	}
	return b
}

// NewDOTWriter returns a Writer of Graphviz DOT (see the visual writers
// above): a digraph whose nodes are quoted IRIs with a label and their
// literal properties as attributes named by the predicates' short names,
// and whose edges carry the predicate as label. Nodes that are only
// objects are created by their edges, so the writer holds one subject.
func NewDOTWriter(w io.Writer, opts Options) Writer {
	v := newVisualWriter(w, opts)
	d := &dotWriter{v: v}
	v.render, v.finish = d.node, d.finish
	return v
}

type dotWriter struct {
	v       *visualWriter
	started bool
	b       []byte
}

func (d *dotWriter) start(b []byte) []byte {
	d.started = true
	return append(b, "digraph trialgraph {\n  node [shape=box];\n"...)
}

func (d *dotWriter) node(n *visualNode) error {
	b := d.b[:0]
	if !d.started {
		b = d.start(b)
	}
	b = append(b, "  "...)
	b = appendDOT(b, n.id)
	b = append(b, " [label="...)
	b = appendDOT(b, d.v.display(n))
	if len(n.types) > 0 {
		b = append(b, ", type="...)
		b = appendDOT(b, strings.Join(n.types, " "))
	}
	for _, a := range joined(n.attrs) {
		b = append(b, ", "...)
		b = appendDOT(b, d.v.short(a.key))
		b = append(b, '=')
		b = appendDOT(b, a.value)
	}
	b = append(b, "];\n"...)
	for _, e := range n.edges {
		b = append(b, "  "...)
		b = appendDOT(b, n.id)
		b = append(b, " -> "...)
		b = appendDOT(b, e.value)
		b = append(b, " [label="...)
		b = appendDOT(b, e.key)
		b = append(b, "];\n"...)
	}
	d.b = b
	_, err := d.v.bw.Write(b)
	return err
}

func (d *dotWriter) finish() error {
	var b []byte
	if !d.started {
		b = d.start(b)
	}
	b = append(b, "}\n"...)
	_, err := d.v.bw.Write(b)
	return err
}

// appendDOT appends s as a DOT double-quoted string. A backslash is
// doubled (Graphviz would read \n, \l, \N in it as escapes), a quote
// escaped and a line break written as \n; other control characters are
// dropped.
func appendDOT(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"':
			b = append(b, '\\', '"')
		case r == '\\':
			b = append(b, '\\', '\\')
		case r == '\n':
			b = append(b, '\\', 'n')
		case r < 0x20 || r == 0x7f:
		default:
			b = append(b, string(r)...)
		}
	}
	return append(b, '"')
}
