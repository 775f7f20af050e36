package domain

import "strings"

// The review workflow of figures and events (and of what comes next under
// review), stated once. The store enforces it through Step; web offers the
// buttons that Choose allows and guards each action's route with
// NeededRole.
//
//	draft --submit--> in_review --approve--> published --retract--> retracted
//	                  in_review --reject---> draft

// Entry is what the workflow reads of a figure, an event or anything else
// that goes through review.
type Entry struct {
	Kind      string // "figure", "event": how messages name it
	Status    Status
	CreatedBy string
	UpdatedBy string
	// Change is a pending change to a published entry, itself in review
	// (its CreatedBy is the entry's): nil when there is none.
	Change *Entry
}

// WithChange returns e with change pending.
func (e Entry) WithChange(change Entry) Entry {
	e.Change = &change
	return e
}

// ActsOnChange reports whether action, taken on entry, acts on its pending
// change: submit, approve and reject do; retract takes the published entry
// down, and the change with it.
func (e Entry) ActsOnChange(action Action) bool {
	return e.Change != nil && action != ActionRetract
}

// target is what action acts on: entry or its pending change.
func (e Entry) target(action Action) Entry {
	if e.ActsOnChange(action) {
		return *e.Change
	}
	return e
}

// Entry returns what the workflow reads of f.
func (f *Figure) Entry() Entry {
	return Entry{Kind: "figure", Status: f.Status, CreatedBy: f.CreatedBy, UpdatedBy: f.UpdatedBy}
}

// Entry returns what the workflow reads of e.
func (e *Event) Entry() Entry {
	return Entry{Kind: "event", Status: e.Status, CreatedBy: e.CreatedBy, UpdatedBy: e.UpdatedBy}
}

// step is one arrow of the workflow.
type step struct {
	action   Action
	from, to Status
	role     Role // the least role that may take it
	reason   bool // it must say why
	fourEyes bool // never by whoever entered or last changed the entry
}

var steps = []step{
	{action: ActionSubmit, from: StatusDraft, to: StatusInReview, role: RoleEditor},
	{action: ActionApprove, from: StatusInReview, to: StatusPublished, role: RoleReviewer, fourEyes: true},
	{action: ActionReject, from: StatusInReview, to: StatusDraft, role: RoleReviewer, reason: true},
	{action: ActionRetract, from: StatusPublished, to: StatusRetracted, role: RoleAdmin, reason: true},
}

func stepOf(action Action) (step, bool) {
	for _, s := range steps {
		if s.action == action {
			return s, true
		}
	}
	return step{}, false
}

// NeededRole is the least role that may take action ("" for an action that
// is not a workflow step). Web checks it at the route; the store does not,
// because the command line acts as an operator who holds the database.
func NeededRole(action Action) Role {
	s, _ := stepOf(action)
	return s.role
}

// Step returns the status entry moves to when actor takes action, giving
// reason (the status of its pending change when the action acts on that),
// or the error to show them: EINVALID on the reason field when a
// reject or retract does not say why, ECONFLICT when the entry's status does
// not allow the action, and EFORBIDDEN (or EUNAUTHORIZED) when the
// four-eyes rule keeps actor from approving it.
//
// actor is the acting account as the store has it, with the setters that
// are not staff accounts left blank (see CheckApprover).
func Step(entry Entry, actor User, action Action, reason string) (Status, error) {
	entry = entry.target(action)
	s, ok := stepOf(action)
	if s.reason && reason == "" {
		return entry.Status, FieldErrorf(EINVALID, "reason", "is required: say why")
	}
	if !ok || entry.Status != s.from {
		return entry.Status, Errorf(ECONFLICT, "cannot %s %s that is %s", action, an(entry.Kind), words(entry.Status))
	}
	if s.fourEyes {
		if err := CheckApprover(entry, actor); err != nil {
			return entry.Status, err
		}
	}
	return s.to, nil
}

func words(s Status) string {
	if s == StatusInReview {
		return "in review"
	}
	return string(s)
}

// CheckApprover is the four-eyes rule: nobody approves what they entered or
// last changed, nor with an account that the entry's author created or last
// changed — an admin could otherwise make a second account and approve
// their own entry with it. It returns EFORBIDDEN, or EUNAUTHORIZED when
// nobody is signed in.
//
// The approver's CreatedBy and ChangedBy must name staff accounts (the
// store leaves the others blank): an operator at the command line holds the
// database itself, so four eyes cannot be asked of them, and the accounts
// they made must be able to review what they imported.
func CheckApprover(entry Entry, approver User) error {
	actor := approver.Actor()
	if actor == "" {
		return Errorf(EUNAUTHORIZED, "sign in to approve")
	}
	if actor == entry.CreatedBy || actor == entry.UpdatedBy {
		return Errorf(EFORBIDDEN, "you entered or last changed this %s; another reviewer must approve it", entry.Kind)
	}
	for _, by := range []struct{ who, did string }{{approver.CreatedBy, "created"}, {approver.ChangedBy, "last changed"}} {
		if by.who != "" && (strings.EqualFold(by.who, entry.CreatedBy) || strings.EqualFold(by.who, entry.UpdatedBy)) {
			return Errorf(EFORBIDDEN, "your account was %s by %s, who entered or last changed this %s; a reviewer whose account they did not set up must approve it",
				by.did, by.who, entry.Kind)
		}
	}
	return nil
}

// Choices are the workflow actions a user may take on an entry now: the
// buttons its staff page offers.
type Choices struct {
	Edit   bool // anything but a retracted entry can be changed
	Submit bool
	// Review is approve and send back, offered together to a reviewer who
	// may approve. Step does not refuse sending back one's own entry (it
	// only returns it to draft), but it is not offered.
	Review  bool
	Retract bool
	// OwnEntry says that the entry waits for review and the four-eyes rule
	// keeps the user from approving it.
	OwnEntry bool
}

// Choose returns the actions u may take on entry: those whose status and
// role fit, and approval only as the four-eyes rule allows. Like Step, it
// wants u as the store has it (see CheckApprover).
func Choose(entry Entry, u User) Choices {
	may := func(a Action) bool {
		s, _ := stepOf(a)
		return entry.target(a).Status == s.from && u.Role.AtLeast(s.role)
	}
	review := entry.target(ActionApprove)
	inReview := review.Status == StatusInReview
	fourEyes := CheckApprover(review, u) == nil
	return Choices{
		Edit:     entry.Status != StatusRetracted && u.Role.AtLeast(RoleEditor),
		Submit:   may(ActionSubmit),
		Review:   may(ActionApprove) && fourEyes,
		Retract:  may(ActionRetract),
		OwnEntry: inReview && !fourEyes,
	}
}

// an is kind with its article: "a figure", "an event".
func an(kind string) string {
	if kind == "" {
		kind = "item"
	}
	if strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}
