package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestExamplesAgreeWithOxigraph loads the Turtle export of the seeds and
// the corpus into Oxigraph, runs each SPARQL example there and its Gizmo
// twin through trialgraph query, and expects the same distinct values.
func TestExamplesAgreeWithOxigraph(t *testing.T) {
	node := lookTool(t, "node")
	const oxDir = "../../testdata/oxigraph"
	if _, err := os.Stat(filepath.Join(oxDir, "node_modules", "oxigraph", "package.json")); err != nil {
		missing(t, "oxigraph (run: cd testdata/oxigraph && npm ci)")
	}
	gizmos, _ := filepath.Glob("../../examples/gizmo/*.js")
	if len(gizmos) < 3 {
		t.Fatalf("examples/gizmo has %d examples", len(gizmos))
	}
	db := filepath.Join(t.TempDir(), "db")
	tg(t, "", "ingest", "-q", "--db", db, "../../testdata/seeds", "../../testdata/corpus/ctgov-v2", "../../testdata/xml")
	ttl := filepath.Join(t.TempDir(), "all.ttl")
	mustTG(t, "export", "--db", db, "-o", ttl)
	// One node process loads the export once and answers every query.
	args := []string{"sparql.js", ttl}
	for _, gz := range gizmos {
		name := strings.TrimSuffix(filepath.Base(gz), ".js")
		if _, err := os.Stat(filepath.Join("../../examples/sparql", name+".rq")); err != nil {
			t.Fatalf("%s has no SPARQL twin: %v", gz, err)
		}
		args = append(args, filepath.Join("..", "..", "examples", "sparql", name+".rq"))
	}
	cmd := exec.Command(node, args...)
	cmd.Dir = oxDir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oxigraph: %v\n%s", err, stderr.String())
	}
	answers := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(answers) != len(gizmos) {
		t.Fatalf("oxigraph answered %d of %d queries:\n%s", len(answers), len(gizmos), out)
	}
	for i, gz := range gizmos {
		name := strings.TrimSuffix(filepath.Base(gz), ".js")
		t.Run(name, func(t *testing.T) {
			script, err := os.ReadFile(gz)
			if err != nil {
				t.Fatal(err)
			}
			var gizmo []string
			for _, v := range queryStrings(t, db, string(script)) {
				gizmo = append(gizmo, strings.TrimSuffix(strings.TrimPrefix(v, "<"), ">"))
			}
			var rows []map[string]string
			if err := json.Unmarshal([]byte(answers[i]), &rows); err != nil {
				t.Fatalf("oxigraph output: %v\n%s", err, answers[i])
			}
			var sparql []string
			for _, r := range rows {
				for _, v := range r {
					sparql = append(sparql, v)
				}
			}
			g, s := distinct(gizmo), distinct(sparql)
			if len(g) == 0 {
				t.Fatal("the Gizmo example finds nothing")
			}
			if !slices.Equal(g, s) {
				t.Errorf("Gizmo and SPARQL disagree:\nGizmo:  %q\nSPARQL: %q", g, s)
			}
		})
	}
}

func distinct(vs []string) []string {
	sort.Strings(vs)
	return slices.Compact(vs)
}
