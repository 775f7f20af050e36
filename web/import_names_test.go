package web_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// unhcrFile is a figures file whose rows name UNHCR five ways, with ids
// prefix-1 … prefix-5.
func unhcrFile(prefix string, base int) string {
	b := strings.Builder{}
	b.WriteString("figure_id," + importHeader)
	for i, who := range []string{"UNHCR", "UNHCR (post on X)", "the UN refugee agency", "UNHCR spokesman Evan Watson", "UN High Commissioner for Refugees"} {
		n := strconv.Itoa(i + 1)
		v := strconv.Itoa(base + i)
		b.WriteString(prefix + "-" + n + "," + govSeries + ",persons,2025-0" + n + "-15," + v + "," + who + ",UNHCR,Update " + v +
			",https://example.org/unhcr/" + v + ",\"" + who + " counted " + v + " people.\"\n")
	}
	return b.String()
}

// hiddenFields are the hidden fields of the form that posts to action on
// page.
func hiddenFields(t *testing.T, page, action string) url.Values {
	t.Helper()
	start := strings.Index(page, `action="`+action+`"`)
	if start < 0 {
		t.Fatalf("no form posting to %s:\n%s", action, page)
	}
	form := page[start:]
	form = form[:strings.Index(form, "</form>")]
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(form, -1) {
		v.Add(m[1], html.UnescapeString(m[2]))
	}
	return v
}

// The "Done when": a file whose rows name one organisation five
// ways imports, after the editor answers once for the two spellings that
// name none, with every row resolved to that organisation; the answers are
// written with the import and not before; a second file with the same
// spellings imports with no question asked.
func TestImportMapsNamesOnce(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ctx := context.Background()
	storetest.Orgs(t, s.db, "UN High Commissioner for Refugees (UNHCR)")
	var unhcr domain.Organization
	orgs, err := s.db.Organizations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Acronym == "UNHCR" {
			unhcr = o
		}
	}
	ed := s.signIn(t, domain.RoleEditor)

	ct, body := uploadForm(t, map[string]string{"figures": unhcrFile("unhcr", 1000)})
	resp, page := postImport(t, ed, s.URL, ct, body)
	if resp.StatusCode != 200 || !strings.Contains(page, `action="/staff/import/names"`) {
		t.Fatalf("first preview: %d, want the Organisations step\n%s", resp.StatusCode, page)
	}
	mustContain(t, "Organisations step", page, "2 names in the file name no organisation known here",
		`<legend><q dir="auto">the UN refugee agency</q></legend>`,
		`<legend><q dir="auto">UNHCR spokesman Evan Watson</q></legend>`,
		`the UN refugee agency counted 1002 people.`,
		`value="`+strconv.FormatInt(unhcr.ID, 10)+`" required>`)
	for _, asked := range []string{`<q dir="auto">UNHCR</q></legend>`, `<q dir="auto">UNHCR (post on X)</q></legend>`, `<q dir="auto">UN High Commissioner for Refugees</q></legend>`} {
		if strings.Contains(page, asked) {
			t.Errorf("asked about words that resolve: %s", asked)
		}
	}
	// UNHCR is the closest organisation to the spokesman's words: the
	// first choice offered.
	spokesman := regexp.MustCompile(`(?s)UNHCR spokesman Evan Watson</q></legend>.*?name="q(\d+)\.as" value="(\d+)"`).FindStringSubmatch(page)
	if spokesman == nil || spokesman[2] != strconv.FormatInt(unhcr.ID, 10) {
		t.Errorf("the first choice for the spokesman is not UNHCR (%d): %v", unhcr.ID, spokesman)
	}

	answers := hiddenFields(t, page, "/staff/import/names")
	for _, m := range regexp.MustCompile(`name="q(\d+)\.words" value="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		q := "q" + m[1] + "."
		if html.UnescapeString(m[2]) == "the UN refugee agency" {
			answers.Set(q+"as", "any") // from the list of every organisation
			answers.Set(q+"any", strconv.FormatInt(unhcr.ID, 10))
		} else {
			answers.Set(q+"as", strconv.FormatInt(unhcr.ID, 10))
		}
	}
	resp, page = do(t, ed, "POST", s.URL+"/staff/import/names", answers)
	if resp.StatusCode != 303 {
		t.Fatalf("answers: %d\n%s", resp.StatusCode, page)
	}
	resp, page = awaitJob(t, ed, s.URL+resp.Header.Get("Location"))
	if resp.StatusCode != 200 || !strings.Contains(page, `action="/staff/import/confirm"`) {
		t.Fatalf("preview with the answers: %d\n%s", resp.StatusCode, page)
	}
	mustContain(t, "preview with the answers", page, "5 figure rows (5 new", "Organisations: your answers",
		`<td dir="auto">UNHCR spokesman Evan Watson</td><td>UN High Commissioner for Refugees</td>`)
	// A preview writes nothing, answers included.
	if o, _ := s.db.Organization(ctx, unhcr.Slug); len(o.Aliases) != len(unhcr.Aliases) {
		t.Errorf("the preview added aliases: %v", o.Aliases)
	}

	confirm := hiddenFields(t, page, "/staff/import/confirm")
	if got := confirm["a.words"]; len(got) != 2 {
		t.Errorf("the confirmation carries answers for %q", got)
	}
	resp, page = do(t, ed, "POST", s.URL+"/staff/import/confirm", confirm)
	if resp.StatusCode != 303 {
		t.Fatalf("confirm: %d\n%s", resp.StatusCode, page)
	}
	if _, page = awaitJob(t, ed, s.URL+resp.Header.Get("Location")); !strings.Contains(page, "Imported.") {
		t.Fatalf("import:\n%s", page)
	}
	for i := 1; i <= 5; i++ {
		f, _, err := s.db.Figure(ctx, "unhcr-"+strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Orgs) != 1 || f.Orgs[0].ID != unhcr.ID {
			t.Errorf("%s (%q) resolves to %+v, want UNHCR only", f.ID, f.AttributedTo, f.Orgs)
		}
	}
	o, err := s.db.Organization(ctx, unhcr.Slug)
	if err != nil {
		t.Fatal(err)
	}
	for _, alias := range []string{"the UN refugee agency", "UNHCR spokesman Evan Watson"} {
		if !slices.Contains(o.Aliases, alias) {
			t.Errorf("UNHCR's aliases %q lack %q", o.Aliases, alias)
		}
	}

	// The same spellings again: straight to the confirmation.
	ct, body = uploadForm(t, map[string]string{"figures": unhcrFile("again", 2000)})
	resp, page = postImport(t, ed, s.URL, ct, body)
	if resp.StatusCode != 200 || strings.Contains(page, "/staff/import/names") || !strings.Contains(page, "5 figure rows (5 new") {
		t.Fatalf("second file: %d, want a preview with no question\n%s", resp.StatusCode, page)
	}
}

// An answer that cannot be applied — a new organisation under a name
// that is taken — asks the question again with the reason; an answer left
// out is asked again too.
func TestImportNamesAnswerRefused(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	storetest.Orgs(t, s.db, "UN High Commissioner for Refugees (UNHCR)")
	ed := s.signIn(t, domain.RoleEditor)
	ct, body := uploadForm(t, map[string]string{"figures": unhcrFile("unhcr", 1000)})
	_, page := postImport(t, ed, s.URL, ct, body)
	answers := hiddenFields(t, page, "/staff/import/names")
	for _, m := range regexp.MustCompile(`name="q(\d+)\.words" value="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if html.UnescapeString(m[2]) == "the UN refugee agency" {
			answers.Set("q"+m[1]+".as", "new")
			answers.Set("q"+m[1]+".name", "UNHCR")
			answers.Set("q"+m[1]+".kind", "un_agency")
		}
	}
	resp, page := do(t, ed, "POST", s.URL+"/staff/import/names", answers)
	if resp.StatusCode != 303 {
		t.Fatalf("answers: %d\n%s", resp.StatusCode, page)
	}
	_, page = awaitJob(t, ed, s.URL+resp.Header.Get("Location"))
	mustContain(t, "asked again", page, "2 names in the file name no organisation known here",
		"Your answer could not be applied: ", "already names UN High Commissioner for Refugees")
}

