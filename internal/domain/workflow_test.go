package domain_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// transitions is the workflow written out: for each status and action, the
// status it leads to, or "" when the status does not allow it.
var transitions = map[domain.Status]map[domain.Action]domain.Status{
	domain.StatusDraft:     {domain.ActionSubmit: domain.StatusInReview},
	domain.StatusInReview:  {domain.ActionApprove: domain.StatusPublished, domain.ActionReject: domain.StatusDraft},
	domain.StatusPublished: {domain.ActionRetract: domain.StatusRetracted},
	domain.StatusRetracted: {},
}

var workflowActions = []domain.Action{domain.ActionSubmit, domain.ActionApprove, domain.ActionReject, domain.ActionRetract}

// TestStep takes every action in every status, as every role, as the
// entry's author or another, with and without a reason. The role never
// matters to Step (routes check it); a missing reason is reported before a
// wrong status, and the four-eyes rule after it.
func TestStep(t *testing.T) {
	for _, kind := range []string{"figure", "event"} {
		for _, from := range domain.Statuses {
			for _, action := range workflowActions {
				for _, role := range domain.Roles {
					for _, own := range []bool{false, true} {
						for _, reason := range []string{"", "Which page?"} {
							name := fmt.Sprintf("%s/%s/%s/%s/own=%v/reason=%q", kind, from, action, role, own, reason)
							t.Run(name, func(t *testing.T) {
								entry := domain.Entry{Kind: kind, Status: from, CreatedBy: "ed@example.org", UpdatedBy: "ed2@example.org"}
								actor := domain.User{Email: "rev@example.org", Role: role}
								if own {
									actor.Email = "ed2@example.org"
								}
								to, allowed := transitions[from][action]
								var wantCode domain.Code
								var wantMsg string
								switch {
								case (action == domain.ActionReject || action == domain.ActionRetract) && reason == "":
									wantCode, wantMsg = domain.EINVALID, "reason: is required: say why"
								case !allowed:
									wantCode, wantMsg = domain.ECONFLICT, "cannot "+string(action)+map[string]string{"figure": " a figure", "event": " an event"}[kind]+" that is "+strings.ReplaceAll(string(from), "_", " ")
								case action == domain.ActionApprove && own:
									wantCode, wantMsg = domain.EFORBIDDEN, "you entered or last changed this "+kind+"; another reviewer must approve it"
								}
								got, err := domain.Step(entry, actor, action, reason)
								if wantCode == "" {
									if err != nil || got != to {
										t.Fatalf("Step = %s, %v; want %s", got, err, to)
									}
									return
								}
								if domain.ErrorCode(err) != wantCode || got != from {
									t.Fatalf("Step = %s, %v; want %s and a %s error", got, err, from, wantCode)
								}
								if msg := err.Error(); !strings.Contains(msg, wantMsg) {
									t.Errorf("message %q, want %q", msg, wantMsg)
								}
							})
						}
					}
				}
			}
		}
	}
}

// TestStepRefusesOtherActions: the revision actions that are not workflow
// steps cannot be taken through it.
func TestStepRefusesOtherActions(t *testing.T) {
	for _, a := range []domain.Action{domain.ActionCreate, domain.ActionUpdate, domain.ActionImport, domain.ActionPublish, "launch"} {
		for _, from := range domain.Statuses {
			if _, err := domain.Step(domain.Entry{Kind: "figure", Status: from}, domain.User{Email: "a"}, a, "why"); domain.ErrorCode(err) != domain.ECONFLICT {
				t.Errorf("Step(%s, %s) = %v, want a conflict", from, a, err)
			}
		}
		if r := domain.NeededRole(a); r != "" {
			t.Errorf("NeededRole(%s) = %q, want none", a, r)
		}
	}
}

func TestNeededRole(t *testing.T) {
	want := map[domain.Action]domain.Role{domain.ActionSubmit: domain.RoleEditor, domain.ActionApprove: domain.RoleReviewer,
		domain.ActionReject: domain.RoleReviewer, domain.ActionRetract: domain.RoleAdmin}
	for a, r := range want {
		if got := domain.NeededRole(a); got != r {
			t.Errorf("NeededRole(%s) = %q, want %q", a, got, r)
		}
	}
}

