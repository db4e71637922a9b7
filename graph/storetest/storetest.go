// Package storetest is the conformance suite every trialgraph store backend
// passes (bolt and PostgreSQL): the same trials ingested give the same
// named-query answers and a byte-identical Turtle export, replacing a trial
// leaves exactly its new quads (and every index finds them), an older
// description never replaces a newer one, and a second writer is refused at
// once with graph.ErrStoreInUse.
//
// A backend's test calls Run with a function returning the --db argument of
// a new, empty store:
//
//	func TestBolt(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) string { return filepath.Join(t.TempDir(), "db") })
//	}
//
// The expected answers come from the data, not from another backend: the
// Turtle export must equal the Turtle written straight from the graph
// builder's quads, and the named queries must give the same rows as on a
// bolt store built from the same records (and, for the seeds, the sites the
// design names).
package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/export"
	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ingest"
	_ "github.com/trialgraph/trialgraph/ingest/ctgovjson" // CT.gov JSON readers
	_ "github.com/trialgraph/trialgraph/ingest/ctgovpage" // registry page text
	_ "github.com/trialgraph/trialgraph/ingest/medpath"   // MedPath pages
	"github.com/trialgraph/trialgraph/ontology"
)

// NewStore returns the --db argument (a directory or a URL) of a new, empty
// store that the test may write; it cleans up after itself.
type NewStore func(t *testing.T) string

// Run runs the suite against the backend.
func Run(t *testing.T, newStore NewStore) {
	t.Run("IngestQueryExport", func(t *testing.T) { testIngestQueryExport(t, newStore) })
	t.Run("ReplaceTrial", func(t *testing.T) { testReplaceTrial(t, newStore) })
	t.Run("KeepsNewerDescription", func(t *testing.T) { testKeepsNewer(t, newStore) })
	t.Run("StoreInUse", func(t *testing.T) { testStoreInUse(t, newStore) })
	t.Run("NoStore", func(t *testing.T) { testNoStore(t, newStore) })
}

// Root is the repository root, found from the working directory of the
// test (any package below it).
func Root(t testing.TB) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("storetest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Inputs are the records the suite ingests: the seeds and a few corpus
// records, relative to the repository root.
var Inputs = []string{
	"testdata/seeds",
	"testdata/corpus/ctgov-v2/NCT00973089.json",
	"testdata/corpus/ctgov-v2/NCT03475563.json",
}

// Graphs reads the suite's inputs into trial graphs, in input order.
func Graphs(t testing.TB) []graph.TrialGraph {
	t.Helper()
	root := Root(t)
	b := graph.NewBuilder("")
	var out []graph.TrialGraph
	for _, in := range Inputs {
		files := []string{filepath.Join(root, in)}
		if info, err := os.Stat(files[0]); err == nil && info.IsDir() {
			files, _ = filepath.Glob(filepath.Join(files[0], "*"))
			sort.Strings(files)
		}
		for _, f := range files {
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			r, err := ingest.Open(fh, filepath.Base(f), "")
			if err != nil {
				t.Fatal(err)
			}
			for {
				s, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, graph.TrialGraph{NCTID: s.NCTID, Label: b.GraphIRI(s.NCTID), Quads: b.Study(s), Rank: graph.Rank(s)})
			}
			fh.Close()
		}
	}
	return out
}

