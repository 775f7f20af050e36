package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

const unhcrSlug = "office-of-the-un-high-commissioner-for-refugees"

// orgsHeader is the canonical CSV's header for the rows of orgData.
const orgsHeader = "series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n"

// orgData makes organisations as staff would — UNHCR with aliases and a
// country office, a government with a ministry, a publisher — and
// imports published figures and drafts naming them. Drafts use words
// ("UNHCR (leaked memo)", "Secret Office", "Leaky News") that nothing
// published uses. It returns the organisations by slug.
func orgData(t *testing.T, db *store.DB) map[string]domain.Organization {
	t.Helper()
	ctx := context.Background()
	orgs := map[string]domain.Organization{}
	err := db.InTx(ctx, "test", func(tx *store.Tx) error {
		create := func(o domain.Organization) (domain.Organization, error) {
			o, err := tx.CreateOrganization(ctx, o)
			orgs[o.Slug] = o
			return o, err
		}
		unhcr, err := create(domain.Organization{Name: "Office of the UN High Commissioner for Refugees", Acronym: "UNHCR", Kind: domain.OrgUNAgency,
			URL: "https://www.unhcr.org", Aliases: []string{"the UN refugee agency", "UNHCR (leaked memo)", "UN High Commissioner for Refugees"}})
		if err != nil {
			return err
		}
		if _, err := create(domain.Organization{Name: "UNHCR Sudan", Kind: domain.OrgUNAgency, Country: "SDN", ParentID: unhcr.ID}); err != nil {
			return err
		}
		if _, err := create(domain.Organization{Name: "UNHCR Chad", Kind: domain.OrgUNAgency, Country: "TCD", ParentID: unhcr.ID}); err != nil {
			return err
		}
		gov, err := create(domain.Organization{Name: "Government of Sudan", Kind: domain.OrgGovernment, Country: "SDN"})
		if err != nil {
			return err
		}
		if _, err := create(domain.Organization{Name: "Sudan Ministry of Health", Kind: domain.OrgGovernment, Country: "SDN", ParentID: gov.ID}); err != nil {
			return err
		}
		for _, name := range []string{"Sudan Tribune", "Secret Office", "Leaky News"} {
			if _, err := create(domain.Organization{Name: name, Kind: domain.OrgMedia}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	published := orgsHeader +
		"sdn-refugees,Refugees from Sudan,refugees,stock,persons,SDN,TCD,2024-01-31,500000,UNHCR,Sudan Tribune,Report A,https://example.org/a,500000 refugees.\n" +
		"sdn-refugees,,refugees,stock,persons,SDN,TCD,2024-02-29,520000,the UN refugee agency,Sudan Tribune,Report B,https://example.org/b,520000 refugees.\n" +
		"sdn-refugees,,refugees,stock,persons,SDN,TCD,2024-03-31,530000,UNHCR (post on X),UNHCR,Post,https://example.org/x,530000 refugees.\n" +
		"sdn-idps,IDPs in Sudan,idps,stock,persons,SDN,,2024-03-31,9000000,UNHCR Sudan,Sudan Tribune,Report C,https://example.org/c,9 million.\n" +
		"sdn-deaths,Deaths in Sudan,casualties,stock,deaths,SDN,,2024-03-31,15000,Sudan Ministry of Health,Sudan Tribune,Report D,https://example.org/d,15000 dead.\n"
	drafts := orgsHeader +
		"sdn-refugees,,refugees,stock,persons,SDN,TCD,2024-04-30,999999,UNHCR (leaked memo),Leaky News,Leak,https://example.org/leak,A sentence nobody has checked.\n" +
		"sdn-secret,A secret count,migrants,stock,persons,SDN,,2024-04-30,7,Secret Office,Leaky News,Leak,https://example.org/leak,A sentence nobody has checked.\n" +
		"sdn-idps,,idps,stock,persons,SDN,,2024-04-30,1,UNHCR Chad,Sudan Tribune,Report E,https://example.org/e,1 person.\n"
	for _, f := range []struct {
		csv    string
		status domain.Status
	}{{published, ""}, {drafts, domain.StatusDraft}} {
		if rep, err := importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(f.csv)}, exchange.Options{Status: f.status}); err != nil {
			t.Fatalf("import: %v %v", err, rep.Problems)
		}
	}
	return orgs
}

func TestPublicOrganizations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		orgData(t, db)
		list, err := db.PublicOrganizations(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		type counts struct{ figures, sources, series int }
		got := map[string]counts{}
		var names []string
		for _, o := range list {
			got[o.Org.Slug] = counts{o.FigureCount, o.SourceCount, o.SeriesCount}
			names = append(names, o.Org.Name)
		}
		want := map[string]counts{
			unhcrSlug:                  {3, 1, 1}, // three spellings, one organisation; it published the post
			"unhcr-sudan":              {1, 0, 1},
			"government-of-sudan":      {0, 0, 0}, // the parent of a public ministry
			"sudan-ministry-of-health": {1, 0, 1},
			"sudan-tribune":            {0, 4, 0}, // publisher only
		}
		for slug, w := range want {
			if g, ok := got[slug]; !ok || g != w {
				t.Errorf("%s: %+v (listed %v), want %+v", slug, g, ok, w)
			}
		}
		for slug := range got {
			if _, ok := want[slug]; !ok {
				t.Errorf("%s is listed; only drafts name it", slug)
			}
		}
		if !slices.IsSortedFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
			t.Errorf("not by name: %v", names)
		}
		for _, o := range list {
			if o.Org.Slug == "unhcr-sudan" && o.Parent.Slug != unhcrSlug {
				t.Errorf("UNHCR Sudan's parent is %+v", o.Parent)
			}
		}
	})
}

