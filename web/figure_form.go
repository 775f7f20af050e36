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

// figureForm is what the figure form shows: the values as typed, a message
// next to each field at fault, and which values were proposed from the
// sentence and still need the editor's eye.
type figureForm struct {
	ID         string
	Version    int
	Values     map[string]string
	Errors     map[string]string
	Proposed   map[string]bool
	Candidates []extract.Proposal
	Series     []domain.Series
	Notice     string
	IsEdit     bool
}

func newFigureForm() *figureForm {
	return &figureForm{Values: map[string]string{"qualifier": "exact"}, Errors: map[string]string{}, Proposed: map[string]bool{}}
}

// formFromRequest reads the posted fields back into a form.
func formFromRequest(c *gin.Context) *figureForm {
	f := newFigureForm()
	for _, k := range figureFields {
		f.Values[k] = c.PostForm(k)
	}
	f.ID = c.Param("id")
	f.Version, _ = strconv.Atoi(c.PostForm("version"))
	return f
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
// is saved until the editor has seen them and pressed Save.
func (form *figureForm) propose() {
	p := extract.FromSentence(form.Values["excerpt"])
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
	form.Candidates = p.Candidates
	form.Notice = "Proposed from the sentence: check every highlighted field, correct it if needed, then save."
}

// figure parses the form into domain values for series s. Problems are put
// next to their fields and returned as one error.
func (form *figureForm) figure(s domain.Series) (domain.Series, domain.Figure, error) {
	fields := func(col string) string {
		switch col {
		case "unit":
			return string(s.Unit) // the series' unit; the form does not ask for it again
		case "series":
			return s.Slug
		}
		return form.Values[col]
	}
	series, f, err := exchange.ParseFigure(fields)
	f.Locator = strings.TrimSpace(form.Values["locator"])
	form.addErrors(err)
	return series, f, err
}

// addErrors places the problems of err next to their fields; a problem
// without a field becomes the form's notice.
func (form *figureForm) addErrors(err error) {
	probs := domain.FieldProblems(err)
	for _, p := range probs {
		if _, ok := form.Errors[p.Field]; p.Field != "" && !ok {
			form.Errors[p.Field] = p.Message
		} else if p.Field == "" {
			form.Notice = p.Message
		}
	}
	if len(probs) == 0 && err != nil && domain.ErrorCode(err) != domain.EINTERNAL {
		form.Notice = domain.ErrorMessage(err)
	}
}

// errFormInvalid marks a form that goes back to its author with a message
// beside each field at fault.
var errFormInvalid = domain.Errorf(domain.EINVALID, "the form has problems")

// numText writes an optional number as a form field holds it.
func numText(p *float64) string {
	if p == nil {
		return ""
	}
	return domain.FormatPlain(*p)
}
