package ctgovpage_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/ingest/ctgovpage"
	"github.com/trialgraph/trialgraph/ingest/ingesttest"
	"github.com/trialgraph/trialgraph/trial"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/pages")

const (
	seedPage     = "000_e6ef2a133a887bd4.txt"
	seedClassic1 = "002_b0b7491b5b55d4e2.txt"
	seedClassic2 = "004_f1af40dc9e127cad.txt"
	seedJSONDump = "003_a224f28b0d59d797.txt"
	seedMedPath  = "001_3055991ba22d633a.txt"
)

func seed(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func read(t testing.TB, format, name string, in []byte) (*trial.Study, error) {
	t.Helper()
	r, err := ingest.Open(bytes.NewReader(in), name, format)
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Read()
	if err != nil {
		return nil, err
	}
	if _, err := r.Read(); err != io.EOF {
		t.Fatalf("second Read = %v, want io.EOF", err)
	}
	return s, nil
}

func mustRead(t testing.TB, format, name string) *trial.Study {
	t.Helper()
	s, err := read(t, format, name, seed(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestGolden(t *testing.T) {
	for _, c := range []struct{ format, seed string }{
		{ctgovpage.FormatPage, seedPage},
		{ctgovpage.FormatClassic, seedClassic1},
		{ctgovpage.FormatClassic, seedClassic2},
	} {
		t.Run(c.seed, func(t *testing.T) {
			s := mustRead(t, c.format, c.seed)
			got, err := json.MarshalIndent(s, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("..", "..", "testdata", "pages", strings.TrimSuffix(c.seed, ".txt")+".study.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := diff(want, got); d != "" {
				t.Errorf("%s differs from the golden file (-want +got):\n%s", c.seed, d)
			}
		})
	}
}

// diff returns the differing lines of two texts with their numbers, or "".
func diff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(w), len(g)) && n < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "%d:\n-%s\n+%s\n", i+1, wl, gl)
			n++
		}
	}
	return b.String()
}