func open(t *testing.T, db string, ro bool) *graph.Store {
	t.Helper()
	st, err := graph.Open(context.Background(), db, graph.Options{ReadOnly: ro})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// Turtle writes quads as Turtle, labels dropped, the way trialgraph export
// does.
func Turtle(t testing.TB, quads []quad.Quad) []byte {
	t.Helper()
	f, err := export.Lookup("turtle")
	if err != nil {
		t.Fatal(err)
	}
	var prefixes []export.Prefix
	for _, p := range ontology.Prefixes(graph.DefaultBase) {
		prefixes = append(prefixes, export.Prefix{Name: p.Name, IRI: p.IRI})
	}
	var buf bytes.Buffer
	w := f.New(&buf, export.Options{Prefixes: prefixes, Base: graph.DefaultBase})
	var triples []quad.Quad
	for _, q := range quads {
		q.Label = nil
		triples = append(triples, q)
	}
	for _, q := range graph.SortQuads(triples) {
		if err := w.WriteQuad(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// answers runs every named query with parameters that have answers over
// the suite's inputs and returns their rows as JSON.
func answers(t *testing.T, st *graph.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	params := []struct {
		name string
		p    graph.NamedParams
	}{
		{"sites", graph.NamedParams{CellSource: "umbilical-cord"}},
		{"sites", graph.NamedParams{CellSource: "umbilical-cord", Country: "CN"}},
		{"trials", graph.NamedParams{}},
		{"trials", graph.NamedParams{CellSource: "umbilical-cord", Phase: "2"}},
		{"sponsors", graph.NamedParams{CellSource: "umbilical-cord"}},
		{"outcomes", graph.NamedParams{Match: "PaO2"}},
		{"cell-sources", graph.NamedParams{}},
		{"investigators", graph.NamedParams{Site: "huoshenshan"}},
	}
	out := map[string]string{}
	for _, c := range params {
		nq, err := graph.LookupNamed(c.name)
		if err != nil {
			t.Fatal(err)
		}
		a, err := nq.Run(ctx, st, c.p)
		if err != nil {
			t.Fatalf("%s %+v: %v", c.name, c.p, err)
		}
		b, _ := json.Marshal(a.Rows)
		out[answerKey(c.name, c.p)] = string(b)
	}
	return out
}

func answerKey(name string, p graph.NamedParams) string { return fmt.Sprintf("%s %+v", name, p) }

func testIngestQueryExport(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	graphs := Graphs(t)
	st := open(t, newStore(t), false)
	defer st.Close()
	var all []quad.Quad
	for i := 0; i < len(graphs); i += 3 {
		batch := graphs[i:min(i+3, len(graphs))]
		if _, err := st.ReplaceTrials(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	for _, g := range graphs {
		all = append(all, g.Quads...)
	}
	got, err := st.Quads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := graph.SortQuads(append([]quad.Quad(nil), all...)); len(got) != len(want) {
		t.Errorf("store holds %d quads, want %d", len(got), len(want))
	}
	if got, want := Turtle(t, got), Turtle(t, all); !bytes.Equal(got, want) {
		t.Errorf("Turtle export differs from the builder's quads (%d vs %d bytes)", len(got), len(want))
	}

	// the named queries answer as on a bolt store of the same trials
	ref := open(t, filepath.Join(t.TempDir(), "ref"), false)
	defer ref.Close()
	if _, err := ref.ReplaceTrials(ctx, graphs); err != nil {
		t.Fatal(err)
	}
	want := answers(t, ref)
	gotA := answers(t, st)
	if len(want) != 8 {
		t.Errorf("%d answers, want 8", len(want))
	}
	for k, w := range want {
		if w == "null" || w == "[]" {
			t.Errorf("%s: no rows on the reference store", k)
		}
		if gotA[k] != w {
			t.Errorf("%s:\n got %s\nwant %s", k, gotA[k], w)
		}
	}
	// and the design's answer: the sites of umbilical-cord trials
	var sites []graph.SiteRow
	json.Unmarshal([]byte(gotA[answerKey("sites", graph.NamedParams{CellSource: "umbilical-cord"})]), &sites)
	names := map[string]bool{}
	for _, s := range sites {
		names[s.Name] = true
	}
	for _, n := range []string{"Wuhan Huoshenshan Hospital", "General Hospital of Central Theater Command", "Maternal and Child Hospital of Hubei Province"} {
		if !names[n] {
			t.Errorf("umbilical-cord sites lack %q: %v", n, names)
		}
	}
}

func q(s, p, o, g string) quad.Quad {
	return quad.Quad{Subject: quad.IRI(s), Predicate: quad.IRI(p), Object: quad.String(o), Label: quad.IRI(g)}
}

func testReplaceTrial(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	st := open(t, newStore(t), false)
	defer st.Close()
	var first []quad.Quad
	for _, o := range []string{"1", "2", "3", "4", "5"} {
		first = append(first, q("a", "p", o, "g1"))
	}
	first = append(first, q("b", "p", "shared", "g1"))
	if _, err := st.ReplaceTrials(ctx, []graph.TrialGraph{{NCTID: "1", Label: quad.IRI("g1"), Quads: first, Rank: "1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReplaceTrials(ctx, []graph.TrialGraph{{NCTID: "2", Label: quad.IRI("g2"), Quads: []quad.Quad{q("b", "p", "shared", "g2")}, Rank: "1"}}); err != nil {
		t.Fatal(err)
	}
	// several deletions and additions in one replacement
	second := []quad.Quad{q("a", "p", "1", "g1"), q("a", "p", "6", "g1"), q("c", "p", "7", "g1"), q("c", "p", "7", "g1")}
	rs, err := st.ReplaceTrials(ctx, []graph.TrialGraph{{NCTID: "1", Label: quad.IRI("g1"), Quads: second, Rank: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	if rs.Added != 2 || rs.Removed != 5 || rs.Unchanged != 2 || rs.Trials != 1 {
		t.Errorf("stats = %+v, want 2 added, 5 removed, 2 unchanged", rs)
	}
	got, err := st.GraphQuads(ctx, quad.IRI("g1"))
	if err != nil {
		t.Fatal(err)
	}
	want := graph.SortQuads([]quad.Quad{q("a", "p", "1", "g1"), q("a", "p", "6", "g1"), q("c", "p", "7", "g1")})
	if len(got) != len(want) {
		t.Fatalf("g1 = %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("g1[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if o, _ := st.GraphQuads(ctx, quad.IRI("g2")); len(o) != 1 {
		t.Errorf("the other trial's copy of a shared triple is gone: %v", o)
	}
	// every index finds the new quads (Cayley's kv store once lost them)
	for _, c := range []struct {
		dir quad.Direction
		v   quad.Value
		n   int
	}{
		{quad.Subject, quad.IRI("a"), 2},
		{quad.Subject, quad.IRI("c"), 1},
		{quad.Object, quad.String("6"), 1},
		{quad.Object, quad.String("7"), 1},
		{quad.Object, quad.String("3"), 0},
		{quad.Predicate, quad.IRI("p"), 4},
	} {
		if n := count(ctx, t, st.QS, c.dir, c.v); n != c.n {
			t.Errorf("%s %v: %d quads, want %d", c.dir, c.v, n, c.n)
		}
	}
	if n, _ := st.Size(ctx); n != 4 {
		t.Errorf("size = %d, want 4", n)
	}
	// replacing with the same quads changes nothing
	rs, err = st.ReplaceTrials(ctx, []graph.TrialGraph{{NCTID: "1", Label: quad.IRI("g1"), Quads: second, Rank: "1"}})
	if err != nil || rs.Added+rs.Removed != 0 {
		t.Errorf("same quads again: %+v, %v", rs, err)
	}
}

func count(ctx context.Context, t *testing.T, qs cgraph.QuadStore, d quad.Direction, v quad.Value) int {
	ref := qs.ValueOf(v)
	if ref == nil {
		return 0
	}
	it := qs.QuadIterator(d, ref)
	defer it.Close()
	n := 0
	for it.Next(ctx) {
		n++
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

func testKeepsNewer(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	graphs := Graphs(t)
	g := graphs[len(graphs)-1]
	older := g
	older.Rank = "0000-00-00|" + g.Rank
	older.Quads = append([]quad.Quad(nil), g.Quads[:len(g.Quads)/2]...)
	st := open(t, newStore(t), false)
	defer st.Close()
	if _, err := st.ReplaceTrials(ctx, []graph.TrialGraph{g}); err != nil {
		t.Fatal(err)
	}
	rs, err := st.ReplaceTrials(ctx, []graph.TrialGraph{older})
	if err != nil || rs.Kept != 1 {
		t.Errorf("older description: %+v, %v", rs, err)
	}
	got, _ := st.GraphQuads(ctx, g.Label)
	if want := graph.SortQuads(append([]quad.Quad(nil), g.Quads...)); len(got) != len(want) {
		t.Errorf("older description replaced the newer: %d quads, want %d", len(got), len(want))
	}
}

func testStoreInUse(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	db := newStore(t)
	w := open(t, db, false)
	start := time.Now()
	for _, ro := range []bool{false, true} {
		_, err := graph.Open(ctx, db, graph.Options{ReadOnly: ro, LockTimeout: 100 * time.Millisecond})
		if !errors.Is(err, graph.ErrStoreInUse) {
			t.Errorf("open (read-only %v) beside a writer: %v, want ErrStoreInUse", ro, err)
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refusals took %s", d)
	}
	w.Close()
	r1 := open(t, db, true)
	r2 := open(t, db, true)
	if _, err := graph.Open(ctx, db, graph.Options{LockTimeout: 100 * time.Millisecond}); !errors.Is(err, graph.ErrStoreInUse) {
		t.Errorf("writer beside readers: %v, want ErrStoreInUse", err)
	}
	r1.Close()
	r2.Close()
	w = open(t, db, false)
	w.Close()
}

func testNoStore(t *testing.T, newStore NewStore) {
	_, err := graph.Open(context.Background(), newStore(t), graph.Options{ReadOnly: true})
	if !errors.Is(err, graph.ErrNoStore) {
		t.Errorf("read-only open of an empty store: %v, want ErrNoStore", err)
	}
}

// PostgresEnv names the database the PostgreSQL tests use; .ci/run sets it.
const PostgresEnv = "TRIALGRAPH_TEST_POSTGRES"

// PostgresURL returns the test database's URL, skipping the test when it
// is not configured, except under CI=true, where that fails.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresEnv)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set under CI=true (.ci/run starts PostgreSQL and sets it)", PostgresEnv)
		}
		t.Skipf("%s is not set; skipping the PostgreSQL backend (CI runs it)", PostgresEnv)
	}
	return u
}

// NewPostgres returns the URL of a new, empty PostgreSQL store in the test
// database (see PostgresURL); it makes a schema of its own for each store, so stores
// start empty and tests do not share tables or locks.
func NewPostgres(t *testing.T) string {
	t.Helper()
	base := PostgresURL(t)
	db, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "tgtest_" + hex.EncodeToString(b)
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
