package main

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// The query workers are this executable run again: under go test that is
// the test binary, which then acts as trialgraph when this variable is set.
const asMainEnv = "TRIALGRAPH_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		applyChildLimits() // see reliability_helpers_test.go
		main()
		return
	}
	os.Setenv(asMainEnv, "1") // for the children this process starts
	os.Exit(m.Run())
}

// seedDB ingests testdata/seeds into a new store and returns its directory.
func seedDB(t *testing.T) string {
	t.Helper()
	db := t.TempDir()
	var errb bytes.Buffer
	if code := run(context.Background(), []string{"ingest", "-q", "--db", db, "../../testdata/seeds"}, nil, &bytes.Buffer{}, &errb); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errb.String())
	}
	return db
}
