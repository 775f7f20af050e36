package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// axePath is where `npm ci --prefix web/testdata/axe` puts axe-core, at the
// version pinned in web/testdata/axe/package-lock.json.
var axePath = filepath.Join("testdata", "axe", "node_modules", "axe-core", "axe.min.js")

var axeSource struct {
	once sync.Once
	js   string
	err  error
}

// axeScript returns axe-core's source, or skips the test when it is not
// installed — unless TRACKER_TEST_BROWSER=1, as in CI, where it must be.
func axeScript(t *testing.T) string {
	t.Helper()
	axeSource.once.Do(func() {
		b, err := os.ReadFile(axePath)
		axeSource.js, axeSource.err = string(b), err
	})
	if axeSource.err != nil {
		msg := fmt.Sprintf("axe-core is not installed (%v): run `npm ci --prefix web/testdata/axe --no-audit --no-fund` from the repository root", axeSource.err)
		if os.Getenv("TRACKER_TEST_BROWSER") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return axeSource.js
}

type axeNode struct {
	Target         []any  `json:"target"`
	FailureSummary string `json:"failureSummary"`
}

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

// axeCheck runs axe-core on the page the tab shows and fails the test on
// every violation of serious or critical impact, naming the rule, the
// elements and where the rule is explained. Lesser findings are logged.
func axeCheck(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	src := axeScript(t)
	// The site's CSP allows no script; DevTools' own evaluation is not
	// subject to it, so axe is injected that way rather than by a <script>.
	steps(t, ctx, "inject axe into "+page, chromedp.Evaluate[chromedp.Void](src+"\n;void 0"))
	raw := run(t, ctx, "run axe on "+page, chromedp.Evaluate[string](`axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
		resultTypes: ["violations"]
	}).then(r => JSON.stringify({violations: r.violations, passes: r.passes.length}))`, chromedp.EvalAwaitPromise))
	var found struct {
		Violations []axeViolation
		Passes     int
	}
	if err := json.Unmarshal([]byte(raw), &found); err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	if found.Passes == 0 {
		t.Errorf("axe passed no rule on %s: it did not run", page)
	}
	// axe cannot tell the colour behind a chart's SVG text ("incomplete");
	// chartTextContrast checks that text itself.
	for _, v := range found.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target)+" — "+strings.ReplaceAll(n.FailureSummary, "\n", " "))
		}
		report := fmt.Sprintf("%s: axe %s (%s): %s\n  %s\n  %s", page, v.ID, v.Impact, v.Help, v.HelpURL, strings.Join(where, "\n  "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(report)
		} else {
			t.Log(report)
		}
	}
}

// chartContrastJS lists the chart text whose colour contrasts less than
// 4.5:1 (WCAG AA) with what is behind it: the white canvas and the grey
// panel of an empty chart for dark text, the disc it sits on for white
// text (the event numbers).
const chartContrastJS = `(() => {
  const rgb = s => (s.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const bad = [];
  let n = 0;
  for (const el of document.querySelectorAll("figure.chart svg text")) {
    n++;
    const fill = rgb(getComputedStyle(el).fill);
    let behind = [[255, 255, 255], [244, 244, 244]];
    if (lum(fill) > 0.5) {
      let prev = el.previousElementSibling;
      while (prev && (prev.tagName === "text" || getComputedStyle(prev).fill === "none")) prev = prev.previousElementSibling;
      behind = prev ? [rgb(getComputedStyle(prev).fill)] : [[255, 255, 255]];
    }
    const worst = Math.min(...behind.map(b => ratio(fill, b)));
    if (worst < 4.5) bad.push(el.textContent + " (" + fill + " on " + behind.join(" / ") + ": " + worst.toFixed(2) + ":1)");
  }
  return {n, bad};
})()`

// chartTextContrast fails the test for chart labels below WCAG AA contrast.
func chartTextContrast(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	got := run(t, ctx, "chart text contrast on "+page, chromedp.Evaluate[struct {
		N   int
		Bad []string
	}](chartContrastJS))
	if got.N == 0 {
		t.Errorf("%s: the chart has no text", page)
	}
	for _, b := range got.Bad {
		t.Errorf("%s: chart text with too little contrast: %s", page, b)
	}
}

