package ontology

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/trial"
)

func TestCellSourcesTable(t *testing.T) {
	iri := regexp.MustCompile(`^http://purl\.obolibrary\.org/obo/(UBERON|CL)_[0-9]{7}$`)
	seen := map[string]bool{}
	for _, c := range CellSources() {
		if seen[c.Slug] {
			t.Errorf("duplicate slug %q", c.Slug)
		}
		seen[c.Slug] = true
		if c.Label == "" {
			t.Errorf("%s: no label", c.Slug)
		}
		if c.Tissue == "" && c.Cell == "" {
			t.Errorf("%s: no term", c.Slug)
		}
		if c.Tissue != "" && !strings.Contains(c.Tissue, "/UBERON_") || c.Tissue != "" && !iri.MatchString(c.Tissue) {
			t.Errorf("%s: tissue %q is not an UBERON IRI", c.Slug, c.Tissue)
		}
		if c.Cell != "" && (!strings.Contains(c.Cell, "/CL_") || !iri.MatchString(c.Cell)) {
			t.Errorf("%s: cell %q is not a CL IRI", c.Slug, c.Cell)
		}
		got, ok := LookupCellSource(c.Slug)
		if !ok || got != c {
			t.Errorf("LookupCellSource(%q) = %v, %v", c.Slug, got, ok)
		}
	}
	if len(seen) != 11 {
		t.Errorf("%d cell sources, want 11", len(seen))
	}
	if _, ok := LookupCellSource("liver"); ok {
		t.Error("LookupCellSource(liver) found a source")
	}
	want := map[string][2]string{
		SourceUmbilicalCord:  {"UBERON_0002331", "CL_0002569"},
		SourceBoneMarrow:     {"UBERON_0002371", "CL_0002540"},
		SourceAdiposeTissue:  {"UBERON_0001013", "CL_0002570"},
		SourceWhartonsJelly:  {"", "CL_0002568"},
		SourceUnspecifiedMSC: {"", "CL_0000134"},
	}
	for slug, w := range want {
		c, _ := LookupCellSource(slug)
		if strings.TrimPrefix(c.Tissue, oboBase) != w[0] || strings.TrimPrefix(c.Cell, oboBase) != w[1] {
			t.Errorf("%s: terms %q %q, want %q %q", slug, c.Tissue, c.Cell, w[0], w[1])
		}
	}
	// The caller owns the slice.
	cs := CellSources()
	cs[0].Slug = "changed"
	if CellSources()[0].Slug != SourceUmbilicalCord {
		t.Error("CellSources shares its slice")
	}
}

