package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// tg runs the command in-process and returns its exit code and output.
func tg(t testing.TB, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func mustTG(t testing.TB, args ...string) string {
	t.Helper()
	code, out, errs := tg(t, "", args...)
	if code != 0 {
		t.Fatalf("trialgraph %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out
}

const umbilicalSites = `g.V("<https://w3id.org/trialgraph/id/cell-source/umbilical-cord>").In("<https://w3id.org/trialgraph/vocab#cellSource>").Out("<https://w3id.org/trialgraph/vocab#site>").Out("<http://schema.org/name>").All()`

func queryStrings(t *testing.T, db, q string) []string {
	t.Helper()
	out := mustTG(t, "query", "--db", db, q)
	var res []map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("query output is not a JSON array of objects: %v\n%s", err, out)
	}
	var names []string
	for _, r := range res {
		names = append(names, r["id"].(string))
	}
	sort.Strings(names)
	return names
}

func TestUmbilicalCordSites(t *testing.T) {
	tests := []struct {
		name   string
		inputs []string
		want   []string
	}{
		{"seed 003", []string{"../../testdata/seeds/003_a224f28b0d59d797.txt"}, []string{
			"General Hospital of Central Theater Command",
			"Maternal and Child Hospital of Hubei Province",
			"Wuhan Huoshenshan Hospital",
		}},
		{"all seeds", []string{"../../testdata/seeds"}, []string{
			"General Hospital of Central Theater Command",
			"Maternal and Child Hospital of Hubei Province",
			"Puren Hospital Affiliated to Wuhan University of Science and Technology",
			"The First Hospital of Hebei Medical University",
			"Wuhan Huoshenshan Hospital",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "db")
			mustTG(t, append([]string{"ingest", "-q", "--db", db}, tc.inputs...)...)
			got := queryStrings(t, db, umbilicalSites)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("umbilical-cord sites:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestCorpusIngestsWithoutErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	code, _, errs := tg(t, "", "ingest", "--db", db, "../../testdata/corpus/ctgov-v2", "../../testdata/xml")
	if code != 0 || strings.Contains(errs, ": ") && strings.Contains(errs, "error") && !strings.Contains(errs, "; 0 errors") {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	if !strings.Contains(errs, "; 0 errors") {
		t.Errorf("summary does not say 0 errors:\n%s", errs)
	}
}

// TestGoldenSeeds compares, for each seed record, the parsed study (the
// JSON of trialgraph parse) and the Turtle export of a store holding only
// that seed with the golden files in testdata/golden; go test -update
// rewrites them.
func TestGoldenSeeds(t *testing.T) {
	seeds, _ := filepath.Glob("../../testdata/seeds/*.txt")
	if len(seeds) != 5 {
		t.Fatalf("found %d seeds, want 5", len(seeds))
	}
	for _, seed := range seeds {
		name := strings.TrimSuffix(filepath.Base(seed), ".txt")
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "db")
			mustTG(t, "ingest", "-q", "--db", db, seed)
			golden(t, "../../testdata/golden/"+name+".ttl", mustTG(t, "export", "--db", db, "--format", "turtle"))
			golden(t, "../../testdata/golden/"+name+".study.json", mustTG(t, "parse", seed))
		})
	}
}

func golden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		os.MkdirAll(filepath.Dir(file), 0o755)
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n%s", file, lineDiff(string(want), got))
	}
}

func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, "line "+strconv.Itoa(i+1)+":\n- "+x+"\n+ "+y)
			if len(out) >= 10 {
				break
			}
		}
	}
	return strings.Join(out, "\n")
}

// TestExportIsDeterministic builds two stores from the same files in
// different orders, with a repeat, and compares their exports byte for byte.
func TestExportIsDeterministic(t *testing.T) {
	inputs := []string{"../../testdata/seeds", "../../testdata/corpus/ctgov-v2/NCT04431453.json", "../../testdata/corpus/ctgov-v2/NCT00763412.json"}
	db1 := filepath.Join(t.TempDir(), "db1")
	db2 := filepath.Join(t.TempDir(), "db2")
	mustTG(t, append([]string{"ingest", "-q", "--db", db1}, inputs...)...)
	rev := []string{inputs[2], inputs[1], inputs[0]}
	mustTG(t, append([]string{"ingest", "-q", "--db", db2}, rev...)...)
	mustTG(t, append([]string{"ingest", "-q", "--db", db2}, inputs[0])...)
	for _, format := range []string{"turtle", "ntriples", "nquads"} {
		a := mustTG(t, "export", "--db", db1, "--format", format)
		a2 := mustTG(t, "export", "--db", db1, "--format", format)
		b := mustTG(t, "export", "--db", db2, "--format", format)
		if a != a2 {
			t.Errorf("%s: two exports of one store differ", format)
		}
		if a != b {
			t.Errorf("%s: stores built in different orders export differently:\n%s", format, lineDiff(a, b))
		}
		if len(a) < 1000 {
			t.Errorf("%s: export suspiciously small (%d bytes)", format, len(a))
		}
	}
}

