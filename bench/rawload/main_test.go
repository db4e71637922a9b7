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
`

// Load then dump gives back the distinct quads, with small batches.
func TestLoadAndDump(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.nq")
	os.WriteFile(in, []byte(sample), 0o644)
	db := filepath.Join(dir, "db")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"-db", db, "-batch", "2", in}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "loaded 4 quads in ") {
		t.Errorf("output %q", out.String())
	}
	st, err := tgraph.Open(context.Background(), db, tgraph.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	n, err := st.Size(context.Background())
	st.Close()
	if err != nil || n != 3 {
		t.Errorf("store holds %d quads (%v), want 3", n, err)
	}
	dump := filepath.Join(dir, "out.nq")
	if code := run(context.Background(), []string{"-dump", db, dump}, &out, &errb); code != 0 {
		t.Fatalf("dump: exit %d: %s", code, errb.String())
	}
	b, _ := os.ReadFile(dump)
	if got := strings.Count(string(b), "\n"); got != 3 {
		t.Errorf("dump has %d lines:\n%s", got, b)
	}
	if code := run(context.Background(), []string{"-db", db}, &out, &errb); code != 2 {
		t.Errorf("no input: exit %d, want 2", code)
	}
}