// seedStudies are the five seeds, built by hand from the facts in
// testdata/seeds (the readers are tested elsewhere).
func seedStudies() map[string]*trial.Study {
	return map[string]*trial.Study{
		"NCT05741099": {
			NCTID:      "NCT05741099",
			BriefTitle: "Application and Research of Mesenchymal Stem Cells in Alleviating Severe Development of COVID-19 Infection",
			Arms: []trial.Arm{
				{Label: "MSCs group", Description: "Patient in Mscs group will receive MSCs implantation by intravenous injection Within 10-15 days of infection", InterventionNames: []string{"Umbilical cord mesenchymal stem cells implantation"}},
				{Label: "comparator", Description: "Patients in comparator group will receive placebo treatment Within 10-15 days of infection"},
			},
			Interventions: []trial.Intervention{
				{Name: "Umbilical cord mesenchymal stem cells implantation", Description: "Patient in Mscs group will receive MSCs implantation by intravenous injection."},
				{Name: "Comparator", Description: "Patients in comparator group will receive placebo treatment"},
			},
		},
		"NCT04346368": {
			NCTID:        "NCT04346368",
			BriefTitle:   "Bone Marrow-Derived Mesenchymal Stem Cell Treatment for Severe Patients With Coronavirus Disease 2019 (COVID-19)",
			BriefSummary: "Coronavirus Disease 2019 (COVID-19) is spreading worldwide and has become a public health emergency of major international concern. Currently, no specific drugs or vaccines are available. For severe cases, it was found that aberrant pathogenic T cells and inflammatory monocytes are rapidly activated and then producing a large number of cytokines and inducing an inflammatory storm.Mesenchymal stem cells (MSCs) have been shown to possess a comprehensive powerful immunomodulatory function. This study aims to investigate the safety and efficacy of intravenous infusion of mesenchymal stem cells in severe patients with COVID-19.",
			Arms: []trial.Arm{
				{Label: "Placebo", Description: "Conventional treatment plus placebo", InterventionNames: []string{"Placebo"}},
				{Label: "Bone Marrow-Derived Mesenchymal Stem Cells (BM-MSCs)", Description: "Conventional treatment plus BM-MSCs", InterventionNames: []string{"BM-MSCs"}},
			},
			Interventions: []trial.Intervention{{Type: "BIOLOGICAL", Name: "Placebo"}, {Type: "BIOLOGICAL", Name: "BM-MSCs"}},
		},
		"NCT04339660": {
			NCTID:               "NCT04339660",
			BriefTitle:          "Clinical Research of Human Mesenchymal Stem Cells in the Treatment of COVID-19 Pneumonia",
			DetailedDescription: "Mesenchymal stem cells (MSCs) are widely used in basic research and clinical application. Compared with MSCs from other sources, human umbilical cord-derived MSCs (UC-MSCs) have been widely applied to various diseases due to their convenient collection, no ethical controversy, low immunogenicity, and rapid proliferation rate.\nHere we conducted an MSC transplantation pilot study to explore their therapeutic potential for COVID-19 pneumonia patients.",
			Keywords:            []string{"COVID-19", "UC-MSCs", "critically ill", "cell transplantation"},
			Arms: []trial.Arm{
				{Label: "UC-MSCs treatment group", Type: "EXPERIMENTAL", Description: "Participants will receive conventional and treatment with MSCs, MSCs were suspended in 100 mL of normal saline, and the total number of transplanted cells was calculated by 1*10E6 cells per kilogram of weight."},
				{Label: "Control group", Type: "PLACEBO_COMPARATOR", Description: "Participants will receive conventional treatment and Placebo intravenously."},
			},
			Interventions: []trial.Intervention{
				{Type: "BIOLOGICAL", Name: "UC-MSCs", Description: "1*10E6 UC-MSCs /kg body weight suspended in 100mL saline"},
				{Type: "OTHER", Name: "Placebo", Description: "100mL saline intravenously"},
			},
		},
		"NCT04288102": {
			NCTID:         "NCT04288102",
			BriefTitle:    "Treatment With Human Umbilical Cord-derived Mesenchymal Stem Cells for Severe Corona Virus Disease 2019 (COVID-19)",
			OfficialTitle: "A Phase II, Multicenter, Randomized, Double-blind, Placebo-controlled Trial to Evaluate the Efficacy and Safety of Human Umbilical Cord-derived Mesenchymal Stem Cells in the Treatment of Severe COVID-19 Patients",
			BriefSummary:  "Cellular therapy, using mesenchymal stem cells has been shown to reduce nonproductive inflammation and affect tissue regeneration and is being evaluated in patients with ARDS. This clinical trial is to inspect the safety and efficiency of mesenchymal stem cells (MSCs) therapy for severe COVID-19.",
			Arms: []trial.Arm{
				{Type: "EXPERIMENTAL", Label: "Human Umbilical Cord-Mesenchymal Stem Cells (UC-MSCs)", Description: "Participants will receive standard of care plus 3 does of UC-MSCs"},
				{Type: "PLACEBO_COMPARATOR", Label: "Placebo", Description: "Participants will receive standard of care plus 3 does of placebo"},
			},
			Interventions: []trial.Intervention{
				{Type: "BIOLOGICAL", Name: "UC-MSCs", Description: `3 does of UC-MSCs(4.0\*10E7 cells per time) intravenously at Day 0, Day 3, Day 6.`},
				{Type: "BIOLOGICAL", Name: "Saline containing 1% Human serum albumin(solution without UC-MSCs)", Description: "3 does of placebo(intravenously at Day 0, Day 3, Day 6)"},
			},
		},
		"NCT04611256": {
			NCTID:         "NCT04611256",
			BriefTitle:    "Mesenchymal Stem Cells in Patients Diagnosed With COVID-19",
			OfficialTitle: "Adjuvant Therapy With Mesenchymal Stem Cells in Patients Diagnosed With COVID-19 in Critical Condition",
			BriefSummary:  "Within the epidemic context of phase 3 that currently exists in Mexico, implementation of new treatments that have shown to be beneficial for patients in a critical state in other countries is an urgent need. Adipose tissue derived-mesenchymal stem cells for could favor the regulation of patient immune system to reduce the proinflammatory state and promoting the regeneration of damaged tissues.",
			Keywords:      []string{"COVID-19", "Adjuvant therapy", "mesenchymal stem cells", "Mexico"},
			Arms: []trial.Arm{
				{Label: "MSC transfusion", Type: "EXPERIMENTAL"},
				{Label: "Control", Type: "ACTIVE_COMPARATOR"},
			},
			Interventions: []trial.Intervention{
				{Type: "BIOLOGICAL", Name: "MSC", Description: "Two intravenous infusion of 1*10E6 adipose tissue derived-MSCs /kg body weight reach"},
				{Type: "DRUG", Name: "Control", Description: "Conventional treatment that may include analgesic, anti-inflammatory, antibiotic, steroid, antiplatelet, and anticoagulant."},
			},
		},
	}
}

