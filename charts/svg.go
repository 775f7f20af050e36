package charts

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gonum.org/v1/plot/vg"
)

// svgOpen matches vgsvg's prolog, comment and <svg …> start tag, which are
// replaced by ours.
var svgOpen = regexp.MustCompile(`(?s)\A.*?<svg[^>]*>\n?`)

// WriteSVG writes the chart as a standalone .svg file, with a <title> and a
// <desc> for screen readers and search.
func (c *Chart) WriteSVG(w io.Writer) error { return c.WriteSVGContext(context.Background(), w) }

// WriteSVGContext is WriteSVG that stops, writing nothing, when ctx is done.
func (c *Chart) WriteSVGContext(ctx context.Context, w io.Writer) error {
	body, err := c.svgBody(ctx)
	if err != nil {
		return err
	}
	id := c.svgID()
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc">`+"\n",
		c.width, c.height, c.width, c.height, id, id)
	writeTitleDesc(&b, id, c.title, c.describe)
	b.Write(body)
	_, err = w.Write(b.Bytes())
	return err
}

// WriteInlineSVG writes the chart for embedding in an HTML page: no prolog
// or comment, role="img" labelled by a <title> and <desc> given as its first
// children, and a viewBox with a style of width 100% so it scales down on a phone.
// Empty title or desc fall back to the chart's title and its text
// alternative (Describe, or DescribeCompare for a compare chart).
func (c *Chart) WriteInlineSVG(w io.Writer, title, desc string) error {
	return c.WriteInlineSVGContext(context.Background(), w, title, desc)
}

// WriteInlineSVGContext is WriteInlineSVG that stops, writing nothing, when
// ctx is done.
func (c *Chart) WriteInlineSVGContext(ctx context.Context, w io.Writer, title, desc string) error {
	body, err := c.svgBody(ctx)
	if err != nil {
		return err
	}
	id := c.svgID()
	var b bytes.Buffer
	// width and height are the drawing's own, for readers without CSS; the
	// style (and style.css) scales it to the page. height="auto" is not an
	// SVG attribute value: browsers log it as an error.
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" style="width:100%%;height:auto;max-width:%dpx" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="%s-title %s-desc">`+"\n",
		c.width, c.height, c.width, c.height, c.width, id, id)
	writeTitleDesc(&b, id, orDefault(title, c.title), orDefault(desc, c.describe))
	b.Write(body)
	_, err = w.Write(b.Bytes())
	return err
}

// svgBody draws the chart with vgsvg and its text as glyphs (svgtext.go),
// and returns everything after the <svg> start tag: the glyph definitions,
// then the drawing.
func (c *Chart) svgBody(ctx context.Context) ([]byte, error) {
	canvas := newSVGGlyphs(vg.Length(c.width), vg.Length(c.height), c.svgID())
	if err := c.paint(ctx, canvas); err != nil {
		return nil, err
	}
	var raw bytes.Buffer
	if _, err := canvas.WriteTo(&raw); err != nil {
		return nil, fmt.Errorf("charts: svg: %w", err)
	}
	loc := svgOpen.FindIndex(raw.Bytes())
	if loc == nil {
		return nil, fmt.Errorf("charts: svg: no <svg> element in vgsvg output")
	}
	defs, body := canvas.splice(raw.Bytes()[loc[1]:])
	return append(defs, body...), nil
}

func writeTitleDesc(b *bytes.Buffer, id, title, desc string) {
	fmt.Fprintf(b, `<title id="%s-title">`, id)
	xml.EscapeText(b, []byte(clean(title)))
	fmt.Fprintf(b, "</title>\n"+`<desc id="%s-desc">`, id)
	xml.EscapeText(b, []byte(clean(desc)))
	b.WriteString("</desc>\n")
}

// svgID derives element ids from the series slug ("compare-" and the slugs
// joined by "--" for a compare chart), so that several charts on one page do
// not share ids; anything outside [a-z0-9-] is dropped. A size other than
// medium is added ("-phone"): a page may hold the same chart in two sizes,
// one for wide screens and one for phones.
func (c *Chart) svgID() string {
	var b strings.Builder
	b.WriteString("chart-")
	for _, r := range strings.ToLower(c.slug) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		}
	}
	if b.Len() == len("chart-") {
		b.WriteString("series")
	}
	if c.size != "" && c.size != SizeMedium {
		b.WriteString("-" + string(c.size))
	}
	return b.String()
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
