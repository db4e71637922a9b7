package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/ingest/bulkzip"
)

// crashSeed returns the seed of the crash test's random kill points:
// TRIALGRAPH_CRASH_SEED when set, else 1, so a failure can be replayed.
func crashSeed(t *testing.T) int64 {
	if s := os.Getenv("TRIALGRAPH_CRASH_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("TRIALGRAPH_CRASH_SEED: %v", err)
		}
		return n
	}
	return 1
}

// crashCounts are the figures the crash test reports.
type crashCounts struct {
	kills, withJournal, repaired, finished, completions int
	maxTrials                                           int
}

// TestCrashSafety kills ingest with SIGKILL at random points, first while
// it loads the seeds and corpora into an empty store, then while it
// replaces stored trials with newer revisions of their records. After each
// kill the store must open (a reader refused while a replacement is
// interrupted, a writer repairing it), hold only complete trial graphs,
// and a new ingest must finish the job with the export of a clean run.
func TestCrashSafety(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	seed := crashSeed(t)
	rng := rand.New(rand.NewSource(seed))
	perPhase := 10
	if testing.Short() {
		perPhase = 3
	}
	tmp := t.TempDir()
	// Kills land inside writes when batches are small; a batch that
	// replaces stored trials reads the store once, so not too small.
	ingestArgs := func(db string, batch int, inputs ...string) []string {
		return append([]string{"ingest", "-q", "--batch", strconv.Itoa(batch), "--db", db}, inputs...)
	}

	// The clean run, timed: kill points spread over its duration.
	refA := filepath.Join(tmp, "refA")
	begin := time.Now()
	start := begin
	if r := runChild(t, nil, ingestArgs(refA, 20, corpusInputs...)...); r.code != 0 {
		t.Fatalf("clean ingest: exit %d\n%s", r.code, r.stderr)
	}
	durA := time.Since(start)
	wantA := mustTG(t, "export", "--db", refA)

	sets := graphSets{}
	sets.addDescriptions(t, inputFiles(t, corpusInputs))
	checkRef := func(db string) {
		st, err := graph.Open(ctx, db, graph.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := checkComplete(ctx, st, sets); err != nil {
			t.Fatalf("a clean store is not made of the graphs its records build (the check itself is wrong):\n%v", err)
		}
	}
	checkRef(refA)

	var c crashCounts
	db := filepath.Join(tmp, "db")
	// afterKill checks the store a killed ingest left behind.
	afterKill := func(what string) {
		t.Helper()
		c.kills++
		journal, _ := os.ReadFile(filepath.Join(db, graph.JournalFile))
		interrupted := len(bytes.TrimSpace(journal)) > 0
		rd, err := graph.Open(ctx, db, graph.Options{ReadOnly: true})
		switch {
		case interrupted:
			c.withJournal++
			if err == nil {
				rd.Close()
				t.Errorf("%s: a reader opened a store whose replacement was interrupted", what)
			} else if !errors.Is(err, graph.ErrInterrupted) {
				t.Errorf("%s: reader: %v, want ErrInterrupted", what, err)
			}
			code, _, errs := tg(t, "", "export", "--db", db)
			if code != exitFailed || !strings.Contains(errs, "interrupted") || !strings.Contains(errs, "trialgraph ingest") {
				t.Errorf("%s: export of an interrupted store: exit %d, %q", what, code, errs)
			}
		case err != nil && errors.Is(err, graph.ErrNoStore):
			return // killed before the store was initialised
		case err != nil:
			t.Errorf("%s: reader: %v", what, err)
		default:
			rd.Close()
		}
		st, err := graph.Open(ctx, db, graph.Options{})
		if err != nil {
			t.Fatalf("%s: the writer cannot open the store: %v", what, err)
		}
		defer st.Close()
		c.repaired += len(st.Recovered())
		if interrupted && len(st.Recovered()) == 0 {
			t.Errorf("%s: the writer did not repair the interrupted replacement", what)
		}
		if _, err := os.Stat(filepath.Join(db, graph.JournalFile)); err == nil {
			t.Errorf("%s: the journal is still there after repair", what)
		}
		n, err := checkComplete(ctx, st, sets)
		if err != nil {
			t.Fatalf("%s: incomplete trials after a kill:\n%v", what, err)
		}
		c.maxTrials = max(c.maxTrials, n)
	}
	// runKilled runs an ingest and kills it after delay; it reports
	// whether the kill came before the ingest ended.
	// With nthJournal > 0 the kill comes instead a little after the
	// journal of the nthJournal-th replacement appears, inside the window
	// between its deletions and its additions.
	runKilled := func(args []string, delay time.Duration, nthJournal int) bool {
		t.Helper()
		cmd := child(ctx, args...)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		timer := time.After(delay)
		var poll <-chan time.Time
		if nthJournal > 0 {
			timer = nil
			tick := time.NewTicker(500 * time.Microsecond)
			defer tick.Stop()
			poll = tick.C
		}
		journal := filepath.Join(db, graph.JournalFile)
		for seen, present := 0, false; ; {
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("ingest failed before its kill: %v\n%s", err, errb.String())
				}
				return false
			case <-timer:
			case <-poll:
				_, err := os.Stat(journal)
				if err == nil && !present {
					seen++
				}
				present = err == nil
				if seen < nthJournal {
					continue
				}
				time.Sleep(delay)
			}
			break
		}
		cmd.Process.Signal(syscall.SIGKILL)
		err := <-done
		var ee *exec.ExitError
		if err == nil || !errors.As(err, &ee) {
			return false // it ended on its own just before the signal
		}
		if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("ingest failed: %v\n%s", err, errb.String())
		}
		return true
	}
	finish := func(what string, want string, batch int, inputs ...string) {
		t.Helper()
		if r := runChild(t, nil, ingestArgs(db, batch, inputs...)...); r.code != 0 {
			t.Fatalf("%s: ingest after the kills: exit %d\n%s", what, r.code, r.stderr)
		}
		if got := mustTG(t, "export", "--db", db); got != want {
			t.Fatalf("%s: the store finished after kills exports differently from a clean run:\n%s", what, lineDiff(want, got))
		}
		c.completions++
	}

	// Phase 1: kills while loading the store. After the fifth kill, and
	// whenever a run ends before its kill, the next run goes to the end,
	// its export is compared with the clean one and the store is emptied,
	// so that the later kills land in a fresh load again.
	for attempt := 0; c.kills < perPhase && attempt < 3*perPhase; attempt++ {
		delay := time.Duration((0.02 + 0.98*rng.Float64()) * float64(durA))
		what := fmt.Sprintf("load, kill after %s", delay.Round(time.Millisecond))
		t.Logf("%s (%s into the test)", what, time.Since(begin).Round(time.Millisecond))
		if !runKilled(ingestArgs(db, 20, corpusInputs...), delay, 0) {
			c.finished++
			if got := mustTG(t, "export", "--db", db); got != wantA {
				t.Fatalf("%s: an uninterrupted resumed ingest exports differently from a clean run:\n%s", what, lineDiff(wantA, got))
			}
			os.RemoveAll(db)
			continue
		}
		afterKill(what)
		if c.kills == 5 && c.kills < perPhase {
			finish(what, wantA, 200, corpusInputs...)
			os.RemoveAll(db)
		}
	}
	finish("load", wantA, 200, corpusInputs...)
	loadKills := c.kills

	// Phase 2: kills while newer revisions of some records replace their
	// trials; every run brings a new revision, so every run replaces.
	gen := 0
	revision := func() []string {
		gen++
		files := writeVariants(t, filepath.Join(tmp, fmt.Sprintf("rev%d", gen)), gen)
		sets.addDescriptions(t, files)
		return files
	}
	start = time.Now()
	if r := runChild(t, nil, ingestArgs(db, 25, revision()...)...); r.code != 0 {
		t.Fatalf("revision ingest: exit %d\n%s", r.code, r.stderr)
	}
	durB := time.Since(start)
	for attempt := 0; c.kills-loadKills < perPhase && attempt < 3*perPhase; attempt++ {
		// Every other kill aims at a replacement's journal window.
		delay := time.Duration((0.02 + 0.98*rng.Float64()) * float64(durB))
		nth := 0
		what := fmt.Sprintf("revision %d, kill after %s", gen+1, delay.Round(time.Millisecond))
		if attempt%2 == 1 {
			nth, delay = 1+rng.Intn(4), time.Duration(rng.Intn(3000))*time.Microsecond
			what = fmt.Sprintf("revision %d, kill %s after journal %d appears", gen+1, delay, nth)
		}
		t.Logf("%s (%s into the test)", what, time.Since(begin).Round(time.Millisecond))
		if !runKilled(ingestArgs(db, 25, revision()...), delay, nth) {
			c.finished++
			continue
		}
		afterKill(what)
	}
	last := revision()
	refB := filepath.Join(tmp, "refB")
	mustTG(t, ingestArgs(refB, 200, append(append([]string{}, corpusInputs...), last...)...)...)
	wantB := mustTG(t, "export", "--db", refB)
	finish("revisions", wantB, 200, append(append([]string{}, corpusInputs...), last...)...)

	if c.kills < 2*perPhase {
		t.Errorf("only %d of %d kills landed before the ingest ended", c.kills, 2*perPhase)
	}
	if !testing.Short() && c.withJournal == 0 {
		t.Errorf("no kill landed inside a replacement (journal present); the test does not exercise repair")
	}
	t.Logf("seed %d: %d kills (%d loading, %d replacing), %d with a journal present, %d trial graphs repaired, %d runs ended before their kill, %d completed runs matched a clean export; clean load %s, revision ingest %s",
		seed, c.kills, loadKills, c.kills-loadKills, c.withJournal, c.repaired, c.finished, c.completions, durA.Round(time.Millisecond), durB.Round(time.Millisecond))
}

