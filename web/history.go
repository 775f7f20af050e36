package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
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
var historyFields = []string{"value", "qualifier", "value_low", "value_high", "value_as_stated", "period_start",
	"period_end", "attributed_to", "source_url", "excerpt", "series"}

func (s *Server) publicHistory(ctx context.Context, revs []domain.Revision) ([]publicChange, error) {
	names, err := s.db.UserNames(ctx)
	if err != nil {
		return nil, err
	}
	var out []publicChange
	var prev map[string]any
	for _, r := range revs {
		var snap map[string]any
		if err := json.Unmarshal(r.Snapshot, &snap); err != nil {
			return nil, fmt.Errorf("revision %d: %w", r.ID, err)
		}
		ch := publicChange{At: r.At, What: actionWords(r.Action, prev == nil), Who: actorName(r.Actor, names), Reason: r.Reason}
		if prev != nil && r.Action != domain.ActionRetract {
			for _, k := range historyFields {
				if a, b := show(prev[k]), show(snap[k]); a != b {
					ch.Changes = append(ch.Changes, fmt.Sprintf("%s: %s → %s", k, a, b))
				}
			}
		}
		out = append(out, ch)
		prev = snap
	}
	return out, nil
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