// TestExportParsesWithIndependentParsers checks the Turtle export of the
// seeds and the corpus with serdi and N3.js.
func TestExportParsesWithIndependentParsers(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	tg(t, "", "ingest", "-q", "--db", db, "../../testdata/seeds", "../../testdata/corpus/ctgov-v2", "../../testdata/xml")
	ttl := filepath.Join(t.TempDir(), "all.ttl")
	// Without the VoID description, so that the triples counted are the
	// data of the N-Triples export (TestExportVoID parses it with serdi).
	mustTG(t, "export", "--db", db, "--no-void", "-o", ttl)
	nt := mustTG(t, "export", "--db", db, "--format", "ntriples")
	triples := strings.Count(nt, "\n")

	t.Run("serdi", func(t *testing.T) {
		serdi := lookTool(t, "serdi")
		out, err := exec.Command(serdi, "-i", "turtle", "-o", "ntriples", ttl).Output()
		if err != nil {
			t.Fatalf("serdi rejects the export: %v", err)
		}
		if got := strings.Count(string(out), "\n"); got != triples {
			t.Errorf("serdi read %d triples, the N-Triples export has %d", got, triples)
		}
	})
	t.Run("N3.js", func(t *testing.T) {
		node := lookTool(t, "node")
		script := "../../export/testdata/node/turtle2nt.js"
		if _, err := os.Stat("../../export/testdata/node/node_modules/n3"); err != nil {
			missing(t, "n3 (run: cd export/testdata/node && npm ci)")
		}
		f, err := os.Open(ttl)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd := exec.Command(node, script)
		cmd.Stdin = f
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("N3.js rejects the export: %v\n%s", err, stderr.String())
		}
		if got := strings.Count(string(out), "\n"); got != triples {
			t.Errorf("N3.js read %d triples, the N-Triples export has %d", got, triples)
		}
	})
}

func lookTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, name)
	}
	return p
}

// missing skips a test whose external tool is absent, except in CI, where
// the tool must be there.
func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (CI must install it: see .ci/run)", what)
	}
	t.Skipf("%s is not installed; skipping (CI runs this test for real)", what)
}

func TestExitCodesAndPositionedErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("[\n{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT00000001\"}}},\n{\"protocolSection\":{\"identificationModule\":{\"briefTitle\":\"x\"}}}\n]"), 0o644)
	code, _, errs := tg(t, "", "ingest", "--db", db, bad, "../../testdata/seeds/003_a224f28b0d59d797.txt")
	if code != exitFailed {
		t.Errorf("bad record: exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(errs, bad+":3:") || !strings.Contains(errs, "nctId") {
		t.Errorf("error does not name file, line and field:\n%s", errs)
	}
	// the good records of the batch are stored
	out := mustTG(t, "query", "--db", db, `g.V("<https://w3id.org/trialgraph/id/trial/NCT00000001>", "<https://w3id.org/trialgraph/id/trial/NCT04288102>").Out("<https://w3id.org/trialgraph/vocab#nctId>").All()`)
	if !strings.Contains(out, "NCT00000001") || !strings.Contains(out, "NCT04288102") {
		t.Errorf("good records missing:\n%s", out)
	}

	code, _, _ = tg(t, "", "ingest", "--db", db, "--format", "nope", bad)
	if code != exitUsage {
		t.Errorf("unknown format: exit %d, want %d", code, exitUsage)
	}
	code, _, errs = tg(t, "", "query", "--db", filepath.Join(dir, "none"), "g.V().All()")
	if code != exitNoStore {
		t.Errorf("missing store: exit %d, want %d (%s)", code, exitNoStore, errs)
	}
	code, _, errs = tg(t, "", "ingest", "--strict", "--db", db, bad, "../../testdata/seeds/000_e6ef2a133a887bd4.txt")
	if code != exitFailed {
		t.Errorf("strict: exit %d (%s)", code, errs)
	}
}

