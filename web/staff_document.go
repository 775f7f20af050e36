package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/extract"
	"github.com/displacement-tracker/tracker/internal/store"
)

// Entering figures from a whole document (issue 18): the editor gives the
// source once and its text (pasted, or the saved copy of a source the
// tracker keeps), sees every candidate figure in it with its sentence and
// proposed fields, ticks the ones to keep, corrects them in place, and
// saves them as drafts in one transaction, all attached to the source.

const (
	// maxDocumentText caps the pasted text: some 150 pages, well under
	// the form body limit, and read in a few tens of milliseconds.
	maxDocumentText = 512 << 10
	// maxDocumentRows caps the candidates shown and the rows one save
	// takes: a document with more is a table dump, entered by import.
	maxDocumentRows = 300
)

// documentSourceFields are the source's fields, as the figure form names
// them; documentRowFields are each row's.
var (
	documentSourceFields = []string{"source_url", "source_title", "source_publisher", "source_published",
		"source_accessed", "archive_url", "licence"}
	documentRowFields = []string{"excerpt", "value", "qualifier", "value_low", "value_high", "value_as_stated",
		"period_start", "period_end", "attributed_to", "series", "confidence", "at"}
)

// documentView is the page at each step: 1 the source, text and series;
// 2 the candidates to tick.
type documentView struct {
	layoutView
	Form       *form
	Step       int
	Rows       []*documentRow
	Series     []domain.Series
	Qualifiers []string
	Notice     string
	RowErrors  int // rows with a problem, for the summary
	MaxText    string
	// Sentences are step 2's distinct sentences, each sent once, in the
	// order of the rows (staff_document_body.go).
	Sentences []string
	// NextPart is the address of step 1 for the next part of a saved copy
	// too long to read at once (staff_document_copy.go).
	NextPart string
}

// documentRow is one candidate figure: its sentence with the number
// marked, its fields as proposed or as the editor changed them, and the
// figures the tracker already holds like it.
type documentRow struct {
	N                     int
	Keep                  bool
	Excerpt               string
	Before, Stated, After string // the excerpt around the words as stated
	Confidence            float64
	Values                map[string]string
	Errors                map[string]string
	Proposed              map[string]bool
	Held                  []store.SimilarFigure
	// Sentence is the number of the row's sentence in the view's
	// Sentences.
	Sentence int
	// Shown are the ids of the held figures the page showed the editor
	// with the row; Unseen those the tracker came to hold since, which
	// hold the row's save back (staff_document_held.go).
	Shown  []string
	Unseen []store.SimilarFigure
	// AttributionNote says, before any save, that the proposed attribution
	// names no organisation known here.
	AttributionNote string
}

// Likelihood is the row's confidence in words.
func (r *documentRow) Likelihood() string {
	switch c := r.Confidence; {
	case c >= 0.8:
		return "very likely"
	case c >= 0.5:
		return "likely"
	case c >= 0.3:
		return "possible"
	}
	return "unlikely"
}

// Field describes one of the row's fields for the "field" template.
func (r *documentRow) Field(name, label string) fieldView {
	typ := "text"
	switch name {
	case "value", "value_low", "value_high":
		typ = "number"
	}
	v := fieldView{Name: r.name(name), Label: label, Value: r.Values[name], Err: r.Errors[name], Type: typ}
	if name == "attributed_to" {
		v.Hint = r.AttributionNote
	}
	return v
}

// Qualifier describes the row's qualifier for the "select" template.
func (r *documentRow) Qualifier(options []string) fieldView {
	return fieldView{Name: r.name("qualifier"), Label: "Qualifier", Value: r.Values["qualifier"], Err: r.Errors["qualifier"], Options: options}
}

func (r *documentRow) name(field string) string { return "r" + strconv.Itoa(r.N) + "." + field }

// InputName is the form name of the row's field: "r3.value".
func (r *documentRow) InputName(field string) string { return r.name(field) }

// Number is the row's number as the page shows it, from 1.
func (r *documentRow) Number() int { return r.N + 1 }

// SeriesErr is the problem with the row's series, if any.
func (r *documentRow) SeriesErr() string { return r.Errors["series"] }

// Problem is the row's problem that belongs to no field.
func (r *documentRow) Problem() string { return r.Errors[""] }

// fail records a problem with the row's field ("" for the row's own).
func (r *documentRow) fail(field, message string) {
	if _, ok := r.Errors[field]; !ok {
		r.Errors[field] = message
	}
}

