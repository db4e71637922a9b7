package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/trialgraph/trialgraph/ontology"
	"github.com/trialgraph/trialgraph/trial"
)

// Named queries answer the questions people ask of a trial graph ("sites
// running umbilical-cord MSC trials") with one Gizmo query each. Every
// parameter is validated and written into the query as a JSON-encoded
// JavaScript string literal, never pasted as raw text, so a parameter cannot
// change the shape of the query. The rows of each query are gathered into
// typed records in Go and sorted, so answers are deterministic.

// ErrBadParam is wrapped by the errors of invalid named-query parameters.
var ErrBadParam = errors.New("bad parameter")

// Querier runs one query; *Store is one, and so is a pool of isolated query
// processes.
type Querier interface {
	Query(ctx context.Context, q string, opts QueryOptions) ([]any, error)
}

// NamedParams are the parameters of the named queries; each query reads the
// ones its Params list names and ignores the others.
type NamedParams struct {
	CellSource string // slug, such as umbilical-cord
	Country    string // ISO 3166 alpha-2 code or country name
	Phase      string // PHASE2, "Phase 2", 2, EARLY_PHASE1, NA
	Status     string // RECRUITING, "Not yet recruiting", ...
	Sponsor    string // part of an organisation's name, any case
	Site       string // part of a site's name, any case, or a site IRI
	Match      string // regular expression, any case
	Trial      string // NCT number

	// noGraphNodeIndex is set for a store without GraphNodeIndex (see
	// withStore); it is not a parameter.
	noGraphNodeIndex bool
}

// Param names as flags and URL query parameters spell them.
const (
	ParamCellSource = "cell-source"
	ParamCountry    = "country"
	ParamPhase      = "phase"
	ParamStatus     = "status"
	ParamSponsor    = "sponsor"
	ParamSite       = "site"
	ParamMatch      = "match"
	ParamTrial      = "trial"
)

// Set sets the parameter called name (a Param constant).
func (p *NamedParams) Set(name, value string) error {
	switch name {
	case ParamCellSource:
		p.CellSource = value
	case ParamCountry:
		p.Country = value
	case ParamPhase:
		p.Phase = value
	case ParamStatus:
		p.Status = value
	case ParamSponsor:
		p.Sponsor = value
	case ParamSite:
		p.Site = value
	case ParamMatch:
		p.Match = value
	case ParamTrial:
		p.Trial = value
	default:
		return fmt.Errorf("%w: unknown parameter %q", ErrBadParam, name)
	}
	return nil
}

// Answer is the result of a named query.
type Answer struct {
	Query   string     // the Gizmo query that ran
	Columns []string   // column names of Cells
	Cells   [][]string // rows as text, for tables and CSV
	Rows    any        // the typed rows ([]SiteRow, ...), for JSON
}

// NamedQuery describes one named query.
type NamedQuery struct {
	Name   string
	Short  string   // one line of help
	Params []string // the parameters it reads (Param constants)
	// Text returns the Gizmo query for the parameters.
	Text func(p NamedParams) (string, error)
	// Run runs the query and gathers its rows.
	Run func(ctx context.Context, q Querier, p NamedParams) (*Answer, error)
}

// NamedQueries returns the named queries in a fixed order.
func NamedQueries() []NamedQuery {
	return []NamedQuery{
		{Name: "sites", Short: "sites (facilities) running trials of a cell source",
			Params: []string{ParamCellSource, ParamCountry}, Text: SitesQuery,
			Run: func(ctx context.Context, q Querier, p NamedParams) (*Answer, error) {
				rows, text, err := Sites(ctx, q, p)
				return answer(text, rows, err, []string{"name", "city", "country", "trials", "site"}, func(r SiteRow) []string {
					return []string{r.Name, r.City, r.Country, strings.Join(r.Trials, " "), r.Site}
				})
			}},
		{Name: "trials", Short: "trials by cell source, phase, status, country and sponsor",
			Params: []string{ParamCellSource, ParamPhase, ParamStatus, ParamCountry, ParamSponsor}, Text: TrialsQuery,
			Run: func(ctx context.Context, q Querier, p NamedParams) (*Answer, error) {
				rows, text, err := Trials(ctx, q, p)
				return answer(text, rows, err, []string{"trial", "status", "phases", "cell_sources", "title"}, func(r TrialRow) []string {
					return []string{r.Trial, r.Status, strings.Join(r.Phases, " "), strings.Join(r.CellSources, " "), r.Title}
				})
			}},
		{Name: "investigators", Short: "investigators of the trials at a site, and the other trials they run",
			Params: []string{ParamSite}, Text: InvestigatorsQuery,
			Run: func(ctx context.Context, q Querier, p NamedParams) (*Answer, error) {
				rows, text, err := Investigators(ctx, q, p)
				return answer(text, rows, err, []string{"name", "roles", "site", "trials", "other_trials"}, func(r InvestigatorRow) []string {
					return []string{r.Name, strings.Join(r.Roles, " "), r.SiteName, strings.Join(r.Trials, " "), strings.Join(r.OtherTrials, " ")}
				})
			}},
		{Name: "sponsors", Short: "lead sponsors and collaborators of the trials of a cell source",
			Params: []string{ParamCellSource}, Text: SponsorsQuery,
			Run: func(ctx context.Context, q Querier, p NamedParams) (*Answer, error) {
				rows, text, err := Sponsors(ctx, q, p)
				return answer(text, rows, err, []string{"name", "role", "trials", "org"}, func(r SponsorRow) []string {
					return []string{r.Name, r.Role, strings.Join(r.Trials, " "), r.Org}
				})
			}},
		{Name: "outcomes", Short: "outcome measures of the trials of a cell source that match a pattern",
			Params: []string{ParamCellSource, ParamMatch}, Text: OutcomesQuery,
			Run: func(ctx context.Context, q Querier, p NamedParams) (*Answer, error) {
				rows, text, err := Outcomes(ctx, q, p)
				return answer(text, rows, err, []string{"trial", "kind", "measure", "time_frame"}, func(r OutcomeRow) []string {
					return []string{r.Trial, r.Kind, r.Measure, r.TimeFrame}
				})
			}},
		{Name: "cell-sources", Short: "cell sources and how many trials use each",
			Text: func(NamedParams) (string, error) { return CellSourcesQuery(), nil },
			Run: func(ctx context.Context, q Querier, p NamedParams) (*Answer, error) {
				rows, text, err := CellSourceCounts(ctx, q)
				return answer(text, rows, err, []string{"cell_source", "label", "trials"}, func(r CellSourceRow) []string {
					return []string{r.Slug, r.Label, fmt.Sprint(r.Trials)}
				})
			}},
		{Name: "neighbourhood", Short: "the sites, sponsors, investigators and cell sources of one trial",
			Params: []string{ParamTrial}, Text: NeighbourhoodQuery,
			Run: func(ctx context.Context, q Querier, p NamedParams) (*Answer, error) {
				rows, text, err := Neighbourhood(ctx, q, p)
				return answer(text, rows, err, []string{"relation", "kind", "name", "node"}, func(r EdgeRow) []string {
					return []string{r.Relation, r.Kind, r.Name, r.Node}
				})
			}},
	}
}

