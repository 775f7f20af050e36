package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// Step 3 of document entry: the ticked rows posted back, saved as drafts
// in one transaction or shown again with their problems, and the page of
// the drafts saved.

// postedRows reads the rows back from step 2's form.
func postedRows(c *gin.Context, f *form) []*documentRow {
	n, err := strconv.Atoi(c.PostForm("rows"))
	if err != nil || n < 0 {
		f.fail("", "The form does not say how many rows it has; read the document again.")
		return nil
	}
	if n > maxDocumentRows {
		f.fail("", fmt.Sprintf("A save takes at most %d rows; this form has %d.", maxDocumentRows, n))
		return nil
	}
	rows := make([]*documentRow, n)
	sentences := c.PostFormArray(sentenceField)
	for i := range rows {
		r := &documentRow{N: i, Values: map[string]string{}, Errors: map[string]string{}, Proposed: map[string]bool{}}
		for _, k := range documentRowFields {
			r.Values[k] = c.PostForm(r.name(k))
		}
		r.Values["excerpt"] = postedSentence(c, r, sentences)
		r.Excerpt = r.Values["excerpt"]
		r.Shown = postedShown(c, r)
		r.Keep = c.PostForm(r.name("keep")) == "on"
		r.Confidence, _ = strconv.ParseFloat(r.Values["confidence"], 64)
		r.highlight()
		rows[i] = r
	}
	return rows
}

