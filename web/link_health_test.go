package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// publishedIOMFigure is a published figure of the IOM series, and a copy of
// its source's page that holds its excerpt, saved on 20 Apr 2025.
func publishedIOMFigure(t *testing.T, db *store.DB) (domain.Figure, domain.SourceCopy) {
	t.Helper()
	ctx := context.Background()
	var fig domain.Figure
	db.PublicFigureStream(ctx, store.FigureFilter{SeriesSlug: iomSeries}, func(_ domain.Series, f domain.Figure) error {
		fig = f
		return nil
	})
	page := "Pakistan Deputy PM in Kabul for Talks\n\nIslamabad, 20 April. " + fig.Excerpt + " The visit was the first at this level since 2021.\n\nOther news follows."
	cp, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, FinalURL: fig.Source.URL + "?amp",
		Status: 200, ContentType: "text/html", Charset: "utf-8", Body: []byte("<html><script>alert(1)</script><p>" + page + "</p></html>"), Text: page,
		FetchedAt: time.Date(2025, 4, 20, 9, 30, 0, 0, time.UTC)}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	return fig, cp
}

func recordCheck(t *testing.T, db *store.DB, id int64, at time.Time, o domain.CheckOutcome, detail string) {
	t.Helper()
	if err := db.RecordSourceCheck(context.Background(), domain.SourceCheck{SourceID: id, CheckedAt: at, Outcome: o, Detail: detail}); err != nil {
		t.Fatal(err)
	}
}