// LookupNamed returns the named query called name, or an error listing the
// valid names.
func LookupNamed(name string) (NamedQuery, error) {
	var names []string
	for _, n := range NamedQueries() {
		if n.Name == name {
			return n, nil
		}
		names = append(names, n.Name)
	}
	return NamedQuery{}, fmt.Errorf("%w: unknown named query %q (valid: %s)", ErrBadParam, name, strings.Join(names, ", "))
}

func answer[T any](text string, rows []T, err error, cols []string, cells func(T) []string) (*Answer, error) {
	if err != nil {
		return nil, err
	}
	a := &Answer{Query: text, Columns: cols, Rows: rows, Cells: [][]string{}}
	for _, r := range rows {
		a.Cells = append(a.Cells, cells(r))
	}
	return a, nil
}

// Row types. IRIs are written without angle brackets; trials by NCT number.

// SiteRow is one site of the sites query.
type SiteRow struct {
	Site    string   `json:"site"`
	Name    string   `json:"name"`
	City    string   `json:"city,omitempty"`
	Country string   `json:"country,omitempty"`
	Trials  []string `json:"trials"`
}

// TrialRow is one trial of the trials query.
type TrialRow struct {
	Trial       string   `json:"trial"`
	Title       string   `json:"title,omitempty"`
	Status      string   `json:"status,omitempty"`
	Phases      []string `json:"phases"`
	CellSources []string `json:"cell_sources"`
}

// InvestigatorRow is one person of the investigators query.
type InvestigatorRow struct {
	Person      string   `json:"person"`
	Name        string   `json:"name"`
	Roles       []string `json:"roles"`
	Site        string   `json:"site"`
	SiteName    string   `json:"site_name"`
	Trials      []string `json:"trials"`       // their trials at the site
	OtherTrials []string `json:"other_trials"` // their trials elsewhere
}

// SponsorRow is one organisation in one role of the sponsors query.
type SponsorRow struct {
	Org    string   `json:"org"`
	Name   string   `json:"name"`
	Role   string   `json:"role"` // leadSponsor or collaborator
	Trials []string `json:"trials"`
}

// OutcomeRow is one outcome measure of the outcomes query.
type OutcomeRow struct {
	Trial     string `json:"trial"`
	Kind      string `json:"kind"` // primary, secondary, other, unspecified
	Measure   string `json:"measure"`
	TimeFrame string `json:"time_frame,omitempty"`
	Outcome   string `json:"outcome"`
}

// CellSourceRow counts the trials of one cell source.
type CellSourceRow struct {
	Slug   string `json:"cell_source"`
	Label  string `json:"label"`
	Trials int    `json:"trials"`
}

// EdgeRow is one edge from a trial to a neighbour.
type EdgeRow struct {
	Trial    string `json:"trial"`
	Relation string `json:"relation"` // local name of the predicate
	Kind     string `json:"kind"`     // site, organization, person, cell-source
	Node     string `json:"node"`
	Name     string `json:"name"`
}

