package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/evidence"
)

// optionalDuration is a duration flag that knows whether it was given.
type optionalDuration struct {
	d   time.Duration
	set bool
}

func (o *optionalDuration) String() string {
	if o == nil || !o.set {
		return ""
	}
	return o.d.String()
}

func (o *optionalDuration) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("a duration such as 24h or 90m: %w", err)
	}
	if d < 0 {
		return fmt.Errorf("a duration of 0 or more, not %s", s)
	}
	o.d, o.set = d, true
	return nil
}

// visitPlan is what "tracker sources check" visits: sources to fetch (no
// copy yet, or every source without --stale) and sources to revisit.
type visitPlan struct {
	fetch, revisit []int64
}

func (p visitPlan) total() int { return len(p.fetch) + len(p.revisit) }

// plan lists the sources one run visits: --source, that one (revisited
// when it has a copy, saved when not); --stale, every source without a
// copy and every source with one whose latest visit is older than stale;
// neither, every source fetched, as before links were watched.
func (c *sourceChecker) plan(ctx context.Context, id int64, stale optionalDuration) (visitPlan, error) {
	db := c.saver.DB
	switch {
	case id != 0 && stale.set:
		return visitPlan{}, fmt.Errorf("--source and --stale: give one (--source visits one source, --stale every source not visited for that long); %w", errUsage)
	case id != 0:
		if _, err := db.Source(ctx, id); err != nil {
			return visitPlan{}, fmt.Errorf("--source %d: %w", id, err)
		}
		return visitPlan{revisit: []int64{id}}, nil
	case stale.set:
		all, err := db.SourceIDs(ctx)
		if err != nil {
			return visitPlan{}, err
		}
		unsaved, err := db.UnsavedSources(ctx, len(all)+1)
		if err != nil {
			return visitPlan{}, err
		}
		old, err := db.StaleSources(ctx, time.Now().Add(-stale.d), len(all)+1)
		if err != nil {
			return visitPlan{}, err
		}
		return visitPlan{fetch: unsaved, revisit: old}, nil
	}
	// Every source: those without a copy are saved, the others revisited
	// (a page that dropped its excerpt is recorded as changed, and the
	// copy that holds it stays the latest).
	all, err := db.SourceIDs(ctx)
	return visitPlan{revisit: all}, err
}

// run visits the plan's sources, a few hosts at once, reporting each.
func (c *sourceChecker) run(ctx context.Context, p visitPlan) error {
	c.total = p.total()
	each := func(r evidence.Result) error { return c.report(ctx, r) }
	if err := c.saver.Visits(ctx, p.fetch, c.saver.Fetch, each); err != nil {
		return err
	}
	if err := c.saver.Visits(ctx, p.revisit, c.saver.Revisit, each); err != nil {
		return err
	}
	c.bar.finish()
	return nil
}

// isTerminal reports whether w is a terminal (not a file, pipe or buffer).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// sourcesBar draws "tracker sources check"'s progress on a terminal, on
// one line redrawn with \r; nil draws nothing.
type sourcesBar struct {
	w     io.Writer
	drawn int // runes of the line drawn, to clear
}

func newSourcesBar(w io.Writer) *sourcesBar {
	if !isTerminal(w) {
		return nil
	}
	return &sourcesBar{w: w}
}

// draw redraws the bar.
func (b *sourcesBar) draw(done, total int, counts map[domain.CheckOutcome]int) {
	if b == nil {
		return
	}
	line := sourcesBarLine(done, total, counts, barLineWidth)
	n := utf8.RuneCountInString(line)
	fmt.Fprint(b.w, "\r"+line+strings.Repeat(" ", max(b.drawn-n, 0)))
	b.drawn = n
}

// clear blanks the bar's line, before a line is written under it.
func (b *sourcesBar) clear() {
	if b == nil || b.drawn == 0 {
		return
	}
	fmt.Fprint(b.w, "\r"+strings.Repeat(" ", b.drawn)+"\r")
	b.drawn = 0
}

// finish leaves the last bar drawn and ends its line.
func (b *sourcesBar) finish() {
	if b == nil || b.drawn == 0 {
		return
	}
	fmt.Fprintln(b.w)
	b.drawn = 0
}

// barLineWidth bounds the progress line, to fit an 80-column terminal.
const barLineWidth = 79

// sourcesBarLine is the progress line: a bar of 20, the sources visited of
// total, and the outcomes so far in domain.CheckOutcomes' order, cut to
// width runes.
//
//	[=======>            ] 12/65  ok 10 · gone 1 · changed 1
func sourcesBarLine(done, total int, counts map[domain.CheckOutcome]int, width int) string {
	const inner = 20
	full := inner
	if total > 0 {
		full = min(done*inner/total, inner)
	}
	bar := strings.Repeat("=", full)
	if full < inner {
		if full > 0 {
			bar = bar[:full-1] + ">"
		}
		bar += strings.Repeat(" ", inner-full)
	}
	line := fmt.Sprintf("[%s] %d/%d", bar, done, total)
	var parts []string
	for _, o := range domain.CheckOutcomes {
		if n := counts[o]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", strings.ReplaceAll(string(o), "_", " "), n))
		}
	}
	if len(parts) > 0 {
		line += "  " + strings.Join(parts, " · ")
	}
	if utf8.RuneCountInString(line) > width {
		r := []rune(line)
		line = string(r[:width-1]) + "…"
	}
	return line
}
