package web_test

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

const (
	iomSeries = "afg-returns-from-pak-cumulative-since-2023-09"
	govSeries = "afg-repatriated-from-pak-cumulative-pak-gov"
)

// newSite serves the demo dataset from a real SQLite file on a real
// listener.
func newSite(t *testing.T) (*httptest.Server, *store.DB) {
	t.Helper()
	db := storetest.Demo(t)
	ts, _ := serve(t, db, web.Config{})
	return ts, db
}

// serve runs a server for db with cfg on a real listener, closed when the
// test ends.
func serve(t testing.TB, db *store.DB, cfg web.Config) (*httptest.Server, *web.Server) {
	return serveLogged(t, db, cfg, io.Discard)
}

// serveLogged is serve with the server's log written to log. The server is
// closed (its background work stopped) after its listener.
func serveLogged(t testing.TB, db *store.DB, cfg web.Config, log io.Writer) (*httptest.Server, *web.Server) {
	t.Helper()
	return serveSet(t, db, cfg, log, func(*web.Server) {})
}

// serveFront is serve with the server's front cache bounded to entries
// and bytes (web.SetFrontBounds; no entries: no front cache).
func serveFront(t testing.TB, db *store.DB, cfg web.Config, entries, bytes int) (*httptest.Server, *web.Server) {
	t.Helper()
	return serveSet(t, db, cfg, io.Discard, func(s *web.Server) { web.SetFrontBounds(s, entries, bytes) })
}

// serveSet is serveLogged with set called on the server before its
// handler is made.
func serveSet(t testing.TB, db *store.DB, cfg web.Config, log io.Writer, set func(*web.Server)) (*httptest.Server, *web.Server) {
	t.Helper()
	srv, err := web.New(db, slog.New(slog.NewTextHandler(log, nil)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	set(srv)
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts, srv
}

// lockedBuffer collects a server's log lines; handlers write from their
// own goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// take returns what was written and empties the buffer.
func (l *lockedBuffer) take() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	l.b.Reset()
	return s
}

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s does not contain %q", what, w)
		}
	}
}

func TestChartSVGCarriesTheSourceLine(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/series/"+iomSeries+"/chart.svg")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	mustContain(t, "chart.svg", body, "Source: IOM via Bloomberg (20 Apr 2025)", "/series/"+iomSeries)
}