// TestIngestOrderDoesNotMatter ingests the seeds and corpora in random
// orders, with repeated files, directories given whole, and the work split
// over several runs, and compares the exports byte for byte.
func TestIngestOrderDoesNotMatter(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(crashSeed(t)))
	orders := 10
	if testing.Short() {
		orders = 3
	}
	tmp := t.TempDir()
	ref := filepath.Join(tmp, "ref")
	mustTG(t, append([]string{"ingest", "-q", "--db", ref}, corpusInputs...)...)
	wantTTL := mustTG(t, "export", "--db", ref)
	wantNQ := mustTG(t, "export", "--db", ref, "--format", "nquads")
	files := recordFiles(t, corpusInputs)
	for i := 0; i < orders; i++ {
		// A shuffled list of the files, a tenth of them twice; every
		// third order names the XML directory instead of its files.
		var list []string
		for _, f := range files {
			if i%3 == 0 && strings.HasPrefix(f, corpusInputs[2]+"/") {
				continue
			}
			list = append(list, f)
			if rng.Intn(10) == 0 {
				list = append(list, f)
			}
		}
		if i%3 == 0 {
			list = append(list, corpusInputs[2])
		}
		rng.Shuffle(len(list), func(a, b int) { list[a], list[b] = list[b], list[a] })
		runs := 1 + i%2 // odd orders split the work over two ingests
		batch := strconv.Itoa(1 + rng.Intn(200))
		name := fmt.Sprintf("order %d (%d args, %d runs, batch %s)", i, len(list), runs, batch)
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(tmp, strconv.Itoa(i))
			cut := len(list) / runs
			for r := 0; r < runs; r++ {
				part := list[r*cut:]
				if r < runs-1 {
					part = list[r*cut : (r+1)*cut]
				}
				mustTG(t, append([]string{"ingest", "-q", "--batch", batch, "--db", db}, part...)...)
			}
			// Turtle is written from the sorted statements of the store,
			// so equal N-Quads make equal Turtle; check it on some orders.
			if i%3 == 0 {
				if got := mustTG(t, "export", "--db", db); got != wantTTL {
					t.Errorf("Turtle differs from the reference:\n%s", lineDiff(wantTTL, got))
				}
			}
			if got := mustTG(t, "export", "--db", db, "--format", "nquads"); got != wantNQ {
				t.Errorf("N-Quads differ from the reference:\n%s", lineDiff(wantNQ, got))
			}
			os.RemoveAll(db)
		})
	}
}