// js returns s as a JavaScript string literal.
// JSON string syntax is a subset of JavaScript's (U+2028 and U+2029 are
// escaped too), so the value cannot end the literal early.
func js(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// jsIRI returns the Gizmo spelling of an IRI as a string literal.
func jsIRI(iri string) string { return js("<" + iri + ">") }

func jsIRIs(iris ...string) string {
	parts := make([]string, len(iris))
	for i, s := range iris {
		parts[i] = jsIRI(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

var (
	roleProps    = []string{ontology.PrincipalInvestigator, ontology.StudyChair, ontology.StudyDirector, ontology.SubInvestigator, ontology.Official}
	sponsorProps = []string{ontology.LeadSponsor, ontology.Collaborator}
	outcomeProps = []string{ontology.PrimaryOutcome, ontology.SecondaryOutcome, ontology.OtherOutcome, ontology.OutcomeProp}
)

// cellSourceIRI checks a cell-source slug.
func cellSourceIRI(slug string) (string, error) {
	slug = strings.TrimSpace(slug)
	if _, ok := ontology.LookupCellSource(slug); ok {
		return DefaultBase + "cell-source/" + slug, nil
	}
	var valid []string
	for _, c := range ontology.CellSources() {
		valid = append(valid, c.Slug)
	}
	sort.Strings(valid)
	return "", fmt.Errorf("%w: unknown cell source %q (valid: %s)", ErrBadParam, slug, strings.Join(valid, ", "))
}

// The named queries are Gizmo programs in two phases, so that their time and
// answers grow with the quads they read and not with products of them. In a
// trialgraph store every trial is its own named graph, and a shared node (an
// organisation, a site, a person) has its name, city and country asserted
// again in every trial graph that mentions it; Cayley v0.7.7 enumerates every
// path, so a path that walks to a shared node and then saves its properties
// (.SaveOpt) yields one result per combination of those copies: a site named,
// placed and located in 20 trial graphs gave 20×20×20 results for each of its
// trials. So phase one walks the edges and collects node IRIs only
// (TagArray, ToArray), de-duplicated in JavaScript; phase two reads the
// properties of each distinct node once per quad (props); then each edge is
// emitted once (g.Emit) with its node's distinct property values as arrays.
// One result is one edge, so a result limit (serve --limit) cuts whole rows.

// queryHelpers are the JavaScript functions the named queries call. They end
// each query (function declarations are hoisted), so the query proper comes
// first. from(nodes) starts a path at a set of nodes, and at a node that
// does not exist when the set is empty, since g.V() with no nodes means all
// nodes. edges(start, dir, preds, a, p, b) walks from the path start along
// each of preds ("Out" or "In") and returns the edges as objects {a: node,
// p: predicate, b: node} (no p when p is ""); one walk per predicate, since
// Cayley v0.7.7 plans a walk that tags its predicate by scanning. props(nodes,
// preds, vals) maps each node to each predicate to its distinct values,
// adding to vals if given; inGraphs(rows, gtag, ntag, preds, vals) does the
// same for the node tagged ntag of each row, reading only the statements in
// the graph of the trial tagged gtag (graphOf: base/trial/NCT… is named
// base/graph/NCT…, see Builder.GraphIRI), node by node if perNode (one
// exact lookup each in a store with GraphNodeIndex; a scan without it), or
// all of a graph's nodes at once; having(nodes, vals, pred, value) keeps the nodes
// with that value. emit(rows, tags, vals, fields) emits each row with the
// tags named, and each field (key: [tag of a node, predicate]) whose node has
// values of the predicate; for many nodes it reads the predicates of
// scannedProps by scanning them. matching(nodes, pred, re) keeps the nodes with a
// value of pred matching re, by asking of each node for a few nodes and by
// scanning every node's values for many.
var queryHelpers = fmt.Sprintf(`
function uniq(a) { var seen = Object.create(null), out = []; for (var i = 0; i < a.length; i++) { if (!(a[i] in seen)) { seen[a[i]] = true; out.push(a[i]); } } return out; }
function set(a) { var s = Object.create(null); for (var i = 0; i < a.length; i++) { s[a[i]] = true; } return s; }
function col(rows, tag) { var out = []; for (var i = 0; i < rows.length; i++) { out.push(rows[i][tag]); } return uniq(out); }
function keep(a, members) { var s = set(members), out = []; for (var i = 0; i < a.length; i++) { if (a[i] in s) { out.push(a[i]); } } return out; }
function pick(rows, tag, members) { var s = set(members), out = []; for (var i = 0; i < rows.length; i++) { if (rows[i][tag] in s) { out.push(rows[i]); } } return out; }
function from(nodes) { return g.V.apply(g, nodes.length ? nodes : [%[1]s]); }
function edges(start, dir, preds, a, p, b) {
  var out = [];
  for (var k = 0; k < preds.length; k++) {
    var rows = start.Tag(a)[dir](preds[k]).Tag(b).TagArray();
    for (var i = 0; i < rows.length; i++) { var o = {}; o[a] = rows[i][a]; if (p) { o[p] = preds[k]; } o[b] = rows[i][b]; out.push(o); }
  }
  return out;
}
function props(nodes, preds, vals) {
  vals = vals || Object.create(null);
  if (!nodes.length) { return vals; }
  var start = g.V.apply(g, nodes), members = nodes.length > %[3]d ? set(nodes) : null, scan = {%[4]s};
  for (var k = 0; k < preds.length; k++) {
    var few = !(members && scan[preds[k]]), rows = (few ? start : g.V()).Tag("n").Out(preds[k]).Tag("v").TagArray();
    for (var i = 0; i < rows.length; i++) {
      if (!few && !(rows[i].n in members)) { continue; }
      var r = rows[i], m = vals[r.n] || (vals[r.n] = Object.create(null)), l = m[preds[k]] || (m[preds[k]] = []);
      if (l.indexOf(r.v) < 0) { l.push(r.v); }
    }
  }
  return vals;
}
function inGraphs(rows, gtag, ntag, preds, vals, perNode) {
  vals = vals || Object.create(null);
  var by = Object.create(null), gs = [];
  for (var i = 0; i < rows.length; i++) { var k = rows[i][gtag]; if (!(k in by)) { by[k] = []; gs.push(k); } by[k].push(rows[i][ntag]); }
  function add(n, p, v) { var m = vals[n] || (vals[n] = Object.create(null)), l = m[p] || (m[p] = []); if (l.indexOf(v) < 0) { l.push(v); } }
  for (var j = 0; j < gs.length; j++) {
    var ns = uniq(by[gs[j]]), gr = graphOf(gs[j]);
    for (var k = 0; k < preds.length; k++) {
      if (perNode) {
        for (var n = 0; n < ns.length; n++) { var res = g.V(ns[n]).LabelContext(gr).Out(preds[k]).ToArray(); for (var i = 0; i < res.length; i++) { add(ns[n], preds[k], res[i]); } }
      } else {
        var res = g.V.apply(g, ns).LabelContext(gr).Tag("n").Out(preds[k]).Tag("v").TagArray();
        for (var i = 0; i < res.length; i++) { add(res[i].n, preds[k], res[i].v); }
      }
    }
  }
  return vals;
}
function graphOf(t) { return t.replace(/\/trial\/([^\/>]*)>$/, "/graph/$1>"); }
function having(nodes, vals, pred, value) { var out = []; for (var i = 0; i < nodes.length; i++) { var m = vals[nodes[i]]; if (m && m[pred] && m[pred].indexOf(value) >= 0) { out.push(nodes[i]); } } return out; }
function matching(nodes, pred, re) { return nodes.length > %[2]d ? keep(nodes, g.V().Has(pred, re).ToArray()) : uniq(from(nodes).Has(pred, re).ToArray()); }
function emit(rows, tags, vals, fields) {
  for (var i = 0; i < rows.length; i++) {
    var r = rows[i], o = {};
    for (var j = 0; j < tags.length; j++) { o[tags[j]] = r[tags[j]]; }
    for (var f in fields) { var m = vals[r[fields[f][0]]], v = m && m[fields[f][1]]; if (v) { o[f] = v; } }
    g.Emit(o);
  }
}
`, jsIRI(DefaultBase+"none"), regexScanAbove, propScanAbove, scanProps())

// propScanAbove is the number of nodes above which props reads a
// predicate of scannedProps by scanning all its statements rather than
// node by node: over 10,000 trials, 0.35 s against 1.5 s for tg:phase.
const propScanAbove = 1000

// scannedProps are predicates whose statements are few next to the nodes
// the named queries ask about in bulk: they leave trials (and cell-source
// assignments) only. schema:name, which every kind of node has, is not one.
var scannedProps = []string{ontology.OverallStatus, ontology.Phase, ontology.CellSourceProp, ontology.LastKnownStatus}

func scanProps() string {
	parts := make([]string, len(scannedProps))
	for i, p := range scannedProps {
		parts[i] = jsIRI(p) + ": true"
	}
	return strings.Join(parts, ", ")
}

// regexScanAbove is the number of nodes above which matching scans every
// node's values instead of asking of each node: Cayley v0.7.7 took about 2
// ms a node for the one, and 4 s for the other over 10,000 trials.
const regexScanAbove = 1000

// program joins the statements of a query and appends the helpers.
func program(stmts ...string) string {
	return strings.Join(stmts, "\n") + "\n" + queryHelpers
}

// fields returns the JavaScript object literal of emit's fields argument;
// each field is three strings: its key, the tag of its node and the
// predicate IRI.
func fields(f ...string) string {
	parts := make([]string, 0, len(f)/3)
	for i := 0; i+2 < len(f); i += 3 {
		parts = append(parts, fmt.Sprintf("%s: [%s, %s]", js(f[i]), js(f[i+1]), jsIRI(f[i+2])))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// trialsVar returns the JavaScript that sets trials to the distinct trials of
// a cell source, or to all trials.
func trialsVar(cellSource string) (string, error) {
	if cellSource == "" {
		return fmt.Sprintf("var trials = uniq(g.V().Has(%s, %s).ToArray());", jsIRI(ontology.RDFType), jsIRI(ontology.Trial)), nil
	}
	cs, err := cellSourceIRI(cellSource)
	if err != nil {
		return "", err
	}
	// The trials are collected first and the path starts again from them:
	// Cayley v0.7.7 plans a step such as .Out(tg:site) after a nested
	// path by scanning every tg:site quad and testing each against the
	// nested path, which took seconds on a few hundred trials; from a fixed
	// set of nodes it uses the indexes (see kvIndexes). The Has step keeps
	// the trials, not their cell-source assignments.
	return fmt.Sprintf("var trials = g.V(%s).In(%s).Has(%s, %s).ToArray();\ntrials = uniq(trials);",
		jsIRI(cs), jsIRI(ontology.CellSourceProp), jsIRI(ontology.RDFType), jsIRI(ontology.Trial)), nil
}

// trialEdges returns the statements that set pairs to the edges from the
// trials of a cell source (all trials when cellSource is empty) along preds,
// tagged trial, predTag and nodeTag. For all trials the walk starts from
// every node, which is much faster than starting from the trials; when one
// of preds leaves other nodes too (tg:site leaves site participations),
// onlyTrials keeps the edges from trials.
func trialEdges(cellSource string, preds []string, predTag, nodeTag string, onlyTrials bool) ([]string, error) {
	walk := fmt.Sprintf(", \"Out\", %s, \"trial\", %s, %s);", jsIRIs(preds...), js(predTag), js(nodeTag))
	if cellSource == "" {
		if onlyTrials {
			return []string{fmt.Sprintf("var trials = g.V().Has(%s, %s).ToArray();", jsIRI(ontology.RDFType), jsIRI(ontology.Trial)),
				"var pairs = pick(edges(g.V()" + walk[:len(walk)-2] + "), \"trial\", trials);"}, nil
		}
		return []string{"var pairs = edges(g.V()" + walk}, nil
	}
	tv, err := trialsVar(cellSource)
	if err != nil {
		return nil, err
	}
	return []string{tv, "var pairs = edges(from(trials)" + walk}, nil
}

// nodeProps returns a JavaScript expression (a statement when vals is set)
// that reads preds of the nodes of the edges in pairs, tagged nodeTag, from
// the trials' side. A shared node (a site, an organisation) has its name
// and place asserted again in every trial graph that mentions it, and the
// rows of a query give a node's values from the graphs of the row's trials.
// Over all trials those are all its statements, read by props, node by
// node; for the trials of a cell source, inGraphs reads each trial's own
// graph only, node by node through the label–subject–predicate index
// (GraphNodeIndex), so the time grows with the trials in the answer and not
// with how many trials elsewhere share its sites.
func nodeProps(p NamedParams, nodes, nodeTag string, preds []string, vals string) string {
	if p.CellSource == "" {
		if vals == "" {
			return fmt.Sprintf("props(%s, %s);", nodes, jsIRIs(preds...))
		}
		return fmt.Sprintf("props(%s, %s, %s);", nodes, jsIRIs(preds...), vals)
	}
	if vals == "" {
		vals = "null"
	}
	return fmt.Sprintf("inGraphs(pairs, \"trial\", %s, %s, %s, %t);", js(nodeTag), jsIRIs(preds...), vals, !p.noGraphNodeIndex)
}

// withStore sets what p's queries need to know of the store q reads: a
// Querier that has a GraphNodeIndex method tells whether its store has
// that index; others are taken to have it, as every store made now has.
func withStore(q Querier, p NamedParams) NamedParams {
	if ix, ok := q.(interface{ GraphNodeIndex() bool }); ok {
		p.noGraphNodeIndex = !ix.GraphNodeIndex()
	}
	return p
}

func countryIRI(c string) (string, error) {
	code := CountryCode(c)
	if code == "" {
		return "", fmt.Errorf("%w: unknown country %q (give an ISO 3166 code such as CN, or a name)", ErrBadParam, c)
	}
	return DefaultBase + "country/" + code, nil
}

// nameRegexp returns a case-insensitive regular expression matching text
// anywhere in a name.
func nameRegexp(text string) string { return "(?i)" + regexp.QuoteMeta(strings.TrimSpace(text)) }

// SitesQuery returns the Gizmo query of Sites.
func SitesQuery(p NamedParams) (string, error) {
	stmts, err := trialEdges(p.CellSource, []string{ontology.SiteProp}, "", "site", true)
	if err != nil {
		return "", err
	}
	stmts = append(stmts, "var sites = col(pairs, \"site\");",
		"var vals = "+nodeProps(p, "sites", "site", []string{ontology.Country}, ""))
	if p.Country != "" {
		c, err := countryIRI(p.Country)
		if err != nil {
			return "", err
		}
		stmts = append(stmts,
			fmt.Sprintf("sites = having(sites, vals, %s, %s);", jsIRI(ontology.Country), jsIRI(c)),
			"pairs = pick(pairs, \"site\", sites);")
	}
	stmts = append(stmts,
		nodeProps(p, "sites", "site", []string{ontology.SchemaName, ontology.SchemaAddressLocality}, "vals"),
		fmt.Sprintf("emit(pairs, [\"trial\", \"site\"], vals, %s);",
			fields("name", "site", ontology.SchemaName, "city", "site", ontology.SchemaAddressLocality, "country", "site", ontology.Country)))
	return program(stmts...), nil
}

// Sites returns the sites running trials of a cell source (all sites when
// p.CellSource is empty), in a country if p.Country is set, sorted by name.
func Sites(ctx context.Context, q Querier, p NamedParams) ([]SiteRow, string, error) {
	text, err := SitesQuery(withStore(q, p))
	if err != nil {
		return nil, "", err
	}
	res, err := runDirect(ctx, q, text, p, (*Store).directSites)
	if err != nil {
		return nil, text, err
	}
	bySite := map[string]*SiteRow{}
	for _, r := range tagged(res) {
		site := r.iri("site")
		row := bySite[site]
		if row == nil {
			row = &SiteRow{Site: site}
			bySite[site] = row
		}
		for _, v := range r.strs("name") {
			setFirst(&row.Name, v)
		}
		for _, v := range r.strs("city") {
			setFirst(&row.City, v)
		}
		for _, v := range r.strs("country") {
			setFirst(&row.Country, strings.TrimPrefix(unbracket(v), DefaultBase+"country/"))
		}
		row.Trials = addSorted(row.Trials, nct(r.iri("trial")))
	}
	out := values(bySite)
	sort.Slice(out, func(i, j int) bool { return less(out[i].Name, out[j].Name, out[i].Site, out[j].Site) })
	return out, text, nil
}

// TrialsQuery returns the Gizmo query of Trials.
func TrialsQuery(p NamedParams) (string, error) {
	tv, err := trialsVar(p.CellSource)
	if err != nil {
		return "", err
	}
	stmts := []string{tv}
	var filters []string // on the trials' properties
	if p.Phase != "" {
		phase := strings.TrimSpace(p.Phase)
		if len(phase) == 1 && phase >= "1" && phase <= "4" {
			phase = "PHASE" + phase
		}
		ph := trial.NormalizePhase(phase)
		if len(ph) != 1 {
			return "", fmt.Errorf("%w: unknown phase %q (valid: EARLY_PHASE1, PHASE1, PHASE2, PHASE3, PHASE4, NA)", ErrBadParam, p.Phase)
		}
		filters = append(filters, fmt.Sprintf("trials = having(trials, vals, %s, %s);", jsIRI(ontology.Phase), js(ph[0])))
	}
	if p.Status != "" {
		st := trial.EnumName(p.Status)
		if st == "" {
			return "", fmt.Errorf("%w: empty status %q (such as RECRUITING, COMPLETED)", ErrBadParam, p.Status)
		}
		filters = append(filters, fmt.Sprintf("trials = having(trials, vals, %s, %s);", jsIRI(ontology.OverallStatus), js(st)))
	}
	if p.Country != "" {
		c, err := countryIRI(p.Country)
		if err != nil {
			return "", err
		}
		// In(tg:site) reaches site participations too; keep() leaves them out.
		stmts = append(stmts,
			fmt.Sprintf("var sites = uniq(g.V(%s).In(%s).ToArray());", jsIRI(c), jsIRI(ontology.Country)),
			fmt.Sprintf("trials = keep(trials, from(sites).In(%s).ToArray());", jsIRI(ontology.SiteProp)))
	}
	if strings.TrimSpace(p.Sponsor) != "" {
		stmts = append(stmts,
			fmt.Sprintf("var orgs = uniq(g.V().Has(%s, %s).Has(%s, regex(%s)).ToArray());",
				jsIRI(ontology.RDFType), jsIRI(ontology.SchemaOrganization), jsIRI(ontology.SchemaName), js(nameRegexp(p.Sponsor))),
			fmt.Sprintf("trials = keep(trials, from(orgs).In(%s).ToArray());", jsIRIs(sponsorProps...)))
	}
	stmts = append(stmts, fmt.Sprintf("var vals = props(trials, %s);", jsIRIs(ontology.SchemaName, ontology.OverallStatus, ontology.Phase, ontology.CellSourceProp)))
	stmts = append(stmts, filters...)
	stmts = append(stmts,
		"var rows = [];",
		"for (var i = 0; i < trials.length; i++) { rows.push({trial: trials[i]}); }",
		fmt.Sprintf("emit(rows, [\"trial\"], vals, %s);",
			fields("title", "trial", ontology.SchemaName, "status", "trial", ontology.OverallStatus,
				"phase", "trial", ontology.Phase, "cellSource", "trial", ontology.CellSourceProp)))
	return program(stmts...), nil
}

// Trials returns the trials matching every filter that is set, sorted by
// NCT number.
func Trials(ctx context.Context, q Querier, p NamedParams) ([]TrialRow, string, error) {
	text, err := TrialsQuery(p)
	if err != nil {
		return nil, "", err
	}
	res, err := runDirect(ctx, q, text, p, (*Store).directTrials)
	if err != nil {
		return nil, text, err
	}
	byTrial := map[string]*TrialRow{}
	for _, r := range tagged(res) {
		id := nct(r.iri("trial"))
		row := byTrial[id]
		if row == nil {
			row = &TrialRow{Trial: id, Phases: []string{}, CellSources: []string{}}
			byTrial[id] = row
		}
		for _, v := range r.strs("title") {
			setFirst(&row.Title, v)
		}
		for _, v := range r.strs("status") {
			setFirst(&row.Status, v)
		}
		for _, v := range r.strs("phase") {
			row.Phases = addSorted(row.Phases, v)
		}
		for _, v := range r.strs("cellSource") {
			row.CellSources = addSorted(row.CellSources, strings.TrimPrefix(unbracket(v), DefaultBase+"cell-source/"))
		}
	}
	out := values(byTrial)
	sort.Slice(out, func(i, j int) bool { return out[i].Trial < out[j].Trial })
	return out, text, nil
}

// InvestigatorsQuery returns the Gizmo query of Investigators.
func InvestigatorsQuery(p NamedParams) (string, error) {
	site := strings.TrimSpace(p.Site)
	var stmts []string
	switch {
	case site == "":
		return "", fmt.Errorf("%w: investigators needs a site (part of its name, or its IRI)", ErrBadParam)
	case strings.Contains(site, "://"):
		stmts = []string{fmt.Sprintf("var sites = [%s];", jsIRI(strings.Trim(site, "<>")))}
	default:
		// A site is named and typed in every trial graph that mentions it.
		stmts = []string{
			fmt.Sprintf("var sites = uniq(g.V().Has(%s, %s).Has(%s, regex(%s)).ToArray());",
				jsIRI(ontology.RDFType), jsIRI(ontology.Site), jsIRI(ontology.SchemaName), js(nameRegexp(site))),
		}
	}
	return program(append(stmts,
		// In(tg:site) reaches site participations too; only trials are kept.
		fmt.Sprintf("var pairs = edges(from(sites), \"In\", %s, \"site\", \"\", \"trial\");", jsIRIs(ontology.SiteProp)),
		"var trials = col(pairs, \"trial\");",
		fmt.Sprintf("trials = having(trials, props(trials, %s), %s, %s);", jsIRIs(ontology.RDFType), jsIRI(ontology.RDFType), jsIRI(ontology.Trial)),
		"pairs = pick(pairs, \"trial\", trials);",
		fmt.Sprintf("var roles = edges(from(trials), \"Out\", %s, \"trial\", \"role\", \"person\");", jsIRIs(roleProps...)),
		"var people = col(roles, \"person\");",
		fmt.Sprintf("var others = edges(from(people), \"In\", %s, \"person\", \"\", \"other\");", jsIRIs(roleProps...)),
		"var elsewhere = Object.create(null), at = Object.create(null);",
		"for (var i = 0; i < others.length; i++) { var o = others[i]; (elsewhere[o.person] = elsewhere[o.person] || []).push(o.other); }",
		"for (var i = 0; i < pairs.length; i++) { var s = pairs[i]; (at[s.trial] = at[s.trial] || []).push(s.site); }",
		fmt.Sprintf("var vals = props(uniq(col(pairs, \"site\").concat(people)), %s);", jsIRIs(ontology.SchemaName)),
		"var rows = [];",
		"for (var i = 0; i < roles.length; i++) {",
		"  var r = roles[i], ss = uniq(at[r.trial]);",
		"  for (var j = 0; j < ss.length; j++) { rows.push({site: ss[j], trial: r.trial, role: r.role, person: r.person, other: uniq(elsewhere[r.person])}); }",
		"}",
		fmt.Sprintf("emit(rows, [\"site\", \"trial\", \"role\", \"person\", \"other\"], vals, %s);",
			fields("name", "person", ontology.SchemaName, "siteName", "site", ontology.SchemaName)),
	)...), nil
}

// Investigators returns the officials (principal investigators, chairs,
// directors) of the trials at the sites matching p.Site, with the trials
// they run there and elsewhere, sorted by site and name.
func Investigators(ctx context.Context, q Querier, p NamedParams) ([]InvestigatorRow, string, error) {
	text, err := InvestigatorsQuery(p)
	if err != nil {
		return nil, "", err
	}
	res, err := q.Query(ctx, text, QueryOptions{})
	if err != nil {
		return nil, text, err
	}
	type key struct{ site, person string }
	rows := map[key]*InvestigatorRow{}
	others := map[key][]string{}
	for _, r := range tagged(res) {
		k := key{r.iri("site"), r.iri("person")}
		row := rows[k]
		if row == nil {
			row = &InvestigatorRow{Person: k.person, Site: k.site, Roles: []string{}, Trials: []string{}, OtherTrials: []string{}}
			rows[k] = row
		}
		for _, v := range r.strs("name") {
			setFirst(&row.Name, v)
		}
		for _, v := range r.strs("siteName") {
			setFirst(&row.SiteName, v)
		}
		row.Roles = addSorted(row.Roles, localName(r.iri("role")))
		row.Trials = addSorted(row.Trials, nct(r.iri("trial")))
		for _, v := range r.strs("other") {
			others[k] = addSorted(others[k], nct(unbracket(v)))
		}
	}
	out := make([]InvestigatorRow, 0, len(rows))
	for k, row := range rows {
		for _, o := range others[k] {
			if !contains(row.Trials, o) {
				row.OtherTrials = append(row.OtherTrials, o)
			}
		}
		out = append(out, *row)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].SiteName != out[j].SiteName {
			return out[i].SiteName < out[j].SiteName
		}
		if out[i].Name != out[j].Name || out[i].Person != out[j].Person {
			return less(out[i].Name, out[j].Name, out[i].Person, out[j].Person)
		}
		return out[i].Site < out[j].Site // sites of one name
	})
	return out, text, nil
}

// SponsorsQuery returns the Gizmo query of Sponsors.
func SponsorsQuery(p NamedParams) (string, error) {
	stmts, err := trialEdges(p.CellSource, sponsorProps, "role", "org", false)
	if err != nil {
		return "", err
	}
	return program(append(stmts,
		"var vals = "+nodeProps(p, "col(pairs, \"org\")", "org", []string{ontology.SchemaName}, ""),
		fmt.Sprintf("emit(pairs, [\"trial\", \"role\", \"org\"], vals, %s);", fields("name", "org", ontology.SchemaName)))...), nil
}

// Sponsors returns the lead sponsors and collaborators of the trials of a
// cell source, lead sponsors first, then by name.
func Sponsors(ctx context.Context, q Querier, p NamedParams) ([]SponsorRow, string, error) {
	text, err := SponsorsQuery(withStore(q, p))
	if err != nil {
		return nil, "", err
	}
	res, err := runDirect(ctx, q, text, p, (*Store).directSponsors)
	if err != nil {
		return nil, text, err
	}
	type key struct{ org, role string }
	rows := map[key]*SponsorRow{}
	for _, r := range tagged(res) {
		k := key{r.iri("org"), localName(r.iri("role"))}
		row := rows[k]
		if row == nil {
			row = &SponsorRow{Org: k.org, Role: k.role}
			rows[k] = row
		}
		for _, v := range r.strs("name") {
			setFirst(&row.Name, v)
		}
		row.Trials = addSorted(row.Trials, nct(r.iri("trial")))
	}
	out := values(rows)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Role != out[j].Role {
			return out[i].Role == "leadSponsor"
		}
		return less(out[i].Name, out[j].Name, out[i].Org, out[j].Org)
	})
	return out, text, nil
}

// OutcomesQuery returns the Gizmo query of Outcomes.
func OutcomesQuery(p NamedParams) (string, error) {
	stmts, err := trialEdges(p.CellSource, outcomeProps, "kind", "outcome", false)
	if err != nil {
		return "", err
	}
	stmts = append(stmts, "var outcomes = col(pairs, \"outcome\");")
	if p.Match != "" {
		re := "(?i)" + p.Match
		if _, err := regexp.Compile(re); err != nil {
			return "", fmt.Errorf("%w: --match: %v", ErrBadParam, err)
		}
		stmts = append(stmts,
			fmt.Sprintf("outcomes = matching(outcomes, %s, regex(%s));", jsIRI(ontology.SchemaName), js(re)),
			"pairs = pick(pairs, \"outcome\", outcomes);")
	}
	return program(append(stmts,
		fmt.Sprintf("var vals = props(outcomes, %s);", jsIRIs(ontology.SchemaName, ontology.TimeFrame)),
		fmt.Sprintf("emit(pairs, [\"trial\", \"kind\", \"outcome\"], vals, %s);",
			fields("measure", "outcome", ontology.SchemaName, "timeFrame", "outcome", ontology.TimeFrame)))...), nil
}

// Outcomes returns the outcome measures of the trials of a cell source
// whose measure matches p.Match, a regular expression that ignores case
// (plain text matches as a substring), sorted by trial and outcome.
func Outcomes(ctx context.Context, q Querier, p NamedParams) ([]OutcomeRow, string, error) {
	text, err := OutcomesQuery(p)
	if err != nil {
		return nil, "", err
	}
	res, err := runDirect(ctx, q, text, p, (*Store).directOutcomes)
	if err != nil {
		return nil, text, err
	}
	rows := map[string]*OutcomeRow{}
	for _, r := range tagged(res) {
		o := r.iri("outcome")
		row := rows[o]
		if row == nil {
			kind := strings.TrimSuffix(localName(r.iri("kind")), "Outcome")
			if kind == "outcome" {
				kind = "unspecified"
			}
			row = &OutcomeRow{Outcome: o, Trial: nct(r.iri("trial")), Kind: kind}
			rows[o] = row
		}
		for _, v := range r.strs("measure") {
			setFirst(&row.Measure, v)
		}
		for _, v := range r.strs("timeFrame") {
			setFirst(&row.TimeFrame, v)
		}
	}
	out := values(rows)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Trial != out[j].Trial {
			return out[i].Trial < out[j].Trial
		}
		return outcomeOrder(out[i].Outcome) < outcomeOrder(out[j].Outcome)
	})
	return out, text, nil
}