func TestStoreInUse(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	mustTG(t, "ingest", "-q", "--db", db, "../../testdata/seeds/003_a224f28b0d59d797.txt")
	// hold the store with a writer in this process, then try from the CLI
	pr, pw, _ := os.Pipe()
	defer pw.Close()
	done := make(chan int)
	go func() {
		var out, errb bytes.Buffer
		done <- run(context.Background(), []string{"ingest", "-q", "--db", db, "-"}, pr, &out, &errb)
	}()
	time.Sleep(300 * time.Millisecond) // the writer is now blocked reading stdin
	start := time.Now()
	code, _, errs := tg(t, "", "ingest", "--db", db, "../../testdata/seeds/003_a224f28b0d59d797.txt")
	if code != exitInUse || !strings.Contains(errs, "store in use") {
		t.Errorf("second writer: exit %d, %q", code, errs)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusal took %s", d)
	}
	code, _, errs = tg(t, "", "export", "--db", db)
	if code != exitInUse {
		t.Errorf("export during a write: exit %d, %q", code, errs)
	}
	pw.Write([]byte(`{"protocolSection":{"identificationModule":{"nctId":"NCT00000009"}}}`))
	pw.Close()
	if c := <-done; c != 0 {
		t.Errorf("writer exit %d", c)
	}
}

func TestQueryTimeoutAndFormats(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	mustTG(t, "ingest", "-q", "--db", db, "../../testdata/seeds/003_a224f28b0d59d797.txt")
	code, _, errs := tg(t, "", "query", "--db", db, "--timeout", "200ms", "while(true){}")
	if code != exitFailed || !strings.Contains(errs, "time limit") {
		t.Errorf("endless query: exit %d, %q", code, errs)
	}
	out := mustTG(t, "query", "--db", db, "--format", "table", umbilicalSites)
	if !strings.Contains(out, "Wuhan Huoshenshan Hospital") || !strings.Contains(out, "(3 rows)") {
		t.Errorf("table output:\n%s", out)
	}
	out = mustTG(t, "query", "--db", db, "--limit", "1", umbilicalSites)
	var res []any
	json.Unmarshal([]byte(out), &res)
	if len(res) != 1 {
		t.Errorf("--limit 1 gave %d results", len(res))
	}
}

func TestExportToFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	mustTG(t, "ingest", "-q", "--db", db, "../../testdata/seeds/003_a224f28b0d59d797.txt")
	out := filepath.Join(dir, "out.ttl")
	os.WriteFile(out, []byte("previous"), 0o644)
	code, _, _ := tg(t, "", "export", "--db", db, "--format", "nope", "-o", out)
	if code == 0 {
		t.Fatal("unknown format accepted")
	}
	if b, _ := os.ReadFile(out); string(b) != "previous" {
		t.Errorf("failed export changed the output file")
	}
	mustTG(t, "export", "--db", db, "-o", out)
	b, _ := os.ReadFile(out)
	if !bytes.Contains(b, []byte("@prefix tg:")) {
		t.Errorf("export file starts %q", b[:min(40, len(b))])
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestExportFileMode(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	mustTG(t, "ingest", "-q", "--db", db, "../../testdata/seeds/003_a224f28b0d59d797.txt")
	out := filepath.Join(dir, "out.ttl")
	mustTG(t, "export", "--db", db, "-o", out)
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := os.FileMode(0o666) &^ umask(); fi.Mode().Perm() != want {
		t.Errorf("new export has mode %v, want %v", fi.Mode().Perm(), want)
	}
	os.Chmod(out, 0o640)
	mustTG(t, "export", "--db", db, "-o", out)
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o640 {
		t.Errorf("replaced export has mode %v, want the old file's 0640", fi.Mode().Perm())
	}
}

// An interrupted command says so (not Go's "context canceled"), fails, and
// an export leaves no output file.
func TestInterruptedExport(t *testing.T) {
	db := seedDB(t)
	out := filepath.Join(t.TempDir(), "out.ttl")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, errb bytes.Buffer
	code := run(ctx, []string{"export", "--db", db, "-o", out}, nil, &stdout, &errb)
	if code != exitFailed || errb.String() != "trialgraph: interrupted\n" {
		t.Errorf("exit %d, stderr %q; want %d and the interruption", code, errb.String(), exitFailed)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("an interrupted export left %s (%v)", out, err)
	}
	// An error of the command's own is still given whole.
	code, _, errs := tg(t, "", "export", "--db", filepath.Join(t.TempDir(), "none"))
	if code == 0 || strings.Contains(errs, "interrupted") || !strings.Contains(errs, "none") {
		t.Errorf("missing store: exit %d, %q", code, errs)
	}
}
