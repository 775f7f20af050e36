package web_test

import (
	"context"
	"strconv"
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
