package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

func TestSourcePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := browseSite(t, db)
		ctx := context.Background()
		id := sourceIDOf(t, db, bloombergURL)
		resp, body := get(t, ts.URL+"/sources/"+id)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		mustContain(t, "source page", body,
			`<h1 dir="auto">Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen</h1>`,
			`<a href="`+bloombergURL+`" rel="noopener noreferrer">`,
			`<dt>Publisher</dt><dd><a href="/organisations/bloomberg" dir="auto">Bloomberg</a> · <a href="/?publisher=Bloomberg">`,
			"<dt>Published</dt><dd>20 Apr 2025</dd>",
			`<a href="/series/`+iomSeries+`" dir="auto">`, `<a href="/series/`+deathsSeries+`" dir="auto">`,
			"2 published figures in 2 series",
			"Deadline for undocumented Afghans to leave Pakistan") // an event citing it
		// Every published figure read from it links its permalink, and no draft.
		n := 0
		err := db.PublicFigureStream(ctx, store.FigureFilter{}, func(_ domain.Series, f domain.Figure) error {
			if strconv.FormatInt(f.Source.ID, 10) == id {
				n++
				mustContain(t, "source page", body, `<a href="/figures/`+f.ID+`">`)
			}
			return nil
		})
		if err != nil || n != 2 {
			t.Errorf("%d published figures cite the source (%v), want 2", n, err)
		}
		if strings.Contains(body, "999,999") || strings.Contains(body, "Secret Office") {
			t.Error("the source page shows a draft read from it")
		}
		// Unknown, malformed, and cited by drafts only: not found.
		for _, path := range []string{"/sources/999999", "/sources/abc", "/sources/-1", "/sources/" + sourceIDOf(t, db, leakURL)} {
			resp, body := get(t, ts.URL+path)
			if resp.StatusCode != 404 || !strings.Contains(body, "<h1>Not found</h1>") {
				t.Errorf("%s: status %d", path, resp.StatusCode)
			}
			if strings.Contains(body, "Leak") {
				t.Errorf("%s tells of the draft's source", path)
			}
		}
		if resp, _ := get(t, ts.URL+"/sources/"+id+"?x=1"); resp.StatusCode != 400 {
			t.Errorf("unknown parameter: %d", resp.StatusCode)
		}
	})
}
