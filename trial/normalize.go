package trial

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// ErrNoNCTID is returned by Validate for a study without a valid NCT number.
var ErrNoNCTID = errors.New("no valid NCT number")

var nctRE = regexp.MustCompile(`^NCT\d{8}$`)

// IsNCTID reports whether s is an NCT number such as NCT04288102.
func IsNCTID(s string) bool { return nctRE.MatchString(s) }

// Validate checks the facts every study must have.
func (s *Study) Validate() error {
	if !IsNCTID(s.NCTID) {
		return fmt.Errorf("%w: %q", ErrNoNCTID, s.NCTID)
	}
	return nil
}

var isoDateRE = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// NormalizeDate turns the date spellings of the registry pages ("April 9,
// 2020", "April 2020", "2020-04-09", "2020-04") into ISO form with the
// precision kept ("2020-04-09", "2020-04"). It reports false for text that is
// not a date.
func NormalizeDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if isoDateRE.MatchString(s) {
		if len(s) == 10 {
			if _, err := time.Parse("2006-01-02", s); err != nil {
				return "", false
			}
		} else if len(s) == 7 {
			if _, err := time.Parse("2006-01", s); err != nil {
				return "", false
			}
		}
		return s, true
	}
	for _, l := range []struct{ in, out string }{
		{"January 2, 2006", "2006-01-02"},
		{"Jan 2, 2006", "2006-01-02"},
		{"2 January 2006", "2006-01-02"},
		{"January 2006", "2006-01"},
		{"Jan 2006", "2006-01"},
	} {
		if t, err := time.Parse(l.in, s); err == nil {
			return t.Format(l.out), true
		}
	}
	return "", false
}

// EnumName turns a registry label such as "Not yet recruiting", "Phase 1" or
// "Open Label" into the API v2 enumeration spelling: upper case words joined
// by underscores ("NOT_YET_RECRUITING", "PHASE_1", "OPEN_LABEL").
func EnumName(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	sep := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
			fallthrough
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(r)
		default:
			sep = true
		}
	}
	return b.String()
}

// NormalizePhase maps "Phase 1", "Phase 1/Phase 2", "Early Phase 1", "N/A",
// "PHASE1" and similar spellings to API v2 phase values ("PHASE1",
// "EARLY_PHASE1", "NA"). A combined phase yields both values.
func NormalizePhase(s string) []string {
	u := strings.ToUpper(s)
	u = strings.ReplaceAll(u, "PHASE ", "PHASE")
	u = strings.ReplaceAll(u, "EARLY PHASE", "EARLY_PHASE")
	var out []string
	for _, f := range strings.FieldsFunc(u, func(r rune) bool { return r == '/' || r == ',' || r == ' ' || r == '|' }) {
		switch f {
		case "N/A", "NA", "N":
			out = appendOnce(out, "NA")
		case "PHASE0", "EARLY_PHASE1":
			out = appendOnce(out, "EARLY_PHASE1")
		case "PHASE1", "PHASE2", "PHASE3", "PHASE4":
			out = appendOnce(out, f)
		case "PHASEI":
			out = appendOnce(out, "PHASE1")
		case "PHASEII":
			out = appendOnce(out, "PHASE2")
		case "PHASEIII":
			out = appendOnce(out, "PHASE3")
		case "PHASEIV":
			out = appendOnce(out, "PHASE4")
		}
	}
	if strings.TrimSpace(u) == "N/A" || strings.TrimSpace(u) == "NOT APPLICABLE" {
		return []string{"NA"}
	}
	return out
}

func appendOnce(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

var doiRE = regexp.MustCompile(`(?i)\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s"<>]+)`)

// DOIFromCitation returns the DOI a citation carries ("doi: 10.1/x."), without
// trailing punctuation, or "".
func DOIFromCitation(c string) string {
	m := doiRE.FindStringSubmatch(c)
	if m == nil {
		return ""
	}
	return strings.TrimRight(m[1], ".,;)]")
}

var degreeRE = regexp.MustCompile(`(?i),\s*\b(M\.?D|Ph\.?D|M\.?Sc?|B\.?Sc?|MBBS|MPH|RN|PharmD|DrPH|DDS|DMD|DVM|MBA|MA|BA|BS|FRCP|FACP|MRCP|ChB|MB|MS|M\.?Med|Prof|Professor|Doctor|Master|Postgraduate|Bachelor|Dr)\b\.?\s*$`)

// SplitDegrees splits "Jane Doe, MD, PhD" into "Jane Doe" and "MD, PhD".
func SplitDegrees(name string) (string, string) {
	name = strings.TrimSpace(name)
	var degrees []string
	for {
		loc := degreeRE.FindStringSubmatchIndex(name)
		if loc == nil || loc[0] == 0 {
			break
		}
		degrees = append([]string{strings.TrimSpace(name[loc[2]:loc[3]])}, degrees...)
		name = strings.TrimRight(strings.TrimSpace(name[:loc[0]]), ",")
	}
	// "Daniel K Benjamin, MD MPH PhD", "Lars Jacob Stovner, prof MD",
	// "Cedric Gollion, Medical Doctor": everything after the first comma
	// is credentials when every word of it is one.
	if i := strings.IndexByte(name, ','); i > 0 && strings.TrimSpace(name[:i]) != "" {
		tail := strings.TrimSpace(name[i+1:])
		ws := strings.FieldsFunc(strings.ToLower(tail), func(r rune) bool {
			return r == ' ' || r == ',' || r == '.' || r == '/' || r == '-'
		})
		all := len(ws) > 0
		for _, w := range ws {
			if !credentialWords[w] {
				all = false
				break
			}
		}
		if all {
			degrees = append([]string{strings.TrimRight(tail, ",")}, degrees...)
			name = strings.TrimSpace(name[:i])
		}
	}
	return name, strings.Join(degrees, ", ")
}

// credentialWords are the words of degrees, titles and roles that registry
// records write after a person's name.
var credentialWords = map[string]bool{
	"md": true, "phd": true, "mdphd": true, "dr": true, "prof": true, "professor": true,
	"doctor": true, "master": true, "postgraduate": true, "bachelor": true, "medical": true,
	"med": true, "msc": true, "ms": true, "ma": true, "mba": true, "mph": true, "mmed": true,
	"mm": true, "bs": true, "bsc": true, "ba": true, "bsn": true, "rn": true, "np": true,
	"pharmd": true, "drph": true, "dds": true, "dmd": true, "dvm": true, "do": true, "dc": true,
	"mbbs": true, "mbchb": true, "chb": true, "mb": true, "bm": true, "bch": true, "bds": true,
	"frcp": true, "frcpc": true, "frca": true, "facp": true, "faan": true, "mrcp": true,
	"ffp": true, "mrc": true, "dmsc": true, "mres": true, "mphil": true, "edd": true, "pt": true,
	"dnp": true, "aocn": true, "cpnp": true, "crc": true, "ccrc": true, "fmd": true, "msw": true,
	"fellow": true, "student": true, "post": true, "doc": true, "pd": true, "ph": true,
	"d": true, "m": true, "dott": true, "ssa": true, "sc": true, "mrs": true, "mr": true,
	"nurse": true, "pi": true,
}
