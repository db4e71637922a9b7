// Package ctgovpage reads the text of a ClinicalTrials.gov study page, as a
// browser copies it, into a trial.Study.
//
// Two page layouts are registered as formats:
//
//   - "ctgov-page", the current layout: a title, "NCT ID: NCT…" and
//     "Last Updated: …" lines, then sections such as "Basic Information",
//     "Study Design", "Study Groups", "Interventions", "Eligibility
//     Criteria", "Sponsors", "Principal Investigators", "Locations" and
//     "References", each heading followed by a one-line blurb and then the
//     values, one per line, mostly in the API v2 enumeration spelling.
//   - "ctgov-classic", the classic layout: "ClinicalTrials.gov Identifier:
//     NCT…", "Recruitment Status : …", "First Posted : April 9, 2020", and
//     tables whose cells the copy turned into "Key: | value |" rows.
//
// Copying a page loses its markup, so the readers recognise values by their
// shape (an enumeration, a date, "20 participants") and position; where the
// page does not say something (an outcome's kind, an organisation's class)
// the field stays empty rather than guessed. Each input holds one study.
//
//	r := ctgovpage.NewClassic(f, "NCT04339660.txt")
//	s, err := r.Read() // then io.EOF
//
// Callers normally reach the formats through ingest.Open after a blank
// import of this package.
package ctgovpage

import (
	"bytes"
	"io"
	"regexp"
	"strings"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/ingest/textpage"
	"github.com/trialgraph/trialgraph/trial"
)

// Format names.
const (
	FormatPage    = "ctgov-page"
	FormatClassic = "ctgov-classic"
)

func init() {
	ingest.Register(ingest.Format{
		Name:        FormatPage,
		Description: "ClinicalTrials.gov study page text, current layout (\"NCT ID:\" and section headings)",
		Extensions:  []string{".txt"},
		MIMETypes:   []string{"text/plain"},
		Priority:    50,
		Sniff:       SniffPage,
		New:         func(r io.Reader, file string) ingest.Reader { return NewPage(r, file) },
	})
	ingest.Register(ingest.Format{
		Name:        FormatClassic,
		Description: "ClinicalTrials.gov study page text, classic layout (\"ClinicalTrials.gov Identifier:\")",
		Extensions:  []string{".txt"},
		MIMETypes:   []string{"text/plain"},
		Priority:    40,
		Sniff:       SniffClassic,
		New:         func(r io.Reader, file string) ingest.Reader { return NewClassic(r, file) },
	})
}

// Reader reads the one study of a page.
type Reader struct {
	r     io.Reader
	file  string
	parse func(*textpage.Page) (*trial.Study, error)
	done  bool
}

// NewPage returns a Reader of a page in the current layout.
func NewPage(r io.Reader, file string) *Reader {
	return &Reader{r: r, file: file, parse: parsePage}
}

// NewClassic returns a Reader of a page in the classic layout.
func NewClassic(r io.Reader, file string) *Reader {
	return &Reader{r: r, file: file, parse: parseClassic}
}

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
	return r.parse(p)
}

// looksStructured reports input that starts like JSON or XML, which the
// page formats never claim.
func looksStructured(head []byte) bool {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	return len(t) > 0 && (t[0] == '{' || t[0] == '[' || t[0] == '<')
}

// hasLine reports whether head has a line that, trimmed, starts with prefix
// (whole is false) or equals it (whole is true).
func hasLine(head []byte, prefix string, whole bool) bool {
	for len(head) > 0 {
		i := bytes.IndexByte(head, '\n')
		var l []byte
		if i < 0 {
			l, head = head, nil
		} else {
			l, head = head[:i], head[i+1:]
		}
		l = bytes.TrimSpace(l)
		if whole && string(l) == prefix || !whole && bytes.HasPrefix(l, []byte(prefix)) {
			return true
		}
	}
	return false
}

// SniffPage recognises the current layout: an "NCT ID:" line and at least
// one of its section headings.
func SniffPage(head []byte) bool {
	if looksStructured(head) || !hasLine(head, "NCT ID: NCT", false) {
		return false
	}
	for _, h := range []string{"Basic Information", "Study Design", "Study Groups", "Eligibility Criteria", "Contacts and Locations", "Locations", "Sponsors"} {
		if hasLine(head, h, true) {
			return true
		}
	}
	return false
}

