package fetch

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestDocumentText reads documents given as bytes, with and without a
// content type, as `tracker extract` hands them over.
func TestDocumentText(t *testing.T) {
	ctx := context.Background()
	page := []byte(`<!doctype html><html><head><title>Flash update</title><script>var n = 999;</script></head>
<body><nav>Home | News</nav><article><h1>Flash update</h1><p>Some 4,000 families were displaced
by the fighting, the agency said.</p><p>Another 1,200 people arrived at the camp on Monday.</p></article></body></html>`)
	for _, ct := range []string{"text/html; charset=utf-8", "", "text/plain"} {
		text, err := DocumentText(ctx, page, ct)
		if err != nil || !strings.Contains(text, "Some 4,000 families were displaced") || strings.Contains(text, "999") {
			t.Errorf("HTML as %q: %q, %v", ct, text, err)
		}
	}
	text, err := DocumentText(ctx, []byte("About 300   people\r\nfled.\r\n"), "")
	if err != nil || text != "About 300 people\nfled." {
		t.Errorf("text: %q, %v", text, err)
	}
	if _, err := DocumentText(ctx, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ""); !errors.Is(err, ErrNotText) {
		t.Errorf("PNG: %v, want ErrNotText", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil && os.Getenv("TRACKER_TEST_PDF") != "1" {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	pdf, err := os.ReadFile("testdata/report.pdf")
	if err != nil {
		t.Fatal(err)
	}
	text, err = DocumentText(ctx, pdf, "")
	if want := "UNHCR reports 12,500 people displaced from Al Fashir in April 2025."; err != nil || text != want {
		t.Errorf("PDF: %q, %v; want %q", text, err, want)
	}
}
