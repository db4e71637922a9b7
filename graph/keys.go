package graph

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trialgraph/trialgraph/trial"
)

// Entity resolution. Organisations, people and sites get IRIs minted from
// keys: readable slugs of their names after normalisation. Two spellings
// meet on one node exactly when their keys are equal; there is no fuzzy
// matching behind the keys, so a key can always be recomputed from a stored
// name and explained.
//
//   - Slug: case, accents, punctuation and apostrophes.
//   - OrgKey: Slug plus "the" and "&", a trailing acronym in parentheses,
//     common abbreviations (Univ., Hosp., Inst., Natl, Ctr, Centre) and a
//     trailing legal form (Inc., Co., Ltd., LLC, GmbH, A/S, ...).
//   - PersonKey: Slug of the name without degrees, titles and roles
//     ("Jane Doe, MD PhD", "Prof. Dr. Jane Doe", "Jane (J.) Doe").
//   - SiteKey: OrgKey of the facility, the city (without a region after a
//     comma) and the ISO country code.

// Slug turns a name into a readable IRI segment: lower case letters and
// digits of any script joined by single hyphens. Accented Latin letters
// lose their accents so that "Hôpital" and "Hopital" meet.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if f, ok := fold[r]; ok {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteString(f)
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		if r == '\'' || r == '’' || r == '´' || r == '`' {
			continue // "Children's" → "childrens"
		}
		dash = true
	}
	out := b.String()
	if len(out) > 120 {
		cut := 120
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = strings.TrimRight(out[:cut], "-")
	}
	return out
}

var fold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae", 'ç': "c",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i",
	'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss", 'ş': "s",
	'ğ': "g", 'ı': "i", 'ł': "l", 'ń': "n", 'ś': "s", 'ź': "z", 'ż': "z", 'č': "c",
	'ř': "r", 'š': "s", 'ž': "z", 'ě': "e", 'ů': "u", 'ă': "a", 'ț': "t", 'ș': "s",
	'ő': "o", 'ű': "u", 'ā': "a", 'ē': "e", 'ī': "i", 'ō': "o", 'ū': "u",
	'ﬁ': "fi", 'ﬂ': "fl", 'ﬀ': "ff",
}

// words returns the slug of s split into its words.
func words(s string) []string {
	sl := Slug(strings.ReplaceAll(s, "&", " and "))
	if sl == "" {
		return nil
	}
	return strings.Split(sl, "-")
}

// orgAbbrev expands common abbreviations and spelling variants so that
// spellings of one organisation meet.
var orgAbbrev = map[string]string{
	"univ": "university", "hosp": "hospital", "inst": "institute", "natl": "national",
	"nat": "national", "ctr": "center", "cntr": "center", "centre": "center", "med": "medical",
	"dept": "department", "intl": "international", "assoc": "association",
	"organisation": "organization", "st": "saint",
}

// legalForms are trailing words of a company name that name its legal form;
// the key drops them ("Limbix Health, Inc." and "Limbix Health" meet). Multi-
// word forms ("Co., Ltd.", "A/S", "S.A.") are dropped one word at a time.
var legalForms = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "ltd": true, "limited": true, "co": true,
	"corp": true, "corporation": true, "gmbh": true, "ggmbh": true, "ag": true, "plc": true,
	"oyj": true, "bv": true, "nv": true, "pty": true, "srl": true, "spa": true, "ab": true,
	"as": true, "sa": true, "sas": true,
}

// legalPairs are two-word legal forms spelt with dots or a slash: "A/S",
// "S.A.", "S.p.A.", "s.r.o.".
var legalPairs = [][]string{{"a", "s"}, {"s", "a"}, {"s", "p", "a"}, {"s", "r", "o"}, {"s", "r", "l"}, {"b", "v"}, {"n", "v"}, {"a", "g"}}

// trailingAcronym is an acronym in parentheses at the end of a name:
// "National Cancer Institute (NCI)".
var trailingAcronym = regexp.MustCompile(`\s*\(\s*[A-Z][A-Z0-9&./-]{1,11}\s*\)\s*$`)

// OrgKey is the key of an organisation: its name normalised (case,
// punctuation, "the", "&", a trailing acronym in parentheses, common
// abbreviations, a trailing legal form).
func OrgKey(name string) string {
	if n := trailingAcronym.ReplaceAllString(name, ""); strings.TrimSpace(n) != "" {
		name = n
	}
	ws := words(name)
	kept := ws[:0]
	for _, w := range ws {
		if w == "the" && len(ws) > 1 {
			continue
		}
		if x, ok := orgAbbrev[w]; ok {
			w = x
		}
		kept = append(kept, w)
	}
	ws = trimLegalForm(kept)
	return strings.Join(ws, "-")
}

// trimLegalForm drops trailing legal-form words, keeping at least one word
// and never the "Company" of "... and Company".
func trimLegalForm(ws []string) []string {
	for len(ws) > 1 {
		if matched := trimPair(ws); matched > 0 && matched < len(ws) {
			ws = ws[:len(ws)-matched]
			continue
		}
		last := ws[len(ws)-1]
		if legalForms[last] || (last == "company" && ws[len(ws)-2] != "and") {
			ws = ws[:len(ws)-1]
			continue
		}
		break
	}
	return ws
}

func trimPair(ws []string) int {
	for _, p := range legalPairs {
		if len(ws) > len(p) {
			tail := ws[len(ws)-len(p):]
			if strings.Join(tail, " ") == strings.Join(p, " ") {
				return len(p)
			}
		}
	}
	return 0
}

