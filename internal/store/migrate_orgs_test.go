package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// The snapshots release 7 recorded, field for field: the migration must
// leave what they say true of the live rows.
type (
	oldOrgSnapshot struct {
		ID      int64  `json:"id"`
		Slug    string `json:"slug"`
		Name    string `json:"name"`
		Acronym string `json:"acronym"`
		Kind    string `json:"kind"`
		URL     string `json:"url"`
		Version int    `json:"version"`
	}
	oldSeriesSnapshot struct {
		ID              int64  `json:"id"`
		Slug            string `json:"slug"`
		Title           string `json:"title"`
		Description     string `json:"description"`
		PopulationGroup string `json:"population_group"`
		Measure         string `json:"measure"`
		Unit            string `json:"unit"`
		FromISO3        string `json:"from_iso3"`
		ToISO3          string `json:"to_iso3"`
		Location        string `json:"location"`
		Version         int    `json:"version"`
	}
	oldSourceSnapshot struct {
		ID          int64  `json:"id"`
		URL         string `json:"url"`
		Title       string `json:"title"`
		Publisher   string `json:"publisher"`
		PublishedOn string `json:"published_on"`
		AccessedOn  string `json:"accessed_on"`
		ArchiveURL  string `json:"archive_url"`
		Licence     string `json:"licence"`
		DocType     string `json:"doc_type"`
		Language    string `json:"language"`
		Notes       string `json:"notes"`
		Version     int    `json:"version"`
	}
	oldFigureSnapshot struct {
		ID            string   `json:"id"`
		Series        string   `json:"series"`
		Value         float64  `json:"value"`
		Qualifier     string   `json:"qualifier"`
		ValueLow      *float64 `json:"value_low"`
		ValueHigh     *float64 `json:"value_high"`
		ValueAsStated string   `json:"value_as_stated"`
		PeriodStart   string   `json:"period_start"`
		PeriodEnd     string   `json:"period_end"`
		AttributedTo  string   `json:"attributed_to"`
		SourceID      int64    `json:"source_id"`
		SourceURL     string   `json:"source_url"`
		Excerpt       string   `json:"excerpt"`
		Locator       string   `json:"locator"`
		Notes         string   `json:"notes"`
		Status        string   `json:"status"`
		StatusReason  string   `json:"status_reason"`
		Version       int      `json:"version"`
		CreatedBy     string   `json:"created_by"`
		UpdatedBy     string   `json:"updated_by"`
	}
)

// oldFigure is a figure as release 7 stored it: attributed to one
// organisation, whose name was the attribution string.
type oldFigure struct {
	id, by, status string
	value          float64
	// recorded is the attribution the revision recorded when it differs
	// from the organisation's name only by case: release 7 found the
	// organisation case-insensitively and the revision kept the row's words.
	recorded string
}

// oldDB writes, by SQL, what release 7 wrote: organisations named by every
// spelling an import met, sources, one series, figures (one with a pending
// edit attributed otherwise), and the revisions of each, chained. It
// returns the organisations' ids by name and the sources' by URL.
type oldDB struct {
	t    *testing.T
	db   *store.DB
	at   time.Time
	prev string
	orgs map[string]int64
	srcs map[string]int64
}

func (o *oldDB) exec(q string, args ...any) {
	o.t.Helper()
	if err := o.db.ExecForTest(context.Background(), q, args...); err != nil {
		o.t.Fatalf("%s: %v", q, err)
	}
}

