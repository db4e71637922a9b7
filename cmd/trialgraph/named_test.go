package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestNamedVerbs(t *testing.T) {
	db := seedDB(t)
	tests := []struct {
		name string
		args []string
		code int
		out  string // the output starts with this
		err  string
	}{
		{"sites csv", []string{"sites", "--cell-source", "umbilical-cord", "--country", "CN", "--format", "csv"}, 0,
			"name,city,country,trials,site\nGeneral Hospital of Central Theater Command,Wuhan,CN,NCT04288102,", ""},
		{"sites json by default off a terminal", []string{"sites", "--cell-source", "adipose-tissue"}, 0,
			"[\n  {\n    \"site\": \"https://w3id.org/trialgraph/id/site/hospital-regional-lic-adolfo-lopez-mateos", ""},
		{"trials table", []string{"trials", "--cell-source", "umbilical-cord", "--phase", "1", "--format", "table"}, 0,
			"TRIAL        STATUS   PHASES         CELL_SOURCES    TITLE\nNCT04339660  UNKNOWN  PHASE1 PHASE2  umbilical-cord", ""},
		{"investigators", []string{"investigators", "--site", "Huoshenshan", "--format", "csv"}, 0,
			"name,roles,site,trials,other_trials\nFu-Sheng Wang,studyChair,Wuhan Huoshenshan Hospital,NCT04288102,\n", ""},
		{"sponsors", []string{"sponsors", "--cell-source", "bone-marrow", "--format", "csv"}, 0,
			"name,role,trials,org\nGuangzhou Institute of Respiratory Disease,leadSponsor,NCT04346368,", ""},
		{"outcomes", []string{"outcomes", "--cell-source", "umbilical-cord", "--match", "PaO2", "--format", "csv"}, 0,
			"trial,kind,measure,time_frame\nNCT04288102,secondary,Oxygenation index( PaO2/FiO2),\"Day 6, Day 10, Day 28\"\n", ""},
		{"cell sources", []string{"cell-sources", "--format", "csv"}, 0,
			"cell_source,label,trials\numbilical-cord,umbilical cord,3\n", ""},
		{"show query", []string{"sites", "--cell-source", "umbilical-cord", "--show-query"}, 0,
			`var trials = g.V("<https://w3id.org/trialgraph/id/cell-source/umbilical-cord>").In(`, ""},
		{"unknown cell source", []string{"sponsors", "--cell-source", "moon"}, exitUsage, "", "valid: adipose-tissue, amnion, bone-marrow, cord-blood, dental-pulp, endometrium, olfactory-mucosa, placenta, umbilical-cord, unspecified-msc, whartons-jelly"},
		{"bad format", []string{"cell-sources", "--format", "xml"}, exitUsage, "", "valid: table, json, csv"},
		{"query crash", []string{"query", "g.V().Out(123.5, {}).All()"}, exitFailed, "", "query crashed the query engine: panic:"},
		{"query loop", []string{"query", "--timeout", "300ms", "while(true){}"}, exitFailed, "", "time limit"},
		{"query", []string{"query", "--limit", "1", `g.V("<https://w3id.org/trialgraph/id/trial/NCT04288102>").Out("<https://w3id.org/trialgraph/vocab#nctId>").All()`}, 0,
			"[\n  {\n    \"id\": \"NCT04288102\"\n  }\n]\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := append([]string{tt.args[0], "--db", db}, tt.args[1:]...)
			code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
			if code != tt.code || !strings.HasPrefix(out.String(), tt.out) || !strings.Contains(errb.String(), tt.err) {
				t.Errorf("exit %d, want %d\nout:\n%s\nwant prefix:\n%s\nerr: %s (want %q)", code, tt.code, out.String(), tt.out, errb.String(), tt.err)
			}
		})
	}
	var errb bytes.Buffer
	if code := run(context.Background(), []string{"sites", "--db", t.TempDir() + "/none"}, nil, &bytes.Buffer{}, &errb); code != exitNoStore {
		t.Errorf("missing store: exit %d: %s", code, errb.String())
	}
}
