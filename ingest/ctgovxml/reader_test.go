package ctgovxml

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/ingest/ingesttest"
	"github.com/trialgraph/trialgraph/trial"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/xml/golden")

// corpusDir holds the legacy XML records (provenance in SOURCES.tsv).
const corpusDir = "../../testdata/xml"

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readAll reads every study and error of in.
func readAll(t testing.TB, in []byte, file string) ([]*trial.Study, []error) {
	t.Helper()
	r := NewReader(bytes.NewReader(in), file)
	var studies []*trial.Study
	var errs []error
	for i := 0; i < 10000; i++ {
		s, err := r.Read()
		if err == io.EOF {
			return studies, errs
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		studies = append(studies, s)
	}
	t.Fatal("reader did not reach io.EOF")
	return nil, nil
}

func readOne(t *testing.T, name string) *trial.Study {
	t.Helper()
	studies, errs := readAll(t, readFile(t, name), name)
	if len(errs) > 0 || len(studies) != 1 {
		t.Fatalf("%s: %d studies, errors %v", name, len(studies), errs)
	}
	return studies[0]
}

// API v2 enumerations (ctg-oas-v2.yaml) that mapped values must belong to.
var v2Enums = map[string][]string{
	"status":        {"ACTIVE_NOT_RECRUITING", "COMPLETED", "ENROLLING_BY_INVITATION", "NOT_YET_RECRUITING", "RECRUITING", "SUSPENDED", "TERMINATED", "WITHDRAWN", "AVAILABLE", "NO_LONGER_AVAILABLE", "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING", "WITHHELD", "UNKNOWN"},
	"agencyClass":   {"NIH", "FED", "OTHER_GOV", "INDIV", "INDUSTRY", "NETWORK", "AMBIG", "OTHER", "UNKNOWN"},
	"armType":       {"EXPERIMENTAL", "ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION", "OTHER"},
	"interventType": {"BEHAVIORAL", "BIOLOGICAL", "COMBINATION_PRODUCT", "DEVICE", "DIAGNOSTIC_TEST", "DIETARY_SUPPLEMENT", "DRUG", "GENETIC", "PROCEDURE", "RADIATION", "OTHER"},
	"model":         {"SINGLE_GROUP", "PARALLEL", "CROSSOVER", "FACTORIAL", "SEQUENTIAL"},
	"obsModel":      {"COHORT", "CASE_CONTROL", "CASE_ONLY", "CASE_CROSSOVER", "ECOLOGIC_OR_COMMUNITY", "FAMILY_BASED", "DEFINED_POPULATION", "NATURAL_HISTORY", "OTHER"},
	"time":          {"RETROSPECTIVE", "PROSPECTIVE", "CROSS_SECTIONAL", "OTHER"},
	"purpose":       {"TREATMENT", "PREVENTION", "DIAGNOSTIC", "ECT", "SUPPORTIVE_CARE", "SCREENING", "HEALTH_SERVICES_RESEARCH", "BASIC_SCIENCE", "DEVICE_FEASIBILITY", "OTHER"},
	"masking":       {"NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE"},
	"whoMasked":     {"PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"},
	"allocation":    {"RANDOMIZED", "NON_RANDOMIZED", "NA"},
	"sex":           {"FEMALE", "MALE", "ALL"},
	"studyType":     {"EXPANDED_ACCESS", "INTERVENTIONAL", "OBSERVATIONAL"},
	"rpType":        {"SPONSOR", "PRINCIPAL_INVESTIGATOR", "SPONSOR_INVESTIGATOR"},
	"officialRole":  {"STUDY_CHAIR", "STUDY_DIRECTOR", "PRINCIPAL_INVESTIGATOR", "SUB_INVESTIGATOR"},
	"contactRole":   {"STUDY_CHAIR", "STUDY_DIRECTOR", "PRINCIPAL_INVESTIGATOR", "SUB_INVESTIGATOR", "CONTACT"},
	"refType":       {"BACKGROUND", "RESULT", "DERIVED"},
	"ipd":           {"YES", "NO", "UNDECIDED"},
	"ipdInfo":       {"STUDY_PROTOCOL", "SAP", "ICF", "CSR", "ANALYTIC_CODE"},
	"sampling":      {"PROBABILITY_SAMPLE", "NON_PROBABILITY_SAMPLE"},
	"dateType":      {"ACTUAL", "ESTIMATED"},
	"phase":         {"NA", "EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4"},
	"stdAge":        {"CHILD", "ADULT", "OLDER_ADULT"},
}

// checkEnums reports every mapped value that is not an API v2 enumeration
// value.
func checkEnums(t *testing.T, s *trial.Study) {
	t.Helper()
	check := func(kind string, vals ...string) {
		for _, v := range vals {
			if v == "" {
				continue
			}
			found := false
			for _, e := range v2Enums[kind] {
				found = found || e == v
			}
			if !found {
				t.Errorf("%s: %s %q is not an API v2 value", s.NCTID, kind, v)
			}
		}
	}
	check("status", s.OverallStatus, s.LastKnownStatus)
	for _, d := range []trial.Date{s.StartDate, s.PrimaryCompletion, s.CompletionDate, s.FirstPostDate, s.LastUpdatePostDate} {
		check("dateType", d.Type)
	}
	check("studyType", s.StudyType)
	check("phase", s.Phases...)
	check("allocation", s.Design.Allocation)
	check("model", s.Design.InterventionModel)
	check("obsModel", s.Design.ObservationalModel)
	check("time", s.Design.TimePerspective)
	check("purpose", s.Design.PrimaryPurpose)
	check("masking", s.Design.Masking)
	check("whoMasked", s.Design.WhoMasked...)
	if s.Enrollment != nil {
		check("dateType", s.Enrollment.Type)
	}
	for _, a := range s.Arms {
		check("armType", a.Type)
	}
	for _, iv := range s.Interventions {
		check("interventType", iv.Type)
	}
	check("sex", s.Eligibility.Sex)
	check("sampling", s.Eligibility.SamplingMethod)
	check("stdAge", s.Eligibility.StdAges...)
	if s.LeadSponsor != nil {
		check("agencyClass", s.LeadSponsor.Class)
	}
	for _, c := range s.Collaborators {
		check("agencyClass", c.Class)
	}
	if s.ResponsibleParty != nil {
		check("rpType", s.ResponsibleParty.Type)
	}
	for _, o := range s.Officials {
		check("officialRole", o.Role)
	}
	for _, c := range s.CentralContacts {
		check("contactRole", c.Role)
	}
	for _, l := range s.Locations {
		check("status", l.Status)
		for _, c := range l.Contacts {
			check("contactRole", c.Role)
		}
	}
	for _, r := range s.References {
		check("refType", r.Type)
	}
	if s.IPDSharing != nil {
		check("ipd", s.IPDSharing.Plan)
		check("ipdInfo", s.IPDSharing.InfoTypes...)
	}
}

// TestCorpus reads every record of testdata/xml: one valid study each, no
// error, the hash of the file, API v2 values only, ISO dates.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 67 {
		t.Fatalf("found %d corpus records, want 67", len(files))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			in := readFile(t, name)
			studies, errs := readAll(t, in, name)
			for _, err := range errs {
				t.Error(err)
			}
			if len(studies) != 1 {
				t.Fatalf("%d studies, want 1", len(studies))
			}
			s := studies[0]
			if err := s.Validate(); err != nil {
				t.Error(err)
			}
			if want, _, _ := strings.Cut(name, "_"); strings.TrimSuffix(want, ".xml") != s.NCTID {
				t.Errorf("NCTID = %q, file %s", s.NCTID, name)
			}
			sum := sha256.Sum256(in)
			if s.Source != (trial.Source{Format: Format, File: name, SHA256: hex.EncodeToString(sum[:]), LastUpdated: s.Source.LastUpdated}) {
				t.Errorf("Source = %+v", s.Source)
			}
			if s.Source.LastUpdated == "" || s.BriefTitle == "" || s.OverallStatus == "" || s.LeadSponsor == nil {
				t.Errorf("missing basics: updated %q title %q status %q sponsor %v", s.Source.LastUpdated, s.BriefTitle, s.OverallStatus, s.LeadSponsor)
			}
			for _, d := range []trial.Date{s.StatusVerifiedDate, s.StartDate, s.PrimaryCompletion, s.CompletionDate, s.FirstSubmitDate, s.FirstPostDate, s.LastUpdatePostDate, s.LastUpdateSubmit} {
				if v, ok := trial.NormalizeDate(d.Value); d.Value != "" && (!ok || v != d.Value) {
					t.Errorf("date %q is not ISO", d.Value)
				}
			}
			if want := bytes.Contains(in, []byte("<clinical_results>")); s.HasResults == nil || *s.HasResults != want {
				t.Errorf("HasResults = %v, want %v", s.HasResults, want)
			}
			checkEnums(t, s)
		})
	}
}

