package charts

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The SVG draws the same picture as the PNG on a machine that has none of
// the chart's fonts: rsvg (librsvg, as in GNOME and many converters), run
// with a font configuration that holds no font at all, rasterises the SVG
// within a few percent of the PNG's pixels, Arabic title and legend
// included. Set TRACKER_TEST_RSVG=1 (CI does) to make a missing
// rsvg-convert a failure rather than a skip.
func TestSVGLooksLikeThePNGWithoutTheFonts(t *testing.T) {
	rsvg, err := exec.LookPath("rsvg-convert")
	if err != nil {
		if os.Getenv("TRACKER_TEST_RSVG") != "" {
			t.Fatal("TRACKER_TEST_RSVG is set but rsvg-convert is not installed (Debian: librsvg2-bin)")
		}
		t.Skip("rsvg-convert is not installed; set TRACKER_TEST_RSVG=1 to require it")
	}
	in := demoInput()
	in.Series.Title = "عودت‌کنندگان از پاکستان — Returns from Pakistan"
	in.Figures[0].AttributedTo = "وزارت مهاجرین و عودت کنندگان (Ministry of Refugees)"
	in.Events[0].Title = "Türkiye — “quoted” ‘words’ and ۱۲۳٬۴۵۶ returnees"
	for _, size := range []Size{SizeMedium, SizePhone} {
		c, err := SeriesChart(in, size)
		if err != nil {
			t.Fatal(err)
		}
		var svg, pngBuf bytes.Buffer
		if err := c.WriteSVG(&svg); err != nil {
			t.Fatal(err)
		}
		if err := c.WritePNG(&pngBuf); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		svgPath, outPath := filepath.Join(dir, "c.svg"), filepath.Join(dir, "c.png")
		if err := os.WriteFile(svgPath, svg.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		noFonts := filepath.Join(dir, "fonts.conf")
		conf := `<?xml version="1.0"?><fontconfig><cachedir>` + filepath.Join(dir, "fc") + `</cachedir></fontconfig>`
		if err := os.WriteFile(noFonts, []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(rsvg, "-o", outPath, svgPath)
		cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+noFonts)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("rsvg-convert: %v: %s", err, out)
		}
		f, err := os.Open(outPath)
		if err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		want, err := png.Decode(&pngBuf)
		if err != nil {
			t.Fatal(err)
		}
		if got.Bounds() != want.Bounds() {
			t.Fatalf("%s: rsvg drew %v, the PNG is %v", size, got.Bounds(), want.Bounds())
		}
		inked, differ := compareInk(got, want)
		t.Logf("%s: %d of %d inked pixels differ", size, differ, inked)
		if float64(differ) > 0.03*float64(inked) {
			t.Errorf("%s: %d of the %d inked pixels differ between the PNG and rsvg's drawing of the SVG", size, differ, inked)
		}
	}
}

// compareInk counts the pixels that are not white in either image, and
// those of them whose grey levels differ by more than a quarter:
// antialiasing differs a little between rasterisers, text in another font
// or another place differs a lot.
func compareInk(a, b image.Image) (inked, differ int) {
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ga, gb := grey(a, x, y), grey(b, x, y)
			if ga > 0xf0 && gb > 0xf0 {
				continue
			}
			inked++
			if d := ga - gb; d > 0x40 || d < -0x40 {
				differ++
			}
		}
	}
	return inked, differ
}

func grey(img image.Image, x, y int) int {
	r, g, b, _ := img.At(x, y).RGBA()
	return int((r*299 + g*587 + b*114) / 1000 >> 8)
}
