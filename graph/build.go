// Package graph turns studies into RDF quads and keeps them in a Cayley
// store.
//
// Every study becomes the quads of one named graph, labelled
// <base>graph/NCT…; shared entities (organisations, people, sites, cell
// sources, conditions) get stable, readable IRIs minted from normalised
// names, so the same hospital read from two records is one node. The Store
// wraps an embedded Cayley quad store (bolt by default) and replaces a
// trial's graph in one transaction.
//
//	b := graph.NewBuilder(graph.DefaultBase)
//	quads := b.Study(s)
//	st, _ := graph.Open(ctx, "./trialgraph.db", graph.Options{})
//	st.ReplaceTrials(ctx, []graph.TrialGraph{{NCTID: s.NCTID, Quads: quads}})
package graph

import (
	"encoding/binary"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/ontology"
	"github.com/trialgraph/trialgraph/trial"
)

// DefaultBase is the namespace of instance IRIs.
const DefaultBase = ontology.ID

// RegistryURL is the address of a trial's page on ClinicalTrials.gov.
func RegistryURL(nct string) string { return "https://clinicaltrials.gov/study/" + nct }

// Builder mints IRIs under a base and turns studies into quads.
type Builder struct {
	Base string
}

// NewBuilder returns a Builder minting IRIs under base ("" for DefaultBase).
func NewBuilder(base string) *Builder {
	if base == "" {
		base = DefaultBase
	}
	return &Builder{Base: base}
}

// IRIs of instance nodes.
func (b *Builder) TrialIRI(nct string) quad.IRI { return quad.IRI(b.Base + "trial/" + nct) }
func (b *Builder) GraphIRI(nct string) quad.IRI { return quad.IRI(b.Base + "graph/" + nct) }
func (b *Builder) OrgIRI(name string) quad.IRI  { return quad.IRI(b.Base + "org/" + OrgKey(name)) }
func (b *Builder) PersonIRI(name string) quad.IRI {
	return quad.IRI(b.Base + "person/" + PersonKey(name))
}
func (b *Builder) SiteIRI(l trial.Location) quad.IRI { return quad.IRI(b.Base + "site/" + SiteKey(l)) }
func (b *Builder) CountryIRI(code string) quad.IRI   { return quad.IRI(b.Base + "country/" + code) }
func (b *Builder) CellSourceIRI(slug string) quad.IRI {
	return quad.IRI(b.Base + "cell-source/" + slug)
}
func (b *Builder) SourceIRI(sha string) quad.IRI { return quad.IRI(b.Base + "source/" + sha) }

// ConditionIRI is the MeSH descriptor when known, else a condition node
// keyed by the normalised name.
func (b *Builder) ConditionIRI(c trial.Condition) quad.IRI {
	if id := MeshID(c.MeshID); id != "" {
		return quad.IRI(ontology.MeSH + id)
	}
	return quad.IRI(b.Base + "condition/" + Slug(c.Name))
}

// MeshID returns a MeSH unique identifier in the form the NLM's linked data
// uses. ClinicalTrials.gov API v2 pads descriptor numbers to nine digits
// ("D000003324" for D003324); descriptors created since 2015 have nine
// digits of their own ("D000086382"). Numbers below 67000 predate that
// scheme and lose the padding. Anything that is not a MeSH identifier
// yields "".
func MeshID(id string) string {
	id = strings.TrimSpace(id)
	if len(id) < 2 || (id[0] != 'D' && id[0] != 'C') {
		return ""
	}
	for _, r := range id[1:] {
		if r < '0' || r > '9' {
			return ""
		}
	}
	if id[0] == 'D' && len(id) == 10 && strings.HasPrefix(id, "D000") {
		if n, _ := strconv.Atoi(id[4:]); n < 67000 {
			return "D" + id[4:]
		}
	}
	return id
}

