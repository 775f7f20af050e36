package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file reads numbers written the way Arabic and Persian reporting writes
// them: Eastern Arabic (٠-٩) and Persian (۰-۹) digits with the Arabic
// separators (٬ for thousands, ٫ for decimals), scale words written after
// Western or Eastern digits ("153 ألفا", "۵۰۰ هزار"), and a remainder joined
// with "و" ("153 ألفا و200" is 153,200).

// digitZeros are the zeros of the decimal digits of the scripts reporting
// is written in, besides ASCII: Eastern Arabic, Persian and Urdu,
// Devanagari, Bengali, Gurmukhi, Gujarati, Tamil, Thai, Lao, Myanmar, Khmer
// and fullwidth digits.
var digitZeros = []rune{0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0BE6, 0x0E50,
	0x0ED0, 0x1040, 0x17E0, 0xFF10}

// easternDigit gives the value of a digit of another script: "٣", "۳", "৩".
func easternDigit(r rune) (byte, bool) {
	if r < 0x0660 {
		return 0, false
	}
	for _, z := range digitZeros {
		if r >= z && r <= z+9 {
			return byte(r - z), true
		}
	}
	return 0, false
}

// maxEasternRun bounds how far an Eastern number is scanned: no count is
// longer, and the bound keeps a run of separators linear.
const maxEasternRun = 64

// scanEasternNumber reads the number starting with an Eastern digit at s[i]:
// it writes the run with Western digits and separators ("۱۲٬۵۰۰" becomes
// "12,500") and reads that with the same rules as any number, so that
// grouping, decimals, slash dates and clock times are told apart alike. A
// Persian decimal slash before a scale word ("۲/۵ میلیون") is a decimal.
func scanEasternNumber(s string, i int) token {
	var b strings.Builder
	offs := make([]int, 0, 16)
	j := i
	for j < len(s) && b.Len() < maxEasternRun {
		r, w := utf8.DecodeRuneInString(s[j:])
		c, ok := westernOf(r)
		if !ok {
			break
		}
		offs = append(offs, j)
		b.WriteByte(c)
		j += w
	}
	offs = append(offs, j)
	conv := b.String()
	if k := strings.IndexByte(conv, '/'); k > 0 && strings.Count(conv, "/") == 1 && scaleWordAt(s, j) {
		conv = conv[:k] + "." + conv[k+1:]
	}
	t := scanNumber(conv, 0, nil)
	t.start, t.end = i, offs[t.end]
	t.dotDecimal = t.dotDecimal && !strings.Contains(s[i:t.end], "٫")
	return t
}

// westernOf maps the characters an Eastern number is written with.
func westernOf(r rune) (byte, bool) {
	if d, ok := easternDigit(r); ok {
		return '0' + d, true
	}
	switch r {
	case '٬':
		return ',', true
	case '٫':
		return '.', true
	case ',', '.', ':', '/', '-':
		return byte(r), true
	}
	if r < utf8.RuneSelf && isDigit(byte(r)) {
		return byte(r), true
	}
	return 0, false
}

// arabicScript reports whether the word is written in Arabic script (Arabic,
// Persian, Urdu, Pashto).
func arabicScript(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return r >= 0x0600 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0xFB50 && r <= 0xFEFF
}

// arabicKey folds the spellings of one Arabic-script word together, for the
// word lists: it drops the short vowels and tanween ("ألفًا" and "ألفا"), the
// tatweel, unifies the forms of alef ("أكثر" and "اكثر"), final yeh ("حوالى"
// and "حوالي") and the Persian yeh and kaf ("نزدیک" and "نزديك"). Words in
// other scripts are returned as they are.
func arabicKey(w string) string {
	if !arabicScript(w) {
		return w
	}
	var b strings.Builder
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Mn, r) || r == 'ـ':
			continue
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			r = 'ا'
		case r == 'ى' || r == 'ی':
			r = 'ي'
		case r == 'ک':
			r = 'ك'
		case r == 'ہ' || r == 'ھ' || r == 'ۂ':
			r = 'ه'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// arabicPrefixes are the one-letter words written joined to the next word:
// "و" (and), "ل" (for), "ب" (with), "ف" (so), "ك" (as). "لأكثر من" is
// "for more than".
var arabicPrefixes = []string{"و", "ل", "ب", "ف", "ك"}

// arabicIs reports whether the folded word key is want, alone or behind a
// joined one-letter word or the article: "وأكثر", "لأكثر", "النازحين".
func arabicIs(key, want string) bool {
	if key == want {
		return true
	}
	if !arabicScript(key) {
		return false
	}
	for _, p := range arabicPrefixes {
		if strings.HasPrefix(key, p) && key[len(p):] == want {
			return true
		}
	}
	return false
}

