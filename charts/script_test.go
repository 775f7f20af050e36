package charts

import (
	"bytes"
	"strings"
	"testing"
)

// TestArabicScriptIsNeverDroppedSilently: gonum/plot cannot shape Dari or
// Pashto, so the image marks where such text was and says so, instead of
// leaving a blank.
func TestArabicScriptIsNeverDroppedSilently(t *testing.T) {
	in := demoInput()
	in.Figures[0].AttributedTo = "وزارت مهاجرین و عودت کنندگان (Ministry of Refugees)"
	in.Events = in.Events[:1] // one event: the key has room to list it
	in.Events[0].Title = "Türkiye and Côte d'Ivoire — 😀 test"
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
	for _, want := range []string{"[…] (Ministry of Refugees)", "Türkiye and Côte d&#39;Ivoire — […] test", undrawnNote} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, "وزارت") {
		t.Error("the image carries Arabic-script text it cannot shape")
	}
	if got := clean("Kabul کابل Kandahar"); got != "Kabul […] Kandahar" {
		t.Errorf("clean = %q", got)
	}
}
