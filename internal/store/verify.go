package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The hash chain proves that no revision was altered; it says nothing of a
// live row changed by SQL behind the application's back (UPDATE figures
// SET value = …), nor of the newest revisions deleted, which leaves a
// shorter chain that is still valid. VerifyLive closes the first gap: every
// live row must be what its latest revision recorded. The second needs a
// head hash kept outside the database (ChainReport.Head, VerifyChain's
// anchor).

// Mismatch is one live row that its revisions do not account for.
type Mismatch struct {
	Entity, ID string
	// Field is the snapshot field that differs, with both values; empty
	// when Problem says what is wrong with the row as a whole.
	Field, Live, Recorded string
	Problem               string
}

func (m Mismatch) String() string {
	if m.Field == "" {
		return fmt.Sprintf("%s %s: %s", m.Entity, m.ID, m.Problem)
	}
	s := fmt.Sprintf("%s %s: %s is %s in the live row but %s in its latest revision", m.Entity, m.ID, m.Field, m.Live, m.Recorded)
	if m.Problem != "" {
		s += " (" + m.Problem + ")"
	}
	return s
}

// liveRow is a live row as the snapshot the application records of it.
// A figure with a pending edit has two: the published row (live) and the
// edit, which is what its latest revision recorded.
type liveRow struct {
	id         string
	live, edit any
}

// liveKind reads one entity's live rows a page at a time, in id order.
type liveKind struct {
	entity, table string
	intID         bool
	page          func(ctx context.Context, q *sqlx.Tx, after string) ([]liveRow, error)
}

const verifyPage = 500

func liveKinds() []liveKind {
	return []liveKind{
		{"organization", "organizations", true, liveOrganizations},
		{"source", "sources", true, liveSources},
		{"series", "series", true, liveSeries},
		{"figure", "figures", false, liveFigures},
		{"event", "events", false, liveEvents},
	}
}

// VerifyLive compares every live row of every entity that has revisions
// with its latest revision, field by field as typed values, and reports
// each difference, each row without a revision and each entity whose
// revisions outlive its row. All is read in one transaction, so a server
// writing meanwhile causes no false alarm. It returns how many rows it
// checked.
func (db *DB) VerifyLive(ctx context.Context, report func(Mismatch)) (checked int, err error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.read.BeginTxx(ctx, opts)
	if err != nil {
		return 0, fmt.Errorf("store: verify live rows: %w", err)
	}
	defer tx.Rollback()
	for _, k := range liveKinds() {
		n, err := db.verifyKind(ctx, tx, k, report)
		checked += n
		if err != nil {
			return checked, fmt.Errorf("store: verify %s rows: %w", k.entity, err)
		}
	}
	return checked, nil
}

func (db *DB) verifyKind(ctx context.Context, tx *sqlx.Tx, k liveKind, report func(Mismatch)) (int, error) {
	checked, after := 0, ""
	for {
		rows, err := k.page(ctx, tx, after)
		if err != nil {
			return checked, err
		}
		if len(rows) == 0 {
			break
		}
		revs, err := latestRevisions(ctx, tx, k.entity, rows)
		if err != nil {
			return checked, err
		}
		for _, r := range rows {
			checkRow(k.entity, r, revs[r.id], report)
		}
		checked += len(rows)
		after = rows[len(rows)-1].id
	}
	// Revisions of a row that is gone: deleted outside the application,
	// which never deletes these rows.
	cast := "CAST(r.entity_id AS " + map[Dialect]string{SQLite: "INTEGER", Postgres: "BIGINT"}[db.dialect] + ")"
	if !k.intID {
		cast = "r.entity_id"
	}
	var gone []string
	err := on(tx).selectAll(ctx, &gone, `SELECT DISTINCT r.entity_id FROM revisions r WHERE r.entity = ?
		AND NOT EXISTS (SELECT 1 FROM `+k.table+` t WHERE t.id = `+cast+`) ORDER BY r.entity_id`, k.entity)
	for _, id := range gone {
		report(Mismatch{Entity: k.entity, ID: id, Problem: "has revisions but no live row: the row was deleted outside the application"})
	}
	return checked, err
}

// entityRevisions is what a page's check needs of one entity's history:
// the latest revision, and for figures the latest that published it.
type entityRevisions struct {
	latest, published *storedRevision
}

