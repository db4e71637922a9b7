package graph_test

import (
	"testing"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/trial"
)

// Spellings of one entity taken from testdata (seeds, corpus, xml): each
// group must give one key, and the key is the one shown.
func TestOrgKey(t *testing.T) {
	tests := []struct {
		key   string
		names []string
	}{
		{"general-hospital-of-central-theater-command", []string{"The General Hospital of Central Theater Command", "General Hospital of Central Theater Command"}},
		{"limbix-health", []string{"Limbix Health Inc.", "Limbix Health, Inc.", "Limbix Health"}},
		{"michigan-head-pain-and-neurological-institute", []string{"Michigan Head Pain & Neurological Institute", "Michigan Head, Pain and Neurological Institute", "Michigan Head, Pain, and Neurological Institute"}},
		{"walton-center-neurology-department", []string{"The Walton Center, Neurology Department", "The Walton Centre, Neurology Department"}},
		{"froedtert-and-medical-college-of-wisconsin", []string{"Froedtert and Medical College of Wisconsin", "Froedtert and the Medical College of Wisconsin"}},
		{"headache-center-department-of-neurology-university-duisburg-essen", []string{"Headache Center, Dept. Of Neurology, Univ. Duisburg-Essen", "Headache Center, Dept. of Neurology, University Duisburg-Essen"}},
		{"national-cancer-institute", []string{"National Cancer Institute (NCI)", "National Cancer Institute", "Natl Cancer Inst."}},
		{"saint-olavs-hospital", []string{"St. Olavs Hospital", "St.Olavs Hospital", "St Olavs Hospital"}},
		{"hunan-cancer-hospital", []string{"Hunan cancer hospital", "The Hunan Cancer Hospital", "Hunan Cancer Hosp."}},
		{"vcanbio-cell-and-gene-engineering", []string{"Vcanbio Cell and Gene Engineering Corp., Ltd.", "VCANBIO CELL & GENE ENGINEERING CORP.,LTD"}},
		{"h-lundbeck", []string{"H. Lundbeck A/S"}},
		{"affiliated-hospital-of-north-sichuan-medical-college", []string{"Afﬁliated Hospital of North Sichuan Medical College", "Affiliated Hospital of North Sichuan Medical College"}},
		{"eli-lilly-and-company", []string{"Eli Lilly and Company"}},
		{"hanmi-pharmaceutical", []string{"Hanmi Pharmaceutical Company Limited", "Hanmi Pharmaceutical Co., Ltd."}},
		{"harvard-medical-school-hms-and-hsdm", []string{"Harvard Medical School (HMS and HSDM)"}},
		{"hopital-lariboisiere", []string{"Hôpital Lariboisière", "Hopital Lariboisiere"}},
		{"hospital-universitari-vall-dhebron", []string{"Hospital Universitari Vall d'Hebron", "Hospital Universitari Vall D'Hebron"}},
		{"sponsor", []string{"Sponsor GmbH"}},
		{"the", []string{"The"}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			for _, n := range tt.names {
				if got := graph.OrgKey(n); got != tt.key {
					t.Errorf("OrgKey(%q) = %q, want %q", n, got, tt.key)
				}
			}
		})
	}
}

// Different organisations keep different keys.
func TestOrgKeyKeepsApart(t *testing.T) {
	pairs := [][2]string{
		{"Novartis", "Novartis Pharmaceuticals"},
		{"Huoshenshan Hospital", "Wuhan Huoshenshan Hospital"},
		{"Maternal and Child Health Hospital of Hubei Province", "Maternal and Child Hospital of Hubei Province"},
		{"Stanford University", "Stanford University Hospital"},
		{"University of Milan", "University of Milano Bicocca"},
		{"Medtronic", "Medtronic Cardiac Rhythm and Heart Failure"},
	}
	for _, p := range pairs {
		if a, b := graph.OrgKey(p[0]), graph.OrgKey(p[1]); a == b {
			t.Errorf("OrgKey(%q) = OrgKey(%q) = %q", p[0], p[1], a)
		}
	}
}

