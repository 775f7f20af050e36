package domain

import "time"

// Evidence is what downloads and the API say of a figure's or an event's
// excerpt (issue 17): its kept check against the latest saved copy of its
// source, and that copy's time and hash. A check of another excerpt (an
// edit since) or of an older copy is not current: Status is then
// ExcerptUnchecked, as it is when the source has no copy.
type Evidence struct {
	Status  ExcerptStatus // "" reads as ExcerptUnchecked
	SavedAt time.Time     // the latest copy's; zero when the source has none
	SHA256  string        // the latest copy's; "" when none
}

// ExcerptStatusOrUnchecked is e's status, ExcerptUnchecked when unset.
func (e Evidence) ExcerptStatusOrUnchecked() ExcerptStatus {
	if e.Status == "" {
		return ExcerptUnchecked
	}
	return e.Status
}

// ExcerptStatuses are the values of excerpt_status in downloads and the
// API, in the order a schema lists them.
var ExcerptStatuses = []ExcerptStatus{ExcerptFound, ExcerptNearlyFound, ExcerptNotFound, ExcerptUnchecked}
