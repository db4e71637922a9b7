package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres" // registers the "postgres" quad store and the lib/pq driver
)

// PostgresType is the Cayley quad-store type of PostgreSQL stores.
const PostgresType = "postgres"

// IsPostgres reports whether db names a PostgreSQL database
// (postgres://user:pass@host:port/db?sslmode=disable) rather than a bolt
// directory.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// Redact returns db with the password of a database URL replaced by xxxxx,
// for messages.
func Redact(db string) string {
	if !IsPostgres(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// lockClass is the first key of the PostgreSQL advisory lock a trialgraph
// store takes (shared for readers, exclusive for the writer); the second is
// a hash of the schema holding the store's tables, so that stores in
// different schemas of one database (search_path=... in the URL) do not
// exclude each other.
const lockClass int32 = 0x74677374 // "tgst"

// openPostgres opens the Cayley SQL store in the database named by the URL
// addr. A session-level advisory lock plays the part of bolt's file lock:
// it lasts as long as the connection holding it, so a crashed process
// releases it. Replacements there run in one SQL transaction, so the store
// needs no journal.
func openPostgres(ctx context.Context, addr string, opts Options) (*Store, error) {
	name := Redact(addr)
	db, err := sql.Open("postgres", addr)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	conn, err := db.Conn(ctx)
	if err == nil {
		err = conn.PingContext(ctx)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	release := func() { conn.Close(); db.Close() }
	if err := advisoryLock(ctx, conn, name, opts); err != nil {
		release()
		return nil, err
	}
	var exists, empty bool
	if err := conn.QueryRowContext(ctx, `SELECT to_regclass('quads') IS NOT NULL`).Scan(&exists); err != nil {
		release()
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	if exists && !opts.ReadOnly {
		if err := conn.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM quads)`).Scan(&empty); err != nil {
			release()
			return nil, fmt.Errorf("open store %s: %w", name, err)
		}
	}
	if !exists {
		if opts.ReadOnly {
			release()
			return nil, fmt.Errorf("%w at %s (create it with trialgraph ingest --db URL)", ErrNoStore, name)
		}
		if err := graph.InitQuadStore(PostgresType, addr, graph.Options{}); err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
			release()
			return nil, fmt.Errorf("init store %s: %w", name, err)
		}
	}
	qs, err := graph.NewQuadStore(PostgresType, addr, graph.Options{})
	if err != nil {
		release()
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	closer := func() error {
		err := qs.Close()
		release()
		return err
	}
	st := &Store{QS: noPushdown{qs}, path: name, readOnly: opts.ReadOnly, closer: closer, atomic: true}
	st.fresh = !opts.ReadOnly && (!exists || empty)
	return st, nil
}

// noPushdown hides the SQL quad store's shape optimizer, which turns a
// whole Gizmo path into one SQL query: in Cayley v0.7.7 the iterator of
// such a query dereferences nil on paths with optional saves (SaveOpt, as
// the trials query uses; see storetest). Without it, paths run on Cayley's
// generic iterators over indexed SQL lookups: slower, but right.
type noPushdown struct{ graph.QuadStore }

// advisoryLock takes the store's advisory lock on conn, retrying until
// opts.LockTimeout, and fails with ErrStoreInUse.
func advisoryLock(ctx context.Context, conn *sql.Conn, name string, opts Options) error {
	fn := "pg_try_advisory_lock"
	if opts.ReadOnly {
		fn = "pg_try_advisory_lock_shared"
	}
	deadline := time.Now().Add(opts.LockTimeout)
	for {
		var ok bool
		if err := conn.QueryRowContext(ctx, `SELECT `+fn+`($1, hashtext(current_schema()))`, lockClass).Scan(&ok); err != nil {
			return fmt.Errorf("lock store %s: %w", name, err)
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			who := "a reader (query, export or serve)"
			if opts.ReadOnly {
				who = "a writer (ingest)"
			}
			return fmt.Errorf("%s: %w: %s has it open", name, ErrStoreInUse, who)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