// saveDocument is step 3: the ticked rows become drafts in one
// transaction, or nothing is saved and every problem is shown by row and
// field.
func (s *Server) saveDocument(c *gin.Context, f *form) error {
	ctx := c.Request.Context()
	rows := postedRows(c, f)
	v := &documentView{Form: f, Step: 2, Rows: rows, NextPart: localNextPart(c.PostForm("next"))}
	var kept []*documentRow
	for _, r := range rows {
		if r.Keep {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 && !f.Invalid() {
		f.fail("", "No row is ticked: tick the figures to save.")
	}
	// Check every ticked row first, as the figure form checks one, and
	// that its attribution names an organisation, as the store will.
	orgs, err := s.db.Organizations(ctx)
	if err != nil {
		return err
	}
	idx := domain.NewOrgIndex(orgs)
	if p := f.Values["source_publisher"]; p != "" && namesNoOrg(idx, p) {
		f.fail("source_publisher", unknownOrg(p))
	}
	figs := make([]domain.Figure, len(kept))
	series := make([]domain.Series, len(kept))
	known := map[string]*domain.Series{}
	for i, r := range kept {
		slug := r.Values["series"]
		if _, ok := known[slug]; !ok {
			sr, err := s.db.SeriesBySlug(ctx, slug)
			switch {
			case err == nil:
				known[slug] = &sr
			case domain.ErrorCode(err) == domain.ENOTFOUND:
				known[slug] = nil
			default:
				return err
			}
		}
		ff := &figureForm{form: *newForm(map[string]string{}), Proposed: map[string]bool{}}
		for _, k := range documentRowFields {
			ff.Values[k] = strings.TrimSpace(r.Values[k])
		}
		for _, k := range documentSourceFields {
			ff.Values[k] = f.Values[k]
		}
		sr := known[slug]
		if sr != nil {
			series[i] = *sr
		}
		figs[i] = ff.figure(series[i], sr != nil)
		for field, msg := range ff.Errors {
			if strings.HasPrefix(field, "source_") || field == "archive_url" || field == "licence" {
				f.fail(field, msg) // the one source's problem, shown once
			} else {
				r.fail(field, msg)
			}
		}
		for _, p := range ff.Problems {
			r.fail("", p)
		}
		if w := strings.TrimSpace(r.Values["attributed_to"]); w != "" && namesNoOrg(idx, w) {
			r.fail("attributed_to", unknownOrg(w))
		}
	}
	if !f.Invalid() && !rowsInvalid(rows) {
		leave, err := s.enterSimilarSave(ctx)
		if err != nil {
			return err
		}
		defer leave()
		if err := s.holdUnseen(ctx, kept, f.Values["source_url"]); err != nil {
			return err
		}
	}
	var ids []string
	if !f.Invalid() && !rowsInvalid(rows) {
		failed := -1
		err := s.saveInTx(c, f, func(tx *store.Tx) error {
			for i := range kept {
				id, err := tx.CreateFigure(ctx, series[i], figs[i])
				if err != nil {
					failed = i
					f.askAbout(err)
					return err
				}
				ids = append(ids, id)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if failed >= 0 {
			// The store's refusal (a name that resolves to no
			// organisation) is the row's: move it there from the form.
			moveToRow(f, kept[failed])
			ids = nil
		}
	}
	if f.Invalid() || rowsInvalid(rows) {
		for _, r := range rows {
			if len(r.Errors) > 0 {
				v.RowErrors++
			}
		}
		if err := s.markHeld(ctx, rows, f.Values["source_url"]); err != nil {
			return err
		}
		status := f.status()
		if status == http.StatusOK {
			status = http.StatusUnprocessableEntity
		}
		return s.renderDocument(c, status, v)
	}
	s.sourcesAdded()
	q := url.Values{"ids": {strings.Join(ids, ",")}}
	if v.NextPart != "" {
		q.Set("next", v.NextPart) // the saved page leads on to the copy's next part
	}
	c.Redirect(http.StatusSeeOther, "/staff/figures/document/saved?"+q.Encode())
	return nil
}

// rowsInvalid reports whether any row has a problem.
func rowsInvalid(rows []*documentRow) bool {
	for _, r := range rows {
		if len(r.Errors) > 0 {
			return true
		}
	}
	return false
}

// moveToRow moves the store's refusal of a row's figure from the form to
// the row, but for the source's own fields: a refusal of those (a document
// on record with other details) is the document's, shown once at the top,
// and the row, with nothing wrong of its own, is left unmarked.
func moveToRow(f *form, r *documentRow) {
	for field, msg := range f.Errors {
		if field == "attributed_to" || !strings.HasPrefix(field, "source_") && field != "archive_url" && field != "licence" {
			r.fail(field, msg)
			delete(f.Errors, field)
		}
	}
	for _, p := range f.Problems {
		r.fail("", p)
	}
	f.Problems = nil
	if len(f.Orgs) > 0 {
		for _, q := range f.Orgs {
			msg := fmt.Sprintf("“%s” names no organisation known here: write a name or acronym the tracker knows, or add the organisation first.", q.Words)
			if q.Field == "source_publisher" {
				f.fail("source_publisher", msg)
			} else {
				r.Errors[q.Field] = msg
			}
		}
		f.Orgs = nil
	}
	if len(r.Errors) == 0 && len(f.Errors) == 0 {
		r.fail("", "This figure could not be saved.")
	}
}

// documentSavedView lists the drafts one save made.
type documentSavedView struct {
	layoutView
	Figures []domain.Figure
	Series  map[string]domain.Series
	// NextPart is step 1 of the next part of the saved copy the drafts
	// were read from, when there is one.
	NextPart string
}

// documentSaved shows the drafts a save made, each linked.
func (s *Server) documentSaved(c *gin.Context) error {
	ctx := c.Request.Context()
	v := &documentSavedView{Series: map[string]domain.Series{}, NextPart: localNextPart(c.Query("next"))}
	ids := strings.Split(c.Query("ids"), ",")
	if len(ids) > maxDocumentRows {
		return domain.FieldErrorf(domain.EINVALID, "ids", "at most %d figures", maxDocumentRows)
	}
	for _, id := range ids {
		if id == "" {
			continue
		}
		f, sr, err := s.db.Figure(ctx, id)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		v.Figures = append(v.Figures, f)
		v.Series[f.ID] = sr
	}
	if len(v.Figures) == 0 {
		return domain.Errorf(domain.ENOTFOUND, "no such figures")
	}
	s.staffPage(c, http.StatusOK, "staff_document_saved", fmt.Sprintf("%d drafts saved", len(v.Figures)), v)
	return nil
}
