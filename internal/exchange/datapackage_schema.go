package exchange

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// PackageDescriptor returns the datapackage.json document of a package
// whose CSV files were written with opt (opt.HXL decides commentRows), that
// cites sources (deduplicated by URL here) and whose files, keyed by resource
// name (PackageFigures, PackageSources, PackageEvents), have the sizes and
// SHA-256 digests given; a file missing from files is described without
// bytes and hash. meta.Contributors are listed as given.
func PackageDescriptor(meta PackageMeta, opt WriteOptions, sources []domain.Source, files map[string]PackageFile) ([]byte, error) {
	lic, err := packageLicenses(meta.Licence)
	if err != nil {
		return nil, err
	}
	created := meta.Created
	if created.IsZero() {
		created = time.Now()
	}
	home := meta.Homepage
	if home == "" {
		home = strings.TrimRight(opt.BaseURL, "/")
	}
	d := dpDescriptor{
		Schema:      PackageProfile,
		Name:        packageName(meta.Name),
		Title:       meta.Title,
		Description: meta.Description,
		Created:     created.UTC().Format(time.RFC3339),
		Homepage:    domain.URI(home),
		Keywords:    []string{"displacement", "migration", "humanitarian", "HXL"},
		Licenses:    lic,
	}
	if meta.Version > 0 {
		d.Version = strconv.FormatInt(meta.Version, 10)
	}
	publisher := dpContributor{Title: PackagePublisher, Roles: []string{"creator", "publisher"}}
	if site := strings.TrimRight(opt.BaseURL, "/"); site != "" {
		publisher.Path = domain.URI(site)
	}
	d.Contributors = append(d.Contributors, publisher)
	seen := map[string]bool{PackagePublisher: true}
	for _, c := range meta.Contributors {
		if title := strings.TrimSpace(c.Title); title != "" && !seen[title] {
			seen[title] = true
			d.Contributors = append(d.Contributors, dpContributor{Title: title, Path: domain.URI(c.Path), Roles: []string{"dataCollector"}})
		}
	}
	for _, s := range distinctSources(sources) {
		title := s.Title
		if title == "" {
			title = s.URL
		}
		d.Sources = append(d.Sources, dpSource{Title: title, Path: domain.URI(s.URL)})
	}
	d.Resources = []dpResource{
		packageResource(PackageFigures, "Figures",
			"One row per sourced figure: the number as published, in the series' unit, with its qualifier, "+
				"period, the organisation it is attributed to, the document it was read in and the verbatim excerpt. "+
				"The canonical figures CSV of Displacement Tracker: it can be imported back without loss.",
			FigureColumns, "figure_id", opt.HXL, files),
		packageResource(PackageSources, "Sources",
			"One row per document cited by a figure or an event, keyed by its address.",
			packageSourceColumns, "source_url", opt.HXL, files),
		packageResource(PackageEvents, "Events",
			"Dated, sourced events (deadlines, policy dates) that the charts draw on their time line.",
			EventColumns, "event_id", opt.HXL, files),
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("exchange: datapackage.json: %w", err)
	}
	return b.Bytes(), nil
}

var nameInvalid = regexp.MustCompile(`[^a-z0-9._-]+`)

// packageName makes s a package name: lower-case letters, digits, ".", "-"
// and "_".
func packageName(s string) string {
	n := strings.Trim(nameInvalid.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if n == "" {
		return "displacement-tracker"
	}
	return n
}

// knownLicences gives the address and title of common data licences, by
// SPDX id.
var knownLicences = map[string]struct{ id, path, title string }{
	"cc-by-4.0":     {"CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0 International"},
	"cc-by-sa-4.0":  {"CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/", "Creative Commons Attribution Share Alike 4.0 International"},
	"cc-by-nc-4.0":  {"CC-BY-NC-4.0", "https://creativecommons.org/licenses/by-nc/4.0/", "Creative Commons Attribution Non Commercial 4.0 International"},
	"cc-by-3.0-igo": {"CC-BY-3.0-IGO", "https://creativecommons.org/licenses/by/3.0/igo/", "Creative Commons Attribution 3.0 IGO"},
	"cc0-1.0":       {"CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/", "Creative Commons Zero v1.0 Universal"},
	"odc-by-1.0":    {"ODC-By-1.0", "https://opendatacommons.org/licenses/by/1-0/", "Open Data Commons Attribution License v1.0"},
	"odbl-1.0":      {"ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/", "Open Data Commons Open Database License v1.0"},
	"pddl-1.0":      {"PDDL-1.0", "https://opendatacommons.org/licenses/pddl/1-0/", "Open Data Commons Public Domain Dedication & License 1.0"},
}

var licenceName = regexp.MustCompile(`^[-a-zA-Z0-9._]+$`) // the profile's pattern for a licence name

func packageLicenses(id string) ([]dpLicense, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return nil, nil
	}
	if k, ok := knownLicences[strings.ToLower(id)]; ok {
		return []dpLicense{{Name: k.id, Path: k.path, Title: k.title}}, nil
	}
	if !licenceName.MatchString(id) {
		return nil, fmt.Errorf("exchange: datapackage.json: licence %q is not a licence identifier (for example CC-BY-4.0)", id)
	}
	return []dpLicense{{Name: id}}, nil
}

