package web

import (
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// staffEvidenceView is what the staff figure and event pages say of an
// excerpt and its source's saved copy (the "staff-provenance" partial):
// found or not in the copy, the paragraph it was found in, a link to the
// whole copy (or, with none saved, to why), and the link's health.
type staffEvidenceView struct {
	Provenance provenanceView
	Health     linkHealthView
	CopyURL    string // the staff page of the source's copy
	AsEdited   bool   // the excerpt checked is a pending edit's
}

func staffEvidence(sourceID int64, prov provenanceView, health linkHealthView, asEdited bool) staffEvidenceView {
	return staffEvidenceView{Provenance: prov, Health: health, AsEdited: asEdited,
		CopyURL: "/staff/sources/" + strconv.FormatInt(sourceID, 10) + "/copy"}
}

// Evidence is the figure's excerpt against the saved copy of its source.
func (v staffFigureView) Evidence() staffEvidenceView {
	return staffEvidence(v.Figure.Source.ID, v.Provenance, v.Health, v.HasEdit)
}

// Evidence is the event's excerpt against the saved copy of its source.
func (v staffEventView) Evidence() staffEvidenceView {
	return staffEvidence(v.Event.Source.ID, v.Provenance, v.Health, false)
}

// maxVisitsShown is how many of a source's latest visits its page lists.
const maxVisitsShown = 5

// unsavedCopyView is the staff page of a source with no saved copy yet:
// why (its latest visits, in words), and how to try again.
type unsavedCopyView struct {
	layoutView
	Source domain.Source
	Visits []visitRow
}

// visitRow is one visit to a source's URL, said in words.
type visitRow struct {
	At    time.Time
	Words string
}

// visitWords says a visit's outcome as a person would: "refused: …",
// "could not fetch: …", "gone (HTTP 404)".
func visitWords(c domain.SourceCheck) string {
	var w string
	switch c.Outcome {
	case domain.OutcomeSaved:
		w = "a copy was saved"
	case domain.OutcomeUnchanged:
		w = "the same document as the copy saved"
	case domain.OutcomeOK:
		w = "the page serves and still holds its excerpts"
	case domain.OutcomeMoved:
		w = "moved"
	case domain.OutcomeChanged:
		w = "changed"
	case domain.OutcomeGone:
		w = "gone"
	case domain.OutcomeThrottled:
		w = "the site asked us to come back later"
	case domain.OutcomeRefused:
		w = "refused"
	case domain.OutcomeTooLarge:
		w = "too large to keep"
	default:
		w = "could not fetch"
	}
	if c.Status != 0 && c.Outcome != domain.OutcomeSaved && c.Outcome != domain.OutcomeOK {
		w += " (HTTP " + strconv.Itoa(c.Status) + ")"
	}
	if c.Detail != "" && c.Outcome != domain.OutcomeSaved && c.Outcome != domain.OutcomeUnchanged {
		w += ": " + clip(c.Detail, 300)
	}
	return w
}

// unsavedCopy renders the page of src, which has no saved copy.
func (s *Server) unsavedCopy(c *gin.Context, src domain.Source) error {
	checks, err := s.db.SourceChecks(c.Request.Context(), src.ID, maxVisitsShown)
	if err != nil {
		return err
	}
	v := &unsavedCopyView{Source: src}
	for _, k := range checks {
		v.Visits = append(v.Visits, visitRow{At: k.CheckedAt, Words: visitWords(k)})
	}
	s.staffPage(c, http.StatusOK, "staff_source_unsaved", "No saved copy: "+src.Title, v)
	return nil
}

// sourceRow is a source in the staff list, with what is saved of it.
type sourceRow struct {
	domain.Source
	Saved bool
	// LastVisit says the latest visit of a source without a copy; "" when
	// it was never visited.
	LastVisit string
}

// sourceRows reads what is saved of each source found, in one query.
func (s *Server) sourceRows(c *gin.Context, found []domain.Source) ([]sourceRow, error) {
	ids := make([]int64, len(found))
	for i, src := range found {
		ids[i] = src.ID
	}
	states, err := s.db.SavedStates(c.Request.Context(), ids)
	if err != nil {
		return nil, err
	}
	rows := make([]sourceRow, len(found))
	for i, src := range found {
		st := states[src.ID]
		rows[i] = sourceRow{Source: src, Saved: st.Saved}
		if !st.Saved && !st.Last.CheckedAt.IsZero() {
			rows[i].LastVisit = visitWords(st.Last)
		}
	}
	return rows, nil
}

// clip cuts s to at most n runes, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
