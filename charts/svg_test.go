package charts

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// svgText checks that svg is well-formed XML and returns its text content,
// one line per element.
func svgText(t *testing.T, svg string) string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.CharData:
			b.Write(tok)
		case xml.EndElement:
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestInlineSVG(t *testing.T) {
	c, err := SeriesChart(demoInput(), SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := c.WriteInlineSVG(&b, `Returns <2025> & "deportations"`, "Line chart: a & b"); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	svgText(t, svg)
	if !strings.HasPrefix(svg, "<svg ") || strings.Contains(svg, "<?xml") || strings.Contains(svg, "<!--") {
		t.Errorf("inline SVG must start with <svg and carry no prolog or comment: %.80q", svg)
	}
	start := svg[:strings.Index(svg, ">")+1]
	id := "chart-" + pakSeries.Slug
	for _, want := range []string{
		`role="img"`, `aria-labelledby="` + id + `-title ` + id + `-desc"`,
		`viewBox="0 0 960 540"`, `width="960"`, `height="540"`, `style="width:100%;height:auto;`,
	} {
		if !strings.Contains(start, want) {
			t.Errorf("<svg> start tag lacks %s: %s", want, start)
		}
	}
	// "auto" and "100%" are CSS values, not SVG width and height attributes.
	if strings.Contains(start, `height="auto"`) || strings.Contains(start, `width="100%"`) {
		t.Errorf("<svg> start tag has an invalid width or height: %s", start)
	}
	// <title> and <desc> are the first children, escaped.
	rest := strings.TrimSpace(svg[len(start):])
	wantHead := `<title id="` + id + `-title">Returns &lt;2025&gt; &amp; &#34;deportations&#34;</title>` + "\n" +
		`<desc id="` + id + `-desc">Line chart: a &amp; b</desc>`
	if !strings.HasPrefix(rest, wantHead) {
		t.Errorf("inline SVG children start %.200q, want %q", rest, wantHead)
	}
}

func TestInlineSVGDefaultsToDescribe(t *testing.T) {
	c, err := SeriesChart(oneInput(), SizeSmall)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := c.WriteInlineSVG(&b, "", ""); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{iomSeries.Title, "IOM reported about 1,000,000 as of 19 Apr 2025."} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("inline SVG lacks %q", want)
		}
	}
}

func TestStandaloneSVGHasPixelSize(t *testing.T) {
	c, err := SeriesChart(oneInput(), SizeSocial)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := c.WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	head := b.String()[:300]
	if !strings.HasPrefix(head, `<?xml version="1.0" encoding="UTF-8"?>`) || !strings.Contains(head, `width="1200" height="675" viewBox="0 0 1200 675"`) {
		t.Errorf("standalone SVG head %q", head)
	}
}
