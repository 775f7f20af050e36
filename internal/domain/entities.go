package domain

import (
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Organization produces or publishes numbers: IOM, a ministry, a newspaper.
// The words a document used for it ("UNHCR (Geneva press briefing)", "the
// UN refugee agency") are its Aliases; a figure keeps the words and points
// at the organisation, so every spelling draws, filters and cites as one.
type Organization struct {
	ID      int64
	Slug    string
	Name    string
	Acronym string
	Kind    OrgKind
	URL     string
	Country string // ISO3, optional
	// ParentID is the body this one belongs to (a ministry's government, a
	// country office's agency); 0 when none.
	ParentID int64
	Aliases  []string
	// MergedInto is the organisation this one was merged into; 0 when it
	// stands on its own. A merged organisation keeps its row and history,
	// and its page redirects.
	MergedInto int64
	Version    int
}

// Ref is the organisation as figures and charts name it.
func (o *Organization) Ref() OrgRef {
	return OrgRef{ID: o.ID, Slug: o.Slug, Name: o.Name, Acronym: o.Acronym}
}

// Validate checks the organization's own rules.
func (o *Organization) Validate() error {
	var p Problems
	if strings.TrimSpace(o.Name) == "" {
		p.Add("name", "is required")
	}
	checkLength(&p, "name", o.Name, MaxLine)
	checkLength(&p, "acronym", o.Acronym, MaxLine)
	for field, v := range map[string]string{"name": o.Name, "acronym": o.Acronym} {
		if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			p.Add(field, "holds a control character; use plain text on one line")
		}
	}
	checkEnum(&p, "kind", o.Kind, OrgKinds)
	if o.URL != "" {
		checkURL(&p, "url", o.URL)
	}
	checkCountry(&p, "country", o.Country)
	if o.ParentID != 0 && o.ParentID == o.ID {
		p.Add("parent", "cannot be the organisation itself")
	}
	for _, a := range o.Aliases {
		checkLength(&p, "aliases", a, MaxLine)
	}
	return p.Err()
}

// OrgRef names one organisation a figure is attributed to, or a source's
// publisher: enough to draw, link and cite it.
type OrgRef struct {
	ID      int64
	Slug    string
	Name    string
	Acronym string
}

// Label is the short name for legends: the acronym when there is one.
func (r OrgRef) Label() string {
	if r.Acronym != "" {
		return r.Acronym
	}
	return r.Name
}

// Source is one cited document: the page or report a number was read in.
type Source struct {
	ID    int64
	Title string
	// Publisher is the publishing organisation's name; on the way in, the
	// words to resolve to it. PublisherOrg is the organisation, once known.
	Publisher    string
	PublisherOrg OrgRef
	URL          string
	PublishedOn  Date
	AccessedOn   Date
	ArchiveURL   string
	Licence      string
	DocType      DocType
	Language     string
	Notes        string
}

// Validate checks the source's rules. Fields are named as the canonical CSV
// names them (source_title, source_url, …).
func (s *Source) Validate() error {
	var p Problems
	if strings.TrimSpace(s.Title) == "" {
		p.Add("source_title", "is required")
	}
	if strings.TrimSpace(s.Publisher) == "" {
		p.Add("source_publisher", "is required")
	}
	checkLength(&p, "source_title", s.Title, MaxLine)
	checkLength(&p, "source_publisher", s.Publisher, MaxLine)
	checkLength(&p, "language", s.Language, MaxLine)
	checkLength(&p, "notes", s.Notes, MaxText) // only the source form has them
	if s.URL == "" {
		p.Add("source_url", "is required: the address of the document the number was read in")
	} else {
		checkURL(&p, "source_url", s.URL)
	}
	if s.ArchiveURL != "" {
		checkURL(&p, "archive_url", s.ArchiveURL)
	}
	if !s.PublishedOn.IsZero() && !s.AccessedOn.IsZero() && s.AccessedOn.Last().Before(s.PublishedOn.First()) {
		p.Add("source_accessed", "%s is before the document was published (%s)", s.AccessedOn, s.PublishedOn)
	}
	if s.DocType != "" && !valid(s.DocType, DocTypes) {
		p.Add("doc_type", "%q is not known; use one of %s", string(s.DocType), oneOf(DocTypes))
	}
	if s.Licence != "" && !licenceForm.MatchString(s.Licence) {
		p.Add("licence", "%q is not a licence identifier (for example CC-BY-4.0)", s.Licence)
	}
	return p.Err()
}