// TestRecords checks explicit values of three records with officials,
// sites and references.
func TestRecords(t *testing.T) {
	no := ptr(false)
	tests := []struct {
		file  string
		check func(t *testing.T, s *trial.Study)
	}{
		{"NCT00482794.xml", func(t *testing.T, s *trial.Study) {
			eq(t, "NCTID", s.NCTID, "NCT00482794")
			eq(t, "BriefTitle", s.BriefTitle, "Genetic Risk Factors Associated With Antiphospholipid Antibody Syndrome")
			eq(t, "OfficialTitle", s.OfficialTitle, "Genetics of Antiphospholipid Antibody Syndrome")
			eq(t, "OverallStatus", s.OverallStatus, "RECRUITING")
			eq(t, "StartDate", s.StartDate, trial.Date{Value: "2006-06"})
			eq(t, "CompletionDate", s.CompletionDate, trial.Date{Value: "2018-12", Type: "ESTIMATED"})
			eq(t, "PrimaryCompletion", s.PrimaryCompletion, trial.Date{Value: "2018-07", Type: "ESTIMATED"})
			eq(t, "StatusVerifiedDate", s.StatusVerifiedDate, trial.Date{Value: "2017-05"})
			eq(t, "FirstPostDate", s.FirstPostDate, trial.Date{Value: "2007-06-05", Type: "ESTIMATED"})
			eq(t, "LastUpdatePostDate", s.LastUpdatePostDate, trial.Date{Value: "2017-11-06", Type: "ACTUAL"})
			eq(t, "StudyType", s.StudyType, "OBSERVATIONAL")
			eq(t, "Enrollment", s.Enrollment, &trial.Enrollment{Count: 2800, Type: "ESTIMATED"})
			eq(t, "Sex", s.Eligibility.Sex, "ALL")
			eq(t, "MinimumAge", s.Eligibility.MinimumAge, "")
			eq(t, "MaximumAge", s.Eligibility.MaximumAge, "")
			eq(t, "StdAges", s.Eligibility.StdAges, []string{"CHILD", "ADULT", "OLDER_ADULT"})
			eq(t, "HealthyVolunteers", s.Eligibility.HealthyVolunteers, no)
			eq(t, "LeadSponsor", s.LeadSponsor, &trial.Organization{Name: "Duke University", Class: "OTHER"})
			eq(t, "Officials", s.Officials, []trial.Person{{Name: "Thomas L. Ortel", Degrees: "MD, PhD", Role: "PRINCIPAL_INVESTIGATOR", Affiliation: "Duke University"}})
			eq(t, "CentralContacts", s.CentralContacts, []trial.Contact{{Name: "Thomas L. Ortel", Degrees: "MD, PhD", Role: "CONTACT", Phone: "919-684-5350", Email: "thomas.ortel@duke.edu"}})
			eq(t, "Locations", s.Locations, []trial.Location{{Facility: "Duke University Medical Center", Status: "RECRUITING", City: "Durham",
				State: "North Carolina", Zip: "27710", Country: "United States", Contacts: []trial.Contact{
					{Name: "Thomas L. Ortel", Degrees: "MD, PhD", Role: "PRINCIPAL_INVESTIGATOR"},
					{Name: "Silke Schmidt", Degrees: "PhD", Role: "PRINCIPAL_INVESTIGATOR"}}}})
			eq(t, "len(References)", len(s.References), 5)
			eq(t, "References[0]", s.References[0], trial.Reference{PMID: "11882732", Type: "BACKGROUND",
				Citation: "Levine JS, Branch DW, Rauch J. The antiphospholipid syndrome. N Engl J Med. 2002 Mar 7;346(10):752-63. Review."})
			eq(t, "Criteria tail", s.Eligibility.Criteria[strings.LastIndex(s.Eligibility.Criteria, "\n")+1:], "- No documented presence of antiphospholipid antibody")
		}},
		{"NCT03459976.xml", func(t *testing.T, s *trial.Study) {
			eq(t, "Acronym", s.Acronym, "HE4")
			eq(t, "Design", s.Design, trial.Design{ObservationalModel: "CASE_CONTROL", TimePerspective: "RETROSPECTIVE"})
			eq(t, "StartDate", s.StartDate, trial.Date{Value: "2017-12-01", Type: "ACTUAL"})
			eq(t, "SamplingMethod", s.Eligibility.SamplingMethod, "NON_PROBABILITY_SAMPLE")
			eq(t, "StdAges", s.Eligibility.StdAges, []string{"ADULT", "OLDER_ADULT"})
			eq(t, "Conditions", s.Conditions, []trial.Condition{{Name: "Endometrial Cancer"}, {Name: "Endometrial Neoplasms"}, {Name: "Uterine Diseases"}})
			eq(t, "Arms", s.Arms, []trial.Arm{{Label: "2 groups", InterventionNames: []string{"Diagnostic Test: evaluate serum level HE4 in endometrial cancer"}}})
			eq(t, "Interventions[0].Type", s.Interventions[0].Type, "DIAGNOSTIC_TEST")
			eq(t, "Interventions[0].Description", s.Interventions[0].Description, "HE4 in beignin endometrial diseases\nHE4 in endometrial cancer")
			eq(t, "ResponsibleParty", s.ResponsibleParty, &trial.ResponsibleParty{Type: "PRINCIPAL_INVESTIGATOR", Name: "f m dabnon",
				Title: "dr.fatma mohamed dapnon abuktaa", Affiliation: "Ain Shams University"})
			eq(t, "Officials[1]", s.Officials[1], trial.Person{Name: "n khazragy lecturer", Degrees: "phD", Role: "PRINCIPAL_INVESTIGATOR", Affiliation: "clinical pathology"})
			eq(t, "References", s.References, []trial.Reference{{PMID: "28374920", DOI: "10.1002/jcla.22223", Type: "RESULT",
				Citation: "Benati M, Montagnana M, Danese E, Paviati E, Giudici S, Ruzzenente O, Franchi M, Lippi G. The clinical significance of DJ-1 and HE4 in patients with endometrial cancer. J Clin Lab Anal. 2018 Jan;32(1). doi: 10.1002/jcla.22223. Epub 2017 Apr 4."}})
			eq(t, "SeeAlsoLinks[0]", s.SeeAlsoLinks[0], trial.Link{Label: "endometrial cancer", URL: "http://www.ncbi.nlm.nih.gov/pubmed/28374920"})
			eq(t, "Oversight", s.Oversight, trial.Oversight{HasDMC: no, FDARegulatedDrug: no, FDARegulatedDevice: no})
			eq(t, "Criteria", s.Eligibility.Criteria, "Inclusion Criteria:\n\nAge (45 - 70 yr old).\n\nExclusion Criteria:\n\n1. Age more than 70 yr and less than 40 yr.\n\n2. Abnormal cardiac hematological renal hepatic functions.\n\n3. Breast cancer or other malignancies.\n\n4. Concomitant benign and for malignant adnexal pathologies.\n\n5. Hormonal medication.\n\n6. Patient taking or having chemo-radiotherapy.\n\n7. Patients unfit for surgical intervention.\n\n8. Smoker.")
		}},
		{"NCT02586688.xml", func(t *testing.T, s *trial.Study) {
			eq(t, "OverallStatus", s.OverallStatus, "ACTIVE_NOT_RECRUITING")
			eq(t, "Phases", s.Phases, []string{"NA"})
			eq(t, "StudyType", s.StudyType, "INTERVENTIONAL")
			eq(t, "StartDate", s.StartDate, trial.Date{Value: "2015-10"})
			eq(t, "Design", s.Design, trial.Design{Allocation: "RANDOMIZED", InterventionModel: "PARALLEL", PrimaryPurpose: "TREATMENT",
				Masking: "QUADRUPLE", WhoMasked: []string{"PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"}})
			eq(t, "Enrollment", s.Enrollment, &trial.Enrollment{Count: 100, Type: "ESTIMATED"})
			eq(t, "Arms[0]", s.Arms[0], trial.Arm{Label: "Phase I TMS Active", Type: "ACTIVE_COMPARATOR",
				Description:       "Blinded Active TMS coil (Phase I). Active NeuroStar® Transcranial Magnetic Stimulation (TMS)",
				InterventionNames: []string{"Device: Active NeuroStar® Transcranial Magnetic Stimulation (TMS)"}})
			eq(t, "Interventions[2]", s.Interventions[2], trial.Intervention{Type: "DEVICE", Name: "Open Label Active NeuroStar® TMS",
				Description: "Open label NeuroStar® coil.", OtherNames: []string{"TMS", "NeuroStar®"},
				ArmLabels: []string{"Phase II Open Label Active TMS", "Phase III Long-Term Follow up TMS Active"}})
			eq(t, "PrimaryOutcomes", s.PrimaryOutcomes, []trial.Outcome{{Measure: "Hamilton Depression Rating Scale-24(HAMD24) total score change from baseline value.", TimeFrame: "6 weeks"}})
			eq(t, "len(Locations)", len(s.Locations), 13)
			eq(t, "len(Officials)", len(s.Officials), 2)
			eq(t, "DetailedDescription", s.DetailedDescription[:strings.Index(s.DetailedDescription, "\n\n")],
				"To evaluate the antidepressant effects of daily, active TMS (when compared with sham treatment) in adolescents meeting criteria for Major Depressive Disorder, single or recurrent episode (Phase I).")
			if !strings.HasPrefix(s.Eligibility.Criteria, "Inclusion Criteria:\n\n- Primary diagnosis of unipolar major depressive disorder, in a current major depressive episode, without psychotic features\n\n- Duration") {
				t.Errorf("Criteria = %.200q", s.Eligibility.Criteria)
			}
			eq(t, "HealthyVolunteers", s.Eligibility.HealthyVolunteers, no)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) { tt.check(t, readOne(t, tt.file)) })
	}
}

