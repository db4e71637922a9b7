package graph_test

import (
	"testing"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/trial"
)

func TestReferenceIRI(t *testing.T) {
	b := graph.NewBuilder("")
	tests := []struct {
		ref  trial.Reference
		want string
	}{
		{trial.Reference{PMID: "33568628", DOI: "10.1038/s41392-021-00488-5"}, "https://pubmed.ncbi.nlm.nih.gov/33568628"},
		{trial.Reference{DOI: "10.1016/S0140-6736(20)30185-9"}, "https://doi.org/10.1016/S0140-6736(20)30185-9"},
		{trial.Reference{DOI: trial.DOIFromCitation("Lancet. 2020;395(10223):470-473. (doi: 10.1016/S0140-6736(20)30185-9)")}, "https://doi.org/10.1016/S0140-6736(20)30185-9"},
		{trial.Reference{DOI: "10.1002/1097-0142(20010101)91:1<1::AID-CNCR1>3.0.CO;2-#"}, "https://doi.org/10.1002/1097-0142(20010101)91:1%3C1::AID-CNCR1%3E3.0.CO;2-%23"},
		{trial.Reference{Citation: "no identifier"}, graph.DefaultBase + "trial/NCT04288102/reference/3"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := string(b.ReferenceIRI("NCT04288102", 2, tt.ref)); got != tt.want {
				t.Errorf("ReferenceIRI(%+v) = %s, want %s", tt.ref, got, tt.want)
			}
		})
	}
}

// MeSH identifiers as API v2 writes them and as the corpus has them.
func TestMeshID(t *testing.T) {
	for in, want := range map[string]string{
		"D000086382": "D000086382", // COVID-19, a nine-digit descriptor
		"D000003324": "D003324",    // Coronary Artery Disease, padded by API v2
		"D003324":    "D003324",
		"D000000844": "D000844",
		"C000657245": "C000657245", // supplementary concept
		" D011014 ":  "D011014",
		"D00X":       "",
		"":           "",
		"Q000000981": "",
	} {
		if got := graph.MeshID(in); got != want {
			t.Errorf("MeshID(%q) = %q, want %q", in, got, want)
		}
	}
}
