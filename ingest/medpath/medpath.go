// Package medpath reads the text of a MedPath trial page (medpath.com), as a
// browser copies it, into a trial.Study. The format is registered as
// "medpath".
//
// A MedPath page starts with a "MedPath" line and the title, then labelled
// blocks ("Conditions", "Interventions", "Registration Number", "Lead
// Sponsor", "Brief Summary", "Status", "Sex", "Target Recruitment",
// "Inclusion Criteria", "Study Type", "Study Design", "Arm && Interventions",
// "Primary Outcome Measures", "Trial Locations", ...), each label on its own
// line and its value on the following lines.
//
// Copying loses the cell separators of the page's tables, so a row of the
// arms table reads "PlaceboPlaceboConventional treatment plus placebo" and an
// outcome row "Changes of oxygenation index (PaO2/FiO2)At baseline, 6 hour".
// The reader splits arm rows at the intervention names the page lists, and
// outcome rows where a word ends (a lower-case letter, a digit or a closing
// bracket) immediately followed by an upper-case phrase that starts a time
// frame ("At", "Day", "Baseline", "Up to", "Within", "From", ...).
//
//	r := medpath.New(f, "NCT04346368.txt")
//	s, err := r.Read() // then io.EOF
package medpath

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/ingest/textpage"
	"github.com/trialgraph/trialgraph/trial"
)

// Format is the format name.
const Format = "medpath"

func init() {
	ingest.Register(ingest.Format{
		Name:        Format,
		Description: "MedPath trial page text (\"MedPath\" first line, \"Registration Number\")",
		Extensions:  []string{".txt"},
		MIMETypes:   []string{"text/plain"},
		Priority:    50,
		Sniff:       Sniff,
		New:         func(r io.Reader, file string) ingest.Reader { return New(r, file) },
	})
}

// Sniff recognises a MedPath page: its first non-blank line is "MedPath",
// or it has both a "Registration Number" line and a MedPath line.
func Sniff(head []byte) bool {
	t := bytes.TrimLeft(head, " \t\r\n")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	if len(t) == 0 || t[0] == '{' || t[0] == '[' || t[0] == '<' {
		return false
	}
	first, _, _ := bytes.Cut(t, []byte("\n"))
	if string(bytes.TrimSpace(first)) == "MedPath" {
		return true
	}
	return bytes.Contains(head, []byte("\nRegistration Number\n")) && bytes.Contains(head, []byte("MedPath"))
}

// Reader reads the one study of a MedPath page.
type Reader struct {
	r    io.Reader
	file string
	done bool
}

// New returns a Reader of r; file names the input in errors and in
// Study.Source.
func New(r io.Reader, file string) *Reader { return &Reader{r: r, file: file} }

// Read returns the study of the page, then io.EOF. A page that cannot be
// read yields a *ingest.ParseError, then io.EOF.
func (r *Reader) Read() (*trial.Study, error) {
	if r.done {
		return nil, io.EOF
	}
	r.done = true
	p, err := textpage.Read(r.r, r.file)
	if err != nil {
		return nil, err
	}
	return parse(p)
}

// labels are the block labels of a page.
var labels = map[string]bool{
	"Conditions": true, "Interventions": true, "Registration Number": true, "Lead Sponsor": true,
	"Collaborators": true, "Brief Summary": true, "Detailed Description": true,
	"Recruitment & Eligibility": true, "Status": true, "Sex": true, "Target Recruitment": true,
	"Age": true, "Healthy Volunteers": true, "Inclusion Criteria": true, "Exclusion Criteria": true,
	"Study & Design": true, "Study Type": true, "Study Design": true, "Arm && Interventions": true,
	"Arm & Interventions": true, "Primary Outcome Measures": true, "Secondary Outcome Measures": true,
	"Other Outcome Measures": true, "Trial Locations": true,
}

