package web_test

import (
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// Review (rev3) of issue 18, where the saved copy read in parts meets the
// rest of document entry.

// saveLongCopy keeps text as the saved copy of the IOM figure's source and
// returns the source's id.
func saveLongCopy(t *testing.T, s *staffSite, text string) string {
	t.Helper()
	fig, _ := publishedIOMFigure(t, s.db)
	_, _, err := s.db.SaveSourceCopy(t.Context(), domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, FinalURL: fig.Source.URL,
		Status: 200, ContentType: "text/plain", Charset: "utf-8", Body: []byte(text), Text: text,
		FetchedAt: time.Now().UTC()}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(fig.Source.ID, 10)
}

var nextPartLink = regexp.MustCompile(`href="(/staff/figures/document\?from=(\d+)[^"]*)"`)

// These tests come from the last review of issue 18: each comment tells what
// the review found; the test holds the fix.

// TestDocumentPartSaveKeepsTheNextPart: step 2 of a long saved copy's
// first part says "save the figures of this part first, then read the next
// part", but saving them leads to the saved page, which offers only
// "another document": the link to the next part is gone (it is not posted
// with step 2, and the save's redirect carries only the ids). The editor
// must go back to Sources and start again from the copy's start.
func TestDocumentPartSaveKeepsTheNextPart(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	var b strings.Builder
	for i := 0; b.Len() < 700<<10; i++ {
		if i%100 == 0 {
			b.WriteString("In camp " + strconv.Itoa(i) + ", some " + strconv.Itoa(1000+i) + " people arrived in May, the agency said. ")
		} else {
			b.WriteString("The road north was closed by snow for most of the week. ")
		}
	}
	id := saveLongCopy(t, s, b.String())
	_, page := do(t, ed, "GET", s.URL+"/staff/figures/document?source="+id, nil)
	form := postedValues(t, page)
	form.Set("action", "read")
	form.Set("series", iomSeries)
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 200 {
		t.Fatalf("read: status %d", resp.StatusCode)
	}
	page = html.UnescapeString(page)
	if nextPartLink.FindStringSubmatch(page) == nil {
		t.Fatal("step 2 of the first part links to no next part")
	}
	form = postedValues(t, page)
	n, _ := strconv.Atoi(form.Get("rows"))
	for i := 1; i < n; i++ {
		form.Del("r" + strconv.Itoa(i) + ".keep")
	}
	form.Set("r0.keep", "on")
	form.Set("r0.attributed_to", "IOM")
	form.Set("action", "save")
	resp, _ = do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 303 {
		t.Fatalf("save: status %d, want 303", resp.StatusCode)
	}
	where := resp.Header.Get("Location")
	resp, saved := do(t, ed, "GET", s.URL+where, nil)
	if resp.StatusCode != 200 || !strings.Contains(saved, "draft") {
		t.Fatalf("saved page %s: status %d", where, resp.StatusCode)
	}
	if nextPartLink.FindStringSubmatch(html.UnescapeString(saved)) == nil {
		t.Errorf("after saving the first part's figures, no page links to the next part of the saved copy (%s)", where)
	}
}

// TestDocumentPartOverRowCapSkipsNoFigure: a part of a saved copy with
// more than maxDocumentRows (300) candidates shows the first 300 and says
// "Enter the rest from the remaining text", but the next part starts where
// this part's text ended (at 512 KB), not after the 300th candidate: every
// figure between them is in no part. Here the first part holds thousands
// of camps' figures, and camp 300's is shown in neither part.
func TestDocumentPartOverRowCapSkipsNoFigure(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	var b strings.Builder
	for i := 0; b.Len() < 700<<10; i++ {
		b.WriteString("In camp " + strconv.Itoa(i) + ", some " + strconv.Itoa(1000+i) + " people arrived in May, the agency said. ")
	}
	id := saveLongCopy(t, s, b.String())
	_, page := do(t, ed, "GET", s.URL+"/staff/figures/document?source="+id, nil)
	form := postedValues(t, page)
	form.Set("action", "read")
	form.Set("series", iomSeries)
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 200 {
		t.Fatalf("read: status %d", resp.StatusCode)
	}
	page = html.UnescapeString(page)
	if strings.Contains(page, "In camp 300,") {
		t.Fatalf("the first part shows camp 300: the cap is not reached")
	}
	next := nextPartLink.FindStringSubmatch(page)
	if next == nil {
		t.Fatal("step 2 of the first part links to no next part")
	}
	from, _ := strconv.Atoi(next[2])
	missed := strings.Index(b.String(), "In camp 300,")
	if from > missed {
		q, _ := url.QueryUnescape(next[1])
		t.Errorf("the next part (%s) starts at byte %d, past camp 300's sentence at byte %d: the figures between the 300th candidate and the part's end are in no part", q, from, missed)
	}
}

// TestDocumentRowMarksItsOwnNumber: step 2 marks each row's number in its
// sentence by looking for the words as stated from the sentence's start
// (documentRow.highlight, strings.Index), not where the reader found them
// (extract.Candidate.ValueAt). A sentence's second number whose words are
// part of the first's ("200" in "1,200") is shown as the first number, cut
// in half: "Some 1,<mark>200</mark> families … 200 families".
func TestDocumentRowMarksItsOwnNumber(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	read := documentSource()
	read.Set("text", "Some 1,200 families returned on Monday and 200 families crossed on Tuesday, officials said.\n")
	read.Set("action", "read")
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", read)
	if resp.StatusCode != 200 {
		t.Fatalf("step 2: status %d", resp.StatusCode)
	}
	if strings.Contains(page, "Some 1,<mark>200</mark>") || !strings.Contains(page, "Monday and <mark>200</mark> families") {
		quotes := regexp.MustCompile(`<blockquote dir="auto">[^\n]*</blockquote>`).FindAllString(page, -1)
		t.Errorf("the row of the second number, 200, marks it inside 1,200: %q", quotes)
	}
}