func TestPageFacts(t *testing.T) {
	s := mustRead(t, ctgovpage.FormatPage, seedPage)
	checks := []struct {
		name      string
		got, want any
	}{
		{"nct", s.NCTID, "NCT05741099"},
		{"title", s.BriefTitle, "Application and Research of Mesenchymal Stem Cells in Alleviating Severe Development of COVID-19 Infection"},
		{"status", s.OverallStatus, "UNKNOWN"},
		{"phases", strings.Join(s.Phases, ","), "PHASE1,PHASE2"},
		{"enrollment", s.Enrollment.Count, 20},
		{"study type", s.StudyType, "INTERVENTIONAL"},
		{"start", s.StartDate.Value, "2023-01-28"},
		{"completion", s.CompletionDate.Value, "2025-01-31"},
		{"last update", s.LastUpdatePostDate.Value, "2023-02-23"},
		{"source last updated", s.Source.LastUpdated, "2023-02-23"},
		{"source format", s.Source.Format, "ctgov-page"},
		{"source file", s.Source.File, seedPage},
		{"design", fmt.Sprint(s.Design.Allocation, s.Design.InterventionModel, s.Design.PrimaryPurpose, s.Design.Masking), "RANDOMIZEDPARALLELTREATMENTTRIPLE"},
		{"arms", len(s.Arms), 2},
		{"arm 0", s.Arms[0].Label, "MSCs group"},
		{"arm 0 intervention", strings.Join(s.Arms[0].InterventionNames, ";"), "Umbilical cord mesenchymal stem cells implantation"},
		{"arm 1 intervention", strings.Join(s.Arms[1].InterventionNames, ";"), "Comparator"},
		{"interventions", len(s.Interventions), 2},
		{"intervention 0 description", s.Interventions[0].Description, "Patient in Mscs group will receive MSCs implantation by intravenous injection."},
		{"intervention 1 arms", strings.Join(s.Interventions[1].ArmLabels, ";"), "comparator"},
		{"min age", s.Eligibility.MinimumAge, "18 Years"},
		{"max age", s.Eligibility.MaximumAge, "85 Years"},
		{"sex", s.Eligibility.Sex, "ALL"},
		{"healthy volunteers", s.Eligibility.HealthyVolunteers != nil && !*s.Eligibility.HealthyVolunteers, true},
		{"criteria", strings.HasPrefix(s.Eligibility.Criteria, "Inclusion Criteria\n") && strings.HasSuffix(s.Eligibility.Criteria, "within 3 months."), true},
		{"sponsor", *s.LeadSponsor, trial.Organization{Name: "Hebei Medical University", Class: "OTHER"}},
		{"responsible party", *s.ResponsibleParty, trial.ResponsibleParty{Name: "Quanhai Li", Title: "Director of the Cell Therapy Laboratory"}},
		{"officials", len(s.Officials), 12},
		{"official 0", s.Officials[0], trial.Person{Name: "Xifeng Jiang", Degrees: "Doctor", Role: "STUDY_CHAIR", Affiliation: "The First Hospital of Hebei Medical University"}},
		{"official 11", s.Officials[11], trial.Person{Name: "Tianshuo Li", Degrees: "Postgraduate", Role: "PRINCIPAL_INVESTIGATOR", Affiliation: "The First Hospital of Hebei Medical University"}},
		{"sites", len(s.Locations), 1},
		{"site", fmt.Sprint(s.Locations[0].Facility, "|", s.Locations[0].City, "|", s.Locations[0].State, "|", s.Locations[0].Country), "The First Hospital of Hebei Medical University|Shijiazhuang|Hebei|China"},
		{"related", strings.Join(s.RelatedTrials, ","), "NCT04288102,NCT06492798,NCT05689008,NCT05132972,NCT05501418"},
		{"references", len(s.References), 9},
		{"reference 0 doi", s.References[0].DOI, "10.1056/NEJMp2000929"},
		{"reference 5 doi", s.References[5].DOI, "10.1016/S2213-2600(20)30076-X"},
		{"org study id", s.OrgStudyID, "2023-MSCs-COVID-19"},
		// The page says the study has no published results and lists no
		// outcome measures; none may be invented.
		{"outcomes", len(s.PrimaryOutcomes) + len(s.SecondaryOutcomes) + len(s.OtherOutcomes) + len(s.Outcomes), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
	for i, r := range s.References {
		if r.DOI == "" || r.DOI != trial.DOIFromCitation(r.Citation) {
			t.Errorf("reference %d: DOI %q", i, r.DOI)
		}
	}
}

func TestClassicFacts(t *testing.T) {
	a := mustRead(t, ctgovpage.FormatClassic, seedClassic1)
	b := mustRead(t, ctgovpage.FormatClassic, seedClassic2)
	checks := []struct {
		name      string
		got, want any
	}{
		{"nct", a.NCTID, "NCT04339660"},
		{"status", a.OverallStatus, "UNKNOWN"},
		{"last known status", a.LastKnownStatus, "RECRUITING"},
		{"verified", a.StatusVerifiedDate.Value, "2020-04"},
		{"first posted", a.FirstPostDate.Value, "2020-04-09"},
		{"last update", a.Source.LastUpdated, "2020-04-09"},
		{"start", a.StartDate, trial.Date{Value: "2020-02-01", Type: "ACTUAL"}},
		{"primary completion", a.PrimaryCompletion, trial.Date{Value: "2020-06-30", Type: "ESTIMATED"}},
		{"enrollment", *a.Enrollment, trial.Enrollment{Count: 30, Type: "ESTIMATED"}},
		{"study type", a.StudyType, "INTERVENTIONAL"},
		{"phases", strings.Join(a.Phases, ","), "PHASE1,PHASE2"},
		{"masking", a.Design.Masking + ":" + strings.Join(a.Design.WhoMasked, ","), "TRIPLE:PARTICIPANT,CARE_PROVIDER,OUTCOMES_ASSESSOR"},
		{"conditions", len(a.Conditions), 1},
		{"arms", len(a.Arms), 2},
		{"arm 0", a.Arms[0].Type + ":" + a.Arms[0].Label, "EXPERIMENTAL:UC-MSCs treatment group"},
		{"arm 1", a.Arms[1].Type + ":" + a.Arms[1].Label + ":" + strings.Join(a.Arms[1].InterventionNames, ","), "PLACEBO_COMPARATOR:Control group:Placebo"},
		{"interventions", len(a.Interventions), 2},
		{"intervention 0", a.Interventions[0].Type + ":" + a.Interventions[0].Name + ":" + a.Interventions[0].Description, "BIOLOGICAL:UC-MSCs:1*10E6 UC-MSCs /kg body weight suspended in 100mL saline"},
		{"outcomes without kind", len(a.Outcomes), 8},
		{"outcomes with kind", len(a.PrimaryOutcomes) + len(a.SecondaryOutcomes) + len(a.OtherOutcomes), 0},
		{"outcome 2", a.Outcomes[2], trial.Outcome{Measure: "Rate of mortality within 28-days", TimeFrame: "At baseline, Day 1, Day 2, Day 7, Week 2, Week 3, Week 4", Description: "Marker for efficacy of treatment"}},
		{"ages", a.Eligibility.MinimumAge + "-" + a.Eligibility.MaximumAge + " " + strings.Join(a.Eligibility.StdAges, ","), "18 Years-75 Years ADULT,OLDER_ADULT"},
		{"sex", a.Eligibility.Sex, "ALL"},
		{"central contacts", len(a.CentralContacts), 2},
		{"contact 0", a.CentralContacts[0], trial.Contact{Name: "Yan Liu", Degrees: "MD", Phone: "+8613387517458", Email: "447822853@qq.com"}},
		{"sites", len(a.Locations), 1},
		{"site", fmt.Sprint(a.Locations[0].Facility, "|", a.Locations[0].Status, "|", a.Locations[0].City, "|", a.Locations[0].State, "|", a.Locations[0].Zip, "|", a.Locations[0].Country, "|", len(a.Locations[0].Contacts)), "Puren Hospital Affiliated to Wuhan University of Science and Technology|RECRUITING|Wuhan|Hubei|430081|China|1"},
		{"responsible party", a.ResponsibleParty.Name, "Puren Hospital Affiliated to Wuhan University of Science and Technology"},
		{"org study id", a.OrgStudyID, "Pr20200402"},
		{"keywords", strings.Join(a.Keywords, ";"), "COVID-19 UC-MSCs critically ill cell transplantation"},
		{"fda drug", a.Oversight.FDARegulatedDrug != nil && !*a.Oversight.FDARegulatedDrug, true},
		{"officials", len(a.Officials), 0},
		{"no sponsor invented", a.LeadSponsor == nil, true},

		{"b nct", b.NCTID, "NCT04611256"},
		{"b phases", strings.Join(b.Phases, ","), "PHASE1"},
		{"b masking", b.Design.Masking, "NONE"},
		{"b arms", len(b.Arms), 2},
		{"b arm 1", b.Arms[1].Type + ":" + b.Arms[1].Label, "ACTIVE_COMPARATOR:Control"},
		{"b interventions", len(b.Interventions), 2},
		{"b intervention 1", b.Interventions[1].Type + ":" + b.Interventions[1].Name + ":" + strings.Join(b.Interventions[1].ArmLabels, ","), "DRUG:Control:Control"},
		{"b outcomes", len(b.Outcomes), 7},
		{"b site", fmt.Sprint(b.Locations[0].City, "|", b.Locations[0].State, "|", b.Locations[0].Zip, "|", b.Locations[0].Country), "Mexico City|Ciudad De Mexico CDMX (Mexico City)|01030|Mexico"},
		{"b site contact", b.Locations[0].Contacts[0], trial.Contact{Name: "Martha E. Rodríguez Arellano", Degrees: "MD", Phone: "+52 5512999131", Email: "marthaeunicer@yahoo.com.mx"}},
		{"b responsible party", *b.ResponsibleParty, trial.ResponsibleParty{Name: "M. Eunice Rodríguez Arellano", Affiliation: "Hospital Reg. Lic. Adolfo Lopez Mateos"}},
		{"b ipd", b.IPDSharing.Plan, "NO"},
		{"b last update", b.Source.LastUpdated, "2020-11-12"},
		{"b completion", b.CompletionDate, trial.Date{Value: "2020-12-30", Type: "ESTIMATED"}},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestConformance(t *testing.T) {
	ingesttest.Run(t, ingesttest.Suite{
		Format:  ctgovpage.FormatPage,
		Good:    [][]byte{seed(t, seedPage)},
		Bad:     [][]byte{[]byte("A title\nBasic Information\nUNKNOWN\n"), []byte("Title\nNCT ID: NCT0574\n"), []byte("Title\nNCT ID: none\nBasic Information\n")},
		Sniffed: true,
	})
	ingesttest.Run(t, ingesttest.Suite{
		Format:  ctgovpage.FormatClassic,
		Good:    [][]byte{seed(t, seedClassic1), seed(t, seedClassic2)},
		Bad:     [][]byte{[]byte("Title\nRecruitment Status : Unknown\n"), []byte("Title\nClinicalTrials.gov Identifier: NCT043")},
		Sniffed: true,
	})
}

func TestErrors(t *testing.T) {
	page := string(seed(t, seedPage))
	classic := string(seed(t, seedClassic1))
	cut := func(s, at string) string { return s[:strings.Index(s, at)+len(at)] }
	for _, c := range []struct {
		name, format, in string
		line             int
		field            string
		cause            error
	}{
		{"page without id", ctgovpage.FormatPage, strings.Replace(page, "NCT ID: NCT05741099\n", "", 1), strings.Count(page, "\n"), "NCT ID", ingest.ErrMissingField},
		{"page cut inside id", ctgovpage.FormatPage, cut(page, "NCT ID: NCT0574"), 2, "NCT ID", ingest.ErrTruncated},
		{"page bad id", ctgovpage.FormatPage, strings.Replace(page, "NCT05741099\n", "NCT5741099\n", 1), 2, "NCT ID", ingest.ErrBadValue},
		{"page cut before id", ctgovpage.FormatPage, cut(page, "Infection\n"), 1, "NCT ID", ingest.ErrMissingField},
		{"classic cut inside id", ctgovpage.FormatClassic, cut(classic, "Identifier: NCT0433"), 4, "ClinicalTrials.gov Identifier", ingest.ErrTruncated},
		{"classic without id", ctgovpage.FormatClassic, cut(classic, "Read our disclaimer for details. |\n"), 3, "ClinicalTrials.gov Identifier", ingest.ErrMissingField},
		{"empty", ctgovpage.FormatClassic, "\n \n", 1, "", ingest.ErrEmpty},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := read(t, c.format, "in.txt", []byte(c.in))
			var pe *ingest.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ingest.ParseError", err)
			}
			if pe.File != "in.txt" || pe.Line != c.line || pe.Field != c.field || !errors.Is(err, c.cause) {
				t.Errorf("got %v (line %d, field %q), want in.txt:%d field %q: %v", err, pe.Line, pe.Field, c.line, c.field, c.cause)
			}
		})
	}
}

// endless yields n bytes of 'a' without a newline, without holding them.
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	if e.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), e.n)
	for i := range p[:k] {
		p[i] = 'a'
	}
	e.n -= k
	return k, nil
}

func TestHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 200 MB")
	}
	r := ctgovpage.NewPage(&endless{n: 200 << 20}, "huge.txt")
	_, err := r.Read()
	var pe *ingest.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ingest.ErrTooLarge) || pe.Line != 1 {
		t.Fatalf("got %v, want huge.txt:1: %v", err, ingest.ErrTooLarge)
	}
}

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		name          string
		in            []byte
		page, classic bool
	}{
		{"new layout", seed(t, seedPage), true, false},
		{"classic 002", seed(t, seedClassic1), false, true},
		{"classic 004", seed(t, seedClassic2), false, true},
		{"medpath", seed(t, seedMedPath), false, false},
		{"python dump", seed(t, seedJSONDump), false, false},
		{"json", []byte(`{"protocolSection": "NCT ID: NCT05741099\nBasic Information\nClinicalTrials.gov Identifier: NCT1"}`), false, false},
		{"json lines", []byte("[\nNCT ID: NCT05741099\nBasic Information\nClinicalTrials.gov Identifier: NCT04339660\n]"), false, false},
		{"xml", []byte("<clinical_study>\nNCT ID: NCT05741099\nBasic Information\nClinicalTrials.gov Identifier: NCT04339660\n"), false, false},
		{"id without headings", []byte("Title\nNCT ID: NCT05741099\n"), false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ctgovpage.SniffPage(c.in); got != c.page {
				t.Errorf("SniffPage = %v, want %v", got, c.page)
			}
			if got := ctgovpage.SniffClassic(c.in); got != c.classic {
				t.Errorf("SniffClassic = %v, want %v", got, c.classic)
			}
		})
	}
}