// ReferenceIRI is the PubMed page of a PMID, else the DOI resolver address,
// else a node under the trial.
func (b *Builder) ReferenceIRI(nct string, i int, r trial.Reference) quad.IRI {
	switch {
	case r.PMID != "":
		return quad.IRI("https://pubmed.ncbi.nlm.nih.gov/" + r.PMID)
	case r.DOI != "":
		return quad.IRI("https://doi.org/" + doiPath(r.DOI))
	}
	return quad.IRI(fmt.Sprintf("%strial/%s/reference/%d", b.Base, nct, i+1))
}

// doiPath escapes the characters of a DOI that may not appear in an IRI.
func doiPath(doi string) string {
	var sb strings.Builder
	for _, r := range doi {
		if r <= ' ' || strings.ContainsRune("<>\"{}|\\^`%#?", r) {
			sb.WriteString(url.PathEscape(string(r)))
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// emitter collects the quads of one trial graph.
type emitter struct {
	label quad.Value
	quads []quad.Quad
}

func (e *emitter) add(s, p quad.Value, o quad.Value) {
	e.quads = append(e.quads, quad.Quad{Subject: validUTF8(s), Predicate: p, Object: validUTF8(o), Label: e.label})
}

// validUTF8 replaces bytes that are not UTF-8 in a literal or IRI by U+FFFD.
// Readers of plain text pass such bytes through, and RDF cannot carry them:
// one stored in the graph would make every export of the store fail.
func validUTF8(v quad.Value) quad.Value {
	switch x := v.(type) {
	case quad.String:
		if !utf8.ValidString(string(x)) {
			return quad.String(strings.ToValidUTF8(string(x), "\uFFFD"))
		}
	case quad.TypedString:
		if !utf8.ValidString(string(x.Value)) {
			x.Value = quad.String(strings.ToValidUTF8(string(x.Value), "\uFFFD"))
			return x
		}
	case quad.IRI:
		if !utf8.ValidString(string(x)) {
			return quad.IRI(strings.ToValidUTF8(string(x), "\uFFFD"))
		}
	}
	return v
}

func (e *emitter) iri(s quad.Value, p string, o quad.IRI) { e.add(s, quad.IRI(p), o) }

func (e *emitter) str(s quad.Value, p string, v string) {
	v = strings.TrimSpace(v)
	if v != "" {
		e.add(s, quad.IRI(p), quad.String(v))
	}
}

func (e *emitter) typed(s quad.Value, p, v, dt string) {
	if v != "" {
		e.add(s, quad.IRI(p), quad.TypedString{Value: quad.String(v), Type: quad.IRI(dt)})
	}
}

func (e *emitter) boolean(s quad.Value, p string, v *bool) {
	if v != nil {
		e.typed(s, p, strconv.FormatBool(*v), ontology.XSDBoolean)
	}
}

func (e *emitter) integer(s quad.Value, p string, v int) {
	e.typed(s, p, strconv.Itoa(v), ontology.XSDInteger)
}

func (e *emitter) decimal(s quad.Value, p string, v float64) {
	txt := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(txt, ".") {
		txt += ".0"
	}
	e.typed(s, p, txt, ontology.XSDDecimal)
}

// date writes a date with the datatype of its precision.
func (e *emitter) date(s quad.Value, p string, d trial.Date) {
	v, ok := trial.NormalizeDate(d.Value)
	if !ok {
		e.str(s, p, d.Value)
		return
	}
	switch len(v) {
	case 4:
		e.typed(s, p, v, ontology.XSDGYear)
	case 7:
		e.typed(s, p, v, ontology.XSDGYearMon)
	default:
		e.typed(s, p, v, ontology.XSDDate)
	}
}

func (e *emitter) a(s quad.Value, classes ...string) {
	for _, c := range classes {
		e.iri(s, ontology.RDFType, quad.IRI(c))
	}
}

// Study returns the quads of one study, all labelled with its graph IRI,
// sorted and without duplicates.
func (b *Builder) Study(s *trial.Study) []quad.Quad {
	nct := s.NCTID
	t := b.TrialIRI(nct)
	e := &emitter{label: b.GraphIRI(nct)}
	e.a(t, ontology.Trial, ontology.SchemaMedicalTrial)
	e.str(t, ontology.NCTID, nct)
	e.str(t, ontology.SchemaIdentifier, nct)
	e.iri(t, ontology.SchemaURL, quad.IRI(RegistryURL(nct)))
	e.iri(t, ontology.SchemaSameAs, quad.IRI(RegistryURL(nct)))
	e.str(t, ontology.OrgStudyID, s.OrgStudyID)
	for _, id := range s.SecondaryIDs {
		e.str(t, ontology.SecondaryID, id.ID)
	}
	e.str(t, ontology.SchemaName, s.BriefTitle)
	e.str(t, ontology.OfficialTitle, s.OfficialTitle)
	e.str(t, ontology.Acronym, s.Acronym)
	e.str(t, ontology.SchemaDescription, s.BriefSummary)
	e.str(t, ontology.DetailedDescription, s.DetailedDescription)

	e.str(t, ontology.OverallStatus, s.OverallStatus)
	e.str(t, ontology.LastKnownStatus, s.LastKnownStatus)
	e.date(t, ontology.StatusVerifiedDate, s.StatusVerifiedDate)
	e.date(t, ontology.StartDate, s.StartDate)
	e.str(t, ontology.StartDateType, s.StartDate.Type)
	e.date(t, ontology.PrimaryCompletionDate, s.PrimaryCompletion)
	e.str(t, ontology.PrimaryCompletionType, s.PrimaryCompletion.Type)
	e.date(t, ontology.CompletionDate, s.CompletionDate)
	e.str(t, ontology.CompletionDateType, s.CompletionDate.Type)
	e.date(t, ontology.FirstSubmitDate, s.FirstSubmitDate)
	e.date(t, ontology.FirstPostDate, s.FirstPostDate)
	e.date(t, ontology.LastUpdatePostDate, s.LastUpdatePostDate)
	e.boolean(t, ontology.HasResults, s.HasResults)

	e.str(t, ontology.StudyType, s.StudyType)
	for _, p := range s.Phases {
		e.str(t, ontology.Phase, p)
		if c, ok := ontology.PhaseClass(p); ok {
			e.a(t, c)
		}
	}
	d := s.Design
	e.str(t, ontology.Allocation, d.Allocation)
	e.str(t, ontology.InterventionModel, d.InterventionModel)
	e.str(t, ontology.ModelDescription, d.ModelDescription)
	e.str(t, ontology.PrimaryPurpose, d.PrimaryPurpose)
	e.str(t, ontology.ObservationalModel, d.ObservationalModel)
	e.str(t, ontology.TimePerspective, d.TimePerspective)
	e.str(t, ontology.Masking, d.Masking)
	e.str(t, ontology.MaskingDescription, d.MaskingDescription)
	for _, w := range d.WhoMasked {
		e.str(t, ontology.WhoMasked, w)
	}
	if s.Enrollment != nil {
		e.integer(t, ontology.Enrollment, s.Enrollment.Count)
		e.str(t, ontology.EnrollmentType, s.Enrollment.Type)
	}

	for _, c := range s.Conditions {
		if strings.TrimSpace(c.Name) == "" && c.MeshID == "" {
			continue
		}
		ci := b.ConditionIRI(c)
		e.iri(t, ontology.ConditionProp, ci)
		e.a(ci, ontology.SchemaMedicalCondition)
		e.str(ci, ontology.SchemaName, c.Name)
		e.str(ci, ontology.MeshID, MeshID(c.MeshID))
	}
	for _, k := range s.Keywords {
		e.str(t, ontology.SchemaKeywords, k)
	}

	el := s.Eligibility
	e.str(t, ontology.EligibilityCriteria, el.Criteria)
	e.boolean(t, ontology.HealthyVolunteers, el.HealthyVolunteers)
	e.str(t, ontology.Sex, el.Sex)
	e.str(t, ontology.MinimumAge, el.MinimumAge)
	e.str(t, ontology.MaximumAge, el.MaximumAge)
	for _, a := range el.StdAges {
		e.str(t, ontology.StdAge, a)
	}
	e.str(t, ontology.StudyPopulation, el.StudyPopulation)

	if s.LeadSponsor != nil {
		e.iri(t, ontology.LeadSponsor, b.org(e, *s.LeadSponsor))
	}
	for _, c := range s.Collaborators {
		e.iri(t, ontology.Collaborator, b.org(e, c))
	}
	if rp := s.ResponsibleParty; rp != nil {
		e.str(t, ontology.ResponsiblePartyType, rp.Type)
		switch {
		case responsibleOrg(s):
			e.iri(t, ontology.ResponsibleParty, b.org(e, trial.Organization{Name: rp.Name}))
		case rp.Name != "":
			p := b.person(e, trial.Person{Name: rp.Name, Affiliation: rp.Affiliation})
			e.str(p, ontology.SchemaJobTitle, rp.Title)
			e.iri(t, ontology.ResponsibleParty, p)
		case rp.Type == "SPONSOR" && s.LeadSponsor != nil:
			e.iri(t, ontology.ResponsibleParty, b.OrgIRI(s.LeadSponsor.Name))
		}
	}
	for _, o := range s.Officials {
		if strings.TrimSpace(o.Name) == "" {
			continue
		}
		e.iri(t, roleProperty(o.Role), b.person(e, o))
	}
	for _, c := range s.CentralContacts {
		if p := b.contact(e, c); p != "" {
			e.iri(t, ontology.ContactProp, p)
		}
	}
	orgs := studyOrgs(s)
	for i, l := range s.Locations {
		if strings.TrimSpace(l.Facility) == "" && l.City == "" {
			continue
		}
		site := b.site(e, nct, l)
		e.iri(t, ontology.SiteProp, site)
		for _, o := range orgs {
			if SiteOfOrg(l, o) {
				e.iri(site, ontology.SchemaParentOrganization, b.OrgIRI(o))
			}
		}
		part := quad.IRI(fmt.Sprintf("%s/site/%d", string(t), i+1))
		e.iri(t, ontology.SiteParticipationProp, part)
		e.a(part, ontology.SiteParticipation)
		e.iri(part, ontology.SiteProp, site)
		e.str(part, ontology.RecruitmentStatus, l.Status)
		for _, c := range l.Contacts {
			if p := b.contact(e, c); p != "" {
				e.iri(part, ontology.ContactProp, p)
			}
		}
	}

	b.outcomes(e, t, "primary", ontology.PrimaryOutcome, s.PrimaryOutcomes)
	b.outcomes(e, t, "secondary", ontology.SecondaryOutcome, s.SecondaryOutcomes)
	b.outcomes(e, t, "other", ontology.OtherOutcome, s.OtherOutcomes)
	b.outcomes(e, t, "unspecified", ontology.OutcomeProp, s.Outcomes)

	ivIRI := map[string]quad.IRI{}
	for i, iv := range s.Interventions {
		n := quad.IRI(fmt.Sprintf("%s/intervention/%d", string(t), i+1))
		ivIRI[strings.ToLower(strings.TrimSpace(iv.Name))] = n
		ivIRI[strings.ToLower(strings.TrimSpace(iv.Type+": "+iv.Name))] = n
		e.iri(t, ontology.InterventionProp, n)
		e.a(n, ontology.Intervention)
		e.str(n, ontology.SchemaName, iv.Name)
		e.str(n, ontology.InterventionType, iv.Type)
		e.str(n, ontology.SchemaDescription, iv.Description)
		for _, o := range iv.OtherNames {
			e.str(n, ontology.SchemaAlternateName, o)
		}
	}
	armIRI := map[string]quad.IRI{}
	for i, a := range s.Arms {
		n := quad.IRI(fmt.Sprintf("%s/arm/%d", string(t), i+1))
		armIRI[strings.ToLower(strings.TrimSpace(a.Label))] = n
		e.iri(t, ontology.ArmProp, n)
		e.a(n, ontology.Arm)
		e.str(n, ontology.SchemaName, a.Label)
		e.str(n, ontology.ArmType, a.Type)
		e.str(n, ontology.SchemaDescription, a.Description)
		for _, name := range a.InterventionNames {
			if iv, ok := ivIRI[strings.ToLower(strings.TrimSpace(name))]; ok {
				e.iri(n, ontology.InterventionProp, iv)
			}
		}
	}
	for _, iv := range s.Interventions {
		n := ivIRI[strings.ToLower(strings.TrimSpace(iv.Name))]
		for _, l := range iv.ArmLabels {
			if a, ok := armIRI[strings.ToLower(strings.TrimSpace(l))]; ok {
				e.iri(a, ontology.InterventionProp, n)
			}
		}
	}

	for i, r := range s.References {
		ri := b.ReferenceIRI(nct, i, r)
		e.iri(t, ontology.SchemaCitation, ri)
		e.a(ri, ontology.SchemaScholarlyArticle)
		e.str(ri, ontology.PMID, r.PMID)
		e.str(ri, ontology.DOI, r.DOI)
		e.str(ri, ontology.SchemaDescription, r.Citation)
		e.str(ri, ontology.ReferenceType, r.Type)
	}
	for _, l := range s.SeeAlsoLinks {
		if u, err := url.Parse(l.URL); err == nil && u.IsAbs() && validIRI(l.URL) {
			e.iri(t, ontology.SeeAlso, quad.IRI(l.URL))
		}
	}
	for _, r := range s.RelatedTrials {
		if trial.IsNCTID(r) && r != nct {
			e.iri(t, ontology.RelatedTrial, b.TrialIRI(r))
		}
	}
	if s.IPDSharing != nil {
		e.str(t, ontology.IPDSharing, s.IPDSharing.Plan)
	}
	e.boolean(t, ontology.OversightHasDMC, s.Oversight.HasDMC)
	e.boolean(t, ontology.FDARegulatedDrug, s.Oversight.FDARegulatedDrug)
	e.boolean(t, ontology.FDARegulatedDevice, s.Oversight.FDARegulatedDevice)

	for _, as := range ontology.ClassifyStudy(s) {
		cs := b.CellSourceIRI(as.Source.Slug)
		e.iri(t, ontology.CellSourceProp, cs)
		b.cellSource(e, as.Source)
		ev := quad.IRI(fmt.Sprintf("%s/cell-source/%s", string(t), as.Source.Slug))
		e.iri(t, ontology.CellSourceEvidence, ev)
		e.a(ev, ontology.CellSourceAssignment)
		e.iri(ev, ontology.CellSourceProp, cs)
		e.str(ev, ontology.EvidenceField, as.Field)
		e.str(ev, ontology.EvidenceText, as.Evidence)
		e.str(ev, ontology.DonorType, as.Donor)
		e.str(ev, ontology.ProductForm, as.Product)
	}

	// The record read and any merged into it (MergeStudies) are each a
	// source the trial was derived from.
	for _, src := range append([]trial.Source{s.Source}, s.MergedFrom...) {
		if src.SHA256 == "" {
			continue
		}
		si := b.SourceIRI(src.SHA256)
		e.iri(t, ontology.ProvDerived, si)
		e.a(si, ontology.ProvEntity, ontology.SourceRecord)
		e.str(si, ontology.SourceFormat, src.Format)
		// the file's base name: the export must not depend on the
		// directory the record was read from
		e.str(si, ontology.SourceFile, filepath.Base(src.File))
		e.str(si, ontology.ContentSHA256, src.SHA256)
		e.date(si, ontology.SourceLastUpdated, trial.Date{Value: src.LastUpdated})
	}
	return SortQuads(e.quads)
}

// formatRank orders input formats by how much structure they carry.
var formatRank = map[string]string{
	"ctgov-json": "4", "ctgov-pydict": "4", "ctgov-xml": "3", "nquads": "3",
	"ctgov-page": "2", "ctgov-classic": "2", "medpath": "1",
}

// Rank orders two descriptions of the same trial: the record updated last
// wins; for the same date the more structured format wins; the content hash
// breaks the remaining ties, so the outcome never depends on input order.
func Rank(s *trial.Study) string {
	r := formatRank[s.Source.Format]
	if r == "" {
		r = "0"
	}
	d, _ := trial.NormalizeDate(s.Source.LastUpdated)
	return fmt.Sprintf("%-10s|%s|%s", d, r, s.Source.SHA256)
}

// StoredRank recovers the Rank of a stored trial graph from its source
// records' quads: the highest rank of the records it was derived from.
func StoredRank(qs []quad.Quad) string {
	srcs := map[string]*trial.Source{}
	for _, q := range qs {
		p, ok := q.Predicate.(quad.IRI)
		if !ok {
			continue
		}
		var field *string
		src := srcs[q.Subject.String()]
		if src == nil {
			src = &trial.Source{}
		}
		switch string(p) {
		case ontology.SourceFormat:
			field = &src.Format
		case ontology.SourceLastUpdated:
			field = &src.LastUpdated
		case ontology.ContentSHA256:
			field = &src.SHA256
		default:
			continue
		}
		*field = literalText(q.Object)
		srcs[q.Subject.String()] = src
	}
	best := Rank(&trial.Study{})
	for _, src := range srcs {
		if r := Rank(&trial.Study{Source: *src}); r > best {
			best = r
		}
	}
	return best
}

func literalText(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.TypedString:
		return string(v.Value)
	case quad.LangString:
		return string(v.Value)
	}
	return ""
}

func roleProperty(role string) string {
	switch strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(role), " ", "_")) {
	case "PRINCIPAL_INVESTIGATOR":
		return ontology.PrincipalInvestigator
	case "STUDY_CHAIR":
		return ontology.StudyChair
	case "STUDY_DIRECTOR":
		return ontology.StudyDirector
	case "SUB_INVESTIGATOR":
		return ontology.SubInvestigator
	}
	return ontology.Official
}

