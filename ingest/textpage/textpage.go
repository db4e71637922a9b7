// Package textpage reads the text of a web page copied into a file (a
// registry page, a MedPath page) as lines, with the digest of its bytes and
// size limits, for the page readers of package ingest.
//
//	p, err := textpage.Read(r, "seed.txt")
//	for i, l := range p.Lines { ... p.ErrAt(i+1, "Phase", ingest.ErrBadValue) ... }
package textpage

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

// Page is the text of one page, split into lines, with its digest.
type Page struct {
	File   string
	Lines  []string // without line terminators or trailing blanks
	SHA256 string
	// EndsInLine reports that the input did not end with a newline, so
	// its last line may be cut short.
	EndsInLine bool
}

// Read reads all of r as lines. It fails with a positioned
// ingest.ErrTooLarge for an over-long line or input, and with ingest.ErrEmpty
// for input without any text.
func Read(r io.Reader, file string) (*Page, error) {
	d := &digest{h: sha256.New()}
	sc := bufio.NewScanner(io.TeeReader(r, d))
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	p := &Page{File: file}
	total := 0
	for sc.Scan() {
		b := sc.Bytes()
		total += len(b) + 1
		if total > MaxInput {
			return nil, &ingest.ParseError{File: file, Line: len(p.Lines) + 1, Err: ingest.ErrTooLarge}
		}
		p.Lines = append(p.Lines, strings.TrimRight(string(b), " \t\r\u00a0"))
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = ingest.ErrTooLarge
		}
		return nil, &ingest.ParseError{File: file, Line: len(p.Lines) + 1, Err: err}
	}
	p.SHA256 = hex.EncodeToString(d.h.Sum(nil))
	p.EndsInLine = d.last != '\n'
	empty := true
	for _, l := range p.Lines {
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

// ErrAt returns a positioned error of the page.
func (p *Page) ErrAt(line int, field string, err error) error {
	if line < 1 {
		line = 1
	}
	return &ingest.ParseError{File: p.File, Line: line, Field: field, Err: err}
}

// ParseAddress splits an address line of a registry page, such as "Wuhan,
// Hubei, China, 430081" or "Guangzhou, Guangdong, China", into city, state,
// postcode and country: the first part is the city, the last the country,
// the first part with digits after the city the postcode, and the parts
// between the state. A single part is a city.
func ParseAddress(s string) (city, state, zip, country string) {
	var parts []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return
	}
	var rest []string
	for i, p := range parts {
		if i > 0 && zip == "" && strings.ContainsAny(p, "0123456789") {
			zip = p
			continue
		}
		rest = append(rest, p)
	}
	if len(rest) == 1 {
		return rest[0], "", zip, ""
	}
	return rest[0], strings.Join(rest[1:len(rest)-1], ", "), zip, rest[len(rest)-1]
}