// outcomeOrder sorts outcome IRIs (…/outcome/<kind>/<n>) by kind, then
// numerically by n.
func outcomeOrder(iri string) string {
	i := strings.LastIndexByte(iri, '/')
	n := iri[i+1:]
	rank := map[string]string{"primary": "0", "secondary": "1", "other": "2"}
	kind := iri[:max(i, 0)]
	kind = kind[strings.LastIndexByte(kind, '/')+1:]
	r, ok := rank[kind]
	if !ok {
		r = "3"
	}
	return fmt.Sprintf("%s%08s", r, n)
}

// CellSourcesQuery returns the Gizmo query of CellSourceCounts.
func CellSourcesQuery() string {
	// A cell source is typed in every trial graph that uses it, and
	// In(tg:cellSource) reaches cell-source assignments as well as trials.
	return program(
		fmt.Sprintf("var sources = uniq(g.V().Has(%s, %s).ToArray());", jsIRI(ontology.RDFType), jsIRI(ontology.CellSourceClass)),
		fmt.Sprintf("var pairs = edges(from(sources), \"In\", %s, \"source\", \"\", \"trial\");", jsIRIs(ontology.CellSourceProp)),
		"var trials = col(pairs, \"trial\");",
		fmt.Sprintf("pairs = pick(pairs, \"trial\", having(trials, props(trials, %s), %s, %s));", jsIRIs(ontology.RDFType), jsIRI(ontology.RDFType), jsIRI(ontology.Trial)),
		"emit(pairs, [\"source\", \"trial\"], {}, {});")
}

