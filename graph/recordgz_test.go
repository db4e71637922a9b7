package graph

import (
	"runtime"
	"testing"

	"github.com/trialgraph/trialgraph/trial"
)

// Encoding a record reuses its gzip writer: a new one allocates about
// 800 KB of flate's tables, which for each study of an ingest was most of
// the collector's work. Decoding gives the record back.
func TestEncodeRecordReusesItsWriter(t *testing.T) {
	s := &trial.Study{NCTID: "NCT04000001", BriefTitle: "Umbilical cord MSC for ARDS"}
	if _, err := encodeRecord(s); err != nil { // the pool's first writer
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const n = 50
	for range n {
		v, err := encodeRecord(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := decodeRecord(v)
		if err != nil || back.NCTID != s.NCTID || back.BriefTitle != s.BriefTitle {
			t.Fatalf("decoded %+v, %v", back, err)
		}
	}
	runtime.ReadMemStats(&after)
	// Reading a record back allocates gzip's reader (about 40 KB); a new
	// writer for each record would add 800 KB.
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 200<<10 {
		t.Errorf("%d bytes allocated for each record encoded and decoded", per)
	}
}
