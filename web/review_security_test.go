package web_test

import (
	"bytes"
	"context"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// draftOnlySource is a source that only a draft cites (none here), with a
// saved copy and a visit: nothing about it is public.
func draftOnlySource(t *testing.T, db *store.DB) (domain.Source, domain.SourceCopy) {
	t.Helper()
	ctx := context.Background()
	var src domain.Source
	err := db.InTx(ctx, "test", func(tx *store.Tx) error {
		var err error
		src, err = tx.CreateSource(ctx, domain.Source{URL: "https://example.org/draft-only", Title: "Draft only", Publisher: "IOM", Licence: "CC-BY-4.0"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cp, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: src.ID, URL: src.URL, Status: 200, Body: []byte("secret"), Text: "secret",
		FetchedAt: time.Date(2025, 4, 20, 9, 30, 0, 0, time.UTC)}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	recordCheck(t, db, src.ID, time.Date(2026, 5, 3, 6, 0, 0, 0, time.UTC), domain.OutcomeGone, "404")
	return src, cp
}

// A source only drafts cite is a 404 "like an unknown id": its 404 must not
// carry a tag naming its saved copy and latest visit (which tells anyone
// that the draft source exists, has been fetched, and when it was last
// visited), and a conditional request must not answer 304 for it.
func TestDraftOnlySourcePageIsA404LikeAnUnknownID(t *testing.T) {
	s := newStaffSite(t, web.Config{PublicCopyLicences: []string{"CC-BY-4.0"}})
	src, _ := draftOnlySource(t, s.db)
	draft := s.URL + "/sources/" + strconv.FormatInt(src.ID, 10)
	unknown := s.URL + "/sources/" + strconv.FormatInt(src.ID+1000, 10)

	dr, _ := get(t, draft)
	ur, _ := get(t, unknown)
	if dr.StatusCode != 404 || ur.StatusCode != 404 {
		t.Fatalf("draft-only source %d, unknown source %d; want 404 for both", dr.StatusCode, ur.StatusCode)
	}
	if dt, ut := dr.Header.Get("ETag"), ur.Header.Get("ETag"); dt != ut {
		t.Errorf("the 404 of a draft-only source carries ETag %q, an unknown id's %q: the draft source's copy and visit show through", dt, ut)
	}
	if tag := dr.Header.Get("ETag"); tag != "" {
		if resp, _ := get(t, draft, "If-None-Match", tag); resp.StatusCode != 404 {
			t.Errorf("a draft-only source's page, asked with If-None-Match %s: %d, want 404", tag, resp.StatusCode)
		}
	}
}

// Anonymous downloads of a public saved copy (/sources/ID/copies/N) each
// read the whole document into memory, with no bound on how many run at
// once: a few dozen slow clients of a 10 MB report (the default per-copy
// cap) hold a few dozen copies of it on the heap. Like the workbook builds,
// they must be bounded (streamed, or a gate that answers 503 past a few).
func TestPublicCopyDownloadsInParallelAreBoundedInMemory(t *testing.T) {
	s := newStaffSite(t, web.Config{PublicCopyLicences: []string{"CC-BY-4.0"}})
	ctx := context.Background()
	fig, _ := publishedIOMFigure(t, s.db)
	const size = 10 << 20
	body := bytes.Repeat([]byte("%PDF-1.4 report page "), size/21+1)[:size]
	cp, _, err := s.db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, Status: 200,
		ContentType: "application/pdf", Body: body, Text: fig.Excerpt, FetchedAt: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	setLicence(t, s.db, fig.Source, "CC-BY-4.0")
	url := s.URL + "/sources/" + strconv.FormatInt(fig.Source.ID, 10) + "/copies/" + strconv.FormatInt(cp.ID, 10)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	// Slow clients: each reads the headers and then nothing, as a client on
	// a poor line does; the server's handler is then blocked writing.
	const clients = 24
	tr := &http.Transport{DisableCompression: true, MaxConnsPerHost: 0}
	defer tr.CloseIdleConnections()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		open  []*http.Response
		codes = map[int]int{}
	)
	for range clients {
		wg.Go(func() {
			req, _ := http.NewRequest("GET", url, nil)
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			open, codes[resp.StatusCode] = append(open, resp), codes[resp.StatusCode]+1
			mu.Unlock()
		})
	}
	wg.Wait()
	defer func() {
		for _, r := range open {
			r.Body.Close()
		}
	}()
	runtime.GC()
	var during runtime.MemStats
	runtime.ReadMemStats(&during)
	held := int64(during.HeapInuse) - int64(before.HeapInuse)
	// A bound like the workbooks' (a few at once): 8 copies' worth.
	if limit := int64(8 * size); held > limit {
		t.Errorf("%d parallel anonymous downloads of a %d MB copy (answers %v) hold %d MB on the heap at once, more than %d MB: the downloads are unbounded",
			clients, size>>20, codes, held>>20, limit>>20)
	}
}

// A saved copy is public only while a published figure or event cites its
// source and its licence is listed; pages are cached publicly for a minute
// so that "a retraction reaches every reader within that minute". The
// copy's download is cached publicly for an hour: a CDN keeps handing out
// a copy whose source was withdrawn (a retraction, a licence corrected)
// for an hour after the site stopped.
func TestPublicCopyDownloadIsNotCachedPubliclyLongerThanPages(t *testing.T) {
	s := newStaffSite(t, web.Config{PublicCopyLicences: []string{"CC-BY-4.0"}})
	fig, cp := publishedIOMFigure(t, s.db)
	setLicence(t, s.db, fig.Source, "CC-BY-4.0")
	resp, _ := get(t, s.URL+"/sources/"+strconv.FormatInt(fig.Source.ID, 10)+"/copies/"+strconv.FormatInt(cp.ID, 10))
	if resp.StatusCode != 200 {
		t.Fatalf("download: %d", resp.StatusCode)
	}
	cc := resp.Header.Get("Cache-Control")
	if i := strings.Index(cc, "max-age="); strings.Contains(cc, "public") && i >= 0 {
		if n, _ := strconv.Atoi(strings.TrimRight(cc[i+len("max-age="):], ", ")); n > 60 {
			t.Errorf("a public copy's download says %q: shared caches serve it for %d s after its source stops being public, pages for 60", cc, n)
		}
	}
}

// The source page checks its figures' excerpts against the saved text (up
// to 16 MB of text read per build), and "a public page is built once per
// dataset version and copy, on a miss" (link_health.go). Its cache key is
// the raw path, while the id is parsed as a number: /sources/7,
// /sources/07, /sources/007 … are one page and as many builds, so anonymous
// parallel requests each run the page's excerpt checks afresh.
func TestSourcePageIsBuiltOncePerVersionWhateverTheIDsSpelling(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	fig, _ := publishedIOMFigure(t, s.db)
	var (
		mu     sync.Mutex
		builds = map[string]int{}
	)
	web.SetBuildHook(s.srv, func(key string) {
		mu.Lock()
		builds[key]++
		mu.Unlock()
	})
	id := strconv.FormatInt(fig.Source.ID, 10)
	const n = 16
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			// The id as links write it is the page; another spelling of
			// it is no source (404), never another build.
			resp, _ := get(t, s.URL+"/sources/"+strings.Repeat("0", i)+id)
			if want := map[bool]int{true: 200, false: 404}[i == 0]; resp.StatusCode != want {
				t.Errorf("/sources/%s%s: %d, want %d", strings.Repeat("0", i), id, resp.StatusCode, want)
			}
		})
	}
	wg.Wait()
	total := 0
	for _, b := range builds {
		total += b
	}
	if total > 1 {
		t.Errorf("%d parallel requests for source %s, its id spelt with leading zeros, built its page (and checked its excerpts) %d times, want 1", n, id, total)
	}
}

