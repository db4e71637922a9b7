package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trialgraph/trialgraph/ontology"
)

// shaclDir holds the node validator; CI installs its packages with
// (cd testdata/shacl && npm ci).
var shaclDir = filepath.Join("..", "..", "testdata", "shacl")

type shaclReport struct {
	Conforms bool `json:"conforms"`
	Count    int  `json:"count"`
	Triples  int  `json:"triples"`
	Results  []struct {
		Focus, Path, Message, Severity, Component, Value string
	} `json:"results"`
}

// needShaclValidator skips when node or the validator's packages are
// missing, except under CI=true, where it fails.
func needShaclValidator(t *testing.T) string {
	t.Helper()
	miss := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		miss("node not found: SHACL validation not run")
	}
	if _, err := os.Stat(filepath.Join(shaclDir, "node_modules", "rdf-validate-shacl")); err != nil {
		miss("rdf-validate-shacl not installed: run (cd testdata/shacl && npm ci)")
	}
	return node
}

// validateSHACL runs testdata/shacl/validate.mjs on the data files with
// the embedded shapes.
func validateSHACL(t *testing.T, node string, data ...string) shaclReport {
	t.Helper()
	shapes := filepath.Join(t.TempDir(), "shapes.ttl")
	if err := os.WriteFile(shapes, ontology.ShapesTurtle(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"validate.mjs", "--max", "20", shapes}, data...)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = shaclDir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("validate.mjs: %v\n%s", err, stderr.String())
	}
	var rep shaclReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("validate.mjs printed %q: %v", stdout.String(), err)
	}
	if rep.Conforms != (err == nil) || rep.Conforms != (rep.Count == 0) {
		t.Fatalf("validate.mjs: inconsistent report (exit %v): %+v", err, rep)
	}
	return rep
}

func reportViolations(t *testing.T, rep shaclReport) {
	t.Helper()
	t.Errorf("%d SHACL violations; the first %d:", rep.Count, len(rep.Results))
	for _, r := range rep.Results {
		t.Errorf("  %s  %s  %s (value %s)", r.Focus, r.Path, r.Message, r.Value)
	}
}

// TestExportConformsToShapes exports the seeds and the corpus to Turtle
// and validates the export with the SHACL shapes: zero violations.
func TestExportConformsToShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests the whole corpus")
	}
	node := needShaclValidator(t)
	dir := t.TempDir()
	db, out := filepath.Join(dir, "tg.db"), filepath.Join(dir, "export.ttl")
	td := filepath.Join("..", "..", "testdata")
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	args := []string{"ingest", "--db", db,
		filepath.Join(td, "seeds"), filepath.Join(td, "corpus", "ctgov-v2"), filepath.Join(td, "xml"),
		filepath.Join(td, "crossformat")} // two trials merged from two records
	if code := run(ctx, args, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("ingest: exit %d\n%s", code, stderr.String())
	}
	if code := run(ctx, []string{"export", "--db", db, "--format", "turtle", "-o", out}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("export: exit %d\n%s", code, stderr.String())
	}
	rep := validateSHACL(t, node, out, filepath.Join(shaclDir, "cellsource.ttl"))
	if rep.Triples < 100000 {
		t.Errorf("validated %d triples; the seeds and corpus give over 100000", rep.Triples)
	}
	if !rep.Conforms {
		reportViolations(t, rep)
	}
}

// TestShapesFindViolations checks that the shapes and the validator catch
// what they are meant to catch, so a validator that reports nothing cannot
// make TestExportConformsToShapes pass.
func TestShapesFindViolations(t *testing.T) {
	node := needShaclValidator(t)
	rep := validateSHACL(t, node, filepath.Join(shaclDir, "bad.ttl"))
	want := []string{ // focus node's last segment and path's local name
		"NCT1234 nctId Pattern",
		"NCT1234 phase In",
		"NCT1234 startDate Node",
		"NCT1234 enrollment Datatype",
		"nameless name MinCount",
		"nowhere label MinCount",
		"nowhere exactMatch Pattern",
	}
	got := map[string]bool{}
	for _, r := range rep.Results {
		got[last(r.Focus)+" "+last(r.Path)+" "+strings.TrimSuffix(r.Component, "ConstraintComponent")] = true
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("violation %q not reported; got %v", w, got)
		}
	}
}

func last(iri string) string {
	return iri[strings.LastIndexAny(iri, "/#")+1:]
}
