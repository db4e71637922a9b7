package graph

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trialgraph/trialgraph/trial"
)

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
		if r == '\'' || r == '’' {
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
}

// orgAbbrev expands common abbreviations so that spellings of one
// organisation meet.
var orgAbbrev = map[string]string{
	"univ": "university", "hosp": "hospital", "inst": "institute", "natl": "national",
	"ctr": "center", "centre": "center", "med": "medical", "co": "company", "dept": "department",
	"&": "and",
}

// OrgKey is the key of an organisation: its name normalised (case,
// punctuation, a leading "The", common abbreviations).
func OrgKey(name string) string {
	words := strings.Fields(strings.ToLower(strings.NewReplacer("&", " and ", ",", " ", ".", " ").Replace(name)))
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	for i, w := range words {
		if x, ok := orgAbbrev[w]; ok {
			words[i] = x
		}
	}
	return Slug(strings.Join(words, " "))
}

// PersonKey is the key of a person: the name without degrees, titles such
// as "Dr." or "Prof.", case and punctuation.
func PersonKey(name string) string {
	n, _ := trial.SplitDegrees(name)
	words := strings.Fields(n)
	for len(words) > 1 {
		w := strings.ToLower(strings.TrimRight(words[0], "."))
		if w == "dr" || w == "prof" || w == "professor" || w == "doctor" || w == "mr" || w == "mrs" || w == "ms" {
			words = words[1:]
			continue
		}
		break
	}
	return Slug(strings.Join(words, " "))
}

// SiteKey is the key of a site: facility, city and country.
func SiteKey(l trial.Location) string {
	parts := []string{OrgKey(l.Facility)}
	if l.City != "" {
		parts = append(parts, Slug(l.City))
	}
	if c := CountryCode(l.Country); c != "" {
		parts = append(parts, strings.ToLower(c))
	} else if l.Country != "" {
		parts = append(parts, Slug(l.Country))
	}
	return strings.Join(parts, "--")
}