// arabicIn reports whether the folded word key, alone or behind a joined
// one-letter word or the article, is in the set.
func arabicIn(key string, m map[string]bool) bool {
	if m[key] {
		return true
	}
	if !arabicScript(key) {
		return false
	}
	for _, p := range arabicPrefixes {
		if rest, ok := strings.CutPrefix(key, p); ok && rest != "" && (m[rest] || m[strings.TrimPrefix(rest, "ال")]) {
			return true
		}
	}
	rest, ok := strings.CutPrefix(key, "ال")
	return ok && rest != "" && m[rest]
}

// arabicScales are the Arabic and Persian scale words after a number, by
// their folded spelling: the singular, the accusative ("ألفًا") and the
// plural that follows 3 to 10 ("3 ملايين", "10 آلاف").
var arabicScales = map[string]int64{
	"الف": 1_000, "الفا": 1_000, "الاف": 1_000, "هزار": 1_000,
	"مليون": 1_000_000, "مليونا": 1_000_000, "ملايين": 1_000_000, "ميليون": 1_000_000,
	"مليار": 1_000_000_000, "مليارا": 1_000_000_000, "مليارات": 1_000_000_000,
	"ميليارد": 1_000_000_000, "مليارد": 1_000_000_000,
}

// arabicAlone are the scale words that are a count by themselves: "ألف شخص"
// is a thousand people, "مليوني لاجئ" two million refugees (the dual).
// Their plurals ("آلاف", "ملايين") are vague, like "thousands".
var arabicAlone = map[string]int64{
	"الف": 1_000, "الفين": 2_000, "الفي": 2_000,
	"مليون": 1_000_000, "مليونين": 2_000_000, "مليوني": 2_000_000,
	"الفان": 2_000, "مليونان": 2_000_000,
}

// readArabicWords reads a count written in Arabic words: a scale word
// standing alone ("مليون لاجئ"), its dual ("مليوني شخص") or half of one
// ("نصف مليون"). Like a spelled English number it must be followed by a
// people word to be a count (candidateAt checks that).
func readArabicWords(toks []token, i int) (amount, bool) {
	half := arabicIs(toks[i].key, "نصف")
	j := i
	if half {
		j++
	}
	if j >= len(toks) || toks[j].kind != word {
		return amount{}, false
	}
	v, ok := arabicAlone[toks[j].key]
	if !ok && !half {
		return readArabicNumberWords(toks, i)
	}
	if half {
		v, ok = arabicScales[toks[j].key]
		if toks[j].key == "الاف" || toks[j].key == "ملايين" {
			ok = false
		}
		v /= 2
	}
	if !ok {
		return amount{}, false
	}
	a := amount{from: i, to: j + 1, raw: bigInt(v), scale: 1, value: v, whole: true, spelled: true}
	if !half {
		// Keep the scale, so that a remainder joins it: "مليون و208 آلاف"
		// is 1,208,000.
		unit := int64(1_000)
		if v%1_000_000 == 0 {
			unit = 1_000_000
		}
		a.raw, a.scale = bigInt(v/unit), unit
	}
	return a, true
}

// joinRemainder adds the remainder joined with "و" after a scaled number, or
// a smaller scaled number right after it ("4 lakh 80 thousand", "৪ লাখ ৮০
// হাজার"):
// "153 ألفا و200" is 153,200, "1 مليون و200 ألف" is 1,200,000. The
// remainder must be smaller than the scale and not part of a date.
//
// The parts may chain down the scales, "۲ میلیون و ۸۰۸ هزار و ۷۹۲"
// (2,808,792), "ایک لاکھ 28 ہزار 460" (128,460): each part is smaller than
// the scale before it, and after two scaled parts a last plain one joins
// without "و", as South Asian writing gives it. A chain has at most
// maxScaleParts parts.
func joinRemainder(toks []token, inDate []bool, a amount) amount {
	lim, joined := a.scale, 0
	for ; joined < maxScaleParts && lim >= 1000; joined++ {
		j := a.to
		if j >= len(toks) {
			break
		}
		and := toks[j].kind == word && toks[j].key == "و"
		if and {
			j++
		}
		if j >= len(toks) || inDate[j] || !and && toks[j].kind != number {
			break
		}
		b, ok := readAmount(toks, j)
		if !ok || !b.whole || b.value >= lim || !and && b.scale == 1 && joined == 0 || a.value+b.value > maxValue {
			break
		}
		a.value += b.value
		a.raw, a.scale, a.to = bigInt(a.value), 1, b.to
		lim = b.scale
	}
	return a
}

// maxScaleParts bounds the parts joined after a scaled number.
const maxScaleParts = 4

