package store_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

func newSource(t *testing.T, db *store.DB, url string) domain.Source {
	t.Helper()
	storetest.Orgs(t, db, "The News")
	var src domain.Source
	err := db.InTx(context.Background(), "test", func(tx *store.Tx) error {
		var err error
		src, err = tx.CreateSource(context.Background(), domain.Source{Title: "A report", Publisher: "The News", URL: url})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// A saved copy is kept as served, with its hash and size; the same bytes
// again add no copy; new bytes add one, the latest first.
func TestSourceCopiesAreKeptOnceEach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		src := newSource(t, db, "https://example.org/report")
		if _, err := db.LatestSourceCopy(ctx, src.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("latest copy of a source never fetched: %v", err)
		}
		body := []byte("<html><body><p>Nearly 500,000 refugees – “so far”.</p>\x00\xff</body></html>")
		first, created, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: src.ID, URL: src.URL, FinalURL: src.URL + "?r=1",
			Status: 200, ContentType: "text/html", Charset: "windows-1256", Body: body, Text: "Nearly 500,000 refugees – “so far”.",
			FetchedAt: time.Date(2025, 4, 20, 9, 0, 0, 0, time.UTC)}, domain.CopyLimits{})
		if err != nil || !created {
			t.Fatalf("save: %v %v", created, err)
		}
		if len(first.SHA256) != 64 || first.Size != int64(len(body)) || first.ID == 0 {
			t.Errorf("saved copy %+v", first)
		}
		again, created, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: src.ID, URL: src.URL, Status: 200, Body: body,
			FetchedAt: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)}, domain.CopyLimits{})
		if err != nil || created || again.ID != first.ID {
			t.Errorf("the same bytes again: created %v, id %d (first %d), %v", created, again.ID, first.ID, err)
		}
		changed, created, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: src.ID, URL: src.URL, Status: 200, Body: []byte("moved"),
			FetchedAt: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}, domain.CopyLimits{})
		if err != nil || !created || changed.ID == first.ID {
			t.Fatalf("new bytes: %v %v", created, err)
		}
		latest, err := db.LatestSourceCopy(ctx, src.ID)
		if err != nil || latest.ID != changed.ID || string(latest.Body) != "moved" {
			t.Errorf("latest = %+v, %v", latest, err)
		}
		all, err := db.SourceCopies(ctx, src.ID)
		if err != nil || len(all) != 2 || all[0].ID != changed.ID || all[1].ID != first.ID {
			t.Fatalf("copies = %+v, %v", all, err)
		}
		old := all[1]
		if old.Body != nil || old.Text != first.Text || old.Charset != "windows-1256" || old.FinalURL != src.URL+"?r=1" ||
			!old.FetchedAt.Equal(first.FetchedAt) || old.SHA256 != first.SHA256 {
			t.Errorf("listed copy %+v, saved %+v", old, first)
		}
		// The body comes back byte for byte, NUL and invalid UTF-8 included.
		db2, err := db.LatestSourceCopy(ctx, src.ID)
		if err != nil || !bytes.Equal(db2.Body, []byte("moved")) {
			t.Errorf("body = %q, %v", db2.Body, err)
		}
	})
}

// The limits hold: a document over the per-document cap, or over what is
// left of the total, is refused with a message and nothing is written,
// also when many saves race for the last room.
func TestSourceCopyLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		src := newSource(t, db, "https://example.org/big")
		lim := domain.CopyLimits{PerDocument: 100, Total: 250}
		if _, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: src.ID, URL: src.URL, Status: 200, Body: make([]byte, 101)}, lim); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("101 bytes over a 100-byte cap: %v", err)
		}
		if _, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: 999999, URL: "x", Status: 200, Body: []byte("x")}, lim); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("a copy of no source: %v", err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		kept := 0
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body := bytes.Repeat([]byte{byte('a' + i)}, 100)
				_, created, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: src.ID, URL: src.URL, Status: 200, Body: body}, lim)
				if err != nil && domain.ErrorCode(err) != domain.ECONFLICT {
					t.Errorf("save %d: %v", i, err)
				}
				mu.Lock()
				if created {
					kept++
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		all, err := db.SourceCopies(ctx, src.ID)
		if err != nil || len(all) != kept || kept != 2 {
			t.Errorf("%d copies kept of 8 racing saves of 100 bytes under a 250-byte total (listed %d, %v)", kept, len(all), err)
		}
	})
}

// A copy's text is kept up to MaxCopyText bytes, cut between characters;
// its bytes are kept whole.
func TestSourceCopyTextIsBounded(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	src := newSource(t, db, "https://example.org/long")
	text := strings.Repeat("é", store.MaxCopyText) // two bytes each
	body := []byte(text)
	saved, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: src.ID, URL: src.URL, Status: 200, Body: body, Text: text}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.LatestSourceCopy(ctx, src.ID)
	if err != nil || len(got.Text) > store.MaxCopyText || !utf8.ValidString(got.Text) || len(got.Body) != len(body) || saved.Size != int64(len(body)) {
		t.Errorf("text %d bytes (valid %v), body %d bytes, %v", len(got.Text), utf8.ValidString(got.Text), len(got.Body), err)
	}
}
