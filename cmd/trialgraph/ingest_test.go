package main

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/graph/storetest"
	"github.com/trialgraph/trialgraph/ingest"
)

// writeZip writes an archive of the named entries (in the given order)
// and returns its path.
func writeZip(t testing.TB, dir, name string, entries [][2]string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range entries {
		w, err := zw.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

// corpusEntries returns the corpus's single-study JSON records (the small
// ones, NCT*.json) as zip entries, in name order.
func corpusEntries(t testing.TB) [][2]string {
	t.Helper()
	files, _ := filepath.Glob("../../testdata/corpus/ctgov-v2/NCT*.json")
	sort.Strings(files)
	var out [][2]string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, [2]string{filepath.Base(f), string(b)})
	}
	if len(out) == 0 {
		t.Fatal("no corpus records")
	}
	return out
}

func exportNQ(t *testing.T, db string) string {
	t.Helper()
	return mustTG(t, "export", "--db", db, "--format", "nquads")
}

// An archive stores the same graph as its entries ingested as files, with
// any number of parsing workers.
func TestIngestZipMatchesFiles(t *testing.T) {
	dir := t.TempDir()
	entries := corpusEntries(t)
	archive := writeZip(t, dir, "ctg-studies.json.zip", entries)
	plain := filepath.Join(dir, "plain")
	os.Mkdir(plain, 0o755)
	for _, e := range entries {
		os.WriteFile(filepath.Join(plain, e[0]), []byte(e[1]), 0o644)
	}
	mustTG(t, "ingest", "-q", "--db", filepath.Join(dir, "files"), plain)
	want := exportNQ(t, filepath.Join(dir, "files"))
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			db := filepath.Join(dir, fmt.Sprintf("zip%d", workers))
			code, _, errs := tg(t, "", "ingest", "--db", db, "--workers", fmt.Sprint(workers), "--batch", "3", archive)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if !strings.Contains(errs, fmt.Sprintf("ingested %d trials from %d files", len(entries), len(entries))) {
				t.Errorf("summary: %s", errs)
			}
			// the source records name the entry inside its archive
			got := strings.ReplaceAll(exportNQ(t, db), `"ctg-studies.json.zip!`, `"`)
			if got != want {
				t.Errorf("zip ingest differs from file ingest (%d vs %d bytes)", len(got), len(want))
			}
		})
	}
}