func TestPageSections(t *testing.T) {
	in := "Title\nNCT ID: NCT00000001\n" +
		"Primary Outcome Measures\nExplore the outcomes.\nSurvival\nTime Frame: 28 days\nDescription: alive at day 28\n" +
		"Outcome Measures\nMarker\nblood level\n" +
		"Sponsors\nAcme Bio\nINDUSTRY\nCity University\n" +
		"Locations\nCity Hospital\nRECRUITING\nBoston, Massachusetts, 02114, United States\nJane Roe, MD\njane@example.org\n"
	s, err := read(t, ctgovpage.FormatPage, "in.txt", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.PrimaryOutcomes) != 1 || s.PrimaryOutcomes[0] != (trial.Outcome{Measure: "Survival", TimeFrame: "28 days", Description: "alive at day 28"}) {
		t.Errorf("primary outcomes %+v", s.PrimaryOutcomes)
	}
	if len(s.Outcomes) != 1 || s.Outcomes[0] != (trial.Outcome{Measure: "Marker", Description: "blood level"}) {
		t.Errorf("outcomes of unknown kind %+v", s.Outcomes)
	}
	if *s.LeadSponsor != (trial.Organization{Name: "Acme Bio", Class: "INDUSTRY"}) || len(s.Collaborators) != 1 || s.Collaborators[0].Class != "" {
		t.Errorf("sponsor %+v collaborators %+v", s.LeadSponsor, s.Collaborators)
	}
	l := s.Locations
	if len(l) != 1 || l[0].Status != "RECRUITING" || l[0].Zip != "02114" || l[0].Country != "United States" || len(l[0].Contacts) != 1 || l[0].Contacts[0].Email != "jane@example.org" {
		t.Errorf("locations %+v", l)
	}
}

