package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// The fetcher keeps the Content-Type header as served, and almost every
// real page is served as "text/html; charset=utf-8": "Download as served"
// must still name the file .html (a .pdf for "application/pdf;
// name=report.pdf"), or the person who downloads it gets a .bin file their
// computer cannot open.
func TestSavedCopyDownloadOfAPageServedWithACharsetIsNamedByItsType(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	fig, _ := publishedIOMFigure(t, s.db)
	ed := s.signIn(t, domain.RoleEditor)
	for i, tc := range []struct{ contentType, ext string }{
		{"text/html; charset=utf-8", ".html"},
		{"text/html;charset=UTF-8", ".html"},
		{"application/pdf; name=report.pdf", ".pdf"},
	} {
		cp, _, err := s.db.SaveSourceCopy(context.Background(), domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, Status: 200,
			ContentType: tc.contentType, Body: []byte("body " + strconv.Itoa(i)), Text: "text " + strconv.Itoa(i),
			FetchedAt: time.Date(2025, 5, 1+i, 0, 0, 0, 0, time.UTC)}, domain.CopyLimits{})
		if err != nil {
			t.Fatal(err)
		}
		resp, _ := do(t, ed, "GET", s.URL+"/staff/sources/"+strconv.FormatInt(fig.Source.ID, 10)+"/copies/"+strconv.FormatInt(cp.ID, 10), nil)
		if got := resp.Header.Get("Content-Disposition"); !strings.HasSuffix(got, tc.ext+`"`) {
			t.Errorf("a copy served as %q downloads as %s, want a %s file", tc.contentType, got, tc.ext)
		}
	}
}

// The staff event page, like the staff figure page, lets the reviewer read
// the whole saved copy (to see why an excerpt was not found) and says when
// the source's link is broken.
func TestStaffEventPageLinksToTheSavedCopyAndSaysTheLinkIsBroken(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ctx := context.Background()
	ed := s.signIn(t, domain.RoleEditor)
	resp, page := do(t, ed, "POST", s.URL+"/staff/events", url.Values{"action": {"submit"}, "date": {"2025-10-26"},
		"title": {"RSF announces full capture of El Fasher"}, "kind": {"operation"}, "countries": {"SDN"},
		"excerpt":    {"On 26 October the RSF announced the full capture of El-Fasher, the capital of North Darfur."},
		"source_url": {"https://afrinz.ru/en/2025/10/over-33000-people-flee-sudans-el-fasher-in-two-days/"}, "source_title": {"Over 33000 people flee"},
		"source_publisher": {"Dawn"}})
	if resp.StatusCode != 303 {
		t.Fatalf("submit the event: %d\n%s", resp.StatusCode, page)
	}
	path := resp.Header.Get("Location")
	e, err := s.db.Event(ctx, path[strings.LastIndex(path, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	cp, _, err := s.db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: e.Source.ID, URL: e.Source.URL, Status: 200, ContentType: "text/html",
		Body: []byte("<p>Please enable JavaScript.</p>"), Text: "Please enable JavaScript. Subscribe to read the full article.",
		FetchedAt: time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	recordCheck(t, s.db, e.Source.ID, cp.FetchedAt, domain.OutcomeSaved, cp.SHA256)
	recordCheck(t, s.db, e.Source.ID, time.Date(2026, 5, 3, 6, 0, 0, 0, time.UTC), domain.OutcomeGone, "404")
	rev := s.signIn(t, domain.RoleReviewer)
	_, page = do(t, rev, "GET", s.URL+path, nil)
	mustContain(t, "staff event page, excerpt not found, link broken", page,
		"Excerpt <strong>not found</strong>",
		`href="/staff/sources/`+strconv.FormatInt(e.Source.ID, 10)+`/copy"`,
		"<strong>Link broken</strong> since 3 May 2026")
}

// A changed source is one whose live page dropped an excerpt; the visit
// records which ("figure X no longer on the page"). The staff list of link
// problems must say which figure or event to look at: a source cited by
// five figures otherwise sends the reviewer through all five, and the
// saved copy they are pointed to still holds every excerpt.
func TestLinkProblemsNameTheExcerptNoLongerOnAChangedPage(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	fig, cp := publishedIOMFigure(t, s.db)
	recordCheck(t, s.db, fig.Source.ID, cp.FetchedAt, domain.OutcomeSaved, cp.SHA256)
	recordCheck(t, s.db, fig.Source.ID, time.Date(2026, 5, 3, 6, 0, 0, 0, time.UTC), domain.OutcomeChanged,
		"figure "+fig.ID+" no longer on the page")
	ed := s.signIn(t, domain.RoleEditor)
	_, body := do(t, ed, "GET", s.URL+"/staff/sources/problems", nil)
	mustContain(t, "link problems, changed source", body, `link-changed">changed<`, fig.ID)
}

// Issue 17: "Each figure and event shows whether its excerpt is found".
// The public source page checks each figure's excerpt against the saved
// copy ("In the saved copy": found / not found), but lists the events it
// reports with their excerpts and no word on them.
func TestSourcePageSaysWhetherEachEventExcerptIsInTheSavedCopy(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ctx := context.Background()
	events, err := s.db.PublicEvents(ctx, store.EventFilter{})
	if err != nil || len(events) == 0 {
		t.Fatalf("no published event in the demo: %v", err)
	}
	e := events[0]
	if _, _, err := s.db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: e.Source.ID, URL: e.Source.URL, Status: 200, ContentType: "text/html",
		Body: []byte("<p>Subscribe to read.</p>"), Text: "Subscribe to read the full article.",
		FetchedAt: time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)}, domain.CopyLimits{}); err != nil {
		t.Fatal(err)
	}
	_, body := get(t, s.URL+"/sources/"+strconv.FormatInt(e.Source.ID, 10))
	i := strings.Index(body, `id="events"`)
	if i < 0 {
		t.Fatalf("the source page lists no event:\n%s", body)
	}
	mustContain(t, "events section of the source page", body[i:], `excerpt-not_found">not found<`)
}

