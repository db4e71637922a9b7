package main

import (
	"math/rand/v2"
	"sort"
	"strings"
)

// Name material for composed entities. Non-ASCII spellings are kept as the
// registry shows them (it stores UTF-8: "Hôpital", "Universitätsklinikum",
// "Peña", Han characters).

var (
	saints   = []string{"St. Joseph's", "Mercy", "St. Luke's", "Good Samaritan", "Providence", "St. Mary's", "Baptist", "Methodist", "Presbyterian"}
	saintsFR = []string{"Saint-Louis", "Pitié-Salpêtrière", "Necker-Enfants Malades", "Édouard Herriot", "Lariboisière", "Hôtel-Dieu", "Bichat-Claude Bernard", "Saint-Éloi", "Pontchaillou", "Bretonneau"}
	saintsDE = []string{"St. Georg", "Barmherzige Brüder", "Maria Hilf", "St. Elisabeth", "Nordwest", "Bethel", "Martin Luther"}
	saintsES = []string{"Carlos", "Cecilio", "Juan de Dios", "Pedro de Alcántara", "Rafael", "Agustín"}
	saintsIT = []string{"Raffaele", "Gerardo", "Martino", "Camillo-Forlanini", "Giovanni Battista", "Matteo", "Luigi Gonzaga"}
	lastEN   = []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Mitchell", "Campbell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed"}
	firstEN  = []string{"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Christopher", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Emily", "Mark", "Ashley", "Steven", "Rebecca", "Andrew", "Laura", "Kevin", "Rachel", "Brian", "Amy"}
	firstFR  = []string{"Jean", "Marie", "Pierre", "François", "Hélène", "Stéphane", "Anaïs", "Jérôme", "Céline", "Loïc", "Frédéric", "Sébastien", "Élodie", "Benoît", "Gaëlle", "Thierry", "Nathalie", "Raphaël", "Noémie", "Jean-Luc"}
	lastFR   = []string{"Martin", "Bernard", "Lefèvre", "Dubois", "Moreau", "Laurent", "Girard", "Bérard", "Mercier", "Faure", "Rousseau", "Lemaître", "Gauthier", "Chevalier", "Crémieux", "Ménard", "Bouchet", "Pétillon", "Leroy", "Géraud"}
	firstDE  = []string{"Jürgen", "Günter", "Jörg", "Ursula", "Björn", "Sören", "Katrin", "Andreas", "Matthias", "Sabine", "Jörn", "Maximilian", "Annegret", "Uwe", "Bärbel", "Klaus", "Stefanie", "Tobias"}
	lastDE   = []string{"Müller", "Schäfer", "Weiß", "Groß", "Schröder", "Köhler", "Krüger", "Bäcker", "Fischer", "Wagner", "Hoffmann", "Schmitz", "Böhm", "Jäger", "Lüdemann", "Meißner", "Vogel", "Hübner"}
	firstES  = []string{"José", "María", "Jesús", "Ángel", "Inés", "Raúl", "Begoña", "Joaquín", "Sofía", "Álvaro", "Lucía", "Andrés", "Mónica", "Rubén", "Íñigo", "Nuria", "Germán", "Ramón", "Verónica", "Iván"}
	lastES   = []string{"García", "Rodríguez", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Muñoz", "Jiménez", "Núñez", "Peña", "Álvarez", "Díaz", "Hernández", "Gutiérrez", "Ibáñez", "Castaño", "Romero", "Ortiz"}
	firstIT  = []string{"Giuseppe", "Francesca", "Niccolò", "Lucia", "Marco", "Chiara", "Alessandro", "Giulia", "Luca", "Federica", "Matteo", "Paola", "Andrea", "Elena", "Fabrizio"}
	lastIT   = []string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "De Luca", "Bruno", "Gallo", "Conti", "Mancini", "Costa", "Fontana", "Caruso"}
	// Chinese family and given names in pinyin, and the Han forms used when
	// a name is written in characters.
	familyZH = []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo"}
	hanZH    = map[string]string{"Wang": "王", "Li": "李", "Zhang": "张", "Liu": "刘", "Chen": "陈", "Yang": "杨", "Huang": "黄", "Zhao": "赵", "Wu": "吴", "Zhou": "周", "Xu": "徐", "Sun": "孙", "Ma": "马", "Zhu": "朱", "Hu": "胡", "Guo": "郭", "He": "何", "Lin": "林", "Gao": "高", "Luo": "罗",
		"Wei": "伟", "Fang": "芳", "Na": "娜", "Min": "敏", "Jing": "静", "Lei": "磊", "Jun": "军", "Hui": "慧", "Qiang": "强", "Yan": "燕", "Tao": "涛", "Ming": "明", "Hong": "红", "Bo": "波", "Ping": "平"}
	givenZH  = []string{"Wei", "Fang", "Na", "Min", "Jing", "Lei", "Jun", "Hui", "Qiang", "Yan", "Tao", "Ming", "Hong", "Bo", "Ping", "Xiaoming", "Jianguo", "Lijun", "Yuxin", "Zhiqiang", "Haiyan", "Xiaohong"}
	familyKO = []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"}
	givenKO  = []string{"Min-jun", "Seo-yeon", "Ji-hoon", "Hyun-woo", "Soo-jin", "Young-ho", "Eun-ji", "Dong-hyun"}
	familyJA = []string{"Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato"}
	givenJA  = []string{"Hiroshi", "Yuki", "Takeshi", "Akiko", "Kenji", "Naoko", "Satoshi", "Yoko", "Daisuke", "Haruka"}
	firstFA  = []string{"Mohammad", "Ali", "Reza", "Fatemeh", "Zahra", "Hossein", "Maryam", "Mehdi", "Narges", "Amir"}
	lastFA   = []string{"Hosseini", "Ahmadi", "Mohammadi", "Rezaei", "Moradi", "Karimi", "Jafari", "Sadeghi", "Baharvand", "Tavakoli"}
	firstAR  = []string{"Ahmed", "Mohamed", "Mahmoud", "Mona", "Sara", "Omar", "Yasmin", "Hany", "Nour", "Tarek"}
	lastAR   = []string{"Hassan", "Ibrahim", "El-Sayed", "Abdelrahman", "Mostafa", "Farouk", "Soliman", "Khalil", "Salem", "Fathy"}
	firstPT  = []string{"João", "Antônio", "Luíza", "Gonçalo", "Conceição", "Sebastião", "Letícia", "Fábio"}
	lastPT   = []string{"Silva", "Gonçalves", "Araújo", "Magalhães", "Simões", "Conceição", "Brandão", "Assunção"}

	degrees = newDist(count[string]{"MD", 40}, count[string]{"", 18}, count[string]{"MD, PhD", 18}, count[string]{"PhD", 10}, count[string]{"M.D.", 5},
		count[string]{"Prof.", 3}, count[string]{"MSc", 2}, count[string]{"DO", 1}, count[string]{"PharmD", 1}, count[string]{"RN, BSN", 1}, count[string]{"MBBS", 1})

	companyHeads = []string{"Cell", "Gen", "Bio", "Neo", "Thera", "Regen", "Stem", "Immuno", "Onco", "Cardio", "Vita", "Nova", "Medi", "Pharma", "Celu", "Astra", "Zeno", "Lumi"}
	companyTails = []string{"genix", "cure", "tech", "vance", "lys", "vita", "gen", "metrics", "pharm", "thera", "cyte", "nova", "gene", "bio", "Stem", "med"}

	// hanCity maps Chinese city names in pinyin to Han characters.
	hanCity = map[string]string{"Beijing": "北京", "Shanghai": "上海", "Guangzhou": "广州", "Hangzhou": "杭州", "Changsha": "长沙", "Nanjing": "南京",
		"Zhengzhou": "郑州", "Chengdu": "成都", "Wuhan": "武汉", "Changchun": "长春", "Tianjin": "天津", "Hefei": "合肥", "Chongqing": "重庆",
		"Fuzhou": "福州", "Shijiazhuang": "石家庄", "Jinan": "济南", "Shenyang": "沈阳", "Nanchang": "南昌", "Harbin": "哈尔滨", "Qingdao": "青岛",
		"Xi'an": "西安", "Kunming": "昆明", "Shenzhen": "深圳", "Suzhou": "苏州", "Dalian": "大连", "Lanzhou": "兰州", "Taiyuan": "太原", "Nanning": "南宁"}
	hanCityPinyin = sortedKeys(hanCity)
)

// extraCities fills countries the corpus has few or no sites in, and adds
// the Chinese cities of the MSC literature.
var extraCities = []city{
	{"Wuhan", "Hubei", "430022", "China", 30.58333, 114.26667}, {"Shijiazhuang", "Hebei", "050031", "China", 38.04139, 114.47861},
	{"Kunming", "Yunnan", "650032", "China", 25.03889, 102.71833}, {"Shenzhen", "Guangdong", "518036", "China", 22.54554, 114.0683},
	{"Xi'an", "Shaanxi", "710061", "China", 34.25833, 108.92861}, {"Chongqing", "Chongqing", "400016", "China", 29.56278, 106.55278},
	{"Suzhou", "Jiangsu", "215006", "China", 31.30408, 120.59538}, {"Harbin", "Heilongjiang", "150001", "China", 45.75, 126.65},
	{"Tehran", "", "1411713135", "Iran, Islamic Republic of", 35.69439, 51.42151}, {"Shiraz", "Fars", "", "Iran, Islamic Republic of", 29.61031, 52.53113},
	{"Mashhad", "Razavi Khorasan", "", "Iran, Islamic Republic of", 36.29807, 59.60567}, {"Isfahan", "", "", "Iran, Islamic Republic of", 32.65246, 51.67462},
	{"Cairo", "", "11562", "Egypt", 30.06263, 31.24967}, {"Alexandria", "", "21131", "Egypt", 31.20176, 29.91582}, {"Assiut", "", "71515", "Egypt", 27.18096, 31.18368},
	{"Mansoura", "", "35516", "Egypt", 31.03637, 31.38069}, {"Ciudad de México", "Mexico City", "14080", "Mexico", 19.42847, -99.12766},
	{"Monterrey", "Nuevo León", "64460", "Mexico", 25.67507, -100.31847}, {"Guadalajara", "Jalisco", "44280", "Mexico", 20.66682, -103.39182},
	{"Mérida", "Yucatán", "97000", "Mexico", 20.97537, -89.61696}, {"São Paulo", "SP", "05403-000", "Brazil", -23.5475, -46.63611},
	{"Rio de Janeiro", "RJ", "21941-913", "Brazil", -22.90642, -43.18223}, {"Porto Alegre", "RS", "90035-903", "Brazil", -30.03306, -51.23},
	{"Ribeirão Preto", "SP", "14048-900", "Brazil", -21.1775, -47.81028}, {"New Delhi", "Delhi", "110029", "India", 28.63576, 77.22445},
	{"Mumbai", "Maharashtra", "400012", "India", 19.07283, 72.88261}, {"Vellore", "Tamil Nadu", "632004", "India", 12.9184, 79.13255},
	{"Bengaluru", "Karnataka", "560029", "India", 12.97194, 77.59369}, {"Buenos Aires", "", "C1199ABB", "Argentina", -34.61315, -58.37723},
	{"Córdoba", "", "X5000", "Argentina", -31.4135, -64.18105}, {"Rosario", "Santa Fe", "S2000", "Argentina", -32.94682, -60.63932},
	{"Hanoi", "", "", "Vietnam", 21.0245, 105.84117}, {"Ho Chi Minh City", "", "", "Vietnam", 10.82302, 106.62965},
	{"Seoul", "", "03080", "South Korea", 37.566, 126.9784}, {"Busan", "", "49241", "South Korea", 35.10168, 129.03004},
	{"München", "Bayern", "81377", "Germany", 48.13743, 11.57549}, {"Köln", "Nordrhein-Westfalen", "50937", "Germany", 50.93333, 6.95},
	{"Düsseldorf", "", "40225", "Germany", 51.22172, 6.77616}, {"Tübingen", "Baden-Württemberg", "72076", "Germany", 48.52266, 9.05222},
	{"Zürich", "", "8091", "Switzerland", 47.36667, 8.55}, {"Genève", "", "1205", "Switzerland", 46.20222, 6.14569},
	{"Málaga", "Andalucía", "29010", "Spain", 36.72016, -4.42034}, {"A Coruña", "Galicia", "15006", "Spain", 43.37135, -8.396},
	{"Besançon", "", "25030", "France", 47.24878, 6.01815}, {"Créteil", "", "94010", "France", 48.79266, 2.46569},
	{"İstanbul", "", "34093", "Turkey (Türkiye)", 41.01384, 28.94966}, {"Kraków", "", "31-501", "Poland", 50.06143, 19.93658},
	{"Tokyo", "", "113-8655", "Japan", 35.6895, 139.69171}, {"Osaka", "", "565-0871", "Japan", 34.69374, 135.50218},
	{"Wien", "", "1090", "Austria", 48.20849, 16.37208}, {"Praha", "", "128 08", "Czechia", 50.08804, 14.42076},
}

// famousSites are real hospitals often seen in the registry, with the
// spellings it uses.
var famousSites = []site{
	{facility: "Hôpital Européen Georges-Pompidou", city: "Paris", zip: "75015", country: "France", lat: 48.85341, lon: 2.3488},
	{facility: "Hôpital Pitié-Salpêtrière", city: "Paris", zip: "75013", country: "France", lat: 48.85341, lon: 2.3488},
	{facility: "Universitätsklinikum Hamburg-Eppendorf", city: "Hamburg", zip: "20246", country: "Germany", lat: 53.57532, lon: 10.01534},
	{facility: "Universitätsklinikum Heidelberg", city: "Heidelberg", state: "Baden-Württemberg", zip: "69120", country: "Germany", lat: 49.40768, lon: 8.69079},
	{facility: "Charité – Universitätsmedizin Berlin", city: "Berlin", zip: "10117", country: "Germany", lat: 52.52437, lon: 13.41053},
	{facility: "Klinikum rechts der Isar der Technischen Universität München", city: "München", state: "Bayern", zip: "81675", country: "Germany", lat: 48.13743, lon: 11.57549},
	{facility: "Hospital Universitario La Paz", city: "Madrid", zip: "28046", country: "Spain", lat: 40.4165, lon: -3.70256},
	{facility: "Hospital Clínic de Barcelona", city: "Barcelona", state: "Cataluña", zip: "08036", country: "Spain", lat: 41.38879, lon: 2.15899},
	{facility: "Hospital Universitario Virgen del Rocío", city: "Sevilla", state: "Andalucía", zip: "41013", country: "Spain", lat: 37.38283, lon: -5.97317},
	{facility: "Clínica Universidad de Navarra", city: "Pamplona", state: "Navarra", zip: "31008", country: "Spain", lat: 42.81687, lon: -1.64323},
	{facility: "Union Hospital, Tongji Medical College, Huazhong University of Science and Technology", city: "Wuhan", state: "Hubei", zip: "430022", country: "China", lat: 30.58333, lon: 114.26667},
	{facility: "Renmin Hospital of Wuhan University", city: "Wuhan", state: "Hubei", zip: "430060", country: "China", lat: 30.58333, lon: 114.26667},
	{facility: "Wuhan Puren Hospital", city: "Wuhan", state: "Hubei", country: "China", lat: 30.58333, lon: 114.26667},
	{facility: "The First Hospital of Hebei Medical University", city: "Shijiazhuang", state: "Hebei", zip: "050031", country: "China", lat: 38.04139, lon: 114.47861},
	{facility: "北京协和医院", city: "Beijing", zip: "100730", country: "China", lat: 39.9075, lon: 116.39723},
	{facility: "四川大学华西医院", city: "Chengdu", state: "Sichuan", zip: "610041", country: "China", lat: 30.66667, lon: 104.06667},
	{facility: "Peking Union Medical College Hospital", city: "Beijing", zip: "100730", country: "China", lat: 39.9075, lon: 116.39723},
	{facility: "M D Anderson Cancer Center", city: "Houston", state: "Texas", zip: "77030", country: "United States", lat: 29.76328, lon: -95.36327},
	{facility: "Mayo Clinic", city: "Rochester", state: "Minnesota", zip: "55905", country: "United States", lat: 44.02163, lon: -92.4699},
	{facility: "Massachusetts General Hospital", city: "Boston", state: "Massachusetts", zip: "02114", country: "United States", lat: 42.35843, lon: -71.05977},
	{facility: "Royan Institute", city: "Tehran", country: "Iran, Islamic Republic of", lat: 35.69439, lon: 51.42151},
	{facility: "Hospital Universitario Dr. José Eleuterio González", city: "Monterrey", state: "Nuevo León", zip: "64460", country: "Mexico", lat: 25.67507, lon: -100.31847},
	{facility: "Hospital Israelita Albert Einstein", city: "São Paulo", state: "SP", zip: "05652-900", country: "Brazil", lat: -23.5475, lon: -46.63611},
}

var extraSponsors = []sponsor{
	{"National Cancer Institute (NCI)", "NIH"}, {"National Heart, Lung, and Blood Institute (NHLBI)", "NIH"},
	{"U.S. Army Medical Research and Development Command", "FED"}, {"VA Office of Research and Development", "FED"},
	{"Assistance Publique - Hôpitaux de Paris", "OTHER"}, {"Hospices Civils de Lyon", "OTHER"},
	{"Fundación para la Investigación Biomédica del Hospital Universitario La Paz", "OTHER"},
	{"Universitätsklinikum Hamburg-Eppendorf", "OTHER"}, {"Royan Institute", "OTHER"},
	{"Wuhan Union Hospital, China", "OTHER"}, {"Puren Hospital Affiliated to Wuhan University of Science and Technology", "OTHER"},
	{"Shanghai East Hospital", "OTHER"}, {"Mesoblast, Ltd.", "INDUSTRY"}, {"Pluri Biotech Ltd", "INDUSTRY"},
	{"TiGenix S.A.U.", "INDUSTRY"}, {"Celltex Therapeutics Corporation", "INDUSTRY"}, {"Stempeutics Research Pvt Ltd", "INDUSTRY"},
	{"Cellular Biomedicine Group Ltd.", "INDUSTRY"}, {"Instituto de Salud Carlos III", "OTHER_GOV"},
	{"Deutsche Forschungsgemeinschaft", "OTHER_GOV"}, {"Children's Oncology Group", "NETWORK"}, {"Alliance for Clinical Trials in Oncology", "NETWORK"},
	{"Jesús Pérez Ibáñez", "INDIV"}, {"Zhang Wei", "INDIV"},
}

// personName composes an investigator name in the style of country,
// with a degree suffix as the registry shows it.
func personName(r *rand.Rand, country string, corpusPeople []string) string {
	if r.Float64() < fracRealPersonName && (country == "United States" || country == "United Kingdom" || country == "Canada" || country == "Australia") {
		return corpusPeople[r.IntN(len(corpusPeople))]
	}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	var name string
	switch country {
	case "France", "Belgium":
		name = pick(firstFR) + " " + pick(lastFR)
		if r.IntN(4) == 0 {
			name = pick(firstFR) + " " + strings.ToUpper(pick(lastFR))
		}
	case "Germany", "Austria", "Switzerland":
		name = pick(firstDE) + " " + pick(lastDE)
		if r.IntN(4) == 0 {
			return "Prof. Dr. " + name
		}
	case "Spain", "Mexico", "Colombia", "Argentina", "Chile":
		name = pick(firstES) + " " + pick(lastES)
		if r.IntN(3) == 0 {
			name += " " + pick(lastES)
		}
	case "Italy":
		name = pick(firstIT) + " " + pick(lastIT)
	case "China", "Taiwan", "Singapore":
		fam, given := pick(familyZH), pick(givenZH)
		switch r.IntN(10) {
		case 0:
			if h, ok := hanZH[given]; ok {
				return hanZH[fam] + h // written in characters, no degree
			}
			name = given + " " + fam
		case 1, 2, 3:
			name = fam + " " + given
		default:
			name = given + " " + fam
		}
	case "South Korea":
		name = pick(givenKO) + " " + pick(familyKO)
	case "Japan":
		name = pick(givenJA) + " " + pick(familyJA)
	case "Iran, Islamic Republic of":
		name = pick(firstFA) + " " + pick(lastFA)
	case "Egypt":
		name = pick(firstAR) + " " + pick(lastAR)
	case "Brazil", "Portugal":
		name = pick(firstPT) + " " + pick(lastPT)
	default:
		name = pick(firstEN) + " " + pick(lastEN)
		if r.IntN(3) == 0 {
			name = pick(firstEN) + " " + string("ABCDEFGHJKLMNPRSTW"[r.IntN(18)]) + ". " + pick(lastEN)
		}
	}
	if d := degrees.draw(r); d == "Prof." {
		return "Prof. " + name
	} else if d != "" {
		return name + ", " + d
	}
	return name
}

// asciiFold lowers s and keeps ASCII letters and digits, folding common
// accented letters, for e-mail addresses.
func asciiFold(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		case strings.ContainsRune("áàâäãå", c):
			b.WriteByte('a')
		case strings.ContainsRune("éèêë", c):
			b.WriteByte('e')
		case strings.ContainsRune("íìîï", c):
			b.WriteByte('i')
		case strings.ContainsRune("óòôöõ", c):
			b.WriteByte('o')
		case strings.ContainsRune("úùûü", c):
			b.WriteByte('u')
		case c == 'ñ':
			b.WriteByte('n')
		case c == 'ç':
			b.WriteByte('c')
		case c == 'ß':
			b.WriteString("ss")
		}
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func sortStrings(s []string) { sort.Strings(s) }