func eq(t *testing.T, field string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("%s:\n got %s\nwant %s", field, g, w)
	}
}

// TestGolden compares the whole Study of one record with
// testdata/xml/golden/NCT03459976.json; -update rewrites it.
func TestGolden(t *testing.T) {
	const name = "NCT03459976.xml"
	s := readOne(t, name)
	got, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join(corpusDir, "golden", strings.TrimSuffix(name, ".xml")+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Study of %s differs from %s:\n%s", name, golden, lineDiff(string(want), string(got)))
	}
}

// lineDiff lists the lines that differ, want first.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n- " + wl + "\n+ " + gl + "\n")
		}
	}
	return b.String()
}

const minimal = `<?xml version="1.0" encoding="UTF-8"?>
<clinical_study>
  <id_info>
    <nct_id>NCT00000001</nct_id>
  </id_info>
  <brief_title>One</brief_title>
</clinical_study>
`

func TestConformance(t *testing.T) {
	var good [][]byte
	for _, name := range []string{"NCT00001177.xml", "NCT03182660.xml", "NCT03459976.xml", "NCT02028676__2.xml"} {
		good = append(good, readFile(t, name))
	}
	good = append(good, []byte(minimal), []byte(strings.Replace(wrapper, "<org_study_id>no nct</org_study_id>", "<nct_id>NCT00000002</nct_id>", 1)))
	bad := [][]byte{
		[]byte(wrapper),
		[]byte(`<clinical_study><id_info><org_study_id>x</org_study_id></id_info></clinical_study>`),
		[]byte(`<clinical_study><id_info><nct_id>NCT00000001</nct_id></id_info><brief_title>x</clinical_study>`),
		[]byte(`<clinical_study><id_info><nct_id>NCT00000001</nct_id></id_info><start_date>someday</start_date></clinical_study>`),
		[]byte(`<clinical_study><id_info><nct_id>NCT00000001</nct_id></id_info><enrollment>many</enrollment></clinical_study>`),
		[]byte(`<clinical_studies><other/></clinical_studies>`),
		[]byte(xxe),
	}
	ingesttest.Run(t, ingesttest.Suite{Format: Format, Good: good, Bad: bad, Sniffed: true})
}

