package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/trialgraph/trialgraph/ontology"
)

func TestOntologyVerb(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []byte
		code int
	}{
		{"ontology", []string{"ontology"}, ontology.OntologyTurtle(), exitOK},
		{"shapes", []string{"ontology", "--shapes"}, ontology.ShapesTurtle(), exitOK},
		{"stray argument", []string{"ontology", "extra"}, nil, exitFailed},
		{"unknown flag", []string{"ontology", "--owl"}, nil, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errw bytes.Buffer
			code := run(context.Background(), tt.args, nil, &out, &errw)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr: %s", code, tt.code, errw.String())
			}
			if tt.want != nil && !bytes.Equal(out.Bytes(), tt.want) {
				t.Errorf("output differs from the embedded document (%d bytes, want %d)", out.Len(), len(tt.want))
			}
		})
	}
}