func (b *Builder) org(e *emitter, o trial.Organization) quad.IRI {
	n := b.OrgIRI(o.Name)
	e.a(n, ontology.SchemaOrganization)
	e.str(n, ontology.SchemaName, o.Name)
	e.str(n, ontology.AgencyClass, o.Class)
	return n
}

func (b *Builder) person(e *emitter, p trial.Person) quad.IRI {
	name, deg := trial.SplitDegrees(p.Name)
	if p.Degrees != "" {
		deg = p.Degrees
	}
	n := b.PersonIRI(name)
	e.a(n, ontology.SchemaPerson)
	e.str(n, ontology.SchemaName, name)
	e.str(n, ontology.SchemaHonorificSuffix, deg)
	if strings.TrimSpace(p.Affiliation) != "" {
		e.iri(n, ontology.SchemaAffiliation, b.org(e, trial.Organization{Name: p.Affiliation}))
	}
	return n
}

func (b *Builder) contact(e *emitter, c trial.Contact) quad.IRI {
	if strings.TrimSpace(c.Name) == "" {
		return ""
	}
	n := b.person(e, trial.Person{Name: c.Name, Degrees: c.Degrees})
	e.str(n, ontology.SchemaTelephone, c.Phone)
	e.str(n, ontology.SchemaEmail, c.Email)
	return n
}

