package extract

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// TestSentences checks the splitter on the layouts of real documents, each
// on a text of its own.
func TestSentences(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"full stops", "Some 300 families fled. Officials said 40 people died.",
			[]string{"Some 300 families fled.", "Officials said 40 people died."}},
		{"hard-wrapped paragraph",
			"According to the provincial authorities, a total of 2,310 households were displaced by\nthe floods in the eastern districts during the week. Another 800 returned home.",
			[]string{"According to the provincial authorities, a total of 2,310 households were displaced by\nthe floods in the eastern districts during the week.", "Another 800 returned home."}},
		{"wrapped line ending on a joining word",
			"The camp hosted 4,000 refugees and\nMigrants arrived daily.",
			[]string{"The camp hosted 4,000 refugees and\nMigrants arrived daily."}},
		{"heading then paragraph", "Return from Iran\nOver 12,000 people crossed at the border.",
			[]string{"Return from Iran", "Over 12,000 people crossed at the border."}},
		{"bullets", "Key figures:\n• 1,200 families displaced\n- 35 schools closed\n* 4 people injured",
			[]string{"Key figures:", "1,200 families displaced", "35 schools closed", "4 people injured"}},
		{"numbered list", "1. 500 returnees assisted\n2) 20 buses provided\n(a) Shelter for 90 families",
			[]string{"500 returnees assisted", "20 buses provided", "Shelter for 90 families"}},
		{"number is no bullet", "1.7 million people remain displaced.\n-4°C was the low.",
			[]string{"1.7 million people remain displaced.", "-4°C was the low."}},
		{"table rows", "Province\tReturnees\nKandahar    12,400\nNangarhar   9,100",
			[]string{"Province\tReturnees", "Kandahar    12,400", "Nangarhar   9,100"}},
		{"abbreviations", "The U.S. Government pledged aid for approx. 5,000 people on Dec. 12 under Resolution No. 12. Mr. Khan confirmed it.",
			[]string{"The U.S. Government pledged aid for approx. 5,000 people on Dec. 12 under Resolution No. 12.", "Mr. Khan confirmed it."}},
		{"decimal point", "About 2.5 million were displaced. 3.1 million more are at risk.",
			[]string{"About 2.5 million were displaced.", "3.1 million more are at risk."}},
		{"lower case after a stop", "Aid reached 900 people, i.e. most of the 1,000 arrivals. Talks continue.",
			[]string{"Aid reached 900 people, i.e. most of the 1,000 arrivals.", "Talks continue."}},
		{"quotes close the sentence", "He said: \"We counted 650 families.\" The count goes on.",
			[]string{"He said: \"We counted 650 families.\"", "The count goes on."}},
		{"question and exclamation", "How many left? At least 300! No one knows.",
			[]string{"How many left?", "At least 300!", "No one knows."}},
		{"Arabic question mark and Urdu full stop", "كم عدد النازحين؟ نحو 500 ألف شخص. پناہ گزینوں کی تعداد ۳۰۰ ہے۔ یہ سرکاری ہے۔",
			[]string{"كم عدد النازحين؟", "نحو 500 ألف شخص.", "پناہ گزینوں کی تعداد ۳۰۰ ہے۔", "یہ سرکاری ہے۔"}},
		{"CRLF and form feed", "First page ends with 40 arrivals.\r\n\fPage two has 50 more.\r\n",
			[]string{"First page ends with 40 arrivals.", "Page two has 50 more."}},
		{"empty", " \n\t\n", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, sp := range sentences(tc.text) {
				got = append(got, tc.text[sp.start:sp.end])
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestSentenceBound checks that a run without sentence ends is cut into
// pieces of bounded size, at spaces.
func TestSentenceBound(t *testing.T) {
	text := strings.Repeat("1,200 people moved and ", 1000)
	for _, sp := range sentences(text) {
		if n := sp.end - sp.start; n > maxSentence+50 {
			t.Fatalf("a sentence of %d bytes", n)
		}
	}
}

// sitrep is the situation-report-like text in testdata without its header.
func sitrep(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/sitrep-afghan-returns.txt")
	if err != nil {
		t.Fatal(err)
	}
	var keep []string
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if !strings.HasPrefix(l, "#") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// TestDocumentSitrep reads a situation report built of real sentences
// (wrapped lines, bullets, headings, a table) and checks that every
// figure in its prose is offered, in order, with its sentence.
func TestDocumentSitrep(t *testing.T) {
	text := sitrep(t)
	cs := Document(text, Options{Published: domain.Date{Year: 2025, Month: 6, Day: 5}})
	checkCandidates(t, text, cs)
	for _, want := range []string{"Nearly a million", "857,157", "approximately 200,000", "140,322",
		"At least 1,65,000", "59,561", "474,264", "5033", "503,261", "567,554", "620,981", "at least 685"} {
		found := false
		for _, c := range cs {
			if c.ValueAsStated == want {
				found = true
			}
		}
		if !found {
			t.Errorf("no candidate %q", want)
		}
	}
	// The sentence with two numbers offers both, the one it is about first
	// in confidence, the other later in the sentence and less sure.
	for i, c := range cs {
		if c.ValueAsStated == "approximately 200,000" {
			o := cs[i+1]
			if o.Sentence != c.Sentence || o.Value != 1_700_000 || o.Confidence >= c.Confidence {
				t.Errorf("after %q: %q (%v), confidence %v vs %v", c.ValueAsStated, o.ValueAsStated, o.Value, o.Confidence, c.Confidence)
			}
		}
		if c.ValueAsStated == "474,264" && c.PeriodEnd.String() != "2024-01-23" {
			t.Errorf("474,264: period end %v", c.PeriodEnd)
		}
	}
}

// checkCandidates checks what every Document result promises.
func checkCandidates(t *testing.T, text string, cs []Candidate) {
	t.Helper()
	if len(cs) > MaxDocumentCandidates {
		t.Errorf("%d candidates", len(cs))
	}
	prevStart, prevAt := -1, -1
	for _, c := range cs {
		if c.Start < 0 || c.End > len(text) || c.Start > c.End || text[c.Start:c.End] != c.Sentence {
			t.Fatalf("sentence %q is not text[%d:%d]", c.Sentence, c.Start, c.End)
		}
		if !c.HasValue || c.Candidates != nil {
			t.Errorf("candidate %+v", c.Proposal)
		}
		if c.ValueAt < 0 || !strings.HasPrefix(c.Sentence[c.ValueAt:], c.ValueAsStated) {
			t.Errorf("%q not at %d of %q", c.ValueAsStated, c.ValueAt, c.Sentence)
		}
		if c.Start < prevStart || c.Start == prevStart && c.ValueAt < prevAt {
			t.Errorf("%q out of order", c.ValueAsStated)
		}
		if c.Confidence <= 0 || c.Confidence > 1 {
			t.Errorf("%q: confidence %v", c.ValueAsStated, c.Confidence)
		}
		prevStart, prevAt = c.Start, c.ValueAt
		checkProposal(t, c.Sentence, c.Proposal)
	}
}

// TestDocumentBounds checks the caps: the candidates of a long table
// dump, and text past MaxDocumentBytes, cut at a character boundary.
func TestDocumentBounds(t *testing.T) {
	dump := strings.Repeat("Another 1,500 people were displaced. ", 3000)
	if n := len(Document(dump, Options{})); n != MaxDocumentCandidates {
		t.Errorf("%d candidates, want the cap %d", n, MaxDocumentCandidates)
	}
	long := strings.Repeat("ن", MaxDocumentBytes) // two bytes a letter
	if got := capText("x" + long); len(got) > MaxDocumentBytes || !utf8.ValidString(got) {
		t.Errorf("capped to %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	if len(Document("", Options{})) != 0 {
		t.Error("candidates in an empty text")
	}
}

// FuzzDocument checks that no text makes Document panic and that what it
// returns keeps its promises. It calls the parts without Document's
// recover, so that a panic is reported.
func FuzzDocument(f *testing.F) {
	f.Add(sitrep(f))
	f.Add("• 1,200 families\n\n1. 500 returnees\nKandahar    12,400\r\nU.S. aid for approx. 5,000 people؟ ۳۰۰ ہے۔")
	f.Add("\"1.\"\n(a)\n-\n•\n")
	f.Fuzz(func(t *testing.T, text string) {
		for _, sp := range sentences(text) {
			if sp.start < 0 || sp.end > len(text) || sp.start >= sp.end {
				t.Fatalf("span %v in %d bytes", sp, len(text))
			}
			propose(text[sp.start:sp.end], Options{})
		}
		checkCandidates(t, text, Document(text, Options{}))
	})
}

// TestDocumentRepeats: a value the document already offered — a summary
// table of the figures above — is offered again, less sure.
func TestDocumentRepeats(t *testing.T) {
	text := "About 2,400 families were displaced by the floods, officials said.\n\nDistrict   Families\nKhost   2,400\nPaktia   1,100\n"
	cs := Document(text, Options{})
	conf := map[string]float64{}
	for _, c := range cs {
		conf[c.Sentence] = c.Confidence
	}
	first, again, fresh := conf["About 2,400 families were displaced by the floods, officials said."], conf["Khost   2,400"], conf["Paktia   1,100"]
	if !(again < first && again < fresh) {
		t.Errorf("confidence: first %v, repeated %v, new %v", first, again, fresh)
	}
}
