package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
)

// pools.json holds text taken from the real records of the corpus:
// sites with their geo points, sponsors, names, outcome measures,
// summaries, eligibility criteria, interventions, references and
// condition blocks. gen_pools.py regenerates it.
//
//go:embed pools.json
var poolsJSON []byte

type corpusPools struct {
	Sites         [][]any           `json:"sites"` // facility, city, state, zip, country, lat, lon
	Sponsors      [][2]string       `json:"sponsors"`
	People        []string          `json:"people"`
	Outcomes      [][3]string       `json:"outcomes"` // measure, description, time frame
	Summaries     []string          `json:"summaries"`
	Details       []string          `json:"details"`
	Criteria      []string          `json:"criteria"`
	Interventions [][3]string       `json:"interventions"` // type, name, description
	OtherNames    []string          `json:"otherNames"`
	References    [][3]string       `json:"references"` // pmid, type, citation
	Conditions    []conditionsBlock `json:"conditions"`
	Keywords      []string          `json:"keywords"`
}

type conditionsBlock struct {
	Conditions []string   `json:"conditions"`
	Meshes     []meshTerm `json:"meshes"`
	Ancestors  []meshTerm `json:"ancestors"`
}

// site is one facility of the shared pool; the same site is used by many
// studies.
type site struct {
	id                             int
	facility, city, state, zip, cc string
	country                        string
	lat, lon                       float64
	geo                            bool
}

type city struct {
	name, state, zip, country string
	lat, lon                  float64
}

// world is everything shared between studies: built once from the seed,
// then read concurrently by the workers.
type world struct {
	seed      uint64
	corpus    corpusPools
	sites     map[string][]*site // by country, in popularity order
	sponsors  map[string][]sponsor
	byType    map[string][][3]string // corpus interventions by type
	countries []string               // sorted keys of sites
}

// Zipf parameters of entity popularity: rank k is drawn with probability
// proportional to (zipfV + k)^-zipfS.
const (
	zipfS = 1.15
	zipfV = 30.0
)

func newWorld(seed uint64, nSites, nSponsors int) (*world, error) {
	w := &world{seed: seed, sites: map[string][]*site{}, sponsors: map[string][]sponsor{}, byType: map[string][][3]string{}}
	if err := json.Unmarshal(poolsJSON, &w.corpus); err != nil {
		return nil, fmt.Errorf("embedded pools.json: %w", err)
	}
	r := rand.New(rand.NewPCG(seed, 0x5173))
	for _, iv := range w.corpus.Interventions {
		w.byType[iv[0]] = append(w.byType[iv[0]], iv)
	}

	// Cities, from the real sites and the extra table.
	cities := map[string][]city{}
	seenCity := map[string]bool{}
	addCity := func(c city) {
		k := c.country + "|" + c.name
		if !seenCity[k] {
			seenCity[k] = true
			cities[c.country] = append(cities[c.country], c)
		}
	}
	seen := map[string]bool{}
	add := func(s *site) {
		k := strings.ToLower(s.facility + "|" + s.city + "|" + s.country)
		if seen[k] {
			return
		}
		seen[k] = true
		w.sites[s.country] = append(w.sites[s.country], s)
	}
	for _, row := range w.corpus.Sites {
		s := &site{facility: row[0].(string), city: row[1].(string), state: row[2].(string), zip: row[3].(string),
			country: row[4].(string), lat: row[5].(float64), lon: row[6].(float64), geo: true}
		add(s)
		addCity(city{s.city, s.state, s.zip, s.country, s.lat, s.lon})
	}
	for _, c := range extraCities {
		addCity(c)
	}
	for _, s := range famousSites {
		s := s
		s.geo = true
		add(&s)
	}
	// Synthetic sites, per country in proportion to its share of locations.
	total := countries.cum[len(countries.cum)-1]
	for i, cc := range countries.vals {
		share := countries.cum[i]
		if i > 0 {
			share -= countries.cum[i-1]
		}
		want := max(30, int(float64(nSites)*share/total))
		cs := cities[cc]
		if len(cs) == 0 {
			return nil, fmt.Errorf("no city for country %q", cc)
		}
		for tries := 0; len(w.sites[cc]) < want && tries < 4*want; tries++ {
			c := cs[r.IntN(len(cs))]
			s := &site{facility: facilityName(r, c), city: c.name, state: c.state, zip: c.zip, country: cc,
				lat: c.lat + (r.Float64()-0.5)*0.1, lon: c.lon + (r.Float64()-0.5)*0.1, geo: r.Float64() < fracLocGeo}
			s.lat, s.lon = round5(s.lat), round5(s.lon)
			if s.zip != "" && r.Float64() > fracLocZip {
				s.zip = ""
			}
			add(s)
		}
	}
	id := 0
	for cc, ss := range w.sites {
		w.countries = append(w.countries, cc)
		_ = ss
	}
	sortStrings(w.countries)
	for _, cc := range w.countries {
		ss := w.sites[cc]
		r.Shuffle(len(ss), func(i, j int) { ss[i], ss[j] = ss[j], ss[i] })
		for _, s := range ss {
			s.id = id
			id++
		}
	}

	// Sponsors by class: corpus sponsors, composed companies, and
	// hospitals of the site pool as academic sponsors.
	seenSp := map[string]bool{}
	addSp := func(sp sponsor) {
		if !seenSp[sp.Name] {
			seenSp[sp.Name] = true
			w.sponsors[sp.Class] = append(w.sponsors[sp.Class], sp)
		}
	}
	for _, sp := range w.corpus.Sponsors {
		cls := sp[1]
		if cls == "UNKNOWN" {
			cls = "OTHER"
		}
		addSp(sponsor{sp[0], cls})
	}
	for _, sp := range extraSponsors {
		addSp(sp)
	}
	for tries := 0; len(w.sponsors["INDUSTRY"]) < nSponsors/3 && tries < nSponsors*4; tries++ {
		addSp(sponsor{companyName(r), "INDUSTRY"})
	}
	for tries := 0; len(w.sponsors["OTHER"]) < nSponsors*2/3 && tries < nSponsors*4; tries++ {
		cc := countries.draw(r)
		ss := w.sites[cc]
		addSp(sponsor{ss[r.IntN(len(ss))].facility, "OTHER"})
	}
	for _, cls := range []string{"INDUSTRY", "OTHER", "NETWORK", "INDIV", "OTHER_GOV", "NIH", "FED"} {
		sp := w.sponsors[cls]
		if len(sp) == 0 {
			return nil, fmt.Errorf("no sponsor of class %s", cls)
		}
		r.Shuffle(len(sp), func(i, j int) { sp[i], sp[j] = sp[j], sp[i] })
	}
	return w, nil
}

