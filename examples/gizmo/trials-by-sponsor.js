// Trials sponsored (lead sponsor or collaborator) by Shanghai Chest
// Hospital: their NCT numbers.
// trialgraph query --db ./trialgraph.db "$(cat examples/gizmo/trials-by-sponsor.js)"
// SPARQL twin: examples/sparql/trials-by-sponsor.rq
g.V("<https://w3id.org/trialgraph/id/org/shanghai-chest-hospital>")
  .In(["<https://w3id.org/trialgraph/vocab#leadSponsor>", "<https://w3id.org/trialgraph/vocab#collaborator>"])
  .Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/trialgraph/vocab#Trial>")
  .Out("<https://w3id.org/trialgraph/vocab#nctId>")
  .All()
