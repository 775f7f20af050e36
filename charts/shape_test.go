package charts

import (
	"slices"
	"testing"

	gtfont "github.com/go-text/typesetting/font"
)

func nominal(face faceID, r rune) gtfont.GID {
	g, _ := faceFonts[face].Cmap.Lookup(r)
	return g
}

// glyphXs returns where each glyph of face that is the nominal glyph of
// one of runes sits on the shaped line, by rune.
func glyphXs(l *shapedLine, face faceID, runes ...rune) map[rune]float32 {
	xs := map[rune]float32{}
	for _, g := range l.glyphs {
		for _, r := range runes {
			if g.face == face && g.gid == nominal(face, r) {
				xs[r] = g.x
			}
		}
	}
	return xs
}

// Arabic letters are joined: shaped, a word's letters take their initial,
// medial and final forms, not the isolated ones the font maps them to.
func TestArabicIsJoined(t *testing.T) {
	word := "کابل"
	l := shapeText(word, false)
	if len(l.glyphs) == 0 {
		t.Fatal("nothing shaped")
	}
	joined := 0
	for _, g := range l.glyphs {
		if g.face != faceArabic {
			t.Errorf("glyph %d is not in the Arabic face", g.gid)
		}
		isolated := false
		for _, r := range word {
			isolated = isolated || g.gid == nominal(faceArabic, r)
		}
		if !isolated {
			joined++
		}
	}
	if joined < 2 {
		t.Errorf("%q: %d of %d glyphs in a contextual form; the letters are not joined", word, joined, len(l.glyphs))
	}
	if l.width <= 0 {
		t.Errorf("%q has no width", word)
	}
}

// Lines keep their order when directions mix: an Arabic name inside an
// English line stays between the English words, read right to left; in
// an Arabic line, a number reads left to right (۱ before ۲ before ۳) and
// sits where the Arabic order puts it.
func TestMixedDirectionsKeepTheirOrder(t *testing.T) {
	l := shapeText("Kabul کابل Kandahar", false)
	var faces []faceID
	for _, g := range l.glyphs {
		if len(faces) == 0 || faces[len(faces)-1] != g.face {
			faces = append(faces, g.face)
		}
	}
	if !slices.Equal(faces, []faceID{faceLatin, faceArabic, faceLatin}) {
		t.Errorf("faces left to right %v; want Latin, Arabic, Latin", faces)
	}
	xs := glyphXs(l, faceLatin, 'K', 'd')
	if !(xs['K'] < xs['d']) {
		t.Errorf("Latin letters out of order: %v", xs)
	}

	// "۱۲۳ ألف": the number first in reading order, so rightmost.
	l = shapeText("۱۲۳ ألف", false)
	d := glyphXs(l, faceArabic, '۱', '۲', '۳')
	if len(d) != 3 || !(d['۱'] < d['۲'] && d['۲'] < d['۳']) {
		t.Fatalf("digits not left to right: %v", d)
	}
	for _, g := range l.glyphs {
		if g.face == faceArabic && g.gid != nominal(faceArabic, '۱') && g.gid != nominal(faceArabic, '۲') && g.gid != nominal(faceArabic, '۳') && g.gid != nominal(faceArabic, ' ') && g.x > d['۱'] {
			t.Errorf("a letter of ألف is right of the number, which Arabic reads first")
		}
	}
}

// A wrapped English sentence whose second line starts with an Arabic name
// keeps that line left to right, and the other way round.
func TestWrappedLinesKeepTheTextsDirection(t *testing.T) {
	lines := []string{"Source: UNHCR;", "وزارت مهاجرین via Tolo"}
	keepDirection("Source: UNHCR; وزارت مهاجرین via Tolo", lines)
	if lines[1] != "\u200eوزارت مهاجرین via Tolo" || rtlFirst(lines[1]) {
		t.Errorf("second line %q is not marked left to right", lines[1])
	}
	lines = []string{"وزارت", "Tolo News"}
	keepDirection("وزارت Tolo News", lines)
	if !rtlFirst(lines[1]) {
		t.Errorf("second line %q of a right-to-left text is not marked", lines[1])
	}
	lines = []string{"plain", "English"}
	keepDirection("plain English", lines)
	if lines[1] != "English" {
		t.Errorf("an English line was changed: %q", lines[1])
	}
}

// Shaped lines are cached, but not text of any length, and a full cache
// starts over: memory stays bounded whatever text is drawn.
func TestShapeCacheIsBounded(t *testing.T) {
	long := string(make([]byte, shapeCacheLongest+1))
	shapeText(long, false)
	shapeCache.Lock()
	_, cached := shapeCache.m[shapeKey{false, long}]
	shapeCache.Unlock()
	if cached {
		t.Error("text longer than shapeCacheLongest was cached")
	}
	for i := range shapeCacheMax + 10 {
		shapeText(itoa(i), false)
	}
	shapeCache.Lock()
	n := len(shapeCache.m)
	shapeCache.Unlock()
	if n > shapeCacheMax {
		t.Errorf("the cache holds %d lines, more than %d", n, shapeCacheMax)
	}
}
