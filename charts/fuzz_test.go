package charts

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"
)

// FuzzChartText: any text in a title, an attribution, a publisher and an
// event — any script, direction marks, combining marks, invalid UTF-8 —
// is shaped and drawn without a panic, into a well-formed SVG whose
// coordinates stay on the canvas, and a PNG.
func FuzzChartText(f *testing.F) {
	for _, s := range []string{
		"Returns", "عودت‌کنندگان از پاکستان", "وزارت (Ministry) ۱۲۳٬۴۵۶", "Türkiye — “quoted”",
		"\u202eRTL override\u202c", "\u2067isolate\u2069", "ا\u0651\u064e\u0670", "東京 😀", "\xff\xfe",
		"a\u200db\u200cc", "١٢٣ ألف 472", "\u0640\u0640\u0640", "",
	} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		in := demoInput()
		in.Series.Title = a
		in.Figures[0].AttributedTo = b
		in.Figures[1].Source.Publisher = a + b
		in.Events[0].Title = b + " " + a
		c, err := SeriesChart(in, SizePhone)
		if err != nil {
			t.Fatal(err)
		}
		var svg bytes.Buffer
		if err := c.WriteSVG(&svg); err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(&svg)
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("SVG is not well-formed: %v", err)
			}
		}
		checkDrawn(t, "fuzz", svg.String(), c.width, c.height)
		if err := c.WritePNG(io.Discard); err != nil {
			t.Fatal(err)
		}
	})
}
