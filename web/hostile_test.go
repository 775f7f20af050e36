package web_test

// Security tests: the site attacked on purpose. Hostile text is published
// through the real store and read back through every public page and
// download; hostile addresses are offered at every input; SQL-looking input
// is sent to every filter; errors are forced; and every response is checked
// for the security headers.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// The hostile text. Each is stored as it is and must come back as it is:
// shown as text on pages, byte for byte in data.
const (
	evilSlug        = "hostile-returns-from-iran"
	evilSourceTitle = `<script>alert(1)</script>`
	evilPublisher   = `"><svg onload=alert(2)>`
	evilSeriesTitle = `Returns <img src=x onerror=alert(3)> from Iran`
	evilExcerpt     = `"><img src=x onerror=alert(4)>`
	evilAttributed  = `'><script>alert(5)</script> Ministry`
	evilAsStated    = `about <b onmouseover=alert(6)>5,500</b>`
	evilNotes       = `=HYPERLINK("javascript:alert(7)","</textarea><script>alert(7)</script>")`
	evilLocator     = `p. 3 <iframe src=javascript:alert(8)>`
	evilEventTitle  = `<img src=x onerror=alert(9)> deadline`
	evilEventQuote  = `</blockquote><script>alert(10)</script>`
	evilReason      = `<script>alert(11)</script> wrong count`
	evilReviewer    = `<script>alert(12)</script> Reviewer`
	evilExcerptB    = `<svg onload=alert(13)> says the other side`
	evilAttributedB = `@<svg/onload=alert(14)> Office`
	evilSourceURL   = `https://example.org/report?q="><script>alert(15)</script>`
	evilDescription = `<style>*{display:none}</style><a href="javascript:alert(16)">more</a>`
)

// rawMarkup is what must never appear as markup in an HTML, SVG or Atom
// response: the pages use no script and no images.
var rawMarkup = []string{"<script", "<img", "<svg onload", "<svg/onload", "<b onmouseover", "<iframe", "<style>*", `<a href="javascript`}

// hostileSite serves the demo on db with the three staff accounts (the
// reviewer's name is hostile too), and collects the log.
func hostileSite(t *testing.T, db *store.DB, cfg web.Config) (*staffSite, *lockedBuffer) {
	t.Helper()
	ctx := context.Background()
	storetest.LoadDemo(t, db)
	hash := auth.Hash(password, auth.Params{Memory: 64, Time: 1, Threads: 1})
	users := map[domain.Role]domain.User{}
	for _, r := range domain.Roles {
		name := "The " + string(r)
		if r == domain.RoleReviewer {
			name = evilReviewer
		}
		u, err := db.CreateUser(ctx, "cli:test", domain.User{Email: string(r) + "@example.org", Name: name, Role: r}, hash)
		if err != nil {
			t.Fatal(err)
		}
		users[r] = u
	}
	logs := &lockedBuffer{}
	ts, srv := serveLogged(t, db, cfg, logs)
	return &staffSite{Server: ts, db: db, srv: srv, users: users}, logs
}

// publishHostile enters, reviews and publishes the hostile series through
// the store's workflow: figures a and b (which disagree), figure a
// corrected, figure gone retracted with a hostile reason, figure queued
// waiting for review, and a hostile event. It returns the ids by name.
func publishHostile(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	const editor, reviewer = "editor@example.org", "reviewer@example.org"
	ids := map[string]string{}
	in := func(actor string, fn func(tx *store.Tx) error) {
		t.Helper()
		if err := db.InTx(ctx, actor, fn); err != nil {
			t.Fatal(err)
		}
	}
	// The organisations are named by the hostile words too, so that their
	// names reach legends, filters and citations.
	storetest.Orgs(t, db, evilPublisher, evilAttributed, evilAttributedB)
	series := domain.Series{Slug: evilSlug, Title: evilSeriesTitle, Description: evilDescription,
		PopulationGroup: domain.PopulationGroup("returnees"), Measure: domain.MeasureCumulative, Unit: domain.Unit("persons"),
		FromISO3: "IRN", ToISO3: "AFG"}
	src := domain.Source{Title: evilSourceTitle, Publisher: evilPublisher, URL: evilSourceURL,
		PublishedOn: domain.MustDate("2025-05-02")}
	fig := func(value float64, end, attributed, excerpt string) domain.Figure {
		return domain.Figure{Value: value, Qualifier: domain.Exact, PeriodStart: domain.MustDate("2023-10"),
			PeriodEnd: domain.MustDate(end), AttributedTo: attributed, Excerpt: excerpt, Source: src}
	}
	a := fig(5000, "2025-05-01", evilAttributed, evilExcerpt)
	a.Qualifier, a.ValueAsStated, a.Locator, a.Notes = domain.Qualifier("approx"), "about 5,000", evilLocator, evilNotes
	figs := map[string]domain.Figure{
		"a":      a,
		"b":      fig(9000, "2025-05-03", evilAttributedB, evilExcerptB),
		"gone":   fig(7000, "2025-04-01", evilAttributed, "A count later withdrawn "+evilExcerpt),
		"queued": fig(8000, "2025-05-10", evilAttributed, "Waiting for review "+evilExcerpt),
	}
	for _, name := range []string{"a", "b", "gone", "queued"} {
		in(editor, func(tx *store.Tx) error {
			s, err := tx.EnsureSeries(ctx, series, domain.ActionCreate, true)
			if err != nil {
				return err
			}
			if ids[name], err = tx.CreateFigure(ctx, s, figs[name]); err != nil {
				return err
			}
			return tx.Act(ctx, ids[name], 0, domain.ActionSubmit, "")
		})
		if name != "queued" {
			in(reviewer, func(tx *store.Tx) error { return tx.Act(ctx, ids[name], 0, domain.ActionApprove, "") })
		}
	}
	in(reviewer, func(tx *store.Tx) error { return tx.Act(ctx, ids["gone"], 0, domain.ActionRetract, evilReason) })
	// A correction of a: the public history shows what changed.
	in(editor, func(tx *store.Tx) error {
		s, err := tx.EnsureSeries(ctx, domain.Series{Slug: evilSlug, Unit: "persons"}, domain.ActionUpdate, false)
		if err != nil {
			return err
		}
		a.Value, a.ValueAsStated = 5500, evilAsStated
		if err := tx.EditFigure(ctx, ids["a"], 0, s, a); err != nil {
			return err
		}
		return tx.Act(ctx, ids["a"], 0, domain.ActionSubmit, "")
	})
	in(reviewer, func(tx *store.Tx) error { return tx.Act(ctx, ids["a"], 0, domain.ActionApprove, "") })

	ev := domain.Event{Date: domain.MustDate("2025-04-15"), Title: evilEventTitle, Kind: domain.EventKind("deadline"),
		Countries: []string{"IRN", "AFG"}, Source: src, Excerpt: evilEventQuote}
	in(editor, func(tx *store.Tx) error {
		var err error
		if ids["event"], err = tx.CreateEvent(ctx, ev); err != nil {
			return err
		}
		return tx.ActEvent(ctx, ids["event"], 0, domain.ActionSubmit, "")
	})
	in(reviewer, func(tx *store.Tx) error { return tx.ActEvent(ctx, ids["event"], 0, domain.ActionApprove, "") })
	return ids
}

