package exchange_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

const dpBase = "https://tracker.example.org"

var dpMeta = exchange.PackageMeta{
	Name:        "Displacement Tracker: all figures",
	Title:       "Displacement Tracker: all published figures",
	Description: "Sourced figures about migration and displacement, each with the sentence and document it was read in.",
	Version:     42,
	Created:     time.Date(2025, 6, 5, 12, 30, 0, 0, time.UTC),
	Homepage:    dpBase + "/figures",
	Licence:     "CC-BY-4.0",
}

// dpFig is one figure as the store streamed it.
type dpFig struct {
	s domain.Series
	f domain.Figure
}

// dpBuilt is a package written from the demo dataset, unzipped.
type dpBuilt struct {
	zip    []byte
	files  map[string][]byte
	names  []string // in zip order
	figs   []dpFig
	events []domain.Event
	desc   dpDescriptor
}

// The parts of datapackage.json the tests read.
type dpDescriptor struct {
	Schema       string `json:"$schema"`
	Name         string
	Version      string
	Created      string
	Homepage     string
	Licenses     []struct{ Name, Path, Title string }
	Contributors []struct {
		Title, Path string
		Roles       []string
	}
	Sources   []struct{ Title, Path string }
	Resources []dpResource
}

type dpResource struct {
	Name, Path, Format, Mediatype, Encoding, Hash, Title, Description string
	Bytes                                                             int64
	Dialect                                                           struct {
		Header         bool
		CommentRows    []int
		LineTerminator string
	}
	Schema struct {
		Fields []struct {
			Name, Title, Description, Type, Format, HXL string
			Constraints                                 struct {
				Required bool
				Pattern  string
				Enum     []string
				Minimum  *int64
			}
		}
		PrimaryKey  []string
		ForeignKeys []struct {
			Fields    []string
			Reference struct {
				Resource string
				Fields   []string
			}
		}
	}
}

func (d dpDescriptor) resource(t *testing.T, name string) dpResource {
	t.Helper()
	for _, r := range d.Resources {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("datapackage.json has no resource %q", name)
	return dpResource{}
}

// dpDemo writes the demo dataset's published figures and events as a Data
// Package, streaming the figures from the store as the web handler does.
func dpDemo(t *testing.T, hxl bool) dpBuilt {
	t.Helper()
	ctx := context.Background()
	db := storetest.Demo(t)
	var b dpBuilt
	var buf bytes.Buffer
	pw, err := exchange.NewPackageWriter(&buf, exchange.WriteOptions{HXL: hxl, BaseURL: dpBase})
	if err != nil {
		t.Fatal(err)
	}
	err = db.PublicFigureStream(ctx, store.FigureFilter{}, func(s domain.Series, f domain.Figure) error {
		b.figs = append(b.figs, dpFig{s, f})
		return pw.Write(s, f)
	})
	if err != nil {
		t.Fatal(err)
	}
	if b.events, err = db.PublicEvents(ctx, store.EventFilter{}); err != nil {
		t.Fatal(err)
	}
	if len(b.figs) == 0 || len(b.events) == 0 {
		t.Fatalf("demo: %d figures, %d events", len(b.figs), len(b.events))
	}
	if err := pw.Finish(b.events, dpMeta); err != nil {
		t.Fatal(err)
	}
	if pw.Rows() != len(b.figs) {
		t.Errorf("Rows() = %d, want %d", pw.Rows(), len(b.figs))
	}
	b.zip = buf.Bytes()
	b.files, b.names = dpUnzip(t, b.zip)
	if err := json.Unmarshal(b.files["datapackage.json"], &b.desc); err != nil {
		t.Fatalf("datapackage.json: %v", err)
	}
	return b
}

func dpUnzip(t *testing.T, data []byte) (map[string][]byte, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, dup := files[f.Name]; dup {
			t.Errorf("zip holds %s twice", f.Name)
		}
		files[f.Name] = body
		names = append(names, f.Name)
	}
	return files, names
}

// dpLoader serves the profiles from testdata/datapackage, which mirrors
// https://datapackage.org/, and refuses every other address: the tests never
// use the network.
type dpLoader struct{}

