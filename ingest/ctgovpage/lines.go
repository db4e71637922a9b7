package ctgovpage

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"strings"

	"github.com/trialgraph/trialgraph/ingest"
)

// MaxLine is the longest line a page may have, and MaxInput the most bytes a
// page may have; beyond them the reader returns ingest.ErrTooLarge instead of
// growing its buffers without bound.
const (
	MaxLine  = 64 << 20
	MaxInput = 256 << 20
)

// page is the text of one page, split into lines, with its digest.
type page struct {
	file   string
	lines  []string // without line terminators or trailing blanks
	sha256 string
	// endsInLine reports that the input did not end with a newline, so
	// its last line may be cut short.
	endsInLine bool
}

// readPage reads all of r as lines. It fails with a positioned
// ingest.ErrTooLarge for an over-long line or input, and with ingest.ErrEmpty
// for input without any text.
func readPage(r io.Reader, file string) (*page, error) {
	d := &digest{h: sha256.New()}
	sc := bufio.NewScanner(io.TeeReader(r, d))
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	p := &page{file: file}
	total := 0
	for sc.Scan() {
		b := sc.Bytes()
		total += len(b) + 1
		if total > MaxInput {
			return nil, &ingest.ParseError{File: file, Line: len(p.lines) + 1, Err: ingest.ErrTooLarge}
		}
		p.lines = append(p.lines, strings.TrimRight(string(b), " \t\r\u00a0"))
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = ingest.ErrTooLarge
		}
		return nil, &ingest.ParseError{File: file, Line: len(p.lines) + 1, Err: err}
	}
	p.sha256 = hex.EncodeToString(d.h.Sum(nil))
	p.endsInLine = d.last != '\n'
	empty := true
	for _, l := range p.lines {
		if strings.TrimSpace(l) != "" {
			empty = false
			break
		}
	}
	if empty {
		return nil, &ingest.ParseError{File: file, Line: 1, Err: ingest.ErrEmpty}
	}
	return p, nil
}

// digest hashes what passes through it and remembers the last byte.
type digest struct {
	h    hash.Hash
	last byte
}

func (d *digest) Write(b []byte) (int, error) {
	if len(b) > 0 {
		d.last = b[len(b)-1]
	}
	return d.h.Write(b)
}

// errAt returns a positioned error of the page.
func (p *page) errAt(line int, field string, err error) error {
	if line < 1 {
		line = 1
	}
	return &ingest.ParseError{File: p.file, Line: line, Field: field, Err: err}
}