func TestClassifySeeds(t *testing.T) {
	want := map[string][]Assignment{
		"NCT05741099": {{Field: "interventions[0].name", Evidence: "Umbilical cord mesenchymal stem cells"}},
		"NCT04346368": {{Field: "interventions[1].name", Evidence: "BM-MSCs"}},
		"NCT04339660": {{Field: "interventions[0].name", Evidence: "UC-MSCs"}},
		"NCT04288102": {{Field: "interventions[0].name", Evidence: "UC-MSCs"}},
		"NCT04611256": {{Field: "interventions[0].description", Evidence: "adipose tissue derived-MSCs"}},
	}
	slug := map[string]string{
		"NCT05741099": SourceUmbilicalCord, "NCT04346368": SourceBoneMarrow, "NCT04339660": SourceUmbilicalCord,
		"NCT04288102": SourceUmbilicalCord, "NCT04611256": SourceAdiposeTissue,
	}
	for id, s := range seedStudies() {
		t.Run(id, func(t *testing.T) {
			w := want[id]
			w[0].Source, _ = LookupCellSource(slug[id])
			w[0].Product = ProductCells
			got := ClassifyStudy(s)
			if !reflect.DeepEqual(got, w) {
				t.Errorf("ClassifyStudy(%s)\n got %+v\nwant %+v", id, got, w)
			}
		})
	}
}

