// Package bulkzip streams the entries of a zip archive, such as the
// ClinicalTrials.gov bulk download ctg-studies.json.zip (one API v2 JSON
// study per entry), without unpacking it to disk.
//
// Walk visits every regular file of the archive in archive order and hands
// the callback a reader of the entry's uncompressed bytes. The archive is
// untrusted input, so the walk is bounded by Limits: an entry whose declared
// size, actual inflated size or compression ratio goes past a limit fails
// with an error wrapping ingest.ErrTooLarge (a zip bomb costs at most
// MaxEntrySize bytes of decompression, never memory or disk). Declared sizes
// are checked before an entry is opened and the bytes actually inflated are
// counted while it is read, because a hostile archive can lie in its headers.
// Directory entries, symbolic links and names that would escape a directory
// (containing a ".." element, absolute, with a drive letter or backslashes)
// are skipped; nothing is ever written to disk.
//
//	f, err := os.Open("ctg-studies.json.zip")
//	if err != nil { ... }
//	fi, err := f.Stat()
//	if err != nil { ... }
//	err = bulkzip.Walk(f, fi.Size(), bulkzip.Limits{}, func(name string, body io.Reader) error {
//		r := ingest.Open(body, name, "ctgov-json") // one study per entry
//		...
//		return nil // a non-nil error stops the walk and is returned by Walk
//	})
package bulkzip

import (
	"archive/zip"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"strings"

	"github.com/trialgraph/trialgraph/ingest"
)

// Default limits, used for zero fields of Limits.
const (
	DefaultMaxEntrySize = 64 << 20
	DefaultMaxRatio     = 1000
	DefaultMaxEntries   = 10_000_000
)

// ratioFloor is the declared size up to which the ratio guard does not
// apply: small, very repetitive files are legitimate.
const ratioFloor = 1 << 20

// Limits bound what one archive may make the reader do. Zero (or negative)
// fields take the defaults.
type Limits struct {
	// MaxEntrySize is the most uncompressed bytes one entry may have
	// (default 64 MiB).
	MaxEntrySize int64
	// MaxRatio is the largest allowed ratio of uncompressed to compressed
	// size of an entry (default 1000; deflate cannot exceed about 1032).
	// It applies to entries declaring more than 1 MiB. Since an entry may
	// never inflate past its declared size, the declared ratio bounds the
	// actual one.
	MaxRatio int64
	// MaxEntries is the most entries, of any kind, an archive may list
	// (default 10,000,000). It is checked before the central directory is
	// loaded into memory.
	MaxEntries int
}

