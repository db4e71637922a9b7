package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/piprate/json-gold/ld"

	"github.com/trialgraph/trialgraph/export"
)

// exportDB ingests the seeds and two corpus records (a store with shared
// sites, sponsors and several cell sources) once per test binary.
func exportDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "db")
	mustTG(t, "ingest", "-q", "--db", db, "../../testdata/seeds",
		"../../testdata/corpus/ctgov-v2/NCT04431453.json", "../../testdata/corpus/ctgov-v2/NCT00763412.json")
	return db
}

func TestExportListFormats(t *testing.T) {
	out := mustTG(t, "export", "--list-formats")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(export.Formats()) {
		t.Fatalf("%d lines for %d formats:\n%s", len(lines), len(export.Formats()), out)
	}
	for i, f := range export.Formats() {
		fields := strings.Fields(lines[i])
		if len(fields) != 3 || fields[0] != f.Name || fields[1] != strings.Join(f.Extensions, ",") || fields[2] != f.MIMEType {
			t.Errorf("line %q, want %s %v %s", lines[i], f.Name, f.Extensions, f.MIMEType)
		}
	}
	for _, want := range []string{"trig", "jsonld", "graphml", "dot", "turtle", "nquads"} {
		if !strings.Contains(out, want+" ") {
			t.Errorf("%s not listed", want)
		}
	}
}

// TestExportEveryFormat exports the store in every format twice and
// expects the same bytes, and from -o's extension the same bytes as
// --format.
func TestExportEveryFormat(t *testing.T) {
	db := exportDB(t)
	dir := t.TempDir()
	for _, f := range export.Formats() {
		t.Run(f.Name, func(t *testing.T) {
			a := mustTG(t, "export", "--db", db, "--format", f.Name)
			b := mustTG(t, "export", "--db", db, "--format", f.Name)
			if a != b {
				t.Errorf("two exports differ:\n%s", lineDiff(a, b))
			}
			if len(a) < 10000 {
				t.Errorf("export suspiciously small (%d bytes)", len(a))
			}
			name := filepath.Join(dir, "out"+f.Extensions[0])
			mustTG(t, "export", "--db", db, "-o", name)
			c, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if string(c) != a {
				t.Errorf("-o %s did not write %s", filepath.Base(name), f.Name)
			}
		})
	}
}

// TestExportGzip checks that -o x.gz writes the export compressed, with a
// header that holds no name or time, so that two runs give the same bytes.
func TestExportGzip(t *testing.T) {
	db := exportDB(t)
	dir := t.TempDir()
	plain := mustTG(t, "export", "--db", db, "--format", "nquads")
	var runs [][]byte
	for i := 0; i < 2; i++ {
		name := filepath.Join(dir, "out"+strconv.Itoa(i)+".nq.gz")
		mustTG(t, "export", "--db", db, "-o", name)
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, b)
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if zr.Name != "" || !zr.ModTime.IsZero() {
			t.Errorf("gzip header has name %q, time %v", zr.Name, zr.ModTime)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != plain {
			t.Errorf("decompressed export differs from --format nquads")
		}
	}
	if !bytes.Equal(runs[0], runs[1]) {
		t.Error("two compressed exports differ")
	}
}

// voidCount reads the void:triples of the dataset node from a Turtle or
// TriG export.
var voidTriples = regexp.MustCompile(`(?m)^id:dataset a void:Dataset ;(?:\n    [^\n]*)*?\n    void:triples (\d+) ;`)

