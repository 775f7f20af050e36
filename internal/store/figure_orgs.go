package store

// A figure's organisations: the figure_orgs rows that say who its words
// name, and the legacy column figures.attributed_to.

import (
	"context"
	"fmt"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// orgIDs are the ids of refs, in order; never nil, so that a snapshot
// records "no organisation" as [].
func orgIDs(refs []domain.OrgRef) []int64 {
	ids := make([]int64, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return ids
}

// primaryOrg is what the legacy column figures.attributed_to holds (NOT
// NULL since the first schema): the first organisation, or the source's
// publisher when the words name none. Nothing reads it; figure_orgs is
// the attribution.
func primaryOrg(f domain.Figure) int64 {
	if len(f.Orgs) > 0 {
		return f.Orgs[0].ID
	}
	return f.Source.PublisherOrg.ID
}

// insertFigureOrgs records the organisations of f, in order.
func (tx *Tx) insertFigureOrgs(ctx context.Context, f domain.Figure) error {
	for i, o := range f.Orgs {
		if err := tx.rows.insert(ctx, tx, figureOrgsTable, f.ID, o.ID, i); err != nil {
			return fmt.Errorf("store: organisations of figure %s: %w", f.ID, err)
		}
	}
	return nil
}

// figureOrgIDs are the ids of a stored figure's organisations, in order.
func (tx *Tx) figureOrgIDs(ctx context.Context, id string) ([]int64, error) {
	ids := []int64{}
	// Aside: a figure still in the buffer has none here, and the caller
	// then reads it in full, which writes the buffer first.
	err := tx.selectAside(ctx, &ids, "SELECT organization_id FROM figure_orgs WHERE figure_id = ? ORDER BY position", id)
	return ids, err
}
