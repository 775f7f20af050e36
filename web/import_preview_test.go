package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// The preview lists the rows that are new or changed, by line, with their
// series, period and value, and for a changed row each field old → new;
// unchanged rows are only counted.
func TestImportPreviewListsRows(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	header := "figure_id," + strings.TrimSuffix(importHeader, "\n") + ",notes\n"
	row := func(id, end, value, notes string) string {
		return id + "," + govSeries + ",persons," + end + "," + value + ",IOM,IOM,Flash update,https://example.org/fu,Row " + id + "," + notes + "\n"
	}
	ct, body := uploadForm(t, map[string]string{"figures": header + row("imp-1", "2025-06-15", "5000", "") + row("imp-2", "2025-07-15", "6000", "First count")})
	resp, page := postImport(t, ed, s.URL, ct, body)
	if resp.StatusCode != 200 {
		t.Fatalf("first preview: %d\n%s", resp.StatusCode, page)
	}
	if resp, page = confirmUpload(t, ed, s.URL, previewToken(t, page)); !strings.Contains(page, "Imported.") {
		t.Fatalf("first import: %d\n%s", resp.StatusCode, page)
	}

	ct, body = uploadForm(t, map[string]string{"figures": header + row("imp-1", "2025-06-15", "5000", "") +
		row("imp-2", "2025-07-15", "6500", "Second count") + row("", "2025-08-15", "7000", "")})
	resp, page = postImport(t, ed, s.URL, ct, body)
	if resp.StatusCode != 200 {
		t.Fatalf("second preview: %d\n%s", resp.StatusCode, page)
	}
	mustContain(t, "preview", page, "1 new, 1 changed, 1 unchanged",
		`<td class="num">3</td><td>changed</td><td><code>`+govSeries+`</code></td><td>as of 15 Jul 2025</td><td class="num">6,500</td>`,
		`<li><code>value</code>: <span dir="auto">6000</span> → <span dir="auto">6500</span></li>`,
		`<li><code>notes</code>: <span dir="auto">First count</span> → <span dir="auto">Second count</span></li>`,
		`<td class="num">4</td><td>new</td><td><code>`+govSeries+`</code></td><td>as of 15 Aug 2025</td><td class="num">7,000</td>`)
	if strings.Contains(page, `<td class="num">2</td><td>`) {
		t.Errorf("the unchanged line 2 is listed:\n%s", page)
	}

	// A large file lists the first hundred rows and counts the rest.
	ct, body = uploadForm(t, map[string]string{"figures": manyRows(130)})
	if resp, page = postImport(t, ed, s.URL, ct, body); resp.StatusCode != 200 {
		t.Fatalf("large preview: %d", resp.StatusCode)
	}
	mustContain(t, "large preview", page, "the first 100, and 30 more not listed", `<td class="num">101</td><td>new</td>`)
	if strings.Contains(page, `<td class="num">102</td><td>new</td>`) {
		t.Errorf("more than 100 rows listed")
	}
}

// A row without figure_id that repeats a published figure with other notes
// is refused by its line, never by the stored figure's id, which the file
// does not hold.
func TestImportProblemWithoutIDNamesNoID(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	// The demo's published 59,561 of 21 Oct 2023, with notes of its own.
	ct, body := uploadForm(t, map[string]string{"figures": strings.TrimSuffix(importHeader, "\n") + ",notes\n" +
		govSeries + ",persons,2023-10-21,59561,Pakistani officials,Abb Takk,9 days left for undocumented foreign nationals to leave country," +
		"https://abbtakk.tv/9-days-left-for-undocumented-foreign-nationals-to-leave-country,\"A total of 59,561 Afghan refugees have so far been repatriated.\",Other notes\n"})
	resp, page := postImport(t, ed, s.URL, ct, body)
	if resp.StatusCode != 422 {
		t.Fatalf("repeat of a published figure: %d\n%s", resp.StatusCode, page)
	}
	mustContain(t, "problem", page, `<td class="num">2</td><td><code></code></td><td>this row repeats a published figure`, "different notes")
	// Figure ids are sixteen letters and digits (domain.NewID).
	if id := regexp.MustCompile(`<td>[^<]*\b[0-9a-z]{16}\b[^<]*</td>`).FindString(page); id != "" {
		t.Errorf("the problem names a figure id, which is not in the file: %s", id)
	}
}
