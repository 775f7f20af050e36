package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/extract"
	"github.com/displacement-tracker/tracker/internal/fetch"
	"github.com/displacement-tracker/tracker/internal/store"
)

// maxExtractInput caps what tracker extract reads: a document's bytes
// (a PDF is larger than its text). Its text is then read up to
// extract.MaxDocumentBytes.
const maxExtractInput = 50 << 20

// extractCmd reads a document and prints every candidate figure in it as
// JSON lines: the same reading the web form's document entry and the
// accuracy test use, for a data team to script.
func extractCmd(fs *flag.FlagSet) action {
	dsn := dbFlag(fs)
	var published dateFlag
	fs.Var(&published, "published", "the document's publication `DATE` (YYYY-MM-DD), which resolves \"so far\", \"last month\", \"on Tuesday\"")
	series := fs.String("series", "", "the series being entered (its `SLUG`): its title, from the database when there is one, else the slug's words, makes the numbers about it preferred")
	return func(ctx context.Context, env environment, args []string) error {
		if len(args) > 1 {
			return fmt.Errorf("extract reads one document, got %d: %q", len(args), args)
		}
		name := "-"
		if len(args) == 1 {
			name = args[0]
		}
		body, err := readInput(env, name)
		if err != nil {
			return err
		}
		text, err := fetch.DocumentText(ctx, body, typeByName(name))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if len(text) > extract.MaxDocumentBytes {
			fmt.Fprintf(env.stderr, "tracker extract: %s: the text is %d bytes; only the first %d are read\n", name, len(text), extract.MaxDocumentBytes)
		}
		o := extract.Options{Published: domain.Date(published), Series: slugWords(*series)}
		db, err := optionalStore(ctx, *dsn, fs)
		if err != nil {
			return err
		}
		if db != nil {
			defer db.Close()
			if o.Organizations, err = db.Organizations(ctx); err != nil {
				return err
			}
			if *series != "" {
				s, err := db.SeriesBySlug(ctx, *series)
				switch {
				case err == nil:
					o.Series = s.Title
				case domain.ErrorCode(err) == domain.ENOTFOUND:
					fmt.Fprintf(env.stderr, "tracker extract: no series %q in the database; reading for the slug's words %q\n", *series, o.Series)
				default:
					return err
				}
			}
		}
		cs := extract.Document(text, o)
		if len(cs) == extract.MaxDocumentCandidates {
			fmt.Fprintf(env.stderr, "tracker extract: %s: stopped at %d candidates\n", name, len(cs))
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetEscapeHTML(false)
		for _, c := range cs {
			if err := enc.Encode(candidateJSON(c)); err != nil {
				return err
			}
		}
		return nil
	}
}

// readInput reads the named file, or standard input for "-", up to
// maxExtractInput.
func readInput(env environment, name string) ([]byte, error) {
	r := env.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err // "open x.pdf: no such file or directory"
		}
		defer f.Close()
		r = f
	}
	body, err := io.ReadAll(io.LimitReader(r, maxExtractInput+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(body) > maxExtractInput {
		return nil, fmt.Errorf("%s: more than %d MB; extract reads documents up to that size", name, maxExtractInput>>20)
	}
	return body, nil
}

// typeByName is the media type a file's extension suggests ("" for
// standard input and unknown extensions); the bytes have the last word.
func typeByName(name string) string {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case "", ".txt", ".text":
		return ""
	default:
		return mime.TypeByExtension(ext)
	}
}

// slugWords is a slug read as words: "afghans-returned-from-pakistan" →
// "afghans returned from pakistan".
func slugWords(slug string) string {
	return strings.Join(strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' }), " ")
}

// optionalStore opens the database when there is one: a postgres:// URL,
// or a SQLite file that exists. The default ./tracker.db missing is no
// error (extract works without a database); a --db naming a missing file
// is, rather than creating an empty database.
func optionalStore(ctx context.Context, dsn string, fs *flag.FlagSet) (*store.DB, error) {
	if !store.IsPostgres(dsn) {
		if _, err := os.Stat(strings.TrimPrefix(dsn, "sqlite:")); errors.Is(err, os.ErrNotExist) {
			if dsn == fs.Lookup("db").DefValue {
				return nil, nil
			}
			return nil, fmt.Errorf("--db %s: no such database file", dsn)
		}
	}
	return openStore(ctx, dsn)
}

// candidateJSONLine is one line of tracker extract's output. Every key is
// always there; what the sentence does not say is null. start and end are
// the sentence's byte offsets in the document's text (after HTML or PDF
// extraction), and the sentence and words as stated have their line
// breaks made spaces.
type candidateJSONLine struct {
	Value         int64   `json:"value"`
	Qualifier     string  `json:"qualifier"`
	ValueLow      *int64  `json:"value_low"`
	ValueHigh     *int64  `json:"value_high"`
	ValueAsStated string  `json:"value_as_stated"`
	PeriodStart   *string `json:"period_start"`
	PeriodEnd     *string `json:"period_end"`
	AttributedTo  *string `json:"attributed_to"`
	Organization  *string `json:"organization"`
	Sentence      string  `json:"sentence"`
	Confidence    float64 `json:"confidence"`
	Start         int     `json:"start"`
	End           int     `json:"end"`
}

func candidateJSON(c extract.Candidate) candidateJSONLine {
	whole := func(v *float64) *int64 {
		if v == nil {
			return nil
		}
		n := int64(*v)
		return &n
	}
	date := func(d domain.Date) *string {
		if d.IsZero() {
			return nil
		}
		s := d.String()
		return &s
	}
	text := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	return candidateJSONLine{
		Value: int64(c.Value), Qualifier: string(c.Qualifier),
		ValueLow: whole(c.ValueLow), ValueHigh: whole(c.ValueHigh),
		ValueAsStated: extract.OneLine(c.ValueAsStated),
		PeriodStart:   date(c.PeriodStart), PeriodEnd: date(c.PeriodEnd),
		AttributedTo: text(c.AttributedTo), Organization: text(c.Organization),
		Sentence: extract.OneLine(c.Sentence), Confidence: float64(int(c.Confidence*100+0.5)) / 100,
		Start: c.Start, End: c.End,
	}
}

// dateFlag is a --published date: a day, month or year (domain.ParseDate).
type dateFlag domain.Date

func (d *dateFlag) String() string {
	if d == nil || domain.Date(*d).IsZero() {
		return ""
	}
	return domain.Date(*d).String()
}

func (d *dateFlag) Set(s string) error {
	v, err := domain.ParseDate(s)
	if err != nil {
		return err
	}
	if v.IsZero() {
		return errors.New("empty date: write YYYY-MM-DD")
	}
	*d = dateFlag(v)
	return nil
}