// checkMarkup parses an HTML (loosely) or XML (strictly) document, fails
// on any script, image, frame, event-handler attribute or script address,
// and returns the document's text and attribute values, unescaped: where a
// payload must show as text.
func checkMarkup(t *testing.T, what, body string, isHTML bool) string {
	t.Helper()
	lower := strings.ToLower(body)
	for _, m := range rawMarkup {
		if i := strings.Index(lower, strings.ToLower(m)); i >= 0 {
			t.Errorf("%s has raw markup %q: …%s…", what, m, body[max(0, i-80):min(len(body), i+80)])
		}
	}
	if isHTML {
		// A control character echoed in a form is no markup, but the XML
		// tokenizer refuses it.
		body = strings.Map(func(r rune) rune {
			if r < ' ' && r != '\t' && r != '\n' && r != '\r' {
				return '?'
			}
			return r
		}, body)
	}
	d := xml.NewDecoder(strings.NewReader(body))
	if isHTML {
		d.Strict, d.AutoClose, d.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	}
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s does not parse: %v", what, err)
			break
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch strings.ToLower(tok.Name.Local) {
			case "script", "img", "iframe", "object", "embed", "foreignobject", "image", "animate", "set", "base":
				t.Errorf("%s has a <%s> element", what, tok.Name.Local)
			}
			for _, a := range tok.Attr {
				name := strings.ToLower(a.Name.Local)
				if strings.HasPrefix(name, "on") {
					t.Errorf("%s: <%s %s=%q>", what, tok.Name.Local, a.Name.Local, a.Value)
				}
				if slices.Contains([]string{"href", "src", "action", "formaction", "cite", "xlink:href"}, name) && scriptURL(a.Value) {
					t.Errorf("%s: <%s %s=%q>", what, tok.Name.Local, a.Name.Local, a.Value)
				}
				text.WriteString(a.Value)
				text.WriteByte('\n')
			}
		case xml.CharData:
			text.Write(tok)
		}
	}
	return text.String()
}

// scriptURL reports whether a browser would run or inline the address: a
// javascript:, vbscript: or data: scheme, in any case, after any leading
// spaces or control characters (which browsers strip).
func scriptURL(v string) bool {
	v = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, v))
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")
}