// startChild starts trialgraph in a child process that the test ends.
type runningChild struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr *syncBuffer
	done   chan struct{}
}

func startChild(t *testing.T, args ...string) *runningChild {
	t.Helper()
	c := &runningChild{cmd: child(context.Background(), args...), stderr: &syncBuffer{}, done: make(chan struct{})}
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	c.cmd.Stderr = c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.cmd.Wait(); close(c.done) }()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		<-c.done
	})
	return c
}

// waitFor waits until the child's standard error contains s and returns
// it, failing the test if the child ends first or takes more than 30 s.
func (c *runningChild) waitFor(t *testing.T, s string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if msg := c.stderr.String(); strings.Contains(msg, s) {
			return msg
		}
		select {
		case <-c.done:
			t.Fatalf("%s ended (%v) before saying %q:\n%s", c.cmd.Args[1], c.cmd.ProcessState, s, c.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("%s did not say %q in 30s:\n%s", c.cmd.Args[1], s, c.stderr.String())
	return ""
}

// exclusivelyLocked reports whether another process holds the store's lock
// for writing.
func exclusivelyLocked(t *testing.T, db string) bool {
	f, err := os.Open(filepath.Join(db, "trialgraph.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

// TestConcurrentProcesses holds the store with a writer process (an ingest
// reading standard input the test keeps open) and checks that every other
// verb, run at the same time, is refused at once with exit status 3 and a
// message; then that several readers work together, and that a writer is
// refused while they read.
func TestConcurrentProcesses(t *testing.T) {
	db := seedDB(t)
	seed := "../../testdata/seeds/003_a224f28b0d59d797.txt"
	writer := startChild(t, "ingest", "-q", "--db", db, "-")
	for deadline := time.Now().Add(30 * time.Second); !exclusivelyLocked(t, db); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the writer did not take the store: %s", writer.stderr.String())
		}
	}
	others := []struct {
		name string
		args []string
	}{
		{"second writer", []string{"ingest", "--db", db, seed}},
		{"query", []string{"query", "--db", db, titlesQuery}},
		{"export", []string{"export", "--db", db}},
		{"export to a file", []string{"export", "--db", db, "-o", filepath.Join(t.TempDir(), "out.ttl")}},
		{"named query", []string{"sites", "--db", db, "--cell-source", "umbilical-cord"}},
		{"serve", []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}},
	}
	// All at once: none may wait for the writer, deadlock or crash.
	type outcome struct {
		res     childResult
		elapsed time.Duration
	}
	results := make([]outcome, len(others))
	var wg sync.WaitGroup
	for i, o := range others {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			results[i] = outcome{runChildTimeout(t, 20*time.Second, o.args...), time.Since(start)}
		}()
	}
	wg.Wait()
	for i, o := range others {
		r := results[i]
		if r.res.code != exitInUse || !strings.Contains(r.res.stderr, "store in use") || !strings.Contains(r.res.stderr, "a writer (ingest) has it open") {
			t.Errorf("%s while a writer runs: exit %d, want %d with a message:\n%s", o.name, r.res.code, exitInUse, r.res.stderr)
		}
		if r.elapsed > 5*time.Second {
			t.Errorf("%s took %s to be refused", o.name, r.elapsed)
		}
		t.Logf("%s refused in %s: %s", o.name, r.elapsed.Round(time.Millisecond), strings.TrimSpace(r.res.stderr))
	}
	// The refusal itself takes well under a second.
	start := time.Now()
	if st, err := graph.Open(context.Background(), db, graph.Options{}); !errors.Is(err, graph.ErrStoreInUse) {
		if err == nil {
			st.Close()
		}
		t.Errorf("second writer in process: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("a second writer waited %s for its refusal", d)
	}
	if _, err := io.WriteString(writer.stdin, `{"protocolSection":{"identificationModule":{"nctId":"NCT00000009"}}}`); err != nil {
		t.Fatal(err)
	}
	writer.stdin.Close()
	<-writer.done
	if code := writer.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("writer: exit %d: %s", code, writer.stderr.String())
	}

	// Several readers at once, a server among them.
	srv := startChild(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
	msg := srv.waitFor(t, "read-only on http://")
	base := strings.TrimSuffix(strings.Fields(msg[strings.Index(msg, "http://"):])[0], "/")
	readers := [][]string{
		{"query", "--db", db, titlesQuery},
		{"query", "--db", db, umbilicalSites},
		{"export", "--db", db, "--format", "nquads"},
		{"sites", "--db", db, "--cell-source", "umbilical-cord", "--format", "csv"},
		{"cell-sources", "--db", db, "--format", "csv"},
	}
	res := make([]childResult, len(readers))
	for i, args := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = runChildTimeout(t, 60*time.Second, args...)
		}()
	}
	code, r := call(t, "POST", base+"/api/v2/query?lang=gizmo", titlesQuery)
	wg.Wait()
	if code != 200 || !strings.Contains(string(r.Result), "NCT00000009") {
		t.Errorf("server beside other readers: %d %q %s", code, r.Error, r.Result)
	}
	for i, args := range readers {
		if res[i].code != 0 || len(res[i].stdout) < 20 {
			t.Errorf("%s beside other readers: exit %d: %s", args[0], res[i].code, res[i].stderr)
		}
	}
	if !strings.Contains(res[0].stdout, "NCT00000009") {
		t.Errorf("a reader does not see what the writer stored:\n%s", res[0].stdout)
	}

	// A writer is refused while the server runs, also after a query
	// crashed the server's only worker.
	for _, when := range []string{"serving", "after a crashed query"} {
		if when != "serving" {
			// one crash for each of the server's two workers
			for i := 0; i < 2; i++ {
				if code, r := call(t, "POST", base+"/api/v2/query?lang=gizmo", `g.V().Out(123.5, {}).All()`); code != 500 {
					t.Fatalf("crash query: %d %q", code, r.Error)
				}
			}
		}
		start := time.Now()
		w := runChildTimeout(t, 20*time.Second, "ingest", "--db", db, seed)
		if w.code != exitInUse || !strings.Contains(w.stderr, "a reader (query, export or serve) has it open") {
			t.Errorf("writer while the server runs (%s): exit %d, want %d: %s", when, w.code, exitInUse, w.stderr)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("writer while the server runs (%s): refused after %s", when, d)
		}
	}
	if code, r := call(t, "POST", base+"/api/v2/query?lang=gizmo", titlesQuery); code != 200 {
		t.Errorf("server after the refused writers: %d %q", code, r.Error)
	}
}

