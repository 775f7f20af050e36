package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// These tests come from a review of issue 18: each comment tells what the
// review found, in the past it describes; the test holds the fix.

// TestDocumentArabicTextUnderCap: the page promises "at most 512 KB"
// of text, but the form is sent URL-encoded, where each byte of an Arabic
// letter becomes "%D9"-style three bytes. About 450 KB of Arabic — well
// under the promised cap — is a body of more than the 1 MB every form
// route takes, and the editor gets "Request too large" instead of the
// candidates (or the page's own "paste at most 512 KB" message).
func TestDocumentArabicTextUnderCap(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	sentence := "وقالت المنظمة الدولية للهجرة إن نحو ٣٠٠ أسرة نزحت من القرى المجاورة خلال الأسبوع الماضي بسبب القتال.\n"
	text := strings.Repeat(sentence, (450<<10)/len(sentence))
	if len(text) > 512<<10 {
		t.Fatalf("test text is %d bytes, over the page's cap", len(text))
	}
	v := documentSource()
	v.Set("text", text)
	v.Set("action", "read")
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
	if resp.StatusCode != 200 {
		t.Fatalf("%d KB of Arabic text (the page takes %d KB): status %d, want the candidates\n%.300s",
			len(text)>>10, 512, resp.StatusCode, page)
	}
}

// TestDocumentSaveOfShownRows: every row the read step shows (up to
// 300) carries its sentence back in a hidden field, and a long sentence
// with several numbers is carried once per number. A report in Arabic
// whose sentences are long gives a step-2 form that the browser cannot
// send back: the save is refused as too large, and the editor's ticks and
// corrections are lost.
func TestDocumentSaveOfShownRows(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	// One long sentence (under 2 KB, the reader's sentence bound) with
	// six numbers; 50 of them in the text make 300 rows.
	var b strings.Builder
	for i := range 50 {
		b.WriteString("وقالت المنظمة الدولية للهجرة في تقريرها الأسبوعي عن الوضع الإنساني في المحافظات الشمالية والشرقية إن ")
		for j := range 6 {
			n := strconv.Itoa(1000 + 7*i + j)
			b.WriteString("نحو " + n + " أسرة نزحت من القرى الواقعة على طول الطريق الرئيسي بين المدينتين خلال الأسابيع الماضية، ")
		}
		b.WriteString("بسبب القتال المستمر وانعدام الأمن ونقص الغذاء والمياه في المخيمات.\n\n")
	}
	v := documentSource()
	v.Set("text", b.String())
	v.Set("action", "read")
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
	if resp.StatusCode != 200 {
		t.Fatalf("read %d KB: status %d\n%.300s", b.Len()>>10, resp.StatusCode, page)
	}
	form := postedValues(t, page)
	form.Set("action", "save")
	rows, _ := strconv.Atoi(form.Get("rows"))
	resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode == 413 {
		t.Fatalf("the page showed %d rows; sending its form back (%d KB) is refused as too large: %.200s",
			rows, len(form.Encode())>>10, page)
	}
}

// TestDocumentPageOfTextWithoutSpaces: a paste within the cap whose
// "sentence" never ends at a space (a flattened table, "1,200-1,300-…")
// is read as one sentence, and every one of its candidates carries the
// whole paste as its excerpt — in the quote and in the hidden field. The
// page is tens of megabytes, its excerpts are over the excerpt limit, and
// its form is over the body limit, so nothing on it can ever be saved.
func TestDocumentPageOfTextWithoutSpaces(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	v := documentSource()
	v.Set("text", strings.Repeat("1,200-", (400<<10)/6))
	v.Set("action", "read")
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if len(page) > 4<<20 {
		t.Errorf("a %d KB paste gives a page of %d MB (%s rows)", len(v.Get("text"))>>10, len(page)>>20, postedValues(t, page).Get("rows"))
	}
}
