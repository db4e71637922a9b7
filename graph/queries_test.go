package graph_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ingest"
	_ "github.com/trialgraph/trialgraph/ingest/ctgovjson"
	_ "github.com/trialgraph/trialgraph/ingest/ctgovpage"
	_ "github.com/trialgraph/trialgraph/ingest/ctgovxml"
	_ "github.com/trialgraph/trialgraph/ingest/medpath"
)

// seedStore ingests testdata/seeds into a fresh store.
func seedStore(t *testing.T) *graph.Store {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := graph.Open(ctx, dir, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := graph.NewBuilder(graph.DefaultBase)
	files, _ := filepath.Glob("../testdata/seeds/*")
	sort.Strings(files)
	var batch []graph.TrialGraph
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		rd, err := ingest.Open(f, name, "")
		if err != nil {
			t.Fatal(err)
		}
		for {
			s, err := rd.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			batch = append(batch, graph.TrialGraph{NCTID: s.NCTID, Label: b.GraphIRI(s.NCTID), Quads: b.Study(s), Rank: graph.Rank(s)})
		}
		f.Close()
	}
	if len(batch) != 5 {
		t.Fatalf("seeds gave %d trials, want 5", len(batch))
	}
	if _, err := st.ReplaceTrials(ctx, batch); err != nil {
		t.Fatal(err)
	}
	return st
}