// TestChoose is the buttons of every status for every role, as the entry's
// author or another: submit a draft; approve or send back another's entry
// in review (a reviewer); retract a published one (an admin).
func TestChoose(t *testing.T) {
	type c = domain.Choices
	ed, rev, admin := domain.RoleEditor, domain.RoleReviewer, domain.RoleAdmin
	tests := []struct {
		status domain.Status
		role   domain.Role
		own    bool
		want   domain.Choices
	}{
		{domain.StatusDraft, ed, false, c{Edit: true, Submit: true}},
		{domain.StatusDraft, ed, true, c{Edit: true, Submit: true}},
		{domain.StatusDraft, rev, false, c{Edit: true, Submit: true}},
		{domain.StatusDraft, rev, true, c{Edit: true, Submit: true}},
		{domain.StatusDraft, admin, false, c{Edit: true, Submit: true}},
		{domain.StatusDraft, admin, true, c{Edit: true, Submit: true}},
		{domain.StatusInReview, ed, false, c{Edit: true}},
		{domain.StatusInReview, ed, true, c{Edit: true, OwnEntry: true}},
		{domain.StatusInReview, rev, false, c{Edit: true, Review: true}},
		{domain.StatusInReview, rev, true, c{Edit: true, OwnEntry: true}},
		{domain.StatusInReview, admin, false, c{Edit: true, Review: true}},
		{domain.StatusInReview, admin, true, c{Edit: true, OwnEntry: true}},
		{domain.StatusPublished, ed, false, c{Edit: true}},
		{domain.StatusPublished, ed, true, c{Edit: true}},
		{domain.StatusPublished, rev, false, c{Edit: true}},
		{domain.StatusPublished, rev, true, c{Edit: true}},
		{domain.StatusPublished, admin, false, c{Edit: true, Retract: true}},
		{domain.StatusPublished, admin, true, c{Edit: true, Retract: true}},
		{domain.StatusRetracted, ed, false, c{}},
		{domain.StatusRetracted, ed, true, c{}},
		{domain.StatusRetracted, rev, false, c{}},
		{domain.StatusRetracted, rev, true, c{}},
		{domain.StatusRetracted, admin, false, c{}},
		{domain.StatusRetracted, admin, true, c{}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/own=%v", tt.status, tt.role, tt.own), func(t *testing.T) {
			entry := domain.Entry{Kind: "event", Status: tt.status, CreatedBy: "ed@example.org", UpdatedBy: "ed@example.org"}
			u := domain.User{Email: "other@example.org", Role: tt.role}
			if tt.own {
				u.Email = "ed@example.org"
			}
			if got := domain.Choose(entry, u); got != tt.want {
				t.Errorf("Choose = %+v, want %+v", got, tt.want)
			}
		})
	}
	// An account the author set up is kept from approving like the author;
	// one an operator made (its setter left blank by the store) is not.
	entry := domain.Entry{Kind: "figure", Status: domain.StatusInReview, CreatedBy: "cli:ops", UpdatedBy: "cli:ops"}
	if got := domain.Choose(entry, domain.User{Email: "rev@example.org", Role: rev, CreatedBy: "cli:ops"}); got != (c{Edit: true, OwnEntry: true}) {
		t.Errorf("account the author made: %+v", got)
	}
	if got := domain.Choose(entry, domain.User{Email: "rev@example.org", Role: rev}); got != (c{Edit: true, Review: true}) {
		t.Errorf("account the operator made: %+v", got)
	}
}