type storedRevision struct {
	Version  int    `db:"version"`
	EntityID string `db:"entity_id"`
	Snapshot string `db:"snapshot"`
}

func latestRevisions(ctx context.Context, tx *sqlx.Tx, entity string, rows []liveRow) (map[string]*entityRevisions, error) {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}
	q, args, err := sqlx.In(`SELECT entity_id, version, snapshot FROM revisions WHERE entity = ? AND entity_id IN (?)
		ORDER BY id`, entity, ids)
	if err != nil {
		return nil, err
	}
	var revs []storedRevision
	if err := on(tx).selectAll(ctx, &revs, q, args...); err != nil {
		return nil, err
	}
	out := map[string]*entityRevisions{}
	for i := range revs {
		r := &revs[i]
		e := out[r.EntityID]
		if e == nil {
			e = &entityRevisions{}
			out[r.EntityID] = e
		}
		e.latest = r
		var st struct {
			Status string `json:"status"`
		}
		if json.Unmarshal([]byte(r.Snapshot), &st) == nil && st.Status == "published" {
			e.published = r
		}
	}
	return out, nil
}

// checkRow reports how a live row differs from its revisions.
func checkRow(entity string, r liveRow, revs *entityRevisions, report func(Mismatch)) {
	if revs == nil {
		report(Mismatch{Entity: entity, ID: r.id, Problem: "has no revision: the row was inserted, or its revisions deleted, outside the application"})
		return
	}
	if r.edit == nil {
		compareSnapshot(entity, r.id, r.live, revs.latest, report)
		return
	}
	// A published figure with a pending edit: the latest revision recorded
	// the edit; the published row is what the last publishing revision
	// recorded, its version bumped to the edit's.
	compareSnapshot(entity, r.id, r.edit, revs.latest, report)
	if revs.published == nil {
		report(Mismatch{Entity: entity, ID: r.id, Problem: "is published but no revision published it"})
		return
	}
	compareSnapshot(entity, r.id, r.live, revs.published, report, "version")
}

// compareSnapshot decodes a revision's snapshot into the type of live and
// compares the two field by field. Fields the stored snapshot does not
// have (written before the field existed) are not compared.
func compareSnapshot(entity, id string, live any, rev *storedRevision, report func(Mismatch), skip ...string) {
	lv := reflect.ValueOf(live)
	recorded := reflect.New(lv.Type())
	var present map[string]json.RawMessage
	if err := json.Unmarshal([]byte(rev.Snapshot), recorded.Interface()); err != nil || json.Unmarshal([]byte(rev.Snapshot), &present) != nil {
		report(Mismatch{Entity: entity, ID: id, Problem: fmt.Sprintf("its latest revision (version %d) does not hold a readable snapshot", rev.Version)})
		return
	}
	rv := recorded.Elem()
	for i := range lv.NumField() {
		name, _, _ := strings.Cut(lv.Type().Field(i).Tag.Get("json"), ",")
		if _, ok := present[name]; !ok || contains(skip, name) {
			continue
		}
		a, b := lv.Field(i).Interface(), rv.Field(i).Interface()
		if reflect.DeepEqual(a, b) || orgNames[name] && strings.EqualFold(a.(string), b.(string)) {
			continue
		}
		m := Mismatch{Entity: entity, ID: id, Field: name, Live: show(lv.Field(i)), Recorded: show(rv.Field(i))}
		if name == "version" && lv.Field(i).Int() > rv.Field(i).Int() {
			m.Problem = "the revisions after version " + strconv.FormatInt(rv.Field(i).Int(), 10) + " were deleted"
		}
		report(m)
	}
}

// orgNames are the snapshot fields that name an organization. The store
// knows an organization by its name whatever the case ("the UN refugee
// agency" is "The UN Refugee Agency"): a revision records the name as the
// row gave it, the live row joins the name as first stored.
var orgNames = map[string]bool{"attributed_to": true, "publisher": true}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// show writes a snapshot value for the report: strings quoted, nil as null.
func show(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "null"
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Float64:
		return domain.FormatPlain(v.Float())
	}
	return fmt.Sprint(v.Interface())
}

func afterInt(after string) int64 {
	n, _ := strconv.ParseInt(after, 10, 64)
	return n
}

