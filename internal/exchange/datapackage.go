package exchange

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// A Frictionless Data Package (v2, https://datapackage.org) is a zip of
// datapackage.json, figures.csv, sources.csv and events.csv, plus
// manifest.sha256 so that a reporter can check the download with
// `sha256sum -c manifest.sha256`.
//
// Choices the descriptor makes, each allowed by the v2 specification:
//   - Dates (period_start, period_end, the source and event dates) are of
//     type string with the pattern [0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?: the
//     canonical CSV keeps a date as precise as its source ("2023-09",
//     "2024"), and no Table Schema type (date, yearmonth, year) admits all
//     three forms in one column.
//   - Values are integers with minimum 0: the domain accepts whole counts
//     only, written as plain digits.
//   - Patterns follow the XML Schema regular expression syntax that Table
//     Schema names: they match the whole value, so they carry no ^ and $.
//   - Empty cells are missing values (the v2 default, missingValues [""]),
//     so an optional column may be empty and a required one may not.
//   - Each field carries its HXL hashtag in an "hxl" property; descriptors
//     may hold properties the specification does not define.
//   - Contributors: Displacement Tracker, which compiles and publishes the
//     package, has the roles "creator" (v2's role for whoever made the
//     package) and "publisher"; each organisation the figures are attributed
//     to has the role "dataCollector" (DataCite's contributorType, written
//     in lower camel case like v2's own examples): it produced the numbers.
//     The documents they were read in are the package's sources.
//   - version is the dataset version counter as a string, the same number
//     the download's file name carries.
//   - fieldsMatch is left at its default (exact): the v2.0 profile types it
//     wrongly, as an array.

// PackageProfile is the v2 profile that datapackage.json declares as its
// $schema.
const PackageProfile = "https://datapackage.org/profiles/2.0/datapackage.json"

// PackagePublisher is the contributor that compiles and publishes every
// package.
const PackagePublisher = "Displacement Tracker"

// Names of the files in a Data Package zip.
const (
	PackageDescriptorFile = "datapackage.json"
	PackageManifestFile   = "manifest.sha256"
)

// PackageMeta describes the dataset for datapackage.json.
type PackageMeta struct {
	Name, Title, Description string // name: lower-case, [a-z0-9._-]; other characters become "-"
	Version                  int64  // the dataset version
	Created                  time.Time
	Homepage                 string // permalink of the series or the site; empty: the site (WriteOptions.BaseURL)
	Licence                  string // SPDX id of the dataset's licence, e.g. CC-BY-4.0
	// Contributors are the organisations the figures are attributed to.
	// Empty: PackageWriter lists those of the figures it wrote.
	Contributors []string
}

// PackageFile is what datapackage.json says of one CSV file.
type PackageFile struct {
	Bytes  int64  // size; 0 leaves "bytes" out
	SHA256 string // lower-case hex digest; empty leaves "hash" out
}

// Resource names of the package; each is written to NAME.csv.
const (
	PackageFigures = "figures"
	PackageSources = "sources"
	PackageEvents  = "events"
)

// packageSourceColumns are sources.csv's columns: the figures file's source
// columns, with its hashtags.
var packageSourceColumns = pickColumns(FigureColumns,
	"source_url", "source_title", "source_publisher", "source_published", "source_accessed", "archive_url", "licence")

func pickColumns(from []Column, names ...string) []Column {
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = Column{Name: n}
		for _, c := range from {
			if c.Name == n {
				cols[i] = c
			}
		}
	}
	return cols
}

// PackageWriter streams a Data Package zip: figures.csv is written row by
// row while Write is called (bounded memory: only the distinct sources and
// attributed organisations are kept); sources.csv, events.csv,
// datapackage.json and manifest.sha256 are written by Finish.
type PackageWriter struct {
	zw       *zip.Writer
	opt      WriteOptions
	figures  *FigureWriter
	digest   *digestWriter
	sources  map[string]domain.Source // by URL
	orgs     map[string]bool          // attributed organisations
	manifest []manifestLine
	done     bool
	err      error
}

type manifestLine struct{ name, sha256 string }

