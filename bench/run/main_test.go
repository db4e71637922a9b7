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
		ttl: step{wall: 2 * time.Second, maxRSS: 50 << 20}, serdi: step{wall: 3 * time.Second}}
	var buf bytes.Buffer
	printTable(&buf, []*sizeResult{r}, false)
	out := buf.String()
	for _, want := range []string{
		"target ingest >= 0.9x raw Cayley load, 1000 studies: 0.80x: NOT MET",
		"2000000 triples: 1.50x, 50 MB: met",
		"over 100k studies: not measured",
		"600k ingest peak RSS <= 2 GB: not measured",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