func TestChartPNG(t *testing.T) {
	ts, _ := newSite(t)
	for _, size := range []string{"", "?size=small", "?size=social"} {
		resp, body := get(t, ts.URL+"/series/"+govSeries+"/chart.png"+size)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(body, "\x89PNG") {
			t.Errorf("chart.png%s: status %d, type %s", size, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	resp, body := get(t, ts.URL+"/series/"+govSeries+"/chart.png?size=huge")
	if resp.StatusCode != 400 || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("bad size: status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	mustContain(t, "bad size problem", body, `size: \"huge\" is not a size`)
}

func TestFiguresCSV(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/series/"+govSeries+"/figures.csv")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="`+govSeries+`-v`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 12 || rows[0][0] != "figure_id" || rows[1][0] != "#meta+id" {
		t.Errorf("%d rows, header %q, second %q: want header, HXL row, 10 figures", len(rows), rows[0][0], rows[1][0])
	}
	if !strings.Contains(body, "\r\n") {
		t.Error("CSV lines do not end in CRLF")
	}
	_, body = get(t, ts.URL+"/series/"+govSeries+"/figures.csv?hxl=0")
	if strings.Contains(body, "#meta+id") {
		t.Error("?hxl=0 still has the HXL row")
	}
	_, all := get(t, ts.URL+"/figures.csv")
	rows, _ = csv.NewReader(strings.NewReader(all)).ReadAll()
	if len(rows) != 14 {
		t.Errorf("/figures.csv has %d rows, want 12 figures plus two header rows", len(rows))
	}
}

func TestDraftsStayOffEveryPublicRepresentation(t *testing.T) {
	ts, db := newSite(t)
	storetest.Orgs(t, db, "Secret Ministry", "Leaky News")
	draft := "figure_id,series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n" +
		"draft-1," + govSeries + ",persons,2025-05-15,999999,Secret Ministry,Leaky News,Leak,https://example.org/leak,A sentence nobody has checked.\n"
	if _, err := importer.Run(context.Background(), db, "editor", importer.Input{Figures: strings.NewReader(draft)},
		exchange.Options{Status: "draft"}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/series/" + govSeries, "/series/" + govSeries + "/chart.svg",
		"/series/" + govSeries + "/figures.csv", "/figures.csv"} {
		_, body := get(t, ts.URL+path)
		if strings.Contains(body, "nobody has checked") || strings.Contains(body, "Secret Ministry") || strings.Contains(body, "999,999") {
			t.Errorf("%s shows the draft", path)
		}
	}
	if resp, _ := get(t, ts.URL+"/figures/draft-1"); resp.StatusCode != 404 {
		t.Errorf("draft permalink: status %d, want 404", resp.StatusCode)
	}
}

func TestNotFound(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/series/no-such-series")
	if resp.StatusCode != 404 || !strings.Contains(body, "<h1>Not found</h1>") || !strings.Contains(body, "no-such-series") {
		t.Errorf("unknown series: status %d\n%s", resp.StatusCode, body)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Content-Security-Policy") == "" {
		t.Error("the 404 page lacks the security headers")
	}
	resp, body = get(t, ts.URL+"/series/no-such-series/figures.csv")
	if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(body, `"status":404`) {
		t.Errorf("unknown series CSV: status %d type %s body %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if resp, _ := get(t, ts.URL+"/no/such/page"); resp.StatusCode != 404 {
		t.Errorf("unknown path: %d", resp.StatusCode)
	}
}

func TestConditionalAndHeadRequests(t *testing.T) {
	ts, _ := newSite(t)
	url := ts.URL + "/series/" + govSeries + "/chart.svg"
	resp, _ := get(t, url)
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if resp, body := get(t, url, "If-None-Match", etag); resp.StatusCode != 304 || body != "" {
		t.Errorf("If-None-Match: status %d, %d bytes", resp.StatusCode, len(body))
	}
	head, err := http.Head(url)
	if err != nil || head.StatusCode != 200 {
		t.Errorf("HEAD: %v %v", head.StatusCode, err)
	}
}

func TestEventsCSV(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/events.csv?hxl=0")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="displacement-tracker-events-v`) {
		t.Fatalf("status %d, disposition %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 5 || rows[0][0] != "event_id" {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	mustContain(t, "events.csv", body, "2025-04-30,,Deadline for undocumented Afghans to leave Pakistan", "PAK;AFG")
}

// The government's running total fell from about 200,000 (30 Oct 2023) to
// 140,322 (1 Nov 2023): the page says so in words, with both sentences and
// both sources. 59,561 on 21 Oct and about 200,000 on 30 Oct are a total
// that grew, not a disagreement.
func TestDisagreementsShowBothSidesWithTheirSources(t *testing.T) {
	ts, _ := newSite(t)
	_, body := get(t, ts.URL+"/series/"+govSeries)
	mustContain(t, "findings", body, `<h2 id="findings" dir="auto">How the sources compare</h2>`,
		`<p class="finding-counts"><strong>1 fall</strong></p>`,
		"How claims are compared: running totals from the same start whose dates are at most 7 days apart are claims about one fact.",
		"<h3>Running totals that fell</h3>",
		"The running total fell from about 200,000 (Ministry of Interior of Pakistan, as of 30 Oct 2023) to 140,322 (Ministry of Interior of Pakistan, as of 1 Nov 2023), 43% apart",
		"approximately 200,000 out of an estimated 1.7 million", // both excerpts …
		"saying 140,322 of those who had stayed illegally had left.",
		`href="https://menafn.com/1107350272/`, `<span dir="auto">Reuters (DT Next)</span>, 1 Nov 2023`, // … and both sources
	)
	if strings.Contains(body, "Sources that disagree") || strings.Contains(body, "59,561 (") {
		t.Error("a running total that grew is called a disagreement")
	}
}

func TestCitations(t *testing.T) {
	ts, db := newSite(t)
	var id string
	db.PublicFigureStream(context.Background(), store.FigureFilter{SeriesSlug: iomSeries}, func(_ domain.Series, f domain.Figure) error {
		id = f.ID
		return nil
	})
	for format, want := range map[string][]string{
		// The author is the organisation by its name; the key is short, by its acronym.
		"bibtex":   {"@misc{iom2025-", "author       = {{International Organization for Migration}},", ts.URL + "/figures/" + id},
		"ris":      {"TY  - DATA\r\n", "AU  - International Organization for Migration\r\n", "ER  - "},
		"csl-json": {`"type": "dataset"`, `"literal": "International Organization for Migration"`, `"container-title": "Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen"`},
		"text":     {"International Organization for Migration (2025). About 1,000,000 persons", "Accessed"},
	} {
		resp, body := get(t, ts.URL+"/figures/"+id+"/cite?format="+format)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", format, resp.StatusCode)
		}
		mustContain(t, format+" citation", body, want...)
	}
	resp, body := get(t, ts.URL+"/series/"+govSeries+"/cite?format=bibtex")
	if resp.StatusCode != 200 || !strings.Contains(body, "Displacement Tracker") || !strings.Contains(resp.Header.Get("Content-Disposition"), ".bib") {
		t.Errorf("series citation: %d %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	// No address serves an older version, so the citation names none: it
	// says how old its data is instead.
	mustContain(t, "series citation", body, "note         = {Data as of ", ts.URL+"/series/"+govSeries)
	if strings.Contains(body, "version") || strings.Contains(resp.Header.Get("Content-Disposition"), "-v") {
		t.Errorf("series citation names a version no address serves: %q\n%s", resp.Header.Get("Content-Disposition"), body)
	}
	if resp, body := get(t, ts.URL+"/figures/"+id+"/cite?format=pdf"); resp.StatusCode != 400 || !strings.Contains(body, "format") {
		t.Errorf("unknown format: %d %s", resp.StatusCode, body)
	}
}

func TestChartWindowAndParameters(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/series/"+govSeries+"/chart.svg?from=2024-01&to=2024-06")
	if resp.StatusCode != 200 {
		t.Fatalf("window: %d", resp.StatusCode)
	}
	if strings.Contains(body, "Abb Takk") || !strings.Contains(body, "Such TV") {
		t.Error("the windowed chart does not cite exactly the figures inside the window")
	}
	for query, field := range map[string]string{
		"?from=yesterday":            "from",
		"?to=2025-13-01":             "to",
		"?from=2025-01-01&to=2024-1": "to",
		"?size=huge":                 "size",
		"?colour=red":                "colour",
	} {
		resp, body := get(t, ts.URL+"/series/"+govSeries+"/chart.png"+query)
		if resp.StatusCode != 400 || !strings.Contains(body, `"detail":"`+field+`:`) {
			t.Errorf("%s: status %d, body %s; want 400 naming %s", query, resp.StatusCode, body, field)
		}
	}
}

func TestJSONDownload(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/series/"+iomSeries+"/figures.json")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="`+iomSeries+`-v`) {
		t.Fatalf("status %d, disposition %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(body), &rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, body)
	}
	if len(rows) != 1 || rows[0]["value"] != 1000000.0 || rows[0]["attributed_to"] != "IOM" || rows[0]["source_publisher"] != "Bloomberg" ||
		rows[0]["period_start"] != "2023-09-01" || rows[0]["value_low"] != nil || !strings.HasPrefix(rows[0]["citation"].(string), "International Organization for Migration (2025). About 1,000,000 persons") {
		t.Errorf("row %v", rows[0])
	}
	// The words stay "IOM"; the organisation they name is the demo's record.
	if orgs, _ := rows[0]["organizations"].([]any); len(orgs) != 1 || !reflect.DeepEqual(orgs[0], map[string]any{
		"name": "International Organization for Migration", "acronym": "IOM", "slug": "international-organization-for-migration"}) {
		t.Errorf("organizations %v", rows[0]["organizations"])
	}
	_, all := get(t, ts.URL+"/figures.json")
	if err := json.Unmarshal([]byte(all), &rows); err != nil || len(rows) != 12 {
		t.Errorf("/figures.json: %d rows, %v", len(rows), err)
	}
}

// TestSpreadsheetSafeCSV: ?excel=1 neutralises cells that a spreadsheet
// would run as formulas; the plain CSV keeps them byte for byte.
func TestSpreadsheetSafeCSV(t *testing.T) {
	ts, db := newSite(t)
	storetest.Orgs(t, db, "@SUM(A1)", "-Minus")
	evil := "series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt,notes\n" +
		govSeries + `,persons,2025-05-30,5,@SUM(A1),-Minus,+Plus,https://example.org/x,"=HYPERLINK(""http://evil.example"",""click"")","	tab"` + "\n"
	if _, err := importer.Run(context.Background(), db, "test", importer.Input{Figures: strings.NewReader(evil)}, exchange.Options{}); err != nil {
		t.Fatal(err)
	}
	_, plain := get(t, ts.URL+"/series/"+govSeries+"/figures.csv?hxl=0")
	resp, safe := get(t, ts.URL+"/series/"+govSeries+"/figures.csv?hxl=0&excel=1")
	if !strings.Contains(resp.Header.Get("Content-Disposition"), "-excel-v") {
		t.Errorf("disposition %q", resp.Header.Get("Content-Disposition"))
	}
	mustContain(t, "plain CSV", plain, `"=HYPERLINK(""http://evil.example"",""click"")"`, ",@SUM(A1),@SUM(A1),-Minus,+Plus,")
	// Excel on Windows reads a CSV as UTF-8 only after a byte-order mark;
	// the canonical file has none.
	if !strings.HasPrefix(safe, "\uFEFFfigure_id,") || strings.HasPrefix(plain, "\uFEFF") {
		t.Errorf("byte-order mark: ?excel=1 starts %.12q, the plain CSV %.12q", safe, plain)
	}
	mustContain(t, "spreadsheet-safe CSV", safe, `"'=HYPERLINK(""http://evil.example"",""click"")"`, ",'@SUM(A1),'@SUM(A1),'-Minus,'+Plus,", "'\ttab",
		",2025-05-30,5,exact,") // dates and numbers untouched
	// The machine formats stay exact, and the Data Package says so.
	_, pkg := get(t, ts.URL+"/series/"+govSeries+"/datapackage.zip")
	mustContain(t, "datapackage.json", unzip(t, pkg)["datapackage.json"], "exactly as entered", "?excel=1")
	if resp, _ := get(t, ts.URL+"/figures.csv?excel=maybe"); resp.StatusCode != 400 {
		t.Errorf("?excel=maybe: %d", resp.StatusCode)
	}
}

func TestCachedPagesRefuseUnknownParameters(t *testing.T) {
	ts, _ := newSite(t)
	// The home page drops what it does not know instead (see TestHomeFilters).
	for _, path := range []string{"/series/" + govSeries + "?size=huge", "/embed/series/" + govSeries + "?nonce=42"} {
		if resp, _ := get(t, ts.URL+path); resp.StatusCode != 400 {
			t.Errorf("%s: %d, want 400", path, resp.StatusCode)
		}
	}
}

func TestWorkbookAndDataPackageDownloads(t *testing.T) {
	ts, _ := newSite(t)
	for path, wantType := range map[string]string{
		"/series/" + govSeries + "/figures.xlsx":    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"/figures.xlsx":                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"/series/" + govSeries + "/datapackage.zip": "application/zip",
		"/datapackage.zip":                          "application/zip",
	} {
		resp, body := get(t, ts.URL+path)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != wantType || !strings.HasPrefix(body, "PK") {
			t.Errorf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
			continue
		}
		zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
		if err != nil {
			t.Errorf("%s: not a zip: %v", path, err)
			continue
		}
		var names []string
		for _, f := range zr.File {
			names = append(names, f.Name)
		}
		if strings.HasSuffix(path, ".zip") && !slices.Contains(names, "datapackage.json") {
			t.Errorf("%s has %v", path, names)
		}
	}
	if resp, _ := get(t, ts.URL+"/series/nope/figures.xlsx"); resp.StatusCode != 404 {
		t.Errorf("unknown series workbook: %d", resp.StatusCode)
	}
}

func TestReporterBundle(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/series/"+govSeries+"/bundle.zip")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), govSeries+"-bundle-v") {
		t.Fatalf("status %d, disposition %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		files[f.Name] = string(b)
	}
	// The source line and the citations name organisations ("Pakistani
	// officials" is Government of Pakistan), each once.
	if !strings.HasPrefix(files["chart.png"], "\x89PNG") ||
		!strings.Contains(files["chart.svg"], "Source: Government of Pakistan via Abb Takk (21 Oct 2023); Ministry of Interior of Pakistan via MENAFN (1 Nov 2023);") {
		t.Error("the bundle's charts are missing or lack the source line")
	}
	mustContain(t, "readme.md", files["readme.md"], "## How to cite",
		"In the text: (Government of Pakistan; Ministry of Interior of Pakistan, via Displacement Tracker, ",
		"> Government of Pakistan and Ministry of Interior of Pakistan (", "| `excerpt` |", ts.URL+"/series/"+govSeries)
	mustContain(t, "metadata.json", files["metadata.json"], `"data_version"`, `"publisher": "Abb Takk"`, `"citation": "`)
}

// TestDownloadsCarryTheirDigest: every download carries a Repr-Digest
// holding the SHA-256 of the body as sent: a trailer when it streams, a
// header when it is made in full first (a workbook, a kept download). A
// kept download goes out in gzip to a client that takes it, and its digest
// is then of the gzip bytes (RFC 9530: of the representation as its
// Content-Encoding makes it).
func TestDownloadsCarryTheirDigest(t *testing.T) {
	ts, _ := newSite(t)
	for _, path := range []string{"/figures.csv", "/figures.json", "/events.csv", "/figures.xlsx", "/datapackage.zip",
		"/series/" + govSeries + "/bundle.zip", "/series/" + govSeries + "/figures.csv", "/series/" + govSeries + "/figures.json"} {
		for _, encoding := range []string{"identity", "gzip"} {
			req, _ := http.NewRequest("GET", ts.URL+path, nil)
			req.Header.Set("Accept-Encoding", encoding) // set: the client leaves the body as sent
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			sum := sha256.Sum256(body)
			want := "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"
			if got := cmp.Or(resp.Trailer.Get("Repr-Digest"), resp.Header.Get("Repr-Digest")); got != want {
				t.Errorf("%s (%s, sent as %q): Repr-Digest %q, want %q", path, encoding, resp.Header.Get("Content-Encoding"), got, want)
			}
		}
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if !strings.Contains(resp.Header.Get("Link"), `rel="license"`) {
			t.Errorf("%s does not state its licence", path)
		}
	}
}

// TestDownloadImportDownloadRoundTrip: a CSV downloaded from one site and
// imported into an empty one downloads again row for row.
func TestDownloadImportDownloadRoundTrip(t *testing.T) {
	cfg := web.Config{BaseURL: "https://tracker.example.org"}
	site := func(db *store.DB) string {
		ts, _ := serve(t, db, cfg)
		return ts.URL
	}
	first := storetest.Demo(t)
	_, a := get(t, site(first)+"/figures.csv")
	second := storetest.SQLite(t)
	// The empty site knows no organisations: the import creates them, as
	// tracker import --create-organizations does.
	if rep, err := importer.Run(context.Background(), second, "cli:test", importer.Input{Figures: strings.NewReader(a), CreateOrganizations: true}, exchange.Options{}); err != nil {
		t.Fatalf("import: %v %v", err, rep.Problems)
	}
	_, b := get(t, site(second)+"/figures.csv")
	if a != b {
		t.Errorf("the CSV changed on its way through another site:\n%s\n---\n%s", a, b)
	}
}

func TestRequestIDAndHSTS(t *testing.T) {
	ts, _ := newSite(t)
	resp, _ := get(t, ts.URL+"/")
	if len(resp.Header.Get("X-Request-Id")) != 16 || resp.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("X-Request-Id %q, HSTS %q over plain HTTP", resp.Header.Get("X-Request-Id"), resp.Header.Get("Strict-Transport-Security"))
	}
	tls := httptest.NewUnstartedServer(ts.Config.Handler)
	tls.StartTLS()
	defer tls.Close()
	r, err := tls.Client().Get(tls.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS over TLS")
	}
}