// A source whose fetch was refused (a cloud-metadata address) or failed
// (no such host) has no saved copy; the visit is recorded with its reason
// (issue 17: "refused with a clear message", "recorded as could not
// fetch"). The staff sources list links every source to its saved copy,
// and for these the page only says "Not found: No copy of this source has
// been saved yet" — staff never learn that it was refused, or why, or that
// it will be tried again.
func TestStaffCopyPageSaysWhyASourceHasNoCopy(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ctx := context.Background()
	var src domain.Source
	err := s.db.InTx(ctx, "test", func(tx *store.Tx) error {
		var err error
		src, err = tx.CreateSource(ctx, domain.Source{URL: "http://169.254.169.254/latest/meta-data/", Title: "Metadata", Publisher: "IOM"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	detail := "fetch refused http://169.254.169.254/latest/meta-data/: host 169.254.169.254 resolves to 169.254.169.254, a cloud metadata (link-local) address"
	recordCheck(t, s.db, src.ID, time.Date(2026, 5, 3, 6, 0, 0, 0, time.UTC), domain.OutcomeRefused, detail)
	ed := s.signIn(t, domain.RoleEditor)
	_, list := do(t, ed, "GET", s.URL+"/staff/sources?q=Metadata", nil)
	copyPath := "/staff/sources/" + strconv.FormatInt(src.ID, 10) + "/copy"
	if !strings.Contains(list, `href="`+copyPath+`"`) {
		t.Skip("the sources list no longer links to the copy of a source without one")
	}
	_, body := do(t, ed, "GET", s.URL+copyPath, nil)
	mustContain(t, "staff copy page of a refused source", body, "cloud metadata")
}

// When the operator publishes copies under the source's licence, the
// public figure page says "Excerpt found in the copy of the source saved
// on …" but links to that copy only when the link is broken, moved or
// changed: a reader of a healthy source must find the source page first.
func TestPublicFigurePageLinksToAPublicSavedCopy(t *testing.T) {
	s := newStaffSite(t, web.Config{PublicCopyLicences: []string{"CC-BY-4.0"}})
	fig, cp := publishedIOMFigure(t, s.db)
	recordCheck(t, s.db, fig.Source.ID, cp.FetchedAt, domain.OutcomeSaved, cp.SHA256)
	setLicence(t, s.db, fig.Source, "CC-BY-4.0")
	copyPath := "/sources/" + strconv.FormatInt(fig.Source.ID, 10) + "/copy"
	if resp, _ := get(t, s.URL+copyPath); resp.StatusCode != 200 {
		t.Fatalf("the public copy: %d", resp.StatusCode)
	}
	_, body := get(t, s.URL+"/figures/"+fig.ID)
	mustContain(t, "public figure page, copy public", body, "Excerpt <strong>found</strong>", `href="`+copyPath+`"`)
}