func FuzzCTGovPage(f *testing.F) {
	fuzzFormat(f, ctgovpage.FormatPage, seedPage)
}

func FuzzCTGovClassic(f *testing.F) {
	fuzzFormat(f, ctgovpage.FormatClassic, seedClassic1, seedClassic2)
}

func fuzzFormat(f *testing.F, format string, seeds ...string) {
	for _, s := range seeds {
		f.Add(seed(f, s))
	}
	f.Add([]byte("NCT ID: NCT00000001\nStudy Groups\nA\nB\nInterventions\nB\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		studies, errs := ingesttest.ReadAll(t, format, in)
		for _, err := range errs {
			var pe *ingest.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *ingest.ParseError", err, err)
			}
		}
		for _, s := range studies {
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func Example() {
	page := "Mesenchymal Stem Cells for COVID-19\nNCT ID: NCT05741099\nLast Updated: 2023-02-23\n" +
		"Basic Information\nUNKNOWN\nPHASE1/PHASE2\n20 participants\n"
	r, err := ingest.Open(strings.NewReader(page), "page.txt", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := r.Read()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.NCTID, s.OverallStatus, s.Phases, s.Enrollment.Count, s.Source.Format, s.Source.LastUpdated)
	// Output: NCT05741099 UNKNOWN [PHASE1 PHASE2] 20 ctgov-page 2023-02-23
}
