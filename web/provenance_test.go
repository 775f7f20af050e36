package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// A figure's page says whether its excerpt is in the saved copy of its
// source, when it was saved, the copy's hash, and shows the excerpt in its
// paragraph of the copy; before any copy is saved it says the excerpt is
// not yet checked; a copy that dropped the sentence says not found.
func TestFigurePageProvenance(t *testing.T) {
	ts, db := newSite(t)
	ctx := context.Background()
	var fig domain.Figure
	db.PublicFigureStream(ctx, store.FigureFilter{SeriesSlug: iomSeries}, func(_ domain.Series, f domain.Figure) error {
		fig = f
		return nil
	})
	_, body := get(t, ts.URL+"/figures/"+fig.ID)
	mustContain(t, "figure page before a copy", body, "Excerpt not yet checked: no copy of the source has been saved.")

	page := "Pakistan Deputy PM in Kabul\n\nKabul, 20 April. " + strings.ReplaceAll(fig.Excerpt, " a ", "\na ") +
		" The minister met his counterpart.\n\nOther news follows."
	cp, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, FinalURL: fig.Source.URL,
		Status: 200, ContentType: "text/html", Body: []byte("<p>" + page + "</p>"), Text: page}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	_, body = get(t, ts.URL+"/figures/"+fig.ID)
	mustContain(t, "figure page with a copy", body,
		"Excerpt <strong>found</strong> in the copy of the source saved on",
		`<code title="`+cp.SHA256+`">`+cp.SHA256[:12]+"…</code>",
		`<blockquote class="in-copy" dir="auto">Kabul, 20 April. <mark>`,
		"</mark>. The minister met his counterpart.</blockquote>")
	if strings.Contains(body, "Other news follows") {
		t.Error("the page shows more of the copy than the excerpt's paragraph")
	}

	if _, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, Status: 200,
		Body: []byte("moved"), Text: "This page has moved."}, domain.CopyLimits{}); err != nil {
		t.Fatal(err)
	}
	_, body = get(t, ts.URL+"/figures/"+fig.ID)
	mustContain(t, "figure page with a copy that lacks the sentence", body, "Excerpt <strong>not found</strong> in the copy")
	if strings.Contains(body, `class="in-copy"`) {
		t.Error("a not-found excerpt is shown in a paragraph of the copy")
	}
}