func liveOrganizations(ctx context.Context, q *sqlx.Tx, after string) ([]liveRow, error) {
	var rows []orgRow
	err := on(q).selectAll(ctx, &rows, "SELECT "+orgColumns+" FROM organizations WHERE id > ? ORDER BY id LIMIT ?", afterInt(after), verifyPage)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	query, args, err := sqlx.In("SELECT organization_id, alias FROM organization_aliases WHERE organization_id IN (?) ORDER BY id", orgRowIDs(rows))
	if err != nil {
		return nil, err
	}
	var aliases []struct {
		OrgID int64  `db:"organization_id"`
		Alias string `db:"alias"`
	}
	if err := on(q).selectAll(ctx, &aliases, query, args...); err != nil {
		return nil, err
	}
	out := make([]liveRow, len(rows))
	at := map[int64]*domain.Organization{}
	orgs := make([]domain.Organization, len(rows))
	for i, r := range rows {
		orgs[i] = r.domain()
		at[r.ID] = &orgs[i]
	}
	for _, a := range aliases {
		at[a.OrgID].Aliases = append(at[a.OrgID].Aliases, a.Alias)
	}
	for i, o := range orgs {
		out[i] = liveRow{id: strconv.FormatInt(o.ID, 10), live: snapshotOrg(o)}
	}
	return out, nil
}

func orgRowIDs(rows []orgRow) []int64 {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}

func liveSources(ctx context.Context, q *sqlx.Tx, after string) ([]liveRow, error) {
	var rows []sourceRow
	err := on(q).selectAll(ctx, &rows, "SELECT "+sourceColumns+
		" FROM sources s JOIN organizations p ON p.id = s.publisher_id WHERE s.id > ? ORDER BY s.id LIMIT ?", afterInt(after), verifyPage)
	out := make([]liveRow, len(rows))
	for i, r := range rows {
		s, err := r.domain()
		if err != nil {
			return nil, err
		}
		out[i] = liveRow{id: strconv.FormatInt(r.ID, 10), live: snapshotSource(s, r.Version)}
	}
	return out, err
}

func liveSeries(ctx context.Context, q *sqlx.Tx, after string) ([]liveRow, error) {
	var rows []seriesRow
	err := on(q).selectAll(ctx, &rows, "SELECT "+seriesColumns+
		" FROM series WHERE id > ? ORDER BY id LIMIT ?", afterInt(after), verifyPage)
	out := make([]liveRow, len(rows))
	for i, r := range rows {
		out[i] = liveRow{id: strconv.FormatInt(r.ID, 10), live: snapshotSeries(r.domain(), r.Version)}
	}
	return out, err
}

func liveFigures(ctx context.Context, q *sqlx.Tx, after string) ([]liveRow, error) {
	var rows []figureRow
	if err := on(q).selectAll(ctx, &rows, "SELECT "+figureColumns+
		" FROM figure_rows WHERE id > ? ORDER BY id LIMIT ?", after, verifyPage); err != nil || len(rows) == 0 {
		return nil, err
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	query, args, err := sqlx.In(editQuery+" WHERE e.figure_id IN (?)", ids)
	if err != nil {
		return nil, err
	}
	var edits []figureRow
	if err := on(q).selectAll(ctx, &edits, query, args...); err != nil {
		return nil, err
	}
	edit := map[string]any{}
	for _, r := range edits {
		f, err := r.figure()
		if err != nil {
			return nil, err
		}
		if err := editOrgs(ctx, on(q), &f); err != nil {
			return nil, err
		}
		edit[r.ID] = snapshotFigure(f, r.SeriesSlug)
	}
	out := make([]liveRow, len(rows))
	for i, r := range rows {
		f, err := r.figure()
		if err != nil {
			return nil, err
		}
		out[i] = liveRow{id: r.ID, live: snapshotFigure(f, r.SeriesSlug), edit: edit[r.ID]}
	}
	return out, nil
}

func liveEvents(ctx context.Context, q *sqlx.Tx, after string) ([]liveRow, error) {
	var rows []eventRow
	err := on(q).selectAll(ctx, &rows, "SELECT "+eventColumns+
		" FROM event_rows WHERE id > ? ORDER BY id LIMIT ?", after, verifyPage)
	out := make([]liveRow, len(rows))
	for i, r := range rows {
		e, err := r.event()
		if err != nil {
			return nil, err
		}
		out[i] = liveRow{id: r.ID, live: snapshotEvent(e)}
	}
	return out, err
}
