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

// The demo's curated organisations: one organisation per producer, every
// spelling an alias, the interior ministry under the government; a second
// load creates none.
func TestLoadDemoOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rep, err := importer.LoadDemo(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.CreatedOrgs) != 16 {
			t.Errorf("created %d organisations, want the 16 of organizations.csv: %v", len(rep.CreatedOrgs), rep.CreatedOrgs)
		}
		byWords := map[string]string{}
		err = db.PublicFigureStream(ctx, store.FigureFilter{}, func(_ domain.Series, f domain.Figure) error {
			if len(f.Orgs) != 1 {
				t.Errorf("%q resolves to %v, want one organisation", f.AttributedTo, f.Orgs)
				return nil
			}
			byWords[f.AttributedTo] = f.Orgs[0].Name
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for words, want := range map[string]string{
			"IOM": "International Organization for Migration", "Pakistani officials": "Government of Pakistan",
			"Pakistan government figures": "Government of Pakistan", "Pakistan government": "Government of Pakistan",
			"Pakistan Interior Minister Sarfraz Bugti":               "Ministry of Interior of Pakistan",
			"Pakistan Minister of State for Interior Talal Chaudhry": "Ministry of Interior of Pakistan",
		} {
			if byWords[words] != want {
				t.Errorf("%q resolves to %q, want %q", words, byWords[words], want)
			}
		}
		gov, err := db.Organization(ctx, "government-of-pakistan")
		if err != nil {
			t.Fatal(err)
		}
		ministry, err := db.Organization(ctx, "ministry-of-interior-of-pakistan")
		if err != nil {
			t.Fatal(err)
		}
		if ministry.ParentID != gov.ID || ministry.Kind != domain.OrgGovernment || ministry.Country != "PAK" {
			t.Errorf("ministry %+v, want a PAK government body under %d", ministry, gov.ID)
		}
		if rep, err = importer.LoadDemo(ctx, db); err != nil || len(rep.CreatedOrgs) != 0 {
			t.Errorf("second load: %v, created %v", err, rep.CreatedOrgs)
		}
	})
}

// An organisations file's problems are reported by line and column, and
// nothing is written.
func TestOrganisationsFileProblems(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	file := "name,acronym,kind,country,parent,url,aliases\n" +
		"Good Org,GO,ngo,,,,\n" +
		"Bad Kind,,charity,,,,\n" +
		"Orphan,,ngo,,Nobody Here,,\n" +
		"Bad Country,,ngo,XXX,,,\n"
	rep, err := importer.Run(ctx, db, "test", importer.Input{Organizations: strings.NewReader(file), OrganizationsName: "orgs.csv"}, exchange.Options{})
	if !errors.Is(err, exchange.ErrRejected) {
		t.Fatalf("err = %v, want rejected", err)
	}
	got := rep.Problems.Error()
	for _, want := range []string{"orgs.csv: line 3, column kind:", "orgs.csv: line 5, column country:"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	orgs, err := db.Organizations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Name == "Good Org" {
			t.Error("a rejected organisations file wrote Good Org")
		}
	}
	// With the bad rows fixed, the parent that names nobody is the problem.
	file = "name,acronym,kind,country,parent,url,aliases\nOrphan,,ngo,,Nobody Here,,\n"
	rep, _ = importer.Run(ctx, db, "test", importer.Input{Organizations: strings.NewReader(file), OrganizationsName: "orgs.csv"}, exchange.Options{})
	if got := rep.Problems.Error(); !strings.Contains(got, `orgs.csv: line 2, column parent: "Nobody Here" names no organisation`) {
		t.Errorf("problems: %s", got)
	}
}
