package ctgovpage

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/ingest/textpage"
	"github.com/trialgraph/trialgraph/trial"
)

// pageHeadings are the section headings of the current layout.
var pageHeadings = set("Study Results", "Basic Information", "Brief Summary", "Related Clinical Trials",
	"Detailed Description", "Official Title", "Conditions", "Keywords", "Study Design", "Study Groups",
	"Interventions", "Outcome Measures", "Primary Outcome Measures", "Primary Outcomes",
	"Secondary Outcome Measures", "Secondary Outcomes", "Other Outcome Measures", "Other Outcomes",
	"Eligibility Criteria", "Eligibility", "Sponsors", "Collaborators and Investigators", "Collaborators",
	"Responsible Party", "Principal Investigators", "Investigators", "Contacts and Locations", "Locations",
	"Countries", "Central Contacts", "Facility Contacts", "References", "Publications", "Other Identifiers",
	"More Related Trials", "See Also Links", "IPD Sharing")

// blurbVerbs start the one-line explanations printed under each heading.
var blurbVerbs = set("Get", "Review", "Explore", "Dive", "See", "Understand", "Learn", "Check", "Meet",
	"Identify", "Reach", "Find", "Additional", "Browse", "View", "Read", "Discover", "The")

func isBlurb(s string) bool {
	if !strings.HasSuffix(s, ".") {
		return false
	}
	first, _, _ := strings.Cut(s, " ")
	return blurbVerbs[first]
}

// line is one non-empty line of a section with its 1-based number.
type line struct {
	n    int
	text string
}

// parsePage reads a page in the current layout.
func parsePage(p *textpage.Page) (*trial.Study, error) {
	nctLine := -1
	for i, l := range p.Lines {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "NCT ID:") {
			nctLine = i
			break
		}
	}
	if nctLine < 0 {
		return nil, p.ErrAt(len(p.Lines), "NCT ID", ingest.ErrMissingField)
	}
	id := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p.Lines[nctLine]), "NCT ID:"))
	if !trial.IsNCTID(id) {
		cause := ingest.ErrBadValue
		if nctLine == len(p.Lines)-1 && p.EndsInLine {
			cause = ingest.ErrTruncated
		}
		return nil, p.ErrAt(nctLine+1, "NCT ID", cause)
	}
	s := &trial.Study{NCTID: id, Source: trial.Source{Format: FormatPage, File: p.File, SHA256: p.SHA256}}
	for i := nctLine - 1; i >= 0; i-- {
		if t := strings.TrimSpace(p.Lines[i]); t != "" {
			s.BriefTitle = t
			break
		}
	}

	sections := map[string][]line{}
	cur := ""
	for i := nctLine + 1; i < len(p.Lines); i++ {
		t := strings.TrimSpace(p.Lines[i])
		if t == "" {
			continue
		}
		if v, ok := strings.CutPrefix(t, "Last Updated:"); ok && cur == "" {
			if d := date(v); d != "" {
				s.LastUpdatePostDate = trial.Date{Value: d}
				s.Source.LastUpdated = d
			}
			continue
		}
		if pageHeadings[t] {
			cur = t
			if _, seen := sections[cur]; !seen {
				sections[cur] = nil
			}
			if i+1 < len(p.Lines) && isBlurb(strings.TrimSpace(p.Lines[i+1])) {
				i++
			}
			continue
		}
		if cur != "" {
			sections[cur] = append(sections[cur], line{i + 1, t})
		}
	}

	basicInformation(s, sections["Basic Information"])
	s.BriefSummary = joinText(sections["Brief Summary"])
	s.DetailedDescription = joinText(sections["Detailed Description"])
	if ls := sections["Official Title"]; len(ls) > 0 {
		s.OfficialTitle = ls[0].text
	}
	for _, l := range sections["Conditions"] {
		s.Conditions = append(s.Conditions, trial.Condition{Name: l.text})
	}
	for _, l := range sections["Keywords"] {
		s.Keywords = append(s.Keywords, l.text)
	}
	studyDesign(s, sections["Study Design"])
	s.Interventions = pageInterventions(sections["Interventions"])
	s.Arms = pageArms(sections["Study Groups"], s.Interventions)
	for _, name := range []string{"Outcome Measures", "Primary Outcome Measures", "Primary Outcomes",
		"Secondary Outcome Measures", "Secondary Outcomes", "Other Outcome Measures", "Other Outcomes"} {
		pageOutcomes(s, name, sections[name])
	}
	eligibility(s, append(sections["Eligibility Criteria"], sections["Eligibility"]...))
	for _, name := range []string{"Sponsors", "Collaborators and Investigators", "Collaborators", "Principal Investigators", "Investigators"} {
		orgsAndPeople(s, sections[name])
	}
	responsibleParty(s, sections["Responsible Party"])
	s.Locations = pageLocations(sections["Locations"])
	if len(s.Locations) == 0 {
		s.Locations = pageLocations(sections["Contacts and Locations"])
	}
	s.CentralContacts = pageContacts(sections["Central Contacts"])
	for _, name := range []string{"References", "Publications"} {
		for _, l := range sections[name] {
			s.References = append(s.References, reference(l.text))
		}
	}
	otherIdentifiers(s, sections["Other Identifiers"])
	for _, name := range []string{"Related Clinical Trials", "More Related Trials"} {
		for _, l := range sections[name] {
			if trial.IsNCTID(l.text) && l.text != s.NCTID && !contains(s.RelatedTrials, l.text) {
				s.RelatedTrials = append(s.RelatedTrials, l.text)
			}
		}
	}
	return s, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func joinText(ls []line) string {
	var parts []string
	for _, l := range ls {
		parts = append(parts, l.text)
	}
	return strings.Join(parts, "\n")
}

