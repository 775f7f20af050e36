package domain

import (
	"strings"
	"unicode/utf8"
)

// Length limits on text fields, in characters (runes, not bytes: an Arabic
// title takes two bytes a letter). Every way in — staff forms, the browser
// import, `tracker import`, the events CSV, the user form — goes through
// the entities' Validate, so these are the limits everywhere. They leave
// room: the longest real values (the demo and the realistic datasets) are a
// 128-character title or attribution, a 346-character URL, a 427-character
// excerpt and 558 characters of notes. A title runs to a few lines of a
// chart at most; an excerpt is a sentence or a paragraph, not a document.
const (
	MaxLine  = 300  // a title, a name, an attribution, a locator: one line
	MaxURL   = 2000 // an address: what browsers and servers reliably take
	MaxEmail = 254  // RFC 5321's longest address
	MaxText  = 5000 // an excerpt, notes, a description: a paragraph or two
)

// checkLength adds a problem when v is longer than limit characters.
func checkLength(p *Problems, field, v string, limit int) {
	if n := utf8.RuneCountInString(v); n > limit {
		p.Add(field, "is %d characters long; the limit is %d", n, limit)
	}
}

// Bidirectional controls. The embeddings, overrides and isolates change
// the order in which the text after them is shown — "U+202E" can make
// "exe.pdf" read "fdp.exe" — and the marks are invisible letters with a
// direction. None has a place in an identifier or an address, where they
// are refused. In free text the marks are ordinary (a right-to-left mark is
// common in Arabic text) and the others are legitimate too, but their
// effect must end with the text: see IsolateBidi.
const (
	lre, rle, pdf, lro, rlo = '\u202A', '\u202B', '\u202C', '\u202D', '\u202E'
	lri, rli, fsi, pdi      = '\u2066', '\u2067', '\u2068', '\u2069'
	lrm, rlm, alm           = '\u200E', '\u200F', '\u061C'
)

// bidiControl reports whether r changes the order of text or is an
// invisible directional mark.
func bidiControl(r rune) bool {
	switch r {
	case lre, rle, pdf, lro, rlo, lri, rli, fsi, pdi, lrm, rlm, alm:
		return true
	}
	return false
}

// checkNoBidi refuses a bidirectional control in an identifier or address,
// naming it: the character cannot be seen, so the message must say which.
func checkNoBidi(p *Problems, field, v string) bool {
	if i := strings.IndexFunc(v, bidiControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(v[i:])
		p.Add(field, "holds an invisible bidirectional control character (U+%04X), which can disguise it; remove it", r)
		return false
	}
	return true
}

// IsolateBidi returns s so that it cannot reorder the text around it: when
// s opens an embedding, override or isolate that it does not close (or
// closes one it did not open), it is wrapped in an isolate (U+2068 … U+2069,
// as <bdi> does in HTML), with the isolates it opened closed and the stray
// closers dropped. Other text, marks included, comes back unchanged, and
// IsolateBidi of its own result changes nothing. It is for showing text;
// the stored text and the machine-readable downloads keep what was entered.
func IsolateBidi(s string) string {
	if !strings.ContainsFunc(s, reordering) || contained(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 12)
	b.WriteRune(fsi)
	open := 0 // isolates opened inside s
	for _, r := range s {
		switch r {
		case lri, rli, fsi:
			open++
		case pdi:
			if open == 0 {
				continue // it would close the wrapper
			}
			open--
		}
		b.WriteRune(r)
	}
	for range open + 1 { // a PDI also ends every embedding opened after its isolate
		b.WriteRune(pdi)
	}
	return b.String()
}

// StripBidi returns s without its embeddings, overrides and isolates (the
// marks stay): for text drawn where no isolate can be trusted to hold, as
// in a chart image, whose fonts draw the controls as boxes and whose text
// is several values set on one line.
func StripBidi(s string) string {
	if !strings.ContainsFunc(s, reordering) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if reordering(r) {
			return -1
		}
		return r
	}, s)
}

// reordering reports whether r is an embedding, override, isolate or their
// closer: a control that changes the order of the text after it.
func reordering(r rune) bool { return r >= lre && r <= rlo || r >= lri && r <= pdi }

// contained reports whether every embedding, override and isolate s opens
// it also closes, and it closes none it did not open, so that the state
// after s is the state before it (the rules X1–X8 of the Unicode
// bidirectional algorithm, without the depth limit).
func contained(s string) bool {
	var stack []bool // true: an isolate; false: an embedding or override
	for _, r := range s {
		switch r {
		case lre, rle, lro, rlo:
			stack = append(stack, false)
		case lri, rli, fsi:
			stack = append(stack, true)
		case pdf:
			switch {
			case len(stack) == 0:
				return false // would end an embedding around s
			case !stack[len(stack)-1]:
				stack = stack[:len(stack)-1]
			} // right inside an isolate, a PDF does nothing
		case pdi:
			i := len(stack) - 1
			for i >= 0 && !stack[i] {
				i--
			}
			if i < 0 {
				return false // would close an isolate around s
			}
			stack = stack[:i]
		}
	}
	return len(stack) == 0
}