func (dpLoader) Load(u string) (any, error) {
	rest, ok := strings.CutPrefix(u, "https://datapackage.org/")
	if !ok || strings.Contains(rest, "..") {
		return nil, fmt.Errorf("%s: no local copy under testdata/datapackage (the tests do not use the network)", u)
	}
	f, err := os.Open(filepath.Join("testdata", "datapackage", filepath.FromSlash(rest)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

// dpProfile compiles the official v2 profile, asserting formats
// (date-time, uri, email) as well as structure.
func dpProfile(t testing.TB) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.UseLoader(dpLoader{})
	c.UseRegexpEngine(dpRegexp)
	c.AssertFormat()
	sch, err := c.Compile(exchange.PackageProfile)
	if err != nil {
		t.Fatalf("compiling the v2 profile: %v", err)
	}
	return sch
}

func dpValidate(sch *jsonschema.Schema, doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

func TestPackageDemo(t *testing.T) {
	b := dpDemo(t, true)

	// The zip: the descriptor, the three tables and the manifest, nothing else.
	want := []string{"figures.csv", "sources.csv", "events.csv", "datapackage.json", "manifest.sha256"}
	if !slices.Equal(b.names, want) {
		t.Errorf("zip holds %v, want %v", b.names, want)
	}

	// The descriptor is valid against the official v2 profile.
	if b.desc.Schema != exchange.PackageProfile {
		t.Errorf("$schema = %q, want %q", b.desc.Schema, exchange.PackageProfile)
	}
	if err := dpValidate(dpProfile(t), b.files["datapackage.json"]); err != nil {
		t.Fatalf("datapackage.json is not valid against the v2 profile: %v", err)
	}
	if b.desc.Name != "displacement-tracker-all-figures" || b.desc.Version != "42" || b.desc.Created != "2025-06-05T12:30:00Z" ||
		b.desc.Homepage != dpBase+"/figures" {
		t.Errorf("name %q, version %q, created %q, homepage %q", b.desc.Name, b.desc.Version, b.desc.Created, b.desc.Homepage)
	}
	if len(b.desc.Licenses) != 1 || b.desc.Licenses[0].Name != "CC-BY-4.0" ||
		b.desc.Licenses[0].Path != "https://creativecommons.org/licenses/by/4.0/" || b.desc.Licenses[0].Title == "" {
		t.Errorf("licenses = %+v", b.desc.Licenses)
	}

	// Every resource file is in the zip with the size and hash it declares;
	// the manifest agrees, in sha256sum's format.
	for _, r := range b.desc.Resources {
		body, ok := b.files[r.Path]
		if !ok {
			t.Errorf("resource %s: %s is not in the zip", r.Name, r.Path)
			continue
		}
		sum := sha256.Sum256(body)
		if r.Bytes != int64(len(body)) || r.Hash != "sha256:"+hex.EncodeToString(sum[:]) {
			t.Errorf("resource %s declares %d bytes, %s; the file has %d bytes, sha256:%x", r.Name, r.Bytes, r.Hash, len(body), sum)
		}
		if r.Format != "csv" || r.Mediatype != "text/csv" || r.Encoding != "utf-8" || r.Dialect.LineTerminator != "\r\n" || !r.Dialect.Header {
			t.Errorf("resource %s: format %q, mediatype %q, encoding %q, dialect %+v", r.Name, r.Format, r.Mediatype, r.Encoding, r.Dialect)
		}
	}
	dpCheckManifest(t, b.files)

	// figures.csv is exactly what FigureWriter writes; events.csv exactly
	// what WriteEvents writes.
	opt := exchange.WriteOptions{HXL: true, BaseURL: dpBase}
	var fig, ev bytes.Buffer
	fw, err := exchange.NewFigureWriter(&fig, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range b.figs {
		if err := fw.Write(x.s, x.f); err != nil {
			t.Fatal(err)
		}
	}
	if err := fw.Flush(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.files["figures.csv"], fig.Bytes()) {
		t.Errorf("figures.csv differs from FigureWriter's output")
	}
	if err := exchange.WriteEvents(&ev, b.events, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.files["events.csv"], ev.Bytes()) {
		t.Errorf("events.csv differs from WriteEvents' output")
	}

	// Each table holds what its schema says: header, HXL row as comment row,
	// types, constraints, primary and foreign keys.
	tables := map[string][]map[string]string{}
	for _, r := range b.desc.Resources {
		if !slices.Equal(r.Dialect.CommentRows, []int{2}) {
			t.Errorf("resource %s: commentRows = %v, want [2] with the HXL row", r.Name, r.Dialect.CommentRows)
		}
		tables[r.Name] = dpCheckTable(t, r, b.files[r.Path])
	}
	dpCheckForeignKeys(t, b.desc, tables)
	if len(tables["figures"]) != len(b.figs) || len(tables["events"]) != len(b.events) {
		t.Errorf("figures.csv has %d rows for %d figures, events.csv %d for %d events",
			len(tables["figures"]), len(b.figs), len(tables["events"]), len(b.events))
	}

	// sources.csv and the descriptor's sources list every document the
	// figures and the events cite, once.
	cited := map[string]bool{}
	for _, x := range b.figs {
		cited[x.f.Source.URL] = true
	}
	for _, e := range b.events {
		cited[e.Source.URL] = true
	}
	if len(tables["sources"]) != len(cited) || len(b.desc.Sources) != len(cited) {
		t.Errorf("%d documents cited; sources.csv has %d rows, datapackage.json %d sources",
			len(cited), len(tables["sources"]), len(b.desc.Sources))
	}
	for _, s := range b.desc.Sources {
		if !cited[s.Path] || s.Title == "" {
			t.Errorf("source %+v is not a cited document", s)
		}
	}

	// Contributors: the publisher, then each organisation a figure is
	// attributed to (its words while they resolve to none).
	orgs := map[string]bool{}
	for _, x := range b.figs {
		for _, o := range x.f.Orgs {
			orgs[o.Name] = true
		}
		if len(x.f.Orgs) == 0 && !domain.NotStated(x.f.AttributedTo) {
			orgs[x.f.AttributedTo] = true
		}
	}
	c := b.desc.Contributors
	if len(c) != 1+len(orgs) || c[0].Title != exchange.PackagePublisher || !slices.Equal(c[0].Roles, []string{"creator", "publisher"}) ||
		c[0].Path != dpBase {
		t.Fatalf("contributors = %+v", c)
	}
	for _, x := range c[1:] {
		if !orgs[x.Title] || !slices.Equal(x.Roles, []string{"dataCollector"}) {
			t.Errorf("contributor %+v is not an attributed organisation", x)
		}
	}

	dpGolden(t, b)
}

func TestPackageWithoutHXL(t *testing.T) {
	b := dpDemo(t, false)
	if err := dpValidate(dpProfile(t), b.files["datapackage.json"]); err != nil {
		t.Fatalf("datapackage.json is not valid against the v2 profile: %v", err)
	}
	if bytes.Contains(b.files["datapackage.json"], []byte("commentRows")) {
		t.Errorf("commentRows without an HXL row")
	}
	tables := map[string][]map[string]string{}
	for _, r := range b.desc.Resources {
		if r.Dialect.CommentRows != nil {
			t.Errorf("resource %s: commentRows = %v without an HXL row", r.Name, r.Dialect.CommentRows)
		}
		if bytes.Contains(b.files[r.Path], []byte("#meta+url")) {
			t.Errorf("%s holds HXL hashtags", r.Path)
		}
		tables[r.Name] = dpCheckTable(t, r, b.files[r.Path])
	}
	dpCheckForeignKeys(t, b.desc, tables)
	if len(tables["figures"]) != len(b.figs) {
		t.Errorf("figures.csv has %d rows for %d figures", len(tables["figures"]), len(b.figs))
	}
	dpCheckManifest(t, b.files)
}

// TestPackageProfileRejects proves that the validation runs: descriptors
// broken in ways the v2 profile forbids fail it.
func TestPackageProfileRejects(t *testing.T) {
	desc, err := exchange.PackageDescriptor(dpMeta, exchange.WriteOptions{HXL: true, BaseURL: dpBase},
		[]domain.Source{{Title: "A report", URL: "https://example.org/report"}},
		map[string]exchange.PackageFile{exchange.PackageFigures: {Bytes: 10, SHA256: strings.Repeat("ab", 32)}})
	if err != nil {
		t.Fatal(err)
	}
	sch := dpProfile(t)
	if err := dpValidate(sch, desc); err != nil {
		t.Fatalf("the unbroken descriptor is not valid: %v", err)
	}
	cases := map[string]func(d map[string]any){
		"no resources":          func(d map[string]any) { delete(d, "resources") },
		"empty resources":       func(d map[string]any) { d["resources"] = []any{} },
		"resource without name": func(d map[string]any) { delete(dpRes(d, 0), "name") },
		"path out of the package": func(d map[string]any) {
			dpRes(d, 0)["path"] = "../figures.csv"
		},
		"absolute path":           func(d map[string]any) { dpRes(d, 0)["path"] = "/etc/figures.csv" },
		"created not RFC 3339":    func(d map[string]any) { d["created"] = "5 June 2025" },
		"homepage not a URI":      func(d map[string]any) { d["homepage"] = "tracker example" },
		"licence name with space": func(d map[string]any) { d["licenses"].([]any)[0].(map[string]any)["name"] = "CC BY 4.0" },
		"bad hash":                func(d map[string]any) { dpRes(d, 0)["hash"] = "sha256:not-hex" },
		"unknown field type": func(d map[string]any) {
			dpFields(d, 0)[0].(map[string]any)["type"] = "text"
		},
		"commentRows zero":  func(d map[string]any) { dpRes(d, 0)["dialect"].(map[string]any)["commentRows"] = []any{0} },
		"contributor empty": func(d map[string]any) { d["contributors"] = []any{map[string]any{}} },
	}
	for name, breakIt := range cases {
		t.Run(name, func(t *testing.T) {
			var d map[string]any
			if err := json.Unmarshal(desc, &d); err != nil {
				t.Fatal(err)
			}
			breakIt(d)
			broken, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if err := dpValidate(sch, broken); err == nil {
				t.Errorf("the profile accepts a descriptor with %s", name)
			}
		})
	}
}

func dpRes(d map[string]any, i int) map[string]any { return d["resources"].([]any)[i].(map[string]any) }

func dpFields(d map[string]any, i int) []any {
	return dpRes(d, i)["schema"].(map[string]any)["fields"].([]any)
}

func TestPackageDescriptorAlone(t *testing.T) {
	// Without sizes and hashes (a caller that wants the descriptor alone),
	// bytes and hash are left out and the descriptor is still valid.
	meta := exchange.PackageMeta{Name: "afg-returns", Title: "Afghans returned", Licence: "cc0-1.0",
		Contributors: []exchange.PackageContributor{{Title: "IOM"}, {Title: "UNHCR"}, {Title: "IOM"}, {Title: " "}}}
	desc, err := exchange.PackageDescriptor(meta, exchange.WriteOptions{BaseURL: dpBase + "/"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := dpValidate(dpProfile(t), desc); err != nil {
		t.Fatalf("not valid against the v2 profile: %v\n%s", err, desc)
	}
	var d dpDescriptor
	if err := json.Unmarshal(desc, &d); err != nil {
		t.Fatal(err)
	}
	for _, r := range d.Resources {
		if r.Bytes != 0 || r.Hash != "" || r.Dialect.CommentRows != nil {
			t.Errorf("resource %s: bytes %d, hash %q, commentRows %v", r.Name, r.Bytes, r.Hash, r.Dialect.CommentRows)
		}
	}
	if d.Homepage != dpBase || d.Licenses[0].Name != "CC0-1.0" || d.Created == "" || d.Version != "" {
		t.Errorf("homepage %q, licenses %+v, created %q, version %q", d.Homepage, d.Licenses, d.Created, d.Version)
	}
	var names []string
	for _, c := range d.Contributors {
		names = append(names, c.Title)
	}
	if !slices.Equal(names, []string{exchange.PackagePublisher, "IOM", "UNHCR"}) {
		t.Errorf("contributors %v", names)
	}

	meta.Licence = "CC BY 4.0"
	if _, err := exchange.PackageDescriptor(meta, exchange.WriteOptions{}, nil, nil); err == nil {
		t.Errorf("a licence that is not an identifier is accepted")
	}
}

// TestPackageStreams checks that figures.csv reaches the underlying writer
// while figures are written, before Finish, and that a large package is
// still whole and valid.
func TestPackageStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("slow (a large data package): left out of -short")
	}
	// Collect what the check kept, so that tests after this one (which
	// measure peak heap) start from a small heap.
	t.Cleanup(runtime.GC)
	var out dpCountingWriter
	pw, err := exchange.NewPackageWriter(&out, exchange.WriteOptions{HXL: true, BaseURL: dpBase})
	if err != nil {
		t.Fatal(err)
	}
	const n = 10_000
	s := domain.Series{Slug: "afg-returns", Title: "Afghans returned", PopulationGroup: "returnees",
		Measure: domain.MeasureCumulative, Unit: "persons", FromISO3: "PAK", ToISO3: "AFG"}
	for i := range n {
		f := domain.Figure{ID: fmt.Sprintf("f%06d", i), Value: float64(1000 + i), Qualifier: domain.Exact,
			PeriodStart: domain.MustDate("2023-09"), PeriodEnd: domain.DateOf(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%700)),
			Source:       domain.Source{Title: fmt.Sprintf("Report %d", i%40), Publisher: "IOM", URL: fmt.Sprintf("https://example.org/report/%d", i%40)},
			AttributedTo: []string{"IOM", "UNHCR", "Government of Pakistan"}[i%3], Status: domain.StatusPublished,
			Excerpt: fmt.Sprintf("Row %d: %d people have returned, officials said.", i, 1000+i)}
		if err := pw.Write(s, f); err != nil {
			t.Fatal(err)
		}
	}
	if out.n < 50_000 {
		t.Errorf("only %d bytes reached the writer before Finish: figures.csv is not streamed", out.n)
	}
	t.Logf("%d figures: %d bytes of the zip written before Finish", n, out.n)
	if err := pw.Finish(nil, exchange.PackageMeta{Name: "big", Created: dpMeta.Created}); err != nil {
		t.Fatal(err)
	}
	files, _ := dpUnzip(t, out.buf.Bytes())
	var d dpDescriptor
	if err := json.Unmarshal(files["datapackage.json"], &d); err != nil {
		t.Fatal(err)
	}
	if err := dpValidate(dpProfile(t), files["datapackage.json"]); err != nil {
		t.Fatalf("not valid against the v2 profile: %v", err)
	}
	tables := map[string][]map[string]string{}
	for _, r := range d.Resources {
		tables[r.Name] = dpCheckTable(t, r, files[r.Path])
	}
	dpCheckForeignKeys(t, d, tables)
	dpCheckManifest(t, files)
	if len(tables["figures"]) != n || len(tables["sources"]) != 40 || len(tables["events"]) != 0 || len(d.Contributors) != 4 {
		t.Errorf("%d figures, %d sources, %d events, %d contributors", len(tables["figures"]), len(tables["sources"]),
			len(tables["events"]), len(d.Contributors))
	}
}

type dpCountingWriter struct {
	buf bytes.Buffer
	n   int
}

func (w *dpCountingWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	return w.buf.Write(p)
}

func TestPackageWriterLifecycle(t *testing.T) {
	pw, err := exchange.NewPackageWriter(io.Discard, exchange.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := pw.Finish(nil, exchange.PackageMeta{}); err != nil {
		t.Fatal(err)
	}
	if err := pw.Write(domain.Series{}, domain.Figure{}); err == nil {
		t.Errorf("Write after Finish succeeded")
	}
	if err := pw.Finish(nil, exchange.PackageMeta{}); err == nil {
		t.Errorf("Finish twice succeeded")
	}

	// A writer that fails makes Write or Finish fail, not panic.
	pw, err = exchange.NewPackageWriter(dpFailingWriter{}, exchange.WriteOptions{})
	if err != nil {
		return // failing at the header is fine too
	}
	s := domain.Series{Slug: "s", Title: "S"}
	f := domain.Figure{ID: "f1", Excerpt: strings.Repeat("x", 1<<16), Source: domain.Source{URL: "https://example.org"}}
	var werr error
	for range 10 {
		if werr = pw.Write(s, f); werr != nil {
			break
		}
	}
	if ferr := pw.Finish(nil, exchange.PackageMeta{}); werr == nil && ferr == nil {
		t.Errorf("writing to a failing writer succeeded")
	}
}

type dpFailingWriter struct{}

func (dpFailingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// dpCheckManifest checks manifest.sha256 as `sha256sum -c` would.
func dpCheckManifest(t *testing.T, files map[string][]byte) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(files["manifest.sha256"]), "\n"), "\n")
	var listed []string
	for _, l := range lines {
		sum, name, ok := strings.Cut(l, "  ")
		body, found := files[name]
		got := sha256.Sum256(body)
		if !ok || !found || sum != hex.EncodeToString(got[:]) {
			t.Errorf("manifest line %q does not match the zip", l)
		}
		listed = append(listed, name)
	}
	want := []string{"figures.csv", "sources.csv", "events.csv", "datapackage.json"}
	if !slices.Equal(listed, want) {
		t.Errorf("manifest lists %v, want %v", listed, want)
	}
}

// dpCheckTable checks a CSV file against its resource's dialect and Table
// Schema as a Frictionless validator would, and returns its data rows.
func dpCheckTable(t *testing.T, r dpResource, data []byte) []map[string]string {
	t.Helper()
	if first, _, ok := bytes.Cut(data, []byte("\n")); !ok || !bytes.HasSuffix(first, []byte("\r")) {
		t.Errorf("%s: the header row does not end with CRLF", r.Path)
	}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Errorf("%s starts with a BOM", r.Path)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", r.Path, err)
	}
	fields := r.Schema.Fields
	var names []string
	for _, f := range fields {
		names = append(names, f.Name)
		if f.Title == "" || f.Description == "" || f.HXL == "" || f.Type == "" {
			t.Errorf("%s: field %s lacks a title, description, type or hashtag", r.Path, f.Name)
		}
	}
	if len(recs) == 0 || !slices.Equal(recs[0], names) {
		t.Fatalf("%s: header %v, schema fields %v", r.Path, recs[0], names)
	}
	var rows []map[string]string
	keys := map[string]int{}
	for i, rec := range recs[1:] {
		rowNum := i + 2
		if slices.Contains(r.Dialect.CommentRows, rowNum) {
			for j, cell := range rec {
				if cell != fields[j].HXL {
					t.Errorf("%s: comment row %d, column %s: %q is not the field's hashtag %q", r.Path, rowNum, names[j], cell, fields[j].HXL)
				}
			}
			continue
		}
		row := map[string]string{}
		for j, cell := range rec {
			f := fields[j]
			row[f.Name] = cell
			where := fmt.Sprintf("%s row %d, %s = %q", r.Path, rowNum, f.Name, cell)
			if cell == "" { // missingValues [""]
				if f.Constraints.Required || slices.Contains(r.Schema.PrimaryKey, f.Name) {
					t.Errorf("%s: required", where)
				}
				continue
			}
			if strings.HasPrefix(cell, "#") && i == 0 {
				t.Errorf("%s: an HXL row that is not a comment row", where)
			}
			if c := f.Constraints; c.Enum != nil && !slices.Contains(c.Enum, cell) {
				t.Errorf("%s: not one of %v", where, c.Enum)
			}
			if p := f.Constraints.Pattern; p != "" && !regexp.MustCompile(`^(?:`+p+`)$`).MatchString(cell) {
				t.Errorf("%s: does not match %s", where, p)
			}
			switch f.Type {
			case "integer":
				v, err := strconv.ParseInt(cell, 10, 64)
				if err != nil || (f.Constraints.Minimum != nil && v < *f.Constraints.Minimum) {
					t.Errorf("%s: not an integer of at least %v", where, f.Constraints.Minimum)
				}
			case "string":
			default:
				t.Errorf("%s: unexpected type %s", where, f.Type)
			}
			if f.Format == "uri" {
				if u, err := url.Parse(cell); err != nil || u.Scheme == "" || u.Host == "" {
					t.Errorf("%s: not an absolute URI", where)
				}
			}
		}
		var key []string
		for _, k := range r.Schema.PrimaryKey {
			key = append(key, row[k])
		}
		if prev, dup := keys[strings.Join(key, "\x00")]; dup {
			t.Errorf("%s: rows %d and %d have the same primary key %v", r.Path, prev, rowNum, key)
		}
		keys[strings.Join(key, "\x00")] = rowNum
		rows = append(rows, row)
	}
	return rows
}

// dpCheckForeignKeys checks that every foreign key names a resource and
// fields that exist and that every value it holds is found there.
func dpCheckForeignKeys(t *testing.T, d dpDescriptor, tables map[string][]map[string]string) {
	t.Helper()
	checked := 0
	for _, r := range d.Resources {
		for _, fk := range r.Schema.ForeignKeys {
			ref := d.resource(t, fk.Reference.Resource)
			if len(fk.Fields) != 1 || len(fk.Reference.Fields) != 1 || !slices.Equal(ref.Schema.PrimaryKey, fk.Reference.Fields) {
				t.Errorf("%s: foreign key %+v does not reference %s's primary key", r.Name, fk, ref.Name)
				continue
			}
			have := map[string]bool{}
			for _, row := range tables[ref.Name] {
				have[row[fk.Reference.Fields[0]]] = true
			}
			for i, row := range tables[r.Name] {
				if v := row[fk.Fields[0]]; v != "" && !have[v] {
					t.Errorf("%s row %d: %s %q is not in %s", r.Name, i+1, fk.Fields[0], v, ref.Path)
				}
			}
			checked++
		}
	}
	if checked != 2 {
		t.Errorf("%d foreign keys checked, want 2 (figures and events to sources)", checked)
	}
}

// dpGolden compares the descriptor with testdata/datapackage/demo.golden.json,
// its volatile fields normalised: created, and the size and hash of the
// files that hold the ids the store draws at random.
func dpGolden(t *testing.T, b dpBuilt) {
	t.Helper()
	got := string(b.files["datapackage.json"])
	got = regexp.MustCompile(`"created": "[^"]*"`).ReplaceAllString(got, `"created": "<created>"`)
	for _, name := range []string{"figures", "events"} {
		r := b.desc.resource(t, name)
		got = strings.Replace(got, `"bytes": `+strconv.FormatInt(r.Bytes, 10)+",", `"bytes": 0,`, 1)
		got = strings.Replace(got, `"hash": "`+r.Hash+`"`, `"hash": "sha256:<`+r.Path+`>"`, 1)
	}
	path := filepath.Join("testdata", "datapackage", "demo.golden.json")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run Package -update to write it)", err)
	}
	if got == string(want) {
		return
	}
	gs, ws := bufio.NewScanner(strings.NewReader(got)), bufio.NewScanner(bytes.NewReader(want))
	for line := 1; ; line++ {
		g, w := gs.Scan(), ws.Scan()
		if !g && !w {
			break
		}
		if gs.Text() != ws.Text() || g != w {
			t.Fatalf("%s differs at line %d:\n got %q\nwant %q\n(run go test -run Package -update if the change is intended)",
				path, line, gs.Text(), ws.Text())
		}
	}
}

