package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// The import preview says which rows look like figures the tracker holds
// (with a link to each) or like an earlier row of the file, counts them,
// and the import takes them all the same.
func TestImportPreviewWarnsOfHeldFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := hostileSite(t, db, web.Config{}) // the demo data, and staff of every role
		ed := s.signIn(t, domain.RoleEditor)
		const demoURL = "https://techtricks365.com/?p=51775" // a demo figure of 1,000,000 comes from it
		held, err := s.db.SimilarFigures(context.Background(), []store.FigureKey{{SourceURL: demoURL, Value: 1000000}})
		if err != nil || len(held[0]) != 1 {
			t.Fatalf("the demo figure from %s: %v, %v", demoURL, held, err)
		}
		ct, body := uploadForm(t, map[string]string{"figures": importHeader +
			govSeries + ",persons,2025-05-01,1000000,Bloomberg,Bloomberg,Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen," + demoURL + ",A million have gone back.\n" +
			govSeries + ",persons,2025-05-02,77,IOM,IOM,Flash update,https://example.org/flash,77 crossed.\n" +
			govSeries + ",persons,2025-05-03,77,IOM,IOM,Flash update,https://example.org/flash,Another 77 crossed.\n"})
		resp, page := postImport(t, ed, s.URL, ct, body)
		if resp.StatusCode != 200 {
			t.Fatalf("preview: %d\n%s", resp.StatusCode, page)
		}
		mustContain(t, "preview", page, "1 row looks like figures the tracker already holds, and 1 like an earlier row of the file",
			`href="/staff/figures/`+held[0][0].ID+`"`, "same source and value", "Like line 3 of this file", `id="held"`)
		if n := strings.Count(page, `<td data-label="The row">`); n != 2 {
			t.Errorf("%d held rows listed, want 2", n)
		}
		// each row shows its own value and series beside what it is like
		mustContain(t, "held rows", page, "<strong>77</strong>, <span dir=\"auto\">IOM</span>", "<code>"+govSeries+"</code>")
		resp, page = confirmUpload(t, ed, s.URL, previewToken(t, page))
		if resp.StatusCode != 200 || !strings.Contains(page, "Figures: 3 created") {
			t.Errorf("confirm: %d\n%s", resp.StatusCode, page)
		}
	})
}
