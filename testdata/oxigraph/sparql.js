// Loads an RDF file into an in-memory Oxigraph store and runs SPARQL
// SELECT queries from files, printing the solutions of each as one line of
// JSON: an array of objects mapping each variable to its value (an IRI, a
// blank node label or a literal's lexical form).
//
//   node sparql.js data.ttl query.rq [query.rq ...]
//
// The format follows the data file's extension: .ttl, .trig, .nt, .nq.
'use strict';
const fs = require('fs');
const path = require('path');
const oxigraph = require('oxigraph');

const formats = {
  '.ttl': 'text/turtle',
  '.trig': 'application/trig',
  '.nt': 'application/n-triples',
  '.nq': 'application/n-quads',
};

function main(argv) {
  if (argv.length < 2) {
    process.stderr.write('usage: node sparql.js DATA QUERY...\n');
    return 2;
  }
  const [data, ...queries] = argv;
  const format = formats[path.extname(data)];
  if (!format) {
    process.stderr.write(`${data}: unknown RDF file extension\n`);
    return 2;
  }
  const store = new oxigraph.Store();
  store.load(fs.readFileSync(data, 'utf8'), { format });
  for (const queryFile of queries) {
    const solutions = store.query(fs.readFileSync(queryFile, 'utf8'));
    if (!Array.isArray(solutions)) {
      process.stderr.write(`${queryFile}: not a SELECT query\n`);
      return 2;
    }
    const rows = solutions.map((s) => {
      const row = {};
      for (const [name, term] of s) {
        row[name] = term.value;
      }
      return row;
    });
    process.stdout.write(JSON.stringify(rows) + '\n');
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
