package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/displacement-tracker/tracker/internal/domain"
)

type seriesRow struct {
	ID              int64  `db:"id"`
	Slug            string `db:"slug"`
	Title           string `db:"title"`
	Description     string `db:"description"`
	PopulationGroup string `db:"population_group"`
	Measure         string `db:"measure"`
	Unit            string `db:"unit"`
	FromISO3        string `db:"from_iso3"`
	ToISO3          string `db:"to_iso3"`
	Location        string `db:"location"`
	Version         int    `db:"version"`
}

const seriesColumns = `id, slug, title, description, population_group, measure, unit, from_iso3, to_iso3, location, version`

func (r seriesRow) domain() domain.Series {
	return domain.Series{ID: r.ID, Slug: r.Slug, Title: r.Title, Description: r.Description,
		PopulationGroup: domain.PopulationGroup(r.PopulationGroup), Measure: domain.Measure(r.Measure),
		Unit: domain.Unit(r.Unit), FromISO3: r.FromISO3, ToISO3: r.ToISO3, Location: r.Location}
}

type seriesSnapshot struct {
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

func snapshotSeries(s domain.Series, version int) seriesSnapshot {
	return seriesSnapshot{ID: s.ID, Slug: s.Slug, Title: s.Title, Description: s.Description,
		PopulationGroup: string(s.PopulationGroup), Measure: string(s.Measure), Unit: string(s.Unit),
		FromISO3: s.FromISO3, ToISO3: s.ToISO3, Location: s.Location, Version: version}
}

// EnsureSeries returns the stored series with s.Slug, creating it from s when
// there is none (then every required field must be given). For an existing
// series, the fields s gives must agree with it: a row cannot change what a
// series counts (unit, measure, population group, direction). A different
// title is an update with a revision — once per transaction; two rows giving
// two titles disagree and that is an error.
//
// A series title is public: only when mayChange (an import that publishes
// directly) may a row retitle it; otherwise a different title is a conflict.
func (tx *Tx) EnsureSeries(ctx context.Context, s domain.Series, action domain.Action, mayChange bool) (domain.Series, error) {
	stored, cached := tx.series[s.Slug]
	version := 0
	if !cached {
		var row seriesRow
		// Aside here and below: series are never buffered, and need no
		// buffered row (batch.go).
		err := tx.getAside(ctx, &row, "SELECT "+seriesColumns+" FROM series WHERE slug = ?", s.Slug)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return tx.createSeries(ctx, s, action)
		case err != nil:
			return domain.Series{}, fmt.Errorf("store: series %s: %w", s.Slug, err)
		}
		d := row.domain()
		stored, version = &d, row.Version
		tx.series[s.Slug] = stored
	}
	if err := agrees(*stored, s); err != nil {
		return domain.Series{}, err
	}
	if s.Title == "" || s.Title == stored.Title {
		return *stored, nil
	}
	if cached {
		return domain.Series{}, domain.FieldErrorf(domain.EINVALID, "series_title",
			"%q differs from %q, given earlier for series %s", s.Title, stored.Title, s.Slug)
	}
	if !mayChange {
		return domain.Series{}, domain.FieldErrorf(domain.ECONFLICT, "series_title",
			"%q differs from the title of series %s, %q; leave it out or use that title", s.Title, s.Slug, stored.Title)
	}
	return tx.retitleSeries(ctx, *stored, s.Title, version+1, action)
}

// agrees checks the fields a row gives against the stored series.
func agrees(stored, s domain.Series) error {
	var p domain.Problems
	check := func(field, given, have string) {
		if given != "" && given != have {
			p.Add(field, "%q does not match series %s, which has %q", given, stored.Slug, have)
		}
	}
	check("population_group", string(s.PopulationGroup), string(stored.PopulationGroup))
	check("measure", string(s.Measure), string(stored.Measure))
	check("unit", string(s.Unit), string(stored.Unit))
	check("from_iso3", s.FromISO3, stored.FromISO3)
	check("to_iso3", s.ToISO3, stored.ToISO3)
	return p.Err()
}

func (tx *Tx) createSeries(ctx context.Context, s domain.Series, action domain.Action) (domain.Series, error) {
	if err := s.Validate(); err != nil {
		return domain.Series{}, err
	}
	id, err := tx.insertIDAside(ctx, `INSERT INTO series (slug, title, description, population_group, measure, unit,
		from_iso3, to_iso3, location, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		s.Slug, s.Title, s.Description, string(s.PopulationGroup), string(s.Measure), string(s.Unit),
		s.FromISO3, s.ToISO3, s.Location, tx.now, tx.now)
	if err != nil {
		return domain.Series{}, fmt.Errorf("store: create series %s: %w", s.Slug, err)
	}
	s.ID = id
	if err := tx.appendRevision(ctx, "series", strconv.FormatInt(id, 10), 1, action, "", snapshotSeries(s, 1)); err != nil {
		return domain.Series{}, err
	}
	tx.series[s.Slug] = &s
	return s, nil
}

func (tx *Tx) retitleSeries(ctx context.Context, s domain.Series, title string, version int, action domain.Action) (domain.Series, error) {
	s.Title = title
	if err := s.Validate(); err != nil {
		return domain.Series{}, err
	}
	if _, err := tx.execAside(ctx, "UPDATE series SET title = ?, version = ?, updated_at = ? WHERE id = ?", title, version, tx.now, s.ID); err != nil {
		return domain.Series{}, fmt.Errorf("store: update series %s: %w", s.Slug, err)
	}
	if err := tx.appendRevision(ctx, "series", strconv.FormatInt(s.ID, 10), version, action, "", snapshotSeries(s, version)); err != nil {
		return domain.Series{}, err
	}
	tx.series[s.Slug] = &s
	return s, tx.bumpDatasetVersion(ctx)
}

// SeriesBySlug returns one series; ENOTFOUND when there is none.
func (db *DB) SeriesBySlug(ctx context.Context, slug string) (domain.Series, error) {
	var row seriesRow
	if err := db.get(ctx, &row, "SELECT "+seriesColumns+" FROM series WHERE slug = ?", slug); err != nil {
		return domain.Series{}, notFound(err, "no series %q", slug)
	}
	return row.domain(), nil
}

// CreateSeries adds a new series from the staff form; a slug in use is
// ECONFLICT on the series field.
func (tx *Tx) CreateSeries(ctx context.Context, s domain.Series) (domain.Series, error) {
	var n int
	if err := tx.get(ctx, &n, "SELECT count(*) FROM series WHERE slug = ?", s.Slug); err != nil {
		return domain.Series{}, fmt.Errorf("store: series %s: %w", s.Slug, err)
	}
	if n > 0 {
		return domain.Series{}, domain.FieldErrorf(domain.ECONFLICT, "series", "%q is taken by another series", s.Slug)
	}
	return tx.createSeries(ctx, s, domain.ActionCreate)
}