// documentPage shows step 1, with a saved source's text and fields when
// the query names one (?source=ID) and a series chosen (?series=slug).
func (s *Server) documentPage(c *gin.Context) error {
	ctx := c.Request.Context()
	f := newForm(map[string]string{"series": c.Query("series")})
	notice := ""
	if id, err := strconv.ParseInt(c.Query("source"), 10, 64); err == nil {
		src, err := s.db.Source(ctx, id)
		if err != nil {
			return err
		}
		setDocumentSource(f, src)
		f.Values["source_id"] = strconv.FormatInt(id, 10)
		cp, err := s.db.LatestSourceText(ctx, id)
		from, ok := copyOffset(cp.Text, c.Query("from"))
		if !ok {
			f.Problems = append(f.Problems, "The address asks for the saved copy from a place that starts no part of it: it is read from its start.")
		}
		switch {
		case err == nil && strings.TrimSpace(cp.Text) != "" && fillsTextBox(cp.Text, from):
			f.Values["text"] = cp.Text
		case err == nil && strings.TrimSpace(cp.Text) != "":
			f.Values["from"] = strconv.Itoa(from)
			notice = savedCopyNotice(cp.Text, from)
		case err == nil || domain.ErrorCode(err) == domain.ENOTFOUND:
			f.Problems = append(f.Problems, "The tracker has no saved text of this source: paste its text below.")
		default:
			return err
		}
	}
	return s.renderDocument(c, http.StatusOK, &documentView{Form: f, Step: 1, Notice: notice})
}

// setDocumentSource fills the source fields from a stored source.
func setDocumentSource(f *form, src domain.Source) {
	f.Values["source_url"], f.Values["source_title"] = src.URL, src.Title
	f.Values["source_publisher"], f.Values["source_published"] = src.Publisher, src.PublishedOn.String()
	f.Values["source_accessed"], f.Values["archive_url"] = src.AccessedOn.String(), src.ArchiveURL
	f.Values["licence"] = src.Licence
}

// postDocument handles both steps' buttons: "read" reads the text into
// candidates; "save" saves the ticked rows as drafts.
func (s *Server) postDocument(c *gin.Context) error {
	f := postedForm(c, append([]string{"text", "series", "source_id", "from"}, documentSourceFields...), true)
	if c.PostForm("action") == "save" {
		return s.saveDocument(c, f)
	}
	return s.readDocument(c, f)
}

// readDocument is step 2: every candidate of the text, as rows.
func (s *Server) readDocument(c *gin.Context, f *form) error {
	ctx := c.Request.Context()
	text := c.PostForm("text") // as pasted: the offsets are the text's
	var copyNotice, next string
	partFrom := -1 // where the text starts in a saved copy read in parts
	if strings.TrimSpace(text) == "" {
		var err error
		if text, copyNotice, next, partFrom, err = s.savedCopyPart(ctx, f); err != nil {
			return err
		}
	}
	switch {
	case strings.TrimSpace(text) == "":
		f.fail("text", "paste the document's text (or open a saved source's text from the Sources page)")
	case len(text) > maxDocumentText:
		f.fail("text", fmt.Sprintf("is %d KB: paste at most %d KB at a time (about 150 pages), or split the document", len(text)>>10, maxDocumentText>>10))
	}
	onRecord, err := s.fillFromRecord(ctx, f)
	if err != nil {
		return err
	}
	published := f.date("source_published")
	if f.Invalid() {
		return s.renderDocument(c, http.StatusUnprocessableEntity, &documentView{Form: f, Step: 1, Notice: onRecord})
	}
	o, idx, err := s.readOptions(ctx, published, f.Values["series"])
	if err != nil {
		return err
	}
	v := &documentView{Form: f, Step: 2, Notice: onRecord, NextPart: next}
	leave, err := s.documents.enter(ctx)
	if err != nil {
		return err
	}
	cands := extract.Document(text, o)
	leave()
	if len(cands) > maxDocumentRows && partFrom >= 0 {
		// A saved copy read in parts: the next part starts with the
		// sentence of the first figure not shown, so that no figure falls
		// between the parts and a sentence's figures stay together.
		rest := cands[maxDocumentRows].Start
		cut := maxDocumentRows
		for cut > 0 && cands[cut-1].Start == rest {
			cut--
		}
		v.Notice = strings.TrimSpace(v.Notice + fmt.Sprintf(" This part has %d candidate figures; the first %d are shown, and the next part starts with the rest.", len(cands), cut))
		cands, next = cands[:cut], nextPart(f, partFrom+rest)
		v.NextPart = next
	} else if len(cands) > maxDocumentRows {
		v.Notice = strings.TrimSpace(v.Notice + fmt.Sprintf(" The text has %d candidate figures; the first %d are shown. Enter the rest from the remaining text, or by import.", len(cands), maxDocumentRows))
		cands = cands[:maxDocumentRows]
	}
	for i, cd := range cands {
		v.Rows = append(v.Rows, candidateRow(i, cd, f, idx))
	}
	if len(v.Rows) == 0 {
		v.Notice = strings.TrimSpace(v.Notice + " No figure was found in the text.")
	}
	v.Notice = strings.TrimSpace(copyNotice + " " + v.Notice)
	if err := s.markHeld(ctx, v.Rows, f.Values["source_url"]); err != nil {
		return err
	}
	for _, r := range v.Rows {
		r.Keep = r.Confidence >= 0.5 && len(r.Held) == 0
	}
	return s.renderDocument(c, http.StatusOK, v)
}