var participantsRE = regexp.MustCompile(`^(\d[\d,]*)\s+participants?$`)

// basicInformation reads the values of "Basic Information": status, phase,
// enrolment, study type and the dates, recognised by their shape. Dates
// come in the page's order: start, then primary completion and completion
// when there are three, or completion when there are two.
func basicInformation(s *trial.Study, ls []line) {
	var dates []string
	for _, l := range ls {
		t := l.text
		u := strings.ToUpper(t)
		switch {
		case statusEnums[u]:
			s.OverallStatus = u
		case studyTypeEnums[u]:
			s.StudyType = u
		case strings.Contains(u, "PHASE") || u == "NA" || u == "N/A":
			s.Phases = trial.NormalizePhase(t)
		case participantsRE.MatchString(t):
			n, err := strconv.Atoi(strings.ReplaceAll(participantsRE.FindStringSubmatch(t)[1], ",", ""))
			if err == nil {
				s.Enrollment = &trial.Enrollment{Count: n}
			}
		default:
			if d, ok := trial.NormalizeDate(t); ok {
				dates = append(dates, d)
			}
		}
	}
	switch len(dates) {
	case 0:
	case 1:
		s.StartDate = trial.Date{Value: dates[0]}
	case 2:
		s.StartDate = trial.Date{Value: dates[0]}
		s.CompletionDate = trial.Date{Value: dates[1]}
	default:
		s.StartDate = trial.Date{Value: dates[0]}
		s.PrimaryCompletion = trial.Date{Value: dates[1]}
		s.CompletionDate = trial.Date{Value: dates[2]}
	}
}

// studyDesign sorts the enumeration values of "Study Design" into the
// design fields they belong to.
func studyDesign(s *trial.Study, ls []line) {
	d := &s.Design
	for _, l := range ls {
		u := trial.EnumName(l.text)
		switch {
		case allocationEnums[u]:
			d.Allocation = u
		case u == "NA" && d.Allocation == "":
			d.Allocation = u
		case modelEnums[u]:
			d.InterventionModel = u
		case purposeEnums[u]:
			d.PrimaryPurpose = u
		case maskingEnums[u]:
			d.Masking = u
		case whoEnums[u]:
			d.WhoMasked = append(d.WhoMasked, u)
		case obsModelEnums[u]:
			d.ObservationalModel = u
		case perspectiveEnums[u]:
			d.TimePerspective = u
		case u == "OTHER":
			switch {
			case s.StudyType == "OBSERVATIONAL" && d.ObservationalModel == "":
				d.ObservationalModel = u
			case s.StudyType == "OBSERVATIONAL":
				d.TimePerspective = u
			default:
				d.PrimaryPurpose = u
			}
		}
	}
}

