package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// multipartDocument is step 1's form as a browser sends it now: the text
// byte for byte, as multipart/form-data.
func multipartDocument(t *testing.T, c *http.Client, base string, v url.Values) (*http.Response, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, vs := range v {
		for _, s := range vs {
			w.WriteField(k, s)
		}
	}
	w.Close()
	return post(t, c, base+"/staff/figures/document", w.FormDataContentType(), &b)
}

// The text box takes what the page says, at most 512 KB, in any script:
// step 1 is sent as multipart/form-data (the text is not re-encoded), and
// the route takes the text URL-encoded as well. A longer paste gets the
// page's own message, and a body beyond even that is refused in the
// page's words.
func TestDocumentTextLimitIsThePages(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	_, page := do(t, ed, "GET", s.URL+"/staff/figures/document", nil)
	mustContain(t, "step 1", page, `enctype="multipart/form-data"`)

	sentence := "قالت المفوضية إن ١٢٠٠ شخص عبروا الحدود يوم السبت.\n"
	atCap := strings.Repeat(sentence, (512<<10)/len(sentence))
	over := strings.Repeat(sentence, (600<<10)/len(sentence))
	v := documentSource()
	v.Set("action", "read")
	for _, tc := range []struct {
		name string
		send func(url.Values) (*http.Response, string)
	}{
		{"multipart", func(v url.Values) (*http.Response, string) { return multipartDocument(t, ed, s.URL, v) }},
		{"URL-encoded", func(v url.Values) (*http.Response, string) {
			return do(t, ed, "POST", s.URL+"/staff/figures/document", v)
		}},
	} {
		v.Set("text", atCap)
		if resp, page := tc.send(v); resp.StatusCode != 200 || !strings.Contains(page, `name="rows"`) {
			t.Errorf("%s: %d KB of Arabic: status %d, want the candidates\n%.300s", tc.name, len(atCap)>>10, resp.StatusCode, page)
		}
		v.Set("text", over)
		resp, page := tc.send(v)
		if resp.StatusCode != 422 || !strings.Contains(page, "paste at most 512 KB at a time") {
			t.Errorf("%s: %d KB of Arabic: status %d, want the page's 422 \"paste at most 512 KB\"\n%.300s", tc.name, len(over)>>10, resp.StatusCode, page)
		}
	}
	v.Set("text", strings.Repeat(sentence, (5<<20)/len(sentence)))
	resp, page := multipartDocument(t, ed, s.URL, v)
	if resp.StatusCode != 413 || !strings.Contains(page, "Paste at most 512 KB of text at a time") {
		t.Errorf("5 MB of text: status %d, want 413 in the page's words\n%.300s", resp.StatusCode, page)
	}
}

// The largest page the read step gives — 300 rows, each from a sentence of
// its own, long and in Arabic (three bytes a byte, URL-encoded), in a text
// at the cap — is sent back and saved whole: each sentence is sent once,
// and the route's limit is sized from the text and the rows.
func TestDocumentSaveOfTheLargestPage(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	var b strings.Builder
	for i := 0; i < 300; i++ {
		n := strconv.Itoa(2000 + i)
		sentence := "وذكرت المنظمة في تقريرها الأسبوعي عن الأوضاع الإنسانية في المحافظات الشمالية والشرقية والجنوبية أن نحو " + n +
			" أسرة نزحت من القرى الواقعة على طول الطريق الرئيسي"
		for len(sentence) < (512<<10)/300-120 {
			sentence += " وعلى امتداد الوديان والسهول المجاورة للنهر"
		}
		b.WriteString(sentence + ".\n\n")
	}
	text := b.String()
	if len(text) > 512<<10 {
		t.Fatalf("the text is %d bytes, over the cap", len(text))
	}
	v := documentSource()
	v.Set("text", text)
	v.Set("action", "read")
	resp, page := multipartDocument(t, ed, s.URL, v)
	if resp.StatusCode != 200 {
		t.Fatalf("read %d KB: status %d\n%.300s", len(text)>>10, resp.StatusCode, page)
	}
	form := postedValues(t, page)
	rows, _ := strconv.Atoi(form.Get("rows"))
	if rows != 300 || len(form["sentence"]) != 300 {
		t.Fatalf("%d rows from %d sentences, want 300 of 300", rows, len(form["sentence"]))
	}
	for i := range rows {
		r := "r" + strconv.Itoa(i) + "."
		form.Set(r+"keep", "on")
		form.Set(r+"attributed_to", "IOM") // the editor's correction
	}
	form.Set("action", "save")
	body := form.Encode()
	resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 303 {
		_, msg, _ := strings.Cut(page, `class="alert"`)
		t.Fatalf("saving 300 rows (a body of %d KB): status %d: %.300s", len(body)>>10, resp.StatusCode, msg)
	}
	loc, _ := resp.Location()
	if ids := strings.Split(loc.Query().Get("ids"), ","); len(ids) != 300 {
		t.Errorf("%d drafts saved, want 300", len(ids))
	}
}

// A row that names no sentence the form sent is the row's problem, never a
// 500.
func TestDocumentRowWithoutItsSentence(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	v := documentSource()
	v.Set("text", "Some 4,321 families fled the district last week, IOM said.\n")
	v.Set("action", "read")
	_, page := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
	form := postedValues(t, page)
	form.Set("action", "save")
	for _, bad := range []string{"1", "-1", "x", ""} {
		form.Set("r0.sentence", bad)
		resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", form)
		if resp.StatusCode != 422 || !strings.Contains(page, "does not say which sentence this figure is from") {
			t.Errorf("r0.sentence=%q: status %d, want 422 naming the row's problem", bad, resp.StatusCode)
		}
	}
}
