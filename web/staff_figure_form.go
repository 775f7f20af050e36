package web

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/extract"
)

// figureFields are the figure form's fields, named as the canonical CSV's
// columns, plus locator, which only staff enter.
var figureFields = []string{"excerpt", "value", "qualifier", "value_low", "value_high", "value_as_stated",
	"period_start", "period_end", "series", "attributed_to", "source_url", "source_title", "source_publisher",
	"source_published", "source_accessed", "archive_url", "licence", "locator", "notes"}

// figureForm is what the figure form shows: the form's values and
// problems, which values were proposed from the sentence and still need the
// editor's eye, and a notice about the proposal.
type figureForm struct {
	form
	ID         string
	Version    int
	Proposed   map[string]bool
	Candidates []extract.Proposal
	Series     []domain.Series
	Notice     string
	IsEdit     bool
	// Similar are the held figures like this one (staff_figure_similar.go);
	// SimilarHeld says the save waits for the editor to look at them, and
	// SimilarConfirmed that the editor said it is a different figure from
	// SimilarShown, the ids of those the page listed with the answer.
	Similar          []similarView
	SimilarHeld      bool
	SimilarConfirmed bool
	SimilarShown     []string
}

func newFigureForm() *figureForm {
	return &figureForm{form: *newForm(map[string]string{"qualifier": "exact"}), Proposed: map[string]bool{}}
}

// formFromRequest reads the posted fields back into a form.
func formFromRequest(c *gin.Context) *figureForm {
	f := &figureForm{form: *postedForm(c, figureFields, false), Proposed: map[string]bool{}}
	f.ID = c.Param("id")
	f.IsEdit = f.ID != ""
	f.Version, _ = strconv.Atoi(c.PostForm("version"))
	f.readSimilarConfirmed(c)
	return f
}

// Field describes a field for the "field" template, marked when it was
// proposed from the sentence.
func (form *figureForm) Field(name, label, hint string) fieldView {
	v := form.form.Field(name, label, hint)
	v.Proposed = form.Proposed[name]
	return v
}

// Select describes a choice, marked when it was proposed from the sentence.
func (form *figureForm) Select(name, label, hint, empty string, options []string) fieldView {
	v := form.form.Select(name, label, hint, empty, options)
	v.Proposed = form.Proposed[name]
	return v
}

// formFromFigure fills a form with a stored figure, for editing.
func formFromFigure(f domain.Figure, s domain.Series) *figureForm {
	form := newFigureForm()
	for k, v := range map[string]string{
		"excerpt": f.Excerpt, "value": domain.FormatPlain(f.Value), "qualifier": string(f.Qualifier),
		"value_low": numText(f.ValueLow), "value_high": numText(f.ValueHigh), "value_as_stated": f.ValueAsStated,
		"period_start": f.PeriodStart.String(), "period_end": f.PeriodEnd.String(), "series": s.Slug,
		"attributed_to": f.AttributedTo, "locator": f.Locator, "notes": f.Notes,
	} {
		form.Values[k] = v
	}
	form.setSource(f.Source)
	form.ID, form.Version = f.ID, f.Version
	return form
}

func (form *figureForm) setSource(src domain.Source) {
	form.Values["source_url"], form.Values["source_title"] = src.URL, src.Title
	form.Values["source_publisher"], form.Values["source_published"] = src.Publisher, src.PublishedOn.String()
	form.Values["source_accessed"], form.Values["archive_url"] = src.AccessedOn.String(), src.ArchiveURL
	form.Values["licence"] = src.Licence
}

// propose fills the fields the sentence speaks to. Fields the editor has
// already filled are left alone; every proposed one is marked, and nothing
// is saved until the editor has seen them and pressed Save. A sentence that
// states no as-of date is proposed to end at the document's publication
// date, when it is known, as document entry proposes it.
func (form *figureForm) propose(o extract.Options, idx *domain.OrgIndex) {
	p := extract.Read(form.Values["excerpt"], o)
	if !p.HasValue {
		form.Notice = "No number was found in the sentence; fill in the value yourself."
		return
	}
	set := func(field, v string) {
		if v != "" && strings.TrimSpace(form.Values[field]) == "" || (field == "qualifier" && form.Values[field] == "exact" && v != "") {
			form.Values[field] = v
			form.Proposed[field] = true
		}
	}
	set("value", domain.FormatPlain(p.Value))
	set("qualifier", string(p.Qualifier))
	set("value_low", numText(p.ValueLow))
	set("value_high", numText(p.ValueHigh))
	set("value_as_stated", p.ValueAsStated)
	set("period_start", p.PeriodStart.String())
	set("period_end", p.PeriodEnd.String())
	if !o.Published.IsZero() {
		set("period_end", o.Published.String()) // a sentence that states no as-of date speaks as of its publication, as document entry reads it
	}
	who, note := proposedAttribution(p.AttributedTo, p.Organization, idx)
	set("attributed_to", who)
	form.Candidates = p.Candidates
	form.Notice = "Proposed from the sentence: check every highlighted field, correct it if needed, then save."
	if note != "" && form.Proposed["attributed_to"] {
		form.Notice += " " + note
	}
}

// figure parses the form into a figure of series s (when found: the form
// names a stored series); every problem is put on the form, and an edit
// must name the version it was made to.
func (form *figureForm) figure(s domain.Series, found bool) domain.Figure {
	if !found {
		form.fail("series", "choose a series (or create one first)")
		s = domain.Series{Slug: "unknown", Unit: "persons"} // to check the other fields all the same
	}
	fields := func(col string) string {
		switch col {
		case "unit":
			return string(s.Unit) // the series' unit; the form does not ask for it again
		case "series":
			return s.Slug
		}
		return form.Values[col]
	}
	_, f, err := exchange.ParseFigure(fields)
	f.Locator = strings.TrimSpace(form.Values["locator"])
	form.check(err)
	form.check(f.ValidateIn(&s))
	if form.IsEdit && form.Version < 1 {
		form.fail("", "The form does not say which version of the figure you edited; reload the figure and make your change again.")
	}
	return f
}

// numText writes an optional number as a form field holds it.
func numText(p *float64) string {
	if p == nil {
		return ""
	}
	return domain.FormatPlain(*p)
}
