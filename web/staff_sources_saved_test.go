package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// The staff sources list says "saved copy" only of a source that has one;
// of the others it says their latest visit, or that none was tried yet.
func TestStaffSourcesListSaysWhichSourcesHaveACopy(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ctx := context.Background()
	var refused, fresh domain.Source
	err := s.db.InTx(ctx, "test", func(tx *store.Tx) error {
		var err error
		if refused, err = tx.CreateSource(ctx, domain.Source{URL: "http://169.254.169.254/zz-saved-test/", Title: "Zzsaved metadata", Publisher: "IOM"}); err != nil {
			return err
		}
		fresh, err = tx.CreateSource(ctx, domain.Source{URL: "https://example.org/zz-saved-test", Title: "Zzsaved new report", Publisher: "IOM"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	recordCheck(t, s.db, refused.ID, time.Date(2026, 5, 3, 6, 0, 0, 0, time.UTC), domain.OutcomeRefused, "a cloud metadata (link-local) address")
	ed := s.signIn(t, domain.RoleEditor)
	_, list := do(t, ed, "GET", s.URL+"/staff/sources?q=Zzsaved", nil)
	if strings.Contains(list, ">saved copy<") {
		t.Errorf("the list says \"saved copy\" of a source with none:\n%s", list)
	}
	mustContain(t, "sources list", list,
		`href="/staff/sources/`+strconv.FormatInt(refused.ID, 10)+`/copy" class="meta">no saved copy — last visit refused: a cloud metadata (link-local) address<`,
		`href="/staff/sources/`+strconv.FormatInt(fresh.ID, 10)+`/copy" class="meta">no saved copy — not yet tried<`)

	fig, _ := publishedIOMFigure(t, s.db)
	_, list = do(t, ed, "GET", s.URL+"/staff/sources?q="+strings.ReplaceAll(fig.Source.Title[:20], " ", "+"), nil)
	mustContain(t, "sources list, a source with a copy", list, `href="/staff/sources/`+strconv.FormatInt(fig.Source.ID, 10)+`/copy">saved copy<`)
}
