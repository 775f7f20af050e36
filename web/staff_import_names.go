package web

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/importjobs"
)

// The Organisations step of a browser import: when a preview finds words
// that name no organisation known here, the editor answers, once a name,
// whether they are another spelling of an organisation (a new alias of it)
// or a new organisation; the answers are applied in the preview's
// transaction, which is rolled back, then sent back with the confirmation
// and applied again, checked again, in the import's own transaction before
// its rows.

// maxNames bounds the answers one form carries.
const maxNames = 1000

// nameQuestion is one name the Organisations step asks about.
type nameQuestion struct {
	Index     int
	Words     string   // as the first row states them
	Alias     string   // what an answer records
	Name      string   // a new organisation's name by default
	Spellings []string // other spellings that the answer covers
	Columns   []string
	Lines     string // "figures.csv, lines 4, 9, 17 and 3 more"
	Rows      int
	Excerpt   string
	Closest   []domain.OrgRef
	Ambiguous bool
	Problem   string // why the last answer could not be applied
}

// nameAnswer is an answer the preview ran with, as the page names it.
type nameAnswer struct {
	importer.Name
	Org string // the organisation's name, when the words are its alias
}

// nameQuestions turns a report's unresolved names into one question per
// name: the same words in two columns are one answer.
func nameQuestions(rep exchange.Report) []nameQuestion {
	var qs []nameQuestion
	at := map[string]int{}
	for _, u := range rep.Unresolved {
		i, ok := at[u.Key()]
		if !ok {
			i = len(qs)
			at[u.Key()] = i
			qs = append(qs, nameQuestion{Index: i, Words: u.Words, Alias: u.Alias, Name: u.Name, Excerpt: u.Excerpt,
				Closest: u.Closest, Ambiguous: u.Ambiguous, Problem: u.Problem})
		}
		q := &qs[i]
		q.Columns = append(q.Columns, u.Column)
		q.Rows += u.Rows
		for _, s := range append([]string{u.Words}, u.Spellings...) {
			if s != q.Words && !slices.Contains(q.Spellings, s) {
				q.Spellings = append(q.Spellings, s)
			}
		}
		lines := make([]string, len(u.Lines))
		for j, l := range u.Lines {
			lines[j] = strconv.Itoa(l)
		}
		where := "line " + lines[0]
		if u.Rows > 1 {
			where = "lines " + strings.Join(lines, ", ")
		}
		if more := u.Rows - len(u.Lines); more > 0 {
			where += fmt.Sprintf(" and %d more", more)
		}
		if u.File != "" {
			where = u.File + ", " + where
		}
		if q.Lines != "" {
			where = q.Lines + "; " + where
		}
		q.Lines = where
		if q.Excerpt == "" {
			q.Excerpt = u.Excerpt
		}
	}
	return qs
}

// postedNames reads the answers a form carries: those of earlier steps
// (hidden a.* fields, in order) and this step's (q<i>.*). Answers that do
// not parse are left out; their words are asked about again.
func postedNames(c *gin.Context) []importer.Name {
	var names []importer.Name
	words, orgs, news, kinds := c.PostFormArray("a.words"), c.PostFormArray("a.org"), c.PostFormArray("a.new"), c.PostFormArray("a.kind")
	for i, w := range words {
		if i >= maxNames || i >= len(orgs) || i >= len(news) || i >= len(kinds) {
			break
		}
		if n, ok := nameAnswerOf(w, orgs[i], news[i], kinds[i]); ok {
			names = append(names, n)
		}
	}
	for i := 0; i < maxNames; i++ {
		p := "q" + strconv.Itoa(i) + "."
		w, ok := c.GetPostForm(p + "words")
		if !ok {
			break
		}
		org, name := "", ""
		switch as := c.PostForm(p + "as"); as {
		case "":
			continue // not answered: asked again
		case "new":
			name = c.PostForm(p + "name")
			if strings.TrimSpace(name) == "" {
				name = domain.OrgNameFrom(w)
			}
		case "any":
			org = c.PostForm(p + "any")
		default:
			org = as
		}
		if n, ok := nameAnswerOf(w, org, name, c.PostForm(p+"kind")); ok {
			names = append(names, n)
		}
	}
	return names
}

