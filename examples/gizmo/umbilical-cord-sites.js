// Sites running umbilical-cord MSC trials: their names.
// trialgraph query --db ./trialgraph.db "$(cat examples/gizmo/umbilical-cord-sites.js)"
// SPARQL twin: examples/sparql/umbilical-cord-sites.rq
// The trials are collected first and the walk starts again from them:
// Cayley v0.7.7 plans a step after a nested path by scanning every edge of
// the step's predicate (9 s on the bundled corpus, under 1 s this way). An
// empty set would mean every node, so a node that does not exist stands in.
var trials = g.V("<https://w3id.org/trialgraph/id/cell-source/umbilical-cord>")
  .In("<https://w3id.org/trialgraph/vocab#cellSource>")
  .ToArray();
g.V.apply(g, trials.length ? trials : ["<https://w3id.org/trialgraph/id/none>"])
  .Out("<https://w3id.org/trialgraph/vocab#site>")
  .Out("<http://schema.org/name>")
  .All()