// TestHostileTextIsShownNeverRun publishes hostile text and reads every
// public page and download, then the staff pages.
func TestHostileTextIsShownNeverRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := hostileSite(t, db, web.Config{})
		ids := publishHostile(t, db)
		anon := s.client(t)
		fig := "/figures/" + ids["a"]
		compare := "series=" + evilSlug + "&series=" + iomSeries
		search, byOrg := "/?q="+url.QueryEscape(evilSeriesTitle), "/?publisher="+url.QueryEscape(evilPublisher)

		// What JSON gives: exactly the stored text; addresses as the URIs
		// they are declared to be (the same resource, percent-encoded).
		wantJSON := map[string]string{"excerpt": evilExcerpt, "attributed_to": evilAttributed, "source_title": evilSourceTitle,
			"source_publisher": evilPublisher, "notes": evilNotes, "value_as_stated": evilAsStated, "series_title": evilSeriesTitle,
			"source_url": domain.URI(evilSourceURL)}
		// What CSV gives: the plain file keeps every byte; the spreadsheet
		// variant defuses what a spreadsheet would run.
		wantCSV := map[string]string{"excerpt": evilExcerpt, "attributed_to": evilAttributed, "source_title": evilSourceTitle,
			"source_publisher": evilPublisher, "notes": evilNotes, "value_as_stated": evilAsStated, "series_title": evilSeriesTitle,
			"source_url": evilSourceURL}
		safe := map[string]string{}
		for k, v := range wantCSV {
			safe[k] = defused(v)
		}

		t.Run("pages", func(t *testing.T) {
			// Pages, charts and the feed: markup escaped, text shown.
			for path, wants := range map[string][]string{
				"/":                                  {evilSeriesTitle, evilPublisher, evilAttributed}, // names are options
				"/series/" + evilSlug:                {evilSeriesTitle, evilExcerpt, evilExcerptB, evilAttributed, evilAttributedB, evilSourceTitle, evilPublisher, evilEventTitle},
				fig:                                  {evilSeriesTitle, evilExcerpt, evilAttributed, evilSourceTitle, evilPublisher, evilLocator, evilAsStated, evilReviewer, evilSourceURL},
				"/figures/" + ids["gone"]:            {evilReason},
				"/changes":                           {evilAttributed, evilReason},
				"/data":                              nil,
				"/embed/series/" + evilSlug:          {evilSeriesTitle},
				"/compare?" + compare:                {evilSeriesTitle, evilAttributed},
				"/series/" + evilSlug + "/chart.svg": {"alert(3)", "alert(5)"},
				"/compare/chart.svg?" + compare:      {"alert(3)"},
				"/changes.atom":                      {evilAttributed, evilReason},
				search:                               {evilSeriesTitle},
				byOrg:                                {evilSeriesTitle, evilPublisher},
			} {
				resp, body := do(t, anon, "GET", s.URL+path, nil)
				if resp.StatusCode != 200 {
					t.Errorf("%s: status %d", path, resp.StatusCode)
					continue
				}
				ct := resp.Header.Get("Content-Type")
				text := checkMarkup(t, path, body, strings.HasPrefix(ct, "text/html"))
				mustContain(t, path, text, wants...)
			}
		})

		t.Run("citations", func(t *testing.T) {
			// Citations: plain-text formats are served as such, never as HTML;
			// CSL-JSON decodes to the stored text.
			for _, base := range []string{fig + "/cite", "/series/" + evilSlug + "/cite"} {
				for _, format := range []string{"", "text", "bibtex", "ris", "csl-json"} {
					resp, body := do(t, anon, "GET", s.URL+base+"?format="+format, nil)
					ct := resp.Header.Get("Content-Type")
					if resp.StatusCode != 200 || strings.Contains(ct, "html") || strings.Contains(ct, "xml") {
						t.Errorf("%s?format=%s: status %d, type %q", base, format, resp.StatusCode, ct)
					}
					if !strings.Contains(body, "alert(5)") {
						t.Errorf("%s?format=%s leaves out the attribution", base, format)
					}
					if format == "csl-json" {
						var items []map[string]any
						if err := json.Unmarshal([]byte(body), &items); err != nil || len(items) == 0 {
							t.Errorf("%s csl-json: %v\n%s", base, err, body)
						} else if !jsonHas(items, evilSourceTitle) && !jsonHas(items, evilSeriesTitle) {
							t.Errorf("%s csl-json lost the title: %s", base, body)
						}
					}
				}
			}
		})

		t.Run("json", func(t *testing.T) {
			for _, path := range []string{"/figures.json", "/series/" + evilSlug + "/figures.json", "/compare/figures.json?" + compare} {
				_, body := do(t, anon, "GET", s.URL+path, nil)
				var rows []map[string]any
				if err := json.Unmarshal([]byte(body), &rows); err != nil {
					t.Errorf("%s: %v", path, err)
					continue
				}
				checkRow(t, path, findRow(rows, ids["a"]), wantJSON)
			}
			for _, path := range []string{"/api/v1/figures?series=" + evilSlug, "/api/v1/series/" + evilSlug + "/figures",
				"/api/v1/figures?attributed_to=" + url.QueryEscape(evilAttributed)} {
				_, body := do(t, anon, "GET", s.URL+path, nil)
				var page struct{ Data []map[string]any }
				if err := json.Unmarshal([]byte(body), &page); err != nil {
					t.Errorf("%s: %v", path, err)
					continue
				}
				checkRow(t, path, findRow(page.Data, ids["a"]), wantJSON)
			}
		})

		apiData := func(t *testing.T, path string) any {
			t.Helper()
			resp, body := do(t, anon, "GET", s.URL+path, nil)
			var page struct{ Data any }
			if err := json.Unmarshal([]byte(body), &page); err != nil || resp.StatusCode != 200 {
				t.Errorf("%s: %d %v", path, resp.StatusCode, err)
			}
			return page.Data
		}

		t.Run("api", func(t *testing.T) {
			checkRow(t, "/api/v1/figures/:id", apiData(t, "/api/v1/figures/"+ids["a"]).(map[string]any), wantJSON)
			if se, _ := apiData(t, "/api/v1/series/"+evilSlug).(map[string]any); se["title"] != evilSeriesTitle || se["description"] != evilDescription {
				t.Errorf("/api/v1/series/:slug: %v", se)
			}
			if !jsonHas(apiData(t, "/api/v1/series"), evilSeriesTitle) {
				t.Error("/api/v1/series lost the title")
			}
			sources, _ := apiData(t, "/api/v1/sources?limit=1000").([]any)
			var srcID string
			for _, x := range sources {
				if m := x.(map[string]any); m["title"] == evilSourceTitle && m["publisher"] == evilPublisher && m["url"] == domain.URI(evilSourceURL) {
					srcID = strings.TrimSuffix(strings.TrimSuffix(string(mustJSON(m["id"])), ".0"), "\n")
				}
			}
			if srcID == "" {
				t.Error("/api/v1/sources does not give the source's text exactly")
			} else if m, _ := apiData(t, "/api/v1/sources/"+srcID).(map[string]any); m["title"] != evilSourceTitle {
				t.Errorf("/api/v1/sources/%s: %v", srcID, m)
			} else if resp, body := do(t, anon, "GET", s.URL+"/sources/"+srcID, nil); resp.StatusCode != 200 {
				t.Errorf("/sources/%s: status %d", srcID, resp.StatusCode)
			} else {
				mustContain(t, "source page", checkMarkup(t, "source page", body, true), evilSourceTitle, evilPublisher,
					evilSourceURL, evilSeriesTitle, evilExcerpt, evilAttributed, evilEventTitle, evilEventQuote)
			}
		})

		t.Run("filters", func(t *testing.T) {
			// A hostile value in a filter comes back as text in the message.
			for _, q := range []string{"group=" + url.QueryEscape(evilSourceTitle), "from=" + url.QueryEscape(evilPublisher),
				"publisher=" + url.QueryEscape(evilEventTitle)} {
				resp, body := do(t, anon, "GET", s.URL+"/?"+q, nil)
				if resp.StatusCode != 400 {
					t.Errorf("/?%s: status %d, want 400", q, resp.StatusCode)
				}
				checkMarkup(t, "/?"+q, body, true)
			}
		})

		t.Run("api events and changes", func(t *testing.T) {
			if events := apiData(t, "/api/v1/events?limit=1000"); !jsonHas(events, evilEventTitle) || !jsonHas(events, evilEventQuote) {
				t.Error("/api/v1/events does not give the event's text exactly")
			}
			if changes := apiData(t, "/api/v1/changes"); !jsonHas(changes, evilReason) {
				t.Error("/api/v1/changes does not give the retraction's reason exactly")
			}
		})

		t.Run("csv", func(t *testing.T) {
			for _, path := range []string{"/figures.csv", "/series/" + evilSlug + "/figures.csv", "/compare/figures.csv?" + compare} {
				for _, excel := range []bool{false, true} {
					p, want := path, wantCSV
					if excel {
						p, want = addQuery(path, "excel=1"), safe
					}
					_, body := do(t, anon, "GET", s.URL+p, nil)
					checkRow(t, p, csvRow(t, p, body, ids["a"]), want)
				}
			}
			_, events := do(t, anon, "GET", s.URL+"/events.csv", nil)
			if rows, err := csv.NewReader(strings.NewReader(events)).ReadAll(); err != nil || !slices.ContainsFunc(rows, func(r []string) bool {
				return slices.Contains(r, evilEventTitle) && slices.Contains(r, evilEventQuote) && slices.Contains(r, evilPublisher)
			}) {
				t.Errorf("events.csv does not give the event's text exactly (%v)", err)
			}
		})

		t.Run("workbooks", func(t *testing.T) {
			// Workbooks: text cells hold the text, never a formula.
			for _, path := range []string{"/figures.xlsx", "/series/" + evilSlug + "/figures.xlsx", "/compare/figures.xlsx?" + compare} {
				_, body := do(t, anon, "GET", s.URL+path, nil)
				checkWorkbook(t, path, body, ids["a"])
			}
		})

		t.Run("bundle", func(t *testing.T) {
			// The reporter's bundle, for spreadsheet users: its CSV defused as
			// ?excel=1, metadata exact, readme without markup.
			_, body := do(t, anon, "GET", s.URL+"/series/"+evilSlug+"/bundle.zip", nil)
			files := unzip(t, body)
			checkRow(t, "bundle figures.csv", csvRow(t, "bundle figures.csv", files["figures.csv"], ids["a"]), safe)
			checkMarkdown(t, "bundle readme.md", files["readme.md"], evilSeriesTitle)
			var meta struct {
				Title   string
				Sources []struct{ Title, Publisher string }
			}
			if err := json.Unmarshal([]byte(files["metadata.json"]), &meta); err != nil || meta.Title != evilSeriesTitle ||
				len(meta.Sources) == 0 || meta.Sources[0].Title != evilSourceTitle || meta.Sources[0].Publisher != evilPublisher {
				t.Errorf("bundle metadata.json: %v %+v", err, meta)
			}
			mustContain(t, "bundle chart.svg", checkMarkup(t, "bundle chart.svg", files["chart.svg"], false), "alert(3)")
		})

		t.Run("staff", func(t *testing.T) {
			// Staff pages, signed in.
			rev := s.signIn(t, domain.RoleReviewer)
			ed := s.signIn(t, domain.RoleEditor)
			for path, c := range map[string]*http.Client{
				"/staff/review":                            rev,
				"/staff":                                   ed,
				"/staff/figures/" + ids["queued"]:          rev,
				"/staff/figures/" + ids["a"]:               ed,
				"/staff/figures/" + ids["a"] + "/edit":     ed,
				"/staff/events/" + ids["event"]:            rev,
				"/staff/sources?q=" + url.QueryEscape("<"): ed,
				"/staff/figures/new?series=" + evilSlug:    ed,
				"/staff/figures/new?series=%3Cscript%3Ex":  ed,
			} {
				resp, body := do(t, c, "GET", s.URL+path, nil)
				if resp.StatusCode != 200 {
					t.Errorf("%s: status %d", path, resp.StatusCode)
					continue
				}
				text := checkMarkup(t, path, body, true)
				switch {
				case path == "/staff/review" || path == "/staff/figures/"+ids["queued"]:
					mustContain(t, path, text, "Waiting for review "+evilExcerpt, evilAttributed, evilSourceTitle)
				case strings.HasSuffix(path, "/edit"):
					mustContain(t, path, text, evilExcerpt, evilAttributed, evilSourceTitle, evilPublisher, evilNotes, evilLocator, evilSourceURL)
				case strings.HasPrefix(path, "/staff/sources"):
					mustContain(t, path, text, evilSourceTitle, evilPublisher)
				case strings.HasPrefix(path, "/staff/events/"):
					mustContain(t, path, text, evilEventTitle, evilEventQuote)
				case strings.HasPrefix(path, "/staff/figures/new?series=h"):
					mustContain(t, path, text, evilSeriesTitle)
				}
			}
		})
	})
}

