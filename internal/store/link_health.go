package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// maxHealthChecks bounds the visits read to tell one source's link health:
// a link broken for longer than this many visits is "broken since" the
// oldest of them, which a revisit schedule puts months back.
const maxHealthChecks = 500

// SourceHealth is a source's link as its latest visits tell it (at most
// maxHealthChecks of them): unchecked when it was never visited or only
// transient outcomes came back.
func (db *DB) SourceHealth(ctx context.Context, sourceID int64) (domain.LinkHealth, error) {
	checks, err := db.SourceChecks(ctx, sourceID, maxHealthChecks)
	if err != nil {
		return domain.LinkHealth{}, err
	}
	h := domain.LinkHealthOf(checks)
	h.SourceID = sourceID
	return h, nil
}

// LinkProblem is a source whose link is broken, moved or changed, with what
// a reviewer needs to judge it: the source, how many figures and events
// cite it, and whether a copy of it is saved.
type LinkProblem struct {
	Health          domain.LinkHealth
	Source          domain.Source
	Figures, Events int // citing it, drafts included
	Copies          int // saved copies
}

// outcomeList is outcomes as an SQL list of string literals (they are the
// domain's constants, never input).
func outcomeList(keep func(domain.CheckOutcome) bool) string {
	var q []string
	for _, o := range domain.CheckOutcomes {
		if keep(o) {
			q = append(q, "'"+string(o)+"'")
		}
	}
	return strings.Join(q, ", ")
}

// LinkProblems lists the sources whose link is broken, moved or changed,
// at most limit, newest problem first (by the day it began). One query
// finds each source's latest telling visit (transient outcomes skipped),
// walking source_checks_by_source backwards from its newest row, and keeps
// the problem ones; each problem source's visits are then read (bounded)
// for the day its problem began, and the newest limit kept. The list reads
// every problem source's visits: problems are few beside sources, and the
// page is for staff.
func (db *DB) LinkProblems(ctx context.Context, limit int) ([]LinkProblem, error) {
	transient := outcomeList(domain.CheckOutcome.Transient)
	problem := outcomeList(func(o domain.CheckOutcome) bool {
		return o == domain.OutcomeGone || o == domain.OutcomeMoved || o == domain.OutcomeChanged
	})
	var ids []int64
	err := db.selectAll(ctx, &ids, `SELECT t.source_id FROM (
			SELECT (SELECT c.id FROM source_checks c WHERE c.source_id = s.id AND c.outcome NOT IN (`+transient+`)
				ORDER BY c.checked_at DESC, c.id DESC LIMIT 1) AS check_id FROM sources s
		) l JOIN source_checks t ON t.id = l.check_id
		WHERE t.outcome IN (`+problem+`)`)
	if err != nil {
		return nil, fmt.Errorf("store: sources with link problems: %w", err)
	}
	healths := make([]domain.LinkHealth, 0, len(ids))
	for _, id := range ids {
		h, err := db.SourceHealth(ctx, id)
		if err != nil {
			return nil, err
		}
		healths = append(healths, h)
	}
	slices.SortStableFunc(healths, func(a, b domain.LinkHealth) int {
		return cmp.Or(b.Since.Compare(a.Since), cmp.Compare(b.SourceID, a.SourceID))
	})
	out := make([]LinkProblem, 0, min(limit, len(healths)))
	for _, h := range healths[:min(limit, len(healths))] {
		p, err := db.linkProblem(ctx, h)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (db *DB) linkProblem(ctx context.Context, h domain.LinkHealth) (LinkProblem, error) {
	id := h.SourceID
	src, err := db.Source(ctx, id)
	if err != nil {
		return LinkProblem{}, err
	}
	p := LinkProblem{Health: h, Source: src}
	var n struct {
		Figures int `db:"figures"`
		Events  int `db:"events"`
		Copies  int `db:"copies"`
	}
	err = db.get(ctx, &n, `SELECT (SELECT count(*) FROM figures WHERE source_id = ?) AS figures,
		(SELECT count(*) FROM events WHERE source_id = ?) AS events,
		(SELECT count(*) FROM source_copies WHERE source_id = ?) AS copies`, id, id, id)
	if err != nil {
		return LinkProblem{}, fmt.Errorf("store: what cites source %d: %w", id, err)
	}
	p.Figures, p.Events, p.Copies = n.Figures, n.Events, n.Copies
	return p, nil
}

// SourceWatermark names the latest saved copy and the latest visit of a
// source: pages that show its copy or its link health, cached by dataset
// version (which neither changes), key their cache with it too.
func (db *DB) SourceWatermark(ctx context.Context, sourceID int64) (string, error) {
	var w struct {
		Copy  *int64 `db:"copy_id"`
		Check *int64 `db:"check_id"`
	}
	err := db.get(ctx, &w, `SELECT
		(SELECT id FROM source_copies WHERE source_id = ? ORDER BY fetched_at DESC, id DESC LIMIT 1) AS copy_id,
		(SELECT id FROM source_checks WHERE source_id = ? ORDER BY checked_at DESC, id DESC LIMIT 1) AS check_id`, sourceID, sourceID)
	if err != nil {
		return "", fmt.Errorf("store: latest copy and visit of source %d: %w", sourceID, err)
	}
	var c, k int64
	if w.Copy != nil {
		c = *w.Copy
	}
	if w.Check != nil {
		k = *w.Check
	}
	return fmt.Sprintf("c%dk%d", c, k), nil
}

// SourceCopyByID returns one saved copy of a source, with its body when
// withBody; ENOTFOUND when the source has no such copy.
func (db *DB) SourceCopyByID(ctx context.Context, sourceID, copyID int64, withBody bool) (domain.SourceCopy, error) {
	cols := copyColumns
	if withBody {
		cols += ", body"
	}
	var r copyRow
	err := db.get(ctx, &r, "SELECT "+cols+" FROM source_copies WHERE source_id = ? AND id = ?", sourceID, copyID)
	if err != nil {
		return domain.SourceCopy{}, notFound(err, "source %d has no saved copy %d", sourceID, copyID)
	}
	return r.copy(), nil
}
