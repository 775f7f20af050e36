package web_test

import (
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// sitrepText is the situation-report-like text of the extract package's
// testdata (real sentences, with the layout of a report), without its
// header of sources.
func sitrepText(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../internal/extract/testdata/sitrep-afghan-returns.txt")
	if err != nil {
		t.Fatal(err)
	}
	var keep []string
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if !strings.HasPrefix(l, "#") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

const demoSeries = "afg-returns-from-pak-cumulative-since-2023-09"

// documentSource is step 1's source: a new document, published by an
// organisation the demo knows.
func documentSource() url.Values {
	return url.Values{"source_url": {"https://example.org/sitrep-afghan-returns"}, "source_title": {"Pakistan - Afghanistan Returns"},
		"source_publisher": {"IOM"}, "source_published": {"2025-06-05"}, "series": {demoSeries}}
}

// postedValues is what a browser would post from the page's form: inputs
// (checkboxes only when ticked), textareas and each select's chosen option.
func postedValues(t *testing.T, page string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := url.Values{}
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, named := attr(n, "name")
			switch n.Data {
			case "input":
				typ, _ := attr(n, "type")
				_, checked := attr(n, "checked")
				if named && typ != "submit" && (typ != "checkbox" || checked) {
					v, ok := attr(n, "value")
					if !ok && typ == "checkbox" {
						v = "on"
					}
					out.Add(name, v)
				}
			case "textarea":
				if named && n.FirstChild != nil {
					out.Add(name, n.FirstChild.Data)
				} else if named {
					out.Add(name, "")
				}
			case "select":
				chosen := ""
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if o.Type == html.ElementNode && o.Data == "option" {
						if _, sel := attr(o, "selected"); sel {
							chosen, _ = attr(o, "value")
						}
					}
				}
				if named {
					out.Add(name, chosen)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// rowOf is the number of the row whose words as stated are stated.
func rowOf(t *testing.T, form url.Values, stated string) string {
	t.Helper()
	n, _ := strconv.Atoi(form.Get("rows"))
	for i := range n {
		if form.Get("r"+strconv.Itoa(i)+".value_as_stated") == stated {
			return "r" + strconv.Itoa(i)
		}
	}
	t.Fatalf("no row %q", stated)
	return ""
}

// TestDocumentEntry reads a situation report, saves the ticked rows
// after one is unticked and one corrected, and checks the all-or-nothing
// save: a bad row saves nothing and is named by row and field.
func TestDocumentEntry(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	ctx := t.Context()
	figures := func() int {
		tables, err := s.db.TableRows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(tables["figures"])
	}
	before := figures()

	resp, page := do(t, ed, "GET", s.URL+"/staff/figures/document?series="+demoSeries, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("step 1: status %d", resp.StatusCode)
	}
	mustContain(t, "step 1", page, "Enter figures from a document", `name="text"`, `value="`+demoSeries+`" selected`)

	read := documentSource()
	read.Set("text", sitrepText(t))
	read.Set("action", "read")
	resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", read)
	if resp.StatusCode != 200 {
		t.Fatalf("step 2: status %d\n%s", resp.StatusCode, page)
	}
	mustContain(t, "step 2", page, "<mark>474,264</mark>", "likely", "Save the ticked figures as drafts")
	form := postedValues(t, page)
	kept := 0
	for k := range form {
		if strings.HasSuffix(k, ".keep") {
			kept++
		}
	}
	if kept < 10 {
		t.Fatalf("%d rows ticked, want the report's prose figures", kept)
	}
	a, b := rowOf(t, form, "474,264"), rowOf(t, form, "620,981")
	if form.Get(a+".period_end") != "2024-01-23" || form.Get(b+".period_end") != "2025-06-05" || form.Get(a+".attributed_to") != "IOM" {
		t.Errorf("proposed: %s end %q, %s end %q (the publication date), attributed to %q", a, form.Get(a+".period_end"), b, form.Get(b+".period_end"), form.Get(a+".attributed_to"))
	}
	// The attributions that name no organisation known here are said so
	// before saving; the editor writes the organisation's name.
	notes := 0
	n, _ := strconv.Atoi(form.Get("rows"))
	for i := range n {
		r := "r" + strconv.Itoa(i)
		if strings.Contains(page, `id="f-`+r+`.attributed_to-hint"`) {
			notes++
			form.Set(r+".attributed_to", "Pakistani officials")
		}
	}
	if notes == 0 {
		t.Error("no attribution is noted as naming no organisation (\"officials\", \"the ministry\")")
	}
	form.Set("action", "save")

	// A bad row: nothing is saved, the row and field are named.
	bad := rowOf(t, form, "59,561")
	form.Set(bad+".period_end", "2024-13-01")
	form.Set(b+".series", "")
	resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 422 {
		t.Fatalf("bad rows: status %d", resp.StatusCode)
	}
	mustContain(t, "bad rows", page, "Nothing was saved: 2 rows need attention", `id="f-`+bad+`.period_end-error"`, "month 13 does not exist",
		`id="f-`+b+`.series-error"`, "choose a series")
	if n := figures(); n != before {
		t.Fatalf("a save with bad rows wrote %d figures", n-before)
	}

	// Corrected, with one row unticked and one field edited inline.
	form = postedValues(t, page)
	form.Set("action", "save")
	form.Set(bad+".period_end", "2023-12-01")
	form.Set(b+".series", demoSeries)
	form.Del(rowOf(t, form, "503,261") + ".keep")
	form.Set(a+".value_as_stated", "474,264 individuals")
	kept = 0
	for k := range form {
		if strings.HasSuffix(k, ".keep") {
			kept++
		}
	}
	resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 303 {
		t.Fatalf("save: status %d\n%s", resp.StatusCode, page)
	}
	if n := figures(); n != before+kept {
		t.Errorf("%d figures saved, want the %d ticked", n-before, kept)
	}
	resp, page = do(t, ed, "GET", s.URL+resp.Header.Get("Location"), nil)
	if resp.StatusCode != 200 {
		t.Fatalf("saved page: status %d", resp.StatusCode)
	}
	mustContain(t, "saved page", page, strconv.Itoa(kept)+" drafts saved", "474,264")
	var ids []string
	_, list, _ := strings.Cut(page, `class="saved-drafts"`)
	list, _, _ = strings.Cut(list, "</ul>")
	for _, part := range strings.Split(list, `href="/staff/figures/`)[1:] {
		id, _, _ := strings.Cut(part, `"`)
		ids = append(ids, id)
	}
	found := false
	for _, id := range ids {
		f, sr, err := s.db.Figure(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if f.Status != domain.StatusDraft || f.Source.URL != "https://example.org/sitrep-afghan-returns" || sr.Slug != demoSeries {
			t.Errorf("figure %s: %s, source %s, series %s", id, f.Status, f.Source.URL, sr.Slug)
		}
		if f.Value == 474264 {
			found = true
			if f.ValueAsStated != "474,264 individuals" || f.PeriodEnd.String() != "2024-01-23" ||
				!strings.HasPrefix(f.Excerpt, "The repatriation process for Afghan nationals residing illegally") {
				t.Errorf("474,264: %+v", f)
			}
		}
		if f.Value == 503261 {
			t.Error("the unticked row was saved")
		}
	}
	if !found || len(ids) != kept {
		t.Errorf("saved page links %d figures (474,264 among them: %v), want %d", len(ids), found, kept)
	}

	// Read again: the figures just saved are held, marked with a link
	// and left unticked; the one left out is not.
	resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", read)
	if resp.StatusCode != 200 {
		t.Fatalf("read again: status %d", resp.StatusCode)
	}
	again := postedValues(t, page)
	if again.Has(rowOf(t, again, "474,264") + ".keep") {
		t.Error("a held figure is ticked")
	}
	if !again.Has(rowOf(t, again, "503,261") + ".keep") {
		t.Error("the figure not saved is not ticked")
	}
	_, card, _ := strings.Cut(page, `id="row-`+strings.TrimPrefix(rowOf(t, again, "474,264"), "r")+`"`)
	card, _, _ = strings.Cut(card, "</li>")
	mustContain(t, "held row", card, "Already held:", `href="/staff/figures/`, "same source and value")
}

// TestDocumentBadInput: no text, too much text, bad dates, too many rows,
// nothing ticked — each a form error, never a 500.
func TestDocumentBadInput(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	post := func(v url.Values) (int, string) {
		resp, body := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
		return resp.StatusCode, body
	}
	v := documentSource()
	v.Set("action", "read")
	if code, body := post(v); code != 422 || !strings.Contains(body, "paste the document&#39;s text") {
		t.Errorf("no text: %d", code)
	}
	v.Set("text", strings.Repeat("Some 300 families fled. ", 30_000))
	if code, body := post(v); code != 422 || !strings.Contains(body, "paste at most 512 KB at a time") {
		t.Errorf("too much text: %d", code)
	}
	v.Set("text", "Some 300 families fled.")
	v.Set("source_published", "2025-02-30")
	if code, body := post(v); code != 422 || !strings.Contains(body, "February 2025 has no day 30") {
		t.Errorf("bad date: %d", code)
	}
	save := documentSource()
	save.Set("action", "save")
	save.Set("rows", "100000")
	if code, body := post(save); code != 422 || !strings.Contains(body, "A save takes at most 300 rows") {
		t.Errorf("too many rows: %d", code)
	}
	save.Set("rows", "1")
	save.Set("sentence", "Some 300 families fled.")
	save.Set("r0.sentence", "0")
	save.Set("r0.value", "300")
	if code, body := post(save); code != 422 || !strings.Contains(body, "No row is ticked") {
		t.Errorf("nothing ticked: %d", code)
	}
	save.Set("rows", "x")
	if code, _ := post(save); code != 422 {
		t.Errorf("rows not a number: %d", code)
	}
	resp, _ := do(t, ed, "GET", s.URL+"/staff/figures/document?source=999999", nil)
	if resp.StatusCode != 404 {
		t.Errorf("unknown source: %d", resp.StatusCode)
	}
	resp, _ = do(t, ed, "GET", s.URL+"/staff/figures/document/saved?ids=nope", nil)
	if resp.StatusCode != 404 {
		t.Errorf("saved page of no figures: %d", resp.StatusCode)
	}
}

// TestDocumentFromSavedSource opens a source the tracker keeps a copy of:
// its fields and its saved text fill step 1, and reading it finds the
// figure already held from it. A source without a copy says so.
func TestDocumentFromSavedSource(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	fig, _ := publishedIOMFigure(t, s.db)
	src := strconv.FormatInt(fig.Source.ID, 10)
	resp, page := do(t, ed, "GET", s.URL+"/staff/figures/document?source="+src, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	form := postedValues(t, page)
	if form.Get("source_url") != fig.Source.URL || !strings.Contains(form.Get("text"), fig.Excerpt) || form.Get("source_published") != fig.Source.PublishedOn.String() {
		t.Fatalf("step 1 from the saved source: %v", form)
	}
	_, list := do(t, ed, "GET", s.URL+"/staff/sources?q="+url.QueryEscape(fig.Source.Title[:20]), nil)
	mustContain(t, "sources list", list, `href="/staff/figures/document?source=`+src+`"`)

	form.Set("action", "read")
	form.Set("series", iomSeries)
	resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 200 {
		t.Fatalf("read: status %d", resp.StatusCode)
	}
	mustContain(t, "read from the saved text", page, "Already held:", `href="/staff/figures/`+fig.ID+`"`)

	var bare domain.Source
	err := s.db.InTx(t.Context(), "test", func(tx *store.Tx) error {
		var err error
		bare, err = tx.CreateSource(t.Context(), domain.Source{URL: "https://example.org/no-copy-yet", Title: "Not yet saved", Publisher: "IOM"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_, page = do(t, ed, "GET", s.URL+"/staff/figures/document?source="+strconv.FormatInt(bare.ID, 10), nil)
	mustContain(t, "a source without a copy", page, "no saved text of this source", `value="https://example.org/no-copy-yet"`)
}

// TestDocumentUnknownOrganisation: a row whose attribution names no
// organisation known here comes back with the problem on that row and
// field, and nothing is saved — not a 500.
func TestDocumentUnknownOrganisation(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	v := documentSource()
	v.Set("action", "save")
	v.Set("rows", "2")
	for i, who := range []string{"IOM", "The Zzyzx Relief Collective"} {
		r := "r" + strconv.Itoa(i) + "."
		v.Set(r+"keep", "on")
		v.Set(r+"excerpt", "Some 300 families fled the district, "+who+" said.")
		v.Set(r+"value", "300")
		v.Set(r+"qualifier", "approx")
		v.Set(r+"value_as_stated", "Some 300")
		v.Set(r+"period_end", "2025-06-01")
		v.Set(r+"attributed_to", who)
		v.Set(r+"series", demoSeries)
	}
	tables, _ := s.db.TableRows(t.Context())
	before := len(tables["figures"])
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
	if resp.StatusCode < 400 || resp.StatusCode >= 500 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	_, card, _ := strings.Cut(page, `id="row-1"`)
	mustContain(t, "the row", card, `id="f-r1.attributed_to-error"`, "The Zzyzx Relief Collective")
	if tables, _ := s.db.TableRows(t.Context()); len(tables["figures"]) != before {
		t.Errorf("%d figures written", len(tables["figures"])-before)
	}
}