// responsibleOrg reports whether a study's responsible party, given by
// name without a type, is an organisation rather than a person: its name
// has the key of the study's lead sponsor, a collaborator or a site
// facility. Classic registry pages write the sponsor this way
// ("Responsible Party: Puren Hospital Affiliated to ..."), where API v2
// says the responsible party is the SPONSOR.
func responsibleOrg(s *trial.Study) bool {
	rp := s.ResponsibleParty
	if rp == nil || rp.Name == "" || (rp.Type != "" && rp.Type != "SPONSOR") || rp.Title != "" {
		return false
	}
	k := OrgKey(rp.Name)
	if s.LeadSponsor != nil && OrgKey(s.LeadSponsor.Name) == k {
		return true
	}
	for _, c := range s.Collaborators {
		if OrgKey(c.Name) == k {
			return true
		}
	}
	for _, l := range s.Locations {
		if OrgKey(l.Facility) == k && !IsPlaceholderFacility(l.Facility) {
			return true
		}
	}
	return false
}

// studyOrgs lists the names of the organisations a study names as such:
// lead sponsor, collaborators and the affiliations of its people. These are
// the nodes its sites may be linked to.
func studyOrgs(s *trial.Study) []string {
	var out []string
	if s.LeadSponsor != nil {
		out = append(out, s.LeadSponsor.Name)
	}
	for _, c := range s.Collaborators {
		out = append(out, c.Name)
	}
	if rp := s.ResponsibleParty; rp != nil && rp.Name != "" {
		if responsibleOrg(s) {
			out = append(out, rp.Name)
		} else {
			out = append(out, rp.Affiliation)
		}
	}
	for _, o := range s.Officials {
		if strings.TrimSpace(o.Name) != "" {
			out = append(out, o.Affiliation)
		}
	}
	kept := out[:0]
	for _, o := range out {
		if strings.TrimSpace(o) != "" {
			kept = append(kept, o)
		}
	}
	return kept
}

