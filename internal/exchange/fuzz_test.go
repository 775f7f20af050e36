package exchange_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/data"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
)

// The import fuzzers write through recordingStore, not a database: what is
// fuzzed is the reading of the file (CSV, header, rows, fields, domain
// rules), and an in-memory store lets it run thousands of files a second
// where SQLite would run a few hundred. The store's own side of an import,
// and the rollback of a rejected one, have their tests in import_test.go
// and internal/importer against real SQLite and PostgreSQL.

// recordingStore is an exchange.ImportStore that keeps what it is given.
type recordingStore struct {
	series  []domain.Series
	figures []domain.Figure
	events  []domain.Event
}

func (s *recordingStore) EnsureSeries(_ context.Context, se domain.Series, _ domain.Action, _ bool) (domain.Series, error) {
	s.series = append(s.series, se)
	se.ID = int64(len(s.series))
	return se, nil
}

func (s *recordingStore) ImportFigure(_ context.Context, _ domain.Series, f domain.Figure, _ domain.Status) (domain.Outcome, string, error) {
	s.figures = append(s.figures, f)
	return domain.Created, f.ID, nil
}

func (s *recordingStore) ImportEvent(_ context.Context, e domain.Event, _ domain.Status) (domain.Outcome, string, error) {
	s.events = append(s.events, e)
	return domain.Created, e.ID, nil
}

// fuzzSeeds are files that reach each part of the reader: the demo data, a
// BOM, CRLF, an HXL row, quoted cells with commas, quotes and line breaks,
// and the classic ways a row goes wrong.
func fuzzSeeds(f *testing.F, demo string, header string, row string) {
	b, err := data.Demo.ReadFile(demo)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	f.Add("\ufeff" + strings.ReplaceAll(string(b), "\n", "\r\n"))
	for _, s := range []string{
		"",
		"\ufeff",
		header,
		header + "\n",
		header + "\n" + row + "\n",
		"\ufeff" + header + "\r\n" + row + "\r\n",
		header + "\n" + row, // no final newline
		header + "\n\n\n" + row + "\n\n",
		header + "\n" + strings.Repeat(",", strings.Count(header, ",")) + "\n",
		header + "\n" + row + ",extra\n",
		header + "\n" + "x\"y," + row + "\n",
		header + "\n\"unterminated," + row + "\n",
		header + ",colour\n" + row + ",red\n",
		strings.ToUpper(header) + "\n" + row + "\n",
		" " + strings.ReplaceAll(header, ",", " , ") + " \n" + row + "\n",
		"a,,b\n1,2,3\n",
		"#hxl\n",
		"\t\t", // a header of tabs
		strings.ReplaceAll(header, ",", "\t") + "\n",  // Excel's Unicode Text
		strings.ReplaceAll(header+"\n"+row, ",", ";"), // a European CSV
		"\xff\xfe\x00\x00" + header,                   // UTF-32
	} {
		f.Add(s)
	}
}

// checkProblems checks that every problem says where it is and what is wrong:
// a line from 1 to the file's last line (or line 2 for a file with no rows),
// a message, and a column unless the problem is the whole file or row.
func checkProblems(t *testing.T, in string, cols []exchange.Column, rep exchange.Report, err error) {
	t.Helper()
	if err != nil && !errors.Is(err, exchange.ErrRejected) {
		t.Fatalf("error that is not the file's fault: %v", err)
	}
	if (err != nil) != (len(rep.Problems) > 0) {
		t.Fatalf("error %v with %d problems: a rejected import must list why, and problems must reject it", err, len(rep.Problems))
	}
	if rep.Err() == nil && len(rep.Problems) > 0 {
		t.Fatalf("report with problems does not reject: %v", rep.Problems)
	}
	known := map[string]bool{}
	for _, c := range cols {
		known[c.Name] = true
	}
	lines := max(2, strings.Count(in, "\n")+1)
	for _, p := range rep.Problems {
		if p.Line < 1 || p.Line > lines {
			t.Errorf("problem on line %d of a %d-line file: %v", p.Line, lines, p)
		}
		if strings.TrimSpace(p.Message) == "" {
			t.Errorf("problem without a message: %#v", p)
		}
		switch {
		case p.Column == "":
			if !rowProblem(p.Message) {
				t.Errorf("problem names no column: %v", p)
			}
		case !known[p.Column] && !(p.Line == 1 && strings.HasPrefix(p.Message, "unknown column")):
			t.Errorf("problem names column %q, which is not one of the file's: %v", p.Column, p)
		}
	}
}

