package domain_test

import (
	"encoding/csv"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Excerpts from /work/shared/realistic/figures.csv and data/demo/figures.csv.
const (
	exSudanTribune = "January 25, 2024 (KHARTOUM) – An estimated 9.05 million people have been internally displaced in Sudan, making the country the largest internal displacement crisis globally, the United Nations said."
	exIDMC         = "It left 9.1 million people internally displaced as of the end of the year, making Sudan the country with the highest number of IDPs globally."
	exIOMQuote     = "“The 11-million is people internally displaced within the country and the 3.1-million are those who have crossed borders. That's more than 14-million people who are on the move,”"
	exUNHCRFoot    = "As of 13 June, the fighting had displaced an estimated 1.67 million people inside Sudan."
	exPakistan     = "The Pakistani Interior Minister has stated that approximately 200,000 out of an estimated 1.7 million undocumented Afghan migrants in Pakistan have adhered to the directive to return to their home country."
	exInterior     = "However, Pakistan’s interior ministry put the number higher, saying 140,322 of those who had stayed illegally had left."
	exDawn         = "Last year was the deadliest in a decade for Pakistan's security forces, with at least 685 forces killed, according to Dawn news outlet"
	exArabic       = "ذكرت المفوضية السامية للأمم المتحدة لشئون اللاجئين أن أكثر من 101 ألف و497 لاجئًا سودانيًا وصلوا إلى ليبيا منذ أبريل 2023."
	exChad         = "Since the war began in Sudan in April 2023, more than 844,000 Sudanese refugees have crossed into Chad, which already hosts nearly 409,000 Sudanese fleeing previous waves of conflict in Darfur since 2003."
	exEgypt        = "A UNHCR report issued on Friday said that \"recent data from the government of Egypt indicates that more than 1.2 million Sudanese have sought international protection in Egypt.\""
)

// article wraps paragraphs as a readability extraction of a news page
// gives them: a headline, a byline, paragraphs between blank lines.
func article(paras ...string) string {
	return "Sudan and its neighbours: the numbers\n\nBy Staff Reporter · 3 min read\n\n" +
		"Fighting continued across the country this week as aid agencies warned of shortages.\n\n" +
		strings.Join(paras, "\n\n") +
		"\n\nRelated: Pakistan deadline for undocumented migrants passes\n\nShare this article"
}

func TestCheckExcerpt(t *testing.T) {
	curly := strings.NewReplacer("'", "’", `"`, "”")
	tests := []struct {
		name      string
		excerpt   string
		text      string
		want      domain.ExcerptStatus
		match     string // the original text highlighted (Start:End) contains this
		paragraph string // the paragraph returned starts with this
		diff      string // a difference contains this
	}{
		{name: "verbatim", excerpt: exSudanTribune, text: article(exIDMC, exSudanTribune, exChad),
			want: domain.ExcerptFound, match: "KHARTOUM", paragraph: "January 25, 2024"},
		{name: "straight quotes in the copy, curly in the excerpt", excerpt: exIOMQuote,
			text: article(exIDMC, strings.NewReplacer("“", `"`, "”", `"`).Replace(exIOMQuote)+" IOM director-general Amy Pope said."),
			want: domain.ExcerptFound, match: "3.1-million", paragraph: `"The 11-million`},
		{name: "curly apostrophe in the copy", excerpt: exDawn, text: article(curly.Replace(exDawn) + "."),
			want: domain.ExcerptFound, match: "Pakistan’s security"},
		{name: "straight apostrophe in the copy", excerpt: exInterior, text: article(strings.ReplaceAll(exInterior, "’", "'")),
			want: domain.ExcerptFound, match: "140,322"},
		{name: "line breaks inside the sentence", excerpt: exPakistan,
			text: article(strings.Replace(strings.Replace(exPakistan, "approximately ", "approximately\n", 1), "undocumented ", "undocu-\nmented ", 1)),
			want: domain.ExcerptFound, match: "undocu-\nmented"},
		{name: "a compound cut at a line break", excerpt: "Afghan nationals residing illegally in Pakistan, most of them long-term residents",
			text: article("Afghan nationals residing illegally in Pakistan, most of them long-\nterm residents, have until the end of the month."),
			want: domain.ExcerptFound, match: "long-\nterm"},
		{name: "a compound and two words differ", excerpt: "Afghan nationals residing illegally in Pakistan, most of them long-term residents, left",
			text: article("Afghan nationals residing illegally in Pakistan, most of them long term residents, left."),
			want: domain.ExcerptNearlyFound, diff: "the copy has “long term” where the excerpt has “long-term”"},
		{name: "a footnote marker in the copy", excerpt: exUNHCRFoot,
			text: article(strings.Replace(exUNHCRFoot, "Sudan.", "Sudan¹.", 1), "¹ UNHCR, Sudan situation, 13 June 2023."),
			want: domain.ExcerptFound, match: "inside Sudan", paragraph: "As of 13 June"},
		{name: "a bracketed footnote marker in the copy", excerpt: exUNHCRFoot,
			text: article(strings.Replace(exUNHCRFoot, "displaced", "displaced[12]", 1)),
			want: domain.ExcerptFound},
		{name: "a soft hyphen and a no-break space in the copy", excerpt: exChad,
			text: article(strings.NewReplacer("refugees", "refu\u00ADgees", "844,000 Sudanese", "844,000\u00A0Sudanese").Replace(exChad)),
			want: domain.ExcerptFound, match: "refu\u00ADgees"},
		{name: "en dash for a hyphen, capitals", excerpt: strings.ToUpper(exIOMQuote),
			text: article(strings.ReplaceAll(exIOMQuote, "-million", "–million")),
			want: domain.ExcerptFound},
		{name: "Arabic with Eastern Arabic digits and variant letters in the copy", excerpt: exArabic,
			text: article("ليبيا", strings.NewReplacer("101", "١٠١", "497", "٤٩٧", "2023", "۲۰۲۳", "لشئون", "لشؤون", "المتحدة", "المتحده").Replace(exArabic), "تقرير"),
			want: domain.ExcerptFound, match: "١٠١", paragraph: "ذكرت"},
		{name: "Arabic presentation forms, tatweel and harakat in the copy (a PDF's text)", excerpt: exArabic,
			text: article(strings.NewReplacer("ليبيا", "\ufedf\ufef4\ufe92\ufef4\ufe8e", "السامية", "السـامـيـة", "المفوضية", "المُفَوَّضِيَّة").Replace(exArabic)),
			want: domain.ExcerptFound, match: "\ufedf\ufef4"},
		{name: "an excerpt with an ellipsis", excerpt: "Since the war began in Sudan in April 2023, more than 844,000 Sudanese refugees have crossed into Chad … Sudanese fleeing previous waves of conflict",
			text: article(exChad), want: domain.ExcerptFound, match: "844,000"},
		{name: "an ellipsis of three points", excerpt: "An estimated 9.05 million people ... the largest internal displacement crisis globally",
			text: article(exSudanTribune), want: domain.ExcerptFound, match: "globally"},
		{name: "elided text too far apart", excerpt: "Fighting continued across the country ... the highest number of IDPs globally",
			text: article(strings.Repeat("The rains came early this year and roads to the camps closed. ", 20), exIDMC),
			want: domain.ExcerptNotFound},
		{name: "a number changed", excerpt: exPakistan,
			text: article(strings.Replace(exPakistan, "1.7 million", "1.8 million", 1)),
			want: domain.ExcerptNearlyFound, match: "1.8 million",
			diff: "the copy has “1.8 million” where the excerpt has “1.7 million”"},
		{name: "a number changed in Arabic", excerpt: exArabic,
			text: article(strings.Replace(exArabic, "497", "٤٩٨", 1)),
			want: domain.ExcerptNearlyFound, diff: "the copy has “و٤٩٨” where the excerpt has “و497”"},
		{name: "the copy cuts the excerpt's end", excerpt: exSudanTribune + " " + exIDMC + " " + exChad,
			text: article(exSudanTribune + " " + exIDMC + " Since the war began in Sudan in April 2023, more than 844,000 Sudanese refugees have crossed into Chad."),
			want: domain.ExcerptNearlyFound, diff: "the excerpt's last 15 words are not in the copy"},
		{name: "the copy stops mid-sentence, a name shortened", excerpt: exSudanTribune + " " + exIDMC,
			text: article(strings.Replace(exSudanTribune, "United Nations", "UN", 1) + " " + exIDMC[:60]),
			want: domain.ExcerptNearlyFound, match: "the UN said. It left 9.1 million",
			diff: "the excerpt's last 15 words are not in the copy (“end of the year"},
		{name: "a word dropped", excerpt: exEgypt, text: article(strings.Replace(exEgypt, "international ", "", 1)),
			want: domain.ExcerptNearlyFound, diff: "the copy leaves out “international”"},
		{name: "a sentence absent", excerpt: exEgypt, text: article(exSudanTribune, exIDMC, exChad),
			want: domain.ExcerptNotFound},
		{name: "an empty excerpt", excerpt: "", text: article(exChad), want: domain.ExcerptUnchecked},
		{name: "an excerpt of punctuation", excerpt: " … — ", text: article(exChad), want: domain.ExcerptUnchecked},
		{name: "an empty text", excerpt: exChad, text: "", want: domain.ExcerptUnchecked},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := domain.CheckExcerpt(tc.excerpt, tc.text)
			if got.Status != tc.want {
				t.Fatalf("status %q, want %q (%+v)", got.Status, tc.want, got)
			}
			if got.Start < 0 || got.Start > got.End || got.End > len(tc.text) {
				t.Fatalf("offsets %d:%d out of the text (%d bytes)", got.Start, got.End, len(tc.text))
			}
			if tc.want == domain.ExcerptFound || tc.want == domain.ExcerptNearlyFound {
				m := tc.text[got.Start:got.End]
				if m == "" || !strings.Contains(m, tc.match) {
					t.Errorf("highlighted %q, want it to hold %q", m, tc.match)
				}
				if !strings.Contains(got.Paragraph, m) {
					t.Errorf("paragraph %q does not hold the match %q", got.Paragraph, m)
				}
				if !strings.HasPrefix(got.Paragraph, tc.paragraph) {
					t.Errorf("paragraph %q, want it to start %q", got.Paragraph, tc.paragraph)
				}
				if strings.Contains(got.Paragraph, "\n\n") {
					t.Errorf("paragraph %q runs over a blank line", got.Paragraph)
				}
			}
			if tc.want == domain.ExcerptFound && len(got.Differences) > 0 {
				t.Errorf("found with differences %q", got.Differences)
			}
			if tc.diff != "" && !strings.Contains(strings.Join(got.Differences, "\n"), tc.diff) {
				t.Errorf("differences %q, want one holding %q", got.Differences, tc.diff)
			}
			if tc.want == domain.ExcerptNearlyFound && len(got.Differences) == 0 {
				t.Errorf("nearly found without a difference named")
			}
		})
	}
}