// A zip is recognised by its content whatever its name.
func TestIngestZipByMagic(t *testing.T) {
	dir := t.TempDir()
	archive := writeZip(t, dir, "download.bin", corpusEntries(t)[:2])
	db := filepath.Join(dir, "db")
	code, _, errs := tg(t, "", "ingest", "--db", db, archive)
	if code != 0 || !strings.Contains(errs, "ingested 2 trials from 2 files") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

// Errors inside an archive name the archive and the entry; bad entries are
// skipped, unknown ones noted, and --strict stops at the first bad one.
func TestIngestZipErrors(t *testing.T) {
	dir := t.TempDir()
	good := corpusEntries(t)
	bad := `{"protocolSection":{"identificationModule":{"briefTitle":"no id"}}}`
	archive := writeZip(t, dir, "a.zip", [][2]string{
		good[0],
		{"NCT99999999.json", "{\n\"protocolSection\": {\n\"identificationModule\": {\"nctId\": \"NCT99999999\",\n"}, // truncated
		{"README.txt", "not a trial record\n"},
		{"bad.json", bad},
		good[1],
	})
	db := filepath.Join(dir, "db")
	code, _, errs := tg(t, "", "ingest", "--db", db, archive)
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	for _, want := range []string{
		archive + "!NCT99999999.json:",
		archive + "!README.txt: skipped",
		archive + "!bad.json:",
		"ingested 2 trials from 4 files",
		"; 1 files skipped; 2 errors",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if i, j := strings.Index(errs, "NCT99999999.json:"), strings.Index(errs, "bad.json:"); i < 0 || j < i {
		t.Errorf("errors out of archive order:\n%s", errs)
	}

	strict := filepath.Join(dir, "strict")
	code, _, errs = tg(t, "", "ingest", "--strict", "--db", strict, archive)
	if code != exitFailed || strings.Contains(errs, "bad.json") || strings.Contains(errs, "ingested") {
		t.Errorf("strict: exit %d:\n%s", code, errs)
	}
	// the record before the bad one is stored, none after it
	out := mustTG(t, "export", "--db", strict, "--format", "nquads")
	id0 := strings.TrimSuffix(good[0][0], ".json")
	id1 := strings.TrimSuffix(good[1][0], ".json")
	if !strings.Contains(out, "graph/"+id0+">") || strings.Contains(out, "graph/"+id1+">") {
		t.Errorf("strict ingest stored the wrong trials")
	}
}

// A corrupt archive is an error naming it, with exit status 1.
func TestIngestZipCorrupt(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "broken.zip")
	os.WriteFile(p, []byte("PK\x03\x04 this is not really a zip"), 0o644)
	code, _, errs := tg(t, "", "ingest", "--db", filepath.Join(dir, "db"), p)
	if code != exitFailed || !strings.Contains(errs, p+":") {
		t.Errorf("exit %d: %s", code, errs)
	}
}

// BenchmarkIngestZip measures trialgraph ingest of an archive: the corpus
// repeated, or the archive named by TRIALGRAPH_BENCH_ZIP (such as one from
// go run ./bench/synth).
func BenchmarkIngestZip(b *testing.B) {
	archive := os.Getenv("TRIALGRAPH_BENCH_ZIP")
	if archive == "" {
		var entries [][2]string
		for i, e := range corpusEntries(b) {
			entries = append(entries, e)
			// more copies under other ids
			for k := 1; k < 8; k++ {
				id := strings.TrimSuffix(e[0], ".json")
				nid := fmt.Sprintf("NCT9%d%06d", k, i)
				entries = append(entries, [2]string{nid + ".json", strings.ReplaceAll(e[1], id, nid)})
			}
		}
		archive = writeZip(b, b.TempDir(), "bench.zip", entries)
	}
	for i := 0; i < b.N; i++ {
		db := filepath.Join(b.TempDir(), "db")
		code, _, errs := tg(b, "", "ingest", "--db", db, "--workers", fmt.Sprint(runtime.GOMAXPROCS(0)), archive)
		if code != 0 {
			b.Fatalf("exit %d: %s", code, errs)
		}
	}
}

// Every command runs on PostgreSQL: ingest (from a zip), the named
// queries, export (byte-identical to the bolt store's) and the single-writer
// refusal with its exit code.
func TestPostgresCLI(t *testing.T) {
	pg := storetest.NewPostgres(t)
	dir := t.TempDir()
	bolt := filepath.Join(dir, "bolt")
	mustTG(t, "ingest", "-q", "--db", bolt, "../../testdata/seeds")
	code, _, errs := tg(t, "", "ingest", "--db", pg, "../../testdata/seeds")
	if code != 0 || !strings.Contains(errs, "ingested 5 trials") {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	for _, args := range [][]string{
		{"export", "--format", "turtle"},
		{"sites", "--cell-source", "umbilical-cord", "--format", "csv"},
		{"trials", "--format", "csv"},
	} {
		want := mustTG(t, append(args, "--db", bolt)...)
		got := mustTG(t, append(args, "--db", pg)...)
		if got != want {
			t.Errorf("%s differs on PostgreSQL:\n%s\nwant\n%s", strings.Join(args, " "), got, want)
		}
	}
	if !strings.Contains(mustTG(t, "sites", "--db", pg, "--cell-source", "umbilical-cord", "--format", "csv"), "Wuhan Huoshenshan Hospital") {
		t.Errorf("umbilical-cord sites lack Huoshenshan")
	}
	// a second writer is refused at once
	pr, pw, _ := os.Pipe()
	defer pw.Close()
	done := make(chan int)
	go func() {
		var out, errb strings.Builder
		done <- run(context.Background(), []string{"ingest", "-q", "--db", pg, "-"}, pr, &out, &errb)
	}()
	time.Sleep(500 * time.Millisecond)
	code, _, errs = tg(t, "", "ingest", "--db", pg, "../../testdata/seeds/003_a224f28b0d59d797.txt")
	if code != exitInUse || !strings.Contains(errs, "store in use") {
		t.Errorf("second writer: exit %d, %q", code, errs)
	}
	if strings.Contains(errs, ":trialgraph@") {
		t.Errorf("message shows the password: %q", errs)
	}
	pw.Close()
	if c := <-done; c != exitFailed && c != 0 {
		t.Errorf("first writer: exit %d", c)
	}
}

// openBytes picks the same reader as ingest.Open and fails the same way.
func TestOpenBytesMatchesOpen(t *testing.T) {
	seeds, _ := filepath.Glob("../../testdata/seeds/*")
	cases := map[string][]byte{"empty": nil, "blank": []byte(" \n\t\n"), "unknown": []byte("hello\nworld\n")}
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		cases[filepath.Base(s)] = b
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			want, werr := ingest.Open(strings.NewReader(string(b)), name, "")
			got, gerr := openBytes(b, name, "")
			if fmt.Sprint(werr) != fmt.Sprint(gerr) {
				t.Fatalf("error %v, want %v", gerr, werr)
			}
			if werr != nil {
				return
			}
			ws, werr := want.Read()
			gs, gerr := got.Read()
			if fmt.Sprint(werr) != fmt.Sprint(gerr) || ws.NCTID != gs.NCTID || ws.Source.Format != gs.Source.Format {
				t.Errorf("first record %v %v, want %v %v", gs, gerr, ws, werr)
			}
		})
	}
}