// The zip entries carry a fixed time, so that the same data and metadata
// make the same bytes.
var packageZipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// NewPackageWriter starts the zip on w and writes figures.csv's header (and,
// with opt.HXL, its HXL row; the dialect then says commentRows: [2]). The
// CSV files are the plain, byte-faithful canonical format: options meant
// for spreadsheets do not apply.
func NewPackageWriter(w io.Writer, opt WriteOptions) (*PackageWriter, error) {
	opt = WriteOptions{HXL: opt.HXL, BaseURL: opt.BaseURL}
	p := &PackageWriter{zw: zip.NewWriter(w), opt: opt, sources: map[string]domain.Source{}, orgs: map[string]bool{}}
	entry, err := p.create(PackageFigures + ".csv")
	if err != nil {
		return nil, err
	}
	p.digest = newDigestWriter(entry)
	if p.figures, err = NewFigureWriter(p.digest, opt); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *PackageWriter) create(name string) (io.Writer, error) {
	w, err := p.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: packageZipTime})
	if err != nil {
		return nil, fmt.Errorf("exchange: package %s: %w", name, err)
	}
	return w, nil
}

// Write writes one figure of series s to figures.csv.
func (p *PackageWriter) Write(s domain.Series, f domain.Figure) error {
	if p.done {
		return errors.New("exchange: package: Write after Finish")
	}
	if p.err != nil {
		return p.err
	}
	p.addSource(f.Source)
	if f.AttributedTo != "" {
		p.orgs[f.AttributedTo] = true
	}
	if err := p.figures.Write(s, f); err != nil {
		p.err = fmt.Errorf("exchange: package figures.csv: %w", err)
	}
	return p.err
}

func (p *PackageWriter) addSource(s domain.Source) {
	if _, seen := p.sources[s.URL]; !seen && s.URL != "" {
		p.sources[s.URL] = s
	}
}

// Rows is how many figures were written.
func (p *PackageWriter) Rows() int { return p.figures.Rows() }

// Finish writes sources.csv (every source the figures and events cite),
// events.csv, datapackage.json and manifest.sha256, and closes the zip. It
// does not close the underlying writer.
func (p *PackageWriter) Finish(events []domain.Event, meta PackageMeta) error {
	if p.done {
		return errors.New("exchange: package: Finish called twice")
	}
	p.done = true
	if p.err != nil {
		return p.err
	}
	p.err = p.finish(events, meta)
	return p.err
}

func (p *PackageWriter) finish(events []domain.Event, meta PackageMeta) error {
	if err := p.figures.Flush(); err != nil {
		return fmt.Errorf("exchange: package figures.csv: %w", err)
	}
	files := map[string]PackageFile{PackageFigures: p.record(PackageFigures, p.digest)}

	for _, e := range events {
		p.addSource(e.Source)
	}
	sources := make([]domain.Source, 0, len(p.sources))
	for _, s := range p.sources {
		sources = append(sources, s)
	}
	sources = distinctSources(sources)
	err := p.entry(PackageSources, files, func(w io.Writer) error { return writeSources(w, sources, p.opt) })
	if err != nil {
		return err
	}
	err = p.entry(PackageEvents, files, func(w io.Writer) error { return WriteEvents(w, events, p.opt) })
	if err != nil {
		return err
	}

	if len(meta.Contributors) == 0 {
		for org := range p.orgs {
			meta.Contributors = append(meta.Contributors, org)
		}
		slices.Sort(meta.Contributors)
	}
	desc, err := PackageDescriptor(meta, p.opt, sources, files)
	if err != nil {
		return err
	}
	if err := p.raw(PackageDescriptorFile, desc); err != nil {
		return err
	}

	var m bytes.Buffer
	for _, l := range p.manifest {
		fmt.Fprintf(&m, "%s  %s\n", l.sha256, l.name) // sha256sum's text format
	}
	w, err := p.create(PackageManifestFile)
	if err != nil {
		return err
	}
	if _, err := w.Write(m.Bytes()); err != nil {
		return fmt.Errorf("exchange: package %s: %w", PackageManifestFile, err)
	}
	if err := p.zw.Close(); err != nil {
		return fmt.Errorf("exchange: package: %w", err)
	}
	return nil
}

// record records a finished CSV file in the manifest and returns what the
// descriptor says of it.
func (p *PackageWriter) record(resource string, d *digestWriter) PackageFile {
	sum := hex.EncodeToString(d.h.Sum(nil))
	p.manifest = append(p.manifest, manifestLine{resource + ".csv", sum})
	return PackageFile{Bytes: d.n, SHA256: sum}
}