func voidCount(t *testing.T, doc string) int {
	t.Helper()
	m := voidTriples.FindStringSubmatch(doc)
	if m == nil {
		t.Fatalf("no void:triples of id:dataset in:\n%.2000s", doc)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestExportVoID checks the VoID description: void:triples counts the
// data statements written (Turtle: the N-Triples lines; TriG: the N-Quads
// lines), serdi reads the Turtle back with exactly those plus the VoID
// statements, and --created adds dcterms:created.
func TestExportVoID(t *testing.T) {
	db := exportDB(t)
	ttl := mustTG(t, "export", "--db", db)
	nt := mustTG(t, "export", "--db", db, "--format", "ntriples")
	nq := mustTG(t, "export", "--db", db, "--format", "nquads")
	if got, want := voidCount(t, ttl), strings.Count(nt, "\n"); got != want {
		t.Errorf("Turtle: void:triples %d, N-Triples export has %d", got, want)
	}
	trig := mustTG(t, "export", "--db", db, "--format", "trig")
	if got, want := voidCount(t, trig), strings.Count(nq, "\n"); got != want {
		t.Errorf("TriG: void:triples %d, N-Quads export has %d", got, want)
	}
	for _, want := range []string{"dcterms:source <https://clinicaltrials.gov/>", "void:vocabulary schema:, tg:", "dcterms:modified \"", "void:class tg:Trial"} {
		if !strings.Contains(ttl, want) {
			t.Errorf("VoID lacks %q", want)
		}
	}
	if strings.Contains(ttl, "dcterms:created") {
		t.Error("dcterms:created without --created")
	}
	created := mustTG(t, "export", "--db", db, "--created", "2026-01-31")
	if !strings.Contains(created, `dcterms:created "2026-01-31"^^xsd:date`) {
		t.Error("--created not stated")
	}
	if code, _, _ := tg(t, "", "export", "--db", db, "--created", "yesterday"); code != exitUsage {
		t.Errorf("--created yesterday: exit %d, want %d", code, exitUsage)
	}
	noVoid := mustTG(t, "export", "--db", db, "--no-void")
	// Turtle's VoID description follows the data.
	if strings.Contains(noVoid, "void:Dataset") || !strings.HasPrefix(ttl, noVoid) || !strings.Contains(ttl[len(noVoid):], "void:Dataset") {
		t.Error("--no-void is not the export without its VoID description")
	}
	t.Run("serdi", func(t *testing.T) {
		serdi := lookTool(t, "serdi")
		for _, c := range []struct{ syntax, doc, want string }{{"turtle", ttl, nt}, {"trig", trig, nq}} {
			cmd := exec.Command(serdi, "-i", c.syntax, "-o", "nquads", "-")
			cmd.Stdin = strings.NewReader(c.doc)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("serdi rejects the %s export: %v", c.syntax, err)
			}
			var data, desc int
			for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				if strings.HasPrefix(l, "<https://w3id.org/trialgraph/id/dataset") {
					desc++
				} else {
					data++
				}
			}
			if want := strings.Count(c.want, "\n"); data != want || desc < 10 {
				t.Errorf("%s: serdi read %d data statements (want %d) and %d of the description", c.syntax, data, want, desc)
			}
		}
	})
}

// labelsOf returns the distinct graph labels of an N-Quads document.
func labelsOf(nq string) []string {
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(nq), "\n") {
		if i := strings.LastIndex(l, " <"); i > 0 {
			seen[strings.TrimSuffix(l[i+1:], " .")] = true
		}
	}
	var out []string
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

