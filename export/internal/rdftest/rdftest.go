// Package rdftest holds what the export tests share: the test lists of
// the W3C RDF test manifests (manifest.ttl) and a graph isomorphism check
// for comparing what a parser read back with what was written.
package rdftest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
)

// Test is one entry of a W3C manifest.
type Test struct {
	Name   string // mf:name
	Type   string // the local name of its rdf:type, such as "TestTurtleEval"
	Action string // path of mf:action, joined to the manifest's directory
	Result string // path of mf:result, "" when there is none
}

var (
	entryStart = regexp.MustCompile(`(?m)^<#[^>]*>`)
	typeRe     = regexp.MustCompile(`rdf:type\s+rdft:(\w+)`)
	nameRe     = regexp.MustCompile(`mf:name\s+"([^"]*)"`)
	actionRe   = regexp.MustCompile(`mf:action\s+<([^>]*)>`)
	resultRe   = regexp.MustCompile(`mf:result\s+<([^>]*)>`)
)

// ReadManifest lists the tests of dir/manifest.ttl in file order. It reads
// the regular layout of the W3C manifests (one "<#name> ... ." block per
// test) rather than full Turtle.
func ReadManifest(dir string) ([]Test, error) {
	path := filepath.Join(dir, "manifest.ttl")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text := string(data)
	starts := entryStart.FindAllStringIndex(text, -1)
	var tests []Test
	for i, s := range starts {
		end := len(text)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		block := text[s[0]:end]
		m := typeRe.FindStringSubmatch(block)
		if m == nil {
			continue // the manifest's own entry list, or not a test
		}
		t := Test{Type: m[1]}
		if m := nameRe.FindStringSubmatch(block); m != nil {
			t.Name = m[1]
		}
		if m := actionRe.FindStringSubmatch(block); m != nil {
			t.Action = filepath.Join(dir, m[1])
		}
		if m := resultRe.FindStringSubmatch(block); m != nil {
			t.Result = filepath.Join(dir, m[1])
		}
		if t.Name == "" || t.Action == "" {
			return nil, fmt.Errorf("%s: entry %q has no mf:name or mf:action", path, text[s[0]:s[1]])
		}
		tests = append(tests, t)
	}
	if len(tests) == 0 {
		return nil, fmt.Errorf("%s: no tests found", path)
	}
	return tests, nil
}

// Isomorphic returns nil when the graphs (labels ignored, duplicates
// collapsed) are equal up to a renaming of blank nodes, and otherwise an
// error describing a difference. Language tags compare case-insensitively,
// as RDF 1.1 says.
func Isomorphic(a, b []quad.Quad) error {
	ga, gb := newGraph(a), newGraph(b)
	if len(ga.triples) != len(gb.triples) {
		return fmt.Errorf("%d triples, want %d\n%s", len(ga.triples), len(gb.triples), diff(ga, gb))
	}
	if len(ga.bnodes) != len(gb.bnodes) {
		return fmt.Errorf("%d blank nodes, want %d\n%s", len(ga.bnodes), len(gb.bnodes), diff(ga, gb))
	}
	for t := range ga.triples {
		if !isBNode(t[0]) && !isBNode(t[2]) && !gb.triples[t] {
			return fmt.Errorf("triple %s not in the expected graph\n%s", strings.Join(t[:], " "), diff(ga, gb))
		}
	}
	ca, cb := ga.colours(), gb.colours()
	// Try bnodes with the rarest colours first.
	count := map[string]int{}
	for _, c := range cb {
		count[c]++
	}
	order := append([]string(nil), ga.bnodes...)
	sort.SliceStable(order, func(i, j int) bool { return count[ca[order[i]]] < count[ca[order[j]]] })
	m := matcher{a: ga, b: gb, ca: ca, cb: cb, order: order, to: map[string]string{}, used: map[string]bool{}}
	if m.match(0) {
		return nil
	}
	return fmt.Errorf("no blank node mapping makes the graphs equal\n%s", diff(ga, gb))
}

// triple is a statement with every term as a string key; blank nodes are
// kept apart so that they can be renamed.
type triple [3]string

