package web_test

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// A saved copy longer than the text box takes is read on the server, a
// part at a time: step 1 leaves the box empty and says so, step 2 says
// which part was read and links to the next, and the next part starts
// where the first ended, at a sentence end, until the copy is read to its
// end. A copy that fits is put in the box, as before.
func TestDocumentFromSavedCopyInParts(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	fig, _ := publishedIOMFigure(t, s.db)
	id := strconv.FormatInt(fig.Source.ID, 10)
	saveCopy := func(text string) {
		t.Helper()
		_, _, err := s.db.SaveSourceCopy(t.Context(), domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, FinalURL: fig.Source.URL,
			Status: 200, ContentType: "text/plain", Charset: "utf-8", Body: []byte(text), Text: text,
			FetchedAt: time.Now().UTC()}, domain.CopyLimits{})
		if err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	// A figure every few sentences, as in a report: fewer than a part's
	// 300 rows (a part with more is cut at its 300th figure instead, see
	// TestDocumentPartOverRowCapSkipsNoFigure).
	for i := 0; b.Len() < 900<<10; i++ {
		if i%30 == 0 {
			b.WriteString("In camp " + strconv.Itoa(i) + ", some " + strconv.Itoa(1000+i) + " people arrived in May, the agency said. ")
		} else {
			b.WriteString("Water trucking continued in the camps while partners scaled up latrines and shelters. ")
		}
		if i%20 == 19 {
			b.WriteString("\n\n")
		}
	}
	saveCopy(b.String())

	read := func(step1 string) (string, string) {
		t.Helper()
		resp, page := do(t, ed, "GET", s.URL+step1, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", step1, resp.StatusCode)
		}
		form := postedValues(t, page)
		if form.Get("text") != "" {
			t.Fatalf("%s: a copy of %d KB is put in the text box", step1, b.Len()>>10)
		}
		form.Set("action", "read")
		resp, read := do(t, ed, "POST", s.URL+"/staff/figures/document", form)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: read: status %d", step1, resp.StatusCode)
		}
		return html.UnescapeString(page), html.UnescapeString(read)
	}
	step1, first := read("/staff/figures/document?source=" + id)
	mustContain(t, "step 1", step1, "saved copy of this source is 9", "Leave the text box empty")
	mustContain(t, "first part", first, "KB 0 to 5", "remaining", "Read the next part")
	next := regexp.MustCompile(`href="(/staff/figures/document\?from=(\d+)[^"]*)"`).FindStringSubmatch(first)
	if next == nil {
		t.Fatalf("no link to the next part")
	}
	from, _ := strconv.Atoi(next[2])
	if from > 512<<10 || from < 400<<10 || b.String()[from-1] != '\n' && b.String()[from-2:from] != ". " {
		t.Errorf("the first part ends at byte %d (%q), want within 512 KB, at a sentence end", from, b.String()[from-10:from])
	}
	_, second := read(next[1])
	mustContain(t, "second part", second, "KB "+strconv.Itoa(from>>10)+" to ")
	if strings.Contains(second, "Read the next part") {
		t.Errorf("the second part of a 900 KB copy links to a third")
	}
	// A place that starts no part is said so, and the copy read from its
	// start.
	_, page := do(t, ed, "GET", s.URL+"/staff/figures/document?source="+id+"&from=99999999", nil)
	mustContain(t, "bad from", html.UnescapeString(page), "starts no part of it")

	// A copy that fits goes in the text box.
	saveCopy("Some 1,200 people arrived in May, the agency said.\n")
	_, page = do(t, ed, "GET", s.URL+"/staff/figures/document?source="+id, nil)
	if got := postedValues(t, page).Get("text"); !strings.Contains(got, "1,200 people arrived") {
		t.Errorf("a short copy: text box %q", got)
	}
}
