package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// These tests come from a review of issue 18: each comment tells what the
// review found, in the past it describes; the test holds the fix.

// TestDocumentFromLongSavedCopy: "Enter figures from its text" on a
// source whose saved copy is a long report (a 200-page PDF's text, which
// the fetcher keeps up to 10 MB) puts the whole copy in the textarea, and
// "Find the figures" then cannot read it: the text is over the page's
// 512 KB (or the body over 1 MB), so the one path the page offers for a
// saved source ends in a refusal the editor cannot act on — the text is
// the tracker's own, and "split the document" is not possible from the
// form. The server holds the text: it could read it by source_id (its
// first 512 KB, with a notice), not round-trip it through the browser.
func TestDocumentFromLongSavedCopy(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	fig, _ := publishedIOMFigure(t, s.db)
	var b strings.Builder
	for i := 0; b.Len() < 700<<10; i++ {
		b.WriteString("In district " + strconv.Itoa(i) + ", some 1,200 families were displaced by the floods, the authorities said on Monday.\n\n")
	}
	_, _, err := s.db.SaveSourceCopy(t.Context(), domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, FinalURL: fig.Source.URL,
		Status: 200, ContentType: "text/plain", Charset: "utf-8", Body: []byte(b.String()), Text: b.String(),
		FetchedAt: time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	resp, page := do(t, ed, "GET", s.URL+"/staff/figures/document?source="+strconv.FormatInt(fig.Source.ID, 10), nil)
	if resp.StatusCode != 200 {
		t.Fatalf("step 1: status %d", resp.StatusCode)
	}
	form := postedValues(t, page)
	form.Set("action", "read")
	form.Set("series", iomSeries)
	resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 200 {
		_, msg, _ := strings.Cut(page, `class="error"`)
		t.Errorf("reading the saved copy (%d KB) the page itself filled in: status %d: %.200s", b.Len()>>10, resp.StatusCode, msg)
	}
}
