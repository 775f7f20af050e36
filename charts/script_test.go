package charts

import (
	"bytes"
	"strings"
	"testing"
)

// Arabic-script text (Dari, Pashto, Arabic) is drawn, shaped; only text in
// a script none of the chart's fonts has (CJK, emoji) is marked, and the
// footer says so, instead of leaving a blank.
func TestScriptsTheFontsLackAreNeverDroppedSilently(t *testing.T) {
	in := demoInput()
	in.Figures[0].AttributedTo = "وزارت مهاجرین و عودت کنندگان (Ministry of Refugees)"
	in.Events = in.Events[:1] // one event: the key has room to list it
	in.Events[0].Title = "Türkiye and Côte d'Ivoire — 😀 東京 test"
	for _, write := range []func(*Chart, *bytes.Buffer) error{
		func(c *Chart, b *bytes.Buffer) error { return c.WriteSVG(b) },
		func(c *Chart, b *bytes.Buffer) error { return c.WritePNG(b) },
	} {
		ch, err := SeriesChart(in, SizeMedium)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := write(ch, &b); err != nil {
			t.Fatal(err)
		}
	}
	ch, _ := SeriesChart(in, SizeMedium)
	var b bytes.Buffer
	ch.WriteSVG(&b)
	svg := b.String()
	for _, want := range []string{"وزارت مهاجرین و عودت کنندگان (Ministry of Refugees)", "Türkiye and Côte d&#39;Ivoire — […] test", undrawnNote} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	for in, want := range map[string]string{
		"Kabul کابل Kandahar": "Kabul کابل Kandahar",
		"Tokyo 東京 and 😀 too":  "Tokyo […] and […] too",
		"ټولټال ۱۲۳٬۴۵۶":      "ټولټال ۱۲۳٬۴۵۶",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}
