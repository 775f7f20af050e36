package web

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// orgEditView is one organisation's staff page: its form, its aliases, a
// merge proposal and its history. Each form posts on its own and comes
// back here with its problems.
type orgEditView struct {
	layoutView
	Org        domain.Organization
	MergedInto domain.Organization // set when Org was merged
	Form       *form               // the organisation's own fields
	AliasForm  *form               // add an alias, or the problem removing one
	MergeForm  *form               // propose a merge
	Kinds      []string
	Parents    []orgOption
	Targets    []orgOption
	Pending    []store.OrgMerge  // merges of this organisation waiting for review
	Changes    []store.OrgChange // changes to its record waiting for review
	Counts     store.OrgSummary  // what is attributed to it
	Parent     *store.OrgSummary
	Children   []store.OrgSummary
	History    []domain.Revision
}

// orgPage renders organisation o's page; forms left nil start empty.
func (s *Server) orgPage(c *gin.Context, o domain.Organization, v *orgEditView) error {
	ctx := c.Request.Context()
	v.Org, v.Kinds = o, choices(domain.OrgKinds)
	if v.Form == nil {
		v.Form = newForm(map[string]string{"name": o.Name, "acronym": o.Acronym, "kind": string(o.Kind),
			"country": o.Country, "url": o.URL, "parent": optionalID(o.ParentID)})
	}
	if v.AliasForm == nil {
		v.AliasForm = newForm(nil)
	}
	if v.MergeForm == nil {
		v.MergeForm = newForm(nil)
	}
	var err error
	if v.Parents, err = s.orgOptions(c, o.ID); err != nil {
		return err
	}
	v.Targets = v.Parents
	if o.MergedInto != 0 {
		if v.MergedInto, err = s.orgByID(c, o.MergedInto); err != nil {
			return err
		}
	}
	sums, err := s.db.OrganizationSummaries(ctx)
	if err != nil {
		return err
	}
	for i, sum := range sums {
		switch {
		case sum.ID == o.ID:
			v.Counts = sum
		case sum.ID == o.ParentID:
			v.Parent = &sums[i]
		case sum.ParentID == o.ID && sum.MergedInto == 0:
			v.Children = append(v.Children, sum)
		}
	}
	pending, err := s.db.OrganizationMerges(ctx, store.MergeProposed)
	if err != nil {
		return err
	}
	for _, m := range pending {
		if m.From.ID == o.ID || m.Into.ID == o.ID {
			v.Pending = append(v.Pending, m)
		}
	}
	if v.Changes, err = s.orgChangesOf(c, o.ID); err != nil {
		return err
	}
	if v.History, err = s.db.Revisions(ctx, "organization", strconv.FormatInt(o.ID, 10)); err != nil {
		return err
	}
	status := http.StatusOK
	for _, f := range []*form{v.Form, v.AliasForm, v.MergeForm} {
		if f.Invalid() {
			status = f.status()
		}
	}
	s.staffPage(c, status, "staff_orgs_edit", o.Name, v)
	return nil
}

func optionalID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// orgByID finds a live or merged organisation by id.
func (s *Server) orgByID(c *gin.Context, id int64) (domain.Organization, error) {
	orgs, err := s.db.Organizations(c.Request.Context())
	if err != nil {
		return domain.Organization{}, err
	}
	for _, o := range orgs {
		if o.ID == id {
			return o, nil
		}
	}
	return domain.Organization{}, domain.Errorf(domain.ENOTFOUND, "no organisation %d", id)
}