func jsonHas(v any, s string) bool {
	b, _ := json.Marshal(v)
	want, _ := json.Marshal(s)
	return bytes.Contains(b, want)
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func findRow(rows []map[string]any, id string) map[string]any {
	for _, r := range rows {
		if r["figure_id"] == id {
			return r
		}
	}
	return nil
}

func checkRow[V string | any](t *testing.T, what string, row map[string]V, want map[string]string) {
	t.Helper()
	if row == nil {
		t.Errorf("%s: no row for the hostile figure", what)
		return
	}
	for k, v := range want {
		if got, ok := any(row[k]).(string); !ok || got != v {
			t.Errorf("%s: %s = %#v, want %q", what, k, row[k], v)
		}
	}
}

// csvRow parses a figures CSV and returns the row of figure id by column.
func csvRow(t *testing.T, what, body, id string) map[string]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Errorf("%s: %d rows, %v", what, len(rows), err)
		return nil
	}
	for _, r := range rows[1:] {
		if len(r) > 0 && r[0] == id {
			out := map[string]string{}
			for i, name := range rows[0] {
				out[name] = r[i]
			}
			return out
		}
	}
	return nil
}

// defused is a text cell as the spreadsheet-safe CSV writes it.
func defused(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

func addQuery(path, q string) string {
	if strings.Contains(path, "?") {
		return path + "&" + q
	}
	return path + "?" + q
}

func unzip(t *testing.T, body string) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		files[f.Name] = string(b)
	}
	return files
}