func setLicence(t *testing.T, db *store.DB, src domain.Source, licence string) {
	t.Helper()
	err := db.InTx(context.Background(), "test", func(tx *store.Tx) error {
		_, err := tx.EnsureSource(context.Background(), domain.Source{URL: src.URL, Title: src.Title, Publisher: src.Publisher, Licence: licence}, domain.ActionUpdate, true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The public source page says its link is broken since the first 404 and
// that a copy is kept, describes the copy, and checks each figure's
// excerpt against it; when the link moves the page says so at once (its
// cache follows the source's visits). The saved copy itself is public only
// under a licence the operator lists, and never for a source only drafts
// cite; it downloads as an attachment, sandboxed.
func TestSourcePageLinkHealthAndPublicCopy(t *testing.T) {
	s := newStaffSite(t, web.Config{PublicCopyLicences: []string{"cc-by-4.0"}})
	ctx := context.Background()
	srcPath := func(id int64) string { return "/sources/" + strconv.FormatInt(id, 10) }

	var fig domain.Figure
	s.db.PublicFigureStream(ctx, store.FigureFilter{SeriesSlug: iomSeries}, func(_ domain.Series, f domain.Figure) error {
		fig = f
		return nil
	})
	_, body := get(t, s.URL+srcPath(fig.Source.ID))
	mustContain(t, "source page without a copy", body, "No copy of this document has been saved yet", `excerpt-unchecked">not checked<`)
	if strings.Contains(body, "link-health") {
		t.Error("a link never checked is said to have a problem")
	}

	fig, cp := publishedIOMFigure(t, s.db)
	id := fig.Source.ID
	recordCheck(t, s.db, id, cp.FetchedAt, domain.OutcomeSaved, cp.SHA256)
	recordCheck(t, s.db, id, time.Date(2026, 5, 3, 6, 0, 0, 0, time.UTC), domain.OutcomeGone, "404")
	recordCheck(t, s.db, id, time.Date(2026, 5, 5, 6, 0, 0, 0, time.UTC), domain.OutcomeFailed, "no network")
	recordCheck(t, s.db, id, time.Date(2026, 5, 10, 6, 0, 0, 0, time.UTC), domain.OutcomeGone, "404")
	_, body = get(t, s.URL+srcPath(id))
	mustContain(t, "source page, link broken", body,
		"<strong>Link broken</strong> since 3 May 2026 — a copy saved on 20 Apr 2025 is kept (SHA-256 <code title=\""+cp.SHA256+"\">",
		"Last visited 10 May 2026",
		`<code class="hash">`+cp.SHA256+`</code>`, "text/html, ", "broken, last visited 10 May 2026",
		`href="`+fig.Source.URL+`?amp"`, `excerpt-found">found<`,
		"The saved copy is shown to staff only")
	_, body = get(t, s.URL+"/figures/"+fig.ID)
	mustContain(t, "figure page, link broken", body, "<strong>Link broken</strong> since 3 May 2026")

	resp, body := get(t, s.URL+srcPath(id)+"/copy")
	if resp.StatusCode != 404 || !strings.Contains(body, "shown to staff only: its licence is not recorded") {
		t.Errorf("public copy without a licence: %d %s", resp.StatusCode, body)
	}
	if resp, _ := get(t, s.URL+srcPath(id)+"/copies/"+strconv.FormatInt(cp.ID, 10)); resp.StatusCode != 404 {
		t.Errorf("public download without a licence: %d", resp.StatusCode)
	}

	setLicence(t, s.db, fig.Source, "CC-BY-4.0")
	_, body = get(t, s.URL+srcPath(id))
	mustContain(t, "source page, copy public", body, `<a href="`+srcPath(id)+`/copy">Read the saved copy</a>`)
	resp, body = get(t, s.URL+srcPath(id)+"/copy")
	if resp.StatusCode != 200 {
		t.Fatalf("public copy: %d %s", resp.StatusCode, body)
	}
	mustContain(t, "public copy", body, "Islamabad, 20 April. <mark>", `href="/figures/`+fig.ID+`">figure `+fig.ID+", found</a>",
		"Download as served", "<dt>HTTP status</dt><dd>200</dd>", "charset utf-8")
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "Every copy saved") {
		t.Error("the public copy page renders the fetched HTML or lists staff's copies")
	}
	resp, raw := get(t, s.URL+srcPath(id)+"/copies/"+strconv.FormatInt(cp.ID, 10))
	if resp.StatusCode != 200 || raw != string("<html><script>alert(1)</script><p>"+cp.Text+"</p></html>") {
		t.Fatalf("public download: %d %q", resp.StatusCode, raw)
	}
	for h, want := range map[string]string{"Content-Disposition": `attachment; filename="source-` + strconv.FormatInt(id, 10) + "-copy-" + strconv.FormatInt(cp.ID, 10) + `.html"`,
		"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff", "Content-Type": "text/html", "ETag": `"` + cp.SHA256 + `"`} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("download %s: %q, want %q", h, got, want)
		}
	}
	if resp, _ := get(t, s.URL+srcPath(id)+"/copies/"+strconv.FormatInt(cp.ID, 10), "If-None-Match", `"`+cp.SHA256+`"`); resp.StatusCode != 304 {
		t.Errorf("download again: %d", resp.StatusCode)
	}
	if resp, _ := get(t, s.URL+srcPath(id)+"/copies/x"); resp.StatusCode != 404 {
		t.Errorf("download of copy x: %d", resp.StatusCode)
	}

	// A visit finds the page moved: the cached source page says so at once.
	recordCheck(t, s.db, id, time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC), domain.OutcomeMoved, "https://example.org/new-home")
	_, body = get(t, s.URL+srcPath(id))
	mustContain(t, "source page, link moved", body, `<strong>The page moved</strong> to <a href="https://example.org/new-home"`, "(since 1 Jun 2026)")

	// A source only a draft cites has no public copy, whatever its licence.
	var draft domain.Source
	err := s.db.InTx(ctx, "test", func(tx *store.Tx) error {
		var err error
		draft, err = tx.CreateSource(ctx, domain.Source{URL: "https://example.org/draft-only", Title: "Draft only", Publisher: "IOM", Licence: "CC-BY-4.0"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dc, _, err := s.db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: draft.ID, URL: draft.URL, Status: 200, Body: []byte("secret"), Text: "secret"}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{srcPath(draft.ID) + "/copy", srcPath(draft.ID) + "/copies/" + strconv.FormatInt(dc.ID, 10)} {
		if resp, body := get(t, s.URL+p); resp.StatusCode != 404 || strings.Contains(body, "secret") {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
}

// Staff list the broken, moved and changed sources, read any saved copy of
// a source with the excerpts highlighted, pick an older copy, and download
// one; the staff figure page links to the whole copy.
func TestStaffLinkProblemsAndCopyView(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	fig, first := publishedIOMFigure(t, s.db)
	id := fig.Source.ID
	later, _, err := s.db.SaveSourceCopy(context.Background(), domain.SourceCopy{SourceID: id, URL: fig.Source.URL, Status: 200,
		ContentType: "application/pdf", Body: []byte("%PDF-1.4 ..."), Text: "A later version, without the sentence.",
		FetchedAt: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	recordCheck(t, s.db, id, time.Date(2026, 5, 3, 6, 0, 0, 0, time.UTC), domain.OutcomeGone, "404")
	ed := s.signIn(t, domain.RoleEditor)
	base := "/staff/sources/" + strconv.FormatInt(id, 10)

	resp, body := do(t, ed, "GET", s.URL+"/staff/sources/problems", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("problems: %d", resp.StatusCode)
	}
	mustContain(t, "link problems", body, fig.Source.URL, `link-broken">broken<`, "3 May 2026", `href="`+base+`/copy">Read the saved copy`)
	_, body = do(t, ed, "GET", s.URL+"/staff", nil)
	mustContain(t, "staff home", body, `href="/staff/sources/problems"`)

	resp, body = do(t, ed, "GET", s.URL+base+"/copy", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("copy view: %d", resp.StatusCode)
	}
	mustContain(t, "latest copy", body, "A later version, without the sentence.", `figure `+fig.ID+`</a>`, `excerpt-not_found">not found<`,
		"application/pdf", `href="`+base+`/copy?copy=`+strconv.FormatInt(first.ID, 10)+`"`, base+"/copies/"+strconv.FormatInt(later.ID, 10),
		"<strong>Link broken</strong> since 3 May 2026")
	_, body = do(t, ed, "GET", s.URL+base+"/copy?copy="+strconv.FormatInt(first.ID, 10), nil)
	mustContain(t, "older copy", body, "Islamabad, 20 April. <mark>", `href="/staff/figures/`+fig.ID+`">figure `+fig.ID+", found</a>")
	if resp, body := do(t, ed, "GET", s.URL+base+"/copy?copy=latest", nil); resp.StatusCode < 400 || resp.StatusCode >= 500 || !strings.Contains(body, "copy must be the number") {
		t.Errorf("copy=latest: %d", resp.StatusCode)
	}
	if resp, _ := do(t, ed, "GET", s.URL+base+"/copy?copy=999999", nil); resp.StatusCode != 404 {
		t.Errorf("copy=999999: %d", resp.StatusCode)
	}
	resp, raw := do(t, ed, "GET", s.URL+base+"/copies/"+strconv.FormatInt(later.ID, 10), nil)
	if resp.StatusCode != 200 || raw != "%PDF-1.4 ..." || resp.Header.Get("Content-Security-Policy") != "sandbox" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") || !strings.HasSuffix(resp.Header.Get("Content-Disposition"), `.pdf"`) {
		t.Errorf("staff download: %d %q %v", resp.StatusCode, raw, resp.Header)
	}
	if resp, _ := do(t, ed, "GET", s.URL+"/staff/sources/999999/copy", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("copy of no source: %d", resp.StatusCode)
	}
	_, body = do(t, ed, "GET", s.URL+"/staff/figures/"+fig.ID, nil)
	mustContain(t, "staff figure page", body, `href="`+base+`/copy">Read the whole saved copy</a>`)
}

// A page that changed is a figure's problem only when its own excerpt is
// one that went: the figure page says "The page changed" for the figure
// the visit named, and nothing for another figure read from the same page.
func TestFigurePageSaysChangedOnlyWhenItsExcerptWent(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	fig, cp := publishedIOMFigure(t, s.db)
	recordCheck(t, s.db, fig.Source.ID, cp.FetchedAt, domain.OutcomeSaved, cp.SHA256)
	at := time.Date(2026, 5, 3, 6, 0, 0, 0, time.UTC)
	recordCheck(t, s.db, fig.Source.ID, at, domain.OutcomeChanged, domain.DroppedDetail([]string{"figure someone-else"}, 0))
	_, body := get(t, s.URL+"/figures/"+fig.ID)
	if strings.Contains(body, "The page changed") {
		t.Error("the figure page says its page changed, though the excerpt that went is another figure's")
	}
	recordCheck(t, s.db, fig.Source.ID, at.Add(24*time.Hour), domain.OutcomeChanged, domain.DroppedDetail([]string{"figure someone-else", "figure " + fig.ID}, 0))
	_, body = get(t, s.URL+"/figures/"+fig.ID)
	mustContain(t, "figure page, its excerpt gone", body, "<strong>The page changed</strong> on 3 May 2026")
	_, body = get(t, s.URL+"/sources/"+strconv.FormatInt(fig.Source.ID, 10))
	mustContain(t, "source page", body, "<strong>The page changed</strong> on 3 May 2026")
}