// entry writes one CSV file of the package with write.
func (p *PackageWriter) entry(resource string, files map[string]PackageFile, write func(io.Writer) error) error {
	w, err := p.create(resource + ".csv")
	if err != nil {
		return err
	}
	d := newDigestWriter(w)
	if err := write(d); err != nil {
		return fmt.Errorf("exchange: package %s.csv: %w", resource, err)
	}
	files[resource] = p.record(resource, d)
	return nil
}

// raw writes a file that is not a resource (datapackage.json).
func (p *PackageWriter) raw(name string, data []byte) error {
	w, err := p.create(name)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("exchange: package %s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	p.manifest = append(p.manifest, manifestLine{name, hex.EncodeToString(sum[:])})
	return nil
}

// digestWriter counts and hashes what passes through it.
type digestWriter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func newDigestWriter(w io.Writer) *digestWriter { return &digestWriter{w: w, h: sha256.New()} }

func (d *digestWriter) Write(b []byte) (int, error) {
	n, err := d.w.Write(b)
	d.h.Write(b[:n])
	d.n += int64(n)
	return n, err
}

// distinctSources keeps the first source of each URL, ordered by URL.
func distinctSources(in []domain.Source) []domain.Source {
	seen := map[string]bool{}
	var out []domain.Source
	for _, s := range in {
		if s.URL != "" && !seen[s.URL] {
			seen[s.URL] = true
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b domain.Source) int { return strings.Compare(a.URL, b.URL) })
	return out
}

// writeSources writes sources.csv: one row per cited document.
func writeSources(w io.Writer, sources []domain.Source, opt WriteOptions) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := writeHeader(cw, packageSourceColumns, opt.HXL); err != nil {
		return err
	}
	for _, s := range sources {
		if err := cw.Write([]string{s.URL, s.Title, s.Publisher, s.PublishedOn.String(), s.AccessedOn.String(),
			s.ArchiveURL, s.Licence}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

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
		Homepage:    home,
		Keywords:    []string{"displacement", "migration", "humanitarian", "HXL"},
		Licenses:    lic,
	}
	if meta.Version > 0 {
		d.Version = strconv.FormatInt(meta.Version, 10)
	}
	publisher := dpContributor{Title: PackagePublisher, Roles: []string{"creator", "publisher"}}
	if site := strings.TrimRight(opt.BaseURL, "/"); site != "" {
		publisher.Path = site
	}
	d.Contributors = append(d.Contributors, publisher)
	seen := map[string]bool{PackagePublisher: true}
	for _, c := range meta.Contributors {
		if c = strings.TrimSpace(c); c != "" && !seen[c] {
			seen[c] = true
			d.Contributors = append(d.Contributors, dpContributor{Title: c, Roles: []string{"dataCollector"}})
		}
	}
	for _, s := range distinctSources(sources) {
		title := s.Title
		if title == "" {
			title = s.URL
		}
		d.Sources = append(d.Sources, dpSource{Title: title, Path: s.URL})
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
		r.Schema.Fields = append(r.Schema.Fields, packageField(c, c.Name == key))
		if c.Name == "source_url" && name != PackageSources {
			r.Schema.ForeignKeys = append(r.Schema.ForeignKeys, dpForeignKey{Fields: []string{"source_url"},
				Reference: dpReference{Resource: PackageSources, Fields: []string{"source_url"}}})
		}
	}
	return r
}

func packageField(c Column, key bool) dpField {
	doc := packageColumnDocs[c.Name]
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
		description: "The organisation that produced the number; it often differs from the publisher of the document it was read in."},
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

	"event_id": {title: "Event ID", pattern: idPattern, description: "Stable identifier of the event."},
	"date":     {title: "Date", kind: colDate, required: true, description: "When the event happened or happens." + dateForms},
	"end_date": {title: "End date", kind: colDate, description: "Last day of an event that lasts." + dateForms},
	"title":    {title: "Title", required: true, description: "What happened, in a line."},
	"kind":     {title: "Kind", required: true, enum: enumOf(domain.EventKinds), description: "What sort of event it is."},
	"countries": {title: "Countries", pattern: iso3Pattern + "(;" + iso3Pattern + ")*",
		description: "ISO 3166-1 alpha-3 codes of the countries concerned, separated by semicolons (PAK;AFG)."},
}
