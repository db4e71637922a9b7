// The page of trialgraph serve: runs Gizmo or named queries against the
// server's API and draws a trial's neighbourhood with Cytoscape.js.
"use strict";

const examples = [
  { label: "umbilical-cord sites", query: "named:sites?cell-source=umbilical-cord" },
  { label: "umbilical-cord trials, phase 2", query: "named:trials?cell-source=umbilical-cord&phase=2" },
  { label: "investigators at Huoshenshan", query: "named:investigators?site=huoshenshan" },
  { label: "umbilical-cord sponsors", query: "named:sponsors?cell-source=umbilical-cord" },
  { label: "PaO2 outcomes", query: "named:outcomes?cell-source=umbilical-cord&match=PaO2" },
  { label: "cell sources", query: "named:cell-sources" },
  { label: "Gizmo: trial titles", query: 'g.V().Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/trialgraph/vocab#Trial>").Tag("trial").Out("<http://schema.org/name>").Tag("title").All()' },
];

const $ = (id) => document.getElementById(id);

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

// ask runs the text of the query box and returns {columns, rows}.
async function ask(text) {
  let resp;
  if (text.startsWith("named:")) {
    const [name, params] = text.slice(6).trim().split("?");
    resp = await fetch("api/v2/named/" + encodeURIComponent(name) + (params ? "?" + params : ""));
  } else {
    resp = await fetch("api/v2/query?lang=gizmo", { method: "POST", body: text });
  }
  const body = await resp.json();
  if (!resp.ok || body.error) throw new Error(body.error || resp.statusText);
  if (body.columns) return { columns: body.columns, rows: body.rows };
  return toTable(body.result || []);
}

// toTable turns Gizmo results (values or tag maps) into columns and rows.
function toTable(results) {
  const cols = new Set();
  for (const r of results) if (r && typeof r === "object") Object.keys(r).forEach((k) => cols.add(k));
  const columns = cols.size ? [...cols].sort() : ["result"];
  const rows = results.map((r) => cols.size ? columns.map((c) => r == null || r[c] == null ? "" : String(r[c])) : [String(r)]);
  return { columns, rows };
}

function show(table) {
  const head = $("results").tHead, body = $("results").tBodies[0];
  head.replaceChildren(); body.replaceChildren();
  const tr = head.insertRow();
  for (const c of table.columns) { const th = document.createElement("th"); th.textContent = c; tr.appendChild(th); }
  for (const row of table.rows) {
    const r = body.insertRow();
    row.forEach((v) => {
      const td = r.insertCell();
      const m = /^(NCT\d{8})$/.exec(v);
      if (m) { // an NCT number draws its neighbourhood
        const a = document.createElement("a");
        a.href = "#"; a.textContent = v;
        a.onclick = (e) => { e.preventDefault(); $("trial").value = m[1]; draw(); };
        td.appendChild(a);
      } else {
        td.textContent = v;
      }
    });
  }
}

async function run() {
  setStatus("running…");
  try {
    const t0 = performance.now();
    const table = await ask($("query").value.trim());
    show(table);
    setStatus(`${table.rows.length} rows in ${Math.round(performance.now() - t0)} ms`);
  } catch (e) {
    show({ columns: [], rows: [] });
    setStatus(e.message, true);
  }
}

const colours = { trial: "#234", site: "#2a7", organization: "#d80", person: "#57c", "cell-source": "#c36" };

let cy = null;
async function draw() {
  const nct = $("trial").value.trim();
  let body;
  try {
    const resp = await fetch("api/v2/named/neighbourhood?trial=" + encodeURIComponent(nct));
    body = await resp.json();
    if (!resp.ok) throw new Error(body.error);
  } catch (e) {
    setStatus(e.message, true);
    return;
  }
  const els = [{ data: { id: nct, label: nct, kind: "trial" } }];
  const seen = new Set([nct]);
  for (const e of body.result) {
    if (!seen.has(e.node)) {
      seen.add(e.node);
      els.push({ data: { id: e.node, label: e.name || e.node.split("/").pop(), kind: e.kind } });
    }
    els.push({ data: { id: e.relation + " " + e.node, source: nct, target: e.node, label: e.relation } });
  }
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $("graph"),
    elements: els,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 9, "text-wrap": "wrap", "text-max-width": 110,
        "background-color": (n) => colours[n.data("kind")] || "#888", width: 14, height: 14 } },
      { selector: "node[kind = 'trial']", style: { width: 26, height: 26, "font-weight": "bold", "font-size": 11 } },
      { selector: "edge", style: { width: 1, "line-color": "#bbb", "curve-style": "straight", label: "data(label)",
        "font-size": 7, color: "#888", "target-arrow-shape": "triangle", "target-arrow-color": "#bbb" } },
    ],
    layout: { name: "concentric", concentric: (n) => n.data("kind") === "trial" ? 2 : 1, levelWidth: () => 1, minNodeSpacing: 30 },
  });
}

function init() {
  for (const ex of examples) {
    const b = document.createElement("button");
    b.type = "button"; b.textContent = ex.label;
    b.onclick = () => { $("query").value = ex.query; };
    $("examples").appendChild(b);
  }
  $("run").onclick = run;
  $("draw").onclick = draw;
  $("query").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
  $("legend").replaceChildren(...Object.entries(colours).map(([k, c]) => {
    const s = document.createElement("span"); const i = document.createElement("i");
    i.style.background = c; s.append(i, k); return s;
  }));
  draw();
}

init();