const xxe = `<?xml version="1.0"?>
<!DOCTYPE clinical_study [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<clinical_study>
  <id_info><nct_id>NCT00000001</nct_id></id_info>
  <brief_title>&secret;</brief_title>
</clinical_study>
`

const wrapper = `<?xml version="1.0" encoding="UTF-8"?>
<search_results count="3">
  <clinical_study rank="1">
    <id_info><nct_id>NCT00000001</nct_id></id_info>
    <brief_title>First</brief_title>
  </clinical_study>
  <clinical_study rank="2">
    <id_info><org_study_id>no nct</org_study_id></id_info>
    <brief_title>Second</brief_title>
  </clinical_study>
  <clinical_study rank="3">
    <id_info><nct_id>NCT00000003</nct_id></id_info>
    <phase>Phase 1/Phase 2</phase>
  </clinical_study>
</search_results>
`

// TestWrapper streams the records of a wrapper element, goes on after a bad
// record, and hashes each record's own bytes.
func TestWrapper(t *testing.T) {
	studies, errs := readAll(t, []byte(wrapper), "results.xml")
	if len(studies) != 2 || len(errs) != 1 {
		t.Fatalf("%d studies and errors %v, want 2 and 1", len(studies), errs)
	}
	eq(t, "NCTIDs", []string{studies[0].NCTID, studies[1].NCTID}, []string{"NCT00000001", "NCT00000003"})
	eq(t, "Phases", studies[1].Phases, []string{"PHASE1", "PHASE2"})
	var pe *ingest.ParseError
	if !errors.As(errs[0], &pe) || !errors.Is(pe, ingest.ErrMissingField) || pe.Line != 8 || pe.Field != "clinical_study/id_info/nct_id" || pe.File != "results.xml" {
		t.Errorf("error = %#v", errs[0])
	}
	for i, s := range studies {
		start := strings.Index(wrapper, `<clinical_study rank="`+[]string{"1", "3"}[i])
		end := start + strings.Index(wrapper[start:], "</clinical_study>") + len("</clinical_study>")
		sum := sha256.Sum256([]byte(wrapper[start:end]))
		eq(t, "SHA256 of "+s.NCTID, s.Source.SHA256, hex.EncodeToString(sum[:]))
	}
}

