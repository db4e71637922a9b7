package ctgovpage

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/ingest/textpage"
	"github.com/trialgraph/trialgraph/trial"
)

// cells splits a classic-layout line at its "|" separators, trimming each
// cell and dropping empty trailing cells.
func cells(t string) []string {
	parts := strings.Split(t, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}

var (
	headerRE   = regexp.MustCompile(`^(Recruitment Status|First Posted|Last Update Posted|Results First Posted|Last Verified)\s*:\s*(.*)$`)
	verifiedRE = regexp.MustCompile(`^Verified\s+(.+?)\s+by\s+(.+?)\.?$`)
	dateKeyRE  = regexp.MustCompile(`^(Actual|Estimated|Anticipated)?\s*(Study Start|Primary Completion|Study Completion) Date$`)
	enrollRE   = regexp.MustCompile(`^(Actual|Estimated|Anticipated)?\s*Enrollment$`)
	armTypeRE  = regexp.MustCompile(`^(Experimental|Active Comparator|Placebo Comparator|Sham Comparator|No Intervention|Other):\s*(.+)$`)
	outcomeRE  = regexp.MustCompile(`^(?:-\s*)?(.+?)\s*\[\s*Time Frame:\s*(.*?)\s*\]\s*(.*)$`)
	kindRE     = regexp.MustCompile(`^(Primary|Secondary|Other(?: Pre-specified)?) Outcome Measures?\s*:?$`)
	roleKeyRE  = regexp.MustCompile(`^(Principal Investigator|Sub-Investigator|Study Chair|Study Director):\s*(.*)$`)
	ivSplitRE  = regexp.MustCompile(`(?:^|\s)(Drug|Biological|Device|Procedure|Procedure/Surgery|Radiation|Behavioral|Genetic|Dietary Supplement|Combination Product|Diagnostic Test|Other): `)
	ageRangeRE = regexp.MustCompile(`^(?:(\d+ \w+) to (\d+ \w+)|(\d+ \w+) and older|up to (\d+ \w+)|(\d+ \w+))`)
)

// dateType maps "Actual"/"Estimated"/"Anticipated" to the API v2 spelling.
func dateType(s string) string {
	switch s {
	case "Actual":
		return "ACTUAL"
	case "Estimated", "Anticipated":
		return "ESTIMATED"
	}
	return ""
}

// classic holds the state of one pass over a classic-layout page.
type classic struct {
	p *textpage.Page
	s *trial.Study

	idLine     int // 1-based line of "ClinicalTrials.gov Identifier:", 0 if none
	summary    *string
	criteria   []string
	inCriteria bool
	armLines   []string
	inArms     bool
	kind       string
	inLocs     bool
	loc        *trial.Location
	expectAddr bool
	groupCtry  string
	groupState string
	pending    string // a key whose values follow on single-cell lines
	tail       []string
}

// parseClassic reads a page in the classic layout.
func parseClassic(p *textpage.Page) (*trial.Study, error) {
	c := &classic{p: p, s: &trial.Study{Source: trial.Source{Format: FormatClassic, File: p.File, SHA256: p.SHA256}}}
	start := len(p.Lines)
	for i, l := range p.Lines {
		if t := strings.TrimSpace(l); t != "" {
			if !strings.HasPrefix(t, "ClinicalTrials.gov Identifier:") {
				c.s.BriefTitle = strings.TrimSpace(strings.TrimSuffix(t, "|"))
				i++
			}
			start = i
			break
		}
	}
	for i := start; i < len(p.Lines); i++ {
		c.line(i)
	}
	c.finish()
	if c.s.NCTID == "" {
		if c.idLine == 0 {
			return nil, p.ErrAt(len(p.Lines), "ClinicalTrials.gov Identifier", ingest.ErrMissingField)
		}
		cause := ingest.ErrBadValue
		if c.idLine == len(p.Lines) && p.EndsInLine {
			cause = ingest.ErrTruncated
		}
		return nil, p.ErrAt(c.idLine, "ClinicalTrials.gov Identifier", cause)
	}
	return c.s, nil
}

// line handles line i (0-based) of the page.
func (c *classic) line(i int) {
	s := c.s
	t := strings.TrimSpace(c.p.Lines[i])
	cs := cells(t)
	if t == "" {
		c.inCriteria = false
		if c.inArms {
			c.endArms()
		}
		return
	}
	if v, ok := strings.CutPrefix(t, "ClinicalTrials.gov Identifier:"); ok {
		if c.idLine == 0 {
			c.idLine = i + 1
		}
		if id := nctInText.FindString(v); id != "" && s.NCTID == "" {
			s.NCTID = id
		}
		c.pending = ""
		return
	}
	if strings.HasPrefix(t, "Please refer to this study by its ClinicalTrials.gov identifier") {
		if id := nctInText.FindString(t); id != "" && s.NCTID == "" {
			s.NCTID = id
		}
		c.inCriteria = false
		c.inLocs = true
		return
	}
	if c.inArms {
		if outcomeRE.MatchString(t) || kindRE.MatchString(t) {
			c.endArms()
		} else {
			if !strings.HasPrefix(t, "---") {
				c.armLines = append(c.armLines, t)
			}
			return
		}
	}
	if m := headerRE.FindStringSubmatch(t); m != nil && !strings.Contains(m[1], "|") {
		c.header(m[1], m[2])
		return
	}
	if m := verifiedRE.FindStringSubmatch(t); m != nil {
		if d := date(m[1]); d != "" {
			s.StatusVerifiedDate = trial.Date{Value: d}
		}
		return
	}
	if v, ok := strings.CutPrefix(t, "Recruitment status was:"); ok {
		s.LastKnownStatus = trial.EnumName(v)
		return
	}
	if len(cs) >= 3 && cs[0] == "Condition or disease" {
		c.summary = nil
		for j := i + 1; j < len(c.p.Lines); j++ {
			row := cells(strings.TrimSpace(c.p.Lines[j]))
			if strings.HasPrefix(c.p.Lines[j], "---") {
				continue
			}
			if len(row) < 2 {
				break
			}
			c.conditionRow(row)
			c.p.Lines[j] = "" // consumed
		}
		c.summary = &s.BriefSummary
		return
	}
	if len(cs) >= 2 && (cs[0] == "Arm" || cs[0] == "Group/Cohort") && strings.HasPrefix(cs[1], "Intervention") {
		c.inArms = true
		c.summary = nil
		return
	}
	if strings.HasPrefix(t, "---|") {
		return
	}
	if m := kindRE.FindStringSubmatch(t); m != nil {
		c.kind = strings.Fields(m[1])[0]
		return
	}
	if m := outcomeRE.FindStringSubmatch(t); m != nil {
		c.outcome(trial.Outcome{Measure: m[1], TimeFrame: m[2], Description: m[3]})
		return
	}
	switch t {
	case "Brief Summary:":
		c.summary = &s.BriefSummary
		return
	case "Detailed Description:":
		c.summary = &s.DetailedDescription
		return
	case "Inclusion Criteria:", "Exclusion Criteria:", "Criteria:", "Inclusion criteria:", "Exclusion criteria:":
		c.inCriteria = true
		c.summary = nil
	}
	if strings.HasPrefix(t, "To learn more about this study") || strings.HasPrefix(t, "Choosing to participate") {
		c.inCriteria = false
		return
	}
	if c.inCriteria {
		c.criteria = append(c.criteria, t)
		return
	}
	if c.inLocs && c.location(t, cs) {
		return
	}
	if len(cs) > 0 && strings.HasSuffix(cs[0], ":") {
		c.summary = nil
		c.inLocs = false
		c.tail = nil
		c.keyValue(strings.TrimSpace(strings.TrimSuffix(cs[0], ":")), cs[1:])
		return
	}
	if c.summary != nil {
		if *c.summary != "" {
			*c.summary += "\n"
		}
		*c.summary += t
		return
	}
	if len(cs) == 1 {
		switch c.pending {
		case "Other Study ID Numbers":
			if s.OrgStudyID == "" {
				s.OrgStudyID = cs[0]
			} else {
				s.SecondaryIDs = append(s.SecondaryIDs, trial.SecondaryID{ID: cs[0]})
			}
			return
		case "Sponsors and Collaborators", "Collaborators":
			s.Collaborators = append(s.Collaborators, trial.Organization{Name: cs[0]})
			return
		}
		c.tail = append(c.tail, cs[0])
	}
}

// header reads the lines above the tabs: status and record dates.
func (c *classic) header(key, v string) {
	s := c.s
	v = strings.TrimSpace(strings.Trim(v, "| "))
	switch key {
	case "Recruitment Status":
		st := trial.EnumName(v)
		if st == "UNKNOWN_STATUS" {
			st = "UNKNOWN"
		}
		s.OverallStatus = st
	case "First Posted":
		s.FirstPostDate = trial.Date{Value: date(v)}
	case "Last Update Posted":
		s.LastUpdatePostDate = trial.Date{Value: date(v)}
	case "Last Verified":
		s.StatusVerifiedDate = trial.Date{Value: date(v)}
	}
}

// conditionRow reads a row of the "Condition or disease | Intervention/
// treatment | Phase" table.
func (c *classic) conditionRow(row []string) {
	s := c.s
	if row[0] != "" {
		s.Conditions = append(s.Conditions, trial.Condition{Name: row[0]})
	}
	if len(row) > 1 {
		locs := ivSplitRE.FindAllStringSubmatchIndex(row[1], -1)
		for k, m := range locs {
			end := len(row[1])
			if k+1 < len(locs) {
				end = locs[k+1][0]
			}
			name := strings.TrimSpace(row[1][m[1]:end])
			if name != "" {
				s.Interventions = append(s.Interventions, trial.Intervention{Type: ivType(row[1][m[2]:m[3]]), Name: name})
			}
		}
	}
	if len(row) > 2 {
		for _, ph := range trial.NormalizePhase(row[2]) {
			if !contains(s.Phases, ph) {
				s.Phases = append(s.Phases, ph)
			}
		}
	}
}

func ivType(s string) string {
	if s == "Procedure/Surgery" {
		return "PROCEDURE"
	}
	return trial.EnumName(s)
}

func (c *classic) outcome(o trial.Outcome) {
	s := c.s
	switch c.kind {
	case "Primary":
		s.PrimaryOutcomes = append(s.PrimaryOutcomes, o)
	case "Secondary":
		s.SecondaryOutcomes = append(s.SecondaryOutcomes, o)
	case "Other":
		s.OtherOutcomes = append(s.OtherOutcomes, o)
	default:
		s.Outcomes = append(s.Outcomes, o)
	}
}

// endArms parses the collected "Arm | Intervention/treatment" table. Each
// "|" closes a cell; cells alternate between an arm ("Experimental: label"
// and its description) and its interventions ("Biological: name", then
// description lines).
func (c *classic) endArms() {
	c.inArms = false
	var cellsList [][]string
	var cur []string
	for _, l := range c.armLines {
		segs := strings.Split(l, "|")
		for k, seg := range segs {
			if k > 0 {
				cellsList = append(cellsList, cur)
				cur = nil
			}
			if seg = strings.TrimSpace(seg); seg != "" {
				cur = append(cur, seg)
			}
		}
	}
	if len(cur) > 0 {
		cellsList = append(cellsList, cur)
	}
	c.armLines = nil
	s := c.s
	for k := 0; k < len(cellsList); k += 2 {
		ac := cellsList[k]
		if len(ac) == 0 {
			continue
		}
		a := trial.Arm{Label: ac[0]}
		if m := armTypeRE.FindStringSubmatch(ac[0]); m != nil {
			a.Type, a.Label = trial.EnumName(m[1]), m[2]
		}
		a.Description = strings.Join(ac[1:], "\n")
		if k+1 < len(cellsList) {
			for _, iv := range cellInterventions(cellsList[k+1]) {
				a.InterventionNames = append(a.InterventionNames, iv.Name)
				c.linkIntervention(iv, a.Label)
			}
		}
		s.Arms = append(s.Arms, a)
	}
}

// cellInterventions reads the interventions of one arm's cell.
func cellInterventions(lines []string) []trial.Intervention {
	var out []trial.Intervention
	for _, l := range lines {
		if m := typedNameRE.FindStringSubmatch(l); m != nil {
			out = append(out, trial.Intervention{Type: ivType(m[1]), Name: m[2]})
			continue
		}
		if len(out) == 0 {
			continue
		}
		iv := &out[len(out)-1]
		if v, ok := strings.CutPrefix(l, "Other Name:"); ok {
			iv.OtherNames = append(iv.OtherNames, strings.TrimSpace(v))
			continue
		}
		if v, ok := strings.CutPrefix(l, "Other Names:"); ok {
			if v = strings.TrimSpace(v); v != "" {
				iv.OtherNames = append(iv.OtherNames, v)
			}
			continue
		}
		if strings.HasPrefix(l, "- ") && strings.HasSuffix(iv.Description, "Other Names:") {
			iv.OtherNames = append(iv.OtherNames, strings.TrimPrefix(l, "- "))
			continue
		}
		if iv.Description != "" {
			iv.Description += "\n"
		}
		iv.Description += l
	}
	return out
}

// linkIntervention merges an intervention met in the arms table into the
// study's list and records the arm that receives it.
func (c *classic) linkIntervention(iv trial.Intervention, arm string) {
	s := c.s
	for k := range s.Interventions {
		x := &s.Interventions[k]
		if x.Name == iv.Name && (x.Type == "" || x.Type == iv.Type) {
			if x.Description == "" {
				x.Description = iv.Description
			}
			if len(x.OtherNames) == 0 {
				x.OtherNames = iv.OtherNames
			}
			if !contains(x.ArmLabels, arm) {
				x.ArmLabels = append(x.ArmLabels, arm)
			}
			return
		}
	}
	iv.ArmLabels = []string{arm}
	s.Interventions = append(s.Interventions, iv)
}

// location reads a line of the contacts and locations part, reporting
// whether it was one.
func (c *classic) location(t string, cs []string) bool {
	s := c.s
	addContact := func(ct trial.Contact) {
		if c.loc != nil {
			c.loc.Contacts = append(c.loc.Contacts, ct)
		} else {
			s.CentralContacts = append(s.CentralContacts, ct)
		}
	}
	if v, ok := strings.CutPrefix(t, "Contact:"); ok {
		addContact(contactText(v))
		return true
	}
	if m := roleKeyRE.FindStringSubmatch(t); m != nil && c.loc != nil {
		ct := contactText(m[2])
		ct.Role = trial.EnumName(strings.ReplaceAll(m[1], "-", "_"))
		addContact(ct)
		return true
	}
	if len(cs) == 0 || strings.HasSuffix(cs[0], ":") {
		return false
	}
	if len(cs) >= 2 && statusEnums[trial.EnumName(cs[1])] {
		c.newLocation(cs[0], trial.EnumName(cs[1]))
		return true
	}
	if c.expectAddr {
		l := c.loc
		l.City, l.State, l.Zip, l.Country = textpage.ParseAddress(cs[0])
		if l.Country == "" {
			l.Country = c.groupCtry
		}
		c.expectAddr = false
		return true
	}
	if len(cs) == 1 && c.groupCtry != "" && c.nextIsAddressIn(t) {
		c.newLocation(cs[0], "")
		return true
	}
	// A country heading such as "China, Hubei".
	ctry, state, _ := strings.Cut(cs[0], ",")
	c.groupCtry, c.groupState = strings.TrimSpace(ctry), strings.TrimSpace(state)
	c.loc = nil
	return true
}

func (c *classic) newLocation(facility, status string) {
	c.s.Locations = append(c.s.Locations, trial.Location{Facility: facility, Status: status})
	c.loc = &c.s.Locations[len(c.s.Locations)-1]
	c.expectAddr = true
}

// nextIsAddressIn reports whether the line after the one holding t is an
// address in the current country heading, making t a facility without a
// status.
func (c *classic) nextIsAddressIn(t string) bool {
	for i, l := range c.p.Lines {
		if strings.TrimSpace(l) != t || i+1 >= len(c.p.Lines) {
			continue
		}
		next := cells(strings.TrimSpace(c.p.Lines[i+1]))
		if len(next) == 0 {
			return false
		}
		_, _, _, ctry := textpage.ParseAddress(next[0])
		return ctry == c.groupCtry
	}
	return false
}

// keyValue reads a "Key: | value |" row.
func (c *classic) keyValue(key string, vals []string) {
	s := c.s
	c.pending = ""
	v := ""
	if len(vals) > 0 {
		v = vals[0]
	}
	if m := dateKeyRE.FindStringSubmatch(key); m != nil {
		d := trial.Date{Value: date(v), Type: dateType(m[1])}
		switch m[2] {
		case "Study Start":
			s.StartDate = d
		case "Primary Completion":
			s.PrimaryCompletion = d
		case "Study Completion":
			s.CompletionDate = d
		}
		return
	}
	if m := enrollRE.FindStringSubmatch(key); m != nil {
		f := strings.Fields(v)
		if len(f) > 0 {
			if n, err := strconv.Atoi(strings.ReplaceAll(f[0], ",", "")); err == nil {
				s.Enrollment = &trial.Enrollment{Count: n, Type: dateType(m[1])}
			}
		}
		return
	}
	if m := roleKeyRE.FindStringSubmatch(key + ":"); m != nil && v != "" {
		name, degrees := splitPerson(v)
		p := trial.Person{Name: name, Degrees: degrees, Role: trial.EnumName(strings.ReplaceAll(m[1], "-", "_"))}
		if len(vals) > 1 {
			p.Affiliation = vals[1]
		}
		s.Officials = append(s.Officials, p)
		return
	}
	switch key {
	case "Study Type":
		s.StudyType = trial.EnumName(stripParen(v))
	case "Allocation":
		a := trial.EnumName(v)
		if a == "N_A" {
			a = "NA"
		}
		s.Design.Allocation = a
	case "Intervention Model":
		s.Design.InterventionModel = strings.TrimSuffix(trial.EnumName(v), "_ASSIGNMENT")
	case "Intervention Model Description":
		s.Design.ModelDescription = v
	case "Masking":
		s.Design.Masking = trial.EnumName(stripParen(v))
		if _, in, ok := strings.Cut(v, "("); ok {
			for _, w := range strings.Split(strings.TrimSuffix(in, ")"), ",") {
				if u := trial.EnumName(w); whoEnums[u] {
					s.Design.WhoMasked = append(s.Design.WhoMasked, u)
				}
			}
		}
	case "Masking Description":
		s.Design.MaskingDescription = v
	case "Primary Purpose":
		s.Design.PrimaryPurpose = trial.EnumName(v)
	case "Observational Model":
		s.Design.ObservationalModel = trial.EnumName(v)
	case "Time Perspective":
		s.Design.TimePerspective = trial.EnumName(v)
	case "Official Title":
		s.OfficialTitle = v
	case "Acronym":
		s.Acronym = v
	case "Ages Eligible for Study":
		c.ages(v)
	case "Sexes Eligible for Study":
		s.Eligibility.Sex = trial.EnumName(v)
	case "Gender Based":
		s.Eligibility.GenderBased = yesNo(v)
	case "Accepts Healthy Volunteers":
		s.Eligibility.HealthyVolunteers = yesNo(v)
	case "Sampling Method":
		s.Eligibility.SamplingMethod = trial.EnumName(v)
	case "Study Population":
		s.Eligibility.StudyPopulation = v
	case "Responsible Party", "Information provided by (Responsible Party)":
		s.ResponsibleParty = classicParty(v)
	case "Sponsors and Collaborators", "Sponsor":
		if v != "" {
			s.LeadSponsor = &trial.Organization{Name: v}
		}
		for _, o := range vals[min(1, len(vals)):] {
			s.Collaborators = append(s.Collaborators, trial.Organization{Name: o})
		}
		c.pending = "Sponsors and Collaborators"
	case "Collaborators":
		for _, o := range vals {
			s.Collaborators = append(s.Collaborators, trial.Organization{Name: o})
		}
		c.pending = key
	case "Investigators":
		if len(vals) > 1 {
			c.keyValue(strings.TrimSuffix(vals[0], ":"), vals[1:])
		}
	case "Other Study ID Numbers":
		for _, id := range vals {
			if s.OrgStudyID == "" {
				s.OrgStudyID = id
			} else {
				s.SecondaryIDs = append(s.SecondaryIDs, trial.SecondaryID{ID: id})
			}
		}
		c.pending = key
	case "First Posted", "Last Update Posted", "Last Verified", "Results First Posted":
		c.header(key, v)
	case "Studies a U.S. FDA-regulated Drug Product":
		s.Oversight.FDARegulatedDrug = yesNo(v)
	case "Studies a U.S. FDA-regulated Device Product":
		s.Oversight.FDARegulatedDevice = yesNo(v)
	case "Data Monitoring Committee":
		s.Oversight.HasDMC = yesNo(v)
	case "Plan to Share IPD":
		if s.IPDSharing == nil {
			s.IPDSharing = &trial.IPDSharing{}
		}
		s.IPDSharing.Plan = trial.EnumName(v)
	case "Plan Description":
		if s.IPDSharing == nil {
			s.IPDSharing = &trial.IPDSharing{}
		}
		s.IPDSharing.Description = v
	default:
		if strings.HasPrefix(key, "Keywords provided by") && v != "" {
			s.Keywords = append(s.Keywords, v)
		}
	}
}

func stripParen(v string) string {
	if i := strings.IndexAny(v, "(["); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

// ages reads "18 Years to 75 Years (Adult, Older Adult)".
func (c *classic) ages(v string) {
	e := &c.s.Eligibility
	if m := ageRangeRE.FindStringSubmatch(v); m != nil {
		switch {
		case m[1] != "":
			e.MinimumAge, e.MaximumAge = m[1], m[2]
		case m[3] != "":
			e.MinimumAge = m[3]
		case m[4] != "":
			e.MaximumAge = m[4]
		case m[5] != "":
			e.MinimumAge = m[5]
		}
	}
	if _, in, ok := strings.Cut(v, "("); ok {
		for _, w := range strings.Split(strings.TrimSuffix(in, ")"), ",") {
			if u := trial.EnumName(w); u != "" {
				e.StdAges = append(e.StdAges, u)
			}
		}
	}
}

// classicParty reads "Jane Doe, MD, Professor, University X" or an
// organisation name. Parts after the name and its degrees are the title and
// the affiliation; an organisation stays whole.
func classicParty(v string) *trial.ResponsibleParty {
	rp := &trial.ResponsibleParty{}
	var parts []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	k := 1
	for k < len(parts) && isDegree(parts[k]) {
		k++
	}
	switch {
	case k > 1 || len(parts) >= 3:
		rp.Name = parts[0]
		rest := parts[k:]
		if len(rest) >= 2 {
			rp.Title, rest = rest[0], rest[1:]
		}
		rp.Affiliation = strings.Join(rest, ", ")
	default:
		rp.Name = strings.TrimSpace(v)
	}
	return rp
}

// finish applies what can only be decided at the end of the page.
func (c *classic) finish() {
	if c.inArms {
		c.endArms()
	}
	s := c.s
	s.Eligibility.Criteria = strings.Join(c.criteria, "\n")
	// Copying drops the labels of the last rows: keywords (when the
	// sponsor gave any), then two lines of MeSH terms. Keywords keep the
	// page's spelling; the copy lost where one keyword ends.
	if len(c.tail) >= 3 && len(s.Keywords) == 0 {
		s.Keywords = append(s.Keywords, c.tail[0])
	}
	s.Source.LastUpdated = s.LastUpdatePostDate.Value
}