func TestPublicOrganization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		orgData(t, db)
		ctx := context.Background()
		page, err := db.PublicOrganization(ctx, unhcrSlug)
		if err != nil {
			t.Fatal(err)
		}
		if page.Org.Acronym != "UNHCR" || page.Org.URL != "https://www.unhcr.org" || page.Org.Kind != domain.OrgUNAgency {
			t.Errorf("org %+v", page.Org)
		}
		// The words of published figures that are aliases; not the name,
		// not an alias only a draft used, not one nobody published.
		if want := []string{"the UN refugee agency"}; !slices.Equal(page.Aliases, want) {
			t.Errorf("aliases %q, want %q", page.Aliases, want)
		}
		var words []string
		for _, f := range page.Figures {
			words = append(words, f.Series.Slug+": "+f.Figure.AttributedTo)
		}
		if want := []string{"sdn-refugees: UNHCR", "sdn-refugees: the UN refugee agency", "sdn-refugees: UNHCR (post on X)"}; !slices.Equal(words, want) {
			t.Errorf("figures %q, want %q", words, want)
		}
		var children []string
		for _, c := range page.Children {
			children = append(children, c.Slug)
		}
		if !slices.Equal(children, []string{"unhcr-sudan"}) { // UNHCR Chad has a draft only
			t.Errorf("children %v", children)
		}
		if len(page.Sources) != 1 || page.Sources[0].URL != "https://example.org/x" {
			t.Errorf("sources %+v", page.Sources)
		}
		if len(page.Series) != 1 || page.Series[0].Slug != "sdn-refugees" {
			t.Errorf("series %+v", page.Series)
		}

		pub, err := db.PublicOrganization(ctx, "sudan-tribune")
		if err != nil {
			t.Fatal(err)
		}
		var series []string
		for _, s := range pub.Series {
			series = append(series, s.Slug)
		}
		// A publisher's series are those read in its documents; its
		// draft-only document (Report E) is not among its sources.
		if len(pub.Sources) != 4 || len(pub.Figures) != 0 || !slices.Equal(series, []string{"sdn-deaths", "sdn-idps", "sdn-refugees"}) {
			t.Errorf("Sudan Tribune: %d sources, %d figures, series %v", len(pub.Sources), len(pub.Figures), series)
		}

		gov, err := db.PublicOrganization(ctx, "government-of-sudan")
		if err != nil {
			t.Fatal(err)
		}
		if len(gov.Children) != 1 || gov.Children[0].Slug != "sudan-ministry-of-health" || gov.FigureCount != 0 {
			t.Errorf("government: %+v", gov)
		}

		for _, slug := range []string{"secret-office", "leaky-news", "unhcr-chad", "no-such-org"} {
			if _, err := db.PublicOrganization(ctx, slug); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("%s: err %v, want ENOTFOUND", slug, err)
			}
		}
	})
}

func TestPublicOrganizationTarget(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		orgs := orgData(t, db)
		ctx := context.Background()
		// Two merges: an old record into a second, that one into UNHCR; and
		// one into an organisation only drafts name.
		err := db.InTx(ctx, "test", func(tx *store.Tx) error {
			for _, name := range []string{"UNHCR Geneva", "UNHCR HQ", "Secret Desk"} {
				o, err := tx.CreateOrganization(ctx, domain.Organization{Name: name, Kind: domain.OrgOther})
				if err != nil {
					return err
				}
				orgs[o.Slug] = o
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		merge := func(from, into string) {
			if err := db.ExecForTest(ctx, "UPDATE organizations SET merged_into = ? WHERE slug = ?", orgs[into].ID, from); err != nil {
				t.Fatal(err)
			}
		}
		merge("unhcr-geneva", "unhcr-hq")
		merge("unhcr-hq", unhcrSlug)
		merge("secret-desk", "secret-office")
		for slug, want := range map[string]string{"unhcr-geneva": unhcrSlug, "unhcr-hq": unhcrSlug,
			unhcrSlug: "", "secret-desk": "", "no-such-org": ""} {
			got, err := db.PublicOrganizationTarget(ctx, slug)
			if err != nil || got != want {
				t.Errorf("PublicOrganizationTarget(%s) = %q, %v; want %q", slug, got, err, want)
			}
		}
		if _, err := db.PublicOrganization(ctx, "unhcr-hq"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("a merged organisation's own page: %v", err)
		}
	})
}

// A pending edit of a published figure is not public: its new words and
// organisation stay off the pages until a reviewer approves it.
func TestPublicOrganizationIgnoresPendingEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		orgData(t, db)
		ctx := context.Background()
		page, err := db.PublicOrganization(ctx, unhcrSlug)
		if err != nil {
			t.Fatal(err)
		}
		f, s, err := db.Figure(ctx, page.Figures[0].Figure.ID)
		if err != nil {
			t.Fatal(err)
		}
		f.AttributedTo, f.Orgs = "Secret Office (UNHCR leaked memo)", nil
		if err := db.InTx(ctx, "editor", func(tx *store.Tx) error { return tx.EditFigure(ctx, f.ID, f.Version, s, f) }); err != nil {
			t.Fatal(err)
		}
		after, err := db.PublicOrganization(ctx, unhcrSlug)
		if err != nil {
			t.Fatal(err)
		}
		if after.FigureCount != page.FigureCount || after.Figures[0].Figure.AttributedTo != page.Figures[0].Figure.AttributedTo {
			t.Errorf("a pending edit changed UNHCR's page: %d figures, first %q", after.FigureCount, after.Figures[0].Figure.AttributedTo)
		}
		if _, err := db.PublicOrganization(ctx, "secret-office"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("the organisation of a pending edit is public: %v", err)
		}
	})
}