var typedNameRE = regexp.MustCompile(`^(Drug|Biological|Device|Procedure|Procedure/Surgery|Radiation|Behavioral|Genetic|Dietary Supplement|Combination Product|Diagnostic Test|Other): (.+)$`)

// pageInterventions reads "Interventions": a name line, then a description
// line, for each intervention. A "Biological: name" line carries the type.
func pageInterventions(ls []line) []trial.Intervention {
	var out []trial.Intervention
	for i := 0; i < len(ls); i++ {
		iv := trial.Intervention{Name: ls[i].text}
		if m := typedNameRE.FindStringSubmatch(iv.Name); m != nil {
			iv.Type, iv.Name = trial.EnumName(m[1]), m[2]
		} else if interventionType[ls[i].text] && i+1 < len(ls) {
			iv.Type = ls[i].text
			i++
			iv.Name = ls[i].text
		}
		if i+1 < len(ls) && !typedNameRE.MatchString(ls[i+1].text) && !interventionType[ls[i+1].text] {
			i++
			iv.Description = ls[i].text
		}
		out = append(out, iv)
	}
	return out
}

// pageArms reads "Study Groups": each group is a label line and a
// description line, followed by the names (and descriptions) of the
// interventions it receives, which link arm and intervention both ways.
func pageArms(ls []line, ivs []trial.Intervention) []trial.Arm {
	find := func(name string) int {
		if m := typedNameRE.FindStringSubmatch(name); m != nil {
			name = m[2]
		}
		for i, iv := range ivs {
			if iv.Name == name {
				return i
			}
		}
		return -1
	}
	var arms []trial.Arm
	for i := 0; i < len(ls); i++ {
		t := ls[i].text
		if k := find(t); k >= 0 && len(arms) > 0 {
			a := &arms[len(arms)-1]
			a.InterventionNames = append(a.InterventionNames, ivs[k].Name)
			if !contains(ivs[k].ArmLabels, a.Label) {
				ivs[k].ArmLabels = append(ivs[k].ArmLabels, a.Label)
			}
			if i+1 < len(ls) && ivs[k].Description != "" && ls[i+1].text == ivs[k].Description {
				i++
			}
			continue
		}
		a := trial.Arm{Label: t}
		if i+1 < len(ls) && armTypeEnums[ls[i+1].text] {
			i++
			a.Type = ls[i].text
		}
		if i+1 < len(ls) && find(ls[i+1].text) < 0 {
			i++
			a.Description = ls[i].text
		}
		arms = append(arms, a)
	}
	return arms
}

// pageOutcomes reads an outcome section: a measure line, optional
// "Description:" and "Time Frame:" lines (or one plain description line).
// The kind comes from the heading; "Outcome Measures" alone gives none.
func pageOutcomes(s *trial.Study, heading string, ls []line) {
	var out []trial.Outcome
	for _, l := range ls {
		t := l.text
		if v, ok := strings.CutPrefix(t, "Time Frame:"); ok && len(out) > 0 {
			out[len(out)-1].TimeFrame = strings.TrimSpace(v)
			continue
		}
		if v, ok := strings.CutPrefix(t, "Description:"); ok && len(out) > 0 {
			out[len(out)-1].Description = strings.TrimSpace(v)
			continue
		}
		if n := len(out); n > 0 && out[n-1].TimeFrame == "" && out[n-1].Description == "" {
			out[n-1].Description = t
			continue
		}
		out = append(out, trial.Outcome{Measure: t})
	}
	switch {
	case strings.HasPrefix(heading, "Primary"):
		s.PrimaryOutcomes = append(s.PrimaryOutcomes, out...)
	case strings.HasPrefix(heading, "Secondary"):
		s.SecondaryOutcomes = append(s.SecondaryOutcomes, out...)
	case strings.HasPrefix(heading, "Other"):
		s.OtherOutcomes = append(s.OtherOutcomes, out...)
	default:
		s.Outcomes = append(s.Outcomes, out...)
	}
}

var ageRE = regexp.MustCompile(`^\d+\s+(?:Years?|Months?|Weeks?|Days?|Hours?|Minutes?)$`)

