package exchange

import (
	"archive/zip"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
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
//     Each is listed once, by its name, whatever words the figures used for
//     it, with its page on the site as path. The documents they were read
//     in are the package's sources.
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
	Contributors []PackageContributor
}

// PackageContributor is an organisation the figures are attributed to.
type PackageContributor struct {
	Title string // the organisation's name
	Path  string // its page; empty leaves "path" out
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
	sources  map[string]domain.Source      // by URL
	orgs     map[string]PackageContributor // attributed organisations, by orgKey
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
// CSV files are the plain, byte-faithful canonical format — options meant
// for spreadsheets do not apply — except that addresses are written as
// URIs, as their schema (format: uri) declares.
func NewPackageWriter(w io.Writer, opt WriteOptions) (*PackageWriter, error) {
	opt = WriteOptions{HXL: opt.HXL, BaseURL: opt.BaseURL, URIs: true} // the schema says format: uri
	p := &PackageWriter{zw: zip.NewWriter(w), opt: opt, sources: map[string]domain.Source{}, orgs: map[string]PackageContributor{}}
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
	p.addOrgs(f)
	if err := p.figures.Write(s, f); err != nil {
		p.err = fmt.Errorf("exchange: package figures.csv: %w", err)
	}
	return p.err
}

// addOrgs records the organisations f is attributed to, each once however
// many spellings the figures use for it. A figure whose words are not yet
// resolved to an organisation (Orgs empty) counts by its words, unless
// they name nobody ("(not stated)").
func (p *PackageWriter) addOrgs(f domain.Figure) {
	if len(f.Orgs) == 0 {
		if w := strings.TrimSpace(f.AttributedTo); !domain.NotStated(w) {
			p.orgs["words:"+strings.ToLower(w)] = PackageContributor{Title: w}
		}
		return
	}
	for _, o := range f.Orgs {
		key, path := "name:"+strings.ToLower(o.Name), ""
		if o.Slug != "" {
			key = "slug:" + o.Slug
			if p.opt.BaseURL != "" { // v2 wants a full URL or none
				path = OrgPage(p.opt.BaseURL, o.Slug)
			}
		}
		p.orgs[key] = PackageContributor{Title: o.Name, Path: path}
	}
}

// OrgPage is the public address of an organisation, as a URI.
func OrgPage(baseURL, slug string) string {
	return domain.URI(strings.TrimRight(baseURL, "/") + "/organisations/" + slug)
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
		for _, c := range p.orgs {
			meta.Contributors = append(meta.Contributors, c)
		}
		slices.SortFunc(meta.Contributors, func(a, b PackageContributor) int {
			return cmp.Or(strings.Compare(a.Title, b.Title), strings.Compare(a.Path, b.Path))
		})
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
	if err := writeHeader(cw, packageSourceColumns, opt); err != nil {
		return err
	}
	for _, s := range sources {
		if err := cw.Write([]string{domain.URI(s.URL), s.Title, s.Publisher, s.PublishedOn.String(), s.AccessedOn.String(),
			domain.URI(s.ArchiveURL), s.Licence}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