func TestClassifyStudy(t *testing.T) {
	msc := []trial.Intervention{{Name: "Mesenchymal stem cells", Description: "1 million cells/kg intravenously"}}
	tests := []struct {
		name  string
		study trial.Study
		want  []string // "slug|field|evidence|donor|product"
	}{
		{
			name:  "nil interventions and empty text",
			study: trial.Study{},
		},
		{
			name: "interventions name the source, summary another",
			study: trial.Study{
				BriefSummary:  "This trial infuses bone marrow-derived MSCs.",
				Interventions: []trial.Intervention{{Name: "UC-MSC", Description: "allogeneic umbilical cord MSCs"}},
			},
			want: []string{"umbilical-cord|interventions[0].name|UC-MSC|allogeneic|cells"},
		},
		{
			name: "generic intervention, title names the source",
			study: trial.Study{
				BriefTitle:    "Umbilical Cord Mesenchymal Stem Cells for ARDS",
				BriefSummary:  "We will give adipose-derived MSCs.",
				Interventions: msc,
			},
			want: []string{"umbilical-cord|briefTitle|Umbilical Cord Mesenchymal Stem Cells||cells"},
		},
		{
			name: "generic intervention, summary names the source",
			study: trial.Study{
				BriefTitle:          "MSC for ARDS",
				Keywords:            []string{"ARDS", "MSC"},
				DetailedDescription: "Patients will receive autologous adipose-derived mesenchymal stromal cells.",
				Interventions:       msc,
			},
			want: []string{"adipose-tissue|detailedDescription|autologous adipose-derived mesenchymal stromal cells|autologous|cells"},
		},
		{
			name: "keyword names the source",
			study: trial.Study{
				Keywords:      []string{"ARDS", "Wharton's jelly MSC"},
				Interventions: msc,
			},
			want: []string{"whartons-jelly|keywords[1]|Wharton's jelly MSC||cells"},
		},
		{
			name: "generic intervention, summary only background",
			study: trial.Study{
				BriefSummary:  "Previous studies used bone marrow MSCs in mice. MSCs can be derived from many tissues such as adipose tissue.",
				Interventions: msc,
			},
			want: []string{"unspecified-msc|interventions[0].name|Mesenchymal stem cells||cells"},
		},
		{
			name: "non-MSC trial, summary mentions MSCs",
			study: trial.Study{
				BriefTitle:    "Ruxolitinib for GVHD",
				BriefSummary:  "Umbilical cord mesenchymal stem cells are an alternative treatment of GVHD.",
				Interventions: []trial.Intervention{{Name: "Ruxolitinib", Description: "10 mg twice daily"}},
			},
		},
		{
			name: "HSCT intervention, MSC summary",
			study: trial.Study{
				BriefSummary:  "This study evaluates umbilical cord MSCs.",
				Interventions: []trial.Intervention{{Name: "Allogeneic hematopoietic stem cell transplantation"}},
			},
		},
		{
			name: "bare stem cells intervention promoted by the title",
			study: trial.Study{
				BriefTitle:    "Human Umbilical Cord Mesenchymal Stem Cells in Knee Osteoarthritis",
				Interventions: []trial.Intervention{{Name: "Stem cell injection"}},
			},
			want: []string{"umbilical-cord|briefTitle|Human Umbilical Cord Mesenchymal Stem Cells||cells"},
		},
		{
			name: "no interventions at all: titles and summaries",
			study: trial.Study{
				OfficialTitle: "Safety of Allogeneic Placenta-derived MSCs",
			},
			want: []string{"placenta|officialTitle|Allogeneic Placenta-derived MSCs|allogeneic|cells"},
		},
		{
			name: "other names and arm descriptions",
			study: trial.Study{
				Interventions: []trial.Intervention{{Name: "CYP-001", OtherNames: []string{"Cymerus", "iPSC-derived MSCs", "hUC-MSC"}}},
				Arms:          []trial.Arm{{Label: "A", Description: "menstrual blood stem cells"}},
			},
			want: []string{
				"umbilical-cord|interventions[0].otherNames[2]|hUC-MSC||cells",
				"endometrium|arms[0].description|menstrual blood stem cells||cells",
			},
		},
		{
			name: "one assignment per slug, first evidence kept",
			study: trial.Study{
				Interventions: []trial.Intervention{
					{Name: "BM-MSC low dose", Description: "autologous bone marrow MSCs"},
					{Name: "BM-MSC high dose"},
				},
			},
			want: []string{"bone-marrow|interventions[0].name|BM-MSC|autologous|cells"},
		},
		{
			name: "donor from a generic mention when unambiguous",
			study: trial.Study{
				BriefTitle:    "Allogeneic MSCs for Crohn's Fistula",
				Interventions: []trial.Intervention{{Name: "MSC", Description: "cells from adipose tissue"}},
				Arms:          []trial.Arm{{Label: "Adipose-derived MSCs"}},
			},
			want: []string{"adipose-tissue|arms[0].label|Adipose-derived MSCs|allogeneic|cells"},
		},
		{
			name: "exosome product from the intervention name",
			study: trial.Study{
				Interventions: []trial.Intervention{{Name: "Exosomes", Description: "Purified from umbilical cord MSC culture supernatant"}},
			},
			want: []string{"umbilical-cord|interventions[0].description|umbilical cord MSC|" + "|exosomes"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, a := range ClassifyStudy(&tc.study) {
				got = append(got, strings.Join([]string{a.Source.Slug, a.Field, a.Evidence, a.Donor, a.Product}, "|"))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
	if ClassifyStudy(nil) != nil {
		t.Error("ClassifyStudy(nil) != nil")
	}
}

// labelledRow is one line of testdata/cellsource/labelled.tsv.
type labelledRow struct {
	line                 int
	id, field, text      string
	expected             []string
	donor, product, note string
}

func readLabelled(t *testing.T) []labelledRow {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "cellsource", "labelled.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = 7
	var rows []labelledRow
	ids := map[string]bool{}
	for n := 1; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			continue // header
		}
		row := labelledRow{line: n, id: rec[0], field: rec[1], text: rec[2], donor: rec[4], product: rec[5], note: rec[6]}
		if ids[row.id] {
			t.Fatalf("labelled.tsv:%d: duplicate id %q", n, row.id)
		}
		ids[row.id] = true
		if rec[3] != "none" {
			row.expected = strings.Split(rec[3], ",")
			for _, s := range row.expected {
				if _, ok := LookupCellSource(s); !ok {
					t.Fatalf("labelled.tsv:%d: unknown slug %q", n, s)
				}
			}
		}
		rows = append(rows, row)
	}
	return rows
}

var fieldPath = regexp.MustCompile(`^(?:(interventions|arms)\[(\d+)\]\.(name|description|label|otherNames)(?:\[(\d+)\])?|(briefTitle|officialTitle|briefSummary|detailedDescription)|keywords\[(\d+)\])$`)

// studyWith builds a study holding text in the named field, with empty
// entries before it so that the field's indices are as named.
func studyWith(fieldName, text string) (*trial.Study, error) {
	m := fieldPath.FindStringSubmatch(fieldName)
	if m == nil {
		return nil, fmt.Errorf("unknown field %q", fieldName)
	}
	s := &trial.Study{}
	idx := func(v string) int { n, _ := strconv.Atoi(v); return n }
	switch {
	case m[1] == "interventions":
		s.Interventions = make([]trial.Intervention, idx(m[2])+1)
		iv := &s.Interventions[idx(m[2])]
		switch m[3] {
		case "name":
			iv.Name = text
		case "description":
			iv.Description = text
		case "otherNames":
			iv.OtherNames = make([]string, idx(m[4])+1)
			iv.OtherNames[idx(m[4])] = text
		default:
			return nil, fmt.Errorf("unknown field %q", fieldName)
		}
	case m[1] == "arms":
		s.Arms = make([]trial.Arm, idx(m[2])+1)
		a := &s.Arms[idx(m[2])]
		switch m[3] {
		case "label":
			a.Label = text
		case "description":
			a.Description = text
		default:
			return nil, fmt.Errorf("unknown field %q", fieldName)
		}
	case m[5] == "briefTitle":
		s.BriefTitle = text
	case m[5] == "officialTitle":
		s.OfficialTitle = text
	case m[5] == "briefSummary":
		s.BriefSummary = text
	case m[5] == "detailedDescription":
		s.DetailedDescription = text
	default:
		s.Keywords = make([]string, idx(m[6])+1)
		s.Keywords[idx(m[6])] = text
	}
	return s, nil
}

// accepted lists the labelled rows the classifier is known to get wrong,
// with the reason. Any other mistake fails the test, and so does an
// accepted row that is no longer a mistake.
var accepted = map[string]string{
	"k-10": `"Non-" negates the next word only ("Non-expanded"), but the negation cue reaches three words and so drops "adipose-derived SVF"`,
}

// Thresholds for the labelled set, set a little below the measured figures
// (precision 1.000, recall 0.992 over 155 rows) so that a regression fails.
// Rows with ids h-, g- and k- were written after the rules were fixed; the
// first two batches scored precision = recall = 0.85 and 0.88 before the fixes they
// prompted, the third 1.00 precision and 0.91 recall (its one miss is
// accepted below).
const (
	minMicroPrecision = 0.97
	minMicroRecall    = 0.97
)

func TestLabelledSet(t *testing.T) {
	rows := readLabelled(t)
	if len(rows) < 40 {
		t.Fatalf("%d labelled rows, want at least 40", len(rows))
	}
	type counts struct{ tp, fp, fn int }
	per := map[string]*counts{}
	for _, c := range CellSources() {
		per[c.Slug] = &counts{}
	}
	var mistakes []string
	attrOK, attrN := 0, 0
	for _, row := range rows {
		s, err := studyWith(row.field, row.text)
		if err != nil {
			t.Fatalf("labelled.tsv:%d: %v", row.line, err)
		}
		got := ClassifyStudy(s)
		gotSet := map[string]bool{}
		var problems []string
		for _, a := range got {
			gotSet[a.Source.Slug] = true
			if a.Field != row.field {
				problems = append(problems, fmt.Sprintf("field %q", a.Field))
			}
			if !strings.Contains(row.text, a.Evidence) || a.Evidence == "" {
				problems = append(problems, fmt.Sprintf("evidence %q not in text", a.Evidence))
			}
			attrN++
			if a.Donor == row.donor && a.Product == row.product {
				attrOK++
			} else {
				problems = append(problems, fmt.Sprintf("%s: donor %q product %q, want %q %q", a.Source.Slug, a.Donor, a.Product, row.donor, row.product))
			}
		}
		wantSet := map[string]bool{}
		for _, e := range row.expected {
			wantSet[e] = true
			if gotSet[e] {
				per[e].tp++
			} else {
				per[e].fn++
				problems = append(problems, "missed "+e)
			}
		}
		for g := range gotSet {
			if !wantSet[g] {
				per[g].fp++
				problems = append(problems, "extra "+g)
			}
		}
		sort.Strings(problems)
		reason, ok := accepted[row.id]
		switch {
		case len(problems) > 0 && ok:
			t.Logf("accepted mistake %s: %s (%s)", row.id, strings.Join(problems, "; "), reason)
			mistakes = append(mistakes, row.id)
		case len(problems) > 0:
			t.Errorf("labelled.tsv:%d: %s: %s\n\ttext: %s", row.line, row.id, strings.Join(problems, "; "), row.text)
		case ok:
			t.Errorf("labelled.tsv:%d: %s is listed as accepted but is now right; remove it from accepted", row.line, row.id)
		}
	}
	var tp, fp, fn int
	for _, c := range CellSources() {
		k := per[c.Slug]
		tp, fp, fn = tp+k.tp, fp+k.fp, fn+k.fn
		if k.tp+k.fp+k.fn == 0 {
			t.Errorf("class %s has no labelled example", c.Slug)
			continue
		}
		t.Logf("%-17s precision %.3f recall %.3f (tp %d fp %d fn %d)", c.Slug, ratio(k.tp, k.tp+k.fp), ratio(k.tp, k.tp+k.fn), k.tp, k.fp, k.fn)
	}
	p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
	t.Logf("micro precision %.3f recall %.3f over %d rows (tp %d fp %d fn %d); donor and product right on %d of %d assignments; %d accepted mistakes",
		p, r, len(rows), tp, fp, fn, attrOK, attrN, len(mistakes))
	if p < minMicroPrecision || r < minMicroRecall {
		t.Errorf("micro precision %.3f recall %.3f, want at least %.2f and %.2f", p, r, minMicroPrecision, minMicroRecall)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func TestClassifyDeterministic(t *testing.T) {
	s := seedStudies()["NCT04339660"]
	first := ClassifyStudy(s)
	for i := 0; i < 20; i++ {
		if got := ClassifyStudy(s); !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d: %+v, first %+v", i, got, first)
		}
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range seedStudies() {
		f.Add(s.Interventions[0].Name, s.Interventions[0].Description, s.BriefTitle, s.BriefSummary)
	}
	f.Add("MSC", "", "", "")
	f.Add("umbilical cord, and bone marrow-, (UC) of from", "without", "unlike ", "such as")
	f.Add("\xff\xfeUC-MSC", "(((", ")))", ".")
	f.Fuzz(func(t *testing.T, name, desc, title, summary string) {
		s := &trial.Study{
			BriefTitle:    title,
			BriefSummary:  summary,
			Interventions: []trial.Intervention{{Name: name, Description: desc, OtherNames: []string{desc}}},
			Arms:          []trial.Arm{{Label: title, Description: summary}},
		}
		got := ClassifyStudy(s)
		seen := map[string]bool{}
		for _, a := range got {
			if seen[a.Source.Slug] {
				t.Fatalf("two assignments for %s", a.Source.Slug)
			}
			seen[a.Source.Slug] = true
			if _, ok := LookupCellSource(a.Source.Slug); !ok {
				t.Fatalf("unknown slug %q", a.Source.Slug)
			}
			if a.Product == "" {
				t.Fatalf("no product: %+v", a)
			}
		}
		if !reflect.DeepEqual(got, ClassifyStudy(s)) {
			t.Fatal("not deterministic")
		}
	})
}

func ExampleClassifyStudy() {
	s := &trial.Study{
		BriefTitle:   "Umbilical Cord MSCs for ARDS",
		BriefSummary: "Unlike bone marrow-derived MSCs, umbilical cord MSCs are easy to collect.",
		Interventions: []trial.Intervention{
			{Name: "hUC-MSC", Description: "Allogeneic human umbilical cord-derived mesenchymal stem cells, 1×10^6 cells/kg"},
			{Name: "Placebo", Description: "Saline without MSCs"},
		},
	}
	for _, a := range ClassifyStudy(s) {
		fmt.Printf("%s %s %q %s %s\n", a.Source.Slug, a.Field, a.Evidence, a.Donor, a.Product)
		fmt.Println(a.Source.Tissue, a.Source.Cell)
	}
	// Output:
	// umbilical-cord interventions[0].name "hUC-MSC" allogeneic cells
	// http://purl.obolibrary.org/obo/UBERON_0002331 http://purl.obolibrary.org/obo/CL_0002569
}
