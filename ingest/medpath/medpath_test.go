package medpath_test

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
	"github.com/trialgraph/trialgraph/ingest/ingesttest"
	"github.com/trialgraph/trialgraph/ingest/medpath"
	"github.com/trialgraph/trialgraph/trial"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/pages")

const seedName = "001_3055991ba22d633a.txt"

func seed(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func read(t testing.TB, name string, in []byte) (*trial.Study, error) {
	t.Helper()
	r := medpath.New(bytes.NewReader(in), name)
	s, err := r.Read()
	if _, err2 := r.Read(); err2 != io.EOF {
		t.Fatalf("second Read = %v, want io.EOF", err2)
	}
	return s, err
}

func TestGolden(t *testing.T) {
	s, err := read(t, seedName, seed(t, seedName))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("..", "..", "testdata", "pages", strings.TrimSuffix(seedName, ".txt")+".study.json")
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
		t.Errorf("differs from the golden file (-want +got):\n%s", d)
	}
}

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

func TestFacts(t *testing.T) {
	s, err := read(t, seedName, seed(t, seedName))
	if err != nil {
		t.Fatal(err)
	}
	timeFrame := "At baseline, 6 hour, Day 1, Day 3,Week 1, Week 2, Week 4, Month 6."
	checks := []struct {
		name      string
		got, want any
	}{
		{"nct", s.NCTID, "NCT04346368"},
		{"title", s.BriefTitle, "Bone Marrow-Derived Mesenchymal Stem Cell Treatment for Severe Patients With Coronavirus Disease 2019 (COVID-19)"},
		{"sponsor", *s.LeadSponsor, trial.Organization{Name: "Guangzhou Institute of Respiratory Disease"}},
		{"phases", strings.Join(s.Phases, ","), "PHASE1"},
		{"enrollment", s.Enrollment.Count, 20},
		{"status", s.OverallStatus, "UNKNOWN"},
		{"sex", s.Eligibility.Sex, "ALL"},
		{"study type", s.StudyType, "INTERVENTIONAL"},
		{"model", s.Design.InterventionModel, "PARALLEL"},
		{"conditions", len(s.Conditions), 1},
		{"arms", len(s.Arms), 2},
		{"arm 0", fmt.Sprint(s.Arms[0].Label, "|", s.Arms[0].InterventionNames, "|", s.Arms[0].Description), "Placebo|[Placebo]|Conventional treatment plus placebo"},
		{"arm 1", fmt.Sprint(s.Arms[1].Label, "|", s.Arms[1].InterventionNames, "|", s.Arms[1].Description), "Bone Marrow-Derived Mesenchymal Stem Cells (BM-MSCs)|[BM-MSCs]|Conventional treatment plus BM-MSCs"},
		{"interventions", len(s.Interventions), 2},
		{"intervention 1", fmt.Sprint(s.Interventions[1].Type, "|", s.Interventions[1].Name, "|", s.Interventions[1].ArmLabels), "BIOLOGICAL|BM-MSCs|[Bone Marrow-Derived Mesenchymal Stem Cells (BM-MSCs)]"},
		{"primary", len(s.PrimaryOutcomes), 2},
		{"secondary", len(s.SecondaryOutcomes), 7},
		{"other", len(s.OtherOutcomes) + len(s.Outcomes), 0},
		{"primary 0", s.PrimaryOutcomes[0], trial.Outcome{Measure: "Changes of oxygenation index (PaO2/FiO2)", TimeFrame: timeFrame, Description: "Evaluation of pneumonia improvement"}},
		{"primary 1", s.PrimaryOutcomes[1], trial.Outcome{Measure: "Side effects in the BM-MSCs treatment group", TimeFrame: "Baseline through 6 months", Description: "Proportion of participants with treatment-related adverse events"}},
		{"secondary 1", s.SecondaryOutcomes[1], trial.Outcome{Measure: "Rate of mortality within 28-days", TimeFrame: "From baseline to day 28", Description: "Marker for efficacy"}},
		{"secondary 6", s.SecondaryOutcomes[6].Measure + "|" + s.SecondaryOutcomes[6].TimeFrame, "Changes of CD4+, CD8+ cells count and concentration of cytokines|" + timeFrame},
		{"sites", len(s.Locations), 1},
		{"site", fmt.Sprint(s.Locations[0].Facility, "|", s.Locations[0].City, "|", s.Locations[0].State, "|", s.Locations[0].Country), "Guangzhou Institute of Respiratory Health, The First Affiliated Hospital of Guangzhou Medical University|Guangzhou|Guangdong|China"},
		{"criteria", strings.HasPrefix(s.Eligibility.Criteria, "Inclusion Criteria:\n  1. Willing") && strings.Contains(s.Eligibility.Criteria, "\n\nExclusion Criteria:\n  1. Other types"), true},
		{"source", s.Source.Format + "|" + s.Source.File, "medpath|" + seedName},
		{"officials", len(s.Officials), 0},
		{"references", len(s.References), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestSplitOutcomeRows(t *testing.T) {
	for _, c := range []struct{ row, measure, frame string }{
		{"Changes of oxygenation index (PaO2/FiO2)At baseline, 6 hour", "Changes of oxygenation index (PaO2/FiO2)", "At baseline, 6 hour"},
		{"Hospital stayBaseline through 6 months", "Hospital stay", "Baseline through 6 months"},
		{"Rate of mortality within 28-daysFrom baseline to day 28", "Rate of mortality within 28-days", "From baseline to day 28"},
		{"Adverse eventsUp to 12 weeks", "Adverse events", "Up to 12 weeks"},
		{"Serum IL-6 levelDay 7", "Serum IL-6 level", "Day 7"},
		{"Lung function (FEV1)Within 30 days after infusion", "Lung function (FEV1)", "Within 30 days after infusion"},
		{"6-minute walk distance12 weeks", "6-minute walk distance", "12 weeks"},
		{"HbA1c changeWeek 24", "HbA1c change", "Week 24"},
		{"Survival rate (%)Month 6", "Survival rate (%)", "Month 6"},
		{"Quality of life (SF-36) score", "Quality of life (SF-36) score", ""},
		{"McDonald criteria met", "McDonald criteria met", ""},
	} {
		t.Run(c.row, func(t *testing.T) {
			in := "MedPath\n\nT\nRegistration Number\nNCT00000001\nPrimary Outcome Measures\nNameTimeMethod\n" + c.row + "\n\nsome method\n"
			s, err := read(t, "in.txt", []byte(in))
			if err != nil {
				t.Fatal(err)
			}
			want := trial.Outcome{Measure: c.measure, TimeFrame: c.frame, Description: "some method"}
			if len(s.PrimaryOutcomes) != 1 || s.PrimaryOutcomes[0] != want {
				t.Errorf("got %+v, want %+v", s.PrimaryOutcomes, want)
			}
		})
	}
}

func TestConformance(t *testing.T) {
	ingesttest.Run(t, ingesttest.Suite{
		Format: medpath.Format,
		Good:   [][]byte{seed(t, seedName)},
		Bad: [][]byte{
			[]byte("MedPath\n\nA trial\nLead Sponsor\nX\n"),
			[]byte("MedPath\n\nA trial\nRegistration Number\nNCT0434"),
			[]byte("MedPath\n\nA trial\nRegistration Number\n"),
		},
		Sniffed: true,
	})
}

func TestErrors(t *testing.T) {
	page := string(seed(t, seedName))
	cut := func(at string) string { return page[:strings.Index(page, at)+len(at)] }
	for _, c := range []struct {
		name, in string
		line     int
		cause    error
	}{
		{"no registration number", strings.Replace(page, "Registration Number\nNCT04346368\n", "", 1), strings.Count(page, "\n") - 1, ingest.ErrMissingField},
		{"cut inside id", cut("NCT0434"), 12, ingest.ErrTruncated},
		{"cut after label", cut("Registration Number\n"), 11, ingest.ErrTruncated},
		{"bad id", strings.Replace(page, "NCT04346368", "04346368", 1), 12, ingest.ErrBadValue},
		{"cut before label", cut("Biological: BM-MSCs\n"), 10, ingest.ErrMissingField},
		{"empty", "", 1, ingest.ErrEmpty},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := read(t, "in.txt", []byte(c.in))
			var pe *ingest.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ingest.ParseError", err)
			}
			wantField := "Registration Number"
			if c.cause == ingest.ErrEmpty {
				wantField = ""
			}
			if pe.File != "in.txt" || pe.Line != c.line || pe.Field != wantField || !errors.Is(err, c.cause) {
				t.Errorf("got %v (line %d), want in.txt:%d field %q: %v", err, pe.Line, c.line, wantField, c.cause)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		want bool
	}{
		{"medpath", seed(t, seedName), true},
		{"new layout", seed(t, "000_e6ef2a133a887bd4.txt"), false},
		{"classic", seed(t, "002_b0b7491b5b55d4e2.txt"), false},
		{"python dump", seed(t, "003_a224f28b0d59d797.txt"), false},
		{"json", []byte("{\"a\": \"MedPath\nRegistration Number\n\"}"), false},
		{"xml", []byte("<x>MedPath\nRegistration Number\n</x>"), false},
		{"registration number and MedPath footer", []byte("A trial\nRegistration Number\nNCT04346368\n© 2025 MedPath\n"), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := medpath.Sniff(c.in); got != c.want {
				t.Errorf("Sniff = %v, want %v", got, c.want)
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
	_, err := medpath.New(&endless{n: 200 << 20}, "huge.txt").Read()
	var pe *ingest.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ingest.ErrTooLarge) || pe.Line != 1 {
		t.Fatalf("got %v, want huge.txt:1: %v", err, ingest.ErrTooLarge)
	}
}

func FuzzMedPath(f *testing.F) {
	f.Add(seed(f, seedName))
	f.Add([]byte("MedPath\nT\nInterventions\nDrug: A\nRegistration Number\nNCT00000001\nArm && Interventions\nAAB\nPrimary Outcome Measures\nxAt\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		studies, errs := ingesttest.ReadAll(t, medpath.Format, in)
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
	page := "MedPath\n\nA trial\nPhase 1\nInterventions\nBiological: BM-MSCs\nRegistration Number\nNCT04346368\n" +
		"Primary Outcome Measures\nNameTimeMethod\nChanges of oxygenation index (PaO2/FiO2)At baseline, Day 1\n\nEvaluation of pneumonia improvement\n"
	s, err := medpath.New(strings.NewReader(page), "page.txt").Read()
	if err != nil {
		fmt.Println(err)
		return
	}
	o := s.PrimaryOutcomes[0]
	fmt.Printf("%s %v\n%q\n%q\n", s.NCTID, s.Phases, o.Measure, o.TimeFrame)
	// Output:
	// NCT04346368 [PHASE1]
	// "Changes of oxygenation index (PaO2/FiO2)"
	// "At baseline, Day 1"
}