func TestExportSubsets(t *testing.T) {
	db := exportDB(t)
	const g = "<https://w3id.org/trialgraph/id/graph/"
	all := mustTG(t, "export", "--db", db, "--format", "nquads")
	tests := []struct {
		name   string
		args   []string
		labels []string
	}{
		{"one trial", []string{"--trial", "NCT04288102"}, []string{g + "NCT04288102>"}},
		{"two trials", []string{"--trial", "NCT04339660", "--trial", "NCT04288102", "--trial", "NCT04288102"}, []string{g + "NCT04288102>", g + "NCT04339660>"}},
		{"cell source", []string{"--cell-source", "umbilical-cord"}, nil},
		{"trial and cell source", []string{"--cell-source", "umbilical-cord", "--trial", "NCT04431453"}, nil},
	}
	cord := queryStrings(t, db, `g.V("<https://w3id.org/trialgraph/id/cell-source/umbilical-cord>").In("<https://w3id.org/trialgraph/vocab#cellSource>").Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/trialgraph/vocab#Trial>").Out("<https://w3id.org/trialgraph/vocab#nctId>").All()`)
	if len(cord) < 2 {
		t.Fatalf("umbilical-cord trials: %v", cord)
	}
	for _, id := range cord {
		tests[2].labels = append(tests[2].labels, g+id+">")
	}
	tests[3].labels = append(append([]string(nil), tests[2].labels...), g+"NCT04431453>")
	sort.Strings(tests[3].labels)
	allLines := map[string]bool{}
	for _, l := range strings.Split(all, "\n") {
		allLines[l] = true
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nq := mustTG(t, append([]string{"export", "--db", db, "--format", "nquads"}, tc.args...)...)
			if got := labelsOf(nq); strings.Join(got, " ") != strings.Join(tc.labels, " ") {
				t.Errorf("graphs %v, want %v", got, tc.labels)
			}
			// exactly the quads of those graphs
			want := 0
			for l := range allLines {
				for _, lab := range tc.labels {
					if strings.HasSuffix(l, lab+" .") {
						want++
					}
				}
			}
			lines := strings.Split(strings.TrimSpace(nq), "\n")
			if len(lines) != want {
				t.Errorf("%d quads, the full export has %d in those graphs", len(lines), want)
			}
			for _, l := range lines {
				if !allLines[l] {
					t.Errorf("quad not in the full export: %s", l)
					break
				}
			}
			ttl := mustTG(t, append([]string{"export", "--db", db}, tc.args...)...)
			nt := mustTG(t, append([]string{"export", "--db", db, "--format", "ntriples"}, tc.args...)...)
			if got, want := voidCount(t, ttl), strings.Count(nt, "\n"); got != want {
				t.Errorf("void:triples %d, N-Triples subset has %d", got, want)
			}
		})
	}
	code, _, errs := tg(t, "", "export", "--db", db, "--cell-source", "umbilical")
	if code != exitUsage || !strings.Contains(errs, "umbilical-cord") || !strings.Contains(errs, "bone-marrow") {
		t.Errorf("unknown cell source: exit %d, %q (want a usage error listing the slugs)", code, errs)
	}
	code, _, errs = tg(t, "", "export", "--db", db, "--trial", "NCT99999999")
	if code != exitFailed || !strings.Contains(errs, "NCT99999999") {
		t.Errorf("trial not in the store: exit %d, %q", code, errs)
	}
	code, _, _ = tg(t, "", "export", "--db", db, "--trial", "04288102")
	if code != exitUsage {
		t.Errorf("malformed trial id: exit %d", code)
	}
}

// TestExportBase ingests with another --base: IRIs are minted at ingest,
// and export --base with the same namespace writes them relative to it,
// finds the trials of --trial under it and names the dataset under it.
func TestExportBase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "db")
	const base = "http://example.org/trials/"
	mustTG(t, "ingest", "-q", "--db", db, "--base", base, "../../testdata/seeds/003_a224f28b0d59d797.txt")
	ttl := mustTG(t, "export", "--db", db, "--base", base, "--trial", "NCT04288102")
	for _, want := range []string{"@base <" + base + "> .", "@prefix id: <" + base + "> .", "id:dataset a void:Dataset", "<trial/NCT04288102> a "} {
		if !strings.Contains(ttl, want) {
			t.Errorf("export lacks %q", want)
		}
	}
	if strings.Contains(ttl, "w3id.org/trialgraph/id/") {
		t.Error("export names the default instance namespace")
	}
	def := mustTG(t, "export", "--db", db)
	if !strings.Contains(def, "<"+base+"trial/NCT04288102> a ") {
		t.Error("export without --base does not keep the stored IRIs absolute")
	}
	serdi, err := exec.LookPath("serdi")
	if err != nil {
		missing(t, "serdi")
	}
	for _, doc := range []string{ttl, def} {
		cmd := exec.Command(serdi, "-i", "turtle", "-o", "ntriples", "-")
		cmd.Stdin = strings.NewReader(doc)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("serdi rejects the export: %v", err)
		}
		if !strings.Contains(string(out), "<"+base+"trial/NCT04288102> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>") {
			t.Error("the trial IRI does not resolve under the ingest base")
		}
	}
}