// nameAnswerOf is an answer from a form's fields: an organisation's id, or
// a new organisation's name and kind.
func nameAnswerOf(words, org, name, kind string) (importer.Name, bool) {
	n := importer.Name{Words: strings.TrimSpace(words)}
	if domain.OrgKey(n.Words) == "" || len(n.Words) > 4*domain.MaxLine {
		return n, false
	}
	if org != "" {
		id, err := strconv.ParseInt(org, 10, 64)
		n.OrgID = id
		return n, err == nil && id > 0
	}
	k := domain.OrgKind(kind)
	if !slices.Contains(orgKindNames(), kind) {
		k = domain.OrgOther
	}
	n.New = domain.Organization{Name: strings.TrimSpace(name), Kind: k}
	return n, n.New.Name != ""
}

// orgKind is an organisation kind as a select offers it.
type orgKind struct{ Value, Label string }

// orgKindLabels are the kinds, labelled for people.
var orgKindLabels = map[domain.OrgKind]string{domain.OrgUNAgency: "UN agency", domain.OrgGovernment: "Government",
	domain.OrgNGO: "NGO", domain.OrgMedia: "Media", domain.OrgResearch: "Research", domain.OrgOther: "Other"}

func orgKinds() []orgKind {
	out := make([]orgKind, len(domain.OrgKinds))
	for i, k := range domain.OrgKinds {
		out[i] = orgKind{string(k), orgKindLabels[k]}
	}
	return out
}

func orgKindNames() []string {
	out := make([]string, len(domain.OrgKinds))
	for i, k := range domain.OrgKinds {
		out[i] = string(k)
	}
	return out
}

// answersOf names the organisations of answers, for the page.
func answersOf(names []importer.Name, orgs []domain.Organization) []nameAnswer {
	byID := map[int64]string{}
	for _, o := range orgs {
		byID[o.ID] = o.Name
	}
	out := make([]nameAnswer, len(names))
	for i, n := range names {
		out[i] = nameAnswer{Name: n, Org: byID[n.OrgID]}
	}
	return out
}

// askNames says whether a preview's only problems are names a person can
// answer: then its upload is kept for the answers.
func askNames(rep exchange.Report, err error) bool {
	return errors.Is(err, exchange.ErrRejected) && len(rep.Problems) == 0 && rep.Omitted == 0 &&
		len(rep.Unresolved) > 0 && rep.UnresolvedOmitted == 0
}

// previewWork is a preview job's work: the importer's preview with the
// answers so far, and the upload kept under a new token when the import
// can go on — to the confirmation, or to the Organisations step.
func (s *Server) previewWork(u domain.User, up upload, names []importer.Name) importjobs.Work {
	return func(ctx context.Context, in importer.Input, opt exchange.Options) (exchange.Report, string, error) {
		in.Names = names
		rep, err := importer.Preview(ctx, s.db, u.Actor(), in, opt)
		if err != nil && !askNames(rep, err) {
			return rep, "", err
		}
		token, hash := auth.NewToken()
		if serr := s.db.SaveUpload(ctx, hash, up.Upload); serr != nil {
			return rep, "", serr
		}
		return rep, token, err
	}
}

// answerNames takes the Organisations step's answers and previews the
// stored upload again with them.
func (s *Server) answerNames(c *gin.Context) error {
	u, _ := currentUser(c)
	return s.runStoredUpload(c, importjobs.Check, func(up upload, names []importer.Name) importjobs.Work {
		return s.previewWork(u, up, names)
	})
}

// withNames fills data for the Organisations step of a finished preview.
func (s *Server) withNames(ctx context.Context, data *importView, st importjobs.State) error {
	data.Names = st.Names
	if len(st.Names) == 0 && len(st.Report.Unresolved) == 0 {
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
	data.Orgs, data.Answers = live, answersOf(st.Names, orgs)
	data.Questions = nameQuestions(st.Report)
	// Every question offers every organisation in a list of its own: the
	// page grows as their product. Past maxAnyOptions, the questions offer
	// the closest organisations and a new one, and the page says where
	// another is chosen instead.
	data.AnyOrgs = len(data.Questions)*len(live) <= maxAnyOptions
	return nil
}

// maxAnyOptions bounds the options of the "another organisation" lists of
// one Organisations step (about 60 bytes each).
const maxAnyOptions = 20_000
