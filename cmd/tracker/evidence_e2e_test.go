package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/evidence"
	"github.com/displacement-tracker/tracker/internal/fetch"
	"github.com/displacement-tracker/tracker/web"
)

// The pages the sources of TestImportSavesCopiesAndChecksExcerpts serve,
// as their sites do: the text is the real articles' (from the realistic
// dataset), the wrapping what such sites wrap it in.
const (
	// A news article in navigation, scripts and a cookie banner, with curly
	// quotes, an apostrophe and an em dash where the CSV has straight ones
	// and a hyphen, and a sentence an editor reworded.
	e2eNews = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sudan war: more than 14 million people on the move, says IOM</title>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());</script>
<style>.cookie{position:fixed;bottom:0}</style></head><body>
<div class="cookie" id="cookie-banner">We use cookies to improve your experience. <button>Accept all</button> <button>Manage</button></div>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/africa">Africa</a> <a href="/sport">Sport</a> <a href="/subscribe">Subscribe</a></nav></header>
<main><article>
<h1>Sudan war: more than 14 million people on the move, says IOM</h1>
<p class="byline">By Staff Reporter · 27 August 2024</p>
<p>“The 11-million is people internally displaced within the country and the 3.1-million are those who have crossed borders. That’s more than 14-million people who are on the move,” IOM director-general Amy Pope told reporters — the largest displacement crisis in the world.</p>
<p>There were almost 10.6 million people living in internal displacement in Sudan at the end of June, the Internal Displacement Monitoring Centre said in a separate update.</p>
<p>Aid agencies have warned that the rainy season will cut off roads to the camps in Darfur and Kordofan, where famine has already been confirmed in at least one site.</p>
<p>The war between the army and the Rapid Support Forces broke out in April 2023 and has since spread to most of the country’s states.</p>
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Floods in the north</a></li><li><a href="/b">Talks in Jeddah</a></li></ul></aside></main>
<footer>© 2024 The Daily · <a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></footer>
<script src="/static/app.js"></script></body></html>`

	// A report whose sentences a line break cuts, with footnote markers:
	// a superscript and a bracketed number.
	e2eReport = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sudan situation: regional overview</title></head><body>
<nav><a href="/">Home</a> · <a href="/reports">Reports</a></nav>
<main><article><h1>Sudan situation: regional overview</h1>
<p>As of 13 June, the fighting had displaced an estimated 1.67 million people
inside Sudan<sup>3</sup>. A further 528,000 people have crossed into neighbouring countries,
most of them into Chad and Egypt.</p>
<p>DTM Sudan estimates that 10,834,382 individuals (2,186,855 households) are currently
displaced[4] in Sudan, as of August 27, 2024.</p>
<p>Humanitarian access remains constrained across Darfur, Kordofan and Khartoum states.</p>
<hr><p class="notes"><sup>3</sup> UNHCR, Sudan situation, 13 June 2023. [4] IOM DTM Sudan, Monthly displacement overview.</p>
</article></main></body></html>`
)