// TestExportJSONLDReadsBack converts the JSON-LD export to RDF with
// json-gold and compares it with the N-Triples export.
func TestExportJSONLDReadsBack(t *testing.T) {
	db := exportDB(t)
	doc := mustTG(t, "export", "--db", db, "--format", "jsonld")
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.Format = "application/n-quads"
	nq, err := ld.NewJsonLdProcessor().ToRDF(v, opts)
	if err != nil {
		t.Fatalf("json-gold: %v", err)
	}
	got := sortedLines(nq.(string))
	want := sortedLines(mustTG(t, "export", "--db", db, "--format", "ntriples"))
	if len(got) != len(want) {
		t.Fatalf("json-gold read %d statements, N-Triples has %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("first difference:\n got %s\nwant %s", got[i], want[i])
		}
	}
}

func sortedLines(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// BenchmarkExportTurtle exports the seeds and the corpus as Turtle and
// reports triples/s and the process's peak resident memory during the
// exports (it includes the pages of the store file bolt maps).
func BenchmarkExportTurtle(b *testing.B) {
	db := filepath.Join(b.TempDir(), "db")
	var out, errb bytes.Buffer
	if code := run(b.Context(), []string{"ingest", "-q", "--db", db, "../../testdata/seeds", "../../testdata/corpus/ctgov-v2", "../../testdata/xml"}, nil, &out, &errb); code != 0 {
		b.Fatal(errb.String())
	}
	out.Reset()
	run(b.Context(), []string{"export", "--db", db, "--format", "ntriples"}, nil, &out, &errb)
	triples := bytes.Count(out.Bytes(), []byte("\n"))
	out = bytes.Buffer{}
	runtime.GC()
	debug.FreeOSMemory()
	// Reset the peak RSS (Linux), so that it measures the exports, not
	// the ingest before them.
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if code := run(b.Context(), []string{"export", "--db", db, "-o", filepath.Join(b.TempDir(), "out.ttl")}, nil, io.Discard, &errb); code != 0 {
			b.Fatal(errb.String())
		}
	}
	b.ReportMetric(float64(triples*b.N)/time.Since(start).Seconds(), "triples/s")
	if hwm := vmHWM(); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "peakRSS-MiB")
	}
}

// vmHWM is the peak resident set size of this process in bytes (Linux).
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// TestExportNQuadsRoundTrip reads an N-Quads export into an empty store
// and exports it again: the same N-Quads and the same Turtle.
func TestExportNQuadsRoundTrip(t *testing.T) {
	db := exportDB(t)
	dir := t.TempDir()
	nq := filepath.Join(dir, "all.nq")
	mustTG(t, "export", "--db", db, "-o", nq)
	db2 := filepath.Join(dir, "db2")
	code, _, errs := tg(t, "", "ingest", "--db", db2, nq)
	if code != 0 || !strings.Contains(errs, "; 0 errors") {
		t.Fatalf("ingest of the export: exit %d\n%s", code, errs)
	}
	for _, f := range []string{"nquads", "turtle"} {
		a := mustTG(t, "export", "--db", db, "--format", f)
		b := mustTG(t, "export", "--db", db2, "--format", f)
		if a != b {
			t.Errorf("%s: the store read back from N-Quads exports differently:\n%s", f, lineDiff(a, b))
		}
	}
	// Reading it again changes nothing; so does reading it from standard
	// input, sniffed.
	_, _, errs = tg(t, "", "ingest", "--db", db2, nq)
	if !strings.Contains(errs, " 0 quads added, 0 removed") {
		t.Errorf("second ingest of the export changed the store: %s", errs)
	}
	b, _ := os.ReadFile(nq)
	if code, _, errs := tg(t, string(b), "ingest", "--db", db2, "-"); code != 0 || !strings.Contains(errs, " 0 quads added, 0 removed") {
		t.Errorf("ingest of the export from stdin: exit %d, %s", code, errs)
	}
	// A statement outside a trial graph is a positioned error.
	bad := filepath.Join(dir, "bad.nq")
	os.WriteFile(bad, []byte("<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n"), 0o644)
	if code, _, errs := tg(t, "", "ingest", "--db", db2, "--format", "nquads", bad); code != exitFailed || !strings.Contains(errs, bad+":1:") {
		t.Errorf("bad N-Quads: exit %d, %s", code, errs)
	}
}