// CellSourceCounts returns every known cell source with the number of
// trials in the store that use it, most used first.
func CellSourceCounts(ctx context.Context, q Querier) ([]CellSourceRow, string, error) {
	text := CellSourcesQuery()
	res, err := q.Query(ctx, text, QueryOptions{})
	if err != nil {
		return nil, text, err
	}
	trials := map[string]map[string]bool{}
	for _, r := range tagged(res) {
		slug := strings.TrimPrefix(r.iri("source"), DefaultBase+"cell-source/")
		if trials[slug] == nil {
			trials[slug] = map[string]bool{}
		}
		trials[slug][r.iri("trial")] = true
	}
	var out []CellSourceRow
	for _, c := range ontology.CellSources() {
		out = append(out, CellSourceRow{Slug: c.Slug, Label: c.Label, Trials: len(trials[c.Slug])})
		delete(trials, c.Slug)
	}
	for slug, t := range trials { // sources the classifier no longer knows
		out = append(out, CellSourceRow{Slug: slug, Trials: len(t)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Trials != out[j].Trials {
			return out[i].Trials > out[j].Trials
		}
		return out[i].Slug < out[j].Slug
	})
	return out, text, nil
}

// NeighbourhoodQuery returns the Gizmo query of Neighbourhood.
func NeighbourhoodQuery(p NamedParams) (string, error) {
	id := strings.ToUpper(strings.TrimSpace(p.Trial))
	if !trial.IsNCTID(id) {
		return "", fmt.Errorf("%w: %q is not an NCT number such as NCT04288102", ErrBadParam, p.Trial)
	}
	preds := append(append([]string{ontology.SiteProp, ontology.CellSourceProp}, sponsorProps...), roleProps...)
	return program(
		fmt.Sprintf("var pairs = edges(g.V(%s), \"Out\", %s, \"trial\", \"relation\", \"node\");", jsIRI(DefaultBase+"trial/"+id), jsIRIs(preds...)),
		fmt.Sprintf("var vals = props(col(pairs, \"node\"), %s);", jsIRIs(ontology.SchemaName, ontology.RDFSLabel)),
		fmt.Sprintf("emit(pairs, [\"trial\", \"relation\", \"node\"], vals, %s);",
			fields("name", "node", ontology.SchemaName, "label", "node", ontology.RDFSLabel))), nil
}

// Neighbourhood returns the edges from one trial to its sites, sponsors,
// investigators and cell sources, sorted by relation and name.
func Neighbourhood(ctx context.Context, q Querier, p NamedParams) ([]EdgeRow, string, error) {
	text, err := NeighbourhoodQuery(p)
	if err != nil {
		return nil, "", err
	}
	res, err := q.Query(ctx, text, QueryOptions{})
	if err != nil {
		return nil, text, err
	}
	seen := map[[2]string]*EdgeRow{}
	for _, r := range tagged(res) {
		rel, node := localName(r.iri("relation")), r.iri("node")
		k := [2]string{rel, node}
		e := seen[k]
		if e == nil {
			e = &EdgeRow{Trial: nct(r.iri("trial")), Relation: rel, Node: node, Kind: nodeKind(node)}
			seen[k] = e
		}
		for _, v := range r.strs("name") {
			setFirst(&e.Name, v)
		}
		for _, v := range r.strs("label") {
			setFirst(&e.Name, v)
		}
	}
	out := values(seen)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Relation != out[j].Relation {
			return out[i].Relation < out[j].Relation
		}
		return less(out[i].Name, out[j].Name, out[i].Node, out[j].Node)
	})
	return out, text, nil
}

