package ctgovapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/trialgraph/trialgraph/ingest/ctgovapi"
	"github.com/trialgraph/trialgraph/ingest/ctgovapi/ctgovapitest"
)

func ExampleClient_Fetch() {
	// A local replay of the API serving seven recorded studies; in real use
	// leave BaseURL empty for https://clinicaltrials.gov.
	studies, err := ctgovapitest.LoadStudies("../../testdata/api/studies.json")
	if err != nil {
		log.Fatal(err)
	}
	srv := ctgovapitest.NewServer(studies)
	defer srv.Close()

	c := &ctgovapi.Client{BaseURL: srv.URL, RequestsPerMinute: 6000}
	q := ctgovapi.Query{Since: "2023-12-01", PageSize: 2}
	var st ctgovapi.State
	err = c.Fetch(context.Background(), q, &st, func(page int, body []byte) error {
		var p struct{ Studies []json.RawMessage }
		if err := json.Unmarshal(body, &p); err != nil {
			return err
		}
		fmt.Printf("page %d: %d studies\n", page, len(p.Studies))
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d pages, %d of %d studies, done: %v\n", st.Pages, st.Studies, st.Total, st.Done)
	fmt.Println(st.Query)
	// Output:
	// page 1: 2 studies
	// page 2: 1 studies
	// 2 pages, 3 of 3 studies, done: true
	// filter.advanced=AREA%5BLastUpdatePostDate%5DRANGE%5B2023-12-01%2CMAX%5D&format=json
}