// checkWorkbook finds the hostile figure's row in the workbook's first
// sheet: its text cells hold exactly the stored text, and no cell is a
// formula.
func checkWorkbook(t *testing.T, what, body, id string) {
	t.Helper()
	wb, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	defer wb.Close()
	sheet := wb.GetSheetList()[0]
	rows, err := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil || len(rows) < 2 {
		t.Errorf("%s: %d rows, %v", what, len(rows), err)
		return
	}
	var row map[string]string
	for y, r := range rows {
		for x := range r {
			cell, _ := excelize.CoordinatesToCellName(x+1, y+1)
			if f, _ := wb.GetCellFormula(sheet, cell); f != "" {
				t.Errorf("%s: cell %s is a formula: %q", what, cell, f)
			}
		}
		if len(r) > 0 && r[0] == id {
			row = map[string]string{}
			for i, name := range rows[0] {
				if i < len(r) {
					row[name] = r[i]
				}
			}
		}
	}
	checkRow(t, what, row, map[string]string{"excerpt": evilExcerpt, "attributed_to": evilAttributed,
		"source_title": evilSourceTitle, "notes": evilNotes, "source_publisher": evilPublisher})
}

// markdownHTML finds raw HTML (an opening tag) or a link that a Markdown
// viewer would render.
var markdownHTML = regexp.MustCompile(`(?i)(^|[^\\])<[a-z/!]|(^|[^\\])!?\[[^\]]*\]\(`)

// checkMarkdown: a readme opened in a Markdown viewer must not carry
// markup from the data; the text must still be there.
func checkMarkdown(t *testing.T, what, md string, wants ...string) {
	t.Helper()
	for _, line := range strings.Split(md, "\n") {
		if markdownHTML.MatchString(line) {
			t.Errorf("%s has markup a Markdown viewer would render: %q", what, line)
		}
	}
	unescaped := regexp.MustCompile(`\\([\\<\[])`).ReplaceAllString(md, "$1")
	mustContain(t, what, unescaped, wants...)
}

// badURLs are addresses a browser would run or inline; every input must
// refuse them.
var badURLs = []string{
	"javascript:alert(1)",
	"JaVaScRiPt:alert(1)",
	"\tjavascript:alert(1)",
	" javascript:alert(1)",
	"\x01javascript:alert(1)",
	"java\tscript:alert(1)",
	"javascript://example.org/%0aalert(1)",
	"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
	"DATA:text/html,<script>alert(1)</script>",
	"vbscript:msgbox(1)",
	"VBScript:msgbox(1)",
	"\u200bjavascript:alert(1)",
	"https:javascript:alert(1)",
	"//evil.example/x",
}

