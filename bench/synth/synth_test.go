package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"sort"
	"testing"
	"unicode/utf8"
)

func build(t testing.TB, opts options) ([]byte, stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := writeArchive(context.Background(), &buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), st
}

func small(n int, seed uint64) options {
	return options{n: n, seed: seed, mscFraction: 0.01, sites: 4000, sponsors: 800}
}

func TestDeterministic(t *testing.T) {
	a, _ := build(t, small(300, 7))
	b, _ := build(t, options{n: 300, seed: 7, mscFraction: 0.01, sites: 4000, sponsors: 800, workers: 1})
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed (and different worker counts) differ")
	}
	c, _ := build(t, small(300, 8))
	if bytes.Equal(a, c) {
		t.Fatal("different seeds give the same archive")
	}
}

type record struct {
	ProtocolSection struct {
		IdentificationModule struct {
			NctID string `json:"nctId"`
		} `json:"identificationModule"`
		ArmsInterventionsModule struct {
			Interventions []struct{ Name, Description string } `json:"interventions"`
		} `json:"armsInterventionsModule"`
		ContactsLocationsModule struct {
			Locations []struct{ Facility, City, Country string } `json:"locations"`
		} `json:"contactsLocationsModule"`
	} `json:"protocolSection"`
	DerivedSection json.RawMessage `json:"derivedSection"`
	HasResults     *bool           `json:"hasResults"`
}

func TestRecords(t *testing.T) {
	const n = 3000
	data, st := build(t, options{n: n, seed: 1, mscFraction: 0.05, sites: 20000, sponsors: 3000})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != n || st.studies != n {
		t.Fatalf("%d entries, %d studies, want %d", len(zr.File), st.studies, n)
	}
	ids := map[string]bool{}
	var names []string
	siteUse := map[string]int{}
	nonASCII, han, msc := 0, 0, 0
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		var rec record
		if err := json.Unmarshal(body, &rec); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		id := rec.ProtocolSection.IdentificationModule.NctID
		if len(id) != 11 || id[:4] != "NCT0" || f.Name != id+".json" {
			t.Errorf("%s: nctId %q", f.Name, id)
		}
		if ids[id] {
			t.Errorf("duplicate id %s", id)
		}
		ids[id] = true
		if rec.HasResults == nil || rec.DerivedSection == nil {
			t.Errorf("%s: no hasResults or derivedSection", f.Name)
		}
		if !f.Modified.UTC().Equal(modTime) {
			t.Errorf("%s: modified %v", f.Name, f.Modified)
		}
		for _, l := range rec.ProtocolSection.ContactsLocationsModule.Locations {
			siteUse[l.Facility+"|"+l.City+"|"+l.Country]++
		}
		if !isASCII(body) {
			nonASCII++
		}
		if bytes.Contains(body, []byte("医院")) {
			han++
		}
		for _, iv := range rec.ProtocolSection.ArmsInterventionsModule.Interventions {
			text := []byte(iv.Name + " " + iv.Description)
			if bytes.Contains(bytes.ToLower(text), []byte("mesenchymal")) || bytes.Contains(text, []byte("MSC")) ||
				bytes.Contains(text, []byte("stem cells")) || bytes.Contains(text, []byte("stromal cells")) {
				msc++
				break
			}
		}
	}
	if !sort.StringsAreSorted(names) {
		t.Error("entries are not in id order")
	}
	if msc < n*3/100 || msc > n*7/100 || msc < st.msc {
		t.Errorf("%d MSC-named studies (%d generated) of %d, want about 5%%", msc, st.msc, n)
	}
	if nonASCII < n/4 || han == 0 {
		t.Errorf("%d studies with non-ASCII text, %d with Han characters", nonASCII, han)
	}
	var uses []int
	for _, u := range siteUse {
		uses = append(uses, u)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(uses)))
	median := uses[len(uses)/2]
	t.Logf("%d sites used, top %v, median %d", len(uses), uses[:5], median)
	if uses[0] < 20*median || uses[0] < 20 {
		t.Errorf("no popularity skew: top site in %d studies, median %d", uses[0], median)
	}
}

func TestMSCFraction(t *testing.T) {
	for _, frac := range []float64{0, 0.01, 0.2} {
		_, st := build(t, options{n: 2000, seed: 3, mscFraction: frac, sites: 4000, sponsors: 800})
		want := frac * 2000
		if d := float64(st.msc) - want; d > 4*sqrt(want+1) || d < -4*sqrt(want+1) {
			t.Errorf("fraction %v: %d MSC studies of 2000, want about %.0f", frac, st.msc, want)
		}
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []options{{n: 0}, {n: 7_000_000}, {n: 10, mscFraction: 2}} {
		if _, err := writeArchive(context.Background(), io.Discard, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-n", "50", "-sites", "2000", "-o", "-"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if _, err := zip.NewReader(bytes.NewReader(stdout.Bytes()), int64(stdout.Len())); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(stderr.Bytes(), []byte("synth: 50 studies")) || bytes.Count(stderr.Bytes(), []byte("\n")) != 1 {
		t.Errorf("summary %q", stderr.String())
	}
	if code := run(context.Background(), []string{"-n", "x"}, &stdout, &stderr); code != 2 {
		t.Errorf("bad flag: exit %d", code)
	}
}

func isASCII(b []byte) bool {
	return utf8.Valid(b) && len(b) == len([]rune(string(b))) // every rune one byte
}

func sqrt(x float64) float64 {
	z := x
	for i := 0; i < 30 && z > 0; i++ {
		z = (z + x/z) / 2
	}
	return z
}

func BenchmarkStudy(b *testing.B) {
	w, err := newWorld(1, 40000, 6000)
	if err != nil {
		b.Fatal(err)
	}
	g := &generator{w: w, n: 600000, mscFrac: 0.01}
	for i := 0; b.Loop(); i++ {
		g.study(i % 600000)
	}
}