// staffOrg shows the page of the organisation named by :slug.
func (s *Server) staffOrg(c *gin.Context) error {
	o, err := s.db.Organization(c.Request.Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return s.orgPage(c, o, &orgEditView{})
}

// orgPost reads the organisation of a POST and runs write with the posted
// form as the signed-in user; on success it goes back to the page (303),
// otherwise shows it with the form's problems, put in place by show.
func (s *Server) orgPost(c *gin.Context, fields []string, write func(*store.Tx, domain.Organization, *form) error,
	show func(*orgEditView, *form)) error {
	o, err := s.db.Organization(c.Request.Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	f := postedForm(c, fields, true)
	if err := s.saveInTx(c, f, func(tx *store.Tx) error { return write(tx, o, f) }); err != nil {
		return err
	}
	if f.Invalid() {
		v := &orgEditView{}
		show(v, f)
		return s.orgPage(c, o, v)
	}
	c.Redirect(http.StatusSeeOther, "/staff/organisations/"+o.Slug)
	return nil
}

// orgChangesOf is the changes to organisation id waiting for review.
func (s *Server) orgChangesOf(c *gin.Context, id int64) ([]store.OrgChange, error) {
	all, err := s.db.OrganizationChanges(c.Request.Context(), store.MergeProposed)
	if err != nil {
		return nil, err
	}
	var out []store.OrgChange
	for _, ch := range all {
		if ch.Org.ID == id {
			out = append(out, ch)
		}
	}
	return out, nil
}

// updateOrg saves the organisation's own fields, as read at the posted
// version: a change by someone else since is a conflict (409). An
// organisation the public sees is not changed: the change is proposed,
// for a second person to approve on the merges page.
func (s *Server) updateOrg(c *gin.Context) error {
	return s.orgPost(c, append([]string{"version", "why"}, orgFields...), func(tx *store.Tx, o domain.Organization, f *form) error {
		version, err := strconv.Atoi(f.Values["version"])
		if err != nil || version < 1 {
			return domain.FieldErrorf(domain.EINVALID, "version", "is required: the version of the organisation you changed")
		}
		next := orgFromForm(f)
		next.ID = o.ID
		if f.check(next.Validate()); f.Invalid() {
			return nil
		}
		// "why", not "reason": the merge form on the same page has that.
		if n := utf8.RuneCountInString(f.Values["why"]); n > domain.MaxText {
			return domain.FieldErrorf(domain.EINVALID, "why", "is %d characters long; the limit is %d", n, domain.MaxText)
		}
		_, _, err = tx.ProposeOrgUpdate(c.Request.Context(), next, version, f.Values["why"])
		return err
	}, func(v *orgEditView, f *form) { v.Form = f })
}

// addOrgAlias records the posted words as another spelling of the
// organisation.
func (s *Server) addOrgAlias(c *gin.Context) error {
	return s.orgPost(c, []string{"alias"}, func(tx *store.Tx, o domain.Organization, f *form) error {
		if f.Values["alias"] == "" {
			return domain.FieldErrorf(domain.EINVALID, "alias", "is required: the words to resolve to %s", o.Name)
		}
		return tx.AddAlias(c.Request.Context(), o.ID, f.Values["alias"])
	}, func(v *orgEditView, f *form) { v.AliasForm = f })
}

// removeOrgAlias removes one spelling (its name and acronym stay), or
// proposes to when the public sees the organisation.
func (s *Server) removeOrgAlias(c *gin.Context) error {
	return s.orgPost(c, []string{"alias"}, func(tx *store.Tx, o domain.Organization, f *form) error {
		_, _, err := tx.ProposeAliasRemoval(c.Request.Context(), o.ID, f.Values["alias"], "")
		return err
	}, func(v *orgEditView, f *form) { v.AliasForm = f })
}

// proposeOrgMerge proposes merging the organisation into the chosen one;
// a second person decides on the merges page.
func (s *Server) proposeOrgMerge(c *gin.Context) error {
	return s.orgPost(c, []string{"into", "reason"}, func(tx *store.Tx, o domain.Organization, f *form) error {
		into, err := strconv.ParseInt(f.Values["into"], 10, 64)
		if err != nil || into < 1 {
			return domain.FieldErrorf(domain.EINVALID, "into", "choose the organisation to merge it into")
		}
		_, err = tx.ProposeMerge(c.Request.Context(), o.ID, into, f.Values["reason"])
		return err
	}, func(v *orgEditView, f *form) { v.MergeForm = f })
}

// ParentSelect is the form's choice of a parent.
func (v *orgEditView) ParentSelect() orgSelectView {
	return orgSelect(v.Form, "parent", "Part of", "a ministry's government, a country office's agency", "— none —", v.Parents)
}

// TargetSelect is the merge form's choice of the organisation to merge into.
func (v *orgEditView) TargetSelect() orgSelectView {
	return orgSelect(v.MergeForm, "into", "Merge into", "the organisation that stays; this one's figures, sources, aliases and children move to it", "— choose —", v.Targets)
}
