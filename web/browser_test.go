package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/web"
)

// One browser serves every browser test of this binary: starting Chromium
// costs seconds, and a process left behind is not reaped in CI's sandbox.
var browser struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	err    string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	os.Exit(code)
}

// newTab returns a fresh browser tab (its own cookies), or skips the test
// when Chromium is not installed — unless TRACKER_TEST_BROWSER=1, as in CI,
// where a missing browser is a failure.
func newTab(t *testing.T) context.Context {
	t.Helper()
	browser.once.Do(func() {
		path, err := exec.LookPath("chromium")
		if err != nil {
			browser.err = "chromium is not installed (Debian package chromium; .ci/run installs it)"
			return
		}
		// The defaults already turn off background networking, sync and
		// /dev/shm; a page-weight test must see only the page's requests.
		opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
			chromedp.DisableGPU, chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-quic", true),
			chromedp.Flag("hide-scrollbars", true), chromedp.WindowSize(1366, 900))
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelBrowser := chromedp.NewContext(alloc)
		browser.ctx, browser.cancel = ctx, func() { cancelBrowser(); cancelAlloc() }
		if err := chromedp.Do(ctx); err != nil { // starts the browser
			browser.err = "chromium does not start: " + err.Error()
		}
	})
	if browser.err != "" {
		if os.Getenv("TRACKER_TEST_BROWSER") == "1" {
			t.Fatal(browser.err)
		}
		t.Skip(browser.err)
	}
	// A new browser context per test: separate cookies, like a new profile.
	ctx, cancel := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func steps(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// screenshot keeps what the page looks like when TRACKER_SCREENSHOTS names
// a folder: the README's pictures come from here.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("TRACKER_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := run(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
}

func signInBrowser(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	signOutBrowser(t, ctx, base)
	steps(t, ctx, "sign in as "+email,
		chromedp.Navigate(base+"/staff/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/staff/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".staffbar")),
	)
}

// signOutBrowser ends the tab's staff session, if it has one.
func signOutBrowser(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	visit(t, ctx, base, "/staff") // public pages never show who is signed in
	if n := run(t, ctx, "sign-out button", chromedp.Evaluate[int](`document.querySelectorAll('form[action="/staff/logout"] button').length`)); n == 0 {
		return
	}
	steps(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`form[action="/staff/logout"] button`)),
		chromedp.WaitNotPresent(chromedp.CSS(".staffbar")))
}