func nodeKind(iri string) string {
	rest := strings.TrimPrefix(iri, DefaultBase)
	if i := strings.IndexByte(rest, '/'); i > 0 && rest != iri {
		switch k := rest[:i]; k {
		case "org":
			return "organization"
		default:
			return k
		}
	}
	return "other"
}

// row is one tagged result of a JSON-collated query.
type row map[string]any

func tagged(res []any) []row {
	out := make([]row, 0, len(res))
	for _, r := range res {
		if m, ok := r.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func (r row) str(k string) string {
	s, _ := r[k].(string)
	return s
}

// iri returns the IRI under k without its angle brackets.
func (r row) iri(k string) string { return unbracket(r.str(k)) }

func nct(trialIRI string) string { return strings.TrimPrefix(trialIRI, DefaultBase+"trial/") }

func localName(iri string) string {
	return iri[strings.LastIndexAny(iri, "#/")+1:]
}

func setFirst(dst *string, v string) {
	if *dst == "" || (v != "" && v < *dst) {
		if v != "" {
			*dst = v
		}
	}
}

func addSorted(list []string, v string) []string {
	if v == "" {
		return list
	}
	i := sort.SearchStrings(list, v)
	if i < len(list) && list[i] == v {
		return list
	}
	list = append(list, "")
	copy(list[i+1:], list[i:])
	list[i] = v
	return list
}

func contains(list []string, v string) bool {
	i := sort.SearchStrings(list, v)
	return i < len(list) && list[i] == v
}

func values[K comparable, V any](m map[K]*V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, *v)
	}
	return out
}

func less(a, b, tieA, tieB string) bool {
	if a != b {
		return a < b
	}
	return tieA < tieB
}

// strs returns the values under k: a string, or an array of them (the
// property values the named queries emit).
func (r row) strs(k string) []string {
	switch v := r[k].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// unbracket returns an IRI in Gizmo's spelling without its angle brackets.
func unbracket(s string) string {
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		return s[1 : len(s)-1]
	}
	return s
}
