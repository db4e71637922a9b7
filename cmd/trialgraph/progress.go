package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows how far a long ingest or export has got, as a bar on
// standard error counting input bytes read (or output statements written).
// The zero progress, used when standard error is not a terminal or with
// --quiet, does nothing; its methods are safe for concurrent use.
type progress struct {
	p *progressState
}

type progressState struct {
	mu  sync.Mutex
	bar *progressbar.ProgressBar
	w   io.Writer
}

// ttyOut reports whether w is a terminal (term.IsTerminal: /dev/null, a
// character device, is not).
func ttyOut(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newProgress returns a bar of total bytes (-1 when unknown) on w, or the
// zero progress when w is not a terminal.
func newProgress(w io.Writer, what string, total int64) progress {
	if !ttyOut(w) {
		return progress{}
	}
	return newProgressOn(w, what, total, true)
}

func newProgressOn(w io.Writer, what string, total int64, bytes bool) progress {
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowBytes(bytes),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(true),
	)
	return progress{p: &progressState{bar: bar, w: w}}
}

// Add counts n more bytes done.
func (pr progress) Add(n int64) {
	if pr.p == nil || n <= 0 {
		return
	}
	pr.p.mu.Lock()
	pr.p.bar.Add64(n)
	pr.p.mu.Unlock()
}

// Trials shows the number of trials stored so far.
func (pr progress) Trials(n int) {
	if pr.p == nil {
		return
	}
	pr.p.mu.Lock()
	pr.p.bar.Describe(fmt.Sprintf("ingest: %d trials", n))
	pr.p.mu.Unlock()
}

// Describe sets the text shown before the bar.
func (pr progress) Describe(s string) {
	if pr.p == nil {
		return
	}
	pr.p.mu.Lock()
	pr.p.bar.Describe(s)
	pr.p.bar.RenderBlank()
	pr.p.mu.Unlock()
}

// Clear removes the bar so that a message can be printed on its line; the
// bar comes back at the next update.
func (pr progress) Clear() {
	if pr.p == nil {
		return
	}
	pr.p.mu.Lock()
	pr.p.bar.Clear()
	pr.p.mu.Unlock()
}

// Finish removes the bar for good.
func (pr progress) Finish() {
	if pr.p == nil {
		return
	}
	pr.p.mu.Lock()
	pr.p.bar.Finish()
	pr.p.bar.Clear()
	pr.p.mu.Unlock()
}

// Reader counts the bytes read from r.
func (pr progress) Reader(r io.Reader) io.Reader {
	if pr.p == nil {
		return r
	}
	return &progressReader{r: r, pr: pr}
}

// ReaderAt counts the bytes read from r.
func (pr progress) ReaderAt(r io.ReaderAt) io.ReaderAt {
	if pr.p == nil {
		return r
	}
	return &progressReader{ra: r, pr: pr}
}

type progressReader struct {
	r  io.Reader
	ra io.ReaderAt
	pr progress
}

func (c *progressReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.pr.Add(int64(n))
	return n, err
}

func (c *progressReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.ra.ReadAt(p, off)
	c.pr.Add(int64(n))
	return n, err
}

// inputsSize is the number of bytes of the named inputs, -1 when unknown
// (standard input).
func inputsSize(inputs []string) int64 {
	var total int64
	for _, in := range inputs {
		if in == "-" {
			return -1
		}
		filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && p != in && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if d.Type().IsRegular() && !strings.HasPrefix(d.Name(), ".") {
				if info, err := d.Info(); err == nil {
					total += info.Size()
				}
			}
			return nil
		})
	}
	return total
}
