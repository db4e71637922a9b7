package ctgovjson

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/ingest/ingesttest"
	"github.com/trialgraph/trialgraph/trial"
)

func readAll(t *testing.T, r ingest.Reader) ([]*trial.Study, []error) {
	t.Helper()
	var ss []*trial.Study
	var errs []error
	for i := 0; i < 100000; i++ {
		s, err := r.Read()
		if err == io.EOF {
			return ss, errs
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ss = append(ss, s)
	}
	t.Fatal("reader does not end")
	return nil, nil
}

func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/corpus/ctgov-v2/*.json")
	if len(files) < 10 {
		t.Fatalf("corpus missing: %d files", len(files))
	}
	total := 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			r, err := ingest.Open(fh, f, "")
			if err != nil {
				t.Fatal(err)
			}
			ss, errs := readAll(t, r)
			for _, err := range errs {
				t.Error(err)
			}
			for _, s := range ss {
				if err := s.Validate(); err != nil {
					t.Error(err)
				}
			}
			total += len(ss)
		})
	}
	if total < 100 {
		t.Errorf("only %d studies in the corpus", total)
	}
}

func TestSeed003(t *testing.T) {
	f, err := os.Open("../../testdata/seeds/003_a224f28b0d59d797.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ingest.Open(f, "003.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	ss, errs := readAll(t, r)
	if len(errs) != 0 || len(ss) != 1 {
		t.Fatalf("got %d studies, errors %v", len(ss), errs)
	}
	s := ss[0]
	checks := []struct{ name, got, want string }{
		{"nct", s.NCTID, "NCT04288102"},
		{"format", s.Source.Format, FormatPython},
		{"status", s.OverallStatus, "COMPLETED"},
		{"verified", s.StatusVerifiedDate.Value, "2020-08"},
		{"start", s.StartDate.Value + "/" + s.StartDate.Type, "2020-03-05/ACTUAL"},
		{"enrollment", strconv.Itoa(s.Enrollment.Count) + s.Enrollment.Type, "100ACTUAL"},
		{"masking", s.Design.Masking, "QUADRUPLE"},
		{"who masked", strings.Join(s.Design.WhoMasked, ","), "PARTICIPANT,CARE_PROVIDER,INVESTIGATOR,OUTCOMES_ASSESSOR"},
		{"official", s.Officials[0].Name + "|" + s.Officials[0].Degrees, "Fu-Sheng Wang|MD, PhD"},
		{"rp", s.ResponsibleParty.Name, "Fu-Sheng Wang"},
		{"quote in string", s.SecondaryOutcomes[4].Measure[:47], "Lung densitometry: Change in total voxel 'weight'"[:47]},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	sites := 0
	for _, l := range s.Locations {
		if l.City == "Wuhan" {
			sites++
		}
	}
	if sites != 3 {
		t.Errorf("Wuhan sites = %d, want 3", sites)
	}
	if s.HasResults == nil || *s.HasResults {
		t.Errorf("hasResults = %v, want false", s.HasResults)
	}
}

func TestShapes(t *testing.T) {
	one := `{"protocolSection":{"identificationModule":{"nctId":"NCT00000001","briefTitle":"A"}}}`
	two := `{"protocolSection":{"identificationModule":{"nctId":"NCT00000002","briefTitle":"B"}}}`
	bad := `{"protocolSection":{"identificationModule":{"briefTitle":"no id"}}}`
	typeErr := "{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT00000003\"},\n\"designModule\":{\"enrollmentInfo\":{\"count\":\"many\"}}}}"
	tests := []struct {
		name    string
		in      string
		ids     string
		errs    int
		errLine int
		field   string
	}{
		{"object", one, "NCT00000001", 0, 0, ""},
		{"page", `{"studies":[` + one + "," + two + `],"nextPageToken":"x"}`, "NCT00000001,NCT00000002", 0, 0, ""},
		{"empty page", `{"studies":[]}`, "", 0, 0, ""},
		{"array", "[\n" + one + ",\n" + two + "\n]", "NCT00000001,NCT00000002", 0, 0, ""},
		{"bad record skipped", "[\n" + one + ",\n" + bad + ",\n" + two + "\n]", "NCT00000001,NCT00000002", 1, 3, "protocolSection.identificationModule.nctId"},
		{"type error has line and field", "[\n" + one + ",\n" + typeErr + "\n]", "NCT00000001", 1, 4, "protocolSection.designModule.enrollmentInfo.count"},
		{"truncated array", "[\n" + one + ",\n" + two[:30], "NCT00000001", 1, 3, ""},
		{"not a study", `{"foo": 1}`, "", 1, 1, "protocolSection"},
		{"scalar", `42`, "", 1, 1, ""},
		{"deep nesting", strings.Repeat("[", 100000), "", 1, 1, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ss, errs := readAll(t, NewReader(strings.NewReader(tc.in), "in.json"))
			var ids []string
			for _, s := range ss {
				ids = append(ids, s.NCTID)
			}
			if got := strings.Join(ids, ","); got != tc.ids {
				t.Errorf("ids = %q, want %q", got, tc.ids)
			}
			if len(errs) != tc.errs {
				t.Fatalf("errors = %v, want %d", errs, tc.errs)
			}
			if tc.errs > 0 {
				var pe *ingest.ParseError
				if !errors.As(errs[0], &pe) {
					t.Fatalf("not a ParseError: %T", errs[0])
				}
				if pe.File != "in.json" || pe.Line != tc.errLine || pe.Field != tc.field {
					t.Errorf("error %v: file %q line %d field %q, want line %d field %q", pe, pe.File, pe.Line, pe.Field, tc.errLine, tc.field)
				}
			}
		})
	}
}

func TestPythonToJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{'a': True, 'b': False, 'c': None}`, `{"a": true, "b": false, "c": null}`},
		{`['it\'s', "say \"hi\"", 'tab\there', '\xe9\u00e9']`, `["it's", "say \"hi\"", "tab\there", "éé"]`},
		{`{'n': 1.5e-05, 'm': -3, 't': (1, 2)}`, `{"n": 1.5e-05, "m": -3, "t": [1, 2]}`},
		{"{'a':\n 'b'}", "{\"a\":\n \"b\"}"},
	}
	for _, tc := range tests {
		got, err := PythonToJSON([]byte(tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
	for _, in := range []string{"{'a': 'unclosed}", "{'a': nope}", "{'a':\n\n 'b", "{'x': r'raw'}"} {
		_, err := PythonToJSON([]byte(in))
		var pe *ingest.ParseError
		if !errors.As(err, &pe) || pe.Line < 1 {
			t.Errorf("%q: want positioned error, got %v", in, err)
		}
	}
	_, err := PythonToJSON([]byte("{'a':\n\n 'b"))
	if pe := (*ingest.ParseError)(nil); errors.As(err, &pe) && pe.Line != 3 {
		t.Errorf("unclosed string on line 3 reported at line %d", pe.Line)
	}
}

func TestConformance(t *testing.T) {
	seed, err := os.ReadFile("../../testdata/seeds/003_a224f28b0d59d797.txt")
	if err != nil {
		t.Fatal(err)
	}
	one, err := os.ReadFile("../../testdata/corpus/ctgov-v2/NCT00973089.json")
	if err != nil {
		t.Fatal(err)
	}
	ingesttest.Run(t, ingesttest.Suite{
		Format:  FormatJSON,
		Good:    [][]byte{one, append(append([]byte("["), one...), ']')},
		Bad:     [][]byte{[]byte(`{"protocolSection": {}}`), []byte(`[{"protocolSection": 5}]`)},
		Sniffed: true,
	})
	ingesttest.Run(t, ingesttest.Suite{
		Format:  FormatPython,
		Good:    [][]byte{seed},
		Bad:     [][]byte{bytes.Replace(seed, []byte("'nctId'"), []byte("'nct'"), 1), []byte("Raw JSON\n{'a': ")},
		Sniffed: true,
	})
}

func FuzzJSONReader(f *testing.F) {
	one, _ := os.ReadFile("../../testdata/corpus/ctgov-v2/NCT00973089.json")
	f.Add(one)
	f.Add([]byte(`{"studies":[{"protocolSection":{"identificationModule":{"nctId":"NCT00000001"}}}]}`))
	f.Add([]byte(`[{"protocolSection":{"identificationModule":{"nctId":"NCT00000001"}}}, 5]`))
	f.Fuzz(func(t *testing.T, in []byte) {
		ingesttest.ReadAll(t, FormatJSON, in)
	})
}

func FuzzPythonLiteral(f *testing.F) {
	seed, _ := os.ReadFile("../../testdata/seeds/003_a224f28b0d59d797.txt")
	f.Add(seed)
	f.Add([]byte(`{'a': '\x41\u00e9\U0001F600\101', 'b': (1, 2.5, None)}`))
	f.Add([]byte("{'unclosed: \\"))
	f.Fuzz(func(t *testing.T, in []byte) {
		PythonToJSON(in)
		ingesttest.ReadAll(t, FormatPython, in)
	})
}