// site writes a site node. A site without a facility name or with a
// placeholder one ("Research Site") does not identify a place: it is a node
// of its trial alone, and its key carries the NCT number.
func (b *Builder) site(e *emitter, nct string, l trial.Location) quad.IRI {
	n := b.SiteIRI(l)
	if strings.TrimSpace(l.Facility) == "" || IsPlaceholderFacility(l.Facility) {
		n = quad.IRI(string(n) + "--" + strings.ToLower(nct))
	}
	e.a(n, ontology.Site, ontology.SchemaPlace)
	name := l.Facility
	if strings.TrimSpace(name) == "" {
		name = l.City
	}
	e.str(n, ontology.SchemaName, name)
	e.str(n, ontology.SchemaAddressLocality, l.City)
	e.str(n, ontology.SchemaAddressRegion, l.State)
	e.str(n, ontology.SchemaPostalCode, l.Zip)
	e.str(n, ontology.SchemaAddressCountry, l.Country)
	if code := CountryCode(l.Country); code != "" {
		c := b.CountryIRI(code)
		e.iri(n, ontology.Country, c)
		e.a(c, ontology.SchemaCountry)
		e.str(c, ontology.SchemaIdentifier, code)
	}
	if l.Geo != nil {
		e.decimal(n, ontology.GeoLat, l.Geo.Lat)
		e.decimal(n, ontology.GeoLong, l.Geo.Lon)
	}
	return n
}