var licenceForm = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.+-]{0,63}$`)

// Series is what is counted: one line on a chart.
type Series struct {
	ID              int64
	Slug            string
	Title           string
	Description     string
	PopulationGroup PopulationGroup
	Measure         Measure
	Unit            Unit
	FromISO3        string
	ToISO3          string
	Location        string
}

var slugForm = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// ValidSlug reports whether slug can name a series: lower-case letters,
// digits and single hyphens, at most 100 characters.
func ValidSlug(slug string) bool { return len(slug) <= 100 && slugForm.MatchString(slug) }

// Validate checks the series' rules.
func (s *Series) Validate() error {
	var p Problems
	switch {
	case s.Slug == "":
		p.Add("series", "is required")
	case len(s.Slug) > 100:
		p.Add("series", "is %d characters long; the limit is 100", len(s.Slug))
	case !slugForm.MatchString(s.Slug):
		p.Add("series", "%q is not a slug: use lower-case letters, digits and single hyphens", s.Slug)
	}
	if strings.TrimSpace(s.Title) == "" {
		p.Add("series_title", "is required for a new series")
	}
	s.checkLengths(&p)
	checkEnum(&p, "population_group", s.PopulationGroup, PopulationGroups)
	checkEnum(&p, "measure", s.Measure, Measures)
	checkEnum(&p, "unit", s.Unit, Units)
	checkCountry(&p, "from_iso3", s.FromISO3)
	checkCountry(&p, "to_iso3", s.ToISO3)
	return p.Err()
}

// Figure is one sourced number in a series.
type Figure struct {
	ID            string
	SeriesID      int64
	Value         float64
	Qualifier     Qualifier
	ValueLow      *float64 // only for Range
	ValueHigh     *float64 // only for Range
	ValueAsStated string
	PeriodStart   Date
	PeriodEnd     Date
	Source        Source
	// AttributedTo is the attribution in the source's own words ("UNHCR
	// (Geneva press briefing)", "Pakistani border officials"): what the
	// public reads next to the excerpt. Orgs are the organisations those
	// words resolve to (a joint report: several; words that name nobody,
	// such as "(not stated)": none). Charts, filters, colours, citations
	// and disagreement use Orgs.
	AttributedTo string
	Orgs         []OrgRef
	Excerpt      string
	// Evidence is the kept check of Excerpt against the source's latest
	// saved copy (read-only: set by the store's reads, never written).
	Evidence     Evidence
	Locator      string
	Notes        string
	Status       Status
	Version      int
	CreatedBy    string
	UpdatedBy    string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	StatusReason string // why it was sent back or retracted
	ReviewedBy   string // who approved the published version
	ReviewedAt   time.Time
	// Mark is a reviewer's judgement of this claim among the others about
	// the same fact (preferred or deprecated), with the reason the public
	// reads. It is set by a reviewed proposal (four eyes): MarkedBy
	// proposed it, MarkApprovedBy approved it at MarkedAt. MarkNone when
	// unmarked.
	Mark           ClaimMark
	MarkReason     string
	MarkedBy       string
	MarkApprovedBy string
	MarkedAt       time.Time
}

var idForm = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// ValidID reports whether id can name a figure or event: letters, digits,
// "-" and "_", at most 64 characters, so that it is safe in a URL path.
func ValidID(id string) bool { return idForm.MatchString(id) }

// Validate checks the figure's own rules and its source's. The series rules
// that depend on the measure are checked by ValidateIn.
func (f *Figure) Validate() error {
	var p Problems
	if f.ID != "" && !ValidID(f.ID) {
		p.Add("figure_id", "%q is not an id: use letters, digits, - and _ (at most 64)", f.ID)
	}
	checkCount(&p, "value", f.Value)
	checkEnum(&p, "qualifier", f.Qualifier, Qualifiers)
	if f.Qualifier == Range {
		if f.ValueLow == nil {
			p.Add("value_low", "is required when qualifier is range")
		} else {
			checkCount(&p, "value_low", *f.ValueLow)
		}
		if f.ValueHigh == nil {
			p.Add("value_high", "is required when qualifier is range")
		} else {
			checkCount(&p, "value_high", *f.ValueHigh)
		}
		if f.ValueLow != nil && f.ValueHigh != nil {
			lo, hi := *f.ValueLow, *f.ValueHigh
			switch {
			case lo > hi:
				p.Add("value_low", "%s is greater than value_high %s", FormatNumber(lo), FormatNumber(hi))
			case f.Value < lo || f.Value > hi:
				p.Add("value", "%s is outside the range %s to %s", FormatNumber(f.Value), FormatNumber(lo), FormatNumber(hi))
			}
		}
	} else if f.Qualifier != "" {
		if f.ValueLow != nil {
			p.Add("value_low", "is only for qualifier range (this figure is %s)", f.Qualifier)
		}
		if f.ValueHigh != nil {
			p.Add("value_high", "is only for qualifier range (this figure is %s)", f.Qualifier)
		}
	}
	if f.PeriodEnd.IsZero() {
		p.Add("period_end", "is required: the date the figure is as of")
	} else if !f.PeriodStart.IsZero() && f.PeriodEnd.Last().Before(f.PeriodStart.First()) {
		p.Add("period_end", "%s is before period_start %s", f.PeriodEnd, f.PeriodStart)
	}
	if strings.TrimSpace(f.AttributedTo) == "" {
		p.Add("attributed_to", "is required: the organization that produced the number")
	}
	if strings.TrimSpace(f.Excerpt) == "" {
		p.Add("excerpt", "is required: the verbatim sentence the number was read in")
	}
	checkLength(&p, "attributed_to", f.AttributedTo, MaxLine)
	checkLength(&p, "value_as_stated", f.ValueAsStated, MaxLine)
	checkLength(&p, "locator", f.Locator, MaxLine)
	checkLength(&p, "excerpt", f.Excerpt, MaxText)
	checkLength(&p, "notes", f.Notes, MaxText)
	if f.Status != "" && !valid(f.Status, Statuses) {
		p.Add("status", "%q is not known; use one of %s", string(f.Status), oneOf(Statuses))
	}
	if err := f.Source.Validate(); err != nil {
		p = append(p, FieldProblems(err)...)
	}
	return p.Err()
}

// ValidateIn checks the rules that join a figure to its series: a flow
// counts during a period, so it needs period_start.
func (f *Figure) ValidateIn(s *Series) error {
	var p Problems
	if s.Measure == MeasureFlow && f.PeriodStart.IsZero() {
		p.Add("period_start", "is required for a flow series (%s): a flow is counted during a period", s.Slug)
	}
	return p.Err()
}

// Event is a dated, sourced annotation on charts: a deadline, a policy date.
type Event struct {
	ID        string
	Date      Date
	EndDate   Date
	Title     string
	Kind      EventKind
	Countries []string
	// Series are the slugs of the series the event is linked to by hand,
	// beyond what its countries say (EventApplies).
	Series  []string
	Source  Source
	Excerpt string
	// Evidence is the kept check of Excerpt against the source's latest
	// saved copy (read-only: set by the store's reads, never written).
	Evidence Evidence
	Status   Status
	// StatusReason is why the event was sent back or retracted.
	StatusReason string
	Version      int
	CreatedBy    string
	UpdatedBy    string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Validate checks the event's rules.
func (e *Event) Validate() error {
	var p Problems
	if e.ID != "" && !ValidID(e.ID) {
		p.Add("event_id", "%q is not an id: use letters, digits, - and _ (at most 64)", e.ID)
	}
	if e.Date.IsZero() {
		p.Add("date", "is required")
	} else if !e.EndDate.IsZero() && e.EndDate.Last().Before(e.Date.First()) {
		p.Add("end_date", "%s is before date %s", e.EndDate, e.Date)
	}
	if strings.TrimSpace(e.Title) == "" {
		p.Add("title", "is required")
	}
	checkLength(&p, "title", e.Title, MaxLine)
	checkLength(&p, "excerpt", e.Excerpt, MaxText)
	checkEnum(&p, "kind", e.Kind, EventKinds)
	for _, c := range e.Countries {
		checkCountry(&p, "countries", c)
	}
	for _, slug := range e.Series {
		if !ValidSlug(slug) {
			p.Add("series", "%q is not a series slug: use lower-case letters, digits and single hyphens", slug)
		}
	}
	if strings.TrimSpace(e.Excerpt) == "" {
		p.Add("excerpt", "is required: the verbatim sentence that dates the event")
	}
	if e.Status != "" && !valid(e.Status, Statuses) {
		p.Add("status", "%q is not known; use one of %s", string(e.Status), oneOf(Statuses))
	}
	if err := e.Source.Validate(); err != nil {
		p = append(p, FieldProblems(err)...)
	}
	return p.Err()
}

// Revision is one append-only record of a change: who did what, when, why,
// and the full state after it.
type Revision struct {
	ID       int64
	Entity   string // "figure", "event", "series", "source", "organization"
	EntityID string
	Version  int
	Action   Action
	Actor    string
	At       time.Time
	Reason   string
	Snapshot []byte // JSON of the entity after the change
}

func checkURL(p *Problems, field, raw string) {
	if n := utf8.RuneCountInString(raw); n > MaxURL {
		p.Add(field, "is %d characters long; the limit is %d", n, MaxURL)
		return
	}
	if !checkNoBidi(p, field, raw) {
		return
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		p.Add(field, "%q is not a URL", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		p.Add(field, "%q must start with http:// or https://", raw)
	case u.Hostname() == "":
		p.Add(field, "%q has no host", raw)
	case !utf8.ValidString(raw) || strings.ContainsAny(raw, " \t\r\n"):
		p.Add(field, "%q contains spaces or invalid characters", raw)
	}
}

func checkCountry(p *Problems, field, code string) {
	if code == "" {
		return
	}
	if _, ok := CountryName(code); !ok {
		p.Add(field, "%q is not an ISO 3166-1 alpha-3 country code", code)
	}
}

func checkCount(p *Problems, field string, v float64) {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		p.Add(field, "must be a finite number")
	case v < 0:
		p.Add(field, "%s is negative; counts cannot be", FormatNumber(v))
	case v != math.Trunc(v):
		p.Add(field, "%s is not a whole number; counts of persons, households, deaths and events are whole", strconv.FormatFloat(v, 'f', -1, 64))
	case v > 1e15:
		p.Add(field, "%s is implausibly large", strconv.FormatFloat(v, 'f', -1, 64))
	}
}

// ValidateGiven checks only the fields that are set, for a row that names an
// existing series and need not repeat all of it.
func (s *Series) ValidateGiven() error {
	var p Problems
	if s.Slug == "" {
		p.Add("series", "is required")
	} else if !slugForm.MatchString(s.Slug) || len(s.Slug) > 100 {
		p.Add("series", "%q is not a slug: use lower-case letters, digits and single hyphens (at most 100)", s.Slug)
	}
	if s.PopulationGroup != "" {
		checkEnum(&p, "population_group", s.PopulationGroup, PopulationGroups)
	}
	if s.Measure != "" {
		checkEnum(&p, "measure", s.Measure, Measures)
	}
	checkEnum(&p, "unit", s.Unit, Units)
	checkCountry(&p, "from_iso3", s.FromISO3)
	checkCountry(&p, "to_iso3", s.ToISO3)
	s.checkLengths(&p)
	return p.Err()
}

func (s *Series) checkLengths(p *Problems) {
	checkLength(p, "series_title", s.Title, MaxLine)
	checkLength(p, "location", s.Location, MaxLine)
	checkLength(p, "description", s.Description, MaxText)
}

// Outcome says what saving a figure, event or source did.
type Outcome int

// Outcomes of a save.
const (
	Unchanged Outcome = iota
	Created
	Updated
)