// eligibility reads the criteria text and, after it, the age limits, sex
// and whether healthy volunteers are accepted.
func eligibility(s *trial.Study, ls []line) {
	e := &s.Eligibility
	end := len(ls)
	var ages []string
	for end > 0 {
		t := ls[end-1].text
		u := strings.ToUpper(t)
		switch {
		case ageRE.MatchString(t):
			ages = append([]string{t}, ages...)
		case sexEnums[u]:
			e.Sex = u
		case yesNo(t) != nil:
			e.HealthyVolunteers = yesNo(t)
		case strings.Contains(t, " to ") && ageRE.MatchString(strings.SplitN(t, " to ", 2)[0]):
			lo, hi, _ := strings.Cut(t, " to ")
			ages = append([]string{lo, hi}, ages...)
		default:
			goto done
		}
		end--
	}
done:
	switch len(ages) {
	case 0:
	case 1:
		e.MinimumAge = ages[0]
	default:
		e.MinimumAge, e.MaximumAge = ages[0], ages[1]
	}
	e.Criteria = joinText(ls[:end])
}

// orgsAndPeople reads sponsor and investigator sections. A "Role: X" line
// marks an official: the line before is the name (with degrees), the line
// after the affiliation. Other lines are organisations, each optionally
// followed by its agency class; the first is the lead sponsor.
func orgsAndPeople(s *trial.Study, ls []line) {
	used := make([]bool, len(ls))
	for i, l := range ls {
		role, ok := strings.CutPrefix(l.text, "Role:")
		if !ok || i == 0 || used[i-1] {
			continue
		}
		name, degrees := splitPerson(ls[i-1].text)
		p := trial.Person{Name: name, Degrees: degrees, Role: trial.EnumName(role)}
		used[i-1], used[i] = true, true
		if i+1 < len(ls) && !strings.HasPrefix(ls[i+1].text, "Role:") &&
			!(i+2 < len(ls) && strings.HasPrefix(ls[i+2].text, "Role:")) {
			p.Affiliation = ls[i+1].text
			used[i+1] = true
		}
		s.Officials = append(s.Officials, p)
	}
	for i := 0; i < len(ls); i++ {
		if used[i] {
			continue
		}
		o := trial.Organization{Name: ls[i].text}
		if i+1 < len(ls) && !used[i+1] && agencyEnums[ls[i+1].text] {
			o.Class = ls[i+1].text
			i++
		}
		if s.LeadSponsor == nil {
			s.LeadSponsor = &o
		} else {
			s.Collaborators = append(s.Collaborators, o)
		}
	}
}

// responsibleParty reads the party's type when printed, its name, title
// and affiliation in that order.
func responsibleParty(s *trial.Study, ls []line) {
	if len(ls) == 0 {
		return
	}
	rp := &trial.ResponsibleParty{}
	var rest []string
	for _, l := range ls {
		if u := trial.EnumName(l.text); partyEnums[u] && rp.Type == "" {
			rp.Type = u
			continue
		}
		rest = append(rest, l.text)
	}
	if len(rest) > 0 {
		rp.Name, _ = splitPerson(rest[0])
	}
	if len(rest) > 1 {
		rp.Title = rest[1]
	}
	if len(rest) > 2 {
		rp.Affiliation = rest[2]
	}
	s.ResponsibleParty = rp
}

var (
	emailRE = regexp.MustCompile(`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`)
	phoneRE = regexp.MustCompile(`\+?\d[\d\s().-]{5,}\d`)
	extRE   = regexp.MustCompile(`(?i)\bext\.?\s*(\d+)`)
)

// isContactDetail reports a line that is a contact's phone, e-mail or role.
func isContactDetail(t string) bool {
	return emailRE.MatchString(t) || strings.HasPrefix(t, "Role:") || strings.HasPrefix(t, "Contact:") ||
		strings.HasPrefix(t, "Phone:") || strings.HasPrefix(t, "Email:") ||
		phoneRE.FindString(t) == strings.TrimSpace(t)
}

// pageLocations reads "Locations": a facility line, an optional status,
// then "City, State, Country"; contact lines after it belong to the site.
func pageLocations(ls []line) []trial.Location {
	var out []trial.Location
	for i := 0; i < len(ls); i++ {
		t := ls[i].text
		n := len(out)
		switch {
		case n > 0 && statusEnums[trial.EnumName(t)] && out[n-1].Status == "":
			out[n-1].Status = trial.EnumName(t)
		case n > 0 && isContactDetail(t):
			addDetail(&out[n-1].Contacts, t)
		case n > 0 && out[n-1].Country != "" && i+1 < len(ls) && isContactDetail(ls[i+1].text):
			name, degrees := splitPerson(t)
			out[n-1].Contacts = append(out[n-1].Contacts, trial.Contact{Name: name, Degrees: degrees})
		case n > 0 && out[n-1].City == "" && strings.Contains(t, ","):
			l := &out[n-1]
			l.City, l.State, l.Zip, l.Country = textpage.ParseAddress(t)
		default:
			out = append(out, trial.Location{Facility: t})
		}
	}
	return out
}

