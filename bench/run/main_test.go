package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCountLines(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       int64
	}{
		{"empty", "", 0},
		{"no final newline", "a\nb", 1},
		{"long line", strings.Repeat("x", 3<<20) + "\n" + "y\n", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "f")
			os.WriteFile(p, []byte(tc.text), 0o644)
			if got, err := countLines(p); err != nil || got != tc.want {
				t.Errorf("countLines = %d, %v; want %d", got, err, tc.want)
			}
		})
	}
}

// The verdicts follow the figures: a ratio under 0.9 is not met, sizes
// not run are not measured.
func TestTargets(t *testing.T) {
	r := &sizeResult{n: 1000, quads: 1000, triples: 2_000_000,
		ingest: step{wall: 10 * time.Second}, raw: step{wall: 8 * time.Second},
		ttl: step{wall: 2 * time.Second, maxRSS: 900 << 20, anonHWM: 50 << 20}, serdi: step{wall: 3 * time.Second}}
	slow := &sizeResult{n: 10000, quads: 1000, triples: 3_000_000,
		ingest: step{wall: 10 * time.Second}, raw: step{wall: 9 * time.Second},
		ttl: step{wall: 4 * time.Second, maxRSS: 90 << 20, anonHWM: 120 << 20}, serdi: step{wall: 2 * time.Second}}
	var buf bytes.Buffer
	printTable(&buf, []*sizeResult{r, slow}, false)
	out := buf.String()
	for _, want := range []string{
		"target ingest >= 0.9x raw Cayley load, 1000 studies: 0.80x: NOT MET",
		"target ingest >= 0.9x raw Cayley load, 10000 studies: 0.90x: met",
		// the store's mapped pages (RSS) do not count, the program's own memory does
		"2000000 triples: 1.50x (met), anon 50 MB (RSS 900 MB) (met): met",
		"3000000 triples: 0.50x (NOT MET), anon 120 MB (RSS 90 MB) (NOT MET): NOT MET",
		"over 100k studies: not measured",
		"600k ingest peak memory <= 2 GB: not measured",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// warmFiles reads a store directory's files and fails on a missing one.
func TestWarmFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "indexes.bolt"), make([]byte, 3<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := warmFiles(dir); err != nil {
		t.Errorf("warmFiles: %v", err)
	}
	if err := warmFiles(filepath.Join(dir, "missing")); err == nil {
		t.Error("warmFiles of a missing directory gave no error")
	}
}
