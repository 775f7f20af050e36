package domain

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a staff member may do.
type Role string

// Roles. Each includes what the one before it may do.
const (
	RoleEditor   Role = "editor"   // enters figures, sources, series and events; submits them
	RoleReviewer Role = "reviewer" // also approves or sends back others' entries
	RoleAdmin    Role = "admin"    // also retracts, and manages users
)

// Roles lists the valid roles.
var Roles = []Role{RoleEditor, RoleReviewer, RoleAdmin}

var rank = map[Role]int{RoleEditor: 1, RoleReviewer: 2, RoleAdmin: 3}

// AtLeast reports whether r includes what min may do.
func (r Role) AtLeast(min Role) bool { return rank[r] >= rank[min] && rank[min] > 0 }

// User is a staff member.
type User struct {
	ID        int64
	Email     string
	Name      string
	Role      Role
	Disabled  bool
	CreatedAt time.Time
	// CreatedBy and ChangedBy name who made the account and who last
	// changed its role, state or password ("" when unknown or never).
	CreatedBy string
	ChangedBy string
}

// Validate checks the user's rules.
func (u *User) Validate() error {
	var p Problems
	switch a, err := mail.ParseAddress(u.Email); {
	case utf8.RuneCountInString(u.Email) > MaxEmail:
		checkLength(&p, "email", u.Email, MaxEmail)
	case !checkNoBidi(&p, "email", u.Email):
	case err != nil || a.Address != u.Email || !strings.Contains(u.Email, "."):
		p.Add("email", "%q is not an email address", u.Email)
	}
	if strings.TrimSpace(u.Name) == "" {
		p.Add("name", "is required")
	}
	checkLength(&p, "name", u.Name, MaxLine)
	checkEnum(&p, "role", u.Role, Roles)
	return p.Err()
}

// Actor is how revisions name a user: their email, which stays readable in
// the history after the account is disabled.
func (u *User) Actor() string { return u.Email }
