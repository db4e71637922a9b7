package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/trialgraph/trialgraph/graph"
	"github.com/trialgraph/trialgraph/ingest"
	"github.com/trialgraph/trialgraph/trial"
)

// corpusInputs are the seeds and the corpora the reliability tests ingest;
// crossformat holds API records of two seed trials, so some trials are
// merged from two records.
var corpusInputs = []string{"../../testdata/seeds", "../../testdata/corpus/ctgov-v2", "../../testdata/xml", "../../testdata/crossformat"}

// child returns a command running this test binary as trialgraph (see
// TestMain) with the given arguments.
func child(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), asMainEnv+"=1")
	return cmd
}

// childResult is how a child process ended.
type childResult struct {
	code   int
	stdout string
	stderr string
	// peakRSS is the child's peak resident set in bytes.
	peakRSS int64
}

// runChild runs trialgraph in a child process to its end.
func runChild(t *testing.T, stdin io.Reader, args ...string) childResult {
	t.Helper()
	cmd, peak := measured(t, child(context.Background(), args...))
	var out, errb bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("trialgraph %s: %v", strings.Join(args, " "), err)
	}
	return childResult{code: cmd.ProcessState.ExitCode(), stdout: out.String(), stderr: errb.String(), peakRSS: peak()}
}

// inputFiles lists the files ingest reads for the given arguments, in the
// order it reads them: directories walked in name order, hidden entries
// left out.
func inputFiles(t *testing.T, inputs []string) []string {
	t.Helper()
	var files []string
	for _, in := range inputs {
		var walked []string
		err := filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != in && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if d.Type().IsRegular() && (p == in || !strings.HasPrefix(d.Name(), ".")) {
				walked = append(walked, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(walked)
		files = append(files, walked...)
	}
	return files
}

// graphSets maps a trial's graph label to the N-Quads of every graph the
// trial may legitimately have: one per description of it in the inputs.
type graphSets map[string]map[string]bool

// addDescriptions reads files as ingest does and adds the graph each study
// builds to sets. Files no reader knows are passed over, as ingest does.
func (sets graphSets) addDescriptions(t *testing.T, files []string) {
	t.Helper()
	b := graph.NewBuilder(graph.DefaultBase)
	recs := map[string][]*trial.Study{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		rd, err := ingest.Open(f, name, "")
		if err != nil {
			f.Close()
			if errors.Is(err, ingest.ErrUnknownFormat) {
				continue
			}
			t.Fatal(err)
		}
		for {
			s, err := rd.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if s.Validate() != nil {
				continue
			}
			label := b.GraphIRI(s.NCTID).String()
			recs[label] = append(recs[label], s)
		}
		f.Close()
	}
	// A trial's graph is the merge of some of its records (see
	// graph.Builder.Records): any subset may have been stored when a run
	// is cut short.
	for label, rs := range recs {
		if len(rs) > 12 {
			t.Fatalf("%s: %d records; too many subsets to list", label, len(rs))
		}
		if sets[label] == nil {
			sets[label] = map[string]bool{}
		}
		for mask := 1; mask < 1<<len(rs); mask++ {
			var sub []*trial.Study
			for i, r := range rs {
				if mask&(1<<i) != 0 {
					sub = append(sub, r)
				}
			}
			sets[label][nquadText(b.Study(graph.MergeRecords(graph.KeepRecords(sub))))] = true
		}
	}
}

// nquadText is the sorted, duplicate-free N-Quads text of quads.
func nquadText(qs []quad.Quad) string {
	lines := make([]string, 0, len(qs))
	for _, q := range qs {
		lines = append(lines, q.NQuad())
	}
	sort.Strings(lines)
	var b strings.Builder
	for i, l := range lines {
		if i > 0 && l == lines[i-1] {
			continue
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// storeGraphs returns the N-Quads of each trial graph in an open store.
func storeGraphs(ctx context.Context, st *graph.Store) (map[string]string, error) {
	byLabel := map[string][]quad.Quad{}
	err := st.EachQuad(ctx, func(q quad.Quad) error {
		l := ""
		if q.Label != nil {
			l = q.Label.String()
		}
		byLabel[l] = append(byLabel[l], q)
		return nil
	})
	out := make(map[string]string, len(byLabel))
	for l, qs := range byLabel {
		out[l] = nquadText(qs)
	}
	return out, err
}

// checkComplete reports every graph of the store that is not one of the
// graphs its trial may have.
func checkComplete(ctx context.Context, st *graph.Store, want graphSets) (trials int, err error) {
	got, err := storeGraphs(ctx, st)
	if err != nil {
		return 0, err
	}
	var bad []string
	for label, text := range got {
		if !want[label][text] {
			n := strings.Count(text, "\n")
			bad = append(bad, fmt.Sprintf("%s (%d quads) is not the graph of any description of the trial", label, n))
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		return len(got), errors.New(strings.Join(bad, "\n"))
	}
	return len(got), nil
}

// writeVariants writes revision gen of some corpus records to dir: the
// same trials with another title, a changed site list and a later update
// date, so that ingesting them replaces stored graphs. It returns the
// files written.
func writeVariants(t *testing.T, dir string, gen int) []string {
	t.Helper()
	src := []string{
		"../../testdata/corpus/ctgov-v2/NCT00763412.json",
		"../../testdata/corpus/ctgov-v2/NCT02210780.json",
		"../../testdata/corpus/ctgov-v2/NCT04431453.json",
		"../../testdata/corpus/ctgov-v2/NCT05594173.json",
		"../../testdata/corpus/ctgov-v2/vrinda2019_NSCLCBench_ctg-studies.json",
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, name := range src {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		switch v := v.(type) {
		case []any:
			for _, s := range v {
				reviseStudy(s, gen)
			}
		default:
			reviseStudy(v, gen)
		}
		out, err := json.MarshalIndent(v, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, fmt.Sprintf("r%d-%s", gen, filepath.Base(name)))
		if err := os.WriteFile(f, out, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

func reviseStudy(s any, gen int) {
	obj := func(v any, key string) map[string]any {
		m, _ := v.(map[string]any)
		if m == nil {
			return map[string]any{}
		}
		c, _ := m[key].(map[string]any)
		if c == nil {
			c = map[string]any{}
			m[key] = c
		}
		return c
	}
	ps := obj(s, "protocolSection")
	id := obj(ps, "identificationModule")
	id["briefTitle"] = fmt.Sprintf("%v (revision %d)", id["briefTitle"], gen)
	obj(obj(ps, "statusModule"), "lastUpdatePostDateStruct")["date"] = fmt.Sprintf("%d-01-01", 2090+gen)
	cl := obj(ps, "contactsLocationsModule")
	locs, _ := cl["locations"].([]any)
	if len(locs) > 1 {
		locs = locs[:len(locs)-1] // a site left the trial
	}
	cl["locations"] = append(locs, map[string]any{
		"facility": fmt.Sprintf("Revision %d Hospital", gen), "city": "Oslo", "country": "Norway",
	})
}

// recordFiles is inputFiles without the files no reader recognises (such
// as SOURCES.tsv), which ingest skips when it walks a directory but
// refuses when named.
func recordFiles(t *testing.T, inputs []string) []string {
	t.Helper()
	var out []string
	for _, name := range inputFiles(t, inputs) {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ingest.Open(f, name, "")
		f.Close()
		if errors.Is(err, ingest.ErrUnknownFormat) {
			continue
		}
		out = append(out, name)
	}
	return out
}

// fsizeEnv, set for a child, is the largest file in bytes it may write
// (RLIMIT_FSIZE): writes past it fail with EFBIG, as on a full disk.
const fsizeEnv = "TRIALGRAPH_TEST_FSIZE"

// applyChildLimits applies fsizeEnv in a child. SIGXFSZ, which the kernel
// sends with EFBIG, is ignored so that the write error is what the
// program sees.
func applyChildLimits() {
	if name := os.Getenv(hwmEnv); name != "" {
		defer reportPeakRSS(name)
	}
	s := os.Getenv(fsizeEnv)
	if s == "" {
		return
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", fsizeEnv, err)
		os.Exit(2)
	}
	signal.Ignore(syscall.SIGXFSZ)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", fsizeEnv, err)
		os.Exit(2)
	}
}

// smallDisk returns a directory on a tmpfs of the given size (such as
// "3m"), or "" when this machine does not let the test mount one. grow
// enlarges it to size.
func smallDisk(t *testing.T, size string) (dir string, grow func(size string)) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "disk")
	os.Mkdir(dir, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Logf("cannot mount a tmpfs (%v: %s); the file size limit stands in for a full disk", err, bytes.TrimSpace(out))
		return "", nil
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir, func(size string) {
		if out, err := exec.Command("mount", "-o", "remount,size="+size, dir).CombinedOutput(); err != nil {
			t.Fatalf("remount: %v: %s", err, out)
		}
	}
}

// hwmEnv, set for a child, names a file to which the child writes its peak
// resident set (VmHWM of /proc/self/status) when it ends. The rusage of
// a child is no measure: Linux carries the parent's peak into the child's
// ru_maxrss across fork and exec.
const hwmEnv = "TRIALGRAPH_TEST_HWM_FILE"

// reportPeakRSS runs the command line as main does and writes the peak
// resident set, in kB, to name before exiting.
func reportPeakRSS(name string) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	status, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			os.WriteFile(name, []byte(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))), 0o644)
		}
	}
	os.Exit(code)
}

// measured returns cmd with hwmEnv set and a function giving the peak
// resident set of its process in bytes once it has ended (0 if unknown).
func measured(t *testing.T, cmd *exec.Cmd) (*exec.Cmd, func() int64) {
	name := filepath.Join(t.TempDir(), "hwm")
	cmd.Env = append(cmd.Env, hwmEnv+"="+name)
	return cmd, func() int64 {
		b, err := os.ReadFile(name)
		if err != nil {
			return 0
		}
		kb, _ := strconv.ParseInt(string(b), 10, 64)
		return kb << 10
	}
}