var (
	locationsRE = regexp.MustCompile(`^Locations \(\d+\)$`)
	phaseRE     = regexp.MustCompile(`^(?:Early )?Phase \d(?:\s*(?:/|and|,)?\s*Phase \d)*$|^N/A$|^Not Applicable$`)
	typedRE     = regexp.MustCompile(`^(Drug|Biological|Device|Procedure|Radiation|Behavioral|Genetic|Dietary Supplement|Combination Product|Diagnostic Test|Other): (.+)$`)
)

// block is a label's value lines (blank lines kept as "") with the 1-based
// number of the label line.
type block struct {
	n     int
	lines []string
}

func parse(p *textpage.Page) (*trial.Study, error) {
	s := &trial.Study{Source: trial.Source{Format: Format, File: p.File, SHA256: p.SHA256}}
	blocks := map[string]*block{}
	var cur *block
	head := true
	for i, raw := range p.Lines {
		t := strings.TrimSpace(raw)
		switch {
		case head && (t == "" || t == "MedPath"):
			continue
		case head && !labels[t] && s.BriefTitle == "":
			s.BriefTitle = t
			continue
		case head && phaseRE.MatchString(t):
			s.Phases = trial.NormalizePhase(t)
			continue
		case strings.HasPrefix(t, "©"):
			cur = nil
			continue
		}
		if labels[t] || locationsRE.MatchString(t) {
			head = false
			if locationsRE.MatchString(t) {
				t = "Trial Locations"
			}
			if blocks[t] == nil {
				blocks[t] = &block{n: i + 1}
			}
			cur = blocks[t]
			continue
		}
		if cur != nil {
			// Keep indentation of criteria, drop it elsewhere.
			cur.lines = append(cur.lines, raw)
		}
	}

	idBlock := blocks["Registration Number"]
	if idBlock == nil {
		return nil, p.ErrAt(len(p.Lines), "Registration Number", ingest.ErrMissingField)
	}
	vals := values(idBlock)
	if len(vals) == 0 || !trial.IsNCTID(vals[0]) {
		line, cause := idBlock.n+1, ingest.ErrBadValue
		if len(vals) == 0 {
			line, cause = idBlock.n, ingest.ErrMissingField
		}
		if line >= len(p.Lines) && p.EndsInLine || len(vals) == 0 && idBlock.n == len(p.Lines) {
			cause = ingest.ErrTruncated
		}
		return nil, p.ErrAt(line, "Registration Number", cause)
	}
	s.NCTID = vals[0]

	for _, v := range values(blocks["Conditions"]) {
		s.Conditions = append(s.Conditions, trial.Condition{Name: v})
	}
	for _, v := range values(blocks["Interventions"]) {
		iv := trial.Intervention{Name: v}
		if m := typedRE.FindStringSubmatch(v); m != nil {
			iv.Type, iv.Name = trial.EnumName(m[1]), m[2]
		}
		s.Interventions = append(s.Interventions, iv)
	}
	if v := values(blocks["Lead Sponsor"]); len(v) > 0 {
		s.LeadSponsor = &trial.Organization{Name: v[0]}
	}
	for _, v := range values(blocks["Collaborators"]) {
		s.Collaborators = append(s.Collaborators, trial.Organization{Name: v})
	}
	s.BriefSummary = paragraphs(blocks["Brief Summary"])
	s.DetailedDescription = paragraphs(blocks["Detailed Description"])
	if v := values(blocks["Status"]); len(v) > 0 {
		s.OverallStatus = trial.EnumName(v[0])
	}
	if v := values(blocks["Sex"]); len(v) > 0 {
		s.Eligibility.Sex = trial.EnumName(v[0])
	}
	if v := values(blocks["Target Recruitment"]); len(v) > 0 {
		if n, err := strconv.Atoi(strings.ReplaceAll(strings.Fields(v[0])[0], ",", "")); err == nil {
			s.Enrollment = &trial.Enrollment{Count: n}
		}
	}
	if v := values(blocks["Healthy Volunteers"]); len(v) > 0 {
		switch strings.ToLower(v[0]) {
		case "yes", "true":
			t := true
			s.Eligibility.HealthyVolunteers = &t
		case "no", "false":
			f := false
			s.Eligibility.HealthyVolunteers = &f
		}
	}
	s.Eligibility.Criteria = criteria(blocks["Inclusion Criteria"], blocks["Exclusion Criteria"])
	if v := values(blocks["Study Type"]); len(v) > 0 {
		s.StudyType = trial.EnumName(v[0])
	}
	for _, v := range values(blocks["Study Design"]) {
		designValue(&s.Design, trial.EnumName(v))
	}
	arms(s, blocks["Arm && Interventions"])
	arms(s, blocks["Arm & Interventions"])
	s.PrimaryOutcomes = outcomes(blocks["Primary Outcome Measures"])
	s.SecondaryOutcomes = outcomes(blocks["Secondary Outcome Measures"])
	s.OtherOutcomes = outcomes(blocks["Other Outcome Measures"])
	s.Locations = locations(blocks["Trial Locations"])
	return s, nil
}

