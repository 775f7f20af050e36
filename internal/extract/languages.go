package extract

import (
	"strings"
	"unicode"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// This file holds the words of the other languages that humanitarian
// reporting is written in — French, Spanish, Portuguese, Italian, German,
// the Scandinavian languages, Ukrainian and Russian, Swahili, Tagalog,
// Indonesian, Urdu, Hindi and Bengali — for the same forms the English
// rules read: scale words ("1,5 milioni", "8 millioner", "৪ লাখ"),
// qualifiers ("plus de", "cerca de", "понад", "zaidi ya", "سے زائد"), people
// words ("personnes", "осіб", "watu") and month names after a day, which
// make the day no count. Arabic and Persian are in arabic.go.

// otherScales multiply the number they follow, like "million".
var otherScales = map[string]int64{
	// French, Spanish, Portuguese, Italian
	"millions": 1_000_000, "milliard": 1_000_000_000, "milliards": 1_000_000_000,
	"millón": 1_000_000, "millones": 1_000_000, "milhão": 1_000_000, "milhões": 1_000_000,
	"milhao": 1_000_000, "milhoes": 1_000_000, "milione": 1_000_000, "milioni": 1_000_000,
	"mil": 1_000, "mila": 1_000, "mille": 1_000,
	// German, Dutch, Scandinavian, Turkish, Tagalog, Indonesian
	"millionen": 1_000_000, "milliarden": 1_000_000_000, "miljoen": 1_000_000,
	"miljoner": 1_000_000, "millioner": 1_000_000, "miljon": 1_000_000, "milyon": 1_000_000,
	"tausend": 1_000, "tusen": 1_000, "tusind": 1_000, "juta": 1_000_000, "ribu": 1_000,
	// Ukrainian and Russian
	"тис": 1_000, "тисяча": 1_000, "тисячі": 1_000, "тисяч": 1_000, "тыс": 1_000,
	"тысяча": 1_000, "тысячи": 1_000, "тысяч": 1_000, "млн": 1_000_000,
	"мільйон": 1_000_000, "мільйона": 1_000_000, "мільйонів": 1_000_000, "мільйони": 1_000_000,
	"миллион": 1_000_000, "миллиона": 1_000_000, "миллионов": 1_000_000, "млрд": 1_000_000_000,
	// Bengali and Hindi (Urdu is folded into arabicScales)
	"হাজার": 1_000, "লাখ": 100_000, "লক্ষ": 100_000, "কোটি": 10_000_000,
	"हजार": 1_000, "हज़ार": 1_000, "लाख": 100_000, "करोड़": 10_000_000, "करोड": 10_000_000,
	// Telugu and Tamil
	"వేల": 1_000, "వేలు": 1_000, "లక్ష": 100_000, "లక్షల": 100_000, "లక్షలు": 100_000,
	"కోట్ల": 10_000_000, "ஆயிரம்": 1_000, "லட்சம்": 100_000, "கோடி": 10_000_000,
}

// otherScaleOf looks a word up in otherScales, also without the case
// endings that Indic scripts write as vowel signs: "হাজারে" is "হাজার".
func otherScaleOf(w string) (int64, bool) {
	if sc, ok := otherScales[w]; ok {
		return sc, true
	}
	if t := strings.TrimRightFunc(w, unicode.IsMark); t != w && t != "" {
		sc, ok := otherScales[t]
		return sc, ok
	}
	return 0, false
}

// otherArticles are "a" and "one" before a scale word: "un million", "um
// milhão", "ein Million". Like "a" they count only before a scale word.
var otherArticles = set("un", "une", "um", "uma", "uno", "una", "ein", "eine", "один", "одна")

// otherSmall are the small number words that count only before a scale
// word: "deux millions", "tres millones", "due milioni". Alone they are too
// often other words ("due", "dos", "sei").
var otherSmall = map[string]int64{
	"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
	"dix": 10, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
	"nueve": 9, "diez": 10, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "sete": 7, "oito": 8,
	"nove": 9, "dez": 10, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7,
	"otto": 8, "dieci": 10, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "zehn": 10,
	"два": 2, "дві": 2, "три": 3, "чотири": 4, "четыре": 4, "п'ять": 5, "пять": 5,
}

// otherBefore are the qualifying phrases of other languages, before the
// number. Phrases ending in "de" have their elided form too ("plus d'un
// million"), which qualifierBefore matches across the apostrophe.
var otherBefore = map[domain.Qualifier][]string{
	domain.Approx: {"environ", "près de", "près d", "quelque", "quelques", "cerca de",
		"alrededor de", "unos", "unas", "aproximadamente", "casi", "quase", "quasi", "etwa",
		"rund", "om lag", "omkring", "cirka", "ca", "rundt", "nesten", "næsten", "nästan",
		"близько", "майже", "приблизно", "около", "почти", "примерно", "karibu", "takriban",
		"halos", "sekitar", "hampir", "lebih kurang", "लगभग", "करीब", "প্রায়", "దాదాపు",
		"సుమారు", "சுமார்",
		// "an estimated" in the Romance languages
		"un estimado de", "una estimación de", "une estimation de", "uma estimativa de"},
	domain.MoreThan: {"plus de", "plus d", "más de", "mais de", "più di", "oltre", "mehr als",
		"über", "mer enn", "mere end", "mer än", "över", "понад", "більше ніж", "більш ніж",
		"більше", "более", "свыше", "больше", "zaidi ya", "mahigit", "lebih dari"},
	domain.AtLeast: {"au moins", "al menos", "por lo menos", "pelo menos", "ao menos", "almeno",
		"कम से कम", "অন্তত",
		"mindestens", "minst", "mindst", "щонайменше", "принаймні", "не менше", "не менее",
		"по меньшей мере", "setidaknya", "sedikitnya", "hindi bababa sa"},
	domain.LessThan: {"moins de", "moins d", "menos de", "meno di", "weniger als", "mindre enn",
		"mindre end", "färre än", "менше", "менее", "chini ya", "kurang dari"},
	domain.AtMost: {"hasta", "até", "fino a", "bis zu", "opptil", "op til", "upp till"},
}

// arabicScriptBefore are the Urdu qualifiers before the number, folded into
// arabicBefore at start.
var arabicScriptBefore = map[domain.Qualifier][]string{
	domain.Approx:  {"تقریباً", "لگ بھگ"},
	domain.AtLeast: {"کم از کم"},
}

// afterNumber are two-word qualifiers written after the number: Urdu and
// Hindi postpositions ("5000 سے زائد" is "more than 5000"), and "or more"
// in other languages. The words are folded (arabicKey).
var afterNumber = map[[2]string]domain.Qualifier{
	{"سے", "زائد"}: domain.MoreThan, {"سے", "زياده"}: domain.MoreThan,
	{"سے", "زيادہ"}: domain.MoreThan, {"سے", "كم"}: domain.LessThan,
	{"से", "अधिक"}: domain.MoreThan, {"से", "ज़्यादा"}: domain.MoreThan, {"से", "ज्यादा"}: domain.MoreThan,
	{"ou", "plus"}: domain.AtLeast, {"o", "más"}: domain.AtLeast, {"ou", "mais"}: domain.AtLeast,
	{"o", "più"}: domain.AtLeast, {"oder", "mehr"}: domain.AtLeast, {"eller", "mer"}: domain.AtLeast,
}

// otherPeople are people words of other languages (lower case): "1 500
// morts", "60 000 personnes", "22 000 осіб", "watu 85,000".
var otherPeople = []string{
	"personnes", "personas", "pessoas", "persone", "personer", "menschen", "mennesker",
	"människor", "personen", "люди", "людей", "осіб", "особи", "громадян", "человек",
	"watu", "wakimbizi", "tao", "katao", "indibidwal", "orang", "jiwa", "pengungsi",
	"déplacés", "déplacées", "desplazados", "desplazadas", "deslocados", "deslocadas",
	"sfollati", "fordrevne", "flyktninger", "flyktningar", "flyktingar", "réfugiés",
	"refugiados", "rifugiati", "flüchtlinge", "vertriebene", "біженців", "біженці",
	"переселенців", "беженцев", "morts", "muertos", "mortos", "morti", "tués",
	"familles", "familias", "famílias", "famiglie", "ménages", "hogares", "migrantes",
	"migranti", "rapatriés", "retornados", "rimpatriati", "civils", "civiles", "civis",
	"civili", "enfants", "niños", "crianças", "bambini", "kinder", "дітей", "діти",
	"ukrainere", "ukrainiens", "ucranianos", "palestiniens", "palestinos", "palestinesi",
	"syriens", "sirios", "haïtiens", "мигрантов", "মানুষ", "লোক", "জন", "लोग",
	"लोगों", "व्यक्ति", "शरणार्थी", "شہری", "مہاجرین", "پناہ", "మంది", "ప్రజలు", "பேர்", "மக்கள்",
}

// otherRates, and otherPer before otherPeriods, make a count a pace in
// other languages: "30.000 personnes par jour", "44.500 por día", "يوميا".
var (
	otherRates = set("يوميا", "روزانه", "diariamente", "quotidiennement", "täglich", "ежедневно",
		"щодня", "щоденно")
	otherPer     = set("par", "por", "al", "pro", "kwa", "kila", "в", "на", "في")
	otherPeriods = set("jour", "día", "dia", "tag", "день", "siku", "semaine", "semana", "mois",
		"mes", "woche", "monat", "неделю", "тиждень", "місяць", "يوم", "اليوم", "الاسبوع", "الشهر")
)

// otherTotals mark a running total in other languages.
var otherTotals = []string{"insgesamt", "totale", "всього", "всего", "jumla", "kabuuang"}

// foreignMonths are month names of other languages: a number right before
// one is a day ("25 أغسطس", "15 avril"), never a count. Dates in English are
// read by dates.go.
var foreignMonths = set(
	"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
	"octobre", "novembre", "décembre", "enero", "febrero", "marzo", "abril", "mayo", "junio",
	"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre", "janeiro",
	"fevereiro", "março", "maio", "junho", "julho", "setembro", "outubro", "dezembro",
	"gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre",
	"dicembre", "januar", "februar", "märz", "juni", "juli", "oktober", "dezember",
	"desember", "mei", "agustus", "januari", "februari", "maret", "juni", "juli", "desember",
	"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
	"жовтня", "листопада", "грудня", "января", "февраля", "марта", "апреля", "мая", "июня",
	"июля", "августа", "сентября", "октября", "ноября", "декабря",
)

// arabicMonths are the Arabic and Persian month names, folded at start.
var arabicMonths = []string{
	"يناير", "فبراير", "مارس", "أبريل", "إبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
	"أكتوبر", "نوفمبر", "ديسمبر", "كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز",
	"آب", "أيلول", "تشرين", "ژانویه", "فوریه", "آوریل", "ژوئن", "ژوئیه", "اوت", "سپتامبر",
	"اکتبر", "نوامبر", "دسامبر", "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
	"مهر", "آبان", "بهمن", "اسفند", "جنوری", "فروری", "اپریل", "مئی", "جون", "جولائی", "اگست",
	"ماي", "جوان", "جويلية", "أوت", "فيفري", "أفريل", "شتنبر", "نونبر", "دجنبر",
}

func init() {
	for _, w := range otherPeople {
		people[arabicKey(w)] = true
	}
	for _, w := range otherTotals {
		totals[w] = true
	}
	for _, w := range arabicMonths {
		foreignMonths[arabicKey(w)] = true
	}
	// Urdu "ایک" (one) before a scale: "ایک لاکھ" (100,000), which the
	// Persian reader reads with the Urdu scales.
	persianNumbers[arabicKey("ایک")] = 1
	persianScales[arabicKey("لاکھ")] = 100_000
	persianScales[arabicKey("کروڑ")] = 10_000_000
	for _, w := range []string{"ہزار", "لاکھ", "لاكھ", "کروڑ"} {
		switch {
		case strings.Contains(w, "ہزار"):
			arabicScales[arabicKey(w)] = 1_000
		case strings.Contains(w, "ڑ"):
			arabicScales[arabicKey(w)] = 10_000_000
		default:
			arabicScales[arabicKey(w)] = 100_000
		}
	}
}

// dayOfMonth reports a number right before a month name of another
// language: "25 أغسطس", "15 avril", "31 de mayo", "1º di giugno".
func dayOfMonth(toks []token, j int) bool {
	if j+1 < len(toks) && (toks[j].lower == "de" || toks[j].lower == "di" || toks[j].lower == "del") {
		j++
	}
	return j < len(toks) && toks[j].kind == word && foreignMonths[toks[j].key]
}
