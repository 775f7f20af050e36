package exchange

import (
	"bufio"
	"encoding/json"
	"io"
	"time"

	"github.com/displacement-tracker/tracker/internal/cite"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// FigureJSON is one figure as the JSON download and the API give it: the
// canonical CSV's columns as an object, numbers as numbers, absent values
// as null, the source and the attributed organisations inline so that one
// object can be cited on its own. attributed_to is the attribution in the
// source's words; organizations are the organisations they resolve to, as
// objects rather than the CSV's "; "-separated names.
type FigureJSON struct {
	FigureID        string    `json:"figure_id"`
	Series          string    `json:"series"`
	SeriesTitle     string    `json:"series_title"`
	PopulationGroup string    `json:"population_group"`
	Measure         string    `json:"measure"`
	Unit            string    `json:"unit"`
	FromISO3        *string   `json:"from_iso3"`
	ToISO3          *string   `json:"to_iso3"`
	PeriodStart     *string   `json:"period_start"`
	PeriodEnd       string    `json:"period_end"`
	Value           float64   `json:"value"`
	Qualifier       string    `json:"qualifier"`
	ValueLow        *float64  `json:"value_low"`
	ValueHigh       *float64  `json:"value_high"`
	ValueAsStated   *string   `json:"value_as_stated"`
	AttributedTo    string    `json:"attributed_to"`
	Organizations   []OrgJSON `json:"organizations"`
	SourcePublisher string    `json:"source_publisher"`
	SourceTitle     string    `json:"source_title"`
	SourceURL       string    `json:"source_url"`
	SourcePublished *string   `json:"source_published"`
	SourceAccessed  *string   `json:"source_accessed"`
	ArchiveURL      *string   `json:"archive_url"`
	Licence         *string   `json:"licence"`
	Excerpt         string    `json:"excerpt"`
	Notes           *string   `json:"notes"`
	Status          string    `json:"status"`
	Permalink       string    `json:"permalink"`
	Citation        string    `json:"citation"`
	// Mark is a reviewer's mark on the claim among the others about its
	// fact ("preferred" or "deprecated"), MarkReason why, MarkedAt when it
	// was approved (RFC 3339, UTC); all three null when it has none.
	Mark       *string `json:"mark"`
	MarkReason *string `json:"mark_reason"`
	MarkedAt   *string `json:"marked_at"`
	// The evidence (EvidenceColumns): the excerpt's kept check against the
	// latest saved copy of the source, and that copy's time (RFC 3339,
	// UTC) and SHA-256, both null when no copy was saved.
	ExcerptStatus string  `json:"excerpt_status"`
	SourceSavedAt *string `json:"source_saved_at"`
	SourceSHA256  *string `json:"source_sha256"`
}

// OrgJSON is an organisation a figure is attributed to: its slug (its page
// is /organisations/{slug}), its name and its acronym (null when it has
// none).
type OrgJSON struct {
	Slug    string  `json:"slug"`
	Name    string  `json:"name"`
	Acronym *string `json:"acronym"`
}

// NewOrgsJSON converts a figure's organisations: always an array, empty
// when there are none, so that a client can range over it without a check.
func NewOrgsJSON(orgs []domain.OrgRef) []OrgJSON {
	out := make([]OrgJSON, len(orgs))
	for i, o := range orgs {
		out[i] = OrgJSON{Slug: o.Slug, Name: o.Name, Acronym: Optional(o.Acronym)}
	}
	return out
}

// Optional is s, or nil when s is empty: JSON null for a value not given.
func Optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// NewFigureJSON converts a figure of series s.
func NewFigureJSON(s domain.Series, f domain.Figure, baseURL string) FigureJSON {
	link := Permalink(baseURL, f.ID)
	return FigureJSON{FigureID: f.ID, Series: s.Slug, SeriesTitle: s.Title, PopulationGroup: string(s.PopulationGroup),
		Measure: string(s.Measure), Unit: string(s.Unit), FromISO3: Optional(s.FromISO3), ToISO3: Optional(s.ToISO3),
		PeriodStart: Optional(f.PeriodStart.String()), PeriodEnd: f.PeriodEnd.String(), Value: f.Value,
		Qualifier: string(f.Qualifier), ValueLow: f.ValueLow, ValueHigh: f.ValueHigh, ValueAsStated: Optional(f.ValueAsStated),
		AttributedTo: f.AttributedTo, Organizations: NewOrgsJSON(f.Orgs), SourcePublisher: f.Source.Publisher, SourceTitle: f.Source.Title,
		SourceURL: domain.URI(f.Source.URL), SourcePublished: Optional(f.Source.PublishedOn.String()),
		SourceAccessed: Optional(f.Source.AccessedOn.String()), ArchiveURL: Optional(domain.URI(f.Source.ArchiveURL)),
		Licence: Optional(f.Source.Licence), Excerpt: f.Excerpt, Notes: Optional(f.Notes), Status: string(f.Status),
		Permalink: link, Citation: cite.Text(s, f, link), Mark: Optional(string(f.Mark)), MarkReason: Optional(f.MarkReason),
		MarkedAt: MarkedAt(f), ExcerptStatus: string(f.Evidence.ExcerptStatusOrUnchecked()),
		SourceSavedAt: Optional(SavedAt(f.Evidence)), SourceSHA256: Optional(f.Evidence.SHA256)}
}

// MarkedAt is when a claim's mark was approved, as RFC 3339 in UTC; nil
// when it has no mark.
func MarkedAt(f domain.Figure) *string {
	if f.Mark == domain.MarkNone || f.MarkedAt.IsZero() {
		return nil
	}
	return Optional(f.MarkedAt.UTC().Format(time.RFC3339))
}

// JSONWriter streams figures as one JSON array, an object per figure,
// without holding them in memory.
type JSONWriter struct {
	w    *bufio.Writer
	enc  *json.Encoder
	opt  WriteOptions
	rows int
}

// NewJSONWriter starts the array.
func NewJSONWriter(w io.Writer, opt WriteOptions) (*JSONWriter, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	_, err := bw.WriteString("[")
	return &JSONWriter{w: bw, enc: enc, opt: opt}, err
}

// Write adds one figure of series s.
func (jw *JSONWriter) Write(s domain.Series, f domain.Figure) error {
	sep := ",\n"
	if jw.rows == 0 {
		sep = "\n"
	}
	if _, err := jw.w.WriteString(sep); err != nil {
		return err
	}
	jw.rows++
	return jw.enc.Encode(NewFigureJSON(s, f, jw.opt.BaseURL)) // Encode ends with a newline, which is fine in JSON
}

// Flush closes the array and writes what is buffered.
func (jw *JSONWriter) Flush() error {
	if _, err := jw.w.WriteString("]\n"); err != nil {
		return err
	}
	return jw.w.Flush()
}
