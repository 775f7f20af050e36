package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// The staff pages of organisations: the list (here), one organisation's
// page with its forms (staff_orgs_edit.go) and the merges waiting for a
// second person (staff_orgs_merges.go).

type orgsView struct {
	layoutView
	Q       string
	Orgs    []store.OrgSummary // live ones matching Q
	Merged  []store.OrgSummary // merged ones matching Q
	Total   int                // live organisations
	Pending []store.OrgMerge
}

// organisations lists every organisation with what is attributed to it,
// filtered by the words in ?q= (name, acronym or alias), and the merges
// waiting for review.
func (s *Server) organisations(c *gin.Context) error {
	ctx := c.Request.Context()
	sums, err := s.db.OrganizationSummaries(ctx)
	if err != nil {
		return err
	}
	pending, err := s.db.OrganizationMerges(ctx, store.MergeProposed)
	if err != nil {
		return err
	}
	v := &orgsView{Q: strings.TrimSpace(c.Query("q")), Pending: pending}
	for _, o := range sums {
		if o.MergedInto == 0 {
			v.Total++
		}
		if !orgMatches(o.Organization, v.Q) {
			continue
		}
		if o.MergedInto == 0 {
			v.Orgs = append(v.Orgs, o)
		} else {
			v.Merged = append(v.Merged, o)
		}
	}
	s.staffPage(c, http.StatusOK, "staff_orgs", "Organisations", v)
	return nil
}

// orgMatches reports whether q is part of o's name, acronym or an alias,
// compared as attribution words are (domain.OrgKey).
func orgMatches(o domain.Organization, q string) bool {
	key := domain.OrgKey(q)
	if key == "" {
		return true
	}
	for _, w := range append([]string{o.Name, o.Acronym, o.Slug}, o.Aliases...) {
		if strings.Contains(domain.OrgKey(w), key) {
			return true
		}
	}
	return false
}

// orgFields are the fields of the organisation form.
var orgFields = []string{"name", "acronym", "kind", "country", "parent", "url"}

// orgOption is one organisation in a select: its id and its name.
type orgOption struct{ Value, Label string }

// orgOptions are the live organisations but skip, for a parent or merge
// select.
func (s *Server) orgOptions(c *gin.Context, skip int64) ([]orgOption, error) {
	orgs, err := s.db.Organizations(c.Request.Context())
	if err != nil {
		return nil, err
	}
	var out []orgOption
	for _, o := range orgs {
		if o.MergedInto != 0 || o.ID == skip {
			continue
		}
		label := o.Name
		if o.Acronym != "" && o.Acronym != o.Name {
			label += " (" + o.Acronym + ")"
		}
		out = append(out, orgOption{Value: strconv.FormatInt(o.ID, 10), Label: label})
	}
	return out, nil
}

// orgFromForm reads the organisation form into f, recording what cannot
// be read (the parent's id).
func orgFromForm(f *form) domain.Organization {
	v := f.Values
	o := domain.Organization{Name: v["name"], Acronym: v["acronym"], Kind: domain.OrgKind(v["kind"]),
		Country: strings.ToUpper(v["country"]), URL: v["url"]}
	if v["parent"] != "" {
		id, err := strconv.ParseInt(v["parent"], 10, 64)
		if err != nil || id < 1 {
			f.fail("parent", "choose an organisation from the list")
		}
		o.ParentID = id
	}
	return o
}

type orgNewView struct {
	layoutView
	Form    *form
	Kinds   []string
	Parents []orgOption
}

func (s *Server) orgNewPage(c *gin.Context, f *form) error {
	parents, err := s.orgOptions(c, 0)
	if err != nil {
		return err
	}
	s.staffPage(c, f.status(), "staff_orgs_new", "New organisation", &orgNewView{Form: f, Kinds: choices(domain.OrgKinds), Parents: parents})
	return nil
}

func (s *Server) newOrganisation(c *gin.Context) error {
	return s.orgNewPage(c, newForm(map[string]string{"kind": string(domain.OrgOther)}))
}

// createOrganisation records an organisation; its name, acronym and the
// aliases typed (one a line) resolve to it from now on.
func (s *Server) createOrganisation(c *gin.Context) error {
	f := postedForm(c, append(orgFields, "aliases"), true)
	o := orgFromForm(f)
	for _, a := range strings.Split(f.Values["aliases"], "\n") {
		if a = strings.TrimSpace(a); a != "" {
			o.Aliases = append(o.Aliases, a)
		}
	}
	f.check(o.Validate())
	err := s.saveInTx(c, f, func(tx *store.Tx) error {
		var err error
		o, err = tx.CreateOrganization(c.Request.Context(), o)
		return err
	})
	if err != nil {
		return err
	}
	if f.Invalid() {
		return s.orgNewPage(c, f)
	}
	c.Redirect(http.StatusSeeOther, "/staff/organisations/"+o.Slug)
	return nil
}

// orgSelectView is a choice among organisations for the "org-select"
// template: the form's field, and the organisations by id.
type orgSelectView struct {
	fieldView
	Choices []orgOption
}

func orgSelect(f *form, name, label, hint, empty string, opts []orgOption) orgSelectView {
	return orgSelectView{fieldView: f.Select(name, label, hint, empty, nil), Choices: opts}
}

// ParentSelect is the form's choice of a parent.
func (v *orgNewView) ParentSelect() orgSelectView {
	return orgSelect(v.Form, "parent", "Part of", "a ministry's government, a country office's agency", "— none —", v.Parents)
}
