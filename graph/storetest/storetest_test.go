package storetest_test

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/graph/storetest"
)

func TestBolt(t *testing.T) {
	storetest.Run(t, func(t *testing.T) string { return filepath.Join(t.TempDir(), "db") })
}

func TestPostgres(t *testing.T) {
	storetest.PostgresURL(t)
	storetest.Run(t, storetest.NewPostgres)
}

// Messages name a database without its password, and a refused
// connection is an error, not a hang.
func TestPostgresErrorsHidePassword(t *testing.T) {
	u, _ := url.Parse(storetest.PostgresURL(t))
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
