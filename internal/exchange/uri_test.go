package exchange_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
)

const (
	arabicURL     = "https://www.aljazeera.net/news/2025/4/25/ترحيل الأفغان"
	arabicArchive = "https://web.archive.org/web/2025/https://www.aljazeera.net/news/ترحيل"
)

// checkURI fails unless s is an RFC 3986 URI (no byte above 0x7F, no space)
// that decodes to want: the same resource, percent-encoded.
func checkURI(t *testing.T, what, s, want string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		if s[i] > 0x7F || s[i] <= ' ' {
			t.Errorf("%s %q holds byte %#x: not a URI", what, s, s[i])
			return
		}
	}
	if back, err := url.PathUnescape(s); err != nil || back != want {
		t.Errorf("%s %q decodes to %q, want %q", what, s, back, want)
	}
	if u, err := url.Parse(s); err != nil || u.Scheme != "https" || u.Host == "" {
		t.Errorf("%s %q: not an absolute URI (%v)", what, s, err)
	}
}

// Every output whose schema says format: uri carries a source's IRI as a
// URI: the Data Package's three CSVs and its descriptor, and the JSON
// figure. The plain CSV keeps the address as given, so that it imports
// back to the same source.
func TestAddressesAreURIsWhereDeclared(t *testing.T) {
	src := domain.Source{ID: 1, URL: arabicURL, ArchiveURL: arabicArchive, Title: "ترحيل", Publisher: "Al Jazeera"}
	s := domain.Series{Slug: "afg-returns", Title: "Returns"}
	f := domain.Figure{ID: "f1", Value: 1, Qualifier: domain.Exact, PeriodEnd: domain.MustDate("2025-04-25"),
		AttributedTo: "UNHCR", Excerpt: "…", Status: domain.StatusPublished, Source: src}
	ev := domain.Event{ID: "e1", Date: domain.MustDate("2025-04-01"), Title: "Deadline", Kind: "policy", Source: src}

	var buf bytes.Buffer
	pw, err := exchange.NewPackageWriter(&buf, exchange.WriteOptions{BaseURL: "https://tracker.example"})
	if err != nil {
		t.Fatal(err)
	}
	if err := pw.Write(s, f); err != nil {
		t.Fatal(err)
	}
	if err := pw.Finish([]domain.Event{ev}, exchange.PackageMeta{}); err != nil {
		t.Fatal(err)
	}
	files, _ := dpUnzip(t, buf.Bytes())
	for _, name := range []string{"figures.csv", "sources.csv", "events.csv"} {
		rows, err := csv.NewReader(bytes.NewReader(files[name])).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%s: %v, %d rows", name, err, len(rows))
		}
		for i, col := range rows[0] {
			switch col {
			case "source_url":
				checkURI(t, name+" source_url", rows[1][i], arabicURL)
			case "archive_url":
				checkURI(t, name+" archive_url", rows[1][i], arabicArchive)
			case "permalink":
				checkURI(t, name+" permalink", rows[1][i], "https://tracker.example/figures/f1")
			}
		}
	}
	var desc struct{ Sources []struct{ Path string } }
	if err := json.Unmarshal(files["datapackage.json"], &desc); err != nil || len(desc.Sources) == 0 {
		t.Fatalf("datapackage.json sources: %v %v", desc.Sources, err)
	}
	checkURI(t, "datapackage.json sources path", desc.Sources[0].Path, arabicURL)

	j := exchange.NewFigureJSON(s, f, "https://tracker.example")
	checkURI(t, "JSON source_url", j.SourceURL, arabicURL)
	checkURI(t, "JSON archive_url", *j.ArchiveURL, arabicArchive)
	checkURI(t, "JSON permalink", j.Permalink, "https://tracker.example/figures/f1")

	var plain bytes.Buffer
	fw, _ := exchange.NewFigureWriter(&plain, exchange.WriteOptions{})
	fw.Write(s, f)
	fw.Flush()
	if !bytes.Contains(plain.Bytes(), []byte(arabicURL)) {
		t.Errorf("the plain CSV does not keep the address as given:\n%s", plain.Bytes())
	}
}