// TestScriptURLsAreRefusedEverywhere offers each bad address at every
// input that takes one: the figure, source and event forms, the browser
// import and the importer. Each is refused with a message naming the field.
func TestScriptURLsAreRefusedEverywhere(t *testing.T) {
	s, _ := hostileSite(t, storetest.SQLite(t), web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	figureForm := url.Values{"action": {"submit"}, "excerpt": {"Some 5,000 people returned."}, "value": {"5000"},
		"qualifier": {"approx"}, "period_end": {"2025-05-10"}, "series": {govSeries}, "attributed_to": {"IOM"},
		"source_url": {"https://example.org/ok"}, "source_title": {"A report"}, "source_publisher": {"IOM"}}
	sourceForm := url.Values{"source_url": {"https://example.org/ok2"}, "source_title": {"A report"}, "source_publisher": {"IOM"}}
	eventForm := url.Values{"action": {"submit"}, "date": {"2025-06-30"}, "title": {"A deadline"}, "kind": {"deadline"},
		"countries": {"PAK"}, "excerpt": {"A sentence."}, "source_url": {"https://example.org/ok3"}, "source_title": {"A report"},
		"source_publisher": {"IOM"}}
	with := func(form url.Values, field, v string) url.Values {
		out := url.Values{}
		for k, vs := range form {
			out[k] = vs
		}
		out.Set(field, v)
		return out
	}
	csvCell := func(v string) string { return `"` + strings.ReplaceAll(v, `"`, `""`) + `"` }
	before, _ := s.db.ReviewQueue(t.Context())

	for _, bad := range badURLs {
		for _, tc := range []struct {
			path  string
			form  url.Values
			field string
		}{
			{"/staff/figures", figureForm, "source_url"},
			{"/staff/figures", figureForm, "archive_url"},
			{"/staff/sources", sourceForm, "source_url"},
			{"/staff/sources", sourceForm, "archive_url"},
			{"/staff/events", eventForm, "source_url"},
		} {
			resp, body := do(t, ed, "POST", s.URL+tc.path, with(tc.form, tc.field, bad))
			if resp.StatusCode != 422 || !regexp.MustCompile(`id="(f-)?`+tc.field+`-error">[^<]+`).MatchString(body) {
				t.Errorf("%s %s=%q: status %d, no message beside the field", tc.path, tc.field, bad, resp.StatusCode)
			}
			checkMarkup(t, tc.path+" "+tc.field+"="+bad, body, true)
		}

		// The browser import lists the problem by line and column.
		row := govSeries + `,persons,2025-06-01,5,IOM,IOM,Flash update,` + csvCell(bad) + ",Five.\n"
		ct, upload := uploadForm(t, map[string]string{"figures": importHeader + row})
		resp, page := postImport(t, ed, s.URL, ct, upload)
		if resp.StatusCode != 422 || !strings.Contains(page, "<td class=\"num\">2</td><td><code>source_url</code></td>") {
			t.Errorf("browser import of source_url %q: status %d", bad, resp.StatusCode)
		}
		archived := strings.TrimSuffix(importHeader, "\n") + ",archive_url\n" +
			govSeries + `,persons,2025-06-01,5,IOM,IOM,Flash update,https://example.org/fu,Five.,` + csvCell(bad) + "\n"
		ct, upload = uploadForm(t, map[string]string{"figures": archived})
		if resp, page := postImport(t, ed, s.URL, ct, upload); resp.StatusCode != 422 ||
			!strings.Contains(page, "<td><code>archive_url</code></td>") {
			t.Errorf("browser import of archive_url %q: status %d", bad, resp.StatusCode)
		}
		events := "date,title,kind,countries,excerpt,source_url,source_title,source_publisher\n" +
			"2025-06-30,A deadline,deadline,PAK,A sentence.," + csvCell(bad) + ",A report,IOM\n"
		ct, upload = uploadForm(t, map[string]string{"events": events})
		if resp, page := postImport(t, ed, s.URL, ct, upload); resp.StatusCode != 422 ||
			!strings.Contains(page, "<td><code>source_url</code></td>") {
			t.Errorf("browser import of an event's source_url %q: status %d", bad, resp.StatusCode)
		}

		// The importer (tracker import) refuses them too, naming the column.
		for file, in := range map[string]importer.Input{
			"figures source_url":  {Figures: strings.NewReader(importHeader + row)},
			"figures archive_url": {Figures: strings.NewReader(archived)},
			"events source_url":   {Events: strings.NewReader(events)},
		} {
			rep, err := importer.Run(t.Context(), s.db, "cli:test", in, exchange.Options{})
			col := strings.Fields(file)[1]
			if err == nil || !slices.ContainsFunc(rep.Problems, func(p exchange.LineError) bool { return p.Column == col && p.Line == 2 }) {
				t.Errorf("import of %s %q: %v, problems %v", file, bad, err, rep.Problems)
			}
		}
	}
	if after, _ := s.db.ReviewQueue(t.Context()); len(after) != len(before) {
		t.Errorf("a bad address was saved: review queue %d → %d", len(before), len(after))
	}
	// Nothing with a bad address reached the public data.
	_, all := do(t, s.client(t), "GET", s.URL+"/api/v1/sources?limit=1000", nil)
	for _, bad := range badURLs {
		if b, _ := json.Marshal(bad); bytes.Contains([]byte(all), b[1:len(b)-1]) {
			t.Errorf("a source with %q is public", bad)
		}
	}
}

// injections are SQL-looking and otherwise awkward values for every
// filter, slug and id.
var injections = []string{
	"' OR 1=1 --",
	"%' OR '1'='1",
	"1; DROP TABLE figures",
	"\" OR \"\"=\"",
	"') UNION SELECT email, password_hash FROM users --",
	"%",
	"_",
	"\\",
	"\x00",
	"a\x00b",
	"\xff\xfe",
	"%00",
	strings.Repeat("x", 20000),
}

// TestSQLLookingInputFindsNothingMore sends each injection to every query
// parameter, path segment and search: never a 5xx, never more rows than
// the filter can match.
func TestSQLLookingInputFindsNothingMore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := hostileSite(t, db, web.Config{APIRate: 1e6})
		anon := s.client(t)
		count := func(path string) (int, int) {
			t.Helper()
			resp, body := do(t, anon, "GET", s.URL+path, nil)
			if resp.StatusCode >= 500 {
				t.Errorf("%q: status %d: %s", path, resp.StatusCode, body)
			}
			var page struct{ Data []json.RawMessage }
			json.Unmarshal([]byte(body), &page)
			return resp.StatusCode, len(page.Data)
		}
		lists := []string{"/api/v1/figures", "/api/v1/series", "/api/v1/sources", "/api/v1/events", "/api/v1/changes"}
		baseline := map[string]int{}
		for _, l := range lists {
			if status, n := count(l + "?limit=1000"); status != 200 || n == 0 {
				t.Fatalf("%s: status %d, %d rows", l, status, n)
			} else {
				baseline[l] = n
			}
		}
		filters := []string{"series", "from_iso3", "to_iso3", "population_group", "attributed_to", "period_end_from", "period_end_to"}
		for _, inj := range injections {
			q := url.QueryEscape(inj)
			for _, name := range filters {
				path := "/api/v1/figures?limit=1000&" + name + "=" + q
				if status, n := count(path); status == 200 && n > 0 && strings.TrimSpace(inj) != "" {
					t.Errorf("%s=%q: %d rows, want none", name, inj, n)
				}
			}
			for _, l := range lists {
				for _, param := range []string{"limit", "cursor"} {
					path := l + "?" + param + "=" + q
					if status, n := count(path); status == 200 && n > baseline[l] {
						t.Errorf("%s: %d rows, more than the %d there are", path, n, baseline[l])
					}
				}
				// A cursor that decodes to the injection is only a position.
				cur := url.QueryEscape(base64URL(inj))
				if status, n := count(l + "?limit=1000&cursor=" + cur); status == 200 && n > baseline[l] {
					t.Errorf("%s with cursor %q: %d rows, more than the %d there are", l, inj, n, baseline[l])
				}
			}
			p := url.PathEscape(inj)
			for _, path := range []string{"/api/v1/series/" + p, "/api/v1/series/" + p + "/figures", "/api/v1/figures/" + p,
				"/api/v1/sources/" + p, "/series/" + p, "/series/" + p + "/chart.svg", "/series/" + p + "/figures.csv",
				"/series/" + p + "/figures.json", "/series/" + p + "/cite", "/series/" + p + "/bundle.zip", "/embed/series/" + p,
				"/figures/" + p, "/figures/" + p + "/cite", "/compare?series=" + q + "&series=" + iomSeries,
				"/compare/figures.csv?series=" + q + "&series=" + iomSeries, "/compare/chart.svg?series=" + iomSeries + "&series=" + q,
				"/?from=" + q, "/?to=" + q, "/?country=" + q, "/?group=" + q, "/?publisher=" + q, "/?page=" + q,
				"/series/" + govSeries + "/chart.svg?from=" + q, "/figures.csv?hxl=" + q} {
				resp, body := do(t, anon, "GET", s.URL+path, nil)
				if resp.StatusCode < 400 || resp.StatusCode >= 500 {
					t.Errorf("%q: status %d, want a 4xx", path, resp.StatusCode)
				}
				if resp.StatusCode < 500 && (strings.Contains(body, "SQL") || strings.Contains(body, "sqlite") || strings.Contains(body, "pq:")) {
					t.Errorf("%q tells of the database: %s", path, body)
				}
			}
			// Words are searched for as they are: these find no series
			// (or are refused, when too long or not text).
			resp, body := do(t, anon, "GET", s.URL+"/?q="+q, nil)
			if resp.StatusCode >= 500 || resp.StatusCode == 200 && strings.Contains(body, `class="series-list"`) {
				t.Errorf("/?q=%q: status %d, or series found", inj, resp.StatusCode)
			}
		}

		// Staff searches and pages.
		ed := s.signIn(t, domain.RoleEditor)
		found := func(q string) int {
			t.Helper()
			resp, body := do(t, ed, "GET", s.URL+"/staff/sources?q="+url.QueryEscape(q), nil)
			if resp.StatusCode >= 500 {
				t.Errorf("source search %q: status %d", q, resp.StatusCode)
			}
			return strings.Count(body, "Enter a figure from it")
		}
		if n := found("Bloomberg"); n == 0 {
			t.Fatal("the source search finds nothing for Bloomberg")
		}
		for _, inj := range injections {
			if n := found(inj); n > 0 {
				t.Errorf("source search %q: %d sources, want none", inj, n)
			}
			if n := found("Bloomberg" + inj); n > 0 {
				t.Errorf("source search %q: %d sources, want none", "Bloomberg"+inj, n)
			}
			p := url.PathEscape(inj)
			for _, path := range []string{"/staff/figures/" + p, "/staff/figures/" + p + "/edit", "/staff/events/" + p} {
				if resp, _ := do(t, ed, "GET", s.URL+path, nil); resp.StatusCode < 400 || resp.StatusCode >= 500 {
					t.Errorf("%q: status %d, want a 4xx", path, resp.StatusCode)
				}
			}
			for _, path := range []string{"/staff/figures/new?series=" + url.QueryEscape(inj), "/staff/figures/new?source=" + url.QueryEscape(inj)} {
				if resp, _ := do(t, ed, "GET", s.URL+path, nil); resp.StatusCode >= 500 {
					t.Errorf("%q: status %d", path, resp.StatusCode)
				}
			}
		}
		// NUL and broken UTF-8 in a form or an uploaded file: refused, not
		// a database error.
		for _, v := range []string{"a\x00b", "\xff\xfe"} {
			resp, _ := do(t, ed, "POST", s.URL+"/staff/sources", url.Values{"source_url": {"https://example.org/nul"},
				"source_title": {v}, "source_publisher": {"IOM"}})
			if resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("source form with title %q: status %d, want a 4xx", v, resp.StatusCode)
			}
			ct, upload := uploadForm(t, map[string]string{"figures": importHeader +
				govSeries + ",persons,2025-06-01,5,IOM,IOM,Flash update,https://example.org/fu," + v + "\n"})
			if resp, _ := postImport(t, ed, s.URL, ct, upload); resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("import with excerpt %q: status %d, want a 4xx", v, resp.StatusCode)
			}
		}
		// The tables are all still there.
		for _, l := range lists {
			if _, n := count(l + "?limit=1000"); n != baseline[l] {
				t.Errorf("%s: %d rows after the injections, %d before", l, n, baseline[l])
			}
		}
	})
}