func (o *oldDB) revise(entity, id string, version int, action domain.Action, reason string, snapshot any) {
	o.t.Helper()
	b, err := json.Marshal(snapshot)
	if err != nil {
		o.t.Fatal(err)
	}
	r := domain.Revision{Entity: entity, EntityID: id, Version: version, Action: action, Actor: "cli:ops", At: o.at, Reason: reason, Snapshot: b}
	hash := store.RevisionHashForTest(o.prev, r)
	o.exec(`INSERT INTO revisions (entity, entity_id, version, action, actor, at, reason, snapshot, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, entity, id, version, string(action), r.Actor, o.at, reason, string(b), o.prev, hash)
	o.prev = hash
}

func (o *oldDB) org(name, slug string) int64 {
	o.t.Helper()
	o.exec("INSERT INTO organizations (slug, name, acronym, kind, url, version, created_at, updated_at) VALUES (?, ?, '', 'other', '', 1, ?, ?)",
		slug, name, o.at, o.at)
	id := o.id("SELECT id FROM organizations WHERE slug = ?", slug)
	o.orgs[name] = id
	o.revise("organization", strconv.FormatInt(id, 10), 1, domain.ActionCreate, "", oldOrgSnapshot{ID: id, Slug: slug, Name: name, Kind: "other", Version: 1})
	return id
}

func (o *oldDB) id(q string, args ...any) int64 {
	o.t.Helper()
	var id int64
	if err := o.db.GetForTest(context.Background(), &id, q, args...); err != nil {
		o.t.Fatalf("%s: %v", q, err)
	}
	return id
}

// oldContentKey is release 7's content key of a figure of series slug
// with no period start, low or high value.
func oldContentKey(slug string, value float64, end, by, url, excerpt string) string {
	parts := []string{slug, domain.FormatPlain(value), "exact", "", "", "", end, strings.ToLower(by), url, excerpt}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x1f")))
	return hex.EncodeToString(sum[:16])
}

const (
	arabicUNHCR = "المفوضية السامية للأمم المتحدة لشؤون اللاجئين"
	oldSeries   = "sdn-tcd-refugees"
	oldEnd      = "2024-06-01"
)

func oldExcerpt(id string) string { return "Figure " + id + ": many people crossed." }

var oldFigures = []oldFigure{
	{id: "f-unhcr", by: "UNHCR", status: "published", value: 100},
	{id: "f-dots", by: "U.N.H.C.R.", status: "published", value: 101},
	{id: "f-remark", by: "UNHCR (Geneva press briefing, A. Jamal)", status: "published", value: 102},
	{id: "f-case", by: "the UN refugee agency", recorded: "The UN Refugee Agency", status: "published", value: 103},
	{id: "f-joint", by: "IOM and UNHCR", status: "published", value: 104},
	{id: "f-not-stated", by: "(not stated)", status: "in_review", value: 105},
	{id: "f-arabic", by: arabicUNHCR, status: "draft", value: 106},
	{id: "f-edit", by: "Pakistani officials", status: "published", value: 107},
}

// The pending edit of f-edit: another value, attributed to an
// organisation no live figure names.
const editBy, editValue = "Pakistan Ministry of Interior", 108.0

func buildRelease7(t *testing.T, db *store.DB) *oldDB {
	ctx := context.Background()
	if n, err := db.MigrateTo(ctx, 7); err != nil || n != 7 {
		t.Fatalf("migrating to 7: %d, %v", n, err)
	}
	o := &oldDB{t: t, db: db, at: time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC), orgs: map[string]int64{}, srcs: map[string]int64{}}
	for i, f := range oldFigures {
		o.org(f.by, "org-"+strconv.Itoa(i))
	}
	o.org(editBy, "org-edit")
	// Publishers are organisations too, one of them also an attribution.
	for _, p := range []struct{ name, url string }{{"Reuters (DT Next)", "https://example.org/reuters"}, {"UNHCR", "https://example.org/unhcr"}} {
		pub, ok := o.orgs[p.name]
		if !ok {
			pub = o.org(p.name, "org-"+domain.Slugify(p.name))
		}
		o.exec("INSERT INTO sources (url, title, publisher_id, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)", p.url, "Report", pub, o.at, o.at)
		id := o.id("SELECT id FROM sources WHERE url = ?", p.url)
		o.srcs[p.url] = id
		o.revise("source", strconv.FormatInt(id, 10), 1, domain.ActionImport, "", oldSourceSnapshot{ID: id, URL: p.url, Title: "Report", Publisher: p.name, Version: 1})
	}
	o.exec(`INSERT INTO series (slug, title, population_group, measure, unit, from_iso3, to_iso3, version, created_at, updated_at)
		VALUES (?, 'Sudanese refugees in Chad', 'refugees', 'stock', 'persons', 'SDN', 'TCD', 1, ?, ?)`, oldSeries, o.at, o.at)
	seriesID := o.id("SELECT id FROM series WHERE slug = ?", oldSeries)
	o.revise("series", strconv.FormatInt(seriesID, 10), 1, domain.ActionImport, "", oldSeriesSnapshot{ID: seriesID, Slug: oldSeries,
		Title: "Sudanese refugees in Chad", PopulationGroup: "refugees", Measure: "stock", Unit: "persons", FromISO3: "SDN", ToISO3: "TCD", Version: 1})
	url := "https://example.org/reuters"
	src := o.srcs[url]
	for _, f := range oldFigures {
		recorded := f.by
		if f.recorded != "" {
			recorded = f.recorded
		}
		var reviewed any
		reviewedBy := ""
		if f.status == "published" {
			reviewed, reviewedBy = o.at, "cli:ops"
		}
		o.exec(`INSERT INTO figures (id, series_id, value, qualifier, period_end, as_of, source_id, attributed_to, excerpt,
			status, content_key, version, created_by, updated_by, created_at, updated_at, reviewed_by, reviewed_at)
			VALUES (?, ?, ?, 'exact', ?, ?, ?, ?, ?, ?, ?, 1, 'cli:ops', 'cli:ops', ?, ?, ?, ?)`,
			f.id, seriesID, f.value, oldEnd, oldEnd, src, o.orgs[f.by], oldExcerpt(f.id), f.status,
			oldContentKey(oldSeries, f.value, oldEnd, recorded, url, oldExcerpt(f.id)), o.at, o.at, reviewedBy, reviewed)
		o.revise("figure", f.id, 1, domain.ActionImport, "", oldFigureSnapshot{ID: f.id, Series: oldSeries, Value: f.value, Qualifier: "exact",
			PeriodEnd: oldEnd, AttributedTo: recorded, SourceID: src, SourceURL: url, Excerpt: oldExcerpt(f.id), Status: f.status,
			Version: 1, CreatedBy: "cli:ops", UpdatedBy: "cli:ops"})
	}
	// The pending edit of a published figure, as saveEdit wrote it.
	o.exec(`INSERT INTO figure_edits (figure_id, series_id, value, qualifier, period_end, source_id, attributed_to, excerpt,
		status, created_by, updated_by, created_at, updated_at) VALUES ('f-edit', ?, ?, 'exact', ?, ?, ?, ?, 'draft', 'ed@example.org', 'ed@example.org', ?, ?)`,
		seriesID, editValue, oldEnd, src, o.orgs[editBy], oldExcerpt("f-edit"), o.at, o.at)
	o.exec("UPDATE figures SET version = 2 WHERE id = 'f-edit'")
	o.revise("figure", "f-edit", 2, domain.ActionUpdate, "pending review of a published figure", oldFigureSnapshot{ID: "f-edit", Series: oldSeries,
		Value: editValue, Qualifier: "exact", PeriodEnd: oldEnd, AttributedTo: editBy, SourceID: src, SourceURL: url, Excerpt: oldExcerpt("f-edit"),
		Status: "draft", Version: 2, CreatedBy: "cli:ops", UpdatedBy: "ed@example.org"})
	return o
}

// TestMigrateOrganisationsInPlace upgrades a database that release 7 wrote
// (issue 14, item 8): every attribution string stays its own organisation
// and becomes its alias, every figure and pending edit points at its
// organisation and keeps the string as its words, nothing is merged, the
// revisions still account for every live row, and a second Migrate does
// nothing.
func TestMigrateOrganisationsInPlace(t *testing.T) {
	for _, dialect := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteDSN}, {"postgres", storetest.PostgresDSN}} {
		t.Run(dialect.name, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, dialect.dsn(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			old := buildRelease7(t, db)

			if n, err := db.Migrate(ctx); err != nil || n < 1 { // 8, and the ones after it
				t.Fatalf("Migrate: %d, %v; want migration 8 applied", n, err)
			}

			// One organisation per old string, none merged, none new; each
			// has its string as an alias, with the key filled.
			orgs, err := db.Organizations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(orgs) != len(old.orgs) {
				t.Errorf("%d organisations after the migration, want the %d there were", len(orgs), len(old.orgs))
			}
			for _, o := range orgs {
				if old.orgs[o.Name] != o.ID || o.MergedInto != 0 || !slices.Equal(o.Aliases, []string{o.Name}) {
					t.Errorf("organisation %d %q: merged into %d, aliases %q; want itself as before, its name its one alias", o.ID, o.Name, o.MergedInto, o.Aliases)
				}
			}
			var blank int
			if err := db.GetForTest(ctx, &blank, "SELECT count(*) FROM organization_aliases WHERE key = ''"); err != nil || blank != 0 {
				t.Errorf("%d aliases without a key (%v)", blank, err)
			}
			for name, id := range old.orgs {
				var key string
				if err := db.GetForTest(ctx, &key, "SELECT key FROM organization_aliases WHERE organization_id = ? AND alias = ?", id, name); err != nil || key != domain.OrgKey(name) {
					t.Errorf("alias %q has key %q (%v), want %q", name, key, err, domain.OrgKey(name))
				}
			}

			// Every figure names its organisation, with the old string as
			// its words; reads fill Orgs. Words that name nobody ("(not
			// stated)") keep their words and name no organisation, as such
			// words entered today do.
			for _, f := range oldFigures {
				got, _, err := db.Figure(ctx, f.id)
				if err != nil {
					t.Fatalf("%s: %v", f.id, err)
				}
				if domain.NotStated(f.by) {
					if got.AttributedTo != f.by || len(got.Orgs) != 0 {
						t.Errorf("%s: words %q, organisations %+v; want %q and none", f.id, got.AttributedTo, got.Orgs, f.by)
					}
					continue
				}
				want := []domain.OrgRef{{ID: old.orgs[f.by], Slug: got.Orgs[0].Slug, Name: f.by}}
				if got.AttributedTo != f.by || !slices.Equal(got.Orgs, want) || !strings.HasPrefix(want[0].Slug, "org-") {
					t.Errorf("%s: words %q, organisations %+v; want %q and organisation %d", f.id, got.AttributedTo, got.Orgs, f.by, old.orgs[f.by])
				}
				if f.status != "published" {
					continue
				}
				pub, _, err := db.PublicFigure(ctx, f.id)
				if err != nil || len(pub.Orgs) != 1 || pub.Orgs[0].ID != old.orgs[f.by] || pub.Source.PublisherOrg.ID != old.orgs["Reuters (DT Next)"] {
					t.Errorf("public %s: organisations %+v, publisher %+v, %v", f.id, pub.Orgs, pub.Source.PublisherOrg, err)
				}
			}
			edit, _, found, err := db.PendingEdit(ctx, "f-edit")
			if err != nil || !found || edit.Value != editValue || edit.AttributedTo != editBy ||
				len(edit.Orgs) != 1 || edit.Orgs[0].ID != old.orgs[editBy] {
				t.Errorf("pending edit: %v %v, words %q, organisations %+v; want %q alone", found, err, edit.AttributedTo, edit.Orgs, editBy)
			}
			src, err := db.Source(ctx, old.srcs["https://example.org/unhcr"])
			if err != nil || src.Publisher != "UNHCR" || src.PublisherOrg.ID != old.orgs["UNHCR"] {
				t.Errorf("source published by UNHCR: %q %+v, %v", src.Publisher, src.PublisherOrg, err)
			}

			// What release 7 recorded still accounts for every live row.
			var mismatches []string
			checked, err := db.VerifyLive(ctx, func(m store.Mismatch) { mismatches = append(mismatches, m.String()) })
			if err != nil || len(mismatches) > 0 || checked == 0 {
				t.Errorf("VerifyLive after the migration: %d checked, %v\n%s", checked, err, strings.Join(mismatches, "\n"))
			}
			if _, unchained, err := db.VerifyRevisions(ctx); err != nil || unchained != 0 {
				t.Errorf("revision chain after the migration: %d unchained, %v", unchained, err)
			}

			// Words resolve to the organisation they were, also when two old
			// strings fold to one key ("UNHCR", "U.N.H.C.R."): those stay two
			// organisations until a person merges them, and other words with
			// that key are a question, not a guess.
			err = db.InTx(ctx, "test", func(tx *store.Tx) error {
				for words, want := range map[string]string{
					"UNHCR (Geneva press briefing, A. Jamal)": "UNHCR (Geneva press briefing, A. Jamal)",
					"unhcr (geneva press briefing a jamal)":   "UNHCR (Geneva press briefing, A. Jamal)",
					arabicUNHCR:                               arabicUNHCR,
					"IOM and UNHCR":                           "IOM and UNHCR",
					"the UN refugee agency":                   "the UN refugee agency",
					"UNHCR":                                   "UNHCR",
					"unhcr":                                   "UNHCR", // release 7 found names case aside
					"U.N.H.C.R.":                              "U.N.H.C.R.",
				} {
					r, err := tx.ResolveAttribution(ctx, words)
					if err != nil {
						return err
					}
					if r.Unresolved || !slices.Equal(r.IDs, []int64{old.orgs[want]}) {
						t.Errorf("%q resolves to %+v, want organisation %d (%s)", words, r, old.orgs[want], want)
					}
				}
				r, err := tx.ResolveAttribution(ctx, "Unhcr.")
				if err != nil {
					return err
				}
				slices.Sort(r.Candidates)
				want := []int64{old.orgs["UNHCR"], old.orgs["U.N.H.C.R."]}
				slices.Sort(want)
				if !r.Unresolved || !slices.Equal(r.Candidates, want) {
					t.Errorf(`"Unhcr." resolves to %+v; want a question between "UNHCR" and "U.N.H.C.R."`, r)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}

			// The rows that release 7 imported import again unchanged, with
			// the words they had.
			revs, _ := db.CountRevisions(ctx)
			err = db.InTx(ctx, "cli:ops", func(tx *store.Tx) error {
				s, err := tx.EnsureSeries(ctx, domain.Series{Slug: oldSeries, Unit: "persons"}, domain.ActionImport, true)
				if err != nil {
					return err
				}
				for _, of := range oldFigures {
					if of.status != "published" {
						continue
					}
					words := of.by
					if of.recorded != "" {
						words = of.recorded
					}
					f := domain.Figure{Value: of.value, Qualifier: domain.Exact, PeriodEnd: domain.MustDate(oldEnd), AttributedTo: words,
						Excerpt: oldExcerpt(of.id), Source: domain.Source{Title: "Report", Publisher: "Reuters (DT Next)", URL: "https://example.org/reuters"}}
					outcome, id, err := tx.ImportFigure(ctx, s, f, domain.StatusPublished)
					if err != nil {
						return fmt.Errorf("re-import of %s: %w", of.id, err)
					}
					if outcome != domain.Unchanged || id != of.id {
						t.Errorf("re-import of %s: outcome %v, id %q; want it unchanged", of.id, outcome, id)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := db.CountRevisions(ctx); n != revs {
				t.Errorf("the unchanged re-import wrote %d revisions", n-revs)
			}

			if n, err := db.Migrate(ctx); err != nil || n != 0 {
				t.Errorf("second Migrate: %d, %v; want nothing applied", n, err)
			}
		})
	}
}