func TestBatchFull(t *testing.T) {
	for _, tc := range []struct {
		name               string
		batchSize, trials  int
		batchQuads, stored int
		want               bool
	}{
		{"fixed, not yet", 3, 2, 1_000_000, 0, false},
		{"fixed, full", 3, 3, 10, 0, true},
		{"new store, small batch", 0, 50, 19_999, 0, false},
		{"new store, at the floor", 0, 90, 20_000, 0, true},
		{"grown store, quarter not reached", 0, 180, 39_999, 160_000, false},
		{"grown store, quarter reached", 0, 180, 40_000, 160_000, true},
		{"large store, at the ceiling", 0, 225, 50_000, 11_999_999, true},
		{"large store, below the ceiling", 0, 220, 49_999, 11_999_999, false},
		{"huge store, at the floor again", 0, 90, 20_000, 12_000_000, true},
		{"huge store, below the floor", 0, 89, 19_999, 50_000_000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &ingestRun{opts: &IngestOptions{BatchSize: tc.batchSize}, batch: make([]graph.TrialGraph, tc.trials),
				batchQuads: tc.batchQuads, storedQuads: tc.stored}
			if got := r.batchFull(); got != tc.want {
				t.Errorf("batchFull = %v, want %v", got, tc.want)
			}
		})
	}
}

// An ingest into a store that holds quads starts its adaptive batch from
// the store's size, not from nothing.
func TestIngestRunStartsFromStoreSize(t *testing.T) {
	ctx := context.Background()
	for _, seeded := range []bool{false, true} {
		db := t.TempDir()
		if seeded {
			db = seedDB(t)
		}
		r, err := newIngestRun(ctx, &IngestOptions{IO: IO{Err: io.Discard}, DB: db})
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		if seeded {
			n, err = r.store.Size(ctx)
		}
		r.store.Close()
		if err != nil {
			t.Fatal(err)
		}
		if r.storedQuads != int(n) || seeded && n == 0 {
			t.Errorf("seeded %v: the run starts from %d stored quads, the store holds %d", seeded, r.storedQuads, n)
		}
	}
}

// An ingest into a new store, bulk loaded, stores what Cayley's writes
// store: the same exports, statistics and query answers, and (for an
// archive of distinct trials) the same counts in the summary. A trial met again (the corpus and the legacy XML
// describe some of the same trials) ends the bulk load and is merged
// through Cayley; running the ingest again finds every trial stored.
func TestBulkIngestMatchesCayleyWrites(t *testing.T) {
	dir := t.TempDir()
	archive := writeZip(t, dir, "ctg-studies.json.zip", corpusEntries(t))
	cases := map[string][]string{
		"archive":    {archive},
		"duplicates": {"../../testdata/seeds", "../../testdata/corpus/ctgov-v2", "../../testdata/xml", archive},
	}
	summary := regexp.MustCompile(`ingested .*`)
	for name, inputs := range cases {
		t.Run(name, func(t *testing.T) {
			var outs [2][]string
			for i, bulk := range []string{"--bulk=true", "--bulk=false"} {
				db := filepath.Join(dir, name+bulk)
				code, _, errs := tg(t, "", append([]string{"ingest", bulk, "--db", db}, inputs...)...)
				if code != 0 {
					t.Fatalf("%s: exit %d: %s", bulk, code, errs)
				}
				if _, err := os.Stat(filepath.Join(db, graph.BulkFile)); !os.IsNotExist(err) {
					t.Errorf("%s left behind: %v", graph.BulkFile, err)
				}
				outs[i] = []string{
					regexp.MustCompile(`in [0-9.]+s`).ReplaceAllString(summary.FindString(errs), ""),
					exportNQ(t, db),
					mustTG(t, "export", "--db", db, "--format", "turtle"),
					mustTG(t, "stats", "--db", db),
					mustTG(t, "sites", "--db", db, "--cell-source", "umbilical-cord"),
				}
				_, _, errs = tg(t, "", append([]string{"ingest", "--db", db}, inputs...)...)
				if !strings.Contains(errs, " 0 quads added, 0 removed") {
					t.Errorf("%s: second ingest: %s", bulk, errs)
				}
			}
			if !strings.Contains(outs[0][1], "NCT") {
				t.Fatalf("nothing stored: %q", outs[0][0])
			}
			for j, what := range []string{"summary", "N-Quads", "Turtle", "stats", "sites"} {
				// The counts of a trial met in several batches depend on
				// the batches (see --batch); the store does not.
				if what == "summary" && name == "duplicates" {
					continue
				}
				if outs[0][j] != outs[1][j] {
					t.Errorf("%s differs:\n%s", what, lineDiff(outs[1][j], outs[0][j]))
				}
			}
		})
	}
}
