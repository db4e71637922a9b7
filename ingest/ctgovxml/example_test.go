package ctgovxml_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/trialgraph/trialgraph/ingest"
	_ "github.com/trialgraph/trialgraph/ingest/ctgovxml"
)

func Example() {
	const record = `<?xml version="1.0" encoding="UTF-8"?>
<clinical_study>
  <id_info><nct_id>NCT04288102</nct_id></id_info>
  <brief_title>Treatment With Human Umbilical Cord-derived Mesenchymal Stem Cells for Severe Corona Virus Disease 2019 (COVID-19)</brief_title>
  <start_date type="Actual">March 5, 2020</start_date>
  <phase>Phase 2</phase>
  <study_design_info>
    <allocation>Randomized</allocation>
    <masking>Double (Participant, Investigator)</masking>
  </study_design_info>
</clinical_study>`
	r, err := ingest.Open(strings.NewReader(record), "NCT04288102.xml", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		s, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(s.NCTID, s.StartDate.Value, s.StartDate.Type, s.Phases)
		fmt.Println(s.Design.Allocation, s.Design.Masking, s.Design.WhoMasked)
	}
	r, _ = ingest.Open(strings.NewReader("<clinical_study>\n<id_info/>\n</clinical_study>"), "bad.xml", "")
	_, err = r.Read()
	fmt.Println(err)
	// Output:
	// NCT04288102 2020-03-05 ACTUAL [PHASE2]
	// RANDOMIZED DOUBLE [PARTICIPANT INVESTIGATOR]
	// bad.xml:2: field "clinical_study/id_info/nct_id": required field missing
}
