package importer_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

const namesHeader = "series,series_title,population_group,measure,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n"

func namesRow(end, value, who string) string {
	return "s,Returns,returnees,stock,persons," + end + "," + value + "," + who + ",UNHCR,Update,https://example.org/" + value + ",Counted " + value + ".\n"
}

// Answers are applied in the import's transaction, before its rows: a
// refused import leaves no alias and no organisation behind, and a
// committed one leaves both, so the words resolve from then on.
func TestNamesAreWrittenWithTheImportOrNotAtAll(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UN High Commissioner for Refugees (UNHCR)")
		orgs, err := db.Organizations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		unhcr := orgs[0]
		names := []importer.Name{
			{Words: "UNHCR spokesman Evan Watson (post on X)", OrgID: unhcr.ID},
			{Words: "Sudan Tribune", New: domain.Organization{Name: "Sudan Tribune", Kind: domain.OrgMedia}},
		}
		good := namesHeader + namesRow("2025-01-01", "100", "UNHCR spokesman Evan Watson (post on X)") +
			namesRow("2025-01-02", "200", "Sudan Tribune") + namesRow("2025-01-03", "300", "UNHCR spokesman Evan Watson")
		bad := good + namesRow("2025-13-01", "400", "UNHCR")

		// Without answers: one question per name, the remark aside.
		rep, err := importer.Preview(ctx, db, "test", importer.Input{Figures: strings.NewReader(good), FiguresName: "f.csv"}, exchange.Options{})
		if !errors.Is(err, exchange.ErrRejected) || len(rep.Unresolved) != 2 || len(rep.Problems) != 0 {
			t.Fatalf("no answers: %v, %d names %+v, problems %v", err, len(rep.Unresolved), rep.Unresolved, rep.Problems)
		}
		if u := rep.Unresolved[0]; u.Alias != "UNHCR spokesman Evan Watson" || u.Rows != 2 || u.Closest[0].ID != unhcr.ID {
			t.Errorf("first name %+v", u)
		}

		rep, err = importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(bad), FiguresName: "f.csv", Names: names}, exchange.Options{})
		if !errors.Is(err, exchange.ErrRejected) || len(rep.Unresolved) != 0 || len(rep.Problems) != 1 {
			t.Fatalf("bad file with answers: %v, names %+v, problems %v", err, rep.Unresolved, rep.Problems)
		}
		if o, _ := db.Organization(ctx, unhcr.Slug); len(o.Aliases) != len(unhcr.Aliases) {
			t.Errorf("a refused import left aliases: %q", o.Aliases)
		}
		if _, err := db.Organization(ctx, "sudan-tribune"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("a refused import left an organisation: %v", err)
		}

		rep, err = importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(good), FiguresName: "f.csv", Names: names}, exchange.Options{})
		if err != nil || rep.Figures.Created != 3 {
			t.Fatalf("good file with answers: %v %+v", err, rep)
		}
		if len(rep.CreatedOrgs) != 1 || rep.CreatedOrgs[0].Name != "Sudan Tribune" {
			t.Errorf("created %v", rep.CreatedOrgs)
		}
		// The same words in another file: no question.
		again := namesHeader + namesRow("2025-02-01", "500", "UNHCR spokesman Evan Watson (briefing)") + namesRow("2025-02-02", "600", "sudan tribune")
		if rep, err = importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(again), FiguresName: "g.csv"}, exchange.Options{}); err != nil {
			t.Fatalf("again: %v %+v", err, rep.Unresolved)
		}
	})
}
