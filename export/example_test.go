package export_test

import (
	"fmt"
	"os"

	"github.com/cayleygraph/quad"
	"github.com/trialgraph/trialgraph/export"
)

func ExampleNewTurtleWriter() {
	const tg = "https://w3id.org/trialgraph/vocab#"
	trial := quad.IRI("https://w3id.org/trialgraph/id/trial/NCT04288102")
	w := export.NewTurtleWriter(os.Stdout, export.Options{
		Header: "trialgraph export",
		Base:   "https://w3id.org/trialgraph/id/",
		Prefixes: []export.Prefix{
			{Name: "tg", IRI: tg},
			{Name: "schema", IRI: "http://schema.org/"},
		},
	})
	// Statements arrive grouped by subject.
	for _, q := range []quad.Quad{
		{Subject: trial, Predicate: quad.IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), Object: quad.IRI(tg + "Trial")},
		{Subject: trial, Predicate: quad.IRI("http://schema.org/name"), Object: quad.LangString{Value: "hUC-MSC for severe COVID-19", Lang: "en"}},
		{Subject: trial, Predicate: quad.IRI(tg + "enrollment"), Object: quad.Int(100)},
		{Subject: trial, Predicate: quad.IRI(tg + "phase"), Object: quad.IRI(tg + "Phase2")},
	} {
		if err := w.WriteQuad(q); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # trialgraph export
	//
	// @base <https://w3id.org/trialgraph/id/> .
	// @prefix tg: <https://w3id.org/trialgraph/vocab#> .
	// @prefix schema: <http://schema.org/> .
	//
	// <trial/NCT04288102> a tg:Trial ;
	//     schema:name "hUC-MSC for severe COVID-19"@en ;
	//     tg:enrollment 100 ;
	//     tg:phase tg:Phase2 .
}

func ExampleNewNQuadsWriter() {
	w := export.NewNQuadsWriter(os.Stdout)
	w.WriteQuad(quad.Quad{
		Subject:   quad.IRI("https://w3id.org/trialgraph/id/trial/NCT04288102"),
		Predicate: quad.IRI("http://schema.org/startDate"),
		Object:    quad.TypedString{Value: "2020-03-05", Type: "http://www.w3.org/2001/XMLSchema#date"},
		Label:     quad.IRI("https://w3id.org/trialgraph/id/graph/NCT04288102"),
	})
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <https://w3id.org/trialgraph/id/trial/NCT04288102> <http://schema.org/startDate> "2020-03-05"^^<http://www.w3.org/2001/XMLSchema#date> <https://w3id.org/trialgraph/id/graph/NCT04288102> .
}

func ExampleLookup() {
	_, err := export.Lookup("rdfxml")
	fmt.Println(err)
	f, _ := export.Lookup("turtle")
	fmt.Println(f.Name, f.Extensions, f.MIMEType)
	// Output:
	// unknown output format "rdfxml" (valid: dot, graphml, jsonld, nquads, ntriples, trig, turtle)
	// turtle [.ttl] text/turtle
}

func ExampleTermError() {
	w := export.NewNTriplesWriter(os.Stdout)
	err := w.WriteQuad(quad.Quad{
		Subject:   quad.IRI("https://w3id.org/trialgraph/id/site/Wuhan Union Hospital"),
		Predicate: quad.IRI("http://schema.org/name"),
		Object:    quad.String("Wuhan Union Hospital"),
	})
	fmt.Println(err)
	// Output:
	// export: subject IRI "https://w3id.org/trialgraph/id/site/Wuhan Union Hospital": invalid IRI: space at offset 41
}
