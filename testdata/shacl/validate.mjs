// validate.mjs checks RDF data against SHACL shapes with rdf-validate-shacl
// and prints the report as one JSON object:
//
//	node validate.mjs [--max N] SHAPES.ttl DATA.ttl|DATA.nt ...
//
// {"conforms": false, "count": 3, "results": [{"focus": ..., "path": ...,
// "message": ..., "severity": ..., "component": ..., "value": ...}]}
//
// results holds the first N (default 20) results; count is the total.
// Exit status: 0 when the data conforms, 1 when it does not, 2 on errors
// (unreadable or unparsable input).
import { readFileSync } from 'node:fs'
import N3 from 'n3'
import SHACLValidator from 'rdf-validate-shacl'

function parse (file) {
  const text = readFileSync(file, 'utf8')
  const format = file.endsWith('.nt') ? 'N-Triples' : file.endsWith('.nq') ? 'N-Quads' : 'Turtle'
  try {
    return new N3.Parser({ format, baseIRI: 'file://' + file }).parse(text)
  } catch (err) {
    throw new Error(`${file}: ${err.message}`)
  }
}

function term (t) {
  if (!t) return ''
  if (t.termType === 'Literal') return JSON.stringify(t.value)
  if (t.termType === 'BlankNode') return '_:' + t.value
  return t.value
}

async function main (argv) {
  let max = 20
  if (argv[0] === '--max') {
    max = Number(argv[1])
    argv = argv.slice(2)
  }
  if (argv.length < 2 || !(max >= 0)) {
    process.stderr.write('usage: node validate.mjs [--max N] SHAPES.ttl DATA ...\n')
    return 2
  }
  const shapes = parse(argv[0])
  const data = new N3.Store()
  for (const file of argv.slice(1)) {
    // Named graphs do not matter for validation: SHACL sees the union.
    for (const q of parse(file)) data.addQuad(N3.DataFactory.quad(q.subject, q.predicate, q.object))
  }
  const validator = new SHACLValidator(shapes)
  const report = await validator.validate(data)
  const results = report.results.slice(0, max).map(r => ({
    focus: term(r.focusNode),
    path: term(r.path),
    message: r.message.map(m => m.value).join('; '),
    severity: term(r.severity).replace('http://www.w3.org/ns/shacl#', ''),
    component: term(r.sourceConstraintComponent).replace('http://www.w3.org/ns/shacl#', ''),
    value: term(r.value)
  }))
  process.stdout.write(JSON.stringify({ conforms: report.conforms, count: report.results.length, triples: data.size, results }) + '\n')
  return report.conforms ? 0 : 1
}

main(process.argv.slice(2)).then(code => { process.exitCode = code }, err => {
  process.stderr.write(`validate.mjs: ${err.message}\n`)
  process.exitCode = 2
})
