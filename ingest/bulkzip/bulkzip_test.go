package bulkzip

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/trialgraph/trialgraph/ingest"
)

type entry struct {
	name string
	body string
}

// buildZip writes entries with archive/zip; names ending in "/" are
// directories.
func buildZip(t testing.TB, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// collect walks data and returns "name=body" for each entry.
func collect(data []byte, lim Limits) ([]string, error) {
	var got []string
	err := Walk(bytes.NewReader(data), int64(len(data)), lim, func(name string, body io.Reader) error {
		b, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		got = append(got, name+"="+string(b))
		return nil
	})
	return got, err
}

func TestWalk(t *testing.T) {
	tests := []struct {
		name    string
		entries []entry
		want    []string
	}{
		{
			name: "flat",
			entries: []entry{
				{"NCT00000102.json", `{"protocolSection":{}}`},
				{"NCT00000104.json", `{"a":"Hôpital Européen Georges-Pompidou"}`},
				{"empty.json", ""},
			},
			want: []string{`NCT00000102.json={"protocolSection":{}}`, `NCT00000104.json={"a":"Hôpital Européen Georges-Pompidou"}`, "empty.json="},
		},
		{
			name: "nested directories",
			entries: []entry{
				{"ctg-studies/", ""},
				{"ctg-studies/2024/", ""},
				{"ctg-studies/2024/NCT06000001.json", "1"},
				{"ctg-studies/NCT00000002.json", "2"},
			},
			want: []string{"ctg-studies/2024/NCT06000001.json=1", "ctg-studies/NCT00000002.json=2"},
		},
		{
			name: "unsafe names skipped",
			entries: []entry{
				{"../evil.json", "x"},
				{"/etc/passwd", "x"},
				{"a/../../b.json", "x"},
				{`C:\x.json`, "x"},
				{`..\y.json`, "x"},
				{"ok/..fine.json", "ok"},
			},
			want: []string{"ok/..fine.json=ok"},
		},
		{
			name:    "no entries",
			entries: nil,
			want:    nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := collect(buildZip(t, tt.entries), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// rawZip writes one deflated entry whose central directory declares
// the given uncompressed size and CRC, whatever the data really is.
func rawZip(t testing.TB, w io.Writer, name string, data io.Reader, declared uint64, crc uint32) {
	t.Helper()
	var comp bytes.Buffer
	fw, err := flate.NewWriter(&comp, flate.DefaultCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(fw, data); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(w)
	ew, err := zw.CreateRaw(&zip.FileHeader{
		Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ew.Write(comp.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestLyingSizes(t *testing.T) {
	body := strings.Repeat("ClinicalTrials.gov ", 50_000) // 950,000 bytes
	crc := crc32.ChecksumIEEE([]byte(body))
	tests := []struct {
		name     string
		declared uint64
		crc      uint32
		want     error
	}{
		{"honest", uint64(len(body)), crc, nil},
		{"declares fewer bytes", 1000, crc, ingest.ErrTooLarge},
		{"declares more bytes", uint64(len(body)) + 10, crc, ingest.ErrTruncated},
		{"wrong checksum", uint64(len(body)), crc ^ 1, ingest.ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			rawZip(t, &buf, "NCT00000001.json", strings.NewReader(body), tt.declared, tt.crc)
			var read int64
			err := Walk(bytes.NewReader(buf.Bytes()), int64(buf.Len()), Limits{}, func(name string, r io.Reader) error {
				n, err := io.Copy(io.Discard, r)
				read = n
				return err
			})
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want == ingest.ErrTooLarge && read > int64(tt.declared) {
				t.Errorf("read %d bytes, more than the %d declared", read, tt.declared)
			}
			var pe *ingest.ParseError
			if err != nil && (!errors.As(err, &pe) || pe.Path != "NCT00000001.json") {
				t.Errorf("error %v is not a ParseError naming the entry", err)
			}
		})
	}
}

// zeros yields n zero bytes.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), z.n)
	clear(p[:k])
	z.n -= k
	return int(k), nil
}

// TestBomb walks an entry of 1 GiB of zeros (about 1 MB compressed) built
// in a temporary file, under several limits and header lies, and checks
// that the walk stops with ErrTooLarge in bounded memory and time.
func TestBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1 GiB zip bomb")
	}
	const gib = 1 << 30
	dir := t.TempDir()
	path := filepath.Join(dir, "bomb.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create("NCT09999999.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(w, &zeros{gib}); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("bomb: %d bytes compressed", len(data))

	// liar declares a few MB and a small ratio for the same data.
	var liar bytes.Buffer
	rawZip(t, &liar, "NCT09999998.json", &zeros{gib}, 4<<20, 0)

	tests := []struct {
		name string
		data []byte
		lim  Limits
	}{
		{"default limits", data, Limits{}},
		{"ratio guard", data, Limits{MaxEntrySize: 2 * gib}},
		{"size limit", data, Limits{MaxEntrySize: 16 << 20, MaxRatio: 1 << 20}},
		{"lying header", liar.Bytes(), Limits{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			var read int64
			err := Walk(bytes.NewReader(tt.data), int64(len(tt.data)), tt.lim, func(name string, r io.Reader) error {
				n, err := io.Copy(io.Discard, r)
				read = n
				return err
			})
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ingest.ErrTooLarge) {
				t.Fatalf("err = %v, want ErrTooLarge", err)
			}
			if read > 16<<20 {
				t.Errorf("inflated %d bytes before stopping", read)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
				t.Errorf("allocated %d bytes", alloc)
			}
			if elapsed > 5*time.Second {
				t.Errorf("took %v", elapsed)
			}
			t.Logf("%v after %d bytes in %v", err, read, elapsed)
		})
	}
}

func TestCorrupt(t *testing.T) {
	good := buildZip(t, []entry{
		{"NCT00000001.json", strings.Repeat(`{"nctId":"NCT00000001"}`, 200)},
		{"NCT00000002.json", strings.Repeat(`{"nctId":"NCT00000002"}`, 200)},
	})
	flipped := bytes.Clone(good)
	for i := 40; i < 60; i++ { // inside the first entry's deflate data
		flipped[i] ^= 0x55
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ingest.ErrEmpty},
		{"not a zip", []byte(`{"protocolSection":{}}`), ingest.ErrSyntax},
		{"truncated to half", good[:len(good)/2], ingest.ErrSyntax},
		{"truncated directory", good[:len(good)-10], ingest.ErrSyntax},
		{"corrupt data", flipped, nil}, // any error will do: flate or CRC
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := collect(tt.data, Limits{})
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var pe *ingest.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %v is not a *ingest.ParseError", err)
			}
		})
	}
}

func TestMaxEntries(t *testing.T) {
	var es []entry
	for i := range 5 {
		es = append(es, entry{fmt.Sprintf("NCT%08d.json", i), "{}"})
	}
	data := buildZip(t, es)
	if _, err := collect(data, Limits{MaxEntries: 5}); err != nil {
		t.Errorf("5 entries under a limit of 5: %v", err)
	}
	if _, err := collect(data, Limits{MaxEntries: 4}); !errors.Is(err, ingest.ErrTooLarge) {
		t.Errorf("5 entries under a limit of 4: err = %v, want ErrTooLarge", err)
	}
}

func TestDeclaredEntriesZip64(t *testing.T) {
	const n = 70_000 // more than 65535 forces the zip64 end record
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range n {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%d", i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	got, ok := declaredEntries(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if !ok || got != n {
		t.Fatalf("declaredEntries = %d, %v; want %d, true", got, ok, n)
	}
	err := Walk(bytes.NewReader(buf.Bytes()), int64(buf.Len()), Limits{MaxEntries: n - 1}, func(string, io.Reader) error { return nil })
	if !errors.Is(err, ingest.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestCallbackErrorStops(t *testing.T) {
	data := buildZip(t, []entry{{"a.json", "1"}, {"b.json", "2"}, {"c.json", "3"}})
	stop := errors.New("stop")
	var seen []string
	err := Walk(bytes.NewReader(data), int64(len(data)), Limits{}, func(name string, _ io.Reader) error {
		seen = append(seen, name)
		if name == "b.json" {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Errorf("err = %v, want the callback's error", err)
	}
	if strings.Join(seen, ",") != "a.json,b.json" {
		t.Errorf("visited %v", seen)
	}
}

func TestSafeName(t *testing.T) {
	tests := map[string]bool{
		"NCT00000102.json": true, "a/b/c.json": true, "a..b.json": true, "./a.json": true,
		"": false, "../a": false, "a/../b": false, "a/..": false, "/a": false, `a\b`: false,
		"C:/a": false, "a\x00b": false,
	}
	for name, want := range tests {
		if got := safeName(name); got != want {
			t.Errorf("safeName(%q) = %v, want %v", name, got, want)
		}
	}
}

func FuzzWalk(f *testing.F) {
	f.Add(buildZip(f, []entry{{"NCT00000001.json", `{"a":1}`}, {"d/", ""}, {"d/e.json", "x"}}))
	f.Add(buildZip(f, nil))
	var liar bytes.Buffer
	rawZip(f, &liar, "x.json", strings.NewReader(strings.Repeat("a", 5000)), 10, 0)
	f.Add(liar.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{MaxEntrySize: 1 << 20, MaxEntries: 1000}
		_ = Walk(bytes.NewReader(data), int64(len(data)), lim, func(name string, body io.Reader) error {
			n, err := io.Copy(io.Discard, body)
			if n > lim.MaxEntrySize {
				t.Fatalf("entry %q yielded %d bytes past the limit", name, n)
			}
			if err != nil && !errors.Is(err, ingest.ErrTooLarge) && !errors.Is(err, ingest.ErrTruncated) && !errors.Is(err, ingest.ErrSyntax) && !errors.Is(err, ingest.ErrBadValue) {
				t.Fatalf("entry %q: unexpected error %v", name, err)
			}
			return nil
		})
	})
}
