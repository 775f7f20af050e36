package web_test

import (
	"net/url"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// TestFigureFormReadsWithTheDocument: the figure form proposes what the
// sentence means in its document — "so far" is as of the publication date
// typed in the source fields, and the attribution is the words of the
// sentence that name a known organisation ("the IOM" resolves through the
// demo registry). A publication date that is not a date proposes no
// implied date and is not a problem until the save.
func TestFigureFormReadsWithTheDocument(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	sentence := "So far, 59,561 Afghans have returned from Pakistan, according to IOM."
	resp, body := do(t, ed, "POST", s.URL+"/staff/figures", url.Values{"action": {"propose"}, "excerpt": {sentence},
		"source_published": {"2023-10-22"}})
	if resp.StatusCode != 200 {
		t.Fatalf("propose: %d", resp.StatusCode)
	}
	mustContain(t, "proposal", body, `inputmode="numeric" value="59561"`,
		`name="period_end" type="text" dir="auto" value="2023-10-22"`, `name="attributed_to"`, `value="IOM"`)

	resp, body = do(t, ed, "POST", s.URL+"/staff/figures", url.Values{"action": {"propose"}, "excerpt": {sentence},
		"source_published": {"22/10/2023"}})
	if resp.StatusCode != 200 {
		t.Fatalf("propose with a bad date: %d", resp.StatusCode)
	}
	mustContain(t, "proposal without a date", body, `inputmode="numeric" value="59561"`, `name="period_end" type="text" dir="auto" value=""`)

	// Words that name no organisation known here are proposed with a note.
	_, body = do(t, ed, "POST", s.URL+"/staff/figures", url.Values{"action": {"propose"},
		"excerpt": {"The Zorgland relief office said 1,200 families had fled."}})
	mustContain(t, "unknown organisation", body, "names no organisation known here")
}
