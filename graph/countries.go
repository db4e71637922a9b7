package graph

import "strings"

// CountryCode returns the ISO 3166-1 alpha-2 code of a country as
// ClinicalTrials.gov names it, or "" when the name is unknown.
func CountryCode(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	if len(n) == 2 {
		if _, ok := codes[strings.ToUpper(n)]; ok {
			return strings.ToUpper(n)
		}
	}
	return countries[n]
}

var codes = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range countries {
		m[c] = true
	}
	return m
}()

// countries maps lower-case country names, in the spellings the registry
// uses and common alternatives, to ISO 3166-1 alpha-2 codes.
var countries = map[string]string{
	"afghanistan": "AF", "albania": "AL", "algeria": "DZ", "andorra": "AD", "angola": "AO",
	"argentina": "AR", "armenia": "AM", "australia": "AU", "austria": "AT", "azerbaijan": "AZ",
	"bahamas": "BS", "bahrain": "BH", "bangladesh": "BD", "barbados": "BB", "belarus": "BY",
	"belgium": "BE", "belize": "BZ", "benin": "BJ", "bhutan": "BT", "bolivia": "BO",
	"bosnia and herzegovina": "BA", "botswana": "BW", "brazil": "BR", "brunei darussalam": "BN", "brunei": "BN",
	"bulgaria": "BG", "burkina faso": "BF", "burundi": "BI", "cambodia": "KH", "cameroon": "CM",
	"canada": "CA", "cape verde": "CV", "central african republic": "CF", "chad": "TD", "chile": "CL",
	"china": "CN", "colombia": "CO", "comoros": "KM", "congo": "CG", "congo, the democratic republic of the": "CD",
	"democratic republic of the congo": "CD", "costa rica": "CR", "côte d'ivoire": "CI", "cote d'ivoire": "CI", "ivory coast": "CI",
	"croatia": "HR", "cuba": "CU", "cyprus": "CY", "czech republic": "CZ", "czechia": "CZ",
	"denmark": "DK", "djibouti": "DJ", "dominica": "DM", "dominican republic": "DO", "ecuador": "EC",
	"egypt": "EG", "el salvador": "SV", "equatorial guinea": "GQ", "eritrea": "ER", "estonia": "EE",
	"eswatini": "SZ", "swaziland": "SZ", "ethiopia": "ET", "fiji": "FJ", "finland": "FI", "france": "FR",
	"french guiana": "GF", "french polynesia": "PF", "gabon": "GA", "gambia": "GM", "georgia": "GE",
	"germany": "DE", "ghana": "GH", "greece": "GR", "greenland": "GL", "grenada": "GD", "guadeloupe": "GP",
	"guam": "GU", "guatemala": "GT", "guinea": "GN", "guinea-bissau": "GW", "guyana": "GY", "haiti": "HT",
	"honduras": "HN", "hong kong": "HK", "hungary": "HU", "iceland": "IS", "india": "IN", "indonesia": "ID",
	"iran, islamic republic of": "IR", "iran": "IR", "iraq": "IQ", "ireland": "IE", "israel": "IL", "italy": "IT",
	"jamaica": "JM", "japan": "JP", "jordan": "JO", "kazakhstan": "KZ", "kenya": "KE", "kosovo": "XK",
	"korea, republic of": "KR", "south korea": "KR", "republic of korea": "KR", "korea, democratic people's republic of": "KP",
	"kuwait": "KW", "kyrgyzstan": "KG", "lao people's democratic republic": "LA", "laos": "LA", "latvia": "LV",
	"lebanon": "LB", "lesotho": "LS", "liberia": "LR", "libya": "LY", "libyan arab jamahiriya": "LY",
	"liechtenstein": "LI", "lithuania": "LT", "luxembourg": "LU", "macao": "MO", "macau": "MO",
	"macedonia, the former yugoslav republic of": "MK", "north macedonia": "MK", "madagascar": "MG", "malawi": "MW",
	"malaysia": "MY", "maldives": "MV", "mali": "ML", "malta": "MT", "martinique": "MQ", "mauritania": "MR",
	"mauritius": "MU", "mexico": "MX", "moldova, republic of": "MD", "moldova": "MD", "monaco": "MC",
	"mongolia": "MN", "montenegro": "ME", "morocco": "MA", "mozambique": "MZ", "myanmar": "MM", "namibia": "NA",
	"nepal": "NP", "netherlands": "NL", "new caledonia": "NC", "new zealand": "NZ", "nicaragua": "NI",
	"niger": "NE", "nigeria": "NG", "norway": "NO", "oman": "OM", "pakistan": "PK", "palestinian territory, occupied": "PS",
	"palestine, state of": "PS", "panama": "PA", "papua new guinea": "PG", "paraguay": "PY", "peru": "PE",
	"philippines": "PH", "poland": "PL", "portugal": "PT", "puerto rico": "PR", "qatar": "QA", "réunion": "RE",
	"reunion": "RE", "romania": "RO", "russian federation": "RU", "russia": "RU", "rwanda": "RW",
	"saint kitts and nevis": "KN", "saint lucia": "LC", "samoa": "WS", "san marino": "SM", "saudi arabia": "SA",
	"senegal": "SN", "serbia": "RS", "seychelles": "SC", "sierra leone": "SL", "singapore": "SG",
	"slovakia": "SK", "slovenia": "SI", "solomon islands": "SB", "somalia": "SO", "south africa": "ZA",
	"south sudan": "SS", "spain": "ES", "sri lanka": "LK", "sudan": "SD", "suriname": "SR", "sweden": "SE",
	"switzerland": "CH", "syrian arab republic": "SY", "syria": "SY", "taiwan": "TW", "tajikistan": "TJ",
	"tanzania": "TZ", "tanzania, united republic of": "TZ", "thailand": "TH", "timor-leste": "TL", "togo": "TG",
	"trinidad and tobago": "TT", "tunisia": "TN", "turkey": "TR", "türkiye": "TR", "turkey (türkiye)": "TR",
	"turkmenistan": "TM", "uganda": "UG", "ukraine": "UA", "united arab emirates": "AE", "united kingdom": "GB",
	"uk": "GB", "united states": "US", "usa": "US", "united states of america": "US", "uruguay": "UY",
	"uzbekistan": "UZ", "vanuatu": "VU", "venezuela": "VE", "venezuela, bolivarian republic of": "VE",
	"vietnam": "VN", "viet nam": "VN", "virgin islands (u.s.)": "VI", "yemen": "YE", "zambia": "ZM", "zimbabwe": "ZW",
	"former serbia and montenegro": "CS", "serbia and montenegro": "CS",
}
