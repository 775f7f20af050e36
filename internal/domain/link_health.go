package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// CheckOutcome is what one visit to a source's URL came to (issue 17). The
// first visits save a copy; later visits (revisits) watch the link.
type CheckOutcome string

// Outcomes of a visit, as recorded.
const (
	// Saving a copy.
	OutcomeSaved     CheckOutcome = "saved"     // a new copy was kept
	OutcomeUnchanged CheckOutcome = "unchanged" // the same bytes as the latest copy
	// Revisiting a source that has a copy.
	OutcomeOK      CheckOutcome = "ok"      // the page serves and still holds the excerpts its copy holds
	OutcomeMoved   CheckOutcome = "moved"   // it serves, from another address (a redirect to another URL)
	OutcomeChanged CheckOutcome = "changed" // it serves, but an excerpt found in the copy is no longer on it
	// Either.
	OutcomeGone      CheckOutcome = "gone"      // 404 or 410
	OutcomeThrottled CheckOutcome = "throttled" // 429 or 503: asked to come back later
	OutcomeRefused   CheckOutcome = "refused"   // a URL the fetcher will not fetch (private address, bad scheme)
	OutcomeTooLarge  CheckOutcome = "too_large" // over the fetcher's or the store's limits
	OutcomeFailed    CheckOutcome = "failed"    // anything else: no network, a timeout, another status
)

// CheckOutcomes lists every outcome, in the order above.
var CheckOutcomes = []CheckOutcome{OutcomeSaved, OutcomeUnchanged, OutcomeOK, OutcomeMoved, OutcomeChanged,
	OutcomeGone, OutcomeThrottled, OutcomeRefused, OutcomeTooLarge, OutcomeFailed}

// Transient reports whether the outcome says nothing about the link itself:
// the network, the server's load or our own limits stood in the way.
func (o CheckOutcome) Transient() bool {
	switch o {
	case OutcomeThrottled, OutcomeFailed, OutcomeTooLarge, OutcomeRefused:
		return true
	}
	return false
}

// SourceCheck is one visit to a source's URL: when, its outcome, the HTTP
// status when there was one, and a detail (the copy's hash, the address
// it moved to, the excerpts no longer on the page, or the error).
type SourceCheck struct {
	SourceID  int64        `db:"source_id"`
	CheckedAt time.Time    `db:"checked_at"`
	Outcome   CheckOutcome `db:"outcome"`
	Status    int          `db:"status"`
	Detail    string       `db:"detail"`
}

// LinkState is what the latest telling visit said of a source's link.
type LinkState string

// Link states.
const (
	LinkUnchecked LinkState = ""        // never visited, or only transient outcomes
	LinkOK        LinkState = "ok"      // serves the document
	LinkBroken    LinkState = "broken"  // 404 or 410
	LinkMoved     LinkState = "moved"   // serves it from another address
	LinkChanged   LinkState = "changed" // serves a page that no longer holds an excerpt
)

// LinkHealth is a source's link as its visits tell it.
type LinkHealth struct {
	SourceID int64
	State    LinkState
	// Since is the first visit of the latest unbroken run of the same
	// state ("broken since 3 May 2026"), transient outcomes in between
	// not counting; LastChecked the latest telling visit.
	Since, LastChecked time.Time
	// Detail is the latest telling visit's detail: the address a moved
	// link goes to, the excerpts a changed page dropped.
	Detail string
}

// LinkHealthOf reads a source's link from its visits, newest first.
// Transient outcomes (no network, throttled, refused, too large) are
// skipped: a machine without network does not call every link broken.
func LinkHealthOf(checks []SourceCheck) LinkHealth {
	h := LinkHealth{}
	for _, c := range checks {
		if c.Outcome.Transient() {
			continue
		}
		st := linkState(c.Outcome)
		if h.State == LinkUnchecked && h.LastChecked.IsZero() {
			h = LinkHealth{SourceID: c.SourceID, State: st, Since: c.CheckedAt, LastChecked: c.CheckedAt, Detail: c.Detail}
			continue
		}
		if st != h.State {
			break
		}
		h.Since = c.CheckedAt
	}
	return h
}

func linkState(o CheckOutcome) LinkState {
	switch o {
	case OutcomeGone:
		return LinkBroken
	case OutcomeMoved:
		return LinkMoved
	case OutcomeChanged:
		return LinkChanged
	}
	return LinkOK // saved, unchanged, ok
}

// droppedSuffix ends a changed visit's detail.
const droppedSuffix = " no longer on the page"

// DroppedDetail is the detail of a visit that found excerpts gone from a
// source's page: the published ones named ("figure 12, event 3 no longer
// on the page"), the unpublished ones only counted, since the detail of a
// changed link is shown publicly.
func DroppedDetail(named []string, unpublished int) string {
	parts := slices.Clone(named)
	switch {
	case unpublished == 1:
		parts = append(parts, "an excerpt not yet published")
	case unpublished > 1:
		parts = append(parts, fmt.Sprintf("%d excerpts not yet published", unpublished))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ") + droppedSuffix
}

// DroppedParts splits a DroppedDetail into its parts ("figure 12",
// "2 excerpts not yet published"); nil for any other detail.
func DroppedParts(detail string) []string {
	list, ok := strings.CutSuffix(strings.TrimSpace(detail), droppedSuffix)
	if !ok || list == "" {
		return nil
	}
	return strings.Split(list, ", ")
}

// DroppedItem reads one part of a DroppedDetail as a figure or an event:
// "figure 12" is ("figure", "12", true).
func DroppedItem(part string) (kind, id string, ok bool) {
	kind, id, ok = strings.Cut(part, " ")
	if !ok || (kind != "figure" && kind != "event") || id == "" || strings.Contains(id, " ") {
		return "", "", false
	}
	return kind, id, true
}

// DroppedItems reads back the figures and events a DroppedDetail names:
// "figure 12", "event 3".
func DroppedItems(detail string) []string {
	var out []string
	for _, part := range DroppedParts(detail) {
		if _, _, ok := DroppedItem(part); ok {
			out = append(out, part)
		}
	}
	return out
}
