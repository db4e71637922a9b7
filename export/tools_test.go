package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/trialgraph/trialgraph/export/ntparse"
)

// The external parsers that check the writers' output. Missing tools skip
// the tests locally and fail them in CI (CI=true).
//
//	apt-get install -y serdi
//	npm ci --prefix export/testdata/node

// needTool skips or fails t when a tool is missing.
func needTool(t testing.TB, what, install string) {
	t.Helper()
	msg := fmt.Sprintf("%s not available (install: %s)", what, install)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

func needSerdi(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("serdi"); err != nil {
		needTool(t, "serdi", "apt-get install -y serdi")
	}
}

var nodeDir = filepath.Join("testdata", "node")

func needN3(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		needTool(t, "node", "apt-get install -y nodejs npm")
	}
	if _, err := os.Stat(filepath.Join(nodeDir, "node_modules", "n3", "package.json")); err != nil {
		needTool(t, "N3.js", "npm ci --prefix export/testdata/node")
	}
}

// serdi parses doc (syntax "turtle", "ntriples" or "nquads") with serdi
// in strict mode and returns the statements it read.
func serdi(syntax string, doc []byte) ([]quad.Quad, error) {
	cmd := exec.Command("serdi", "-i", syntax, "-o", "ntriples", "-")
	cmd.Stdin = bytes.NewReader(doc)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("serdi -i %s: %v: %s", syntax, err, strings.TrimSpace(errb.String()))
	}
	qs, err := ntparse.NewReader(&out).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("reading serdi's output: %v\n%s", err, out.String())
	}
	return qs, nil
}

// n3Result is what N3.js made of one document.
type n3Result struct {
	Quads []quad.Quad
	Err   error
}

// n3js parses every Turtle document with N3.js in one node process.
func n3js(t testing.TB, docs [][]byte) []n3Result {
	t.Helper()
	in := make([]string, len(docs))
	for i, d := range docs {
		in[i] = string(d)
	}
	js, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", "turtle2nt.js", "--batch")
	cmd.Dir = nodeDir
	cmd.Stdin = bytes.NewReader(js)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("node turtle2nt.js: %v: %s", err, errb.String())
	}
	var raw []struct{ NT, Error string }
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		t.Fatalf("reading N3.js results: %v", err)
	}
	if len(raw) != len(docs) {
		t.Fatalf("N3.js returned %d results for %d documents", len(raw), len(docs))
	}
	res := make([]n3Result, len(raw))
	for i, r := range raw {
		if r.Error != "" {
			res[i].Err = fmt.Errorf("N3.js: %s", r.Error)
			continue
		}
		res[i].Quads, res[i].Err = ntparse.NewReader(strings.NewReader(r.NT)).ReadAll()
		if res[i].Err != nil {
			res[i].Err = fmt.Errorf("reading N3.js output: %v\n%s", res[i].Err, r.NT)
		}
	}
	return res
}

// sortQuads sorts statements by subject, predicate and object, as the
// Turtle writer wants them.
func sortQuads(qs []quad.Quad) []quad.Quad {
	out := append([]quad.Quad(nil), qs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		for _, p := range [][2]quad.Value{{a.Subject, b.Subject}, {a.Predicate, b.Predicate}, {a.Object, b.Object}} {
			if x, y := quad.StringOf(p[0]), quad.StringOf(p[1]); x != y {
				return x < y
			}
		}
		return false
	})
	return out
}

// write writes qs with w and returns the error of the first failing call.
func write(w Writer, qs []quad.Quad) error {
	for _, q := range qs {
		if err := w.WriteQuad(q); err != nil {
			w.Close()
			return err
		}
	}
	return w.Close()
}

func turtle(qs []quad.Quad, opts Options) ([]byte, error) {
	var buf bytes.Buffer
	err := write(NewTurtleWriter(&buf, opts), qs)
	return buf.Bytes(), err
}

func ntriples(qs []quad.Quad) ([]byte, error) {
	var buf bytes.Buffer
	err := write(NewNTriplesWriter(&buf), qs)
	return buf.Bytes(), err
}

// rdfValues replaces the native quad values (quad.Int, quad.Time, ...) of
// qs by the RDF terms the writers write for them, so that graphs read back
// by parsers compare equal.
func rdfValues(t testing.TB, qs []quad.Quad) []quad.Quad {
	t.Helper()
	out := make([]quad.Quad, len(qs))
	for i, q := range qs {
		o, err := convert(q.Object)
		if err != nil {
			t.Fatalf("object of %v: %v", q, err)
		}
		out[i] = q
		switch {
		case o.kind != kindLiteral:
		case o.lang != "":
			out[i].Object = quad.LangString{Value: quad.String(o.value), Lang: o.lang}
		case o.datatype != "":
			out[i].Object = quad.TypedString{Value: quad.String(o.value), Type: quad.IRI(o.datatype)}
		default:
			out[i].Object = quad.String(o.value)
		}
	}
	return out
}
