package trial

import (
	"strings"
	"testing"
)

func TestNormalizeDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"April 9, 2020", "2020-04-09", true},
		{"April 2020", "2020-04", true},
		{"Sep 2020", "2020-09", true},
		{"2020-08", "2020-08", true},
		{"2020-08-19", "2020-08-19", true},
		{"2020", "2020", true},
		{" 2020-02-30 ", "", false},
		{"2020-13", "", false},
		{"soon", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, ok := NormalizeDate(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeDate(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestEnumName(t *testing.T) {
	for in, want := range map[string]string{
		"Not yet recruiting": "NOT_YET_RECRUITING", "Open Label": "OPEN_LABEL", "Phase 1": "PHASE_1",
		"  Active, not recruiting ": "ACTIVE_NOT_RECRUITING", "": "",
	} {
		if got := EnumName(in); got != want {
			t.Errorf("EnumName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizePhase(t *testing.T) {
	for in, want := range map[string]string{
		"Phase 1": "PHASE1", "Phase 1/Phase 2": "PHASE1,PHASE2", "PHASE1/PHASE2": "PHASE1,PHASE2",
		"Early Phase 1": "EARLY_PHASE1", "N/A": "NA", "Not Applicable": "NA", "Phase II": "PHASE2",
		"Phase 2 Phase 3": "PHASE2,PHASE3", "": "",
	} {
		if got := strings.Join(NormalizePhase(in), ","); got != want {
			t.Errorf("NormalizePhase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDOIFromCitation(t *testing.T) {
	for in, want := range map[string]string{
		"Lancet. 2020;395(10223):470-473. doi: 10.1016/S0140-6736(20)30185-9. Epub 2020 Jan 24.": "10.1016/S0140-6736(20)30185-9",
		"see https://doi.org/10.1186/s13287-020-01875-5":                                         "10.1186/s13287-020-01875-5",
		"No DOI here. PMID 123": "",
	} {
		if got := DOIFromCitation(in); got != want {
			t.Errorf("DOIFromCitation(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitDegrees(t *testing.T) {
	tests := []struct{ in, name, deg string }{
		{"Fu-Sheng Wang, MD, PhD", "Fu-Sheng Wang", "MD, PhD"},
		{"Quanhai Li, Doctor", "Quanhai Li", "Doctor"},
		{"Li Ma", "Li Ma", ""},
		{"Yan Liu, MD", "Yan Liu", "MD"},
		{"M. Eunice Rodríguez Arellano, M.D.", "M. Eunice Rodríguez Arellano", "M.D"},
		{"Gilead Study Director", "Gilead Study Director", ""},
	}
	for _, tc := range tests {
		name, deg := SplitDegrees(tc.in)
		if name != tc.name || deg != tc.deg {
			t.Errorf("SplitDegrees(%q) = %q, %q; want %q, %q", tc.in, name, deg, tc.name, tc.deg)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := (&Study{NCTID: "NCT04288102"}).Validate(); err != nil {
		t.Error(err)
	}
	for _, id := range []string{"", "NCT123", "nct04288102", "NCT042881020"} {
		if err := (&Study{NCTID: id}).Validate(); err == nil {
			t.Errorf("Validate accepted %q", id)
		}
	}
}