// Every excerpt of both datasets is found in an article holding them all.
func TestCheckExcerptDatasets(t *testing.T) {
	all := []string{exSudanTribune, exIDMC, exIOMQuote, exUNHCRFoot, exPakistan, exInterior, exDawn, exArabic, exChad, exEgypt}
	text := article(all...)
	for _, ex := range all {
		got := domain.CheckExcerpt(ex, text)
		if got.Status != domain.ExcerptFound {
			t.Errorf("%q: %q", ex, got.Status)
			continue
		}
		if p := text[got.Start:got.End]; !strings.Contains(ex, p[:len(p)/2]) {
			t.Errorf("%q highlighted %q", ex, p)
		}
	}
}

// A different number is never found: it is nearly found at best.
func TestCheckExcerptNumbersNeverFound(t *testing.T) {
	for _, c := range [][2]string{
		{"saying 140,322 of those", "saying 140,323 of those"},
		{"about 6.1 million people", "about 6.7 million people"},
		{"about 6.1 million people", "about 61 million people"},
		{"أكثر من 153 ألفا", "أكثر من ١٥٤ ألفا"},
	} {
		if got := domain.CheckExcerpt(c[0], article(c[1])); got.Status == domain.ExcerptFound {
			t.Errorf("%q found in %q", c[0], c[1])
		}
	}
}