// The expected answers over the seeds; the cell sources are those the
// classifier gives: umbilical cord for NCT04288102, NCT04339660 and
// NCT05741099, bone marrow for NCT04346368, adipose tissue for NCT04611256.
func TestNamedQueriesOverSeeds(t *testing.T) {
	st := seedStore(t)
	tests := []struct {
		name  string
		query string
		p     graph.NamedParams
		want  [][]string // Cells of the answer, first columns only
		cols  int
	}{
		{"sites umbilical cord", "sites", graph.NamedParams{CellSource: "umbilical-cord"}, [][]string{
			{"General Hospital of Central Theater Command", "Wuhan", "CN", "NCT04288102"},
			{"Maternal and Child Hospital of Hubei Province", "Wuhan", "CN", "NCT04288102"},
			{"Puren Hospital Affiliated to Wuhan University of Science and Technology", "Wuhan", "CN", "NCT04339660"},
			{"The First Hospital of Hebei Medical University", "Shijiazhuang", "CN", "NCT05741099"},
			{"Wuhan Huoshenshan Hospital", "Wuhan", "CN", "NCT04288102"},
		}, 4},
		{"sites umbilical cord in Mexico", "sites", graph.NamedParams{CellSource: "umbilical-cord", Country: "MX"}, nil, 4},
		{"sites adipose in Mexico by name", "sites", graph.NamedParams{CellSource: "adipose-tissue", Country: "Mexico"}, [][]string{
			{"Hospital Regional Lic Adolfo Lopez Mateos"},
		}, 1},
		{"trials umbilical cord", "trials", graph.NamedParams{CellSource: "umbilical-cord"}, [][]string{
			{"NCT04288102", "COMPLETED", "PHASE2", "umbilical-cord"},
			{"NCT04339660", "UNKNOWN", "PHASE1 PHASE2", "umbilical-cord"},
			{"NCT05741099", "UNKNOWN", "PHASE1 PHASE2", "umbilical-cord"},
		}, 4},
		{"trials phase 1 unknown status", "trials", graph.NamedParams{Phase: "Phase 1", Status: "unknown"}, [][]string{
			{"NCT04339660"}, {"NCT04346368"}, {"NCT04611256"}, {"NCT05741099"},
		}, 1},
		{"trials completed in China", "trials", graph.NamedParams{Status: "Completed", Country: "china"}, [][]string{{"NCT04288102"}}, 1},
		{"trials by collaborator", "trials", graph.NamedParams{Sponsor: "vcanbio"}, [][]string{{"NCT04288102"}}, 1},
		{"trials by lead sponsor, phase 2", "trials", graph.NamedParams{Sponsor: "HEBEI medical", Phase: "2"}, [][]string{{"NCT05741099"}}, 1},
		{"trials sponsor with regexp characters", "trials", graph.NamedParams{Sponsor: "Corp., Ltd.)("}, nil, 1},
		{"investigators at Huoshenshan", "investigators", graph.NamedParams{Site: "huoshenshan"}, [][]string{
			{"Fu-Sheng Wang", "studyChair", "Wuhan Huoshenshan Hospital", "NCT04288102", ""},
		}, 5},
		{"investigators at Hebei", "investigators", graph.NamedParams{Site: "Hebei Medical"}, [][]string{
			{"Baoyong Yan", "principalInvestigator"}, {"Ding Yu", "principalInvestigator"}, {"Gang Liu", "studyDirector"},
			{"Jiawei Yang", "principalInvestigator"}, {"Le Wang", "principalInvestigator"}, {"Mingqi Zheng", "principalInvestigator"},
			{"Quanhai Li", "principalInvestigator"}, {"Tianshuo Li", "principalInvestigator"}, {"Wuzhuang Sun", "studyDirector"},
			{"Xianyun Wang", "principalInvestigator"}, {"Xifeng Jiang", "studyChair"}, {"Yajie Wang", "principalInvestigator"},
		}, 2},
		{"sponsors umbilical cord", "sponsors", graph.NamedParams{CellSource: "umbilical-cord"}, [][]string{
			{"Beijing 302 Hospital", "leadSponsor", "NCT04288102"},
			{"Hebei Medical University", "leadSponsor", "NCT05741099"},
			{"Huoshenshan Hospital", "collaborator", "NCT04288102"},
			{"Maternal and Child Health Hospital of Hubei Province", "collaborator", "NCT04288102"},
			{"The General Hospital of Central Theater Command", "collaborator", "NCT04288102"},
			{"Vcanbio Cell and Gene Engineering Corp., Ltd.", "collaborator", "NCT04288102"},
		}, 3},
		{"outcomes PaO2", "outcomes", graph.NamedParams{CellSource: "umbilical-cord", Match: "pao2"}, [][]string{
			{"NCT04288102", "secondary", "Oxygenation index( PaO2/FiO2)", "Day 6, Day 10, Day 28"},
		}, 4},
		{"outcomes regexp", "outcomes", graph.NamedParams{CellSource: "bone-marrow", Match: "^Incidence of"}, nil, 1},
		{"cell sources", "cell-sources", graph.NamedParams{}, [][]string{
			{"umbilical-cord", "umbilical cord", "3"}, {"adipose-tissue", "adipose tissue", "1"}, {"bone-marrow", "bone marrow", "1"},
			{"amnion", "amnion", "0"}, {"cord-blood", "umbilical cord blood", "0"}, {"dental-pulp", "dental pulp", "0"},
			{"endometrium", "endometrium", "0"}, {"olfactory-mucosa", "olfactory mucosa", "0"}, {"placenta", "placenta", "0"},
			{"unspecified-msc", "mesenchymal stem cell, source not stated", "0"}, {"whartons-jelly", "Wharton's jelly", "0"},
		}, 3},
		{"neighbourhood", "neighbourhood", graph.NamedParams{Trial: "nct04288102"}, [][]string{
			{"cellSource", "cell-source", "umbilical cord"},
			{"collaborator", "organization", "Huoshenshan Hospital"},
			{"collaborator", "organization", "Maternal and Child Health Hospital of Hubei Province"},
			{"collaborator", "organization", "The General Hospital of Central Theater Command"},
			{"collaborator", "organization", "Vcanbio Cell and Gene Engineering Corp., Ltd."},
			{"leadSponsor", "organization", "Beijing 302 Hospital"},
			{"site", "site", "General Hospital of Central Theater Command"},
			{"site", "site", "Maternal and Child Hospital of Hubei Province"},
			{"site", "site", "Wuhan Huoshenshan Hospital"},
			{"studyChair", "person", "Fu-Sheng Wang"},
		}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := graph.LookupNamed(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			a, err := n.Run(context.Background(), st, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, r := range a.Cells {
				got = append(got, r[:tt.cols])
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got\n%q\nwant\n%q\nquery: %s", got, tt.want, a.Query)
			}
			text, err := n.Text(tt.p)
			if err != nil || text != a.Query {
				t.Errorf("Text = %q, %v; want the query that ran", text, err)
			}
		})
	}
}

func TestSitesTypedRows(t *testing.T) {
	st := seedStore(t)
	rows, _, err := graph.Sites(context.Background(), st, graph.NamedParams{CellSource: "bone-marrow"})
	if err != nil {
		t.Fatal(err)
	}
	want := graph.SiteRow{
		Site: "https://w3id.org/trialgraph/id/site/guangzhou-institute-of-respiratory-health-first-affiliated-hospital-of-guangzhou-medical-university--guangzhou--cn",
		Name: "Guangzhou Institute of Respiratory Health, The First Affiliated Hospital of Guangzhou Medical University",
		City: "Guangzhou", Country: "CN", Trials: []string{"NCT04346368"},
	}
	if len(rows) != 1 || fmt.Sprint(rows[0]) != fmt.Sprint(want) {
		t.Errorf("got %+v\nwant %+v", rows, want)
	}
}

func TestNamedBadParams(t *testing.T) {
	tests := []struct {
		query   string
		p       graph.NamedParams
		mention string
	}{
		{"sites", graph.NamedParams{CellSource: "umbilical"}, "valid: adipose-tissue, amnion, bone-marrow, cord-blood, dental-pulp, endometrium, olfactory-mucosa, placenta, umbilical-cord, unspecified-msc, whartons-jelly"},
		{"sites", graph.NamedParams{CellSource: "umbilical-cord", Country: "Atlantis"}, "unknown country"},
		{"trials", graph.NamedParams{Phase: "7"}, "unknown phase"},
		{"trials", graph.NamedParams{Status: "--"}, "empty status"},
		{"investigators", graph.NamedParams{}, "needs a site"},
		{"outcomes", graph.NamedParams{Match: "(unclosed"}, "missing closing )"},
		{"neighbourhood", graph.NamedParams{Trial: "NCT1"}, "not an NCT number"},
	}
	for _, tt := range tests {
		t.Run(tt.query+" "+tt.mention, func(t *testing.T) {
			n, _ := graph.LookupNamed(tt.query)
			_, err := n.Text(tt.p)
			if !errors.Is(err, graph.ErrBadParam) || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %v, want ErrBadParam mentioning %q", err, tt.mention)
			}
		})
	}
	if _, err := graph.LookupNamed("nope"); err == nil || !strings.Contains(err.Error(), "sites, trials") {
		t.Errorf("LookupNamed(nope) = %v, want the valid names", err)
	}
}

// Parameters are data: quotes, backslashes, line separators and script
// text stay inside their string literal.
func TestNamedParamsCannotChangeTheQuery(t *testing.T) {
	st := seedStore(t)
	hostile := []string{
		`")).All(); while(true){}; g.V(("`,
		"\"\u2028  </script>",
		"'; g.V().Out(123.5, {}).All(); '",
	}
	for _, h := range hostile {
		for _, p := range []graph.NamedParams{{Sponsor: h}, {Site: h}} {
			q := "trials"
			if p.Site != "" {
				q = "investigators"
			}
			n, _ := graph.LookupNamed(q)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			a, err := n.Run(ctx, st, p)
			cancel()
			if err != nil || len(a.Cells) != 0 {
				t.Errorf("%s %q: %v rows, error %v; want no rows and no error", q, h, a, err)
			}
		}
	}
}
