package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

func TestProgressCountsBytes(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressOn(&buf, "ingest", 1000, true)
	if _, err := io.Copy(io.Discard, p.Reader(strings.NewReader(strings.Repeat("x", 500)))); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "50%") || !strings.Contains(out, "ingest") {
		t.Errorf("bar output %q lacks 50%%", out)
	}
	time.Sleep(250 * time.Millisecond) // past the bar's throttle
	p.Trials(7)
	if out := buf.String(); !strings.Contains(out, "ingest: 7 trials") {
		t.Errorf("bar output %q lacks the trial count", out)
	}
	buf.Reset()
	p.Finish()
	if out := strings.TrimSpace(strings.ReplaceAll(buf.String(), "\r", "")); out != "" {
		t.Errorf("the bar is not cleared at the end: %q", out)
	}
}

// Off a terminal (a pipe, a file, a buffer) there is no bar, and the zero
// progress passes readers through.
func TestProgressOffTerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, "ingest", 10)
	if p.p != nil {
		t.Fatal("bar on a buffer")
	}
	r := strings.NewReader("abc")
	if p.Reader(r) != io.Reader(r) {
		t.Error("zero progress wraps the reader")
	}
	p.Add(5)
	p.Trials(1)
	p.Clear()
	p.Finish()
	if buf.Len() != 0 {
		t.Errorf("zero progress wrote %q", buf.String())
	}
}