// candidateRow is a row with what the reading proposes: the attribution
// as the sentence states it when its words name an organisation known here,
// else the organisation the reader took them for, else the words with a
// note, and the publisher when the sentence names nobody; the as-of date
// as the sentence states it, else the publication date.
func candidateRow(n int, cd extract.Candidate, f *form, idx *domain.OrgIndex) *documentRow {
	r := &documentRow{N: n, Excerpt: extract.OneLine(cd.Sentence), Confidence: cd.Confidence,
		Errors: map[string]string{}, Proposed: map[string]bool{}}
	r.Values = map[string]string{
		"excerpt": r.Excerpt, "value": domain.FormatPlain(cd.Value), "qualifier": string(cd.Qualifier),
		"value_low": numText(cd.ValueLow), "value_high": numText(cd.ValueHigh),
		"value_as_stated": extract.OneLine(cd.ValueAsStated),
		"period_start":    cd.PeriodStart.String(), "period_end": cd.PeriodEnd.String(),
		"attributed_to": cd.AttributedTo, "series": f.Values["series"],
		"confidence": strconv.FormatFloat(cd.Confidence, 'f', 2, 64),
		"at":         strconv.Itoa(excerptOffset(cd.Sentence, cd.ValueAt)),
	}
	for k, v := range r.Values {
		r.Proposed[k] = v != "" && k != "excerpt" && k != "series" && k != "confidence" && k != "at"
	}
	r.Values["attributed_to"], r.AttributionNote = proposedAttribution(cd.AttributedTo, cd.Organization, idx)
	if r.Values["attributed_to"] == "" {
		r.Values["attributed_to"] = f.Values["source_publisher"]
	}
	if r.Values["period_end"] == "" && f.Values["source_published"] != "" {
		r.Values["period_end"], r.Proposed["period_end"] = f.Values["source_published"], true
	}
	r.highlight()
	return r
}

// namesNoOrg reports words that name no organisation at all. Words that
// name several are left to the save, where the store's own reading (an
// alias written exactly) may still pick one.
func namesNoOrg(idx *domain.OrgIndex, words string) bool {
	r := idx.Resolve(words)
	return r.Unresolved && len(r.Candidates) == 0
}

// unknownOrg is the problem of attribution words that name no
// organisation known here.
func unknownOrg(words string) string {
	return fmt.Sprintf("“%s” names no organisation known here: write the organisation's name or acronym (or add it under Organisations first).", words)
}

// highlight cuts the excerpt around the words as stated.
//
// The words are looked for where the reader found the number ("at", kept
// through the form): "200" in "Some 1,200 families … and 200 families" is
// the second; the first place they stand is only a fallback, for a row
// whose words the editor changed.
func (r *documentRow) highlight() {
	r.Before, r.Stated, r.After = r.Excerpt, "", ""
	w := r.Values["value_as_stated"]
	if w == "" {
		return
	}
	i, err := strconv.Atoi(r.Values["at"])
	if err != nil || i < 0 || i+len(w) > len(r.Excerpt) || r.Excerpt[i:i+len(w)] != w {
		i = strings.Index(r.Excerpt, w)
	}
	if i >= 0 {
		r.Before, r.Stated, r.After = r.Excerpt[:i], w, r.Excerpt[i+len(w):]
	}
}

// excerptOffset is where byte at of a sentence falls in the sentence made
// one line (extract.OneLine, as the excerpt is kept); -1 for -1.
func excerptOffset(sentence string, at int) int {
	if at < 0 || at > len(sentence) {
		return -1
	}
	before := extract.OneLine(sentence[:at])
	if before != "" && at > 0 && strings.TrimRightFunc(sentence[:at], unicode.IsSpace) != sentence[:at] {
		before += " " // the run of spaces before the number is one space
	}
	return len(before)
}

// markHeld finds, for every row, the figures the tracker already holds
// like it: the same source and value, or the same organisation, value and
// period.
func (s *Server) markHeld(ctx context.Context, rows []*documentRow, sourceURL string) error {
	keys := make([]store.FigureKey, len(rows))
	for i, r := range rows {
		v, _ := strconv.ParseFloat(r.Values["value"], 64)
		start, _ := domain.ParseDate(r.Values["period_start"])
		end, _ := domain.ParseDate(r.Values["period_end"])
		keys[i] = store.FigureKey{SourceURL: sourceURL, Value: v, AttributedTo: r.Values["attributed_to"], PeriodStart: start, PeriodEnd: end}
	}
	if len(keys) == 0 {
		return nil
	}
	held, err := s.db.SimilarFigures(ctx, keys)
	if err != nil {
		return err
	}
	for i := range rows {
		if i < len(held) {
			rows[i].Held = held[i]
		}
	}
	return nil
}

func (s *Server) renderDocument(c *gin.Context, status int, v *documentView) error {
	series, err := s.db.AllSeries(c.Request.Context())
	if err != nil {
		return err
	}
	v.Series, v.Qualifiers = series, choices(domain.Qualifiers)
	if v.Step == 2 {
		v.Sentences = numberSentences(v.Rows)
	}
	v.MaxText = fmt.Sprintf("%d KB", maxDocumentText>>10)
	s.staffPage(c, status, "staff_document", "Enter figures from a document", v)
	return nil
}