// runChildTimeout is runChild with a time limit: a child that overruns it
// is killed and the test fails (a deadlock).
func runChildTimeout(t *testing.T, limit time.Duration, args ...string) childResult {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd, peak := measured(t, child(ctx, args...))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Errorf("trialgraph %s did not end within %s (deadlock?)", strings.Join(args, " "), limit)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Errorf("trialgraph %s: %v", strings.Join(args, " "), err)
	}
	return childResult{code: cmd.ProcessState.ExitCode(), stdout: out.String(), stderr: errb.String(), peakRSS: peak()}
}

// maxChildRSS bounds the peak resident memory of an ingest of hostile input.
const maxChildRSS = 600 << 20

// goodTrial is the trial of goodFile, which bad inputs are ingested with.
const (
	goodFile  = "../../testdata/corpus/ctgov-v2/NCT00973089.json"
	goodTrial = "NCT00973089"
	seedTrial = "NCT04288102" // of seed 003, ingested before each case
)

// badInputCase is one hostile input, ingested in a child process together
// with goodFile.
type badInputCase struct {
	name   string
	format string // --format, when the content cannot be sniffed
	file   string // the bad input, or "" for standard input
	stdin  func(w io.Writer) error
	// errPart must appear in the error output; "" accepts a clean exit.
	errPart string
	// accepted allows the input to be stored (a cut page may be a
	// shorter valid page); the export must then still be valid UTF-8.
	accepted bool
}

