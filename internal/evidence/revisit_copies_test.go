package evidence_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/evidence"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// A revisit that keeps a new copy (the page was edited but still holds
// its excerpts) makes that copy the latest at once: the public figure page
// checks the excerpt against it straight away, so the kept check that
// downloads and the API carry must be made against it too, and the dataset
// version must move (source_sha256 and source_saved_at changed).
func TestRevisitThatKeepsANewCopyChecksItsExcerpts(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	web := newSite(t)
	web.set("/a", article(returned), 0, "")
	importFigures(t, db, web.srv.URL+"/a", map[string]string{"a1": returned})
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	s := newSaver(t, db, &now)
	if saved, _, err := s.Round(ctx); err != nil || saved != 1 {
		t.Fatalf("round: %d saved, %v", saved, err)
	}
	if fig, _, err := db.PublicFigure(ctx, "a1"); err != nil || fig.Evidence.Status != domain.ExcerptFound {
		t.Fatalf("after the first round: %+v %v", fig.Evidence, err)
	}
	before, _ := db.DatasetVersion(ctx)

	web.set("/a", article(returned, other), 0, "") // edited, the excerpt still there
	now = now.Add(25 * time.Hour)
	if counts, err := s.RevisitRound(ctx, 24*time.Hour); err != nil || counts[evidence.OK] != 1 {
		t.Fatalf("revisit round: %v %v", counts, err)
	}
	latest, err := db.LatestSourceText(ctx, importedSource(t, db))
	if err != nil {
		t.Fatal(err)
	}
	live := domain.CheckExcerpt(returned, latest.Text).Status // what the figure page says
	fig, _, err := db.PublicFigure(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if fig.Evidence.SHA256 != latest.SHA256 || fig.Evidence.Status != live {
		t.Errorf("after the revisit round the figure page says %s in the copy %.12s, downloads and the API say %s (copy %.12s)",
			live, latest.SHA256, fig.Evidence.Status, fig.Evidence.SHA256)
	}
	if after, _ := db.DatasetVersion(ctx); after == before {
		t.Errorf("dataset version still %d after a new copy changed source_sha256: cached downloads keep the old copy's hash", after)
	}
}

func importedSource(t *testing.T, db *store.DB) int64 {
	t.Helper()
	ids, err := db.SourceIDs(context.Background())
	if err != nil || len(ids) != 1 {
		t.Fatalf("sources %v %v, want one", ids, err)
	}
	return ids[0]
}

// brokenPDF serves an HTML article until pdf is set, then a PDF whose text
// cannot be extracted (a damaged or scanned document): the fetcher
// returns the copy with an *fetch.ExtractError.
func brokenPDF(t *testing.T, pdf *atomic.Bool) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if pdf.Load() {
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.4\n% damaged: no xref, no trailer\n1 0 obj << /Type /Catalog >> endobj\n")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, article(returned, other))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A revisit whose page now has no text to read (the site swapped the
// article for a damaged PDF) cannot say the excerpt was dropped, and
// records ok. It must not make that textless copy the latest: the copy
// that holds the excerpt is the evidence, and the public figure page and
// the downloads would then say "not found" for an excerpt nobody could
// look for.
func TestRevisitOfAPageWithoutTextKeepsTheCopyThatHoldsTheExcerpt(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	var pdf atomic.Bool
	srv := brokenPDF(t, &pdf)
	importFigures(t, db, srv.URL+"/report", map[string]string{"r1": returned})
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	s := newSaver(t, db, &now)
	if saved, _, err := s.Round(ctx); err != nil || saved != 1 {
		t.Fatalf("round: %d saved, %v", saved, err)
	}
	id := importedSource(t, db)
	kept, err := db.LatestSourceText(ctx, id)
	if err != nil {
		t.Fatal(err)
	}

	pdf.Store(true)
	now = now.Add(25 * time.Hour)
	if _, err := s.RevisitRound(ctx, 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Round(ctx); err != nil { // checks what is pending
		t.Fatal(err)
	}
	latest, err := db.LatestSourceText(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if latest.ID != kept.ID {
		t.Errorf("the latest copy is now %d (%q, %d bytes of text), not %d, the copy that holds the excerpt", latest.ID, latest.ContentType, len(latest.Text), kept.ID)
	}
	if fig, _, err := db.PublicFigure(ctx, "r1"); err != nil || fig.Evidence.Status != domain.ExcerptFound {
		t.Errorf("after the revisit the figure's excerpt is %q in downloads (%v), want found in the copy that holds it", fig.Evidence.Status, err)
	}
}

// A copy with no readable text (a damaged or scanned PDF, no pdftotext)
// has nothing to check an excerpt against: its excerpts are unchecked, as
// migration 0013 says and as tracker sources check prints ("no text to
// check excerpts against"), not "not found", which the public page shows
// as a missing quotation and which makes approving need a reason.
func TestACopyWithoutTextLeavesItsExcerptsUnchecked(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	var pdf atomic.Bool
	pdf.Store(true)
	srv := brokenPDF(t, &pdf)
	importFigures(t, db, srv.URL+"/report.pdf", map[string]string{"p1": returned})
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	s := newSaver(t, db, &now)
	if saved, _, err := s.Round(ctx); err != nil || saved != 1 {
		t.Fatalf("round: %d saved, %v", saved, err)
	}
	if cp, err := db.LatestSourceText(ctx, importedSource(t, db)); err != nil || cp.Text != "" {
		t.Fatalf("the copy: %d bytes of text, %v; want a copy without text", len(cp.Text), err)
	}
	if fig, _, err := db.PublicFigure(ctx, "p1"); err != nil || fig.Evidence.Status != domain.ExcerptUnchecked {
		t.Errorf("excerpt_status %q (%v) for a copy without text, want unchecked", fig.Evidence.Status, err)
	}
}

// A page that moved stays moved while its URL still redirects: the first
// revisit says moved and keeps the new page as a copy; the next, with the
// same redirect and the same page, must not call the link ok (the public
// notice and the staff problem list would drop a citation whose URL still
// goes elsewhere). It stays moved when the moved page's bytes had not
// changed; it must not depend on that.
func TestMovedLinkStaysMovedWhileItRedirects(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	web := newSite(t)
	web.set("/a", article(returned), 0, "")
	id := importFigures(t, db, web.srv.URL+"/a", map[string]string{"m1": returned})
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	s := newSaver(t, db, &now)
	if _, _, err := s.Round(ctx); err != nil {
		t.Fatal(err)
	}
	web.set("/a", "", 0, "/news/a")
	web.set("/news/a", article(returned, other), 0, "")
	for i := range 2 {
		now = now.Add(25 * time.Hour)
		r, err := s.Revisit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		h, err := db.SourceHealth(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Outcome != evidence.Moved || h.State != domain.LinkMoved {
			t.Errorf("visit %d to a URL that still redirects to /news/a: outcome %s, link %q; want moved", i+1, r.Outcome, h.State)
		}
	}
}

// A news page serves different bytes on every request (a nonce, a
// timestamp, a rotating teaser) while its text stays the same. Daily
// revisits must not keep a new copy of it each time: the copies fill the
// budget every copy shares (CopyLimits.Total), and then the first copy of
// a newly entered source is refused as too large.
func TestRevisitsOfADynamicPageDoNotFillTheCopiesBudget(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		page := article(returned, other)
		// The same article; only the script's nonce differs.
		fmt.Fprint(w, strings.Replace(page, "<body>", fmt.Sprintf(`<body><script>var nonce = "%08d";</script>`, served.Add(1)), 1))
	}))
	t.Cleanup(srv.Close)
	id := importFigures(t, db, srv.URL+"/news/returns", map[string]string{"d1": returned})
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	s := newSaver(t, db, &now)
	s.Limits = domain.CopyLimits{Total: 6000}
	if saved, _, err := s.Round(ctx); err != nil || saved != 1 {
		t.Fatalf("round: %d saved, %v", saved, err)
	}
	first, err := db.LatestSourceText(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for range 14 { // two weeks of daily revisits
		now = now.Add(25 * time.Hour)
		if _, err := s.RevisitRound(ctx, 24*time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	copies, err := db.SourceCopies(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(copies) != 1 {
		t.Errorf("%d copies of a page whose text never changed (%d bytes each)", len(copies), first.Size)
	}
	fresh := importFigures(t, db, srv.URL+"/news/new-report", map[string]string{"d2": returned})
	if r, err := s.Fetch(ctx, fresh); err != nil || r.Outcome != evidence.Saved {
		t.Errorf("a newly entered source: %s %v (%v); want saved", r.Outcome, r.Why, err)
	}
}
