package exchange

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// ImportStore is what an import writes through. *store.Tx implements it, so
// an import runs in one transaction that the caller commits only when the
// report has no problems.
type ImportStore interface {
	EnsureSeries(ctx context.Context, s domain.Series, action domain.Action, mayChange bool) (domain.Series, error)
	ImportFigure(ctx context.Context, s domain.Series, f domain.Figure, status domain.Status) (domain.Outcome, string, error)
	ImportEvent(ctx context.Context, e domain.Event, status domain.Status) (domain.Outcome, string, error)
}

// Options control an import.
type Options struct {
	Status      domain.Status // of created figures and events; published when empty
	File        string        // names the file in problems
	MaxProblems int           // problems kept in the report; 1000 when 0
	MaxRows     int           // rows one file may have; no limit when 0
	MaxChanges  int           // new and changed rows listed in the report; 100 when 0
	// Progress, when set, is told how many rows of File have been saved,
	// every few hundred rows and at the end.
	Progress func(file string, rows int)
	// Figure, when set, is told of every figure row saved, with its
	// outcome and series: what a preview compares with the figures
	// already held, and shows of the row beside them.
	Figure func(line int, outcome domain.Outcome, s domain.Series, f domain.Figure)
}

// Counts says what an import did with the rows of one file.
type Counts struct {
	Rows, Created, Updated, Unchanged int
}

func (c *Counts) add(o domain.Outcome) {
	c.Rows++
	switch o {
	case domain.Created:
		c.Created++
	case domain.Updated:
		c.Updated++
	default:
		c.Unchanged++
	}
}

// Report is the result of an import: what it did, or every problem found.
type Report struct {
	Figures, Events Counts
	Problems        LineErrors
	Omitted         int // problems beyond MaxProblems, counted but not kept
	// Changes are the first MaxChanges rows that create or change a figure
	// or an event, in file order, so that a preview can say which rows
	// "3 new, 1 changed" are; ChangesOmitted counts the rest.
	Changes        []RowChange
	ChangesOmitted int
	// Unresolved are the words that name no organisation known here, one
	// entry per distinct name with the lines that have it, rather than a
	// problem per row; UnresolvedOmitted counts names beyond the first 500.
	Unresolved        []UnresolvedName
	UnresolvedOmitted int
	unresolvedAt      map[string]int // file, column and key → index in Unresolved
	// CreatedOrgs are the organisations the import created for words
	// that named none, when asked to (importer.Input.CreateOrganizations
	// and Names).
	CreatedOrgs []domain.OrgRef
	// Held are the rows a preview warns of (held.go): the first
	// MaxHeldRows, and HeldOmitted more. LikeHeld counts the rows like
	// figures the tracker holds, LikeEarlier those like an earlier row.
	Held                  []HeldRow
	HeldOmitted           int
	LikeHeld, LikeEarlier int
}

// RowChange is one row of a file that creates or changes a figure or an
// event: where it is, what it says, and for a change, what changes.
type RowChange struct {
	File    string
	Line    int
	Outcome domain.Outcome // Created or Updated
	Series  string         // the series column of a figure row
	Measure domain.Measure // the measure of that series: how the row's period reads
	Figure  *domain.Figure // a figure row as read, or nil
	Event   *domain.Event  // an event row as read, or nil
	Fields  []domain.FieldChange
}

// Created says the row is new.
func (c RowChange) Created() bool { return c.Outcome == domain.Created }

func (r *Report) changed(opt Options, c RowChange) {
	if c.Outcome == domain.Unchanged {
		return
	}
	max := opt.MaxChanges
	if max == 0 {
		max = 100
	}
	if len(r.Changes) >= max {
		r.ChangesOmitted++
		return
	}
	c.File = opt.File
	r.Changes = append(r.Changes, c)
}

// ErrRejected is returned when an import found problems; the report lists
// them and the caller must roll back.
var ErrRejected = errors.New("import rejected: nothing was written")

func (r *Report) problem(opt Options, errs ...LineError) {
	max := opt.MaxProblems
	if max == 0 {
		max = 1000
	}
	for _, e := range errs {
		if len(r.Problems) >= max {
			r.Omitted++
			continue
		}
		e.File = opt.File
		r.Problems = append(r.Problems, e)
	}
}

// Err returns ErrRejected when the report has problems, or words that
// name no organisation.
func (r *Report) Err() error {
	if len(r.Problems) > 0 || len(r.Unresolved) > 0 || r.UnresolvedOmitted > 0 {
		return ErrRejected
	}
	return nil
}

// FigurePrefetcher is an ImportStore that can look up, in one go, what it
// will need for a run of rows (*store.Tx does): ImportFigures hands it each
// chunk of rows before saving them one by one, so that a large file is not
// two lookups per row. The rows are saved exactly as without it.
type FigurePrefetcher interface {
	PrefetchFigures(ctx context.Context, rows iter.Seq2[domain.Series, domain.Figure]) error
}

// FigureChangeStore is an ImportStore that says, of a figure it updates,
// which fields change (*store.Tx does): the report lists them.
type FigureChangeStore interface {
	ImportFigureChanges(ctx context.Context, s domain.Series, f domain.Figure, status domain.Status) (domain.Outcome, []domain.FieldChange, error)
}

// chunkRows is how many rows are read (and prefetched) before they are saved.
const chunkRows = 256

