package ctgovxml

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/trial"
)

// mapper converts a record tree into a Study, keeping the first bad value.
type mapper struct {
	r   *Reader
	err *ingest.ParseError
}

func (m *mapper) fail(n *node, err error) {
	if m.err == nil {
		m.err = m.r.errAt(n.line, n.path(), err)
	}
}

// str returns the cleaned text of the named child, or "".
func str(n *node, name string) string {
	if n == nil {
		return ""
	}
	if c := n.child(name); c != nil {
		return cleanText(string(c.text))
	}
	return ""
}

// block returns the cleaned text of the <textblock> inside the named child.
func block(n *node, name string) string {
	if n == nil {
		return ""
	}
	c := n.child(name)
	if c == nil {
		return ""
	}
	if tb := c.child("textblock"); tb != nil {
		return cleanText(string(tb.text))
	}
	return cleanText(string(c.text))
}

func strs(n *node, name string) []string {
	var out []string
	for _, c := range n.children(name) {
		if v := cleanText(string(c.text)); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// date reads a date element: its text ("March 5, 2020", "March 2020") and
// its type attribute.
func (m *mapper) date(n *node, name string) trial.Date {
	c := n.child(name)
	if c == nil {
		return trial.Date{}
	}
	v := cleanText(string(c.text))
	if v == "" {
		return trial.Date{}
	}
	iso, ok := trial.NormalizeDate(v)
	if !ok {
		m.fail(c, fmt.Errorf("%w: %q is not a date", ingest.ErrBadValue, v))
		return trial.Date{}
	}
	return trial.Date{Value: iso, Type: dateType(c.typ)}
}

// dateType maps the type attribute of dates and enrollment to ACTUAL or
// ESTIMATED.
func dateType(t string) string {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "":
		return ""
	case "actual":
		return "ACTUAL"
	case "anticipated", "estimate", "estimated", "expected":
		return "ESTIMATED"
	}
	return trial.EnumName(t)
}

// flag reads a Yes/No element.
func (m *mapper) flag(n *node, name string) *bool {
	if n == nil {
		return nil
	}
	c := n.child(name)
	if c == nil {
		return nil
	}
	v := cleanText(string(c.text))
	switch strings.ToLower(v) {
	case "":
		return nil
	case "yes", "true", "accepts healthy volunteers":
		return ptr(true)
	case "no", "false":
		return ptr(false)
	}
	m.fail(c, fmt.Errorf("%w: %q is not Yes or No", ingest.ErrBadValue, v))
	return nil
}

func ptr[T any](v T) *T { return &v }

// enum maps a label to its API v2 spelling: first through the table of
// spellings that differ, else by EnumName ("Active Comparator" →
// ACTIVE_COMPARATOR).
func enum(v string, table map[string]string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	if e, ok := table[strings.ToLower(v)]; ok {
		return e
	}
	return trial.EnumName(v)
}

var (
	statusNames = map[string]string{"unknown status": "UNKNOWN", "unknown": "UNKNOWN"}
	studyTypes  = map[string]string{
		"observational [patient registry]": "OBSERVATIONAL",
		"n/a":                              "",
	}
	allocations   = map[string]string{"n/a": "NA", "non-randomized": "NON_RANDOMIZED"}
	purposes      = map[string]string{"educational/counseling/training": "ECT"}
	agencyClasses = map[string]string{
		"u.s. fed": "FED", "other u.s. federal agency": "FED", "individual": "INDIV",
		"ambiguous": "AMBIG", "other government": "OTHER_GOV",
	}
	sexes       = map[string]string{"both": "ALL"}
	ipdInfo     = map[string]string{"statistical analysis plan (sap)": "SAP", "informed consent form (icf)": "ICF", "clinical study report (csr)": "CSR"}
	officialRol = map[string]string{"sub-investigator": "SUB_INVESTIGATOR"}
)

// interventionModel maps "Parallel Assignment" to PARALLEL.
func interventionModel(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimSuffix(v, " Assignment")
	return enum(v, nil)
}

// masking splits "Double (Participant, Investigator)" and the older "Double
// Blind (Subject, Caregiver)" into the masking level and who is masked.
func masking(v string) (string, []string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	level, who := v, ""
	if i := strings.Index(v, "("); i >= 0 {
		level = v[:i]
		who = strings.TrimSuffix(strings.TrimSpace(v[i+1:]), ")")
	}
	lv := strings.ToLower(strings.TrimSpace(level))
	switch {
	case strings.HasPrefix(lv, "none"), strings.HasPrefix(lv, "open"):
		level = "NONE"
	case strings.HasPrefix(lv, "single"):
		level = "SINGLE"
	case strings.HasPrefix(lv, "double"):
		level = "DOUBLE"
	case strings.HasPrefix(lv, "triple"):
		level = "TRIPLE"
	case strings.HasPrefix(lv, "quadruple"):
		level = "QUADRUPLE"
	default:
		level = trial.EnumName(level)
	}
	if level == "NONE" {
		return level, nil
	}
	var masked []string
	for _, w := range strings.Split(who, ",") {
		switch lw := strings.ToLower(strings.TrimSpace(w)); lw {
		case "":
		case "participant", "subject":
			masked = append(masked, "PARTICIPANT")
		case "care provider", "caregiver":
			masked = append(masked, "CARE_PROVIDER")
		case "investigator":
			masked = append(masked, "INVESTIGATOR")
		case "outcomes assessor":
			masked = append(masked, "OUTCOMES_ASSESSOR")
		default:
			masked = append(masked, trial.EnumName(w))
		}
	}
	return level, masked
}

// legacyDesignKey finds the keys of the free-text <study_design> of older
// records: "Allocation: Randomized, Intervention Model: Parallel
// Assignment, Masking: Double Blind (Subject, Investigator), Primary
// Purpose: Treatment".
var legacyDesignKey = regexp.MustCompile(`(?:^|,\s*)(Allocation|Endpoint Classification|Intervention Model|Masking|Primary Purpose|Observational Model|Time Perspective):\s*`)

func legacyDesign(v string) map[string]string {
	out := map[string]string{}
	locs := legacyDesignKey.FindAllStringSubmatchIndex(v, -1)
	for i, l := range locs {
		end := len(v)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		out[v[l[2]:l[3]]] = strings.TrimSpace(v[l[1]:end])
	}
	return out
}

// person reads a contact or investigator element: the name in last_name,
// often with degrees ("Jane Doe, MD, PhD"), or split over first_name,
// middle_name, last_name and degrees in older records.
func person(n *node) (name, degrees string) {
	parts := []string{str(n, "first_name"), str(n, "middle_name"), str(n, "last_name")}
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	name, degrees = trial.SplitDegrees(strings.Join(kept, " "))
	if d := str(n, "degrees"); d != "" {
		degrees = strings.Trim(d+", "+degrees, ", ")
	}
	return name, degrees
}

func contact(n *node, role string) trial.Contact {
	name, deg := person(n)
	if r := str(n, "role"); r != "" {
		role = enum(r, officialRol)
	}
	return trial.Contact{Name: name, Degrees: deg, Role: role, Phone: str(n, "phone"), PhoneExt: str(n, "phone_ext"), Email: str(n, "email")}
}

// study converts a record tree.
func (r *Reader) study(root *node) (*trial.Study, *ingest.ParseError) {
	m := &mapper{r: r}
	s := &trial.Study{}

	id := root.child("id_info")
	nct := root
	if id != nil {
		nct = id
		if c := id.child("nct_id"); c != nil {
			nct = c
		}
	}
	s.NCTID = str(id, "nct_id")
	if s.NCTID == "" {
		return nil, r.errAt(nct.line, recordElem+"/id_info/nct_id", ingest.ErrMissingField)
	}
	if !trial.IsNCTID(s.NCTID) {
		return nil, r.errAt(nct.line, nct.path(), fmt.Errorf("%w: %q is not an NCT number", ingest.ErrBadValue, s.NCTID))
	}
	s.OrgStudyID = str(id, "org_study_id")
	for _, v := range strs(id, "secondary_id") {
		s.SecondaryIDs = append(s.SecondaryIDs, trial.SecondaryID{ID: v})
	}
	s.BriefTitle = str(root, "brief_title")
	s.OfficialTitle = str(root, "official_title")
	s.Acronym = str(root, "acronym")
	s.BriefSummary = block(root, "brief_summary")
	s.DetailedDescription = block(root, "detailed_description")

	// Status and dates.
	s.OverallStatus = enum(str(root, "overall_status"), statusNames)
	s.LastKnownStatus = enum(str(root, "last_known_status"), statusNames)
	s.StatusVerifiedDate = m.date(root, "verification_date")
	s.StartDate = m.date(root, "start_date")
	s.PrimaryCompletion = m.date(root, "primary_completion_date")
	s.CompletionDate = m.date(root, "completion_date")
	s.FirstSubmitDate = m.date(root, "study_first_submitted")
	if s.FirstSubmitDate.IsZero() {
		s.FirstSubmitDate = m.date(root, "firstreceived_date")
	}
	s.FirstPostDate = m.date(root, "study_first_posted")
	s.LastUpdatePostDate = m.date(root, "last_update_posted")
	s.LastUpdateSubmit = m.date(root, "last_update_submitted")
	if s.LastUpdateSubmit.IsZero() {
		s.LastUpdateSubmit = m.date(root, "lastchanged_date")
	}
	s.HasResults = ptr(root.child("clinical_results") != nil)

	// Design.
	s.StudyType = enum(str(root, "study_type"), studyTypes)
	if p := str(root, "phase"); p != "" {
		s.Phases = trial.NormalizePhase(p)
	}
	if di := root.child("study_design_info"); di != nil {
		s.Design.Allocation = enum(str(di, "allocation"), allocations)
		s.Design.InterventionModel = interventionModel(str(di, "intervention_model"))
		s.Design.ModelDescription = str(di, "intervention_model_description")
		s.Design.PrimaryPurpose = enum(str(di, "primary_purpose"), purposes)
		s.Design.ObservationalModel = enum(str(di, "observational_model"), nil)
		s.Design.TimePerspective = enum(str(di, "time_perspective"), nil)
		s.Design.Masking, s.Design.WhoMasked = masking(str(di, "masking"))
		s.Design.MaskingDescription = str(di, "masking_description")
	}
	if v := str(root, "study_design"); v != "" {
		d := legacyDesign(v)
		setIfEmpty(&s.Design.Allocation, enum(d["Allocation"], allocations))
		setIfEmpty(&s.Design.InterventionModel, interventionModel(d["Intervention Model"]))
		setIfEmpty(&s.Design.PrimaryPurpose, enum(d["Primary Purpose"], purposes))
		setIfEmpty(&s.Design.ObservationalModel, enum(d["Observational Model"], nil))
		setIfEmpty(&s.Design.TimePerspective, enum(d["Time Perspective"], nil))
		if s.Design.Masking == "" {
			s.Design.Masking, s.Design.WhoMasked = masking(d["Masking"])
		}
	}
	if c := root.child("enrollment"); c != nil {
		if v := cleanText(string(c.text)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				m.fail(c, fmt.Errorf("%w: enrollment %q is not a count", ingest.ErrBadValue, v))
			} else {
				s.Enrollment = &trial.Enrollment{Count: n, Type: dateType(c.typ)}
			}
		}
	}

	// Conditions: the stated ones, then the MeSH terms of condition_browse
	// that are not among them. Legacy XML carries no MeSH identifiers.
	for _, c := range strs(root, "condition") {
		s.Conditions = append(s.Conditions, trial.Condition{Name: c})
	}
	if cb := root.child("condition_browse"); cb != nil {
	terms:
		for _, t := range strs(cb, "mesh_term") {
			for _, c := range s.Conditions {
				if strings.EqualFold(c.Name, t) {
					continue terms
				}
			}
			s.Conditions = append(s.Conditions, trial.Condition{Name: t})
		}
	}
	s.Keywords = strs(root, "keyword")

	// Arms and interventions; an arm lists its interventions as API v2
	// does, "Drug: Aspirin".
	for _, a := range root.children("arm_group") {
		s.Arms = append(s.Arms, trial.Arm{Label: str(a, "arm_group_label"), Type: enum(str(a, "arm_group_type"), nil), Description: block(a, "description")})
	}
	for _, iv := range root.children("intervention") {
		typ := str(iv, "intervention_type")
		in := trial.Intervention{Type: enum(typ, nil), Name: str(iv, "intervention_name"), Description: block(iv, "description"),
			OtherNames: strs(iv, "other_name"), ArmLabels: strs(iv, "arm_group_label")}
		s.Interventions = append(s.Interventions, in)
		label := in.Name
		if typ != "" {
			label = typ + ": " + in.Name
		}
		for _, al := range in.ArmLabels {
			for i := range s.Arms {
				if s.Arms[i].Label == al {
					s.Arms[i].InterventionNames = append(s.Arms[i].InterventionNames, label)
				}
			}
		}
	}
	s.PrimaryOutcomes = outcomes(root, "primary_outcome")
	s.SecondaryOutcomes = outcomes(root, "secondary_outcome")
	s.OtherOutcomes = outcomes(root, "other_outcome")

	// Eligibility.
	if el := root.child("eligibility"); el != nil {
		e := &s.Eligibility
		e.Criteria = block(el, "criteria")
		e.Sex = enum(str(el, "gender"), sexes)
		e.GenderBased = m.flag(el, "gender_based")
		e.MinimumAge = age(str(el, "minimum_age"))
		e.MaximumAge = age(str(el, "maximum_age"))
		e.HealthyVolunteers = m.flag(el, "healthy_volunteers")
		e.StudyPopulation = block(el, "study_pop")
		e.SamplingMethod = enum(str(el, "sampling_method"), nil)
		e.StdAges = stdAges(e.MinimumAge, e.MaximumAge)
	}

	// Sponsors and people.
	if sp := root.child("sponsors"); sp != nil {
		if ls := sp.child("lead_sponsor"); ls != nil && str(ls, "agency") != "" {
			s.LeadSponsor = &trial.Organization{Name: str(ls, "agency"), Class: enum(str(ls, "agency_class"), agencyClasses)}
		}
		for _, c := range sp.children("collaborator") {
			if name := str(c, "agency"); name != "" {
				s.Collaborators = append(s.Collaborators, trial.Organization{Name: name, Class: enum(str(c, "agency_class"), agencyClasses)})
			}
		}
	}
	if src := str(root, "source"); src != "" {
		s.Organization = &trial.Organization{Name: src}
		if s.LeadSponsor != nil && s.LeadSponsor.Name == src {
			s.Organization.Class = s.LeadSponsor.Class
		}
	}
	if rp := root.child("responsible_party"); rp != nil {
		name := str(rp, "investigator_full_name")
		if name == "" {
			name = str(rp, "name_title")
		}
		name, _ = trial.SplitDegrees(name)
		affil := str(rp, "investigator_affiliation")
		if affil == "" {
			affil = str(rp, "organization")
		}
		p := trial.ResponsibleParty{Type: enum(str(rp, "responsible_party_type"), nil), Name: name, Title: str(rp, "investigator_title"), Affiliation: affil}
		if p != (trial.ResponsibleParty{}) {
			s.ResponsibleParty = &p
		}
	}
	for _, o := range root.children("overall_official") {
		name, deg := person(o)
		s.Officials = append(s.Officials, trial.Person{Name: name, Degrees: deg, Role: enum(str(o, "role"), officialRol), Affiliation: str(o, "affiliation")})
	}
	for _, name := range []string{"overall_contact", "overall_contact_backup"} {
		for _, c := range root.children(name) {
			s.CentralContacts = append(s.CentralContacts, contact(c, "CONTACT"))
		}
	}
	// Sites. Their investigators become contacts with their role, as in
	// API v2 records.
	for _, l := range root.children("location") {
		f := l.child("facility")
		addr := (*node)(nil)
		if f != nil {
			addr = f.child("address")
		}
		loc := trial.Location{Facility: str(f, "name"), Status: enum(str(l, "status"), nil),
			City: str(addr, "city"), State: str(addr, "state"), Zip: str(addr, "zip"), Country: str(addr, "country")}
		for _, k := range l.kids {
			switch k.name {
			case "contact", "contact_backup":
				loc.Contacts = append(loc.Contacts, contact(k, "CONTACT"))
			case "investigator":
				loc.Contacts = append(loc.Contacts, contact(k, "PRINCIPAL_INVESTIGATOR"))
			}
		}
		s.Locations = append(s.Locations, loc)
	}

	// References, links, data sharing, oversight.
	for _, kind := range []struct{ elem, typ string }{{"reference", "BACKGROUND"}, {"results_reference", "RESULT"}} {
		for _, ref := range root.children(kind.elem) {
			cit := str(ref, "citation")
			s.References = append(s.References, trial.Reference{PMID: str(ref, "PMID"), Type: kind.typ, Citation: cit, DOI: trial.DOIFromCitation(cit)})
		}
	}
	for _, l := range root.children("link") {
		if u := str(l, "url"); u != "" {
			s.SeeAlsoLinks = append(s.SeeAlsoLinks, trial.Link{Label: str(l, "description"), URL: u})
		}
	}
	if pd := root.child("patient_data"); pd != nil {
		ipd := trial.IPDSharing{Plan: enum(str(pd, "sharing_ipd"), nil), Description: block(pd, "ipd_description"),
			TimeFrame: block(pd, "ipd_time_frame"), AccessCrit: block(pd, "ipd_access_criteria"), URL: str(pd, "ipd_url")}
		for _, t := range strs(pd, "ipd_info_type") {
			ipd.InfoTypes = append(ipd.InfoTypes, enum(t, ipdInfo))
		}
		s.IPDSharing = &ipd
	}
	if ov := root.child("oversight_info"); ov != nil {
		s.Oversight = trial.Oversight{HasDMC: m.flag(ov, "has_dmc"), FDARegulatedDrug: m.flag(ov, "is_fda_regulated_drug"),
			FDARegulatedDevice: m.flag(ov, "is_fda_regulated_device"), UnapprovedDevice: m.flag(ov, "is_unapproved_device"),
			PPSD: m.flag(ov, "is_ppsd"), USExport: m.flag(ov, "is_us_export")}
	}

	s.Source.LastUpdated = s.LastUpdatePostDate.Value
	if s.Source.LastUpdated == "" {
		s.Source.LastUpdated = s.LastUpdateSubmit.Value
	}
	if m.err != nil {
		return nil, m.err
	}
	return s, nil
}