func (l Limits) withDefaults() Limits {
	if l.MaxEntrySize <= 0 {
		l.MaxEntrySize = DefaultMaxEntrySize
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultMaxRatio
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	return l
}

// Walk calls fn for each regular file entry of the zip archive read from r
// (size bytes long), in archive order, with a reader of its uncompressed
// bytes. The reader fails with an error wrapping ingest.ErrTooLarge past the
// limits (at once when the entry's declared size or ratio is past them, so
// that fn can report the entry and go on with the next), ingest.ErrTruncated
// when the entry is shorter than declared, ingest.ErrBadValue for a
// compression method other than store and deflate, and ingest.ErrSyntax on
// a checksum mismatch or corrupt data; it is valid only
// until fn returns. A non-nil error from fn stops the walk and is returned
// as is. Errors of the archive itself are *ingest.ParseError values whose
// Path is the entry name, if any.
func Walk(r io.ReaderAt, size int64, lim Limits, fn func(name string, body io.Reader) error) error {
	lim = lim.withDefaults()
	if size == 0 {
		return &ingest.ParseError{Err: ingest.ErrEmpty}
	}
	if n, ok := declaredEntries(r, size); ok && n > uint64(lim.MaxEntries) {
		return &ingest.ParseError{Err: fmt.Errorf("%w: archive lists %d entries, more than the limit %d", ingest.ErrTooLarge, n, lim.MaxEntries)}
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return &ingest.ParseError{Err: fmt.Errorf("%w: %w", ingest.ErrSyntax, err)}
	}
	if len(zr.File) > lim.MaxEntries {
		return &ingest.ParseError{Err: fmt.Errorf("%w: archive lists %d entries, more than the limit %d", ingest.ErrTooLarge, len(zr.File), lim.MaxEntries)}
	}
	for _, f := range zr.File {
		if !f.Mode().IsRegular() || strings.HasSuffix(f.Name, "/") || !safeName(f.Name) {
			continue
		}
		if err := walkEntry(f, lim, fn); err != nil {
			return err
		}
	}
	return nil
}

func walkEntry(f *zip.File, lim Limits, fn func(string, io.Reader) error) error {
	// An entry refused before it is opened still goes to fn, as a reader
	// that fails at once, so that one bad entry does not end the walk
	// unless the caller says so.
	fail := func(cause error, format string, args ...any) error {
		return fn(f.Name, failedEntry{&ingest.ParseError{Path: f.Name, Err: fmt.Errorf("%w: "+format, append([]any{cause}, args...)...)}})
	}
	declared, compressed := f.UncompressedSize64, f.CompressedSize64
	if declared > uint64(lim.MaxEntrySize) {
		return fail(ingest.ErrTooLarge, "declares %d uncompressed bytes, more than the limit %d", declared, lim.MaxEntrySize)
	}
	if declared > ratioFloor && declared/max(compressed, 1) > uint64(lim.MaxRatio) {
		return fail(ingest.ErrTooLarge, "declares a compression ratio of %d, more than the limit %d", declared/max(compressed, 1), lim.MaxRatio)
	}
	raw, err := f.OpenRaw()
	if err != nil {
		return fail(ingest.ErrSyntax, "%v", err)
	}
	var src io.Reader
	var closer io.Closer
	switch f.Method {
	case zip.Store:
		src = raw
	case zip.Deflate:
		fr := flate.NewReader(raw)
		src, closer = fr, fr
	default:
		return fail(ingest.ErrBadValue, "unsupported compression method %d", f.Method)
	}
	body := &entryReader{
		name:     f.Name,
		src:      src,
		declared: int64(declared),
		allowed:  min(int64(declared), lim.MaxEntrySize),
		crc:      crc32.NewIEEE(),
		wantCRC:  f.CRC32,
	}
	err = fn(f.Name, body)
	if closer != nil {
		closer.Close()
	}
	return err
}

// failedEntry is the reader of an entry refused before it was opened.
type failedEntry struct{ err error }

func (e failedEntry) Read([]byte) (int, error) { return 0, e.err }

// entryReader yields the inflated bytes of one entry, counting them against
// the declared size and the limits and checking the CRC at the end.
type entryReader struct {
	name     string
	src      io.Reader
	n        int64 // bytes produced so far
	declared int64 // uncompressed size from the central directory
	allowed  int64 // min(declared, MaxEntrySize)
	crc      hash.Hash32
	wantCRC  uint32
	err      error // sticky
}

func (e *entryReader) Read(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	// Never inflate more than one byte past what is allowed, so a bomb
	// is stopped after at most allowed+1 bytes whatever len(p) is.
	if room := e.allowed - e.n + 1; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := e.src.Read(p)
	e.n += int64(n)
	e.crc.Write(p[:n])
	switch {
	case e.n > e.declared:
		e.err = e.fail(ingest.ErrTooLarge, "inflates to more than its declared %d bytes", e.declared)
	case e.n > e.allowed:
		e.err = e.fail(ingest.ErrTooLarge, "inflates to more than the limit of %d bytes", e.allowed)
	case err == io.EOF:
		if e.n < e.declared {
			e.err = e.fail(ingest.ErrTruncated, "ends after %d of %d declared bytes", e.n, e.declared)
		} else if e.crc.Sum32() != e.wantCRC {
			e.err = e.fail(ingest.ErrSyntax, "checksum mismatch")
		} else {
			e.err = io.EOF
		}
	case errors.Is(err, io.ErrUnexpectedEOF):
		e.err = e.fail(ingest.ErrTruncated, "compressed data ends early: %v", err)
	case err != nil:
		e.err = e.fail(ingest.ErrSyntax, "%v", err)
	}
	if e.err != nil && e.err != io.EOF {
		return 0, e.err
	}
	return n, e.err
}

func (e *entryReader) fail(cause error, format string, args ...any) error {
	return &ingest.ParseError{Path: e.name, Err: fmt.Errorf("%w: "+format, append([]any{cause}, args...)...)}
}

// safeName reports whether an entry name stays inside the directory it
// would be extracted to: relative, slash-separated, without a ".." element,
// backslash, drive letter or NUL byte.
func safeName(name string) bool {
	if name == "" || strings.ContainsAny(name, "\\\x00") || strings.HasPrefix(name, "/") {
		return false
	}
	if len(name) >= 2 && name[1] == ':' {
		return false
	}
	for _, elem := range strings.Split(name, "/") {
		if elem == ".." {
			return false
		}
	}
	return true
}

// declaredEntries reads the entry count from the end-of-central-directory
// record (or its zip64 form) without loading the directory. ok is false when
// the record is not found; zip.NewReader then reports the error.
func declaredEntries(r io.ReaderAt, size int64) (n uint64, ok bool) {
	const eocdLen, maxComment = 22, 65535
	tail := min(size, eocdLen+maxComment)
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, false
	}
	i := len(buf) - eocdLen
	for ; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) == 0x06054b50 {
			break
		}
	}
	if i < 0 {
		return 0, false
	}
	n = uint64(binary.LittleEndian.Uint16(buf[i+10:]))
	if n != 0xFFFF {
		return n, true
	}
	// zip64: the locator sits just before the record and points at the
	// zip64 end-of-central-directory record.
	locAt := size - tail + int64(i) - 20
	if locAt < 0 {
		return 0, false
	}
	loc := make([]byte, 20)
	if _, err := r.ReadAt(loc, locAt); err != nil || binary.LittleEndian.Uint32(loc) != 0x07064b50 {
		return 0, false
	}
	off := int64(binary.LittleEndian.Uint64(loc[8:]))
	rec := make([]byte, 56)
	if off < 0 || off > size-56 {
		return 0, false
	}
	if _, err := r.ReadAt(rec, off); err != nil || binary.LittleEndian.Uint32(rec) != 0x06064b50 {
		return 0, false
	}
	return binary.LittleEndian.Uint64(rec[32:]), true
}