// values returns the non-blank, trimmed lines of b.
func values(b *block) []string {
	if b == nil {
		return nil
	}
	var out []string
	for _, l := range b.lines {
		if t := strings.TrimSpace(l); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// paragraphs joins the lines of b with blank lines between paragraphs.
func paragraphs(b *block) string {
	return strings.Join(values(b), "\n\n")
}

// criteria rebuilds the eligibility text in the registry's shape.
func criteria(inc, exc *block) string {
	var parts []string
	for _, c := range []struct {
		label string
		b     *block
	}{{"Inclusion Criteria:", inc}, {"Exclusion Criteria:", exc}} {
		if c.b == nil {
			continue
		}
		var ls []string
		for _, l := range c.b.lines {
			ls = append(ls, strings.TrimRight(l, " \t"))
		}
		text := strings.Trim(strings.Join(ls, "\n"), "\n")
		if text != "" {
			parts = append(parts, c.label+"\n"+text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// designValue puts an enumeration value of "Study Design" in its field.
func designValue(d *trial.Design, u string) {
	switch u {
	case "RANDOMIZED", "NON_RANDOMIZED":
		d.Allocation = u
	case "SINGLE_GROUP", "PARALLEL", "CROSSOVER", "FACTORIAL", "SEQUENTIAL":
		d.InterventionModel = u
	case "NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE":
		d.Masking = u
	case "TREATMENT", "PREVENTION", "DIAGNOSTIC", "SUPPORTIVE_CARE", "SCREENING", "HEALTH_SERVICES_RESEARCH",
		"BASIC_SCIENCE", "DEVICE_FEASIBILITY":
		d.PrimaryPurpose = u
	case "COHORT", "CASE_CONTROL", "CASE_ONLY", "CASE_CROSSOVER", "ECOLOGIC_OR_COMMUNITY", "FAMILY_BASED":
		d.ObservationalModel = u
	case "PROSPECTIVE", "RETROSPECTIVE", "CROSS_SECTIONAL":
		d.TimePerspective = u
	}
}

// arms reads the "Group | Intervention | Description" table. A row is
// "<group><intervention><description>" glued together; it is split at an
// intervention name the page lists that is preceded by some group text and
// followed by the end of the row or by an upper-case letter.
func arms(s *trial.Study, b *block) {
	for _, row := range values(b) {
		if row == "GroupInterventionDescription" || strings.HasPrefix(row, "Group") && strings.Contains(row, "Intervention") && len(row) < 40 {
			continue
		}
		a := trial.Arm{Label: row}
		k, at := splitRow(row, s.Interventions)
		if k >= 0 {
			name := s.Interventions[k].Name
			a.Label = row[:at]
			a.Description = strings.TrimSpace(row[at+len(name):])
			a.InterventionNames = []string{name}
			iv := &s.Interventions[k]
			iv.ArmLabels = append(iv.ArmLabels, a.Label)
		}
		s.Arms = append(s.Arms, a)
	}
}

// splitRow finds the intervention whose name splits row into group and
// description, preferring the earliest position followed by a description.
func splitRow(row string, ivs []trial.Intervention) (int, int) {
	bestK, bestAt, bestEnd := -1, -1, false
	for k, iv := range ivs {
		if iv.Name == "" {
			continue
		}
		for from := 1; from < len(row); {
			i := strings.Index(row[from:], iv.Name)
			if i < 0 {
				break
			}
			at := from + i
			from = at + 1
			rest := row[at+len(iv.Name):]
			atEnd := rest == ""
			if !atEnd {
				r, _ := utf8.DecodeRuneInString(rest)
				if !unicode.IsUpper(r) {
					continue
				}
			}
			better := bestK < 0 || bestEnd && !atEnd || bestEnd == atEnd && at < bestAt
			if better {
				bestK, bestAt, bestEnd = k, at, atEnd
			}
		}
	}
	return bestK, bestAt
}

// timeFrameRE matches the start of a time frame phrase.
var timeFrameRE = regexp.MustCompile(`^(?:At|Day|Days|Week|Weeks|Month|Months|Year|Years|Hour|Hours|Baseline|Up to|Upto|Within|From|Through|Until|Before|After|During|Over|Every|Each|Screening|End of|Pre-|Post-|Approximately|Time)\b|^\d+(?:\.\d+)?\s*-?\s*(?:hours?|h|days?|d|weeks?|wks?|months?|mo|years?|yrs?|minutes?|min)\b`)

// splitOutcome splits "MeasureTime frame" at the first place where a word
// ending (lower-case letter, digit, ")", "]", "%", ".") is immediately
// followed by a time frame phrase. It reports false when there is none.
func splitOutcome(t string) (measure, frame string, ok bool) {
	prev := rune(0)
	for i, r := range t {
		cand := false
		switch {
		case i == 0:
		case unicode.IsUpper(r):
			cand = unicode.IsLower(prev) || unicode.IsDigit(prev) || strings.ContainsRune(")]%.", prev)
		case unicode.IsDigit(r):
			cand = unicode.IsLower(prev)
		}
		if cand && timeFrameRE.MatchString(t[i:]) {
			return strings.TrimSpace(t[:i]), strings.TrimSpace(t[i:]), true
		}
		prev = r
	}
	return t, "", false
}

// outcomes reads an outcome table: after the "NameTimeMethod" header, each
// measure is a glued "measure+time frame" line followed by its description
// (the "Method" cell) on the next non-blank line.
func outcomes(b *block) []trial.Outcome {
	var out []trial.Outcome
	wantDesc := false
	for _, t := range values(b) {
		if t == "NameTimeMethod" {
			continue
		}
		if m, f, ok := splitOutcome(t); ok {
			out = append(out, trial.Outcome{Measure: m, TimeFrame: f})
			wantDesc = true
			continue
		}
		if wantDesc {
			out[len(out)-1].Description = t
			wantDesc = false
			continue
		}
		out = append(out, trial.Outcome{Measure: t})
		wantDesc = true
	}
	return out
}

// locations reads sites: a facility line, an optional flag line, then
// "City, State, Country".
func locations(b *block) []trial.Location {
	var out []trial.Location
	for _, t := range values(b) {
		if isFlag(t) {
			continue
		}
		n := len(out)
		if n > 0 && out[n-1].City == "" && out[n-1].Country == "" && strings.Contains(t, ",") {
			l := &out[n-1]
			l.City, l.State, l.Zip, l.Country = textpage.ParseAddress(t)
			continue
		}
		out = append(out, trial.Location{Facility: t})
	}
	return out
}

// isFlag reports a line made only of regional indicator symbols (a flag).
func isFlag(t string) bool {
	for _, r := range t {
		if r < 0x1F1E6 || r > 0x1F1FF {
			return false
		}
	}
	return t != ""
}