// The descriptor's parts, in the order datapackage.json writes them.
type (
	dpDescriptor struct {
		Schema       string          `json:"$schema"`
		Name         string          `json:"name"`
		Title        string          `json:"title,omitempty"`
		Description  string          `json:"description,omitempty"`
		Version      string          `json:"version,omitempty"`
		Created      string          `json:"created"`
		Homepage     string          `json:"homepage,omitempty"`
		Keywords     []string        `json:"keywords"`
		Licenses     []dpLicense     `json:"licenses,omitempty"`
		Contributors []dpContributor `json:"contributors"`
		Sources      []dpSource      `json:"sources,omitempty"`
		Resources    []dpResource    `json:"resources"`
	}
	dpLicense struct {
		Name  string `json:"name"`
		Path  string `json:"path,omitempty"`
		Title string `json:"title,omitempty"`
	}
	dpContributor struct {
		Title string   `json:"title"`
		Path  string   `json:"path,omitempty"`
		Roles []string `json:"roles"`
	}
	dpSource struct {
		Title string `json:"title"`
		Path  string `json:"path"`
	}
	dpResource struct {
		Name        string    `json:"name"`
		Type        string    `json:"type"`
		Path        string    `json:"path"`
		Title       string    `json:"title"`
		Description string    `json:"description"`
		Format      string    `json:"format"`
		Mediatype   string    `json:"mediatype"`
		Encoding    string    `json:"encoding"`
		Bytes       int64     `json:"bytes,omitempty"`
		Hash        string    `json:"hash,omitempty"`
		Dialect     dpDialect `json:"dialect"`
		Schema      dpSchema  `json:"schema"`
	}
	dpDialect struct {
		Header         bool   `json:"header"`
		CommentRows    []int  `json:"commentRows,omitempty"`
		Delimiter      string `json:"delimiter"`
		LineTerminator string `json:"lineTerminator"`
		QuoteChar      string `json:"quoteChar"`
		DoubleQuote    bool   `json:"doubleQuote"`
	}
	dpSchema struct {
		Fields        []dpField      `json:"fields"`
		MissingValues []string       `json:"missingValues"`
		PrimaryKey    []string       `json:"primaryKey"`
		ForeignKeys   []dpForeignKey `json:"foreignKeys,omitempty"`
	}
	dpField struct {
		Name        string         `json:"name"`
		Title       string         `json:"title,omitempty"`
		Description string         `json:"description,omitempty"`
		Type        string         `json:"type"`
		Format      string         `json:"format,omitempty"`
		Constraints *dpConstraints `json:"constraints,omitempty"`
		HXL         string         `json:"hxl,omitempty"`
	}
	dpConstraints struct {
		Required bool     `json:"required,omitempty"`
		Pattern  string   `json:"pattern,omitempty"`
		Enum     []string `json:"enum,omitempty"`
		Minimum  *int     `json:"minimum,omitempty"`
	}
	dpForeignKey struct {
		Fields    []string    `json:"fields"`
		Reference dpReference `json:"reference"`
	}
	dpReference struct {
		Resource string   `json:"resource"`
		Fields   []string `json:"fields"`
	}
)