// Every excerpt of the demo dataset is found in an article holding all of
// them, with line breaks where a page would wrap; with one of its digits
// changed it is nearly found, the difference named, never found.
func TestCheckExcerptDemoDataset(t *testing.T) {
	f, err := os.Open("../../data/demo/figures.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "excerpt")
	var excerpts []string
	for _, r := range rows[2:] { // after the header and the HXL tags
		if r[col] != "" {
			excerpts = append(excerpts, r[col])
		}
	}
	if len(excerpts) < 10 {
		t.Fatalf("%d excerpts in the demo dataset", len(excerpts))
	}
	wrapped := make([]string, len(excerpts))
	for i, ex := range excerpts {
		w := strings.Fields(ex)
		for j := 7; j < len(w); j += 8 {
			w[j] = "\n" + w[j]
		}
		wrapped[i] = strings.Join(w, " ")
	}
	text := article(wrapped...)
	digit := regexp.MustCompile(`[0-9]`)
	for _, ex := range excerpts {
		got := domain.CheckExcerpt(ex, text)
		if got.Status != domain.ExcerptFound {
			t.Errorf("%q: %q", ex, got.Status)
			continue
		}
		if !strings.Contains(got.Paragraph, text[got.Start:got.End]) {
			t.Errorf("%q: paragraph %q", ex, got.Paragraph)
		}
		loc := digit.FindStringIndex(ex)
		if loc == nil {
			continue
		}
		d := ex[loc[0]]
		changed := ex[:loc[0]] + string('0'+(d-'0'+1)%10) + ex[loc[1]:]
		got = domain.CheckExcerpt(changed, text)
		if got.Status != domain.ExcerptNearlyFound || len(got.Differences) == 0 {
			t.Errorf("%q: %q %q", changed, got.Status, got.Differences)
		}
	}
}