func base64URL(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// TestInternalErrorsStayInTheLog forces 500s — a database that has gone
// away, and a handler that panics — and checks that the page and the
// problem+json body carry the request id and nothing of the cause, while
// the log has the cause.
func TestInternalErrorsStayInTheLog(t *testing.T) {
	leaks := []string{"sql", "database is closed", "store:", "runtime error", "nil pointer", "goroutine", ".go:", "panic"}
	check := func(t *testing.T, base string, logs *lockedBuffer, logWants ...string) {
		t.Helper()
		for _, tc := range []struct{ path, accept string }{
			{"/series/" + govSeries, "text/html"},
			{"/changes", ""},
			{"/api/v1/series", ""},
			{"/series/" + govSeries + "/figures.csv", ""},
			{"/changes", "application/json"},
		} {
			resp, body := get(t, base+tc.path, "Accept", tc.accept)
			id := resp.Header.Get("X-Request-Id")
			if resp.StatusCode != 500 || id == "" || !strings.Contains(body, id) {
				t.Errorf("%s (%s): status %d, request id %q not in the body:\n%s", tc.path, tc.accept, resp.StatusCode, id, body)
			}
			for _, l := range leaks {
				if strings.Contains(strings.ToLower(body), l) {
					t.Errorf("%s (%s) shows %q:\n%s", tc.path, tc.accept, l, body)
				}
			}
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
				var p struct {
					Status    int    `json:"status"`
					RequestID string `json:"request_id"`
				}
				if err := json.Unmarshal([]byte(body), &p); err != nil || p.Status != 500 || p.RequestID != id {
					t.Errorf("%s: problem %s (%v)", tc.path, body, err)
				}
			} else if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Errorf("%s (%s): type %q", tc.path, tc.accept, resp.Header.Get("Content-Type"))
			}
			log := logs.String()
			var line string
			for _, l := range strings.Split(log, "\n") {
				if strings.Contains(l, id) && strings.Contains(l, "level=ERROR") && !strings.Contains(l, "msg=request ") {
					line = l
				}
			}
			for _, w := range logWants {
				if !strings.Contains(line, w) {
					t.Errorf("%s: the log has no line with request id %s and %q:\n%s", tc.path, id, w, log)
				}
			}
		}
	}
	t.Run("database gone", func(t *testing.T) {
		db := storetest.SQLite(t)
		s, logs := hostileSite(t, db, web.Config{})
		db.Close()
		check(t, s.URL, logs, "database is closed")
	})
	t.Run("panic", func(t *testing.T) {
		// A server without a store panics in every handler that reads.
		logs := &lockedBuffer{}
		ts, _ := serveLogged(t, nil, web.Config{}, logs)
		check(t, ts.URL, logs, "nil pointer", "stack=")
	})
}

