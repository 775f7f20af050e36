package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressBarOnATerminal(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &progress{w: &out, total: 1000, rows: map[string]int{}, start: clock, now: func() time.Time { return clock }}
	in := p.reader(strings.NewReader(strings.Repeat("x", 1000)))

	buf := make([]byte, 250)
	in.Read(buf)
	clock = clock.Add(10 * time.Second)
	p.saved("figures.csv", 25_000)
	if got := out.String(); !strings.Contains(got, "\r[#####...............]  25%  25,000 rows  2,500 rows/s") {
		t.Errorf("first line: %q", got)
	}

	out.Reset()
	clock = clock.Add(redrawEvery / 2)
	p.saved("figures.csv", 25_100)
	if out.Len() != 0 {
		t.Errorf("redrawn sooner than every %v: %q", redrawEvery, out.String())
	}

	in.Read(make([]byte, 1000))
	clock = clock.Add(10 * time.Second)
	p.saved("events.csv", 40)
	p.saved("figures.csv", 100_000)
	if got := out.String(); !strings.Contains(got, "100%  100,040 rows") || !strings.Contains(got, "committing") {
		t.Errorf("at the end of the files: %q", got)
	}
	out.Reset()
	p.finish()
	if got := out.String(); strings.Contains(got, "committing") || !strings.HasSuffix(got, "\n") {
		t.Errorf("finish: %q", got)
	}
}

func TestNoProgressOffATerminal(t *testing.T) {
	var out bytes.Buffer
	if p := newProgress(&out, 100); p != nil {
		t.Fatal("a progress bar for a buffer")
	}
	var p *progress
	p.finish() // a nil progress is a no-op
	if r := strings.NewReader("x"); p.reader(r) != r {
		t.Error("a nil progress wraps the reader")
	}
}
