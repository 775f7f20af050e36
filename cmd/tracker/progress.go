package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// progress draws an import's progress on a terminal, on one line that it
// redraws at most every redrawEvery: how much of the files has been read,
// the rows saved and their rate.
//
//	[##########..........]  52%  520,000 rows  8,650 rows/s
type progress struct {
	w         io.Writer
	total     int64 // bytes in the files
	read      int64
	rows      map[string]int
	start     time.Time
	lastDrawn time.Time
	now       func() time.Time
	drawn     bool
}

const redrawEvery = 200 * time.Millisecond

// newProgress returns a progress for files of total bytes drawn on w, or
// nil when w is not a terminal: a log or a pipe gets only the result.
func newProgress(w io.Writer, total int64) *progress {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &progress{w: w, total: total, rows: map[string]int{}, start: time.Now(), now: time.Now}
}

// reader counts what is read through r.
func (p *progress) reader(r io.Reader) io.Reader {
	if p == nil {
		return r
	}
	return &countingReader{r: r, n: &p.read}
}

// saved is exchange.Options.Progress.
func (p *progress) saved(file string, rows int) {
	p.rows[file] = rows
	if now := p.now(); now.Sub(p.lastDrawn) >= redrawEvery || p.read >= p.total {
		p.lastDrawn = now
		p.draw(false)
	}
}

// finish draws the last state and ends the line.
func (p *progress) finish() {
	if p == nil || !p.drawn {
		return
	}
	p.draw(true)
	fmt.Fprintln(p.w)
}

func (p *progress) draw(final bool) {
	rows := 0
	for _, n := range p.rows {
		rows += n
	}
	frac := 1.0
	if p.total > 0 {
		frac = min(float64(p.read)/float64(p.total), 1)
	}
	line := fmt.Sprintf("\r%s %3.0f%%  %s rows", bar(frac, 20), 100*frac, domain.FormatNumber(float64(rows)))
	if secs := p.now().Sub(p.start).Seconds(); secs > 0 {
		line += "  " + domain.FormatNumber(float64(int(float64(rows)/secs))) + " rows/s"
	}
	if frac == 1 && !final {
		line += "  committing…"
	}
	// Pad over whatever a longer line left before.
	fmt.Fprint(p.w, line+strings.Repeat(" ", max(0, 60-len(line))))
	p.drawn = true
}

// bar is frac of width as a text bar.
func bar(frac float64, width int) string {
	full := int(frac*float64(width) + 0.5)
	return "[" + strings.Repeat("#", full) + strings.Repeat(".", width-full) + "]"
}

type countingReader struct {
	r io.Reader
	n *int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	*c.n += int64(n)
	return n, err
}