// The Organisations step lists every organisation under every question only
// while that stays small: past maxAnyOptions options each question offers
// the closest and a new one, and the page says where another is chosen.
func TestImportNamesPageStaysBounded(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	var names []string
	for i := range 150 {
		names = append(names, fmt.Sprintf("Bounded Org %03d", i))
	}
	storetest.Orgs(t, s.db, names...)
	ed := s.signIn(t, domain.RoleEditor)
	var csv strings.Builder
	csv.WriteString("series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n")
	for i := range 150 {
		fmt.Fprintf(&csv, "%s,persons,2025-05-%02d,%d,Unknown Office %03d,Dawn,Report,https://example.org/b%d,Counted %d.\n", govSeries, 1+i%28, 100+i, i, i, i)
	}
	ct, form := uploadForm(t, map[string]string{"figures": csv.String()})
	resp, body := postImport(t, ed, s.URL, ct, form)
	if resp.StatusCode != 200 || !strings.Contains(body, `action="/staff/import/names"`) {
		t.Fatalf("preview: %d, want the Organisations step", resp.StatusCode)
	}
	if strings.Contains(body, `-anyorg"`) || !strings.Contains(body, "too many organisations to list") {
		t.Errorf("150 questions × over 150 organisations: the lists are still there, or the page does not say why not")
	}
	if len(body) > 2<<20 {
		t.Errorf("the page is %d bytes", len(body))
	}
}
