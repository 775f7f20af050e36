package web

// The figure form's warning about figures the tracker already holds. A
// save of a figure like a held one is held back once, with the held ones
// listed and linked; the editor who knows it is a different figure ticks
// "save it all the same" and saves again. Nothing blocks a deliberate
// second entry, and nobody is asked twice about the same figure: an edit
// that keeps the source, value, attribution and period it had is saved
// without asking again.

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// notDuplicateField is the checkbox that says the figure is not one of
// those listed; similarShownField, sent once for each of them, their ids.
// The answer is about the figures listed: a figure like it that the
// tracker came to hold since (the confirmed form sent twice, by a double
// click or Back and save) holds the save back again.
const (
	notDuplicateField = "not_duplicate"
	similarShownField = "similar_shown"
)

// readSimilarConfirmed reads the editor's answer to the warning.
func (form *figureForm) readSimilarConfirmed(c *gin.Context) {
	form.SimilarConfirmed = c.PostForm(notDuplicateField) != ""
	form.SimilarShown = c.PostFormArray(similarShownField)
}

// holdSimilar lists on the form the held figures like f and reports whether
// the save must wait for the editor to look at them: when there are any,
// the editor has not said that f is a different figure from every one of
// them, and f is new or an edit that changes what f is compared by.
func (s *Server) holdSimilar(ctx context.Context, form *figureForm, f domain.Figure) (bool, error) {
	if form.IsEdit {
		same, err := s.sameAsStored(ctx, form.ID, f)
		if err != nil || same {
			return false, err
		}
	}
	found, err := s.db.SimilarFigures(ctx, []store.FigureKey{similarKey(f, form.ID)})
	if err != nil {
		return false, err
	}
	form.Similar = similarViews(found[0])
	if form.SimilarConfirmed && !slices.ContainsFunc(form.Similar, func(v similarView) bool { return !slices.Contains(form.SimilarShown, v.ID) }) {
		return false, nil // the editor's answer is about every one of them
	}
	form.SimilarConfirmed = false
	form.SimilarHeld = len(form.Similar) > 0
	return form.SimilarHeld, nil
}

// sameAsStored reports whether f compares as figure id does, or as its
// pending edit does: the editor was asked when those were entered.
func (s *Server) sameAsStored(ctx context.Context, id string, f domain.Figure) (bool, error) {
	stored, _, err := s.db.Figure(ctx, id)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return false, nil // the save will say so
	}
	if err != nil {
		return false, err
	}
	if sameKey(similarKey(stored, id), similarKey(f, id)) {
		return true, nil
	}
	edit, _, found, err := s.db.PendingEdit(ctx, id)
	return found && sameKey(similarKey(edit, id), similarKey(f, id)), err
}

func sameKey(a, b store.FigureKey) bool {
	return strings.TrimSpace(a.SourceURL) == strings.TrimSpace(b.SourceURL) && a.Value == b.Value &&
		strings.EqualFold(strings.TrimSpace(a.AttributedTo), strings.TrimSpace(b.AttributedTo)) &&
		a.PeriodStart == b.PeriodStart && a.PeriodEnd == b.PeriodEnd
}

// proposeSimilar lists on the form, after a proposal, the held figures like
// the one its fields describe so far: a value, and a source or an
// attribution with a period end. Fields that do not read yet are left to
// the save, which checks them and asks again.
func (s *Server) proposeSimilar(ctx context.Context, form *figureForm) error {
	v := form.Values
	value, err := strconv.ParseFloat(strings.TrimSpace(v["value"]), 64)
	if err != nil {
		return nil
	}
	start, errStart := domain.ParseDate(strings.TrimSpace(v["period_start"]))
	end, errEnd := domain.ParseDate(strings.TrimSpace(v["period_end"]))
	key := store.FigureKey{SourceURL: strings.TrimSpace(v["source_url"]), Value: value, Except: form.ID}
	if errStart == nil && errEnd == nil {
		key.AttributedTo, key.PeriodStart, key.PeriodEnd = strings.TrimSpace(v["attributed_to"]), start, end
	}
	if key.SourceURL == "" && key.PeriodEnd.IsZero() {
		return nil
	}
	found, err := s.db.SimilarFigures(ctx, []store.FigureKey{key})
	if err != nil {
		return err
	}
	form.Similar = similarViews(found[0])
	return nil
}