// TestBrowserEnterReviewPublish is the staff path in a real browser: an
// editor pastes the IOM sentence, checks the proposed fields and submits; a
// reviewer approves; the public series page shows the figure and its
// excerpt; an admin retracts it with a reason, and the public sees why.
func TestBrowserEnterReviewPublish(t *testing.T) {
	ctx := newTab(t)
	s := newStaffSite(t, web.Config{})
	sentence := "Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023, according to a report by United Nations International Organization for Migration."

	signInBrowser(t, ctx, s.URL, "editor@example.org")
	steps(t, ctx, "paste and propose",
		chromedp.Navigate(s.URL+"/staff/figures/new"),
		chromedp.SetValue(chromedp.CSS("#f-excerpt"), sentence),
		chromedp.Click(chromedp.CSS(`button[value=propose]`)),
		chromedp.WaitVisible(chromedp.CSS(".proposed-note")),
	)
	for sel, want := range map[string]string{"#f-value": "1000000", "#f-qualifier": "approx",
		"#f-value_as_stated": "Nearly a million", "#f-period_start": "2023-09", "#f-excerpt": sentence} {
		if got := run(t, ctx, "read "+sel, chromedp.Value(chromedp.CSS(sel))); got != want {
			t.Errorf("%s = %q after the proposal, want %q", sel, got, want)
		}
	}
	screenshot(t, ctx, "figure-form-proposed")
	steps(t, ctx, "complete and submit",
		// Counted from the government's start, so that it is a claim about
		// the fact of its 857,157 on 25 Apr 2025, which it disagrees with.
		chromedp.SetValue(chromedp.CSS("#f-period_start"), "2023-11-01"),
		chromedp.SetValue(chromedp.CSS("#f-period_end"), "2025-04-19"),
		chromedp.SetValue(chromedp.CSS("#f-series"), govSeries),
		chromedp.SetValue(chromedp.CSS("#f-attributed_to"), "IOM"),
		chromedp.SetValue(chromedp.CSS("#f-source_url"), "https://example.org/bloomberg-kabul"),
		chromedp.SetValue(chromedp.CSS("#f-source_title"), "Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen"),
		chromedp.SetValue(chromedp.CSS("#f-source_publisher"), "Bloomberg"),
		chromedp.SetValue(chromedp.CSS("#f-source_published"), "2025-04-20"),
		chromedp.Click(chromedp.CSS(`button[value=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".status-in_review")),
	)
	if html := run(t, ctx, "figure page", chromedp.OuterHTML(chromedp.CSS("main"))); strings.Contains(html, "Approve and publish") {
		t.Error("the editor is offered to approve their own figure")
	}
	steps(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`form[action="/staff/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".series-list")))

	signInBrowser(t, ctx, s.URL, "reviewer@example.org")
	steps(t, ctx, "open the queue", chromedp.Navigate(s.URL+"/staff/review"), chromedp.WaitVisible(chromedp.CSS(".queue-item")))
	queue := run(t, ctx, "queue text", chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(queue, "IOM") || !strings.Contains(queue, "Disagrees with") || !strings.Contains(queue, "Running totals that fell") {
		t.Errorf("the review queue does not show the figure and its disagreement:\n%s", queue)
	}
	screenshot(t, ctx, "review-queue")
	steps(t, ctx, "approve",
		chromedp.Click(chromedp.CSS(".queue-item h2 a")),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/approve"] button`)),
		chromedp.Click(chromedp.CSS(`form[action$="/approve"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".status-published")),
	)
	staffPage := run(t, ctx, "figure address", chromedp.Location())
	id := staffPage[strings.LastIndex(staffPage, "/")+1:]
	steps(t, ctx, "public series page", chromedp.Navigate(s.URL+"/series/"+govSeries), chromedp.WaitVisible(chromedp.CSS("table.figures")))
	table := run(t, ctx, "figures table", chromedp.Text(chromedp.CSS("table.figures")))
	for _, want := range []string{sentence, "about 1,000,000", "IOM", "Bloomberg"} {
		if !strings.Contains(table, want) {
			t.Errorf("the public figures table lacks %q", want)
		}
	}
	seesAll(t, "the public chart", run(t, ctx, "chart", chromedp.TextContent(chromedp.CSS("figure.chart svg"))), "IOM via Bloomberg")

	// An admin retracts it with a reason: it leaves the chart, the table
	// and the downloads, and its permalink says why.
	reason := "The sentence counts returns from Iran and Pakistan together, not from Pakistan alone."
	signInBrowser(t, ctx, s.URL, "admin@example.org")
	steps(t, ctx, "retract",
		chromedp.Navigate(staffPage),
		chromedp.SendKeys(chromedp.CSS("#retract-reason"), reason),
		chromedp.Click(chromedp.CSS(`form[action$="/retract"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".status-retracted")),
	)
	// The public pages may be cached for a minute (Cache-Control), so the
	// reader reloads, which revalidates against the new dataset version.
	steps(t, ctx, "public series page after the retraction", chromedp.Navigate(s.URL+"/series/"+govSeries), chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS("table.figures")))
	seesNone(t, "the public figures table after the retraction", run(t, ctx, "figures table", chromedp.Text(chromedp.CSS("table.figures"))), sentence)
	seesNone(t, "the public chart after the retraction", run(t, ctx, "chart", chromedp.TextContent(chromedp.CSS("figure.chart svg"))), "IOM via Bloomberg")
	visit(t, ctx, s.URL, "/figures/"+id)
	seesAll(t, "the retracted figure's permalink", text(t, ctx, "main .alert"), "Retracted on", reason, "no longer appears in charts or downloads")
	visit(t, ctx, s.URL, "/changes")
	seesAll(t, "the changes page", text(t, ctx, "main"), "Retracted: about 1,000,000 — IOM", "Reason: "+reason)
}
