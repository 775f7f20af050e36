package extract

import (
	"strings"
	"unicode"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// This file resolves an attribution that names a body of the United
// Nations system in another language of the reporting, when the registry
// lists it only in English: "المفوضية السامية للأمم المتحدة لشؤون
// اللاجئين", "سازمان بین المللی مهاجرت", "l’Organisation internationale
// pour les migrations (OIM)", "el ACNUR" all name bodies every registry
// holds by their English acronyms. The table is the bodies' own names in
// their official and working languages and in Persian and Urdu, not
// phrases of any one report.

// foreignNames are those names, folded by foreignFold, with the acronym
// the registry knows the body by.
var foreignNames = func() map[string]string {
	m := map[string]string{}
	for acr, names := range map[string][]string{
		"UN": {"الأمم المتحدة", "الأممالمتحدة", "سازمان ملل", "سازمان ملل متحد", "اقوام متحدہ",
			"Nations unies", "Naciones Unidas", "Nações Unidas", "Nazioni Unite", "Umoja wa Mataifa"},
		"UNHCR": {"المفوضية السامية للأمم المتحدة لشؤون اللاجئين", "مفوضية الأمم المتحدة لشؤون اللاجئين",
			"المفوضية السامية لشؤون اللاجئين", "مفوضية اللاجئين", "المفوضية الأممية",
			"کمیساریای عالی پناهندگان", "کمیساریای عالی سازمان ملل متحد در امور پناهندگان",
			"کمیشنری عالی سازمان ملل متحد در امور پناهندگان", "کمیشنری عالی پناهندگان",
			"Haut-Commissariat pour les réfugiés", "Haut-Commissariat des Nations unies pour les réfugiés",
			"Agence des Nations unies pour les réfugiés",
			"Alto Comisionado de las Naciones Unidas para los Refugiados",
			"Alto Comissariado das Nações Unidas para os Refugiados",
			"Alto Commissariato delle Nazioni Unite per i Rifugiati", "FNs høykommissær for flyktninger"},
		"IOM": {"المنظمة الدولية للهجرة", "منظمة الهجرة الدولية", "سازمان بین المللی مهاجرت",
			"سازمان بینالمللی مهاجرت", "Organisation internationale pour les migrations",
			"Organización Internacional para las Migraciones", "Organização Internacional para as Migrações",
			"Organizzazione Internazionale per le Migrazioni"},
		"OCHA": {"مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية", "مكتب تنسيق الشؤون الإنسانية",
			"مكتب تنسيق الإغاثة الإنسانية", "Bureau de la coordination des affaires humanitaires",
			"Oficina de Coordinación de Asuntos Humanitarios",
			"Escritório das Nações Unidas para a Coordenação de Assuntos Humanitários",
			"Ufficio delle Nazioni Unite per il coordinamento degli affari umanitari",
			"Ofisi ya Umoja wa Mataifa Inayoratibu Masuala ya Kibinadamu"},
		"WFP": {"برنامج الأغذية العالمي", "Programme alimentaire mondial", "Programa Mundial de Alimentos",
			"Programma alimentare mondiale", "برنامه جهانی غذا"},
		"WHO": {"منظمة الصحة العالمية", "سازمان جهانی بهداشت", "Organisation mondiale de la santé",
			"Organización Mundial de la Salud", "Organização Mundial da Saúde"},
		"UNICEF": {"اليونيسف", "يونيسف", "یونیسف"},
		"ICRC": {"اللجنة الدولية للصليب الأحمر", "Comité international de la Croix-Rouge",
			"Comité Internacional de la Cruz Roja"},
		"IDMC": {"مركز رصد النزوح الداخلي"},
	} {
		for _, n := range names {
			m[foreignFold(n)] = acr
		}
	}
	return m
}()

// foreignAcronyms are the acronyms the bodies go by in French, Spanish,
// Portuguese and Italian, matched as written (in capitals, or as a word:
// "Acnur"), so that no common word or name ("Pam") matches.
var foreignAcronyms = map[string]string{"OIM": "IOM", "HCR": "UNHCR", "ACNUR": "UNHCR", "Acnur": "UNHCR",
	"PAM": "WFP", "PMA": "WFP", "OMS": "WHO", "CICR": "ICRC", "ONU": "UN", "OCAH": "OCHA"}

// maxForeignWords bounds the words of a name in the table.
const maxForeignWords = 12

// foreignFold folds a name for the table: words lower-cased, Arabic-script
// spellings folded (arabicKey) with the article and the joined "ل" dropped
// ("المنظمة الدولية للهجرة" and "منظمة الدولية للهجرة" fold alike), and
// joined by single spaces.
func foreignFold(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsMark(r) && r != '\u200c'
	})
	for i, w := range words {
		w = arabicKey(strings.ToLower(strings.ReplaceAll(w, "\u200c", "")))
		if arabicScript(w) {
			for _, p := range []string{"لل", "ال", "وال", "بال"} {
				if rest, ok := strings.CutPrefix(w, p); ok && len(rest) > 2 {
					w = rest
					break
				}
			}
		}
		words[i] = w
	}
	return strings.Join(words, " ")
}

// foreignOrganization finds the longest name of the table that the
// attribution contains as whole words, and resolves its acronym in the
// registry; "" when there is none.
func foreignOrganization(by string, orgs []domain.Organization) string {
	if by == "" || len(orgs) == 0 {
		return ""
	}
	words := strings.Fields(foreignFold(by))
	best, bestLen := "", 0
	for _, w := range strings.FieldsFunc(by, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if acr, ok := foreignAcronyms[w]; ok {
			best, bestLen = acr, 1
		}
	}
	for i := range words {
		for j := i + 1; j <= len(words) && j-i <= maxForeignWords; j++ {
			if acr, ok := foreignNames[strings.Join(words[i:j], " ")]; ok && j-i > bestLen {
				best, bestLen = acr, j-i
			}
		}
	}
	if best == "" {
		return ""
	}
	for i := range orgs {
		if orgs[i].Acronym == best {
			return canonical(orgs, i)
		}
	}
	return ""
}
