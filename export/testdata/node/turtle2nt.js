// Reads Turtle with N3.js and prints N-Triples; used by the export tests.
//
//   node turtle2nt.js < in.ttl > out.nt      one document; exit status 1 on a parse error
//   node turtle2nt.js --batch < docs.json     a JSON array of documents in, a JSON array
//                                             of {"nt": ...} or {"error": ...} out
'use strict';
const N3 = require('n3');

function toNTriples(doc) {
  const parser = new N3.Parser({ format: 'text/turtle' });
  const quads = parser.parse(doc);
  const writer = new N3.Writer({ format: 'N-Triples' });
  return writer.quadsToString(quads);
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  if (process.argv.includes('--batch')) {
    const out = JSON.parse(input).map((doc) => {
      try {
        return { nt: toNTriples(doc) };
      } catch (e) {
        return { error: String(e.message || e) };
      }
    });
    process.stdout.write(JSON.stringify(out));
    return;
  }
  try {
    process.stdout.write(toNTriples(input));
  } catch (e) {
    process.stderr.write(String(e.message || e) + '\n');
    process.exit(1);
  }
});
