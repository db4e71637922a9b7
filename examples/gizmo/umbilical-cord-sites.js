// Sites running umbilical-cord MSC trials: their names.
// trialgraph query --db ./trialgraph.db "$(cat examples/gizmo/umbilical-cord-sites.js)"
// SPARQL twin: examples/sparql/umbilical-cord-sites.rq
g.V("<https://w3id.org/trialgraph/id/cell-source/umbilical-cord>")
  .In("<https://w3id.org/trialgraph/vocab#cellSource>")
  .Out("<https://w3id.org/trialgraph/vocab#site>")
  .Out("<http://schema.org/name>")
  .All()