// chartAlternatives checks that every chart is an image named by its title
// and described by a sentence, and that a page with a chart (but the embed,
// which links to its series page) has the chart's data as a table.
func chartAlternatives(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	missing := run(t, ctx, "chart alternatives on "+page, chromedp.Evaluate[[]string](`[...document.querySelectorAll("figure.chart svg")].flatMap((svg, i) => {
		const ids = (svg.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
		const texts = ids.map(id => (document.getElementById(id) || {}).textContent || "");
		const bad = [];
		if (svg.getAttribute("role") !== "img") bad.push("chart " + i + " has no role=img");
		if (texts.length < 2 || texts.some(t => t.trim().length < 10)) bad.push("chart " + i + " lacks a title and a description: " + JSON.stringify(texts));
		return bad;
	})`))
	for _, m := range missing {
		t.Errorf("%s: %s", page, m)
	}
	if !strings.HasPrefix(page, "/embed/") && count(t, ctx, "table.figures tbody tr") == 0 {
		t.Errorf("%s: the chart's figures are not in a table", page)
	}
}

// visit opens path and waits for its main content.
func visit(t *testing.T, ctx context.Context, base, path string) {
	t.Helper()
	steps(t, ctx, "open "+path, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// publishedFigureID returns the id of one published figure of a series.
func publishedFigureID(t *testing.T, db *store.DB, slug string) string {
	t.Helper()
	var id string
	err := db.PublicFigureStream(context.Background(), store.FigureFilter{SeriesSlug: slug}, func(_ domain.Series, f domain.Figure) error {
		id = f.ID
		return nil
	})
	if err != nil || id == "" {
		t.Fatalf("no published figure in %s: %v", slug, err)
	}
	return id
}

// TestAccessibilityPublicPages runs axe-core on every kind of public page.
func TestAccessibilityPublicPages(t *testing.T) {
	ctx := newTab(t)
	axeScript(t)
	s := newStaffSite(t, web.Config{})
	id := publishedFigureID(t, s.db, iomSeries)
	pages := []string{
		"/",
		"/series/" + govSeries,
		"/series/" + iomSeries,
		"/series/" + govSeries + "?from=2024-01&to=2024-12",
		"/compare?series=" + govSeries + "&series=" + iomSeries,
		"/figures/" + id,
		"/changes",
		"/data",
		"/events",
		"/events?from=2025-13", // a bad filter: the form with its message
		"/embed/series/" + govSeries,
		"/staff/login",
		"/series/no-such-series", // the error page
	}
	// A cited document's page, as the series page links it.
	visit(t, ctx, s.URL, "/series/"+iomSeries)
	source := run(t, ctx, "source link", chromedp.Evaluate[string](`(document.querySelector('main a[href^="/sources/"]') || {}).pathname || ""`))
	if source == "" {
		t.Error("the series page links no source page")
	} else {
		pages = append(pages, source)
	}
	for _, p := range pages {
		visit(t, ctx, s.URL, p)
		axeCheck(t, ctx, p)
		if count(t, ctx, "figure.chart svg") > 0 {
			chartTextContrast(t, ctx, p)
			chartAlternatives(t, ctx, p)
		}
	}
}

// TestAccessibilityStaffPages runs axe-core on every staff form — empty,
// with proposed fields and with errors — the review queue and the pages
// that act on a figure, each as the role that uses it.
func TestAccessibilityStaffPages(t *testing.T) {
	ctx := newTab(t)
	axeScript(t)
	s := newStaffSite(t, web.Config{})
	ids := figureIDs(t, s)
	check := func(path string, more ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		url, _, _ := strings.Cut(path, " ") // "(errors)" names a state of the page
		visit(t, ctx, s.URL, url)
		if len(more) > 0 {
			steps(t, ctx, "on "+path, more...)
		}
		axeCheck(t, ctx, path)
	}
	submitted := chromedp.WaitVisible(chromedp.CSS(".alert"))

	signInBrowser(t, ctx, s.URL, "editor@example.org")
	check("/staff")
	check("/staff/figures/new")
	check("/staff/figures/new (proposed)",
		chromedp.SetValue(chromedp.CSS("#f-excerpt"), "Nearly a million Afghans have returned since September 2023, IOM said."),
		chromedp.Click(chromedp.CSS(`button[value=propose]`)), chromedp.WaitVisible(chromedp.CSS(".proposed-note")))
	check("/staff/figures/new (errors)", chromedp.Click(chromedp.CSS(`button[value=submit]`)), submitted)
	check("/staff/figures/" + ids["draft"])
	check("/staff/figures/" + ids["draft"] + "/edit")
	check("/staff/events/new")
	check("/staff/events/new (errors)", chromedp.Click(chromedp.CSS(`button[value=submit]`)), submitted)
	check("/staff/events/new (submitted)",
		chromedp.SetValue(chromedp.CSS("#f-date"), "2025-09-01"),
		chromedp.SetValue(chromedp.CSS("#f-title"), "Deadline for PoR card holders to leave Pakistan"),
		chromedp.SetValue(chromedp.CSS("#f-countries"), "PAK;AFG"),
		chromedp.SetValue(chromedp.CSS("#f-excerpt"), "Holders of Proof of Registration cards must leave by 1 September, the ministry said."),
		chromedp.SetValue(chromedp.CSS("#f-source_url"), "https://example.org/por-deadline"),
		chromedp.SetValue(chromedp.CSS("#f-source_title"), "PoR card holders told to leave"),
		chromedp.SetValue(chromedp.CSS("#f-source_publisher"), "Dawn"),
		chromedp.Click(chromedp.CSS(`button[value=submit]`)), chromedp.WaitVisible(chromedp.CSS("h1 .status")))
	event := run(t, ctx, "event address", chromedp.Location())
	event = event[len(s.URL):]
	check("/staff/sources?q=Bloomberg")
	check("/staff/sources/new")
	check("/staff/sources/new (errors)", chromedp.Click(chromedp.CSS(`form[action="/staff/sources"] button[type=submit]`)), submitted)
	check("/staff/series/new")
	check("/staff/series/new (errors)", chromedp.Click(chromedp.CSS(`form[action="/staff/series"] button[type=submit]`)), submitted)
	check("/staff/import")
	csvFile := filepath.Join(t.TempDir(), "figures.csv")
	os.WriteFile(csvFile, []byte("series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n"+
		govSeries+",persons,2025-05-30,900000,IOM,Dawn,Returns,https://example.org/dawn,Some 900000 returned.\n"), 0o644)
	// The job page while the check runs: the first job pauses after its
	// first report of progress until the page has been checked.
	paused, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	web.SetImportHook(s.srv, func(ctx context.Context) {
		once.Do(func() {
			close(paused)
			select {
			case <-release:
			case <-ctx.Done():
			}
		})
	})
	check("/staff/import (running)",
		chromedp.SetUploadFiles(chromedp.CSS("#figures"), []string{csvFile}),
		chromedp.Click(chromedp.CSS(`form[action="/staff/import"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("progress")))
	<-paused
	close(release)
	check("/staff/import (preview)",
		chromedp.SetUploadFiles(chromedp.CSS("#figures"), []string{csvFile}),
		chromedp.Click(chromedp.CSS(`form[action="/staff/import"] button[type=submit]`)),
		// The job page, running or done; then, as a person would, ask it
		// to follow the check, unless the check ended before it was shown.
		chromedp.WaitVisible(chromedp.CSS(`#import-progress, form[action="/staff/import/confirm"] button`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('a[href$="?refresh=on"]')?.click()`),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/staff/import/confirm"] button`)))
	// A file naming an organisation the demo does not have ("UNHCR"): the
	// preview asks who it is before anything can be confirmed.
	unknownFile := filepath.Join(t.TempDir(), "unknown.csv")
	os.WriteFile(unknownFile, []byte("series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n"+
		govSeries+",persons,2025-05-31,910000,UNHCR,Dawn,Returns,https://example.org/dawn-2,Some 910000 returned.\n"), 0o644)
	check("/staff/import (a name to resolve)",
		chromedp.SetUploadFiles(chromedp.CSS("#figures"), []string{unknownFile}),
		chromedp.Click(chromedp.CSS(`form[action="/staff/import"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#import-progress, form[action="/staff/import/names"] button`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('a[href$="?refresh=on"]')?.click()`),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/staff/import/names"] button[type=submit]`)))

	signInBrowser(t, ctx, s.URL, "reviewer@example.org")
	check("/staff/review")
	check("/staff/figures/" + ids["review"])
	check(event)

	signInBrowser(t, ctx, s.URL, "admin@example.org")
	check("/staff/figures/" + ids["published"])
	check("/staff/figures/" + ids["edit"])
	check("/staff/users")
}
