package web

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// A form field whose words name no organisation known here (attributed_to,
// source_publisher) comes back with a question under it: which
// organisation the words name — one of the closest, or any — or a new
// one, and whether to remember the words as another spelling of it. The
// answer is applied in the save's own transaction.

// orgQuestion is the question under one field.
type orgQuestion struct {
	Field     string
	Words     string
	Alias     string // the words without a trailing remark: what is remembered
	Closest   []domain.OrgRef
	Ambiguous bool
	Orgs      []domain.Organization // every organisation, for "another"
	Kinds     []orgKind
	// The answer posted with the form, shown again when it is refused.
	As, Name, Kind string
	Remember       bool
}

// orgAnswer is a posted answer: organisation OrgID, or a new one.
type orgAnswer struct {
	Words    string // the words asked about: an answer applies to them only
	OrgID    int64
	New      domain.Organization
	Remember bool // keep the words as an alias
}

// postedOrgAnswer reads the answer for field from the form, if any.
func postedOrgAnswer(c *gin.Context, field string) (orgAnswer, bool) {
	p := "org." + field + "."
	a := orgAnswer{Words: strings.TrimSpace(c.PostForm(p + "words")), Remember: c.PostForm(p+"remember") == "on"}
	switch as := c.PostForm(p + "as"); as {
	case "":
		return a, false
	case "new":
		kind := domain.OrgKind(c.PostForm(p + "kind"))
		if _, ok := orgKindLabels[kind]; !ok {
			kind = domain.OrgOther
		}
		a.New = domain.Organization{Name: strings.TrimSpace(c.PostForm(p + "name")), Kind: kind}
		return a, true
	case "any":
		as = c.PostForm(p + "any")
		fallthrough
	default:
		id, err := strconv.ParseInt(as, 10, 64)
		a.OrgID = id
		return a, err == nil && id > 0
	}
}

// orgAnswers are the answers a form was posted with, by field.
type orgAnswers map[string]orgAnswer

func postedOrgAnswers(c *gin.Context, fields ...string) orgAnswers {
	out := orgAnswers{}
	for _, f := range fields {
		if a, ok := postedOrgAnswer(c, f); ok {
			out[f] = a
		}
	}
	return out
}

// applyOrg applies the form's answer for field, given the field's words,
// in tx: it returns the organisation the words are to name, 0 when the
// form has no answer. A refused answer (a new name that is taken) is a
// problem on the field, and the question is asked again.
func (f *form) applyOrg(ctx context.Context, tx *store.Tx, as orgAnswers, field, words string) (int64, error) {
	a, ok := as[field]
	if !ok || domain.OrgKey(words) == "" || a.Words != strings.TrimSpace(words) {
		return 0, nil // no answer, or one about words the editor has since changed
	}
	// Only words that name no organisation (or several) were asked about:
	// an answer posted for words that resolve is not applied.
	if r, err := tx.ResolveAttribution(ctx, words); err != nil {
		return 0, err
	} else if !r.Unresolved {
		return 0, nil
	}
	id, err := applyOrgAnswer(ctx, tx, exchange.AliasOf(words), a)
	if err == nil || domain.ErrorCode(err) == domain.EINTERNAL {
		return id, err
	}
	q := &orgQuestion{Field: field, Words: words}
	if closest, cerr := tx.ClosestOrganizations(ctx, words, 3); cerr == nil {
		for _, o := range closest {
			q.Closest = append(q.Closest, o.Ref())
		}
	}
	f.ask(q)
	return 0, domain.FieldErrorf(domain.ErrorCode(err), field, "your answer could not be applied: %s", domain.ErrorMessage(err))
}

// applyOrgAnswer records a as what alias names, and returns the
// organisation.
func applyOrgAnswer(ctx context.Context, tx *store.Tx, alias string, a orgAnswer) (int64, error) {
	if a.OrgID == 0 {
		o := a.New
		if o.Name == "" {
			o.Name = alias
		}
		if a.Remember && domain.OrgKey(o.Name) != domain.OrgKey(alias) {
			o.Aliases = append(o.Aliases, alias)
		}
		o, err := tx.CreateOrganization(ctx, o)
		return o.ID, err
	}
	if !a.Remember {
		return a.OrgID, nil
	}
	r, err := tx.ResolveAttribution(ctx, alias)
	if err != nil {
		return 0, err
	}
	if !r.Unresolved && len(r.IDs) == 1 && r.IDs[0] == a.OrgID {
		return a.OrgID, nil
	}
	return a.OrgID, tx.AddAlias(ctx, a.OrgID, alias)
}

// askAbout records, from a save's error, the question under each field
// whose words name no organisation.
func (f *form) askAbout(err error) {
	for _, e := range unwrapAll(err) {
		var u *store.UnresolvedName
		if errors.As(e, &u) {
			f.ask(&orgQuestion{Field: u.Field, Words: u.Words, Closest: u.Closest, Ambiguous: u.Ambiguous})
		}
	}
}

func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unwrapAll(e)...)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

func (f *form) ask(q *orgQuestion) {
	if f.Orgs == nil {
		f.Orgs = map[string]*orgQuestion{}
	}
	q.Alias, q.Kinds, q.Remember, q.Kind = exchange.AliasOf(q.Words), orgKinds(), true, string(domain.OrgOther)
	q.Name = domain.OrgNameFrom(q.Words)
	f.Orgs[q.Field] = q
}

// withOrgs gives the form's questions every organisation to choose from.
func (s *Server) withOrgs(ctx context.Context, f *form) error {
	if len(f.Orgs) == 0 {
		return nil
	}
	orgs, err := s.db.Organizations(ctx)
	if err != nil {
		return err
	}
	live := orgs[:0:0]
	for _, o := range orgs {
		if o.MergedInto == 0 {
			live = append(live, o)
		}
	}
	for _, q := range f.Orgs {
		q.Orgs = live
	}
	return nil
}

// Org is the question under field, or nil.
func (f *form) Org(field string) *orgQuestion { return f.Orgs[field] }

// resolveOrgs applies the figure form's answers to f, in tx.
func (f *figureForm) resolveOrgs(ctx context.Context, tx *store.Tx, as orgAnswers, fig *domain.Figure) error {
	id, err := f.applyOrg(ctx, tx, as, "attributed_to", fig.AttributedTo)
	if err != nil {
		return err
	}
	if id != 0 {
		fig.Orgs = []domain.OrgRef{{ID: id}}
	}
	if id, err = f.applyOrg(ctx, tx, as, "source_publisher", fig.Source.Publisher); id != 0 {
		fig.Source.PublisherOrg = domain.OrgRef{ID: id}
	}
	return err
}
