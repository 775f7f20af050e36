package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

type orgSnapshot struct {
	ID      int64  `json:"id"`
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Acronym string `json:"acronym"`
	Kind    string `json:"kind"`
	URL     string `json:"url"`
	Version int    `json:"version"`
}

// EnsureOrganization returns the id of the organization called name (case
// does not matter), creating it, with kind "other", when there is none.
func (tx *Tx) EnsureOrganization(ctx context.Context, name string) (int64, error) {
	name = strings.TrimSpace(name)
	key := strings.ToLower(name)
	if id, ok := tx.orgs[key]; ok {
		return id, nil
	}
	var id int64
	// Aside here and below: organizations are never buffered, and need no
	// buffered row (batch.go).
	err := tx.getAside(ctx, &id, "SELECT id FROM organizations WHERE lower(name) = lower(?)", name)
	if errors.Is(err, sql.ErrNoRows) {
		id, err = tx.createOrganization(ctx, domain.Organization{Name: name, Kind: domain.OrgOther})
	}
	if err != nil {
		return 0, fmt.Errorf("store: organization %q: %w", name, err)
	}
	tx.orgs[key] = id
	return id, nil
}

func (tx *Tx) createOrganization(ctx context.Context, o domain.Organization) (int64, error) {
	if err := o.Validate(); err != nil {
		return 0, err
	}
	slug, err := tx.freeOrgSlug(ctx, domain.Slugify(o.Name))
	if err != nil {
		return 0, err
	}
	id, err := tx.insertIDAside(ctx, `INSERT INTO organizations (slug, name, acronym, kind, url, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?)`, slug, o.Name, o.Acronym, string(o.Kind), o.URL, tx.now, tx.now)
	if err != nil {
		return 0, err
	}
	snap := orgSnapshot{ID: id, Slug: slug, Name: o.Name, Acronym: o.Acronym, Kind: string(o.Kind), URL: o.URL, Version: 1}
	return id, tx.appendRevision(ctx, "organization", strconv.FormatInt(id, 10), 1, domain.ActionCreate, "", snap)
}

// freeOrgSlug returns base, or base-2, base-3, … when base is taken.
func (tx *Tx) freeOrgSlug(ctx context.Context, base string) (string, error) {
	slug := base
	for i := 2; ; i++ {
		var n int
		if err := tx.getAside(ctx, &n, "SELECT count(*) FROM organizations WHERE slug = ?", slug); err != nil {
			return "", err
		}
		if n == 0 {
			return slug, nil
		}
		slug = base + "-" + strconv.Itoa(i)
	}
}
