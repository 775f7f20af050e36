package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/internal/synth"
	"github.com/displacement-tracker/tracker/web"
)

// transfers records what a tab fetches: every request's address, and the
// bytes that came over the network for each (encodedDataLength: headers
// and the body as sent, compressed).
type transfers struct {
	mu     sync.Mutex
	urls   map[network.RequestID]string
	bytes  map[network.RequestID]float64
	failed map[network.RequestID]string
}

func watchTransfers(t *testing.T, ctx context.Context) *transfers {
	t.Helper()
	tr := &transfers{urls: map[network.RequestID]string{}, bytes: map[network.RequestID]float64{}, failed: map[network.RequestID]string{}}
	err := chromedp.Listen(ctx, func(ev any) {
		tr.mu.Lock()
		defer tr.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			tr.urls[e.RequestID] = e.Request.URL
		case *network.EventLoadingFinished:
			tr.bytes[e.RequestID] = e.EncodedDataLength
		case *network.EventLoadingFailed:
			tr.failed[e.RequestID] = e.ErrorText + " " + string(e.BlockedReason)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// settle waits until every request the tab made has finished or failed.
func (tr *transfers) settle(t *testing.T) {
	t.Helper()
	for range 400 { // 20 s: CI's machine is shared
		tr.mu.Lock()
		done := len(tr.bytes)+len(tr.failed) >= len(tr.urls)
		tr.mu.Unlock()
		if done {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("requests still loading: %v", tr.urls)
}

// total sums the bytes transferred, and lists the requests.
func (tr *transfers) total() (float64, []string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	var sum float64
	var list []string
	for id, u := range tr.urls {
		sum += tr.bytes[id]
		list = append(list, u)
	}
	return sum, list
}

// resourceHostsJS lists the addresses that the page's markup and styles
// load (not the links a reader may follow): a request that the CSP blocks
// would not show in the network log, but is still a third party the page
// tries to reach.
const resourceHostsJS = `(() => {
  const out = [];
  for (const el of document.querySelectorAll("script[src], img[src], iframe[src], source[src], video[src], audio[src], embed[src], object[data], link[href]:not([rel~=canonical]):not([rel~=alternate])")) {
    out.push(el.src || el.data || el.href);
  }
  for (const el of document.querySelectorAll("img[srcset], source[srcset]")) out.push(...el.srcset.split(",").map(s => new URL(s.trim().split(" ")[0], location.href).href));
  for (const sheet of document.styleSheets) {
    let rules = [];
    try { rules = [...sheet.cssRules]; } catch (e) { out.push(sheet.href || "unreadable stylesheet"); }
    for (const r of rules) for (const m of r.cssText.matchAll(/url\(["']?([^"')]+)/g)) out.push(new URL(m[1], sheet.href || location.href).href);
  }
  return out;
})()`

// pageWeight loads path in a fresh tab and returns the bytes transferred;
// it fails the test for any request to another host than the site's.
func pageWeight(t *testing.T, base, path string) float64 {
	t.Helper()
	ctx := newTab(t)
	tr := watchTransfers(t, ctx)
	steps(t, ctx, "open "+path, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("table.figures")))
	tr.settle(t)
	sum, requests := tr.total()
	site, _ := url.Parse(base)
	for _, u := range append(requests, run(t, ctx, "resources", chromedp.Evaluate[[]string](resourceHostsJS))...) {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "data" && p.Host != site.Host) {
			t.Errorf("%s loads %s, which is not on this site", path, u)
		}
	}
	t.Logf("%s: %.1f KB transferred in %d requests: %v", path, sum/1000, len(requests), requests)
	return sum
}

// TestSeriesPageIsLight: a series page with its inline charts reaches a
// phone on a slow connection in under 200 KB, all from this site — for
// the demo series, and for a series of 300 figures.
func TestSeriesPageIsLight(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	storetest.LoadSynthetic(t, s.db, synth.Config{Figures: 300, Series: 1, Seed: 2})
	for _, path := range []string{"/series/" + govSeries, "/series/syn-00000-pak-afg-returnees-cumulative"} {
		if n := pageWeight(t, s.URL, path); n > 200_000 {
			t.Errorf("%s: %.1f KB transferred, want under 200 KB", path, n/1000)
		} else if n < 5_000 {
			t.Errorf("%s: %.0f bytes transferred: the measure missed the page", path, n)
		}
	}
}

// TestSeriesPageWithoutJavaScript: with scripts turned off the series page
// still shows its chart and its table, its period form works, and every
// download link gives its file.
func TestSeriesPageWithoutJavaScript(t *testing.T) {
	ctx := newTab(t)
	s := newStaffSite(t, web.Config{})
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	visit(t, ctx, s.URL, "/series/"+govSeries)
	steps(t, ctx, "chart and table", chromedp.WaitVisible(chromedp.CSS("figure.chart .chart-wide svg")), chromedp.WaitVisible(chromedp.CSS("table.figures")))
	box := run(t, ctx, "chart size", chromedp.Dimensions(chromedp.CSS("figure.chart .chart-wide svg")))
	if box == nil || box.Width < 600 || box.Height < 300 {
		t.Errorf("the chart is drawn %v without JavaScript", box)
	}
	if n := count(t, ctx, "table.figures tbody tr"); n != 10 {
		t.Errorf("the figures table has %d rows without JavaScript, want 10", n)
	}

	links := run(t, ctx, "download links", chromedp.Evaluate[[]string](`[...document.querySelectorAll("ul.downloads a, figure.chart figcaption a")].map(a => a.href)`))
	if len(links) < 8 {
		t.Fatalf("only %d download links: %v", len(links), links)
	}
	for _, link := range links {
		resp, err := http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") == "" || strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("download %s: status %d, type %q", link, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}

	// The period form is a plain GET form: it works without script.
	steps(t, ctx, "type a year", chromedp.SetValue(chromedp.CSS("#range-from"), "2024"), chromedp.SetValue(chromedp.CSS("#range-to"), "2024"))
	follow(t, ctx, `form.range button[type=submit]`)
	seesAll(t, "the period note without JavaScript", text(t, ctx, ".range-note"), "4 of 10 figures", "1 Jan 2024 to 31 Dec 2024")
}