// e2eArabic is an Arabic news page as some Arabic sites still serve it:
// windows-1256, its numbers in Eastern Arabic digits (character
// references: windows-1256 has none), while the CSV's excerpt, typed by an
// editor, has ASCII digits.
func e2eArabic(t *testing.T) []byte {
	eastern := strings.NewReplacer("0", "&#x660;", "1", "&#x661;", "2", "&#x662;", "3", "&#x663;", "4", "&#x664;",
		"5", "&#x665;", "6", "&#x666;", "7", "&#x667;", "8", "&#x668;", "9", "&#x669;", ".", "&#x66B;")
	page := `<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><title>الهجرة الدولية: 3 ملايين نازح بسبب النزاع في السودان</title></head><body>
<nav><a href="/">الرئيسية</a> | <a href="/world">عربي ودولي</a></nav>
<article><h1>الهجرة الدولية: 3 ملايين نازح بسبب النزاع في السودان</h1>
<p>` + eastern.Replace("جنيف في 6 يوليو/أ ش أ/ذكرت المنظمة الدولية للهجرة أن ما يقرب من 3 ملايين نزحوا داخليًا وعبر الحدود بسبب النزاع بالسودان في أقل من 3 أشهر، بالإضافة إلى أكثر من 2.2 مليون نازح داخليًا، حيث فر ما يقرب من 700 ألف آخرين للبلدان المجاورة.") + `</p>
<p>وأضافت المنظمة أن الاحتياجات الإنسانية تتزايد مع اقتراب موسم الأمطار، وأن الوصول إلى المحتاجين لا يزال صعبًا في مناطق عدة.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>`
	b, err := charmap.Windows1256.NewEncoder().Bytes([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Done when (issue 17): importing a file whose sources are served locally
// saves every copy, marks each excerpt found, nearly found or not found,
// and the figure pages show it. The file goes through `tracker import`;
// the Saver's round fetches every source through the fetcher (allowed the
// local server); the public and the staff figure pages are served by the
// web server as serve builds it.
func TestImportSavesCopiesAndChecksExcerpts(t *testing.T) {
	pdf, err := os.ReadFile("../../internal/fetch/testdata/report.pdf")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	page := func(path, contentType string, body []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.Write(body)
		})
	}
	page("/world/africa/sudan-14-million-on-the-move", "text/html; charset=utf-8", []byte(e2eNews))
	page("/reports/sudan-situation-overview", "text/html; charset=utf-8", []byte(e2eReport))
	page("/news/sudan-displacement-3-million", "text/html; charset=windows-1256", e2eArabic(t))
	page("/documents/al-fashir-flash-update.pdf", "application/pdf", pdf)
	sites := httptest.NewServer(mux)
	defer sites.Close()

	_, pdfErr := exec.LookPath("pdftotext")
	withPDF := pdfErr == nil || os.Getenv("TRACKER_TEST_PDF") == "1"

	rows := []e2eRow{
		{id: "sdn-news-quotes", name: "curly quotes and an em dash in the page", path: "/world/africa/sudan-14-million-on-the-move",
			excerpt: `"The 11-million is people internally displaced within the country and the 3.1-million are those who have crossed borders. That's more than 14-million people who are on the move," IOM director-general Amy Pope told reporters - the largest displacement crisis in the world.`,
			want:    "found", mark: `That’s more than 14-million people who are on the move,” IOM director-general Amy Pope told reporters — the largest`, paragraph: "“The 11-million is people internally displaced"},
		{id: "sdn-report-footnote", name: "a line break inside the sentence and a superscript footnote marker", path: "/reports/sudan-situation-overview",
			excerpt: "As of 13 June, the fighting had displaced an estimated 1.67 million people inside Sudan.",
			want:    "found", mark: "1.67 million people inside Sudan", paragraph: "inside Sudan[3]. A further 528,000 people have crossed"},
		{id: "sdn-report-bracket", name: "a line break and a bracketed footnote marker", path: "/reports/sudan-situation-overview",
			excerpt: "DTM Sudan estimates that 10,834,382 individuals (2,186,855 households) are currently displaced in Sudan, as of August 27, 2024.",
			want:    "found", mark: "are currently displaced[4] in Sudan"},
		{id: "sdn-arabic", name: "Arabic in windows-1256 with Eastern Arabic digits", path: "/news/sudan-displacement-3-million",
			excerpt: "جنيف في 6 يوليو/أ ش أ/ذكرت المنظمة الدولية للهجرة أن ما يقرب من 3 ملايين نزحوا داخليًا وعبر الحدود بسبب النزاع بالسودان في أقل من 3 أشهر، بالإضافة إلى أكثر من 2.2 مليون نازح داخليًا، حيث فر ما يقرب من 700 ألف آخرين للبلدان المجاورة.",
			want:    "found", mark: "جنيف في ٦ يوليو", paragraph: "٧٠٠ ألف آخرين للبلدان المجاورة"},
		{id: "sdn-pdf", name: "a PDF report", path: "/documents/al-fashir-flash-update.pdf", pdf: true,
			excerpt: "UNHCR reports 12,500 people displaced from Al Fashir in April 2025.",
			want:    "found", mark: "12,500 people displaced from Al Fashir"},
		{id: "sdn-reworded", name: "a sentence reworded", path: "/world/africa/sudan-14-million-on-the-move",
			excerpt: "There were nearly 10.6 million people living in internal displacement in Sudan at the end of June",
			want:    "nearly found", mark: "almost 10.6 million", difference: "the copy has “almost” where the excerpt has “nearly”"},
		{id: "sdn-absent", name: "a sentence that is not on the page", path: "/world/africa/sudan-14-million-on-the-move",
			excerpt: "Sudan has recorded the highest number of internally displaced persons (IDPs) ever documented in a single country, with 11.6 million people forced to flee their homes in 2024 amid a worsening civil war.",
			want:    "not found"},
	}
	if !withPDF {
		t.Log("pdftotext is not installed: the PDF row is left out (TRACKER_TEST_PDF=1 runs it all the same)")
	}

	dialects(t, func(t *testing.T, newDSN func() string) {
		ctx := context.Background()
		sources := map[string]bool{}
		for _, r := range rows {
			if !r.pdf || withPDF {
				sources[r.path] = true
			}
		}
		dir := t.TempDir()
		file := filepath.Join(dir, "figures.csv")
		if err := os.WriteFile(file, e2eCSV(t, rows, withPDF, sites.URL), 0o644); err != nil {
			t.Fatal(err)
		}
		dsn := newDSN()
		if out, errOut, err := tracker(t, nil, "import", "--db", dsn, "--create-organizations", file); err != nil {
			t.Fatalf("tracker import: %v\n%s%s", err, out, errOut)
		}

		db, err := openStore(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		fetcher, err := fetch.New(fetch.Options{Allow: []string{"127.0.0.1"}, Timeout: 30 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		saver := &evidence.Saver{DB: db, Fetcher: fetcher, Limits: domain.CopyLimits{PerDocument: defaultCopyBytes, Total: defaultCopiesBytes}}
		saved, failed, err := saver.Round(ctx)
		if err != nil || saved != len(sources) || failed != 0 {
			t.Fatalf("the round after the import: %d copies saved, %d not fetched, %v; want %d saved", saved, failed, err, len(sources))
		}

		const password = "correct horse battery staple"
		if _, err := db.CreateUser(ctx, "cli:test", domain.User{Email: "reviewer@example.org", Name: "A reviewer", Role: domain.RoleReviewer},
			auth.Hash(password, auth.Params{Memory: 64, Time: 1, Threads: 1})); err != nil {
			t.Fatal(err)
		}
		srv, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{})
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		handler, err := srv.Handler()
		if err != nil {
			t.Fatal(err)
		}
		site := httptest.NewServer(handler)
		defer site.Close()
		public := msNewBrowser(t)
		staff := msNewBrowser(t)
		if resp, body := staff.do("POST", site.URL+"/staff/login", url.Values{"email": {"reviewer@example.org"}, "password": {password}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d\n%s", resp.StatusCode, body)
		}

		for _, r := range rows {
			if r.pdf && !withPDF {
				continue
			}
			t.Run(r.name, func(t *testing.T) {
				for _, p := range []struct {
					who string
					b   *msBrowser
					url string
				}{{"public", public, site.URL + "/figures/" + r.id}, {"staff", staff, site.URL + "/staff/figures/" + r.id}} {
					resp, body := p.b.get(p.url)
					if resp.StatusCode != http.StatusOK {
						t.Fatalf("%s page: %d", p.who, resp.StatusCode)
					}
					body = oneSpaced(html.UnescapeString(body))
					if !strings.Contains(body, "Excerpt <strong>"+r.want+"</strong> in the copy of the source saved on ") {
						t.Errorf("%s page does not say the excerpt is %s:\n%s", p.who, r.want, provenanceOf(body))
					}
					if r.mark != "" && !strings.Contains(body, "<mark>") {
						t.Errorf("%s page highlights nothing:\n%s", p.who, provenanceOf(body))
					}
					if r.mark != "" && !strings.Contains(between(body, "<mark>", "</mark>"), r.mark) {
						t.Errorf("%s page highlights %q, want it to hold %q", p.who, between(body, "<mark>", "</mark>"), r.mark)
					}
					if r.paragraph != "" && !strings.Contains(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(between(body, `<blockquote class="in-copy" dir="auto">`, "</blockquote>")), r.paragraph) {
						t.Errorf("%s page: the paragraph around the excerpt lacks %q:\n%s", p.who, r.paragraph, provenanceOf(body))
					}
					if r.difference != "" && !strings.Contains(body, r.difference) {
						t.Errorf("%s page does not name the difference %q:\n%s", p.who, r.difference, provenanceOf(body))
					}
					if r.mark == "" && strings.Contains(body, "<mark>") {
						t.Errorf("%s page highlights something for an excerpt not found:\n%s", p.who, provenanceOf(body))
					}
				}
			})
		}
	})
}

type e2eRow struct {
	id, name, path, excerpt string
	pdf                     bool
	want                    string // the status words
	mark                    string // the highlighted words in the copy
	paragraph               string // the paragraph around them, in part
	difference              string // named by a nearly found excerpt
}

// e2eCSV is the canonical figures CSV of rows, their sources served at
// base: one series, one period each, attributed to IOM.
func e2eCSV(t *testing.T, rows []e2eRow, withPDF bool, base string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(strings.Split("figure_id,series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_start,period_end,value,qualifier,value_low,value_high,value_as_stated,attributed_to,source_publisher,source_title,source_url,source_published,source_accessed,archive_url,licence,excerpt,notes", ","))
	for i, r := range rows {
		if r.pdf && !withPDF {
			continue
		}
		w.Write([]string{r.id, "sdn-idps-stock", "Internally displaced persons in Sudan", "idps", "stock", "persons", "SDN", "", "",
			fmt.Sprintf("2024-%02d-01", i+1), fmt.Sprint(9_000_000 + i*100_000), "approx", "", "", "", "IOM", "The Daily", "Sudan displacement, " + r.path,
			base + r.path, "2024-08-27", "", "", "", r.excerpt, ""})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// between is the text of s between the first open and the close after it.
func between(s, open, close string) string {
	_, after, ok := strings.Cut(s, open)
	if !ok {
		return ""
	}
	in, _, _ := strings.Cut(after, close)
	return in
}

// provenanceOf is the provenance part of a figure page, for messages.
func provenanceOf(page string) string {
	i := strings.Index(page, `<p class="provenance`)
	if i < 0 {
		return "(no provenance line)"
	}
	return page[i:min(len(page), i+1500)]
}

// oneSpaced replaces every run of spaces and line breaks in s by a space:
// how the text breaks its lines is the extractor's business.
func oneSpaced(s string) string { return strings.Join(strings.Fields(s), " ") }
