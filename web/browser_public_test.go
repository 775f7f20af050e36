package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/web"
)

// text returns what a reader sees in the element (innerText).
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return run(t, ctx, "read "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// count returns how many elements match a CSS selector.
func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return run(t, ctx, "count "+sel, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

func seesAll(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not show %q; it shows:\n%s", what, w, got)
		}
	}
}

func seesNone(t *testing.T, what, got string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			t.Errorf("%s shows %q, which it should not", what, w)
		}
	}
}

// follow clicks a link or a submit button and waits for the page it
// loads.
func follow(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		t.Fatalf("follow %s: %v", sel, err)
	}
}

// downloadByClick clicks a download link as a reader would and returns the
// file the browser saved.
func downloadByClick(t *testing.T, ctx context.Context, sel string) []byte {
	t.Helper()
	dir := t.TempDir()
	events := true
	_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
		DownloadPath: dir, EventsEnabled: &events})
	if err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	progress := chromedp.BrowserEvents(wait, cdpbrowser.DownloadProgress)
	steps(t, ctx, "click "+sel, chromedp.Click(chromedp.CSS(sel)))
	for ev, err := range progress {
		if err != nil {
			break
		}
		switch ev.State {
		case cdpbrowser.DownloadProgressStateCanceled:
			t.Fatalf("download by %s was cancelled", sel)
		case cdpbrowser.DownloadProgressStateCompleted:
			b, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				t.Fatalf("download by %s: %v", sel, err)
			}
			return b
		}
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	t.Fatalf("clicking %s downloaded nothing; the tab shows %s", sel, loc)
	return nil
}

