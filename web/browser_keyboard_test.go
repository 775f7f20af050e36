package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/displacement-tracker/tracker/web"
)

// focusStop is where one press of Tab left the focus.
type focusStop struct {
	Desc    string // tag#id "text"
	Index   int    // position among the scope's controls; -1 outside the scope
	Outline string // outline-style of the focused element
	Width   string // outline-width
}

// focusJS describes document.activeElement; %s is the CSS selector of the
// part of the page whose controls are counted.
const focusJS = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {desc: "(page)", index: -1, outline: "", width: ""};
  const controls = [...document.querySelectorAll(%[1]s)].filter(c => !c.disabled && c.offsetParent !== null);
  const cs = getComputedStyle(el);
  const label = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 40);
  return {desc: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + ' "' + label + '"', index: controls.indexOf(el),
    outline: cs.outlineStyle, width: cs.outlineWidth};
})()`

// controlsIn selects what a keyboard user must reach in a part of a page.
func controlsIn(scope string) string {
	var sels []string
	for _, c := range []string{"a[href]", "button", "input:not([type=hidden])", "select", "textarea", "summary"} {
		sels = append(sels, scope+" "+c)
	}
	return jsString(strings.Join(sels, ", "))
}

// tabThrough presses Tab until the focus has left scope after entering it
// (or max presses), and returns every stop.
func tabThrough(t *testing.T, ctx context.Context, scope string, max int) []focusStop {
	t.Helper()
	js := fmt.Sprintf(focusJS, controlsIn(scope))
	var stops []focusStop
	entered := false
	for range max {
		steps(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
		s := run(t, ctx, "focused element", chromedp.Evaluate[focusStop](js))
		stops = append(stops, s)
		if s.Index >= 0 {
			entered = true
		} else if entered {
			break
		}
	}
	return stops
}

// checkTabOrder asserts that Tab reached every control of scope once, in
// the order they are read, each with a visible focus outline.
func checkTabOrder(t *testing.T, ctx context.Context, page, scope string, stops []focusStop) {
	t.Helper()
	want := run(t, ctx, "controls of "+scope, chromedp.Evaluate[[]string](`[...document.querySelectorAll(`+controlsIn(scope)+`)]
		.filter(c => !c.disabled && c.offsetParent !== null).map(c => c.tagName.toLowerCase() + (c.id ? "#" + c.id : "") + ' "' + (c.innerText || c.value || "").trim().slice(0, 40) + '"')`))
	var got []string
	next := 0
	for _, s := range stops {
		if s.Outline == "none" || s.Outline == "" && s.Desc != "(page)" {
			t.Errorf("%s: %s has the keyboard focus but no visible outline", page, s.Desc)
		} else if w, _ := strconv.ParseFloat(strings.TrimSuffix(s.Width, "px"), 64); s.Desc != "(page)" && w < 2 {
			t.Errorf("%s: %s shows a focus outline of %s only", page, s.Desc, s.Width)
		}
		if s.Index < 0 {
			continue
		}
		got = append(got, s.Desc)
		if s.Index != next {
			t.Errorf("%s: Tab went to control %d (%s) where control %d (%s) comes next in reading order", page, s.Index, s.Desc, next, want[min(next, len(want)-1)])
		}
		next = s.Index + 1
	}
	t.Logf("%s: Tab reached %d controls of %s in order", page, len(got), scope)
	if len(got) != len(want) {
		t.Errorf("%s: Tab reached %d of the %d controls of %s:\ngot  %q\nwant %q", page, len(got), len(want), scope, got, want)
	}
}

// press sends keys to the focused element and waits for the page it loads.
func pressAndLoad(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, chromedp.KeyEvent(keys))); err != nil {
		t.Fatalf("press %q: %v", keys, err)
	}
}

// tabTo presses Tab until the element matching sel has the focus.
func tabTo(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	for range 80 {
		if run(t, ctx, "is "+sel+" focused", chromedp.Evaluate[bool](`document.activeElement === document.querySelector(`+jsString(sel)+`)`)) {
			return
		}
		steps(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
	}
	t.Fatalf("Tab never reached %s", sel)
}

// TestKeyboardOnly uses the figure form and the review queue with the
// keyboard alone: every control is reached in reading order with a visible
// focus, the sentence is typed and its fields proposed, and a reviewer
// opens a queued figure and publishes it.
func TestKeyboardOnly(t *testing.T) {
	ctx := newTab(t)
	s := newStaffSite(t, web.Config{})
	ids := figureIDs(t, s)

	signInBrowser(t, ctx, s.URL, "editor@example.org")
	visit(t, ctx, s.URL, "/staff/figures/new")
	first := run(t, ctx, "first Tab", chromedp.Evaluate[string](`document.activeElement === document.body ? "" : "focus moved before any key"`))
	if first != "" {
		t.Errorf("the page took the focus on its own: %s", first)
	}
	stops := tabThrough(t, ctx, "body", 3)
	if len(stops) == 0 || !strings.Contains(stops[0].Desc, "Skip to content") {
		t.Errorf("the first Tab goes to %v, want the skip link", stops)
	}
	visit(t, ctx, s.URL, "/staff/figures/new")
	checkTabOrder(t, ctx, "figure form", "form.figure-form", tabThrough(t, ctx, "form.figure-form", 120))

	// Type the sentence and ask for the proposed fields, keys only.
	visit(t, ctx, s.URL, "/staff/figures/new")
	tabTo(t, ctx, "#f-excerpt")
	steps(t, ctx, "type the sentence", chromedp.KeyEvent("Nearly a million Afghans have returned since September 2023, IOM said."))
	tabTo(t, ctx, `button[value=propose]`)
	pressAndLoad(t, ctx, kb.Enter)
	if v := run(t, ctx, "proposed value", chromedp.Value(chromedp.CSS("#f-value"))); v != "1000000" {
		t.Errorf("after proposing by keyboard the value field holds %q, want 1000000", v)
	}

	signInBrowser(t, ctx, s.URL, "reviewer@example.org")
	visit(t, ctx, s.URL, "/staff/review")
	checkTabOrder(t, ctx, "review queue", "main", tabThrough(t, ctx, "main", 80))

	visit(t, ctx, s.URL, "/staff/review")
	tabTo(t, ctx, `.queue-item h2 a[href="/staff/figures/`+ids["review"]+`"]`)
	pressAndLoad(t, ctx, kb.Enter)
	checkTabOrder(t, ctx, "a figure to review", "main", tabThrough(t, ctx, "main", 80))
	visit(t, ctx, s.URL, "/staff/figures/"+ids["review"])
	tabTo(t, ctx, `form[action$="/approve"] button`)
	pressAndLoad(t, ctx, kb.Enter)
	if n := count(t, ctx, ".status-published"); n == 0 {
		t.Errorf("Enter on Approve and publish did not publish: %s", text(t, ctx, "h1"))
	}
}
