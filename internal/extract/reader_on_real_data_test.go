package extract

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// What the review of issue 18 met on real documents: sentences written for
// these tests, each one general form of reporting met in real documents
// (the Sudan Times, IOM DTM and ENN texts the review pasted).

// TestArabicMonthWord: Arabic often writes "the month of March"
// (في شهر مارس, خلال شهر مارس); the month is the period all the same, as
// "في مارس الماضي" already is.
func TestArabicMonthWord(t *testing.T) {
	cases := []struct{ sentence, published, start, end string }{
		{"وصل 30 ألف لاجئ إلى أوغندا في شهر مارس 2024.", "", "2024-03", "2024-03"},
		{"وصل 30 ألف لاجئ إلى أوغندا خلال شهر مارس 2024.", "", "2024-03", "2024-03"},
		{"وقالت المفوضية إنه في شهر مارس الماضي وصل 30 ألف لاجئ إلى أوغندا.", "2025-05-02", "2025-03", "2025-03"},
		// a month flow ends with its month, not at publication
		{"وقال إن النزوح مستمر ففي شهر مارس الماضي وصل 30 ألف لاجئ إلى أوغندا.", "2025-05-02", "2025-03", "2025-03"},
	}
	for _, c := range cases {
		pub, err := domain.ParseDate(c.published)
		if err != nil {
			t.Fatal(err)
		}
		p := Read(c.sentence, Options{Published: pub})
		if p.PeriodStart.String() != c.start || p.PeriodEnd.String() != c.end {
			t.Errorf("Read(%q, published %q) period = %q–%q, want %q–%q", c.sentence, c.published, p.PeriodStart, p.PeriodEnd, c.start, c.end)
		}
	}
}

// TestArabicAttributionPronoun: "قال X إنه/إنها ..." ("X said that
// it ...") names X; the pronoun and the words after it are not the source.
func TestArabicAttributionPronoun(t *testing.T) {
	cases := []struct{ sentence, want string }{
		{"وقالت المفوضية إنها سجلت 30 ألف لاجئ.", "المفوضية"},
		{"وقالت المفوضية إنه في مارس الماضي وصل 30 ألف لاجئ إلى أوغندا.", "المفوضية"},
		{"وقال المتحدث باسم الحكومة إنهم أحصوا ألفي نازح.", "المتحدث باسم الحكومة"},
	}
	for _, c := range cases {
		if got := Read(c.sentence, Options{}).AttributedTo; got != c.want {
			t.Errorf("Read(%q).AttributedTo = %q, want %q", c.sentence, got, c.want)
		}
	}
}

// TestSeriesWordsStayWithTheirCount: a count with its own noun of
// places ("2,310 sites", "12 of the 18 provinces") is not what a series of
// people counts, though the series' words stand just before it ("IDPs
// living in 2,310 sites", "displaced families in 12"). With the series
// given, the document page ticked them "likely" and saved "16 persons" from
// "reported in 16 of Sudan's 18 states".
func TestSeriesWordsStayWithTheirCount(t *testing.T) {
	cases := []struct{ text, series, notLikely string }{
		{"As of 3 March, there were 412,506 IDPs living in 2,310 sites across 64 districts.",
			"Internally displaced persons in Somalia (stock)", "2,310"},
		{"Floods displaced families in 12 of Kenya's 18 provinces, officials said.",
			"People displaced inside Kenya by floods", "12"},
		{"Displacement was reported in 12 of Kenya's 18 provinces.",
			"People displaced inside Kenya by floods", "12"},
	}
	for _, c := range cases {
		for _, cd := range Document(c.text, Options{Series: c.series}) {
			if cd.ValueAsStated == c.notLikely && cd.Confidence >= 0.5 {
				t.Errorf("Document(%q, series %q): %q has confidence %.2f, want < 0.5 (a count of places is not ticked)",
					c.text, c.series, cd.ValueAsStated, cd.Confidence)
			}
		}
	}
}

// TestHeadlineRestatedByBody: an article's headline gives the lede's
// figure rounded ("More than 500K" over "Nearly 500,000"); both came
// ticked, so saving the ticked rows made two drafts of one claim. The
// repeat rule only lowers a later repeat with the same qualifier; a heading
// and the sentence under it with the same value are one figure, and one of
// them (better the sentence, which has the period and attribution) is the
// likely one.
func TestHeadlineRestatedByBody(t *testing.T) {
	text := "IOM: More than 500K Afghans returned from Pakistan this year\n\n" +
		"Nearly 500,000 Afghans returned from Pakistan between January and June, the International Organization for Migration said.\n"
	var likely []string
	for _, cd := range Document(text, Options{Published: domain.MustDate("2024-07-10")}) {
		if cd.Value == 500000 && cd.Confidence >= 0.5 {
			likely = append(likely, cd.ValueAsStated)
		}
	}
	if len(likely) > 1 {
		t.Errorf("the headline and the sentence under it are both likely: %q; want one", likely)
	}
}

// TestHeadlineAttribution: a news headline names its source before a
// colon ("IOM: More than 2M Sudanese IDPs, refugees returned …", "UNHCR:
// 239,000 Sudanese refugees stranded …"); the reader gives no attribution,
// so the document page proposes the outlet that printed it. A heading's
// source is read by Document, which knows a heading from a sentence; the
// sentence reader alone does not.
func TestHeadlineAttribution(t *testing.T) {
	cases := []struct{ sentence, want string }{
		{"IOM: More than 500K Afghans returned from Pakistan this year", "IOM"},
		{"UNHCR: 40,000 refugees crossed into Chad in a week", "UNHCR"},
		{"WFP: 2 million people face hunger in the north", "WFP"},
		// a place or a kind of report before the colon is not a source
		{"Sudan: 2 million people face hunger in the north", ""},
		{"Update 3: 40,000 refugees crossed into Chad in a week", ""},
	}
	for _, c := range cases {
		cs := Document(c.sentence, Options{})
		if len(cs) == 0 {
			t.Fatalf("Document(%q) offers no figure", c.sentence)
		}
		if got := cs[0].AttributedTo; got != c.want {
			t.Errorf("Document(%q)[0].AttributedTo = %q, want %q", c.sentence, got, c.want)
		}
	}
}
