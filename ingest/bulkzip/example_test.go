package bulkzip_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/trialgraph/trialgraph/ingest/bulkzip"
)

func ExampleWalk() {
	// A tiny bulk archive: one API v2 study per entry.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, id := range []string{"NCT04288102", "NCT04339660"} {
		w, _ := zw.Create(id + ".json")
		fmt.Fprintf(w, `{"protocolSection":{"identificationModule":{"nctId":%q}}}`, id)
	}
	zw.Close()

	err := bulkzip.Walk(bytes.NewReader(buf.Bytes()), int64(buf.Len()), bulkzip.Limits{}, func(name string, body io.Reader) error {
		var s struct {
			ProtocolSection struct {
				IdentificationModule struct{ NctID string }
			}
		}
		if err := json.NewDecoder(body).Decode(&s); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Println(name, s.ProtocolSection.IdentificationModule.NctID)
		return nil
	})
	fmt.Println("error:", err)
	// Output:
	// NCT04288102.json NCT04288102
	// NCT04339660.json NCT04339660
	// error: <nil>
}
