package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tgraph "github.com/trialgraph/trialgraph/graph"
)

const sample = `<http://ex/a> <http://ex/p> "1" <http://ex/g1> .
<http://ex/a> <http://ex/p> "2" <http://ex/g1> .
<http://ex/b> <http://ex/p> <http://ex/a> <http://ex/g2> .
<http://ex/a> <http://ex/p> "1" <http://ex/g1> .
<http://ex/src> <https://w3id.org/trialgraph/internal#record> "H4sI" <http://ex/g1> .
`

// Load then dump gives back the distinct quads, with small batches, the
// source records that exports leave out included.
func TestLoadAndDump(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.nq")
	os.WriteFile(in, []byte(sample), 0o644)
	db := filepath.Join(dir, "db")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"-db", db, "-batch", "2", in}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "loaded 5 quads in ") {
		t.Errorf("output %q", out.String())
	}
	st, err := tgraph.Open(context.Background(), db, tgraph.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	n, err := st.Size(context.Background())
	st.Close()
	if err != nil || n != 4 {
		t.Errorf("store holds %d quads (%v), want 4", n, err)
	}
	dump := filepath.Join(dir, "out.nq")
	if code := run(context.Background(), []string{"-dump", db, dump}, &out, &errb); code != 0 {
		t.Fatalf("dump: exit %d: %s", code, errb.String())
	}
	b, _ := os.ReadFile(dump)
	if got := strings.Count(string(b), "\n"); got != 4 || !strings.Contains(string(b), "internal#record") {
		t.Errorf("dump has %d lines:\n%s", got, b)
	}
	if code := run(context.Background(), []string{"-db", db}, &out, &errb); code != 2 {
		t.Errorf("no input: exit %d, want 2", code)
	}
}