// runBadInput ingests the case into a store holding seed 003 and checks
// that the process ends in time with bounded memory and a clear message,
// and that the good records are stored.
func runBadInput(t *testing.T, tc badInputCase) childResult {
	t.Helper()
	db := filepath.Join(t.TempDir(), "db")
	mustTG(t, "ingest", "-q", "--db", db, "../../testdata/seeds/003_a224f28b0d59d797.txt")
	args := []string{"ingest", "--db", db}
	if tc.format != "" {
		args = append(args, "--format", tc.format)
	}
	in := tc.file
	if in == "" {
		in = "-"
	}
	args = append(args, in)
	if tc.format == "" {
		args = append(args, goodFile) // the batch goes on after the bad input
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd, peak := measured(t, child(ctx, args...))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	var feed chan error
	if tc.stdin != nil {
		pw, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		feed = make(chan error, 1)
		defer func() { <-feed }()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() {
			err := tc.stdin(pw)
			pw.Close()
			feed <- err
		}()
		err = cmd.Wait()
	} else if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatal(err)
		}
	}
	if ctx.Err() != nil {
		t.Fatalf("ingest did not end in 2 minutes (hang?)")
	}
	r := childResult{code: cmd.ProcessState.ExitCode(), stdout: out.String(), stderr: errb.String(), peakRSS: peak()}
	if r.peakRSS == 0 {
		t.Errorf("the child did not report its peak memory")
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("ingest died of %v:\n%s", ws.Signal(), r.stderr)
	}
	if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "fatal error:") {
		t.Fatalf("ingest crashed:\n%s", r.stderr)
	}
	if r.peakRSS > maxChildRSS {
		t.Errorf("peak RSS %d MB, want under %d MB", r.peakRSS>>20, maxChildRSS>>20)
	}
	switch {
	case r.code == exitFailed && tc.errPart != "":
		if !strings.Contains(r.stderr, tc.errPart) {
			t.Errorf("error output lacks %q:\n%s", tc.errPart, r.stderr)
		}
	case r.code == exitOK && tc.accepted:
	default:
		t.Errorf("exit %d (want %d with %q, accepted: %v):\n%s", r.code, exitFailed, tc.errPart, tc.accepted, r.stderr)
	}
	st, err := graph.Open(context.Background(), db, graph.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := graph.NewBuilder(graph.DefaultBase)
	want := []string{seedTrial}
	if tc.format == "" {
		want = append(want, goodTrial)
	}
	for _, nct := range want {
		if qs, err := st.GraphQuads(context.Background(), b.GraphIRI(nct)); err != nil || len(qs) < 20 {
			t.Errorf("good record %s not stored (%d quads, %v)", nct, len(qs), err)
		}
	}
	if r.code == exitOK {
		var ttl bytes.Buffer
		if code := run(context.Background(), []string{"export", "--db", db}, nil, &ttl, io.Discard); code != 0 || !utf8.Valid(ttl.Bytes()) {
			t.Errorf("export after accepting the input: exit %d, valid UTF-8: %v", code, utf8.Valid(ttl.Bytes()))
		}
	}
	t.Logf("exit %d, peak RSS %d MB: %s", r.code, r.peakRSS>>20, firstLine(r.stderr))
	return r
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// formatSamples are good inputs of each line- or record-based reader.
var formatSamples = []struct{ format, file string }{
	{"ctgov-json", "../../testdata/corpus/ctgov-v2/NCT04431453.json"},
	{"ctgov-pydict", "../../testdata/seeds/003_a224f28b0d59d797.txt"},
	{"ctgov-page", "../../testdata/seeds/000_e6ef2a133a887bd4.txt"},
	{"ctgov-classic", "../../testdata/seeds/002_b0b7491b5b55d4e2.txt"},
	{"medpath", "../../testdata/seeds/001_3055991ba22d633a.txt"},
	{"ctgov-xml", "../../testdata/xml/NCT00001177.xml"},
}

// structured formats detect a cut: their records close what they open.
var structured = map[string]bool{"ctgov-json": true, "ctgov-pydict": true, "ctgov-xml": true}

func TestTruncatedInput(t *testing.T) {
	dir := t.TempDir()
	for _, s := range formatSamples {
		t.Run(s.format, func(t *testing.T) {
			data, err := os.ReadFile(s.file)
			if err != nil {
				t.Fatal(err)
			}
			cut := data[:len(data)*3/5]
			name := filepath.Join(dir, "cut-"+filepath.Base(s.file))
			os.WriteFile(name, cut, 0o644)
			line := bytes.Count(cut, []byte("\n")) + 1
			tc := badInputCase{name: s.format, file: name, errPart: name + ":", accepted: !structured[s.format]}
			if structured[s.format] {
				// the error is at the end of the cut text, or (Python: the
				// text is converted whole) at its first line
				tc.errPart = fmt.Sprintf("%s:%d:", name, line)
				if s.format == "ctgov-pydict" {
					tc.errPart = name + ":"
				}
			}
			r := runBadInput(t, tc)
			if structured[s.format] && !strings.Contains(r.stderr, ingest.ErrTruncated.Error()) {
				t.Errorf("a cut %s record is not reported as cut:\n%s", s.format, r.stderr)
			}
		})
	}
}

func TestInvalidUTF8(t *testing.T) {
	dir := t.TempDir()
	for _, s := range formatSamples {
		t.Run(s.format, func(t *testing.T) {
			data, err := os.ReadFile(s.file)
			if err != nil {
				t.Fatal(err)
			}
			// Bad bytes in the middle of a line of text in the first
			// half of the record.
			at := len(data) / 3
			for at < len(data) && data[at] != ' ' {
				at++
			}
			bad := append(append(append([]byte{}, data[:at]...), "\xff\xfe\xc3("...), data[at:]...)
			name := filepath.Join(dir, "utf8-"+filepath.Base(s.file))
			os.WriteFile(name, bad, 0o644)
			// A reader may replace the bytes (U+FFFD) or refuse the record
			// with its position; the store must stay valid UTF-8.
			runBadInput(t, badInputCase{name: s.format, file: name, errPart: name + ":", accepted: true})
		})
	}
}

// repeatReader yields n bytes of c without holding them.
func writeRepeated(w io.Writer, c byte, n int64) error {
	buf := bytes.Repeat([]byte{c}, 1<<20)
	for n > 0 {
		k := min(n, int64(len(buf)))
		if _, err := w.Write(buf[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// TestHugeLine feeds each reader one line of 200 MB (80 MB with -short),
// generated as it is read: the ingest must refuse it with bounded memory.
func TestHugeLine(t *testing.T) {
	size := int64(200 << 20)
	if testing.Short() {
		size = 80 << 20
	}
	tests := []struct {
		name, format, before, after string
	}{
		{"json", "", `{"protocolSection":{"identificationModule":{"nctId":"NCT00000001","briefTitle":"`, `"}}}`},
		{"python", "", "Raw JSON\n{'protocolSection': {'identificationModule': {'nctId': 'NCT00000001', 'briefTitle': '", "'}}}"},
		{"xml", "", "<clinical_study><id_info><nct_id>NCT00000001</nct_id></id_info><brief_title>", "</brief_title></clinical_study>"},
		{"page", "ctgov-page", "Title\nNCT ID: NCT00000001\n", "\n"},
		{"classic page", "ctgov-classic", "Title\nClinicalTrials.gov Identifier: NCT00000001\n", "\n"},
		{"medpath", "medpath", "MedPath\n\nTitle\n", "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runBadInput(t, badInputCase{format: tt.format, errPart: "-:", stdin: func(w io.Writer) error {
				io.WriteString(w, tt.before)
				if err := writeRepeated(w, 'x', size); err != nil {
					return nil // the reader gave up early: that is the point
				}
				io.WriteString(w, tt.after)
				return nil
			}})
		})
	}
}

// TestDeepNesting gives the structured readers a million levels of nesting.
func TestDeepNesting(t *testing.T) {
	const depth = 1_000_000
	dir := t.TempDir()
	tests := []struct {
		name, format, content string
		line                  int // of the error: the Python text follows a header line
	}{
		{"json arrays", "ctgov-json", strings.Repeat("[", depth) + strings.Repeat("]", depth), 1},
		{"json objects", "ctgov-json", strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth), 1},
		{"json inside a study", "", `{"protocolSection":{"identificationModule":{"nctId":"NCT00000001"}},"x":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "}", 1},
		{"python dicts", "ctgov-pydict", "Raw JSON\n" + strings.Repeat("{'a': ", depth) + "1" + strings.Repeat("}", depth), 2},
		{"python inside a study", "", "Raw JSON\n{'protocolSection': {'identificationModule': {'nctId': 'NCT00000001'}}, 'x': " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "}", 2},
		{"xml", "", "<clinical_study>" + strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth) + "</clinical_study>", 1},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(dir, fmt.Sprintf("deep%d.txt", i))
			os.WriteFile(name, []byte(tt.content), 0o644)
			runBadInput(t, badInputCase{format: tt.format, file: name, errPart: fmt.Sprintf("%s:%d:", name, tt.line)})
		})
	}
}

// TestSymlinkLoop walks a directory holding a symbolic link to itself and
// one to its parent: the walk does not follow links, so it ends, and the
// records are stored.
func TestSymlinkLoop(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "records")
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	data, _ := os.ReadFile(goodFile)
	os.WriteFile(filepath.Join(dir, "sub", "good.json"), data, 0o644)
	for link, target := range map[string]string{"loop": ".", "sub/up": "..", "self": "self"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	db := filepath.Join(t.TempDir(), "db")
	r := runChildTimeout(t, time.Minute, "ingest", "--db", db, dir)
	if r.code != 0 || !strings.Contains(r.stderr, "ingested 1 trials from 1 files") {
		t.Errorf("exit %d:\n%s", r.code, r.stderr)
	}
	t.Logf("%s", strings.TrimSpace(r.stderr))
}

// writeFailInputs are the records of the write-failure tests: enough to
// outgrow the small disk.
var writeFailInputs = []string{"../../testdata/seeds", "../../testdata/corpus/ctgov-v2/NCT00763412.json",
	"../../testdata/corpus/ctgov-v2/NCT00973089.json", "../../testdata/corpus/ctgov-v2/NCT02210780.json",
	"../../testdata/corpus/ctgov-v2/NCT02552212.json", "../../testdata/corpus/ctgov-v2/NCT03064438.json",
	"../../testdata/corpus/ctgov-v2/NCT03475563.json", "../../testdata/corpus/ctgov-v2/NCT03630471.json",
	"../../testdata/corpus/ctgov-v2/NCT04207047.json", "../../testdata/corpus/ctgov-v2/NCT04431453.json",
	"../../testdata/corpus/ctgov-v2/NCT05594173.json"}

// TestIngestOnFullDisk ingests into a store that runs out of room, on a
// small tmpfs and under a file size limit: the ingest must stop with a
// clear error, the store must open with every trial in it complete, and an
// ingest with room again must finish the job.
func TestIngestOnFullDisk(t *testing.T) {
	ctx := context.Background()
	sets := graphSets{}
	sets.addDescriptions(t, inputFiles(t, writeFailInputs))
	ref := filepath.Join(t.TempDir(), "ref")
	mustTG(t, append([]string{"ingest", "-q", "--db", ref}, writeFailInputs...)...)
	want := mustTG(t, "export", "--db", ref)

	for _, variant := range []string{"tmpfs", "file size limit"} {
		t.Run(variant, func(t *testing.T) {
			var db string
			var env []string
			var grow func(string)
			if variant == "tmpfs" {
				disk, g := smallDisk(t, "3m")
				if disk == "" {
					variant = "file size limit"
				}
				db, grow = filepath.Join(disk, "db"), g
			}
			if variant == "file size limit" {
				// The first ingest, without the limit, makes bolt's file
				// 16 MiB long; the limit refuses its growth at the next
				// commit (on the tmpfs the disk fills mid-ingest).
				db = filepath.Join(t.TempDir(), "db")
				env = []string{fsizeEnv + "=" + strconv.Itoa(1<<20)}
			}
			mustTG(t, "ingest", "-q", "--db", db, "../../testdata/seeds/003_a224f28b0d59d797.txt")
			cmd := child(ctx, append([]string{"ingest", "-q", "--batch", "2", "--db", db}, writeFailInputs...)...)
			cmd.Env = append(cmd.Env, env...)
			var errb bytes.Buffer
			cmd.Stderr = &errb
			err := cmd.Run()
			code := cmd.ProcessState.ExitCode()
			t.Logf("ingest on a full disk: exit %d: %s", code, firstLine(errb.String()))
			if err == nil || code != exitFailed {
				t.Fatalf("ingest on a full disk: %v, exit %d, want %d:\n%s", err, code, exitFailed, errb.String())
			}
			if !strings.Contains(errb.String(), "no space left on device") && !strings.Contains(errb.String(), "file too large") {
				t.Errorf("the error does not say the disk is full:\n%s", errb.String())
			}
			if strings.Contains(errb.String(), "panic") || strings.Contains(errb.String(), "fatal error") {
				t.Fatalf("ingest crashed:\n%s", errb.String())
			}
			// The store opens (a writer repairs an interrupted
			// replacement; there may be no room to, which it must say)
			// and every trial in it is complete.
			st, err := graph.Open(ctx, db, graph.Options{ReadOnly: true})
			if errors.Is(err, graph.ErrInterrupted) {
				st, err = graph.Open(ctx, db, graph.Options{})
			}
			if err != nil {
				t.Fatalf("the store does not open after the failed ingest: %v", err)
			}
			n, err := checkComplete(ctx, st, sets)
			st.Close()
			if err != nil {
				t.Fatalf("incomplete trials after the failed ingest:\n%v", err)
			}
			t.Logf("%d complete trials in the store after the failure", n)
			if grow != nil {
				grow("200m")
			}
			if r := runChild(t, nil, append([]string{"ingest", "-q", "--db", db}, writeFailInputs...)...); r.code != 0 {
				t.Fatalf("ingest with room again: exit %d: %s", r.code, r.stderr)
			}
			if got := mustTG(t, "export", "--db", db); got != want {
				t.Errorf("the store finished after the failure exports differently from a clean run:\n%s", lineDiff(want, got))
			}
		})
	}
}

// TestExportWriteFailures checks that a failed export -o leaves neither a
// partial file nor a changed old one, and that export refuses to write over
// the store it reads.
func TestExportWriteFailures(t *testing.T) {
	db := seedDB(t)
	bolt := filepath.Join(db, graph.BoltFile)
	boltBefore, _ := os.ReadFile(bolt)
	full := mustTG(t, "export", "--db", db)

	check := func(t *testing.T, dir string, env []string) {
		out := filepath.Join(dir, "trials.ttl")
		os.WriteFile(out, []byte("previous export\n"), 0o644)
		cmd := child(context.Background(), "export", "--db", db, "-o", out)
		cmd.Env = append(cmd.Env, env...)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		err := cmd.Run()
		t.Logf("export to a full disk: %v: %s", err, firstLine(errb.String()))
		if err == nil || cmd.ProcessState.ExitCode() != exitFailed {
			t.Errorf("export to a full disk: %v, want exit %d", err, exitFailed)
		}
		if !strings.Contains(errb.String(), "no space left on device") && !strings.Contains(errb.String(), "file too large") {
			t.Errorf("the error does not say the disk is full:\n%s", errb.String())
		}
		if b, _ := os.ReadFile(out); string(b) != "previous export\n" {
			t.Errorf("the failed export changed the old file (%d bytes)", len(b))
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.Name() != "trials.ttl" {
				t.Errorf("the failed export left %s", e.Name())
			}
		}
	}
	t.Run("tmpfs", func(t *testing.T) {
		disk, _ := smallDisk(t, "64k")
		if disk == "" {
			t.Logf("no tmpfs: the file size limit stands in")
			check(t, t.TempDir(), []string{fsizeEnv + "=65536"})
			return
		}
		check(t, disk, nil)
	})
	t.Run("file size limit", func(t *testing.T) {
		check(t, t.TempDir(), []string{fsizeEnv + "=65536"})
	})
	if len(full) < 65536 {
		t.Fatalf("the export (%d bytes) fits in the limit: the tests above cannot fail", len(full))
	}

	t.Run("output is the store", func(t *testing.T) {
		link := filepath.Join(t.TempDir(), "link.ttl")
		os.Symlink(bolt, link)
		for _, out := range []string{bolt, filepath.Join(db, graph.JournalFile), filepath.Join(db, "new.ttl"), link} {
			code, _, errs := tg(t, "", "export", "--db", db, "-o", out)
			if code != exitUsage || !strings.Contains(errs, "would overwrite the store") {
				t.Errorf("-o %s: exit %d, want %d: %s", out, code, exitUsage, errs)
			}
		}
		if after, _ := os.ReadFile(bolt); !bytes.Equal(after, boltBefore) {
			t.Errorf("the store file changed")
		}
		if got := mustTG(t, "export", "--db", db); got != full {
			t.Errorf("the store exports differently after the refused exports")
		}
	})
}

// writeZipBomb writes a zip archive of two good studies around an entry
// that inflates to size bytes of one JSON string.
func writeZipBomb(t *testing.T, name string, size int64) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	good, err := os.ReadFile(goodFile)
	if err != nil {
		t.Fatal(err)
	}
	add := func(entry string, write func(io.Writer) error) {
		w, err := zw.Create(entry)
		if err != nil {
			t.Fatal(err)
		}
		if err := write(w); err != nil {
			t.Fatal(err)
		}
	}
	add("ctg-studies.json/NCT00973089.json", func(w io.Writer) error { _, err := w.Write(good); return err })
	add("ctg-studies.json/NCT00000002.json", func(w io.Writer) error {
		io.WriteString(w, `{"protocolSection":{"identificationModule":{"nctId":"NCT00000002","briefTitle":"`)
		if err := writeRepeated(w, 'x', size); err != nil {
			return err
		}
		_, err := io.WriteString(w, `"}}}`)
		return err
	})
	seed, err := os.ReadFile("../../testdata/corpus/ctgov-v2/NCT04431453.json")
	if err != nil {
		t.Fatal(err)
	}
	add("ctg-studies.json/NCT04431453.json", func(w io.Writer) error { _, err := w.Write(seed); return err })
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestZipBomb reads an archive holding an entry that inflates to 200 MB
// (80 MB with -short) between two good studies, through bulkzip as the
// bulk-archive ingest does: the bomb is refused as too large, naming its
// entry, and both good studies are read. The ingest command is given the
// archive too: it must end cleanly with bounded memory.
func TestZipBomb(t *testing.T) {
	size := int64(200 << 20)
	if testing.Short() {
		size = 80 << 20
	}
	name := filepath.Join(t.TempDir(), "ctg-studies.json.zip")
	writeZipBomb(t, name, size)
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("archive of %d KB, inflating to %d MB", fi.Size()>>10, size>>20)

	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var read []string
	var errs []error
	start := time.Now()
	err = bulkzip.Walk(f, fi.Size(), bulkzip.Limits{}, func(entry string, body io.Reader) error {
		rd, err := ingest.Open(body, entry, "ctgov-json")
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		for {
			s, err := rd.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			read = append(read, s.NCTID)
		}
	})
	if err != nil {
		errs = append(errs, err)
	}
	if strings.Join(read, " ") != "NCT00973089 NCT04431453" {
		t.Errorf("good studies read: %q, want NCT00973089 NCT04431453", read)
	}
	if len(errs) != 1 || !errors.Is(errs[0], ingest.ErrTooLarge) || !strings.Contains(errs[0].Error(), "NCT00000002.json") {
		t.Errorf("errors %v, want one ErrTooLarge naming the bomb entry", errs)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("reading the archive took %s", d)
	}

	// The command: whether or not it reads archives yet, it must end
	// with a clear error and bounded memory.
	db := filepath.Join(t.TempDir(), "db")
	r := runChildTimeout(t, 2*time.Minute, "ingest", "--db", db, name)
	if r.code != exitFailed || !strings.Contains(r.stderr, name) || strings.Contains(r.stderr, "panic") {
		t.Errorf("ingest of the archive: exit %d, want %d naming the archive:\n%s", r.code, exitFailed, r.stderr)
	}
	if r.peakRSS > maxChildRSS {
		t.Errorf("ingest of the archive: peak RSS %d MB, want under %d MB", r.peakRSS>>20, maxChildRSS>>20)
	}
	t.Logf("ingest of the archive: exit %d, peak RSS %d MB: %s", r.code, r.peakRSS>>20, firstLine(r.stderr))
}

// TestServeDefaults checks the limits serve starts with when given no
// flags: a loopback address, a query time limit, a result limit and a
// request size limit (SECURITY.md states them).
func TestServeDefaults(t *testing.T) {
	f := newCmdServe(IO{}).Flags()
	host, _, err := net.SplitHostPort(f.Lookup("addr").DefValue)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		t.Errorf("default address %q is not loopback", f.Lookup("addr").DefValue)
	}
	for flag, want := range map[string]string{"timeout": "30s", "limit": "10000", "max-body": "1MiB", "workers": "2"} {
		if got := f.Lookup(flag).DefValue; got != want {
			t.Errorf("--%s defaults to %s, SECURITY.md says %s", flag, got, want)
		}
	}
}
