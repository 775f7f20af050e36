package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// pdfTimeout bounds one pdftotext run.
const pdfTimeout = 30 * time.Second

// extract returns the readable text of c and the charset it was decoded
// from. Types without text (images, archives) give "" and no error.
func (f *Fetcher) extract(ctx context.Context, c *Copy) (text, cs string, err error) {
	mt := mediaType(c.ContentType)
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		return htmlText(c.Body, c.ContentType, c.FinalURL)
	case mt == "application/pdf" || mt == "application/x-pdf" || (mt == "application/octet-stream" && bytes.HasPrefix(c.Body, []byte("%PDF-"))):
		t, err := f.pdfText(ctx, c.Body)
		return t, "", err
	case strings.HasPrefix(mt, "text/"):
		s, name, err := decode(c.Body, c.ContentType)
		if err != nil {
			return "", name, err
		}
		return tidy(s), name, nil
	}
	return "", "", nil
}

// decode converts body to UTF-8 using the charset of the Content-Type
// header, else a byte-order mark, else an HTML <meta charset> (or
// http-equiv), else UTF-8 when the bytes are valid UTF-8, else
// windows-1252 — the WHATWG rules, from golang.org/x/net/html/charset.
func decode(body []byte, contentType string) (string, string, error) {
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	out, _, err := transform.Bytes(enc.NewDecoder(), body)
	if err != nil {
		return "", name, fmt.Errorf("decoding %s: %v", name, err)
	}
	return string(out), name, nil
}

// htmlText decodes an HTML page and extracts its main text with
// go-readability (a maintained port of Mozilla's Readability.js), which
// drops navigation, scripts, footers and the like. The title comes first
// when the article text does not start with it.
func htmlText(body []byte, contentType, pageURL string) (string, string, error) {
	s, name, err := decode(body, contentType)
	if err != nil {
		return "", name, err
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return "", name, fmt.Errorf("parsing HTML: %v", err)
	}
	markFootnotes(doc)
	u, _ := url.Parse(pageURL)
	p := readability.NewParser()
	art, err := p.ParseDocument(doc, u)
	var text string
	if err == nil && art.Node != nil {
		text = tidy(render.InnerText(art.Node))
	}
	if text == "" {
		// Readability found no article: keep the visible text of the
		// whole body rather than nothing.
		text = tidy(visibleText(doc))
	}
	if title := tidy(art.Title()); title != "" && !strings.HasPrefix(text, title) {
		text = title + "\n\n" + text
	}
	return text, name, nil
}

// visibleText is the text of doc without scripts, styles and templates.
func visibleText(doc *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "noscript", "template", "head":
				return
			case "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article":
				b.WriteString("\n")
			}
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

var (
	spaceRun = regexp.MustCompile(`[ \t\f\v\x{00A0}]+`)
	blankRun = regexp.MustCompile(`\n{3,}`)
)

// tidy collapses runs of spaces within lines, trims each line and keeps
// at most one blank line between paragraphs.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(spaceRun.ReplaceAllString(l, " "))
	}
	s = strings.Join(lines, "\n")
	return strings.TrimSpace(blankRun.ReplaceAllString(s, "\n\n"))
}

// pdfText extracts the text of a PDF with Debian's pdftotext (poppler-utils),
// run with a timeout and its output capped. Why an external program: the
// pure-Go PDF text libraries available here are unmaintained (e.g.
// ledongthuc/pdf, rsc.io/pdf) or not approved for the project, and
// poppler's pdftotext is the maintained reference extractor, handling
// fonts, encodings and layouts those libraries get wrong. Without it the
// copy is still saved; the error says no extractor is installed.
func (f *Fetcher) pdfText(ctx context.Context, body []byte) (string, error) {
	prog, err := exec.LookPath(f.pdfToText)
	if err != nil {
		return "", ErrNoPDFExtractor
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, "-layout", "-enc", "UTF-8", "-q", "-", "-")
	cmd.Stdin = bytes.NewReader(body)
	cmd.WaitDelay = time.Second
	limit := max(f.opts.MaxBytes, 1<<20)
	out := &cappedBuffer{limit: limit}
	stderr := &cappedBuffer{limit: 4096}
	cmd.Stdout = out
	cmd.Stderr = stderr
	err = cmd.Run()
	if out.over {
		return "", fmt.Errorf("%w: PDF text is more than %d bytes", ErrTooLarge, limit)
	}
	if ctx.Err() != nil {
		return "", fmt.Errorf("pdftotext: %w", ctx.Err())
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("pdftotext failed (%v), not a readable PDF: %s", ee.ProcessState, strings.TrimSpace(stderr.buf.String()))
		}
		return "", fmt.Errorf("pdftotext: %v", err)
	}
	return tidy(out.buf.String()), nil
}

// cappedBuffer keeps at most limit bytes and remembers when more came.
type cappedBuffer struct {
	buf   bytes.Buffer
	limit int64
	over  bool
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if room := c.limit - int64(c.buf.Len()); int64(len(p)) > room {
		c.over = true
		c.buf.Write(p[:max(room, 0)])
		return 0, errors.New("output too large")
	}
	return c.buf.Write(p)
}