// TestConcatenated reads records that follow one another without a
// wrapper, and text after a record.
func TestConcatenated(t *testing.T) {
	one := strings.TrimPrefix(minimal, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	two := strings.Replace(one, "NCT00000001", "NCT00000002", 1)
	studies, errs := readAll(t, []byte(one+two+"trailing"), "cat.xml")
	if len(studies) != 2 || len(errs) != 1 || !errors.Is(errs[0], ingest.ErrSyntax) {
		t.Fatalf("%d studies, errors %v; want 2 and a syntax error", len(studies), errs)
	}
	for i, rec := range []string{one, two} {
		sum := sha256.Sum256([]byte(strings.TrimSpace(rec)))
		eq(t, "SHA256 of "+studies[i].NCTID, studies[i].Source.SHA256, hex.EncodeToString(sum[:]))
	}
}

// TestErrors checks the cause, line and field of errors.
func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		cause error
		line  int
		field string
	}{
		{"empty", "", ingest.ErrEmpty, 1, ""},
		{"blank", " \n\t\n", ingest.ErrEmpty, 1, ""},
		{"text", "NCT00000001", ingest.ErrSyntax, 1, ""},
		{"other root", "<?xml version=\"1.0\"?>\n<rss>\n</rss>\n", ingest.ErrNotStudy, 1, ""},
		{"missing nct_id", "<clinical_study>\n<id_info>\n<org_study_id>1</org_study_id>\n</id_info>\n</clinical_study>", ingest.ErrMissingField, 2, "clinical_study/id_info/nct_id"},
		{"no id_info", "<clinical_study>\n<brief_title>x</brief_title>\n</clinical_study>", ingest.ErrMissingField, 1, "clinical_study/id_info/nct_id"},
		{"bad nct_id", "<clinical_study>\n<id_info>\n<nct_id>NCT1</nct_id>\n</id_info>\n</clinical_study>", ingest.ErrBadValue, 3, "clinical_study/id_info/nct_id"},
		{"bad date", "<clinical_study>\n<id_info><nct_id>NCT00000001</nct_id></id_info>\n\n<start_date type=\"Actual\">Spring 2020</start_date>\n</clinical_study>", ingest.ErrBadValue, 4, "clinical_study/start_date"},
		{"bad flag", "<clinical_study>\n<id_info><nct_id>NCT00000001</nct_id></id_info>\n<oversight_info>\n<has_dmc>Maybe</has_dmc>\n</oversight_info>\n</clinical_study>", ingest.ErrBadValue, 4, "clinical_study/oversight_info/has_dmc"},
		{"mismatched tag", "<clinical_study>\n<id_info>\n<nct_id>NCT00000001</nct_id>\n</info>\n</clinical_study>", ingest.ErrSyntax, 4, "clinical_study/id_info"},
		{"truncated", "<clinical_study>\n<id_info>\n<nct_id>NCT00000001</nct_id>\n</id_info>\n<brief_title>Cut he", ingest.ErrTruncated, 5, "clinical_study/brief_title"},
		{"html entity", "<clinical_study>\n<id_info><nct_id>NCT00000001</nct_id></id_info>\n<brief_title>a&nbsp;b</brief_title>\n</clinical_study>", ingest.ErrSyntax, 3, "clinical_study/brief_title"},
		{"external entity", xxe, ingest.ErrSyntax, 7, "clinical_study/brief_title"},
		{"latin1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<clinical_study/>", ingest.ErrSyntax, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := readAll(t, []byte(tt.in), "in.xml")
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			var pe *ingest.ParseError
			if !errors.As(errs[0], &pe) {
				t.Fatalf("%T %v is not a *ingest.ParseError", errs[0], errs[0])
			}
			if !errors.Is(pe, tt.cause) || pe.Line != tt.line || pe.Field != tt.field || pe.File != "in.xml" {
				t.Errorf("got %v (line %d, field %q), want %v at line %d, field %q", pe, pe.Line, pe.Field, tt.cause, tt.line, tt.field)
			}
			if strings.Contains(errs[0].Error(), "root:") {
				t.Errorf("error leaks file contents: %v", errs[0])
			}
		})
	}
}