// checkRowLimit imports in again with a limit of two rows, which a file of
// more rows must break with a located problem.
func checkRowLimit(t *testing.T, in string, cols []exchange.Column,
	imp func(context.Context, io.Reader, exchange.ImportStore, exchange.Options, *exchange.Report) error) {
	t.Helper()
	var rep exchange.Report
	err := imp(context.Background(), strings.NewReader(in), &recordingStore{}, exchange.Options{MaxRows: 2}, &rep)
	checkProblems(t, in, cols, rep, err)
}

// rowProblem reports whether a problem without a column is about the whole
// file or row, where no column is to blame.
func rowProblem(msg string) bool {
	for _, prefix := range []string{"malformed CSV", "cannot read", "has ", "the file is empty", "the file has a header but no", "the file has more than", "the file is UTF-", "the columns are separated by", "column "} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

const (
	fuzzFigureHeader = "series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_start,period_end,value,qualifier,value_low,value_high,attributed_to,source_publisher,source_title,source_url,excerpt"
	fuzzFigureRow    = `afg-returns-from-pak,"Afghans returned from Pakistan",returnees,cumulative,persons,PAK,AFG,2023-09,2025-04-19,1000000,approx,,,IOM,Bloomberg,"Pakistan Deputy PM in Kabul for Talks",https://example.org/bloomberg,"Nearly a million Afghans have ""either"" returned, or been deported."`
	fuzzEventHeader  = "event_id,date,end_date,title,kind,countries,source_publisher,source_title,source_url,source_published,excerpt"
	fuzzEventRow     = `,2023-11-01,,Deadline to leave Pakistan,deadline,PAK;AFG,tribuneindia.com,"Afghans leave, in droves",https://www.tribuneindia.com/news/1,,"Hours before the deadline of November 1."`
)

// FuzzImportFigures feeds ImportFigures any file. It must not panic; it
// must either accept the file, having handed the store only figures that
// pass the domain's rules, or reject it with every problem located; and a
// rejected import says so (ErrRejected), which is what makes the caller
// roll back. Seeds live in testdata/fuzz/FuzzImportFigures.
func FuzzImportFigures(f *testing.F) {
	fuzzSeeds(f, "demo/figures.csv", fuzzFigureHeader, fuzzFigureRow)
	f.Fuzz(func(t *testing.T, in string) {
		st := &recordingStore{}
		var rep exchange.Report
		err := exchange.ImportFigures(context.Background(), strings.NewReader(in), st, exchange.Options{}, &rep)
		checkProblems(t, in, exchange.FigureColumns, rep, err)
		if len(st.figures) != len(st.series) || rep.Figures.Rows != len(st.figures) || rep.Figures.Created != len(st.figures) {
			t.Errorf("%d series and %d figures saved, report counts %+v", len(st.series), len(st.figures), rep.Figures)
		}
		if err == nil && len(st.figures) == 0 {
			t.Errorf("accepted a file without figures")
		}
		checkRowLimit(t, in, exchange.FigureColumns, exchange.ImportFigures)
		for _, s := range st.series {
			if err := s.ValidateGiven(); err != nil {
				t.Errorf("saved series %+v: %v", s, err)
			}
		}
		for _, fig := range st.figures {
			if err := fig.Validate(); err != nil {
				t.Errorf("saved figure %+v: %v", fig, err)
			}
			if fig.Qualifier == "" {
				t.Errorf("saved figure without a qualifier: %+v", fig)
			}
			// The organizations column gives names for the store to
			// resolve: each one trimmed, not empty, and nothing more.
			for _, o := range fig.Orgs {
				if o.Name == "" || o.Name != strings.TrimSpace(o.Name) || strings.Contains(o.Name, ";") || o != (domain.OrgRef{Name: o.Name}) {
					t.Errorf("saved figure with organisation %#v", o)
				}
			}
		}
	})
}

// FuzzImportEvents is FuzzImportFigures for the events file.
func FuzzImportEvents(f *testing.F) {
	fuzzSeeds(f, "demo/events.csv", fuzzEventHeader, fuzzEventRow)
	f.Fuzz(func(t *testing.T, in string) {
		st := &recordingStore{}
		var rep exchange.Report
		err := exchange.ImportEvents(context.Background(), strings.NewReader(in), st, exchange.Options{}, &rep)
		checkProblems(t, in, exchange.EventColumns, rep, err)
		if rep.Events.Rows != len(st.events) {
			t.Errorf("%d events saved, report counts %+v", len(st.events), rep.Events)
		}
		if err == nil && len(st.events) == 0 {
			t.Errorf("accepted a file without events")
		}
		checkRowLimit(t, in, exchange.EventColumns, exchange.ImportEvents)
		for _, e := range st.events {
			if err := e.Validate(); err != nil {
				t.Errorf("saved event %+v: %v", e, err)
			}
		}
	})
}