func packageResource(name, title, description string, cols []Column, key string, hxl bool,
	files map[string]PackageFile) dpResource {
	r := dpResource{
		Name: name, Type: "table", Path: name + ".csv", Title: title, Description: description,
		Format: "csv", Mediatype: "text/csv", Encoding: "utf-8",
		Dialect: dpDialect{Header: true, Delimiter: ",", LineTerminator: "\r\n", QuoteChar: `"`, DoubleQuote: true},
		Schema:  dpSchema{MissingValues: []string{""}, PrimaryKey: []string{key}},
	}
	if hxl {
		r.Dialect.CommentRows = []int{2} // row 1 is the header, row 2 the HXL hashtags
	}
	if f, ok := files[name]; ok {
		r.Bytes = f.Bytes
		if f.SHA256 != "" {
			r.Hash = "sha256:" + f.SHA256
		}
	}
	for _, c := range cols {
		r.Schema.Fields = append(r.Schema.Fields, packageField(c, c.Name == key, name))
		if c.Name == "source_url" && name != PackageSources {
			r.Schema.ForeignKeys = append(r.Schema.ForeignKeys, dpForeignKey{Fields: []string{"source_url"},
				Reference: dpReference{Resource: PackageSources, Fields: []string{"source_url"}}})
		}
	}
	return r
}

func packageField(c Column, key bool, resource string) dpField {
	doc, ok := packageColumnDocs[resource+"."+c.Name] // a column that means another thing in this file
	if !ok {
		doc = packageColumnDocs[c.Name]
	}
	f := dpField{Name: c.Name, Title: doc.title, Description: doc.description, Type: "string", HXL: c.HXL}
	con := dpConstraints{Required: doc.required || key, Pattern: doc.pattern, Enum: doc.enum}
	switch doc.kind {
	case colInteger:
		f.Type = "integer"
		zero := 0
		con.Minimum = &zero
	case colURI:
		f.Format = "uri"
	case colDate:
		con.Pattern = datePattern
	case colDateTime:
		f.Type = "datetime" // the default format: RFC 3339 in UTC
	}
	if con.Required || con.Pattern != "" || con.Enum != nil || con.Minimum != nil {
		f.Constraints = &con
	}
	return f
}

type colKind int

const (
	colText colKind = iota
	colInteger
	colURI
	colDate
	colDateTime
)

type columnDoc struct {
	title, description string
	kind               colKind
	required           bool // in every row the package holds
	pattern            string
	enum               []string
}

// Patterns in XML Schema regular expression syntax: each matches the whole
// value.
const (
	datePattern    = `[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?`
	idPattern      = `[A-Za-z0-9][A-Za-z0-9_\-]{0,63}`
	iso3Pattern    = `[A-Z]{3}`
	slugPattern    = `[a-z0-9]+(-[a-z0-9]+)*`
	licencePattern = `[A-Za-z0-9][A-Za-z0-9.+\-]{0,63}`
)