// TestSecurityHeadersOnEveryResponse: successes, refusals and failures all
// carry the headers; only the embed pages may be framed.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	s, _ := hostileSite(t, storetest.SQLite(t), web.Config{APIRate: 1})
	broken := storetest.SQLite(t)
	gone, _ := hostileSite(t, broken, web.Config{})
	broken.Close()
	anon := s.client(t)
	rev := s.signIn(t, domain.RoleReviewer)

	for _, tc := range []struct {
		method, url string
		c           *http.Client
		want        int
		header      []string
	}{
		{"GET", s.URL + "/", anon, 200, nil},
		{"HEAD", s.URL + "/", anon, 200, nil},
		{"GET", s.URL + "/series/" + govSeries, anon, 200, nil},
		{"GET", s.URL + "/series/" + govSeries + "/chart.svg", anon, 200, nil},
		{"GET", s.URL + "/figures.csv", anon, 200, nil},
		{"GET", s.URL + "/static/style.css", anon, 200, nil},
		{"GET", s.URL + "/embed/series/" + govSeries, anon, 200, nil},
		{"GET", s.URL + "/embed/series/no-such-series", anon, 404, nil},
		{"GET", s.URL + "/series/no-such-series", anon, 404, nil},
		{"GET", s.URL + "/no/such/page", anon, 404, nil},
		{"GET", s.URL + "/api/v1/figures/nope", anon, 404, nil},
		{"GET", s.URL + "/?from=XYZ", anon, 400, nil},
		{"GET", s.URL + "/series/" + govSeries + "/chart.png?size=huge", anon, 400, nil},
		{"DELETE", s.URL + "/figures.csv", anon, 405, nil},
		{"PUT", s.URL + "/series/" + govSeries, anon, 405, nil},
		{"GET", s.URL + "/api/v1/events", anon, 429, nil},
		{"GET", s.URL + "/staff/review", anon, 303, nil},
		{"GET", s.URL + "/staff/users", rev, 403, nil},
		{"POST", s.URL + "/staff/figures", rev, 403, []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}},
		{"GET", s.URL + "/staff/review", rev, 200, nil},
		{"GET", gone.URL + "/series/" + govSeries, anon, 500, nil},
		{"GET", gone.URL + "/api/v1/series", anon, 500, nil},
		{"GET", gone.URL + "/embed/series/" + govSeries, anon, 500, nil},
	} {
		if tc.want == 429 {
			// Use up the API's burst so that the request meets the limit.
			for range 30 {
				if resp, _ := do(t, anon, "GET", tc.url, nil); resp.StatusCode == 429 {
					break
				}
			}
		}
		var form url.Values
		if tc.method == "POST" {
			form = url.Values{}
		}
		resp, _ := do(t, tc.c, tc.method, tc.url, form, tc.header...)
		what := tc.method + " " + strings.TrimPrefix(strings.TrimPrefix(tc.url, s.URL), gone.URL)
		if resp.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d", what, resp.StatusCode, tc.want)
		}
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'none'", "base-uri 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", what, csp, want)
			}
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: X-Content-Type-Options %q, Referrer-Policy %q", what, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
		}
		if strings.Contains(tc.url, "/embed/") {
			if !strings.Contains(csp, "frame-ancestors *") || h.Get("X-Frame-Options") != "" {
				t.Errorf("%s: an embed page that cannot be framed: CSP %q, X-Frame-Options %q", what, csp, h.Get("X-Frame-Options"))
			}
		} else if !strings.Contains(csp, "frame-ancestors 'none'") || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: can be framed: CSP %q, X-Frame-Options %q", what, csp, h.Get("X-Frame-Options"))
		}
	}
}
