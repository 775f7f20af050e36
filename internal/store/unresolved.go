package store

import (
	"context"
	"errors"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// UnresolvedName is the problem of words that name no organisation known
// here, or several with one spelling: a person must choose. It is a field
// problem (Unwrap gives the *domain.Error, EINVALID on the field) that
// also carries what a person chooses from, so that an import can group
// every row with the same words into one question and a form can offer
// the closest organisations.
type UnresolvedName struct {
	Field string // attributed_to, organizations or source_publisher
	Words string // as stated
	// Closest are the organisations most like the words, best first; for
	// words that name several organisations, those.
	Closest   []domain.OrgRef
	Ambiguous bool // the words name several organisations (Closest)
	err       *domain.Error
}

func (e *UnresolvedName) Error() string { return e.err.Error() }
func (e *UnresolvedName) Unwrap() error { return e.err }

// UnresolvedWords says which words of which field name no organisation,
// and which organisations are closest: what exchange's import report
// groups by.
func (e *UnresolvedName) UnresolvedWords() (field, words string, closest []domain.OrgRef, ambiguous bool) {
	return e.Field, e.Words, e.Closest, e.Ambiguous
}

// closestOrgs is how many organisations an unresolved name proposes.
const closestOrgs = 3

// unresolved is the problem of words in field that name no organisation.
func (tx *Tx) unresolved(ctx context.Context, field, words string) error {
	e := &UnresolvedName{Field: field, Words: words}
	if closest, err := tx.ClosestOrganizations(ctx, words, closestOrgs); err == nil {
		for _, o := range closest {
			e.Closest = append(e.Closest, o.Ref())
		}
	}
	hint := ""
	if len(e.Closest) > 0 {
		hint = "; closest: " + refNames(e.Closest)
	}
	msg := "%q names no organisation known here%s: choose one, create one, or add the words as an alias of one"
	if field == "organizations" {
		msg = "%q is not an organisation known here%s"
	}
	e.err = domain.FieldErrorf(domain.EINVALID, field, msg, words, hint)
	return e
}

// ambiguous is the problem of words in field that name several
// organisations.
func (tx *Tx) ambiguous(field, words string, ids []int64) error {
	e := &UnresolvedName{Field: field, Words: words, Ambiguous: true}
	for _, id := range ids {
		e.Closest = append(e.Closest, tx.orgs.refs[id])
	}
	e.err = domain.FieldErrorf(domain.EINVALID, field, "%q could be any of %s: choose one, or add the words as an alias of one", words, refNames(e.Closest))
	return e
}

func refNames(refs []domain.OrgRef) string {
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}

// alsoPublisher adds to err, an attribution that names no organisation,
// the source's publisher when it names none either: one look at a row
// then finds both questions a person must answer.
func (tx *Tx) alsoPublisher(ctx context.Context, src domain.Source, err error) error {
	var u *UnresolvedName
	if !errors.As(err, &u) || src.PublisherOrg.ID != 0 || strings.TrimSpace(src.Publisher) == "" {
		return err
	}
	if perr := tx.resolvePublisher(ctx, &src); errors.As(perr, &u) {
		return errors.Join(err, perr)
	}
	return err
}

// CreatedOrganizations are the organisations this transaction created for
// words that named none (CreateMissingOrganizations), in order.
func (tx *Tx) CreatedOrganizations() []domain.OrgRef { return tx.createdOrgs }