func (w *world) numSites() int {
	n := 0
	for _, ss := range w.sites {
		n += len(ss)
	}
	return n
}

// zipfPick draws an index in [0, n) with Zipf popularity.
func zipfPick(r *rand.Rand, n int) int {
	if n <= 1 {
		return 0
	}
	return int(rand.NewZipf(r, zipfS, zipfV, uint64(n-1)).Uint64())
}

// facilityName composes a hospital name in the style of the country.
func facilityName(r *rand.Rand, c city) string {
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	n := c.name
	switch c.country {
	case "United States":
		return pick([]string{n + " Medical Center", n + " Regional Medical Center", pick(saints) + " Hospital", n + " Cancer Center",
			n + " Clinical Research", "University of " + stateOr(c) + " Medical Center", pick(lastEN) + " Clinic", n + " Children's Hospital",
			pick(lastEN) + " Research Institute", n + " VA Medical Center"})
	case "France":
		return pick([]string{"Centre Hospitalier Universitaire de " + n, "CHU de " + n, "Hôpital " + pick(saintsFR), "Centre Hospitalier de " + n,
			"Clinique " + pick(saintsFR), "Institut de Cancérologie de " + n, "Hôpital Privé de " + n, "Groupe Hospitalier " + pick(saintsFR)})
	case "Germany", "Austria", "Switzerland":
		return pick([]string{"Universitätsklinikum " + n, "Klinikum " + n, "Städtisches Klinikum " + n, "Krankenhaus " + pick(saintsDE),
			"Universitätsmedizin " + n, "Herzzentrum " + n, "Klinik für Innere Medizin, " + n, "Studienzentrum " + pick(lastDE)})
	case "Spain", "Mexico", "Colombia", "Chile", "Argentina":
		return pick([]string{"Hospital Universitario de " + n, "Hospital Clínico San " + pick(saintsES), "Complejo Hospitalario Universitario de " + n,
			"Hospital General de " + n, "Clínica " + pick(lastES), "Hospital Universitario Virgen de la " + pick([]string{"Arrixaca", "Macarena", "Victoria", "Concepción"}),
			"Instituto de Investigación Sanitaria de " + n, "Hospital Regional Universitario de " + n})
	case "Italy":
		return pick([]string{"Azienda Ospedaliera Universitaria di " + n, "Ospedale San " + pick(saintsIT), "Policlinico di " + n,
			"Azienda Ospedaliera " + pick(saintsIT), "IRCCS Ospedale " + pick(saintsIT), "Università degli Studi di " + n})
	case "China":
		han := hanCity[n]
		if han != "" && r.Float64() < 0.25 {
			return pick([]string{han + "市第一人民医院", han + "大学附属医院", han + "市中心医院", han + "医科大学第一附属医院", han + "市中医院"})
		}
		return pick([]string{"The First Affiliated Hospital of " + n + " Medical University", n + " First People's Hospital",
			n + " Central Hospital", n + " Renmin Hospital", "The Second Affiliated Hospital of " + n + " University", n + " Hospital of Traditional Chinese Medicine",
			n + " Children's Hospital", n + " Cancer Hospital", n + " Municipal Hospital"})
	case "Iran, Islamic Republic of":
		return pick([]string{n + " University of Medical Sciences", "Royan Institute", "Shariati Hospital, " + n, "Imam Reza Hospital, " + n})
	case "Egypt":
		return pick([]string{n + " University Hospital", "Faculty of Medicine, " + n + " University", n + " Oncology Center"})
	}
	return pick([]string{n + " University Hospital", n + " General Hospital", n + " Clinical Research Center", n + " Medical University Hospital", "Hospital " + pick(saints)})
}

func stateOr(c city) string {
	if c.state != "" {
		return c.state
	}
	return c.name
}

func companyName(r *rand.Rand) string {
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	head := pick(companyHeads) + pick(companyTails)
	switch r.IntN(6) {
	case 0:
		return head + " Therapeutics, Inc."
	case 1:
		return head + " Pharma GmbH"
	case 2:
		return pick(hanCityPinyin) + " " + head + " Biotechnology Co., Ltd."
	case 3:
		return head + " Biosciences"
	case 4:
		return "Laboratorios " + head + " S.A."
	}
	return head + " Pharmaceuticals"
}

func round5(x float64) float64 {
	return float64(int64(x*1e5+0.5*sign(x))) / 1e5
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}
