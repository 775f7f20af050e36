package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// An event's staff page, like a figure's, says whether its excerpt is in
// the saved copy of its source and shows it in its paragraph; approving an
// event whose excerpt was not found asks for a reason, and the reason is
// kept in the approval's revision and shown on the page.
func TestEventProvenanceAndApprovingAnExcerptNotFound(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ctx := context.Background()
	ed := s.signIn(t, domain.RoleEditor)
	sentence := "Pakistan has set a deadline of 31 March for Afghan Citizen Card holders to leave Islamabad and Rawalpindi."
	submit := func(title, sourceURL string) (path, id string) {
		t.Helper()
		resp, page := do(t, ed, "POST", s.URL+"/staff/events", url.Values{"action": {"submit"}, "date": {"2025-03-31"}, "title": {title},
			"kind": {"deadline"}, "countries": {"PAK"}, "excerpt": {sentence}, "source_url": {sourceURL},
			"source_title": {"ACC holders told to leave"}, "source_publisher": {"Dawn"}})
		if resp.StatusCode != 303 {
			t.Fatalf("submit the event: %d\n%s", resp.StatusCode, page)
		}
		path = resp.Header.Get("Location")
		return path, path[strings.LastIndex(path, "/")+1:]
	}
	saveCopy := func(id, text string) {
		t.Helper()
		e, err := s.db.Event(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: e.Source.ID, URL: e.Source.URL, Status: 200,
			Body: []byte("<p>" + text + "</p>"), Text: text, FetchedAt: time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)}, domain.CopyLimits{}); err != nil {
			t.Fatal(err)
		}
	}
	rev := s.signIn(t, domain.RoleReviewer)

	// Found: shown in its paragraph; approved without a reason.
	foundPath, _ := submit("ACC deadline", "https://www.dawn.com/news/acc-deadline")
	_, page := do(t, rev, "GET", s.URL+foundPath, nil)
	mustContain(t, "event before a copy", page, "Excerpt not yet checked: no copy of the source has been saved")
	saveCopy(foundPath[strings.LastIndex(foundPath, "/")+1:], "ISLAMABAD: "+strings.Replace(sentence, "for Afghan", "for\nAfghan", 1)+" Officials said the move was for security.\n\nWeather: sunny.")
	_, page = do(t, rev, "GET", s.URL+foundPath, nil)
	mustContain(t, "event with its excerpt in the copy", page, "Excerpt <strong>found</strong> in the copy of the source saved on 2 Mar 2025",
		`<blockquote class="in-copy" dir="auto">ISLAMABAD: <mark>Pakistan has set a deadline`)
	if strings.Contains(page, `id="approve-reason"`) {
		t.Error("approving an event whose excerpt was found asks for a reason")
	}

	// Not found: the reviewer is warned, and must give a reason.
	path, id := submit("ACC deadline, second report", "https://www.dawn.com/news/acc-deadline-2")
	saveCopy(id, "The page now covers the cricket scores.")
	_, page = do(t, rev, "GET", s.URL+path, nil)
	mustContain(t, "reviewer's event page", page, "Excerpt <strong>not found</strong> in the copy of the source saved on 2 Mar 2025",
		`<textarea id="approve-reason" name="reason" rows="2" required>`)
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	for _, blank := range []string{"", "  \n "} {
		if resp, body := do(t, rev, "POST", s.URL+path+"/approve", url.Values{"version": {version}, "reason": {blank}}); resp.StatusCode != 422 ||
			!strings.Contains(body, "the excerpt was not found in the copy of its source saved on 2 Mar 2025") {
			t.Fatalf("approve with reason %q: %d\n%s", blank, resp.StatusCode, body)
		}
	}
	if e, _ := s.db.Event(ctx, id); e.Status == domain.StatusPublished {
		t.Fatal("approved without a reason")
	}
	reason := "The deadline was confirmed by the Interior Ministry's notice of 29 January; the page was rewritten."
	if resp, _ := do(t, rev, "POST", s.URL+path+"/approve", url.Values{"version": {version}, "reason": {reason}}); resp.StatusCode != 303 {
		t.Fatalf("approve with a reason: %d", resp.StatusCode)
	}
	if e, _ := s.db.Event(ctx, id); e.Status != domain.StatusPublished {
		t.Fatalf("approved with a reason: %s", e.Status)
	}
	revs, err := s.db.Revisions(ctx, "event", id)
	if err != nil {
		t.Fatal(err)
	}
	var kept bool
	for _, r := range revs {
		kept = kept || r.Action == domain.ActionApprove && strings.Contains(r.Reason, reason)
	}
	if !kept {
		t.Errorf("no approval revision keeps the reason: %+v", revs)
	}
	_, page = do(t, rev, "GET", s.URL+path, nil)
	mustContain(t, "approved event's staff page", page, `Approved with a reason: <span dir="auto">The deadline was confirmed by the Interior Ministry&#39;s notice`)
}