// TestPendingChange: on a published entry with a change in review, submit,
// approve and reject act on the change, whose author may not approve it
// any more than the entry's; retract takes the entry down.
func TestPendingChange(t *testing.T) {
	change := domain.Entry{Kind: "figure", Status: domain.StatusInReview, CreatedBy: "ed@example.org", UpdatedBy: "ed2@example.org"}
	entry := domain.Entry{Kind: "figure", Status: domain.StatusPublished, CreatedBy: "ed@example.org", UpdatedBy: "ed@example.org", Change: &change}
	rev := domain.User{Email: "rev@example.org", Role: domain.RoleAdmin}
	for _, tt := range []struct {
		action domain.Action
		actor  domain.User
		want   domain.Status
		code   domain.Code
	}{
		{domain.ActionApprove, rev, domain.StatusPublished, ""},
		{domain.ActionReject, rev, domain.StatusDraft, ""},
		{domain.ActionSubmit, rev, domain.StatusInReview, domain.ECONFLICT},
		{domain.ActionRetract, rev, domain.StatusRetracted, ""},
		{domain.ActionApprove, domain.User{Email: "ed2@example.org", Role: domain.RoleAdmin}, domain.StatusInReview, domain.EFORBIDDEN},
		{domain.ActionApprove, domain.User{Email: "ed@example.org", Role: domain.RoleAdmin}, domain.StatusInReview, domain.EFORBIDDEN},
	} {
		got, err := domain.Step(entry, tt.actor, tt.action, "why")
		if got != tt.want || domain.ErrorCode(err) != tt.code || (err == nil) != (tt.code == "") {
			t.Errorf("%s by %s: %s, %v; want %s, %q", tt.action, tt.actor.Email, got, err, tt.want, tt.code)
		}
		if on := entry.ActsOnChange(tt.action); on != (tt.action != domain.ActionRetract) {
			t.Errorf("ActsOnChange(%s) = %v", tt.action, on)
		}
	}
	if got, want := domain.Choose(entry, rev), (domain.Choices{Edit: true, Review: true, Retract: true}); got != want {
		t.Errorf("Choose = %+v, want %+v", got, want)
	}
	author := domain.User{Email: "ed2@example.org", Role: domain.RoleAdmin}
	if got, want := domain.Choose(entry, author), (domain.Choices{Edit: true, Retract: true, OwnEntry: true}); got != want {
		t.Errorf("Choose(author of the change) = %+v, want %+v", got, want)
	}
	draft := domain.Entry{Kind: "figure", Status: domain.StatusDraft, CreatedBy: "ed@example.org", UpdatedBy: "ed2@example.org"}
	entry.Change = &draft
	if got, want := domain.Choose(entry, rev), (domain.Choices{Edit: true, Submit: true, Retract: true}); got != want {
		t.Errorf("Choose(draft change) = %+v, want %+v", got, want)
	}
}

func TestCheckApprover(t *testing.T) {
	tests := []struct {
		name                 string
		createdBy, updatedBy string
		approver             domain.User
		want                 string // "" = allowed
	}{
		{"creator approves own entry", "alice", "alice", domain.User{Email: "alice"}, "another reviewer must approve"},
		{"creator approves after another's edit", "alice", "bob", domain.User{Email: "alice"}, "another reviewer must approve"},
		{"last editor approves", "alice", "bob", domain.User{Email: "bob"}, "another reviewer must approve"},
		{"last editor never updated", "alice", "", domain.User{Email: "alice"}, "another reviewer must approve"},
		{"another reviewer", "alice", "bob", domain.User{Email: "carol"}, ""},
		{"another reviewer, not updated", "alice", "alice", domain.User{Email: "bob"}, ""},
		// Four eyes through a second account: the author made the approver's account.
		{"account created by the author", "alice", "alice", domain.User{Email: "carol", CreatedBy: "alice"},
			"your account was created by alice, who entered or last changed this figure"},
		{"account changed by the last editor", "alice", "bob", domain.User{Email: "carol", CreatedBy: "dan", ChangedBy: "bob"},
			"your account was last changed by bob"},
		{"account created by the author, other case", "Alice@x.org", "Alice@x.org", domain.User{Email: "carol", CreatedBy: "alice@x.org"}, "created by"},
		{"account made by someone else", "alice", "alice", domain.User{Email: "carol", CreatedBy: "dan", ChangedBy: "erin"}, ""},
		{"account made from the command line", "alice", "alice", domain.User{Email: "carol", CreatedBy: "cli:root"}, ""},
	}
	t.Run("nobody signed in", func(t *testing.T) {
		f := validFigure()
		if got := domain.ErrorCode(domain.CheckApprover(f.Entry(), domain.User{})); got != domain.EUNAUTHORIZED {
			t.Errorf("ErrorCode(CheckApprover(nobody)) = %q, want %q", got, domain.EUNAUTHORIZED)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFigure()
			f.CreatedBy, f.UpdatedBy = tt.createdBy, tt.updatedBy
			err := domain.CheckApprover(f.Entry(), tt.approver)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("CheckApprover(%+v) = %v, want nil", tt.approver, err)
				}
				return
			}
			if got := domain.ErrorCode(err); got != domain.EFORBIDDEN {
				t.Fatalf("ErrorCode(CheckApprover(%+v)) = %q, want %q", tt.approver, got, domain.EFORBIDDEN)
			}
			if !strings.Contains(domain.ErrorMessage(err), tt.want) {
				t.Errorf("ErrorMessage = %q, want %q", domain.ErrorMessage(err), tt.want)
			}
		})
	}
}
