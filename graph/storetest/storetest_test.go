package storetest_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/graph/storetest"
)

func TestBolt(t *testing.T) {
	storetest.Run(t, func(t *testing.T) string { return filepath.Join(t.TempDir(), "db") })
}

// PostgresEnv names the database the PostgreSQL tests use; .ci/run sets it.
const PostgresEnv = "TRIALGRAPH_TEST_POSTGRES"

// postgresURL returns the test database's URL, skipping the test when it
// is not configured, except under CI=true, where that fails.
func postgresURL(t *testing.T) string {
	u := os.Getenv(PostgresEnv)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set under CI=true (.ci/run starts PostgreSQL and sets it)", PostgresEnv)
		}
		t.Skipf("%s is not set; skipping the PostgreSQL backend (CI runs it)", PostgresEnv)
	}
	return u
}

// newPostgresStore makes a schema of its own for each store, so stores
// start empty and tests do not share tables or locks.
func newPostgresStore(t *testing.T) string {
	base := postgresURL(t)
	db, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "tgtest_" + hex.EncodeToString(b)
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestPostgres(t *testing.T) {
	postgresURL(t)
	storetest.Run(t, newPostgresStore)
}

// Messages name a database without its password, and a refused
// connection is an error, not a hang.
func TestPostgresErrorsHidePassword(t *testing.T) {
	u, _ := url.Parse(postgresURL(t))
	u.User = url.UserPassword(u.User.Username(), "not-the-password-x1")
	_, err := graph.Open(context.Background(), u.String(), graph.Options{})
	if err == nil {
		t.Fatal("wrong password accepted")
	}
	if strings.Contains(err.Error(), "not-the-password-x1") {
		t.Errorf("error shows the password: %v", err)
	}
	if errors.Is(err, graph.ErrStoreInUse) {
		t.Errorf("wrong password reported as store in use: %v", err)
	}
}