func TestPersonKey(t *testing.T) {
	tests := []struct {
		key   string
		names []string
	}{
		{"daniel-k-benjamin", []string{"Daniel K Benjamin, MD MPH PhD", "Daniel K. Benjamin", "Dr. Daniel K Benjamin"}},
		{"shaheen-lakhan", []string{"Shaheen Lakhan, MD, PhD, FAAN", "Shaheen Lakhan, MDPhD, FAAN"}},
		{"lars-jacob-stovner", []string{"Lars Jacob Stovner, MD prof", "Lars Jacob Stovner, prof MD", "Prof. Lars Jacob Stovner"}},
		{"chengzhi-zhou", []string{"Chengzhi Zhou", "chengzhi zhou", "Chengzhi Zhou, PhD"}},
		{"gerald-chanques", []string{"GERALD CHANQUES, MD, Ph D", "GERALD CHANQUES, MD PHD"}},
		{"stephen-d-silberstein", []string{"Stephen D. Silberstein", "Stephen D. Silberstein, M.D.- Principal Investigator"}},
		{"shuai-xu", []string{"Shuai (Steve) Xu", "Shuai Xu"}},
		{"cedric-gollion", []string{"Cedric Gollion, Medical Doctor"}},
		{"robert-goder", []string{"Robert Göder, Prof. Dr.", "Robert Goder"}},
		{"baoyong-yan", []string{"Baoyong Yan, Master", "Baoyong Yan"}},
		{"fu-sheng-wang", []string{"Fu-Sheng Wang, MD", "Professor Fu-Sheng Wang", "Fu-Sheng Wang, Postgraduate", "Fu-Sheng Wang, Doctor"}},
		{"amanda-c-collins", []string{"Amanda C Collins", "Amanda C. Collins, PhD"}},
		{"ji-ya-bin", []string{"Ji Ya-Bin, post-doc"}},
		{"li-hua-ma", []string{"Li Hua Ma"}},
		{"arbelaez-ana-maria", []string{"Arbelaez, Ana Maria"}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			for _, n := range tt.names {
				if got := graph.PersonKey(n); got != tt.key {
					t.Errorf("PersonKey(%q) = %q, want %q", n, got, tt.key)
				}
			}
		})
	}
}

func TestSplitDegrees(t *testing.T) {
	tests := []struct{ in, name, deg string }{
		{"Jane Doe, MD, PhD", "Jane Doe", "MD, PhD"},
		{"Daniel K Benjamin, MD MPH PhD", "Daniel K Benjamin", "MD MPH PhD"},
		{"Lars Jacob Stovner, prof MD", "Lars Jacob Stovner", "prof MD"},
		{"Cedric Gollion, Medical Doctor", "Cedric Gollion", "Medical Doctor"},
		{"Messoud Ashina, MD, PhD,DMSc", "Messoud Ashina", "MD, PhD,DMSc"},
		{"Baoyong Yan, Master", "Baoyong Yan", "Master"},
		{"Arbelaez, Ana Maria", "Arbelaez, Ana Maria", ""},
		{"Nadia Badri, European Medical Affairs Director Oncology", "Nadia Badri, European Medical Affairs Director Oncology", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, d := trial.SplitDegrees(tt.in)
			if n != tt.name || d != tt.deg {
				t.Errorf("SplitDegrees(%q) = %q, %q; want %q, %q", tt.in, n, d, tt.name, tt.deg)
			}
		})
	}
}

func TestSiteKey(t *testing.T) {
	tests := []struct {
		key  string
		locs []trial.Location
	}{
		{"first-hospital-of-hebei-medical-university--shijiazhuang--cn", []trial.Location{
			{Facility: "The First Hospital of Hebei Medical University", City: "Shijiazhuang", State: "Hebei", Country: "China"},
			{Facility: "First Hospital of Hebei Medical University", City: "Shijiazhuang, Hebei", Country: "China"},
		}},
		{"hospital-universitario-la-paz--madrid--es", []trial.Location{
			{Facility: "Hospital Universitario La Paz", City: "Madrid", Country: "Spain"},
			{Facility: "Hospital Universitario La Paz", City: "Madrid", State: "Madrid", Country: "Spain"},
		}},
		{"dartmouth-hitchcock-medical-center--lebanon--us", []trial.Location{
			{Facility: "Dartmouth Hitchcock Medical Center", City: "Lebanon", State: "New Hampshire", Country: "United States"},
			{Facility: "Dartmouth-Hitchcock Medical Center", City: "Lebanon", Country: "United States"},
			{Facility: "Dartmouth Hitchcock-Medical Center", City: "Lebanon", Country: "US"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			for _, l := range tt.locs {
				if got := graph.SiteKey(l); got != tt.key {
					t.Errorf("SiteKey(%+v) = %q, want %q", l, got, tt.key)
				}
			}
		})
	}
}

func TestIsPlaceholderFacility(t *testing.T) {
	for name, want := range map[string]bool{
		"Research Site": true, "Local Institution": true, "research site.": true,
		"Woebot Investigational Site": false, "Puren Hospital": false, "": false,
	} {
		if got := graph.IsPlaceholderFacility(name); got != want {
			t.Errorf("IsPlaceholderFacility(%q) = %v, want %v", name, got, want)
		}
	}
}