// dpRegexp is the validator's regular expression engine: JSON Schema's
// patterns are ECMAScript's (the v2 profile's path pattern uses
// look-aheads, which Go's RE2 refuses), so regexp2 in its ECMAScript mode.
func dpRegexp(s string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(s, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	return dpECMARegexp{re}, nil
}

type dpECMARegexp struct{ *regexp2.Regexp }

func (re dpECMARegexp) MatchString(s string) bool {
	ok, err := re.Regexp.MatchString(s)
	return err == nil && ok
}

func TestPackageProfilePathPattern(t *testing.T) {
	// The profile's pattern for a path: a fully qualified URL, or a POSIX
	// path inside the package.
	const pathPattern = `^((?=[^./~])(?!file:)((?!\/\.\.\/)(?!\\)(?!:\/\/).)*|(http|ftp)s?:\/\/.*)$`
	re, err := dpRegexp(pathPattern)
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{
		"figures.csv": true, "data/figures.csv": true, "https://example.org/a?b=c": true, "ftp://example.org/x": true,
		"": false, "../figures.csv": false, "./figures.csv": false, "/etc/passwd": false, "~/x.csv": false,
		"file:///etc/passwd": false, "data/../../x.csv": false, `data\x.csv`: false, "s3://bucket/x": false,
	} {
		if got := re.MatchString(s); got != want {
			t.Errorf("path %q: match %v, want %v", s, got, want)
		}
	}
}
