package extract

import "strings"

// This file reads counts written in Persian (and Dari, and Urdu) number words: "هفت
// هزار" (7,000), "یک میلیون و نهصد هزار" (1,900,000), "یکهزار و ۷۶۴"
// (1,764), "یکمیلیون و ۲۰۰ هزار" (1,200,000). Words are joined by "و" (and),
// and "یک" (one) is often written against the scale word.

// persianNumbers are the Persian number words below a thousand, by folded
// spelling (arabicKey).
var persianNumbers = func() map[string]int64 {
	m := map[string]int64{}
	for w, v := range map[string]int64{
		"یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9,
		"ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15,
		"شانزده": 16, "هفده": 17, "هجده": 18, "هیجده": 18, "نوزده": 19, "بیست": 20, "سی": 30,
		"چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90, "صد": 100,
		"یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500, "ششصد": 600,
		"هفتصد": 700, "هشتصد": 800, "نهصد": 900,
		// Urdu, where they differ: "تین سو" (300), "پانچ ہزار" (5,000)
		"ایک": 1, "تین": 3, "پانچ": 5, "چھ": 6, "سات": 7, "آٹھ": 8, "دس": 10, "بیس": 20,
	} {
		m[arabicKey(w)] = v
	}
	return m
}()

// persianScales are the scale words of Persian number words.
var persianScales = map[string]int64{"هزار": 1_000, "ميليون": 1_000_000, "ميليارد": 1_000_000_000}

// maxPersianWords bounds how many words one number takes.
const maxPersianWords = 16

// persianWords is the running state of readPersianWords.
type persianWords struct {
	total, cur, lastScale int64
	seen, scaled          bool
}

// readPersianWords reads a count in Persian words starting at toks[i]. As
// in English, words without a scale ("ده", "نه") are bare and must be
// followed by a people word to count.
func readPersianWords(toks []token, i int) (amount, bool) {
	var p persianWords
	j := i
	for ; j < len(toks) && j < i+maxPersianWords; j++ {
		if !p.step(toks, j) {
			break
		}
		if p.total+p.cur > maxValue {
			return amount{}, false
		}
	}
	value := p.total + p.cur
	if !p.seen || value == 0 {
		return amount{}, false
	}
	a := amount{from: i, to: j, raw: bigInt(value), scale: 1, value: value, whole: true,
		spelled: true, bare: !p.scaled}
	if p.cur == 0 && p.lastScale > 0 {
		a.scale = p.lastScale // "یکهزار و ۷۶۴": a remainder may join below the scale
	}
	return a, true
}

// step takes toks[j] into the number, or reports that it ends it.
func (p *persianWords) step(toks []token, j int) bool {
	if toks[j].kind != word {
		return false
	}
	k := persianFold(toks[j].key)
	if k == "و" {
		return p.seen && j+1 < len(toks) && persianWordAhead(toks[j+1]) // "یک میلیون و نهصد هزار"
	}
	v, small := persianNumbers[k]
	sc, isScale := persianScales[k]
	if rest, ok := strings.CutPrefix(k, "يك"); ok && persianScales[rest] > 0 && !p.seen {
		p.cur, sc, isScale = 1, persianScales[rest], true // "یکهزار", "یکمیلیون"
	}
	switch {
	case isScale && p.cur > 0 && (p.lastScale == 0 || sc < p.lastScale):
		p.total += p.cur * sc
		p.cur, p.lastScale, p.scaled = 0, sc, true
	case (k == "صد" || k == "سو") && p.cur > 0 && p.cur < 10:
		p.cur *= 100 // "سه صد", Urdu "دو سو"
	case small && (p.cur == 0 || v < lowestPlace(p.cur)):
		p.cur += v
	default:
		return false
	}
	p.seen = true
	return true
}

// lowestPlace is the place of the last word added: 900 → 100, 920 → 10.
func lowestPlace(v int64) int64 {
	p := int64(1)
	for v != 0 && v%(p*10) == 0 {
		p *= 10
	}
	return p
}

// persianFold drops the zero-width joiners that Persian writes inside words.
func persianFold(k string) string {
	if !strings.ContainsAny(k, "\u200c\u200d") {
		return k
	}
	return strings.NewReplacer("\u200c", "", "\u200d", "").Replace(k)
}

// persianWordAhead reports a Persian number word after "و".
func persianWordAhead(t token) bool {
	k := persianFold(t.key)
	if rest, ok := strings.CutPrefix(k, "يك"); ok && persianScales[rest] > 0 {
		return true
	}
	return persianNumbers[k] > 0 || persianScales[k] > 0
}