func enumOf[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

const dateForms = " Written as precisely as the source gives it: YYYY-MM-DD, YYYY-MM or YYYY."

// packageColumnDocs describes each column of the package's files
// (DESIGN.md, "The canonical figures CSV").
var packageColumnDocs = map[string]columnDoc{
	"figure_id": {title: "Figure ID", kind: colText, pattern: idPattern,
		description: "Stable identifier of the figure; its permalink is /figures/{figure_id}. An import that names it updates that figure."},
	"series": {title: "Series", required: true, pattern: slugPattern,
		description: "Slug of the series: what is counted, one line on a chart."},
	"series_title": {title: "Series title", required: true, description: "Title of the series."},
	"population_group": {title: "Population group", required: true, enum: enumOf(domain.PopulationGroups),
		description: "Who the series counts."},
	"measure": {title: "Measure", required: true, enum: enumOf(domain.Measures),
		description: "How the series counts: stock = count as of a date; flow = count during a period; " +
			"cumulative = running total since a fixed start date. Stocks are never summed across dates."},
	"unit": {title: "Unit", required: true, enum: enumOf(domain.Units), description: "What the value counts."},
	"from_iso3": {title: "From (ISO 3166-1 alpha-3)", pattern: iso3Pattern,
		description: "Country the movement is from."},
	"to_iso3": {title: "To (ISO 3166-1 alpha-3)", pattern: iso3Pattern,
		description: "Country the movement is to."},
	"period_start": {title: "Period start", kind: colDate,
		description: "First day counted, for a flow or a running total (publishers count \"since September 2023\" from different days)." + dateForms},
	"period_end": {title: "Period end (as of)", kind: colDate, required: true,
		description: "The date the figure is as of; a month or a year stands for its last day." + dateForms},
	"value": {title: "Value", kind: colInteger, required: true,
		description: "The number as published, in the series' unit, as plain digits (1000000). Read it with the qualifier."},
	"qualifier": {title: "Qualifier", required: true, enum: enumOf(domain.Qualifiers),
		description: "How exact the value is: exact; approx (\"nearly\", \"about\", \"some\"); at_least; more_than; " +
			"at_most; less_than; range (between value_low and value_high)."},
	"value_low":       {title: "Value, low", kind: colInteger, description: "Lower bound of a range."},
	"value_high":      {title: "Value, high", kind: colInteger, description: "Upper bound of a range."},
	"value_as_stated": {title: "Value as stated", description: "The source's own words for the number (\"nearly a million\")."},
	"attributed_to": {title: "Attributed to", required: true,
		description: "Who produced the number, in the words of the document it was read in (\"UNHCR (Geneva press briefing)\")."},
	"organizations": {title: "Organisations",
		description: "The organisations the attribution resolves to, by name, separated by \"; \" (a joint report names several); " +
			"empty when the words name nobody. They often differ from the publisher of the document the number was read in."},
	"source_publisher": {title: "Source publisher", required: true, description: "Who published the cited document."},
	"source_title":     {title: "Source title", required: true, description: "Title of the cited document."},
	"source_url": {title: "Source URL", kind: colURI, required: true,
		description: "Address of the cited document; sources.csv has one row per address."},
	"source_published": {title: "Source published", kind: colDate, description: "When the cited document was published." + dateForms},
	"source_accessed":  {title: "Source accessed", kind: colDate, description: "When the cited document was read." + dateForms},
	"archive_url":      {title: "Archive URL", kind: colURI, description: "An archived copy of the cited document."},
	"licence": {title: "Source licence", pattern: licencePattern,
		description: "Licence of the cited document: an SPDX identifier where there is one."},
	"excerpt": {title: "Excerpt", required: true, description: "The verbatim sentence of the source."},
	"notes":   {title: "Notes", description: "Method, caveats and how the number was read."},
	"status": {title: "Status", required: true, enum: enumOf(domain.Statuses),
		description: "Review status; public downloads hold published figures only."},
	"permalink": {title: "Permalink", kind: colURI, required: true,
		description: "Public page of the figure, with its citation and history."},
	"citation": {title: "Citation", required: true, description: "A ready-to-paste citation of the figure."},
	"claim_mark": {title: "Claim mark", enum: enumOf(domain.ClaimMarks),
		description: "A reviewer's mark on the figure among the figures about the same fact (one period of its series): " +
			"preferred (the one to quote, with the others beside it) or deprecated (superseded or known wrong; still cited, never quoted alone); " +
			"empty when it has none. Export only: an import ignores it, because a mark is a reviewed action."},
	"claim_mark_reason": {title: "Claim mark reason", description: "Why the reviewer marked the figure; empty when it has no mark. Export only, like claim_mark."},
	"excerpt_status": {title: "Excerpt status", required: true, enum: enumOf(domain.ExcerptStatuses),
		description: "Whether the excerpt was found in the latest saved copy of the source: found; nearly_found (most words, in order, " +
			"but not all); not_found; or unchecked (no copy saved yet, or not yet checked against the latest one). " +
			"Export only: the server checks excerpts against the copies it keeps, so an import ignores it."},
	"source_saved_at": {title: "Source saved at", kind: colDateTime,
		description: "When the latest copy of the source was saved, RFC 3339 in UTC; empty when no copy was saved. Export only."},
	"source_sha256": {title: "Source SHA-256", pattern: `[0-9a-f]{64}`,
		description: "SHA-256 of the latest saved copy's bytes, lower-case hex; empty when no copy was saved. Export only."},

	"event_id": {title: "Event ID", pattern: idPattern, description: "Stable identifier of the event."},
	"date":     {title: "Date", kind: colDate, required: true, description: "When the event happened or happens." + dateForms},
	"end_date": {title: "End date", kind: colDate, description: "Last day of an event that lasts." + dateForms},
	"title":    {title: "Title", required: true, description: "What happened, in a line."},
	"kind":     {title: "Kind", required: true, enum: enumOf(domain.EventKinds), description: "What sort of event it is."},
	"countries": {title: "Countries", pattern: iso3Pattern + "(;" + iso3Pattern + ")*",
		description: "ISO 3166-1 alpha-3 codes of the countries concerned, separated by semicolons (PAK;AFG)."},
	PackageEvents + ".series": {title: "Linked series", pattern: slugPattern + "(;" + slugPattern + ")*",
		description: "Series the event is linked to by hand, beyond what its countries say, by slug, separated by semicolons; often empty. " +
			"An event applies to a series when linked, or through the series' countries (see the project's docs on events)."},
}
