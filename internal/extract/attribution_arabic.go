package extract

// This file holds the Arabic forms of attribution (attribution.go): a verb
// before its subject, "وفقًا لـ"/"بحسب", and the words that end a source.

import (
	"strings"
	"unicode/utf8"
)

// afterArabicTo is where the source starts after وفقا, past the ل ("to")
// written on the next word or alone: "وفقا لمفوضية", "وفقًا لـ المفوضية".
// "للمفوضية" is ل + المفوضية with its alif dropped: it cannot be cut
// verbatim, so the word stays whole.
func afterArabicTo(toks []token, from, to int) (int, bool) {
	t := toks[from].text
	switch {
	case strings.HasPrefix(t, "لل"):
		return toks[from].start, true
	case strings.HasPrefix(t, "لـ") && len(t) > len("لـ"):
		return toks[from].start + len("لـ"), true
	case t == "لـ" || t == "ل":
		if from+1 >= to {
			return 0, false
		}
		return toks[from+1].start, true
	case strings.HasPrefix(t, "ل") && utf8.RuneCountInString(t) > 2:
		return toks[from].start + len("ل"), true
	}
	return toks[from].start, true
}

// arabicVerbs are the reporting verbs of Arabic news writing, which come
// before their subject, with the "و" of "and" written on: "ذكرت المنظمة
// الدولية للهجرة أن", "وقال المتحدث إن".
var arabicVerbs = set(
	"قال", "وقال", "قالت", "وقالت", "ذكر", "وذكر", "ذكرت", "وذكرت", "أكد", "وأكد", "أكدت",
	"وأكدت", "أعلن", "وأعلن", "أعلنت", "وأعلنت", "أفاد", "وأفاد", "أفادت", "وأفادت", "أضاف",
	"وأضاف", "أضافت", "وأضافت", "أوضح", "وأوضح", "أوضحت", "وأوضحت", "كشفت", "وكشفت", "كشف",
	"وكشف", "قدرت", "وقدرت", "أشار", "وأشار", "أشارت", "وأشارت",
)

// arabicVerbKeys are arabicVerbs by their folded spelling, with the
// present tense of estimating ("وتُقدّر السلطات", the authorities
// estimate), whose vowel marks vary, and the verbs of showing.
var arabicVerbKeys = func() map[string]bool {
	m := map[string]bool{}
	for w := range arabicVerbs {
		m[arabicKey(w)] = true
	}
	for _, w := range []string{"تقدر", "وتقدر", "يقدر", "ويقدر", "قدر", "وقدر",
		// showed, shows: "وأظهرت بيانات البوابة …" (the portal's data showed)
		"أظهرت", "وأظهرت", "أظهر", "وأظهر", "تظهر", "وتظهر", "يظهر", "ويظهر"} {
		m[arabicKey(w)] = true
	}
	return m
}()

// arabicAccording open a source: "وفقًا لـ", "وفقا ل", "بحسب", "حسب".
var arabicAccording = set("وفقًا", "وفقا", "وفقاً", "طبقا", "طبقًا", "بحسب", "حسب", "توسط")

// arabicStops end an Arabic subject: the "that" of reported speech, "in",
// "today", "on", "to" and the like.
var arabicStops = set("أن", "أنّ", "إن", "إنّ", "ان", "أنه", "أنها", "أنهم", "بأنه", "بأنها", "بأنهم", "انه", "انها", "انهم", "إنه", "إنها", "إنهم", "في", "اليوم", "أمس", "على", "إلى", "الى",
	"يوم", "عن", "من", "مع", "خلال", "بعد", "قبل", "لدى", "موجودة", "بأن", "حيث", "عدد", "وجود",
	// Persian: "that", "in", "from", "to", and the verbs that end a clause
	"که", "در", "از", "به", "را", "نشان", "اعلام", "گفت", "گفته", "میدهد", "میدهند")

// arabicLeads are the documents a source is cited through, skipped before
// it: "وفقا لتقديرات وكالة …" (according to the estimates of the agency),
// "وأضاف بيان المفوضية" (the commission's statement added).
var arabicLeads = set("بيان", "تقرير", "بيانات", "تقديرات", "إحصاءات", "أرقام", "لتقديرات", "لبيانات",
	"لتقرير", "لإحصاءات", "لأرقام", "آمار", "گزارش")

// arabicSubject reads the words of an Arabic subject from toks[k] up to a
// stop word or punctuation.
func arabicSubject(toks []token, k int) (from, to int) {
	if k+1 < len(toks) && arabicLeads[toks[k].lower] {
		k++
	}
	from, to = k, k
	for n := 0; to < len(toks) && n < 14; n++ {
		t := toks[to]
		if t.text == "(" && to > from {
			// "(أونروا)": the acronym in brackets ends the source
			if end := bracketEnd(toks, to); end > 0 {
				to = end + 1
			}
			break
		}
		if t.lower == "في" && to > from && arabicLocated[toks[from].key] && arabicPlaceAfter(toks, to+1) {
			to += 2 // "مكتب الأمم المتحدة في بنغلاديش بأن": the office in Bangladesh
			break
		}
		if t.kind != word || arabicStops[t.lower] || t.lower[0] < 0x80 {
			break
		}
		to++
	}
	return from, to
}

// arabicPlaceAfter reports one word after "في" (in) that ends the subject,
// with the "that" of reported speech, a comma or the end after it: a place
// that names where the body is ("في الصومال،", "في بنغلاديش بأن"), not a
// statement or a time ("في بيان أن", "في تقرير").
func arabicPlaceAfter(toks []token, k int) bool {
	if k >= len(toks) || toks[k].kind != word || arabicStops[toks[k].lower] || arabicNotPlaces[toks[k].key] ||
		arabicLeads[toks[k].lower] || toks[k].lower[0] < 0x80 {
		return false
	}
	if k+1 == len(toks) {
		return true
	}
	n := toks[k+1]
	return n.text == "،" || n.text == "," || n.kind == word && (arabicThat[n.lower] || n.lower == "يوم" || n.lower == "اليوم" || n.lower == "أمس")
}

// arabicLocated are the heads of a subject that a place belongs to: an
// office, a mission, a representative is "in" a country ("مكتب الأمم المتحدة
// في بنغلاديش"), where an agency "in Geneva" only says where it spoke.
var arabicLocated = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"مكتب", "بعثة", "منسق", "منسقة", "ممثل", "ممثلة", "فريق", "فرع", "مدير", "مديرة",
		"رئيس", "رئيسة", "مسؤول", "مسؤولة", "سلطات", "حكومة", "وزارة", "محافظ", "والي"} {
		m[arabicKey(w)] = true
	}
	return m
}()

// arabicThat are the "that" of reported speech.
var arabicThat = set("أن", "أنّ", "إن", "إنّ", "ان", "بأن", "بان", "إنه", "إنها", "إنهم", "أنه", "أنها", "أنهم", "انه", "انها", "انهم")

// arabicNotPlaces are the words after "في" that are no place: a
// statement, a report, an interview, a time.
var arabicNotPlaces = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"بيان", "بيانها", "بيانه", "تصريح", "تصريحات", "تصريحه", "تقرير", "تقريرها",
		"مؤتمر", "حديث", "لقاء", "مقابلة", "تغريدة", "وقت", "الوقت", "منشور", "رسالة", "كلمة", "إحاطة"} {
		m[arabicKey(w)] = true
	}
	return m
}()