// pageContacts reads contacts: a name line followed by detail lines.
func pageContacts(ls []line) []trial.Contact {
	var out []trial.Contact
	for _, l := range ls {
		if isContactDetail(l.text) && len(out) > 0 {
			addDetail(&out, l.text)
			continue
		}
		name, degrees := splitPerson(l.text)
		out = append(out, trial.Contact{Name: name, Degrees: degrees})
	}
	return out
}

// addDetail adds a phone, e-mail or role line to the last contact, or a new
// contact for a "Contact: name" line.
func addDetail(cs *[]trial.Contact, t string) {
	if v, ok := strings.CutPrefix(t, "Contact:"); ok {
		*cs = append(*cs, contactText(v))
		return
	}
	if len(*cs) == 0 {
		*cs = append(*cs, trial.Contact{})
	}
	c := &(*cs)[len(*cs)-1]
	if v, ok := strings.CutPrefix(t, "Role:"); ok {
		c.Role = trial.EnumName(v)
		return
	}
	if e := emailRE.FindString(t); e != "" {
		c.Email = e
	}
	if ph := phoneRE.FindString(t); ph != "" {
		c.Phone = strings.TrimSpace(ph)
	}
	if m := extRE.FindStringSubmatch(t); m != nil {
		c.PhoneExt = m[1]
	}
}

// contactText reads "Yan Liu, MD +8613387517458 447822853@qq.com" or the
// same with "|" between the parts.
func contactText(v string) trial.Contact {
	var c trial.Contact
	if e := emailRE.FindString(v); e != "" {
		c.Email = e
		v = strings.Replace(v, e, " ", 1)
	}
	if m := extRE.FindStringSubmatch(v); m != nil {
		c.PhoneExt = m[1]
		v = strings.Replace(v, m[0], " ", 1)
	}
	if ph := phoneRE.FindString(v); ph != "" {
		c.Phone = strings.TrimSpace(ph)
		v = strings.Replace(v, ph, " ", 1)
	}
	v = strings.Trim(strings.ReplaceAll(v, "|", " "), " ,")
	c.Name, c.Degrees = splitPerson(strings.Join(strings.Fields(v), " "))
	return c
}

var pmidRE = regexp.MustCompile(`\bPMID:?\s*(\d+)`)

// reference reads one citation line.
func reference(t string) trial.Reference {
	r := trial.Reference{Citation: t, DOI: trial.DOIFromCitation(t)}
	if m := pmidRE.FindStringSubmatch(t); m != nil {
		r.PMID = m[1]
	}
	return r
}

// otherIdentifiers reads "Other Identifiers": an identifier line followed
// by "Identifier Type:" and "Identifier Source:" lines. The identifier
// whose source is org_study_id is the organisation's study id.
func otherIdentifiers(s *trial.Study, ls []line) {
	var ids []trial.SecondaryID
	var org []bool
	for _, l := range ls {
		t := l.text
		if v, ok := strings.CutPrefix(t, "Identifier Type:"); ok && len(ids) > 0 {
			if v = strings.TrimSpace(v); v != "-" {
				ids[len(ids)-1].Type = v
			}
			continue
		}
		if v, ok := strings.CutPrefix(t, "Identifier Source:"); ok && len(ids) > 0 {
			if v = strings.TrimSpace(v); v == "org_study_id" {
				org[len(org)-1] = true
			} else if v != "-" && v != "secondary_id" {
				ids[len(ids)-1].Domain = v
			}
			continue
		}
		ids = append(ids, trial.SecondaryID{ID: t})
		org = append(org, false)
	}
	for i, id := range ids {
		if org[i] && s.OrgStudyID == "" {
			s.OrgStudyID = id.ID
			continue
		}
		s.SecondaryIDs = append(s.SecondaryIDs, id)
	}
}