func setIfEmpty(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func outcomes(root *node, name string) []trial.Outcome {
	var out []trial.Outcome
	for _, o := range root.children(name) {
		out = append(out, trial.Outcome{Measure: str(o, "measure"), TimeFrame: str(o, "time_frame"), Description: block(o, "description")})
	}
	return out
}

// age keeps "18 Years" as it is and drops "N/A".
func age(v string) string {
	if strings.EqualFold(v, "N/A") || strings.EqualFold(v, "none") {
		return ""
	}
	return v
}

// ageYears reads "18 Years", "6 Months", "28 Days" as years.
func ageYears(v string) (float64, bool) {
	f := strings.Fields(v)
	if len(f) != 2 {
		return 0, false
	}
	n, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return 0, false
	}
	switch strings.TrimSuffix(strings.ToLower(f[1]), "s") {
	case "year":
		return n, true
	case "month":
		return n / 12, true
	case "week":
		return n / 52, true
	case "day":
		return n / 365, true
	case "hour":
		return n / (365 * 24), true
	case "minute":
		return n / (365 * 24 * 60), true
	}
	return 0, false
}

// stdAges derives the API v2 age groups (CHILD under 18, ADULT 18 to 64,
// OLDER_ADULT 65 and over) from the age limits, as the registry does.
func stdAges(minAge, maxAge string) []string {
	lo, hi := 0.0, 1000.0
	if minAge != "" {
		v, ok := ageYears(minAge)
		if !ok {
			return nil
		}
		lo = v
	}
	if maxAge != "" {
		v, ok := ageYears(maxAge)
		if !ok {
			return nil
		}
		hi = v
	}
	var out []string
	if lo < 18 {
		out = append(out, "CHILD")
	}
	if lo < 65 && hi >= 18 {
		out = append(out, "ADULT")
	}
	if hi >= 65 {
		out = append(out, "OLDER_ADULT")
	}
	return out
}