// SniffClassic recognises the classic layout by its
// "ClinicalTrials.gov Identifier:" line.
func SniffClassic(head []byte) bool {
	return !looksStructured(head) && hasLine(head, "ClinicalTrials.gov Identifier:", false)
}

var nctInText = regexp.MustCompile(`\bNCT\d{8}\b`)

// splitPerson splits "Jane Doe, MD, PhD" into name and degrees.
func splitPerson(s string) (string, string) {
	return trial.SplitDegrees(strings.TrimSpace(s))
}

// isDegree reports whether s alone is an academic degree such as "MD".
func isDegree(s string) bool {
	_, d := trial.SplitDegrees("x, " + strings.TrimSpace(s))
	return d != ""
}

// date returns the ISO form of a page date, or "" when s holds none.
func date(s string) string {
	if d, ok := trial.NormalizeDate(s); ok {
		return d
	}
	if m := dateInText.FindString(s); m != "" {
		if d, ok := trial.NormalizeDate(m); ok {
			return d
		}
	}
	return ""
}

var dateInText = regexp.MustCompile(`\b(?:\d{4}-\d{2}(?:-\d{2})?|(?:January|February|March|April|May|June|July|August|September|October|November|December) (?:\d{1,2}, )?\d{4})\b`)

func boolPtr(b bool) *bool { return &b }

// yesNo reads "Yes"/"No".
func yesNo(s string) *bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true":
		return boolPtr(true)
	case "no", "false":
		return boolPtr(false)
	}
	return nil
}

// enum sets of the API v2 spelling, as the current layout prints them.
var (
	statusEnums = set("RECRUITING", "NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING", "COMPLETED",
		"ENROLLING_BY_INVITATION", "SUSPENDED", "TERMINATED", "WITHDRAWN", "UNKNOWN", "AVAILABLE",
		"NO_LONGER_AVAILABLE", "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING", "WITHHELD")
	studyTypeEnums  = set("INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS")
	allocationEnums = set("RANDOMIZED", "NON_RANDOMIZED")
	modelEnums      = set("SINGLE_GROUP", "PARALLEL", "CROSSOVER", "FACTORIAL", "SEQUENTIAL")
	purposeEnums    = set("TREATMENT", "PREVENTION", "DIAGNOSTIC", "ECT", "SUPPORTIVE_CARE", "SCREENING",
		"HEALTH_SERVICES_RESEARCH", "BASIC_SCIENCE", "DEVICE_FEASIBILITY")
	maskingEnums  = set("NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE")
	whoEnums      = set("PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR")
	obsModelEnums = set("COHORT", "CASE_CONTROL", "CASE_ONLY", "CASE_CROSSOVER", "ECOLOGIC_OR_COMMUNITY",
		"FAMILY_BASED", "DEFINED_POPULATION", "NATURAL_HISTORY")
	perspectiveEnums = set("PROSPECTIVE", "RETROSPECTIVE", "CROSS_SECTIONAL")
	sexEnums         = set("ALL", "FEMALE", "MALE")
	agencyEnums      = set("NIH", "FED", "OTHER_GOV", "INDIV", "INDUSTRY", "NETWORK", "AMBIG", "OTHER", "UNKNOWN")
	roleEnums        = set("PRINCIPAL_INVESTIGATOR", "STUDY_CHAIR", "STUDY_DIRECTOR", "SUB_INVESTIGATOR", "CONTACT")
	partyEnums       = set("SPONSOR", "PRINCIPAL_INVESTIGATOR", "SPONSOR_INVESTIGATOR")
	armTypeEnums     = set("EXPERIMENTAL", "ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION", "OTHER")
	interventionType = set("DRUG", "DEVICE", "BIOLOGICAL", "PROCEDURE", "RADIATION", "BEHAVIORAL", "GENETIC",
		"DIETARY_SUPPLEMENT", "COMBINATION_PRODUCT", "DIAGNOSTIC_TEST", "OTHER")
)

func set(vals ...string) map[string]bool {
	m := make(map[string]bool, len(vals))
	for _, v := range vals {
		m[v] = true
	}
	return m
}