func (b *Builder) cellSource(e *emitter, cs ontology.CellSource) {
	n := b.CellSourceIRI(cs.Slug)
	e.a(n, ontology.CellSourceClass)
	e.str(n, ontology.RDFSLabel, cs.Label)
	if cs.Tissue != "" {
		e.iri(n, ontology.SKOSExact, quad.IRI(cs.Tissue))
	}
	if cs.Cell != "" {
		e.iri(n, ontology.SKOSExact, quad.IRI(cs.Cell))
	}
}

func (b *Builder) outcomes(e *emitter, t quad.IRI, kind, prop string, list []trial.Outcome) {
	for i, o := range list {
		n := quad.IRI(fmt.Sprintf("%s/outcome/%s/%d", string(t), kind, i+1))
		e.iri(t, prop, n)
		e.a(n, ontology.OutcomeMeasure)
		e.str(n, ontology.SchemaName, o.Measure)
		e.str(n, ontology.TimeFrame, o.TimeFrame)
		e.str(n, ontology.SchemaDescription, o.Description)
	}
}

func validIRI(s string) bool {
	for _, r := range s {
		if r <= ' ' || strings.ContainsRune("<>\"{}|\\^`", r) {
			return false
		}
	}
	return true
}

// SortQuads sorts quads by subject, then predicate (rdf:type first), object
// and label in their N-Quads spelling, and drops duplicates.
func SortQuads(qs []quad.Quad) []quad.Quad {
	type keyed struct {
		k string
		q quad.Quad
	}
	ks := make([]keyed, len(qs))
	for i, q := range qs {
		ks[i] = keyed{sortKey(q), q}
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i].k < ks[j].k })
	out := qs[:0]
	for i, k := range ks {
		if i > 0 && k.k == ks[i-1].k {
			continue
		}
		out = append(out, k.q)
	}
	return out
}

