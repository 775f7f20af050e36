package exchange

import (
	"context"
	"errors"
	"fmt"
	"io"

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

// Err returns ErrRejected when the report has problems.
func (r *Report) Err() error {
	if len(r.Problems) > 0 {
		return ErrRejected
	}
	return nil
}

// ImportFigures reads a canonical figures CSV from in and saves every row
// through st, collecting every problem in rep. Rows keep being checked — and
// written into the transaction, which the caller will roll back — after the
// first problem, so that one run reports them all. It returns ErrRejected
// when there were problems, and other errors only for failures that are not
// the file's fault.
func ImportFigures(ctx context.Context, in io.Reader, st ImportStore, opt Options, rep *Report) error {
	return importRows(ctx, in, FigureColumns, opt, rep, "figure", func(r row) error {
		fr, err := parseFigureRow(r)
		if err != nil {
			return err
		}
		s, err := st.EnsureSeries(ctx, fr.Series, domain.ActionImport, status(opt) == domain.StatusPublished)
		if err != nil {
			return err
		}
		outcome, _, err := st.ImportFigure(ctx, s, fr.Figure, status(opt))
		if err == nil {
			rep.Figures.add(outcome)
		}
		return err
	})
}

// ImportEvents reads an events CSV by the same rules as ImportFigures.
func ImportEvents(ctx context.Context, in io.Reader, st ImportStore, opt Options, rep *Report) error {
	return importRows(ctx, in, EventColumns, opt, rep, "event", func(r row) error {
		er, err := parseEventRow(r)
		if err != nil {
			return err
		}
		outcome, _, err := st.ImportEvent(ctx, er.Event, status(opt))
		if err == nil {
			rep.Events.add(outcome)
		}
		return err
	})
}

func status(opt Options) domain.Status {
	if opt.Status == "" {
		return domain.StatusPublished
	}
	return opt.Status
}

// importRows drives one file: header, rows, and the sorting of errors into
// the user's problems (reported) and ours (returned).
func importRows(ctx context.Context, in io.Reader, cols []Column, opt Options, rep *Report, noun string, save func(row) error) error {
	t, probs := newTable(in, cols)
	if probs != nil {
		rep.problem(opt, probs...)
		return ErrRejected
	}
	rows := 0
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
			rep.problem(opt, LineError{Line: r.line, Message: fmt.Sprintf(
				"the file has more than %s %s rows, the most one import here takes; split it, or import it with `tracker import`", domain.FormatNumber(float64(opt.MaxRows)), noun)})
			return ErrRejected
		}
		if err == nil {
			err = save(r)
		}
		if err == nil {
			continue
		}
		var le LineError
		var les LineErrors
		switch {
		case errors.As(err, &les):
			rep.problem(opt, les...)
		case errors.As(err, &le):
			rep.problem(opt, le)
			if fatal(err) {
				return ErrRejected
			}
		case domain.ErrorCode(err) != domain.EINTERNAL:
			rep.problem(opt, lineErrors(r.line, err)...)
		default:
			return fmt.Errorf("line %d: %w", r.line, err)
		}
	}
	if rows == 0 {
		rep.problem(opt, LineError{Line: 2, Message: fmt.Sprintf("the file has a header but no %s rows", noun)})
	}
	return rep.Err()
}