// ImportFigures reads a canonical figures CSV from in and saves every row
// through st, collecting every problem in rep. Rows keep being checked — and
// written into the transaction, which the caller will roll back — after the
// first problem, so that one run reports them all. It returns ErrRejected
// when there were problems, and other errors only for failures that are not
// the file's fault.
func ImportFigures(ctx context.Context, in io.Reader, st ImportStore, opt Options, rep *Report) error {
	var prefetch func([]FigureRow) error
	if p, ok := st.(FigurePrefetcher); ok {
		prefetch = func(rows []FigureRow) error {
			return p.PrefetchFigures(ctx, func(yield func(domain.Series, domain.Figure) bool) {
				for _, r := range rows {
					if !yield(r.Series, r.Figure) {
						return
					}
				}
			})
		}
	}
	changes, _ := st.(FigureChangeStore)
	return importRows(ctx, in, FigureColumns, opt, rep, "figure", parseFigureRow, prefetch, func(line int, fr FigureRow) error {
		s, err := st.EnsureSeries(ctx, fr.Series, domain.ActionImport, status(opt) == domain.StatusPublished)
		if err != nil {
			return err
		}
		var outcome domain.Outcome
		var fields []domain.FieldChange
		if changes != nil {
			outcome, fields, err = changes.ImportFigureChanges(ctx, s, fr.Figure, status(opt))
		} else {
			outcome, _, err = st.ImportFigure(ctx, s, fr.Figure, status(opt))
		}
		if err == nil {
			rep.Figures.add(outcome)
			if opt.Figure != nil {
				opt.Figure(line, outcome, s, fr.Figure)
			}
			rep.changed(opt, RowChange{Line: line, Outcome: outcome, Series: fr.Series.Slug, Measure: s.Measure, Figure: &fr.Figure, Fields: fields})
		}
		return rep.unresolved(opt, line, fr.Figure.Excerpt, err)
	})
}

// ImportEvents reads an events CSV by the same rules as ImportFigures.
func ImportEvents(ctx context.Context, in io.Reader, st ImportStore, opt Options, rep *Report) error {
	return importRows(ctx, in, EventColumns, opt, rep, "event", parseEventRow, nil, func(line int, er EventRow) error {
		outcome, _, err := st.ImportEvent(ctx, er.Event, status(opt))
		if err == nil {
			rep.Events.add(outcome)
			rep.changed(opt, RowChange{Line: line, Outcome: outcome, Event: &er.Event})
		}
		return rep.unresolved(opt, line, "", err)
	})
}

func status(opt Options) domain.Status {
	if opt.Status == "" {
		return domain.StatusPublished
	}
	return opt.Status
}

// importRows drives one file: header, rows, and the sorting of errors into
// the user's problems (reported) and ours (returned). Rows are read and
// parsed chunkRows at a time, given to prefetch (when not nil) and then
// saved in file order; a malformed row ends the file after the rows before
// it are saved.
func importRows[T any](ctx context.Context, in io.Reader, cols []Column, opt Options, rep *Report, noun string,
	parse func(row) (T, error), prefetch func([]T) error, save func(line int, v T) error) error {
	t, probs := newTable(in, cols)
	if probs != nil {
		rep.problem(opt, probs...)
		return ErrRejected
	}
	type parsed struct {
		line int
		v    T
		err  error
	}
	chunk := make([]parsed, 0, chunkRows)
	valid := make([]T, 0, chunkRows)
	rows := 0 // read so far
	// run saves the chunk; stop says the file must not be read further.
	run := func() (stop bool, err error) {
		if prefetch != nil {
			valid = valid[:0]
			for _, p := range chunk {
				if p.err == nil {
					valid = append(valid, p.v)
				}
			}
			if err := prefetch(valid); err != nil {
				return true, fmt.Errorf("line %d: %w", chunk[0].line, err)
			}
		}
		for _, p := range chunk {
			err := p.err
			if err == nil {
				err = save(p.line, p.v)
			}
			if stop, err := rep.sort(opt, p.line, err); stop {
				return true, err
			}
		}
		chunk = chunk[:0]
		if opt.Progress != nil {
			opt.Progress(opt.File, rows)
		}
		return false, nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		rows++
		if opt.MaxRows > 0 && rows > opt.MaxRows {
			if stop, err := run(); stop {
				return err
			}
			rep.problem(opt, LineError{Line: r.line, Message: fmt.Sprintf(
				"the file has more than %s %s rows, the most one import here takes; split it, or import it with `tracker import`", domain.FormatNumber(float64(opt.MaxRows)), noun)})
			return ErrRejected
		}
		p := parsed{line: r.line, err: err}
		if err == nil {
			p.v, p.err = parse(r)
		}
		chunk = append(chunk, p)
		if len(chunk) == cap(chunk) || fatal(p.err) {
			if stop, err := run(); stop {
				return err
			}
		}
	}
	if len(chunk) > 0 {
		if stop, err := run(); stop {
			return err
		}
	}
	if rows == 0 {
		rep.problem(opt, LineError{Line: 2, Message: fmt.Sprintf("the file has a header but no %s rows", noun)})
	}
	return rep.Err()
}

// sort files the outcome of one row: nothing for success, the user's
// problems in the report, our failures returned. stop says the import
// cannot go on: a malformed row (the rest of the file cannot be trusted) or
// a failure that is not the file's.
func (r *Report) sort(opt Options, line int, err error) (stop bool, _ error) {
	if err == nil {
		return false, nil
	}
	var le LineError
	var les LineErrors
	switch {
	case errors.As(err, &les):
		r.problem(opt, les...)
	case errors.As(err, &le):
		r.problem(opt, le)
		if fatal(err) {
			return true, ErrRejected
		}
	case domain.ErrorCode(err) != domain.EINTERNAL:
		r.problem(opt, lineErrors(line, err)...)
	default:
		return true, fmt.Errorf("line %d: %w", line, err)
	}
	return false, nil
}
