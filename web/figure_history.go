package web

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// publicChange is one step of a figure's published history as the public
// page shows it: when, what was done, by whom (a name, never an email
// address), why, and which fields changed.
type publicChange struct {
	At      time.Time
	What    string
	Who     string
	Reason  string
	Changes []string // "value: 59,561 → 60,000"
}

// historyFields are the snapshot fields a reader cares about, in order.
var historyFields = []struct {
	name string
	get  func(store.FigureSnapshot) any
}{
	{"value", func(s store.FigureSnapshot) any { return s.Value }},
	{"qualifier", func(s store.FigureSnapshot) any { return s.Qualifier }},
	{"value_low", func(s store.FigureSnapshot) any { return s.ValueLow }},
	{"value_high", func(s store.FigureSnapshot) any { return s.ValueHigh }},
	{"value_as_stated", func(s store.FigureSnapshot) any { return s.ValueAsStated }},
	{"period_start", func(s store.FigureSnapshot) any { return s.PeriodStart }},
	{"period_end", func(s store.FigureSnapshot) any { return s.PeriodEnd }},
	{"attributed_to", func(s store.FigureSnapshot) any { return s.AttributedTo }},
	{"source_url", func(s store.FigureSnapshot) any { return s.SourceURL }},
	{"excerpt", func(s store.FigureSnapshot) any { return s.Excerpt }},
	{"series", func(s store.FigureSnapshot) any { return s.Series }},
}

func (s *Server) publicHistory(ctx context.Context, revs []domain.Revision) ([]publicChange, error) {
	names, err := s.db.UserNames(ctx)
	if err != nil {
		return nil, err
	}
	var orgNames map[int64]string // read when a revision changed organisations
	var out []publicChange
	var prev *store.FigureSnapshot
	for _, r := range revs {
		snap, err := store.DecodeFigureSnapshot(r)
		if err != nil {
			return nil, err
		}
		ch := publicChange{At: r.At, What: actionWords(r.Action, prev == nil), Who: actorName(r.Actor, names), Reason: r.Reason}
		if prev != nil && r.Action == domain.ActionApprove && (snap.Mark != prev.Mark || snap.MarkReason != prev.MarkReason) {
			ch.What = markWords(domain.ClaimMark(snap.Mark))
		}
		if prev != nil && r.Action != domain.ActionRetract {
			for _, f := range historyFields {
				if a, b := show(f.get(*prev)), show(f.get(snap)); a != b {
					ch.Changes = append(ch.Changes, fmt.Sprintf("%s: %s → %s", f.name, a, b))
				}
			}
			// Snapshots before organisations were records have none (nil):
			// nothing to compare with.
			if prev.OrgIDs != nil && snap.OrgIDs != nil && !slices.Equal(prev.OrgIDs, snap.OrgIDs) {
				if orgNames == nil {
					if orgNames, err = s.organisationNames(ctx); err != nil {
						return nil, err
					}
				}
				ch.Changes = append(ch.Changes, fmt.Sprintf("organizations: %s → %s", namesOf(prev.OrgIDs, orgNames), namesOf(snap.OrgIDs, orgNames)))
			}
		}
		out = append(out, ch)
		prev = &snap
	}
	return out, nil
}

// organisationNames maps every organisation's id, merged ones too, to its
// name.
func (s *Server) organisationNames(ctx context.Context) (map[int64]string, error) {
	orgs, err := s.db.Organizations(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(orgs))
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	return names, nil
}

// namesOf is "UNHCR; IOM" for ids, or "none".
func namesOf(ids []int64, names map[int64]string) string {
	if len(ids) == 0 {
		return "none"
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = names[id]
	}
	return strings.Join(out, "; ")
}

func actionWords(a domain.Action, first bool) string {
	switch {
	case a == domain.ActionRetract:
		return "Retracted"
	case first && a == domain.ActionImport:
		return "Published (imported)"
	case first:
		return "Approved and published"
	case a == domain.ActionImport:
		return "Corrected (imported)"
	}
	return "Correction approved and published"
}

// markWords is what a revision that changed a claim's mark did.
func markWords(m domain.ClaimMark) string {
	switch m {
	case domain.MarkPreferred:
		return "Marked the preferred claim"
	case domain.MarkDeprecated:
		return "Marked deprecated"
	}
	return "Mark removed"
}

// actorName shows who acted without publishing an email address.
func actorName(actor string, names map[string]string) string {
	switch {
	case strings.Contains(actor, "@"):
		if n := names[strings.ToLower(actor)]; n != "" {
			return n
		}
		return "a staff member"
	case strings.HasPrefix(actor, "system:demo"):
		return "the demo dataset"
	case strings.HasPrefix(actor, "cli:"):
		return "an import on the server"
	}
	return actor
}

func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case *float64:
		if x == nil {
			return "—"
		}
		return domain.FormatNumber(*x)
	case float64:
		return domain.FormatNumber(x)
	case string:
		if x == "" {
			return "—"
		}
		if len(x) > 80 {
			return fmt.Sprintf("%q…", x[:77])
		}
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprint(v)
}
