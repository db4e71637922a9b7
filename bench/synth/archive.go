package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"sync"
	"time"
)

// modTime is the timestamp of every entry, so the archive depends on the
// seed only.
var modTime = time.Date(2025, 5, 30, 0, 0, 0, 0, time.UTC)

// options configure one archive.
type options struct {
	n           int
	seed        uint64
	mscFraction float64
	sites       int  // size of the shared site pool
	sponsors    int  // size of the shared sponsor pool
	workers     int  // 0: GOMAXPROCS
	level       int  // flate level
	indent      bool // pretty-print JSON
}

// stats summarise a written archive.
type stats struct {
	studies      int
	msc          int
	uncompressed int64
	sites        int
}

// entry is one compressed study, ready for zip.Writer.CreateRaw.
type entry struct {
	name    string
	crc     uint32
	size    int64
	msc     bool
	data    []byte
	compErr error
}

// writeArchive writes opts.n studies to out as a zip, one NCT….json per
// entry in id order. Studies are generated and deflated in parallel and
// written in order; at most a few per worker are in memory at once.
func writeArchive(ctx context.Context, out io.Writer, opts options) (stats, error) {
	if opts.n < 1 || opts.n > 6_999_900 {
		return stats{}, fmt.Errorf("-n %d: want 1 to 6,999,900 studies (NCT ids have 8 digits)", opts.n)
	}
	if opts.level < flate.HuffmanOnly || opts.level > flate.BestCompression {
		return stats{}, fmt.Errorf("-level %d: want -2 to 9", opts.level)
	}
	if opts.mscFraction < 0 || opts.mscFraction > 1 {
		return stats{}, fmt.Errorf("-msc-fraction %v: want a fraction between 0 and 1", opts.mscFraction)
	}
	w, err := newWorld(opts.seed, opts.sites, opts.sponsors)
	if err != nil {
		return stats{}, err
	}
	st := stats{sites: w.numSites()}
	gen := &generator{w: w, n: opts.n, mscFrac: opts.mscFraction}
	workers := opts.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait() // after cancel: deferred calls run last first
	defer cancel()
	// Each index gets a one-slot channel; the writer reads them in order,
	// and tokens bound how far ahead the workers may run.
	window := 8 * workers
	slots := make([]chan entry, window)
	for i := range slots {
		slots[i] = make(chan entry, 1)
	}
	tokens := make(chan struct{}, window)
	next := make(chan int)
	go func() {
		defer close(next)
		for i := 0; i < opts.n; i++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var raw, comp bytes.Buffer
			fw, _ := flate.NewWriter(&comp, opts.level)
			enc := json.NewEncoder(&raw)
			enc.SetEscapeHTML(false)
			if opts.indent {
				enc.SetIndent("", "  ")
			}
			for i := range next {
				s, msc := gen.study(i)
				raw.Reset()
				e := entry{name: s.ProtocolSection.IdentificationModule.NctID + ".json", msc: msc}
				if e.compErr = enc.Encode(s); e.compErr == nil {
					body := bytes.TrimSuffix(raw.Bytes(), []byte("\n"))
					e.crc, e.size = crc32.ChecksumIEEE(body), int64(len(body))
					comp.Reset()
					fw.Reset(&comp)
					if _, e.compErr = fw.Write(body); e.compErr == nil {
						e.compErr = fw.Close()
					}
					e.data = bytes.Clone(comp.Bytes())
				}
				select {
				case slots[i%window] <- e:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	zw := zip.NewWriter(out)
	for i := 0; i < opts.n; i++ {
		var e entry
		select {
		case e = <-slots[i%window]:
		case <-ctx.Done():
			return st, ctx.Err()
		}
		<-tokens
		if e.compErr != nil {
			return st, fmt.Errorf("study %d: %w", i, e.compErr)
		}
		fh := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: modTime, CRC32: e.crc,
			CompressedSize64: uint64(len(e.data)), UncompressedSize64: uint64(e.size)}
		fh.SetMode(0o644)
		// CreateRaw writes the MS-DOS fields as given, not Modified.
		fh.ModifiedDate = uint16((modTime.Year()-1980)<<9 | int(modTime.Month())<<5 | modTime.Day())
		fh.ModifiedTime = uint16(modTime.Hour()<<11 | modTime.Minute()<<5 | modTime.Second()/2)
		ew, err := zw.CreateRaw(fh)
		if err != nil {
			return st, err
		}
		if _, err := ew.Write(e.data); err != nil {
			return st, err
		}
		st.studies++
		st.uncompressed += e.size
		if e.msc {
			st.msc++
		}
	}
	if err := zw.Close(); err != nil {
		return st, err
	}
	return st, nil
}
