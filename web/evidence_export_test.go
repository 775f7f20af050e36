package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/evidence"
	"github.com/displacement-tracker/tracker/internal/store"
)

// csvRows reads a download with its header row (and an HXL row, skipped)
// as maps by column name.
func csvRows(t *testing.T, body string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) < 1 {
		t.Fatalf("CSV: %v", err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		if strings.HasPrefix(rec[0], "#") {
			continue
		}
		row := map[string]string{}
		for i, name := range recs[0] {
			row[name] = rec[i]
		}
		out = append(out, row)
	}
	return out
}

// Downloads and the API carry each excerpt's kept check: found, with the
// copy's time and hash, for a figure whose source was saved; unchecked,
// with both empty, for one whose source was not. A cached download does
// not keep serving the old status once the check is kept, and a pending
// edit's excerpt never appears.
func TestDownloadsCarryTheExcerptStatus(t *testing.T) {
	ts, db := newSite(t)
	ctx := context.Background()
	var fig domain.Figure
	db.PublicFigureStream(ctx, store.FigureFilter{SeriesSlug: iomSeries}, func(_ domain.Series, f domain.Figure) error {
		fig = f
		return nil
	})
	_, before := get(t, ts.URL+"/figures.csv") // cached at this dataset version
	for _, row := range csvRows(t, before) {
		if row["excerpt_status"] != "unchecked" || row["source_saved_at"] != "" || row["source_sha256"] != "" {
			t.Fatalf("before any copy: %s reads %q %q %q", row["figure_id"], row["excerpt_status"], row["source_saved_at"], row["source_sha256"])
		}
	}

	saved := time.Date(2025, 4, 20, 9, 30, 15, 0, time.UTC)
	page := "Kabul, 20 April. " + fig.Excerpt + " The minister met his counterpart."
	cp, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, Status: 200,
		ContentType: "text/html", Body: []byte("<p>" + page + "</p>"), Text: page, FetchedAt: saved}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	draftExcerpt := "A sentence typed in a pending edit that the public must never read."
	edit := fig
	edit.Excerpt, edit.Evidence = draftExcerpt, domain.Evidence{}
	if err := db.InTx(ctx, "ed@example.org", func(tx *store.Tx) error {
		s, err := tx.EnsureSeries(ctx, domain.Series{Slug: iomSeries}, domain.ActionUpdate, false)
		if err != nil {
			return err
		}
		return tx.EditFigure(ctx, fig.ID, 0, s, edit)
	}); err != nil {
		t.Fatal(err)
	}
	v0, _ := db.DatasetVersion(ctx)
	if n, err := (&evidence.Saver{DB: db}).CheckPending(ctx); err != nil || n < 2 {
		t.Fatalf("checked %d excerpts, %v; want the public one and the edit's", n, err)
	}
	if v, _ := db.DatasetVersion(ctx); v <= v0 {
		t.Errorf("dataset version %d → %d after new public statuses: the cached download would stay", v0, v)
	}

	_, body := get(t, ts.URL+"/figures.csv")
	if strings.Contains(body, draftExcerpt) {
		t.Error("a pending edit's excerpt is in the download")
	}
	rows := csvRows(t, body)
	header := strings.SplitN(body, "\r\n", 2)[0]
	if !strings.HasSuffix(header, ",excerpt_status,source_saved_at,source_sha256") {
		t.Errorf("header %q: the evidence columns should close it", header)
	}
	seen := 0
	for _, row := range rows {
		got := [3]string{row["excerpt_status"], row["source_saved_at"], row["source_sha256"]}
		want := [3]string{"unchecked", "", ""}
		switch {
		case row["figure_id"] == fig.ID:
			want = [3]string{"found", "2025-04-20T09:30:15Z", cp.SHA256}
			seen++
		case row["source_url"] == fig.Source.URL: // the copy holds only fig's sentence
			want = [3]string{"not_found", "2025-04-20T09:30:15Z", cp.SHA256}
		}
		if got != want {
			t.Errorf("%s: %q, want %q", row["figure_id"], got, want)
		}
	}
	if seen == 0 {
		t.Fatal("the figure whose source was saved is not in the download")
	}

	_, body = get(t, ts.URL+"/api/v1/figures/"+fig.ID)
	var one struct {
		Data struct {
			Excerpt       string  `json:"excerpt"`
			ExcerptStatus string  `json:"excerpt_status"`
			SourceSavedAt *string `json:"source_saved_at"`
			SourceSHA256  *string `json:"source_sha256"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &one); err != nil {
		t.Fatal(err)
	}
	if d := one.Data; d.Excerpt != fig.Excerpt || d.ExcerptStatus != "found" || d.SourceSavedAt == nil ||
		*d.SourceSavedAt != "2025-04-20T09:30:15Z" || d.SourceSHA256 == nil || *d.SourceSHA256 != cp.SHA256 {
		t.Errorf("API figure: %+v", d)
	}
	_, body = get(t, ts.URL+"/api/v1/sources/"+itoa(fig.Source.ID))
	if !strings.Contains(body, `"saved_at":"2025-04-20T09:30:15Z"`) || !strings.Contains(body, `"sha256":"`+cp.SHA256+`"`) {
		t.Errorf("API source: %s", body)
	}
	_, body = get(t, ts.URL+"/events.csv")
	for _, row := range csvRows(t, body) {
		if row["excerpt_status"] == "" {
			t.Errorf("event %s has no excerpt_status", row["event_id"])
		}
	}
}

// Events have no page of their own: the public lists of events (/events,
// the series page, the source page) say whether each excerpt is in the
// saved copy of its source, once it is checked, and nothing before.
func TestEventListsSayWhereTheExcerptWasFound(t *testing.T) {
	ts, db := newSite(t)
	ctx := context.Background()
	events, err := db.PublicEvents(ctx, store.EventFilter{})
	if err != nil || len(events) == 0 {
		t.Fatalf("demo events: %d, %v", len(events), err)
	}
	ev := events[0]
	found := `Excerpt <span class="excerpt-status excerpt-found">found</span> in the copy of the source saved on 20 Apr 2025.`
	if _, body := get(t, ts.URL+"/events"); strings.Contains(body, "in the copy of the source saved on") {
		t.Fatal("/events speaks of a saved copy before any was saved")
	}
	page := "Islamabad. " + ev.Excerpt + " Officials said more would follow."
	if _, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: ev.Source.ID, URL: ev.Source.URL, Status: 200, ContentType: "text/html",
		Body: []byte("<p>" + page + "</p>"), Text: page, FetchedAt: time.Date(2025, 4, 20, 9, 30, 0, 0, time.UTC)}, domain.CopyLimits{}); err != nil {
		t.Fatal(err)
	}
	if _, err := (&evidence.Saver{DB: db}).CheckPending(ctx); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/events", "/sources/" + strconv.FormatInt(ev.Source.ID, 10)} {
		_, body := get(t, ts.URL+path)
		i := strings.Index(body, ev.Excerpt)
		if i < 0 || !strings.Contains(body[i:], found) {
			t.Errorf("%s: the event's excerpt is not followed by %q", path, found)
		}
	}
}

// A copy with no readable text (a scanned PDF) leaves the excerpt
// unchecked, and the figure page says why rather than "not found".
func TestFigurePageSaysACopyWithoutTextIsNotChecked(t *testing.T) {
	ts, db := newSite(t)
	ctx := context.Background()
	var fig domain.Figure
	db.PublicFigureStream(ctx, store.FigureFilter{SeriesSlug: iomSeries}, func(_ domain.Series, f domain.Figure) error {
		fig = f
		return nil
	})
	if _, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, Status: 200, ContentType: "application/pdf",
		Body: []byte("%PDF-1.4 scanned"), FetchedAt: time.Date(2025, 4, 20, 9, 30, 0, 0, time.UTC)}, domain.CopyLimits{}); err != nil {
		t.Fatal(err)
	}
	_, body := get(t, ts.URL+"/figures/"+fig.ID)
	mustContain(t, body, "Excerpt <strong>not checked</strong>: no text could be read from the copy of the source saved on 20 Apr 2025")
	if strings.Contains(body, "not found") {
		t.Error("a copy without text reads as not found")
	}
}

// Many visitors opening a figure whose source's copy is large at once all
// get its provenance, checked once and remembered (a check of a 2 MB text
// costs about 0.1 s and 50 MB of garbage; the figure page is not cached).
func TestFigurePageChecksItsExcerptOnceForManyVisitors(t *testing.T) {
	ts, db := newSite(t)
	ctx := context.Background()
	var fig domain.Figure
	db.PublicFigureStream(ctx, store.FigureFilter{SeriesSlug: iomSeries}, func(_ domain.Series, f domain.Figure) error {
		fig = f
		return nil
	})
	text := strings.Repeat("Aid agencies at the border said families kept arriving with little more than they could carry.\n\n", 20000) + fig.Excerpt
	if _, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, Status: 200, ContentType: "text/html",
		Body: []byte(text), Text: text, FetchedAt: time.Date(2025, 4, 20, 9, 30, 0, 0, time.UTC)}, domain.CopyLimits{}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 24 {
		wg.Go(func() {
			resp, body := get(t, ts.URL+"/figures/"+fig.ID)
			if resp.StatusCode != 200 || !strings.Contains(body, "Excerpt <strong>found</strong> in the copy of the source saved on 20 Apr 2025") {
				t.Errorf("figure page: %d, without its provenance", resp.StatusCode)
			}
		})
	}
	wg.Wait()
}