// The public reads "the latest saved copy" of a public source (/sources/ID
// /copy links only it), but /sources/ID/copies/N serves any copy ever kept
// for the source, by a guessable number: one saved from the address the
// source had before an editor corrected it (a wrong document, an intranet
// page the operator's --fetch-allow let through) is downloadable by
// anyone.
func TestPublicDownloadServesOnlyTheCopyThePublicIsShown(t *testing.T) {
	s := newStaffSite(t, web.Config{PublicCopyLicences: []string{"CC-BY-4.0"}})
	ctx := context.Background()
	fig, latest := publishedIOMFigure(t, s.db)
	old, _, err := s.db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: fig.Source.ID, URL: "http://docs.intranet/board/minutes-2025.html",
		Status: 200, ContentType: "text/html", Body: []byte("<p>internal board minutes</p>"), Text: "internal board minutes",
		FetchedAt: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	setLicence(t, s.db, fig.Source, "CC-BY-4.0")
	base := s.URL + "/sources/" + strconv.FormatInt(fig.Source.ID, 10) + "/copies/"
	if resp, _ := get(t, base+strconv.FormatInt(latest.ID, 10)); resp.StatusCode != 200 {
		t.Fatalf("the latest copy: %d", resp.StatusCode)
	}
	if resp, body := get(t, base+strconv.FormatInt(old.ID, 10)); resp.StatusCode != 404 {
		t.Errorf("an older copy, saved from %s, is public: %d %q", old.URL, resp.StatusCode, body)
	}
}