var rdfType = quad.IRI(ontology.RDFType)

// sortKey orders quads for output: rdf:type sorts before every other
// predicate of its subject (\x01 is below any character of an IRI).
func sortKey(q quad.Quad) string {
	var sb strings.Builder
	for i, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if i == 1 && v == rdfType {
			sb.WriteByte(1)
		} else if v != nil {
			sb.WriteString(v.String())
		}
		sb.WriteByte(0)
	}
	return sb.String()
}

// quadKey returns the key by which trial graphs are compared: quads with
// equal keys are one quad in Cayley (their values' N-Quads forms, which it
// hashes, are equal). The values the builder makes and the store gives
// back (IRIs, blank nodes, plain, language-tagged and typed strings) are
// keyed by their kind and parts, each part preceded by its length, so that
// for them equal forms also give equal keys, without the escaping of the
// N-Quads form (long descriptions and the stored records: half of a
// rerun's writer time). Any other value is keyed by its N-Quads form under
// a kind of its own; at worst such a quad is removed and added again.
func quadKey(q quad.Quad) string {
	n := 0
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		n += keySize(v)
	}
	b := make([]byte, 0, n)
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		b = appendValueKey(b, v)
	}
	return string(b)
}

func keySize(v quad.Value) int {
	switch v := v.(type) {
	case quad.IRI:
		return len(v) + 1 + binary.MaxVarintLen64
	case quad.String:
		return len(v) + 1 + binary.MaxVarintLen64
	case quad.BNode:
		return len(v) + 1 + binary.MaxVarintLen64
	case quad.LangString:
		return len(v.Value) + len(v.Lang) + 1 + 2*binary.MaxVarintLen64
	case quad.TypedString:
		return len(v.Value) + len(v.Type) + 1 + 2*binary.MaxVarintLen64
	}
	return 1 + 32
}

func appendPart(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendValueKey(b []byte, v quad.Value) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, 0)
	case quad.IRI:
		return appendPart(append(b, 'I'), string(v))
	case quad.String:
		return appendPart(append(b, 'S'), string(v))
	case quad.BNode:
		return appendPart(append(b, 'B'), string(v))
	case quad.LangString:
		return appendPart(appendPart(append(b, 'L'), string(v.Value)), v.Lang)
	case quad.TypedString:
		return appendPart(appendPart(append(b, 'T'), string(v.Value)), string(v.Type))
	}
	return appendPart(append(b, 'X'), v.String())
}