// TestBrowserPublicPath is a reader's way through the site: from the list
// of series to one series, a shorter period, a comparison with a second
// series, the cited downloads, one figure's permalink and its citation.
func TestBrowserPublicPath(t *testing.T) {
	ctx := newTab(t)
	s := newStaffSite(t, web.Config{})
	gov, err := s.db.PublicSeriesBySlug(context.Background(), govSeries)
	if err != nil {
		t.Fatal(err)
	}
	iom, err := s.db.PublicSeriesBySlug(context.Background(), iomSeries)
	if err != nil {
		t.Fatal(err)
	}

	// Home: the list of series, each with its latest figure.
	visit(t, ctx, s.URL, "/")
	seesAll(t, "the home page heading", text(t, ctx, "h1"), "Sourced figures on migration and displacement")
	seesAll(t, "the series list", text(t, ctx, ".series-list"), gov.Title, iom.Title, "more than 1,000,000")

	// A series: its title, the chart with its text alternative, every
	// figure with its source.
	follow(t, ctx, `.series-list a[href="/series/`+govSeries+`"]`)
	if h := text(t, ctx, "h1"); h != gov.Title {
		t.Errorf("series page heading %q, want %q", h, gov.Title)
	}
	desc := run(t, ctx, "chart description", chromedp.TextContent(chromedp.CSS("figure.chart svg desc")))
	// By organisation, with the words its sources used.
	seesAll(t, "the chart's text alternative", desc, "Line chart:",
		"Government of Pakistan (stated as “Pakistani officials”, “Pakistan government figures” and “Pakistan government”) reported 59,561 as of 21 Oct 2023",
		"; Ministry of Interior of Pakistan (stated as “Pakistan Interior Minister Sarfraz Bugti”")
	if n := count(t, ctx, "table.figures tbody tr"); n != 10 {
		t.Errorf("the figures table has %d rows, want 10", n)
	}
	seesAll(t, "the figures table", text(t, ctx, "table.figures"),
		"59,561", "9 days left for undocumented foreign nationals to", "Abb Takk", "A total of 59,561 Afghan refugees")

	// A shorter period, through the form under the chart.
	steps(t, ctx, "type January to June 2025",
		chromedp.SetValue(chromedp.CSS("#range-from"), "2025-01"),
		chromedp.SetValue(chromedp.CSS("#range-to"), "2025-06"))
	follow(t, ctx, `form.range button[type=submit]`)
	if loc := run(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "from=2025-01") || !strings.Contains(loc, "to=2025-06") {
		t.Errorf("the address %s does not keep the period", loc)
	}
	seesAll(t, "the period note", text(t, ctx, ".range-note"), "2 of 10 figures", "1 Jan 2025", "30 Jun 2025")
	if n := count(t, ctx, "table.figures tbody tr"); n != 2 {
		t.Errorf("the figures table has %d rows in the period, want 2", n)
	}
	table := text(t, ctx, "table.figures")
	seesAll(t, "the figures table in the period", table, "857,157", "more than 1,000,000")
	seesNone(t, "the figures table in the period", table, "59,561", "Abb Takk")
	chart := run(t, ctx, "chart text", chromedp.TextContent(chromedp.CSS("figure.chart svg")))
	seesAll(t, "the chart of the period", chart, "The News", "via AFP") // the publisher that "AFP (A News)" names
	seesNone(t, "the chart of the period", chart, "Abb Takk")
	if v := run(t, ctx, "from field", chromedp.Value(chromedp.CSS("#range-from"))); v != "2025-01" {
		t.Errorf("the from field shows %q after the change, want 2025-01", v)
	}
	pngLink := run(t, ctx, "PNG link", chromedp.Evaluate[string](`document.querySelector('figure.chart figcaption a[href*="chart.png"]').href`))
	if want := s.URL + "/series/" + govSeries + "/chart.png?from=2025-01&to=2025-06"; pngLink != want {
		t.Errorf("the chart's PNG link is %s, want %s", pngLink, want)
	}

	// Compare: add the IOM series to the same period.
	steps(t, ctx, "choose the IOM series", chromedp.SetValue(chromedp.CSS("#compare-with"), iomSeries))
	follow(t, ctx, `form.compare-with button[type=submit]`)
	seesAll(t, "the compare heading", text(t, ctx, "h1"), "Compare series")
	seesAll(t, "the compared series", text(t, ctx, ".compared"), gov.Title, iom.Title)
	compared := text(t, ctx, "table.figures")
	seesAll(t, "the compare table", compared, "about 1,000,000", "IOM", "Bloomberg", "857,157")
	seesNone(t, "the compare table", compared, "59,561")
	seesAll(t, "the compare chart", run(t, ctx, "compare chart", chromedp.TextContent(chromedp.CSS("figure.chart svg"))), "IOM")

	// The downloads: the CSV as the browser saves it, the PNG as linked.
	body := downloadByClick(t, ctx, `figure.chart figcaption a[href^="/compare/figures.csv"]`)
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("the downloaded CSV does not parse: %v", err)
	}
	if len(rows) < 3 || rows[0][0] != "figure_id" || rows[1][0] != "#meta+id" {
		t.Errorf("the downloaded CSV starts %q: want the header and the HXL row", rows[:min(2, len(rows))])
	}
	seesAll(t, "the downloaded CSV", string(body), "Nearly a million Afghans", "857157")
	href := run(t, ctx, "PNG link", chromedp.Evaluate[string](`document.querySelector('figure.chart figcaption a[href*="chart.png"]').href`))
	resp, png := get(t, href)
	if resp.StatusCode != 200 || !strings.HasPrefix(png, "\x89PNG\r\n\x1a\n") {
		t.Errorf("the PNG link %s gives status %d and %q", href, resp.StatusCode, png[:min(8, len(png))])
	}

	// A figure's permalink, from the IOM series page.
	follow(t, ctx, `.compared a[href="/series/`+iomSeries+`"]`)
	follow(t, ctx, `table.figures td a[href^="/figures/"]`)
	seesAll(t, "the figure heading", text(t, ctx, "h1"), "about 1,000,000", "persons")
	seesAll(t, "the figure's sentence", text(t, ctx, "blockquote.excerpt"),
		"Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023")
	seesAll(t, "the figure's facts", text(t, ctx, "dl.facts"), "IOM", "Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen", "Bloomberg")
	citation := text(t, ctx, "p.citation")
	seesAll(t, "the citation", citation, "International Organization for Migration (2025). About 1,000,000 persons from 1 Sep 2023 to 19 Apr 2025")

	// The citation view, as a reference manager or a reader gets it.
	follow(t, ctx, `a[href$="/cite?format=text"]`)
	seesAll(t, "the citation view", text(t, ctx, "body"), "International Organization for Migration (2025). About 1,000,000 persons", "Bloomberg", s.URL+"/figures/")
}