// arabicPeople are the Arabic and Persian words (folded, without the
// article) that make a number a count of people: "3 ملايين شخص", "60 ألف
// لاجئ", "۵۰۰ هزار نفر", and the verbs of displacement right after a
// count: "3 ملايين نزحوا".
var arabicPeople = []string{
	"شخص", "شخصا", "اشخاص", "نسمة", "فرد", "فردا", "افراد", "نفر",
	"نازح", "نازحا", "نازحين", "نازحون", "لاجئ", "لاجئا", "لاجئين", "لاجئون",
	"عائد", "عائدا", "عائدين", "عائدون", "مهاجر", "مهاجرا", "مهاجرين", "مهاجرون",
	"مهاجران", "پناهجو", "پناهجويان", "پناهنده", "پناهندگان", "اتباع", "تبعه",
	"اسرة", "اسر", "عائلة", "عائلات", "خانوار", "طفل", "اطفال", "امراة", "نساء",
	"قتيل", "قتلى", "جريح", "جرحى", "مدني", "مدنيين", "مواطن", "مواطنين", "ضحية", "ضحايا",
	"سوداني", "سودانيا", "سودانيين", "سودانيون", "افغاني", "افغان", "افغانستاني", "سوري",
	"سوريين", "يمني", "يمنيين", "فلسطيني", "فلسطينيين", "مرحل", "مرحلين", "مبعد", "مبعدين",
	"نزحوا", "فروا", "فر", "عبروا", "وصلوا", "عادوا", "رحلوا", "قتلوا", "اجبروا", "نزوح", "حالة",
}

// arabicTotals mark a running total, like "total": "إجمالي", "مجموع".
var arabicTotals = []string{"اجمالي", "مجموع", "اجمالا", "مجموعا", "حصيلة"}

func init() {
	for _, w := range arabicPeople {
		people[arabicKey(w)] = true
	}
	for _, w := range arabicTotals {
		totals[arabicKey(w)] = true
	}
	for _, w := range arabicParts {
		partWords[arabicKey(w)] = true
	}
	for _, m := range []map[string]int64{arabicScales, arabicAlone} {
		for w, v := range m {
			m[arabicKey(w)] = v
		}
	}
}

// arabicParts open a part of a count given before, like "including": "من
// بينهم 9.1 مليون" (among them), "بمن فيهم" (including), "از جمله".
var arabicParts = []string{"بينهم", "بينهن", "بينها", "منهم", "فيهم", "جمله"}

// arabicNumbers are the Arabic number words that come before a scale word,
// by folded spelling: "ثلاثة ملايين" (three million), "خمسة وعشرون ألفا"
// (25,000), "ثلاثمئة ألف" (300,000).
var arabicNumbers = func() map[string]int64 {
	m := map[string]int64{}
	for v, ws := range map[int64][]string{
		1: {"واحد", "واحدة"}, 2: {"اثنان", "اثنين", "اثنا", "اثني"}, 3: {"ثلاث", "ثلاثة"},
		4: {"أربع", "أربعة"}, 5: {"خمس", "خمسة"}, 6: {"ست", "ستة"}, 7: {"سبع", "سبعة"},
		8: {"ثماني", "ثمانية", "ثمان"}, 9: {"تسع", "تسعة"}, 10: {"عشر", "عشرة"},
		20: {"عشرون", "عشرين"}, 30: {"ثلاثون", "ثلاثين"}, 40: {"أربعون", "أربعين"},
		50: {"خمسون", "خمسين"}, 60: {"ستون", "ستين"}, 70: {"سبعون", "سبعين"},
		80: {"ثمانون", "ثمانين"}, 90: {"تسعون", "تسعين"}, 100: {"مئة", "مائة"},
		200: {"مئتا", "مئتين", "مائتا", "مائتين", "مائتي", "مئتي"},
		300: {"ثلاثمئة", "ثلاثمائة"}, 400: {"أربعمئة", "أربعمائة"}, 500: {"خمسمئة", "خمسمائة"},
		600: {"ستمئة", "ستمائة"}, 700: {"سبعمئة", "سبعمائة"}, 800: {"ثمانمئة", "ثمانمائة"},
		900: {"تسعمئة", "تسعمائة"},
	} {
		for _, w := range ws {
			m[arabicKey(w)] = v
		}
	}
	return m
}()

// maxArabicWords bounds how many number words one count takes.
const maxArabicWords = 8

// readArabicNumberWords reads Arabic number words joined by "و" and closed
// by a scale word. Arabic adds its parts in any order ("خمسة وعشرون" is
// five and twenty); without a scale word the words are too often other
// words ("ست" is also "lady") to be read.
func readArabicNumberWords(toks []token, i int) (amount, bool) {
	var sum int64
	j := i
	for ; j < len(toks) && j < i+maxArabicWords && toks[j].kind == word; j++ {
		k := toks[j].key
		if j > i && k == "و" {
			continue
		}
		if j > i {
			k = strings.TrimPrefix(k, "و")
		}
		v, ok := arabicNumbers[k]
		if !ok {
			break
		}
		if v == 100 && sum > 0 && sum < 10 {
			sum *= 100 // "ثلاث مئة"
		} else {
			sum += v
		}
	}
	if sum == 0 || j >= len(toks) || toks[j].kind != word {
		return amount{}, false
	}
	sc, ok := arabicScales[toks[j].key]
	if !ok {
		return amount{}, false
	}
	return amount{from: i, to: j + 1, raw: bigInt(sum), scale: sc, value: sum * sc, whole: true, spelled: true}, true
}
