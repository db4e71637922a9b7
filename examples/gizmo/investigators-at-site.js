// Investigators (principal investigators, chairs, directors,
// sub-investigators, officials) of the trials at Duke University Medical
// Center: their names.
// trialgraph query --db ./trialgraph.db "$(cat examples/gizmo/investigators-at-site.js)"
// SPARQL twin: examples/sparql/investigators-at-site.rq
g.V("<https://w3id.org/trialgraph/id/site/duke-university-medical-center--durham--us>")
  .In("<https://w3id.org/trialgraph/vocab#site>")
  .Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/trialgraph/vocab#Trial>")
  .Out([
    "<https://w3id.org/trialgraph/vocab#principalInvestigator>",
    "<https://w3id.org/trialgraph/vocab#studyChair>",
    "<https://w3id.org/trialgraph/vocab#studyDirector>",
    "<https://w3id.org/trialgraph/vocab#subInvestigator>",
    "<https://w3id.org/trialgraph/vocab#official>",
  ])
  .Out("<http://schema.org/name>")
  .All()