type graph struct {
	triples map[triple]bool
	bnodes  []string
	byNode  map[string][]triple
}

const bnodePrefix = "_:"

func key(v quad.Value) string {
	switch v := v.(type) {
	case quad.BNode:
		return bnodePrefix + string(v)
	case quad.LangString:
		return quad.LangString{Value: v.Value, Lang: strings.ToLower(v.Lang)}.String()
	case quad.TypedString:
		if v.Type == "http://www.w3.org/2001/XMLSchema#string" {
			return v.Value.String()
		}
	case nil:
		return "(nil)"
	}
	return v.String()
}

func isBNode(k string) bool { return strings.HasPrefix(k, bnodePrefix) }

func newGraph(qs []quad.Quad) *graph {
	g := &graph{triples: map[triple]bool{}, byNode: map[string][]triple{}}
	for _, q := range qs {
		t := triple{key(q.Subject), key(q.Predicate), key(q.Object)}
		if g.triples[t] {
			continue
		}
		g.triples[t] = true
		for _, k := range t {
			if isBNode(k) {
				if _, seen := g.byNode[k]; !seen {
					g.bnodes = append(g.bnodes, k)
				}
				g.byNode[k] = append(g.byNode[k], t)
			}
		}
	}
	sort.Strings(g.bnodes)
	return g
}

// colours refines a colouring of the blank nodes by their neighbourhoods
// (as in Weisfeiler-Lehman) so that the matcher only pairs nodes that can
// correspond.
func (g *graph) colours() map[string]string {
	col := map[string]string{}
	for _, n := range g.bnodes {
		col[n] = ""
	}
	for round := 0; round < 4; round++ {
		next := map[string]string{}
		for _, n := range g.bnodes {
			var parts []string
			for _, t := range g.byNode[n] {
				var p [3]string
				for i, k := range t {
					switch {
					case k == n:
						p[i] = "*"
					case isBNode(k):
						p[i] = "_" + col[k]
					default:
						p[i] = k
					}
				}
				parts = append(parts, strings.Join(p[:], " "))
			}
			sort.Strings(parts)
			// Colliding hashes only merge colours; the matcher still
			// checks every pairing.
			next[n] = fmt.Sprintf("%d:%x", len(parts), hash(strings.Join(parts, "\n")))
		}
		col = next
	}
	return col
}

func hash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

type matcher struct {
	a, b   *graph
	ca, cb map[string]string
	order  []string
	to     map[string]string
	used   map[string]bool
}

func (m *matcher) match(i int) bool {
	if i == len(m.order) {
		return true
	}
	n := m.order[i]
	for _, cand := range m.b.bnodes {
		if m.used[cand] || m.ca[n] != m.cb[cand] {
			continue
		}
		m.to[n], m.used[cand] = cand, true
		if m.consistent(n) && m.match(i+1) {
			return true
		}
		delete(m.to, n)
		delete(m.used, cand)
	}
	return false
}

// consistent checks the triples of n whose blank nodes are all mapped.
func (m *matcher) consistent(n string) bool {
next:
	for _, t := range m.a.byNode[n] {
		var u triple
		for i, k := range t {
			if isBNode(k) {
				to, ok := m.to[k]
				if !ok {
					continue next
				}
				k = to
			}
			u[i] = k
		}
		if !m.b.triples[u] {
			return false
		}
	}
	return true
}

// diff lists the ground triples only one graph has, and the triples with
// blank nodes of both, for failure messages.
func diff(a, b *graph) string {
	var sb strings.Builder
	list := func(title string, g *graph, other *graph) {
		var lines []string
		for t := range g.triples {
			ground := !isBNode(t[0]) && !isBNode(t[2])
			if ground && other.triples[t] {
				continue
			}
			lines = append(lines, strings.Join(t[:], " ")+" .")
		}
		sort.Strings(lines)
		if len(lines) > 0 {
			fmt.Fprintf(&sb, "%s:\n\t%s\n", title, strings.Join(lines, "\n\t"))
		}
	}
	list("got (not matched by ground triples)", a, b)
	list("want (not matched by ground triples)", b, a)
	return sb.String()
}
