package extract

// This file holds the French, Spanish, Portuguese and Italian forms of
// attribution (attribution.go): the verb before its source, "selon".

// romanceVerbs put the source after them in French: "indique
// l’Organisation internationale pour les migrations (OIM)".
var romanceVerbs = set("indique", "indiqué", "rapporte", "rapporté", "annonce", "annoncé", "déclaré",
	"affirme", "affirmé", "précise", "précisé", "estime", "selon", "secondo", "según", "segundo",
	// Italian, Spanish and Portuguese: "ha dichiarato l'OIM", "informó la ONU", "afirmou o Acnur"
	"dichiarato", "dichiara", "riferito", "riferisce", "comunicato", "annunciato", "informó", "informa",
	"declaró", "afirmó", "señaló", "indicó", "disse", "afirmou", "informou", "declarou", "revelou",
	"révèle", "montre", "révélé")

// romanceDays are the days and "yesterday"/"today" that stand between a
// verb and its source: "ha dichiarato martedì l'OIM", "a indiqué mardi le HCR".
var romanceDays = set("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
	"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica", "ieri", "oggi",
	"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo", "ayer", "hoy",
	"segunda", "terça", "quarta", "quinta", "sexta", "ontem", "hoje", "aujourd")

// romanceDocs are the documents a Romance subject names its source
// through: "Un récent rapport de l’Agence … révèle que".
var romanceDocs = set("rapport", "relatório", "relatorio", "informe", "rapporto", "documento", "étude",
	"estudio", "estudo", "studio", "bilan", "données", "dati", "datos", "dados", "chiffres", "cifras")

// romanceSubject reads the source of a document that is the subject of the
// verb at toks[v]: past the document and its "de", the words up to the
// verb, lower-case ones too, as nothing else stands between a subject
// and its verb ("Un récent rapport de l’Agence des Nations unie pour les
// réfugiés révèle").
func romanceSubject(toks []token, v int) (from, to int) {
	for k := v - 1; k >= 0 && k >= v-14; k-- {
		t := toks[k]
		if t.kind == punct && t.text != "’" && t.text != "'" && t.text != "-" {
			return 0, 0
		}
		if !romanceDocs[t.lower] {
			continue
		}
		from, _ = romanceSource(toks, k+1)
		if from <= k || from >= v {
			return 0, 0
		}
		return from, v
	}
	return 0, 0
}

// romanceAccording reports "d’après" and "de acordo com"/"de acuerdo con"
// ending at toks[i].
func romanceAccording(toks []token, i int) bool {
	switch toks[i].lower {
	case "après":
		return i >= 2 && toks[i-2].lower == "d" && (toks[i-1].text == "’" || toks[i-1].text == "'")
	case "com", "con":
		return i >= 2 && (toks[i-1].lower == "acordo" || toks[i-1].lower == "acuerdo") && toks[i-2].lower == "de"
	}
	return false
}

// romanceJoins join the words of a name in French, Italian, Spanish and
// Portuguese: "Escritório das Nações Unidas para a Coordenação".
var romanceJoins = set("de", "des", "du", "la", "le", "les", "pour", "per", "il", "degli", "delle",
	"della", "dei", "das", "da", "do", "dos", "para", "a", "e", "et", "y", "del", "por")

// romanceLeads are the words before a source: articles and the documents
// it is cited through ("un documento dell'", "a última avaliação do", "les
// conclusions du").
var romanceLeads = set("le", "la", "les", "l", "un", "une", "uno", "una", "o", "a", "el", "los",
	"d", "de", "du", "des", "dell", "della", "del", "do", "da", "dos", "das", "documento", "rapport",
	"relatório", "relatorio", "avaliação", "última", "ultima", "dernier", "dernière", "conclusions",
	"données", "chiffres", "dati", "datos", "dados", "informe", "rapporto", "’", "'")

// romanceSource reads a source named in a Romance language from toks[k]:
// past the articles and cited documents to the first capitalised word,
// then its name, through lower-case words when a bracketed acronym closes
// it ("l’Organisation internationale pour les migrations (OIM)"). A
// leading article "l’", "le", "la" is kept, like "the".
func romanceSource(toks []token, k int) (from, to int) {
	article := -1
	for n := 0; k < len(toks) && n < 8 && romanceLeads[leadText(toks[k])]; n++ {
		switch toks[k].lower {
		case "l", "le", "la", "el", "o", "a", "il", "lo", "les", "los", "os":
			article = k
		default:
			if toks[k].kind == word {
				article = -1
			}
		}
		k++
	}
	if k >= len(toks) || !nameWord(toks[k]) {
		return 0, 0
	}
	from, to = k, k+1
	if article >= 0 && article+2 >= k {
		from = article
	}
	for j := k + 1; j < len(toks) && j < k+14; j++ {
		t := toks[j]
		switch {
		case t.text == "(":
			if end := bracketEnd(toks, j); end > 0 && acronym(toks[end-1]) {
				return from, end + 1
			}
			return from, to
		case t.kind == word && (nameWord(t) || t.text == "-" || romanceJoins[t.lower]):
			if nameWord(t) {
				to = j + 1
			}
		case (t.text == "-" || t.text == "’" || t.text == "'") && !t.spaced:
		case t.kind == word:
			// a lower-case word: part of the name only if an acronym in
			// brackets closes it a few words on
			if !acronymAhead(toks, j) {
				return from, to
			}
		default:
			return from, to
		}
	}
	return from, to
}