// TestBillionLaughs: entities declared in the document are not expanded.
func TestBillionLaughs(t *testing.T) {
	in := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<clinical_study><id_info><nct_id>NCT00000001</nct_id></id_info><brief_title>&lol2;</brief_title></clinical_study>`
	studies, errs := readAll(t, []byte(in), "lol.xml")
	if len(studies) != 0 || len(errs) != 1 || !errors.Is(errs[0], ingest.ErrSyntax) {
		t.Errorf("studies %v, errors %v; want one syntax error", studies, errs)
	}
}

// nested streams <a><a>… n levels deep without holding it in memory.
type nested struct{ n, i int }

func (r *nested) Read(p []byte) (int, error) {
	k := 0
	for k+3 <= len(p) && r.i < r.n {
		copy(p[k:], "<a>")
		k += 3
		r.i++
	}
	if k == 0 {
		return 0, io.EOF
	}
	return k, nil
}

// TestDeepNesting: a million nested elements give an error in bounded
// memory, outside and inside a record.
func TestDeepNesting(t *testing.T) {
	for _, prefix := range []string{"", "<clinical_study>", "<wrap><clinical_study><id_info>"} {
		t.Run(prefix, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			r := NewReader(io.MultiReader(strings.NewReader(prefix), &nested{n: 1_000_000}), "deep.xml")
			_, err := r.Read()
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ingest.ErrTooLarge) {
				t.Fatalf("error = %v, want ErrTooLarge", err)
			}
			if _, err := r.Read(); err != io.EOF {
				t.Errorf("after the error: %v, want io.EOF", err)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
				t.Errorf("allocated %d bytes", grew)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{minimal, true},
		{"\ufeff<clinical_study>", true},
		{"\n\n<!-- c --><clinical_study rank=\"1\">", true},
		{"<search_results>\n<clinical_study>", true},
		{"<clinical_study", true},
		{"<clinical_studyx>", false},
		{"<html><body>clinical_study</body></html>", false},
		{`{"protocolSection": "<clinical_study>"}`, false},
		{"NCT00000001 <clinical_study>", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Sniff([]byte(tt.in)); got != tt.want {
			t.Errorf("Sniff(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	f, ok := ingest.FormatForFile("NCT00000001.xml")
	if !ok || f.Name != Format {
		t.Errorf("FormatForFile(.xml) = %q, %v", f.Name, ok)
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"one line", "  Phase 2  ", "Phase 2"},
		{"inner spaces", "a   b", "a b"},
		{"wrapped prose", "\n      " + strings.Repeat("word ", 18) + "end\n      of sentence.\n    ", strings.Repeat("word ", 18) + "end of sentence."},
		{"short lines kept", "\n      HE4 in one\n      HE4 in two\n    ", "HE4 in one\nHE4 in two"},
		{"paragraphs", "\n  One.\n\n\n  Two.\n", "One.\n\nTwo."},
		{"list", "\n        Inclusion Criteria:\n\n          -  Adults\n\n          -  " + strings.Repeat("long ", 17) + "line\n             continued\n", "Inclusion Criteria:\n\n- Adults\n\n- " + strings.Repeat("long ", 17) + "line continued"},
		{"nested list", "\n  -  a\n     -  b\n  -  c\n", "- a\n  - b\n- c"},
		{"numbered", "\n 1. one\n 2) two\n (3) three\n", "1. one\n2) two\n(3) three"},
		{"crlf", "one\r\ntwo", "one\ntwo"},
		{"heading colon", "\n  Criteria:\n  " + strings.Repeat("x", 90) + "\n", "Criteria:\n" + strings.Repeat("x", 90)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in); got != tt.want {
				t.Errorf("cleanText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestValues(t *testing.T) {
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"masking open", pair(masking("None (Open Label)")), pair("NONE", nil)},
		{"masking double", pair(masking("Double (Participant, Investigator)")), pair("DOUBLE", []string{"PARTICIPANT", "INVESTIGATOR"})},
		{"masking legacy", pair(masking("Double Blind (Subject, Caregiver, Investigator, Outcomes Assessor)")), pair("DOUBLE", []string{"PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"})},
		{"masking open label", pair(masking("Open Label")), pair("NONE", nil)},
		{"model", interventionModel("Single Group Assignment"), "SINGLE_GROUP"},
		{"allocation", enum("Non-Randomized", allocations), "NON_RANDOMIZED"},
		{"allocation n/a", enum("N/A", allocations), "NA"},
		{"purpose", enum("Health Services Research", purposes), "HEALTH_SERVICES_RESEARCH"},
		{"purpose ect", enum("Educational/Counseling/Training", purposes), "ECT"},
		{"arm", enum("Placebo Comparator", nil), "PLACEBO_COMPARATOR"},
		{"intervention", enum("Dietary Supplement", nil), "DIETARY_SUPPLEMENT"},
		{"status", enum("Unknown status", statusNames), "UNKNOWN"},
		{"location status", enum("Active, not recruiting", nil), "ACTIVE_NOT_RECRUITING"},
		{"agency", enum("U.S. Fed", agencyClasses), "FED"},
		{"study type", enum("Observational [Patient Registry]", studyTypes), "OBSERVATIONAL"},
		{"obs model", enum("Case Control", nil), "CASE_CONTROL"},
		{"rp", enum("Sponsor-Investigator", nil), "SPONSOR_INVESTIGATOR"},
		{"role", enum("Sub-Investigator", officialRol), "SUB_INVESTIGATOR"},
		{"ipd", enum("Statistical Analysis Plan (SAP)", ipdInfo), "SAP"},
		{"date type", dateType("Anticipated"), "ESTIMATED"},
		{"date type estimate", dateType("Estimate"), "ESTIMATED"},
		{"age", age("N/A"), ""},
		{"std ages child", stdAges("3 Months", "17 Years"), []string{"CHILD"}},
		{"std ages none", stdAges("", ""), []string{"CHILD", "ADULT", "OLDER_ADULT"}},
		{"std ages old", stdAges("65 Years", ""), []string{"OLDER_ADULT"}},
		{"legacy design", legacyDesign("Allocation: Randomized, Endpoint Classification: Safety/Efficacy Study, Masking: Double Blind (Subject, Investigator), Primary Purpose: Treatment"),
			map[string]string{"Allocation": "Randomized", "Endpoint Classification": "Safety/Efficacy Study", "Masking": "Double Blind (Subject, Investigator)", "Primary Purpose": "Treatment"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %#v, want %#v", tt.got, tt.want)
			}
		})
	}
}

func pair(a string, b []string) [2]any { return [2]any{a, b} }

// TestOldNames reads the element names of older downloads (firstreceived_date,
// lastchanged_date, first/last name fields) and a legacy study_design.
func TestOldNames(t *testing.T) {
	in := `<clinical_study>
  <id_info><nct_id>NCT00000002</nct_id></id_info>
  <firstreceived_date>August 6, 2007</firstreceived_date>
  <lastchanged_date>June 14, 2016</lastchanged_date>
  <study_design>Allocation: Randomized, Intervention Model: Crossover Assignment, Masking: Single Blind (Subject), Primary Purpose: Prevention</study_design>
  <overall_official><first_name>Jane</first_name><last_name>Doe</last_name><degrees>MD</degrees><role>Study Chair</role></overall_official>
  <responsible_party><name_title>Menachem Bitan</name_title><organization>Tel-Aviv Sourasky Medical Center</organization></responsible_party>
</clinical_study>`
	studies, errs := readAll(t, []byte(in), "old.xml")
	if len(errs) > 0 || len(studies) != 1 {
		t.Fatalf("%v %v", studies, errs)
	}
	s := studies[0]
	eq(t, "FirstSubmitDate", s.FirstSubmitDate, trial.Date{Value: "2007-08-06"})
	eq(t, "LastUpdateSubmit", s.LastUpdateSubmit, trial.Date{Value: "2016-06-14"})
	eq(t, "Source.LastUpdated", s.Source.LastUpdated, "2016-06-14")
	eq(t, "Design", s.Design, trial.Design{Allocation: "RANDOMIZED", InterventionModel: "CROSSOVER", PrimaryPurpose: "PREVENTION", Masking: "SINGLE", WhoMasked: []string{"PARTICIPANT"}})
	eq(t, "Officials", s.Officials, []trial.Person{{Name: "Jane Doe", Degrees: "MD", Role: "STUDY_CHAIR"}})
	eq(t, "ResponsibleParty", s.ResponsibleParty, &trial.ResponsibleParty{Name: "Menachem Bitan", Affiliation: "Tel-Aviv Sourasky Medical Center"})
}