// trailingCredentials are words that, at the end of a name of three or
// more words, are degrees or titles and never part of the name.
var trailingCredentials = map[string]bool{
	"md": true, "phd": true, "mdphd": true, "dr": true, "prof": true, "professor": true,
	"mph": true, "msc": true, "mbbs": true, "mbchb": true, "pharmd": true, "frcp": true,
	"frcpc": true, "dmsc": true,
}

// titles are words that may precede a person's name.
var titles = map[string]bool{
	"dr": true, "prof": true, "professor": true, "doctor": true, "mr": true, "mrs": true,
	"ms": true, "miss": true, "sir": true, "md": true,
}

var parenthesised = regexp.MustCompile(`\([^()]*\)`)

// PersonKey is the key of a person: the name without degrees, titles and
// roles, nicknames in parentheses, case and punctuation. Registry names put
// credentials after the first comma ("Daniel K Benjamin, MD MPH PhD",
// "Stephen D. Silberstein, M.D.- Principal Investigator"), so a name of two
// or more words keeps only what precedes it.
func PersonKey(name string) string {
	name = parenthesised.ReplaceAllString(name, " ")
	n, _ := trial.SplitDegrees(name)
	if i := strings.IndexByte(n, ','); i > 0 && len(words(n[:i])) >= 2 {
		n = n[:i]
	}
	ws := words(n)
	for len(ws) > 1 && titles[ws[0]] {
		ws = ws[1:]
	}
	for len(ws) > 2 && trailingCredentials[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	return strings.Join(ws, "-")
}

// placeholderFacilities are facility names sponsors use for undisclosed
// sites ("Research Site", "Local Institution"): they do not identify a
// place, so two of them in one city are not assumed to be one site.
var placeholderFacilities = map[string]bool{
	"research-site": true, "local-institution": true, "investigational-site": true,
	"investigative-site": true, "clinical-site": true, "study-site": true,
	"clinical-research-site": true, "clinical-trial-site": true, "site": true,
}

// IsPlaceholderFacility reports whether a facility name is a sponsor's
// placeholder for an undisclosed site.
func IsPlaceholderFacility(facility string) bool {
	return placeholderFacilities[OrgKey(facility)]
}

// SiteKey is the key of a site: facility, city and country (those that are
// given). The city is
// taken up to its first comma ("Shijiazhuang, Hebei" is Shijiazhuang); the
// region is not part of the key, since sources give it inconsistently.
func SiteKey(l trial.Location) string {
	var parts []string
	if f := OrgKey(l.Facility); f != "" {
		parts = append(parts, f)
	}
	city := l.City
	if i := strings.IndexByte(city, ','); i > 0 {
		city = city[:i]
	}
	if c := Slug(city); c != "" {
		parts = append(parts, c)
	}
	if c := CountryCode(l.Country); c != "" {
		parts = append(parts, strings.ToLower(c))
	} else if l.Country != "" {
		parts = append(parts, Slug(l.Country))
	}
	return strings.Join(parts, "--")
}

// SiteOfOrg reports whether a site is a facility of the organisation named
// org, so that the graph links the site to it (schema:parentOrganization).
// The rule is exact and explainable: the keys are equal once the site's own
// place names are set aside, that is
//
//   - OrgKey(facility) = OrgKey(org) ("General Hospital of Central Theater
//     Command" and "The General Hospital of Central Theater Command");
//   - or the facility starts or ends with the site's city, and the rest has
//     the organisation's key ("Wuhan Huoshenshan Hospital" in Wuhan and
//     "Huoshenshan Hospital");
//   - or the organisation's name continues after a comma with nothing but
//     the site's city, region and country, and the part before has the
//     facility's key ("Shanghai Pulmonary Hospital, Shanghai, China" and the
//     site "Shanghai Pulmonary Hospital" in Shanghai, China).
//
// Names that differ in any other word do not match: "Maternal and Child
// Health Hospital of Hubei Province" is not "Maternal and Child Hospital of
// Hubei Province", though a reader may think so. Placeholder facilities
// match nothing.
func SiteOfOrg(l trial.Location, org string) bool {
	fac := OrgKey(l.Facility)
	if fac == "" || IsPlaceholderFacility(l.Facility) {
		return false
	}
	ok := OrgKey(org)
	if ok == "" {
		return false
	}
	if fac == ok {
		return true
	}
	city := cityWords(l.City)
	if len(city) > 0 {
		fw := strings.Split(fac, "-")
		if n := len(city); len(fw) > n {
			if strings.Join(fw[:n], "-") == strings.Join(city, "-") && strings.Join(fw[n:], "-") == ok {
				return true
			}
			if strings.Join(fw[len(fw)-n:], "-") == strings.Join(city, "-") && strings.Join(fw[:len(fw)-n], "-") == ok {
				return true
			}
		}
	}
	if i := strings.IndexByte(org, ','); i > 0 && OrgKey(org[:i]) == fac {
		places := map[string]bool{Slug(l.City): true, Slug(l.State): true, Slug(l.Country): true}
		if c := CountryCode(l.Country); c != "" {
			places[strings.ToLower(c)] = true
		}
		for _, p := range strings.Split(org[i+1:], ",") {
			if s := Slug(p); s != "" && !places[s] {
				return false
			}
		}
		return true
	}
	return false
}

// cityWords are the words of a city's name up to its first comma.
func cityWords(city string) []string {
	if i := strings.IndexByte(city, ','); i > 0 {
		city = city[:i]
	}
	return words(city)
}
