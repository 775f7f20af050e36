package domain_test

import (
	"math"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// problem is one expected field error: the field, in canonical CSV spelling,
// and a key part of the message.
type problem struct {
	field, msg string
}

// checkProblems asserts that err is nil when want is empty, and otherwise that
// it reports exactly the problems in want (in any order), each with code
// EINVALID.
func checkProblems(t *testing.T, err error, want ...problem) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("got error %q, want nil", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("got nil error, want problems %v", want)
	}
	if got := domain.ErrorCode(err); got != domain.EINVALID {
		t.Errorf("ErrorCode = %q, want %q", got, domain.EINVALID)
	}
	got := domain.FieldProblems(err)
	if len(got) != len(want) {
		t.Errorf("got %d problems (%v), want %d: %v", len(got), err, len(want), want)
	}
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, g := range got {
			if !used[i] && g.Field == w.field && strings.Contains(g.Message, w.msg) {
				used[i], found = true, true
				if g.Code != domain.EINVALID {
					t.Errorf("problem %q has code %q, want %q", g, g.Code, domain.EINVALID)
				}
				break
			}
		}
		if !found {
			t.Errorf("missing problem on field %q with message containing %q; got %q", w.field, w.msg, err)
		}
	}
}

func ptr(v float64) *float64 { return &v }

// validSource is the seed article: Bloomberg, syndicated.
func validSource() domain.Source {
	return domain.Source{
		Title:       "Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen",
		Publisher:   "Bloomberg",
		URL:         "https://techtricks365.com/?p=51775",
		PublishedOn: domain.MustDate("2025-04-20"),
		DocType:     "news",
		Language:    "en",
	}
}

// validFigure is the demo IOM row: "nearly a million" since September 2023,
// read in Bloomberg and attributed to IOM.
func validFigure() domain.Figure {
	return domain.Figure{
		ID:            "iom-2025-04-19",
		SeriesID:      1,
		Value:         1000000,
		Qualifier:     domain.Approx,
		ValueAsStated: "nearly a million",
		PeriodStart:   domain.MustDate("2023-09"),
		PeriodEnd:     domain.MustDate("2025-04-19"),
		Source:        validSource(),
		AttributedTo:  "IOM",
		Excerpt:       "Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023, according to a report by United Nations International Organization for Migration.",
		Status:        domain.StatusDraft,
		CreatedBy:     "editor@example.org",
		UpdatedBy:     "editor@example.org",
	}
}

func TestFigureValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(f *domain.Figure)
		want   []problem
	}{
		// Valid figures.
		{"valid demo IOM row", func(f *domain.Figure) {}, nil},
		{"valid without id", func(f *domain.Figure) { f.ID = "" }, nil},
		{"valid with NewID", func(f *domain.Figure) { f.ID = domain.NewID() }, nil},
		{"valid zero value", func(f *domain.Figure) { f.Value, f.Qualifier = 0, domain.Exact }, nil},
		{"valid 1e15", func(f *domain.Figure) { f.Value = 1e15 }, nil},
		{"valid without period_start (stock)", func(f *domain.Figure) { f.PeriodStart = domain.Date{} }, nil},
		{"valid period_end equal to period_start", func(f *domain.Figure) {
			f.PeriodStart, f.PeriodEnd = domain.MustDate("2025-04-19"), domain.MustDate("2025-04-19")
		}, nil},
		{"valid period_end month inside period_start month", func(f *domain.Figure) {
			f.PeriodStart, f.PeriodEnd = domain.MustDate("2025-04-19"), domain.MustDate("2025-04")
		}, nil},
		{"valid period_end day inside period_start year", func(f *domain.Figure) {
			f.PeriodStart, f.PeriodEnd = domain.MustDate("2025"), domain.MustDate("2025-01-01")
		}, nil},
		{"valid range", func(f *domain.Figure) {
			f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = domain.Range, 900000, ptr(800000), ptr(1000000)
		}, nil},
		{"valid range value at low", func(f *domain.Figure) {
			f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = domain.Range, 800000, ptr(800000), ptr(1000000)
		}, nil},
		{"valid range value at high", func(f *domain.Figure) {
			f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = domain.Range, 1000000, ptr(800000), ptr(1000000)
		}, nil},
		{"valid range low equals high", func(f *domain.Figure) {
			f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = domain.Range, 5, ptr(5), ptr(5)
		}, nil},
		{"valid every other qualifier", func(f *domain.Figure) { f.Qualifier = domain.LessThan }, nil},
		{"valid status published", func(f *domain.Figure) { f.Status = domain.StatusPublished }, nil},
		{"valid status empty", func(f *domain.Figure) { f.Status = "" }, nil},
		{"valid archive and licence", func(f *domain.Figure) {
			f.Source.ArchiveURL = "https://web.archive.org/web/2025/https://techtricks365.com/?p=51775"
			f.Source.Licence = "CC-BY-4.0"
		}, nil},
		{"valid accessed after published", func(f *domain.Figure) { f.Source.AccessedOn = domain.MustDate("2025-05-01") }, nil},
		{"valid accessed same month as published", func(f *domain.Figure) { f.Source.AccessedOn = domain.MustDate("2025-04") }, nil},
		{"valid http url", func(f *domain.Figure) { f.Source.URL = "http://example.org/report.pdf" }, nil},
		{"valid upper-case scheme", func(f *domain.Figure) { f.Source.URL = "HTTPS://example.org/" }, nil},

		// value
		{"negative value", func(f *domain.Figure) { f.Value = -1 }, []problem{{"value", "negative"}}},
		{"NaN value", func(f *domain.Figure) { f.Value = math.NaN() }, []problem{{"value", "finite"}}},
		{"+Inf value", func(f *domain.Figure) { f.Value = math.Inf(1) }, []problem{{"value", "finite"}}},
		{"-Inf value", func(f *domain.Figure) { f.Value = math.Inf(-1) }, []problem{{"value", "finite"}}},
		{"non-whole value", func(f *domain.Figure) { f.Value = 12.5 }, []problem{{"value", "12.5 is not a whole number"}}},
		{"implausibly large value", func(f *domain.Figure) { f.Value = 1e16 }, []problem{{"value", "implausibly large"}}},

		// qualifier
		{"unknown qualifier", func(f *domain.Figure) { f.Qualifier = "roughly" },
			[]problem{{"qualifier", `"roughly" is not known; use one of exact, approx, at_least, more_than, at_most, less_than or range`}}},
		{"missing qualifier", func(f *domain.Figure) { f.Qualifier = "" },
			[]problem{{"qualifier", "is required; use one of exact, approx"}}},

		// range
		{"range without value_low and value_high", func(f *domain.Figure) { f.Qualifier = domain.Range },
			[]problem{{"value_low", "required when qualifier is range"}, {"value_high", "required when qualifier is range"}}},
		{"range without value_low", func(f *domain.Figure) { f.Qualifier, f.ValueHigh = domain.Range, ptr(1200000) },
			[]problem{{"value_low", "required when qualifier is range"}}},
		{"range without value_high", func(f *domain.Figure) { f.Qualifier, f.ValueLow = domain.Range, ptr(800000) },
			[]problem{{"value_high", "required when qualifier is range"}}},
		{"range low greater than high", func(f *domain.Figure) {
			f.Qualifier, f.ValueLow, f.ValueHigh = domain.Range, ptr(1200000), ptr(800000)
		}, []problem{{"value_low", "1,200,000 is greater than value_high 800,000"}}},
		{"range value below low", func(f *domain.Figure) {
			f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = domain.Range, 700000, ptr(800000), ptr(1000000)
		}, []problem{{"value", "700,000 is outside the range 800,000 to 1,000,000"}}},
		{"range value above high", func(f *domain.Figure) {
			f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = domain.Range, 1000001, ptr(800000), ptr(1000000)
		}, []problem{{"value", "outside the range"}}},
		{"range negative value_low", func(f *domain.Figure) {
			f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = domain.Range, 10, ptr(-5), ptr(20)
		}, []problem{{"value_low", "negative"}}},
		{"range NaN value_high", func(f *domain.Figure) {
			f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = domain.Range, 10, ptr(5), ptr(math.NaN())
		}, []problem{{"value_high", "finite"}}},
		{"value_low for a non-range qualifier", func(f *domain.Figure) { f.ValueLow = ptr(800000) },
			[]problem{{"value_low", "only for qualifier range (this figure is approx)"}}},
		{"value_high for a non-range qualifier", func(f *domain.Figure) { f.Qualifier, f.ValueHigh = domain.Exact, ptr(1200000) },
			[]problem{{"value_high", "only for qualifier range (this figure is exact)"}}},

		// period
		{"period_end missing", func(f *domain.Figure) { f.PeriodEnd = domain.Date{} },
			[]problem{{"period_end", "is required"}}},
		{"period_end before period_start", func(f *domain.Figure) { f.PeriodEnd = domain.MustDate("2023-08-31") },
			[]problem{{"period_end", "2023-08-31 is before period_start 2023-09"}}},
		{"period_end year before period_start", func(f *domain.Figure) {
			f.PeriodStart, f.PeriodEnd = domain.MustDate("2025-01-01"), domain.MustDate("2024")
		}, []problem{{"period_end", "is before period_start"}}},

		// attribution and excerpt
		{"missing attributed_to", func(f *domain.Figure) { f.AttributedTo = "" },
			[]problem{{"attributed_to", "is required"}}},
		{"blank attributed_to", func(f *domain.Figure) { f.AttributedTo = " \t" },
			[]problem{{"attributed_to", "is required"}}},
		{"missing excerpt", func(f *domain.Figure) { f.Excerpt = "" },
			[]problem{{"excerpt", "is required"}}},
		{"blank excerpt", func(f *domain.Figure) { f.Excerpt = "  \n " },
			[]problem{{"excerpt", "is required"}}},

		// source
		{"missing source_url", func(f *domain.Figure) { f.Source.URL = "" },
			[]problem{{"source_url", "is required"}}},
		{"javascript source_url", func(f *domain.Figure) { f.Source.URL = "javascript:alert(1)" },
			[]problem{{"source_url", "must start with http:// or https://"}}},
		{"ftp source_url", func(f *domain.Figure) { f.Source.URL = "ftp://x" },
			[]problem{{"source_url", "must start with http:// or https://"}}},
		{"data source_url", func(f *domain.Figure) { f.Source.URL = "data:text/html,<b>x</b>" },
			[]problem{{"source_url", "must start with http:// or https://"}}},
		{"source_url without scheme", func(f *domain.Figure) { f.Source.URL = "www.iom.int/news" },
			[]problem{{"source_url", "must start with http:// or https://"}}},
		{"scheme-relative source_url", func(f *domain.Figure) { f.Source.URL = "//www.iom.int/news" },
			[]problem{{"source_url", "must start with http:// or https://"}}},
		{"source_url without host", func(f *domain.Figure) { f.Source.URL = "http://" },
			[]problem{{"source_url", "has no host"}}},
		{"opaque https source_url", func(f *domain.Figure) { f.Source.URL = "https:example.org" },
			[]problem{{"source_url", "has no host"}}},
		{"source_url with only a port", func(f *domain.Figure) { f.Source.URL = "http://:80/report" },
			[]problem{{"source_url", "has no host"}}},
		{"source_url with a space", func(f *domain.Figure) { f.Source.URL = "https://example.org/a report.pdf" },
			[]problem{{"source_url", "spaces"}}},
		{"unparseable source_url", func(f *domain.Figure) { f.Source.URL = "https://exa mple.org/" },
			[]problem{{"source_url", "is not a URL"}}},
		{"control character in source_url", func(f *domain.Figure) { f.Source.URL = "https://example.org/\x00" },
			[]problem{{"source_url", "is not a URL"}}},
		{"bad archive_url", func(f *domain.Figure) { f.Source.ArchiveURL = "archive.org/x" },
			[]problem{{"archive_url", "must start with http:// or https://"}}},
		{"javascript archive_url", func(f *domain.Figure) { f.Source.ArchiveURL = "javascript:alert(1)" },
			[]problem{{"archive_url", "http"}}},
		{"missing source_title", func(f *domain.Figure) { f.Source.Title = "" },
			[]problem{{"source_title", "is required"}}},
		{"blank source_title", func(f *domain.Figure) { f.Source.Title = "   " },
			[]problem{{"source_title", "is required"}}},
		{"missing source_publisher", func(f *domain.Figure) { f.Source.Publisher = "" },
			[]problem{{"source_publisher", "is required"}}},
		{"source_accessed before source_published", func(f *domain.Figure) { f.Source.AccessedOn = domain.MustDate("2025-04-19") },
			[]problem{{"source_accessed", "2025-04-19 is before the document was published (2025-04-20)"}}},
		{"bad licence", func(f *domain.Figure) { f.Source.Licence = "CC BY 4.0" },
			[]problem{{"licence", `"CC BY 4.0" is not a licence identifier`}}},
		{"unknown doc_type", func(f *domain.Figure) { f.Source.DocType = "tweet" },
			[]problem{{"doc_type", `"tweet" is not known; use one of report`}}},

		// status and id
		{"unknown status", func(f *domain.Figure) { f.Status = "approved" },
			[]problem{{"status", `"approved" is not known; use one of draft, in_review, published or retracted`}}},
		{"bad figure_id path", func(f *domain.Figure) { f.ID = "../x" },
			[]problem{{"figure_id", `"../x" is not an id`}}},
		{"bad figure_id space", func(f *domain.Figure) { f.ID = "a b" },
			[]problem{{"figure_id", "is not an id"}}},
		{"figure_id too long", func(f *domain.Figure) { f.ID = strings.Repeat("a", 65) },
			[]problem{{"figure_id", "at most 64"}}},

		// Several problems at once: all are reported, not only the first.
		{"several problems", func(f *domain.Figure) {
			f.ID = "a/b"
			f.Value = -3
			f.Qualifier = "roughly"
			f.ValueLow = ptr(1)
			f.PeriodEnd = domain.Date{}
			f.AttributedTo = ""
			f.Excerpt = ""
			f.Status = "approved"
			f.Source = domain.Source{URL: "javascript:alert(1)", ArchiveURL: "ftp://x", Licence: "CC BY 4.0",
				PublishedOn: domain.MustDate("2025-04-20"), AccessedOn: domain.MustDate("2025-03")}
		}, []problem{
			{"figure_id", "is not an id"},
			{"value", "negative"},
			{"qualifier", "is not known"},
			{"value_low", "only for qualifier range"},
			{"period_end", "is required"},
			{"attributed_to", "is required"},
			{"excerpt", "is required"},
			{"status", "is not known"},
			{"source_title", "is required"},
			{"source_publisher", "is required"},
			{"source_url", "http"},
			{"archive_url", "http"},
			{"source_accessed", "before"},
			{"licence", "not a licence identifier"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFigure()
			tt.mutate(&f)
			checkProblems(t, f.Validate(), tt.want...)
		})
	}
}

func TestSourceValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(s *domain.Source)
		want   []problem
	}{
		{"valid", func(s *domain.Source) {}, nil},
		{"valid minimal", func(s *domain.Source) { *s = domain.Source{Title: "t", Publisher: "p", URL: "https://p.org"} }, nil},
		{"empty", func(s *domain.Source) { *s = domain.Source{} }, []problem{
			{"source_title", "is required"}, {"source_publisher", "is required"}, {"source_url", "is required"},
		}},
		{"accessed without published", func(s *domain.Source) {
			s.PublishedOn, s.AccessedOn = domain.Date{}, domain.MustDate("2020")
		}, nil},
		{"accessed year before published", func(s *domain.Source) { s.AccessedOn = domain.MustDate("2024") },
			[]problem{{"source_accessed", "before the document was published"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSource()
			tt.mutate(&s)
			checkProblems(t, s.Validate(), tt.want...)
		})
	}
}

func TestFigureValidateIn(t *testing.T) {
	tests := []struct {
		name    string
		measure domain.Measure
		start   string
		want    []problem
	}{
		{"flow without period_start", domain.MeasureFlow, "", []problem{{"period_start", "is required for a flow series"}}},
		{"flow with period_start", domain.MeasureFlow, "2025-04-01", nil},
		{"stock without period_start", domain.MeasureStock, "", nil},
		{"stock with period_start", domain.MeasureStock, "2023-09", nil},
		{"cumulative without period_start", domain.MeasureCumulative, "", nil},
		{"cumulative with period_start", domain.MeasureCumulative, "2023-09", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSeries()
			s.Measure = tt.measure
			f := validFigure()
			f.PeriodStart = domain.MustDate(tt.start)
			checkProblems(t, f.ValidateIn(&s), tt.want...)
		})
	}
}

// validSeries is the demo series of the seed article.
func validSeries() domain.Series {
	return domain.Series{
		Slug:            "afg-returns-from-pak-cumulative-since-2023-09",
		Title:           "Cumulative Afghans returned or deported from Pakistan to Afghanistan since the Sept/Oct 2023 IFRP drive",
		PopulationGroup: "returnees",
		Measure:         domain.MeasureCumulative,
		Unit:            "persons",
		FromISO3:        "PAK",
		ToISO3:          "AFG",
	}
}

func TestSeriesValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(s *domain.Series)
		want   []problem
	}{
		{"valid", func(s *domain.Series) {}, nil},
		{"valid without countries", func(s *domain.Series) { s.FromISO3, s.ToISO3 = "", "" }, nil},
		{"valid Kosovo", func(s *domain.Series) { s.ToISO3 = "XKX" }, nil},
		{"valid slug of 100", func(s *domain.Series) { s.Slug = strings.Repeat("a", 100) }, nil},
		{"valid one-letter slug", func(s *domain.Series) { s.Slug = "a" }, nil},
		{"slug with caps", func(s *domain.Series) { s.Slug = "Has Caps" }, []problem{{"series", `"Has Caps" is not a slug`}}},
		{"slug with double hyphen", func(s *domain.Series) { s.Slug = "a--b" }, []problem{{"series", "single hyphens"}}},
		{"slug with leading hyphen", func(s *domain.Series) { s.Slug = "-a" }, []problem{{"series", "is not a slug"}}},
		{"slug with trailing hyphen", func(s *domain.Series) { s.Slug = "a-" }, []problem{{"series", "is not a slug"}}},
		{"slug with underscore", func(s *domain.Series) { s.Slug = "a_b" }, []problem{{"series", "is not a slug"}}},
		{"slug missing", func(s *domain.Series) { s.Slug = "" }, []problem{{"series", "is required"}}},
		{"slug of 101", func(s *domain.Series) { s.Slug = strings.Repeat("a", 101) }, []problem{{"series", "the limit is 100"}}},
		{"missing title", func(s *domain.Series) { s.Title = "" }, []problem{{"series_title", "is required"}}},
		{"blank title", func(s *domain.Series) { s.Title = "  " }, []problem{{"series_title", "is required"}}},
		{"unknown population_group", func(s *domain.Series) { s.PopulationGroup = "afghans" },
			[]problem{{"population_group", `"afghans" is not known; use one of returnees`}}},
		{"missing population_group", func(s *domain.Series) { s.PopulationGroup = "" },
			[]problem{{"population_group", "is required"}}},
		{"unknown measure", func(s *domain.Series) { s.Measure = "total" },
			[]problem{{"measure", `"total" is not known; use one of stock, flow or cumulative`}}},
		{"missing measure", func(s *domain.Series) { s.Measure = "" }, []problem{{"measure", "is required"}}},
		{"unknown unit", func(s *domain.Series) { s.Unit = "people" },
			[]problem{{"unit", `"people" is not known; use one of persons, households, deaths or events`}}},
		{"missing unit", func(s *domain.Series) { s.Unit = "" }, []problem{{"unit", "is required"}}},
		{"unknown from_iso3", func(s *domain.Series) { s.FromISO3 = "XXX" }, []problem{{"from_iso3", `"XXX" is not an ISO 3166-1 alpha-3`}}},
		{"lower-case from_iso3", func(s *domain.Series) { s.FromISO3 = "pak" }, []problem{{"from_iso3", "ISO 3166-1"}}},
		{"alpha-2 from_iso3", func(s *domain.Series) { s.FromISO3 = "PK" }, []problem{{"from_iso3", "ISO 3166-1"}}},
		{"unknown to_iso3", func(s *domain.Series) { s.ToISO3 = "XXX" }, []problem{{"to_iso3", "ISO 3166-1"}}},
		{"lower-case to_iso3", func(s *domain.Series) { s.ToISO3 = "afg" }, []problem{{"to_iso3", "ISO 3166-1"}}},
		{"everything wrong", func(s *domain.Series) { *s = domain.Series{FromISO3: "pak", ToISO3: "XXX"} }, []problem{
			{"series", "is required"}, {"series_title", "is required"}, {"population_group", "is required"},
			{"measure", "is required"}, {"unit", "is required"}, {"from_iso3", "ISO"}, {"to_iso3", "ISO"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSeries()
			tt.mutate(&s)
			checkProblems(t, s.Validate(), tt.want...)
		})
	}
}

func TestSeriesValidateGiven(t *testing.T) {
	tests := []struct {
		name string
		s    domain.Series
		want []problem
	}{
		{"only slug and unit", domain.Series{Slug: "afg-returns", Unit: "persons"}, nil},
		{"full series", validSeries(), nil},
		{"unit missing", domain.Series{Slug: "afg-returns"}, []problem{{"unit", "is required"}}},
		{"unknown unit", domain.Series{Slug: "afg-returns", Unit: "people"}, []problem{{"unit", "is not known"}}},
		{"slug missing", domain.Series{Unit: "persons"}, []problem{{"series", "is required"}}},
		{"bad slug", domain.Series{Slug: "Has Caps", Unit: "persons"}, []problem{{"series", "is not a slug"}}},
		{"slug of 101", domain.Series{Slug: strings.Repeat("a", 101), Unit: "persons"}, []problem{{"series", "at most 100"}}},
		{"bad measure when given", domain.Series{Slug: "afg-returns", Unit: "persons", Measure: "total"},
			[]problem{{"measure", `"total" is not known`}}},
		{"bad population_group when given", domain.Series{Slug: "afg-returns", Unit: "persons", PopulationGroup: "afghans"},
			[]problem{{"population_group", "is not known"}}},
		{"bad from_iso3 when given", domain.Series{Slug: "afg-returns", Unit: "persons", FromISO3: "XXX"},
			[]problem{{"from_iso3", "ISO 3166-1"}}},
		{"bad to_iso3 when given", domain.Series{Slug: "afg-returns", Unit: "persons", ToISO3: "pak"},
			[]problem{{"to_iso3", "ISO 3166-1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, tt.s.ValidateGiven(), tt.want...)
		})
	}
}

// validEvent is the demo deadline event of 30 April 2025.
func validEvent() domain.Event {
	return domain.Event{
		Date:      domain.MustDate("2025-04-30"),
		Title:     "Deadline for undocumented Afghans to leave Pakistan: 30 April 2025 (per Bloomberg)",
		Kind:      "deadline",
		Countries: []string{"PAK", "AFG"},
		Source:    validSource(),
		Excerpt:   "Pakistan is also carrying out a campaign of forcing undocumented Afghans to leave the country by April 30.",
		Status:    domain.StatusDraft,
	}
}

func TestEventValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(e *domain.Event)
		want   []problem
	}{
		{"valid demo deadline", func(e *domain.Event) {}, nil},
		{"valid with id", func(e *domain.Event) { e.ID = domain.NewID() }, nil},
		{"valid without countries", func(e *domain.Event) { e.Countries = nil }, nil},
		{"valid end_date after date", func(e *domain.Event) { e.EndDate = domain.MustDate("2025-05-15") }, nil},
		{"valid end_date same month", func(e *domain.Event) { e.EndDate = domain.MustDate("2025-04") }, nil},
		{"missing date", func(e *domain.Event) { e.Date = domain.Date{} }, []problem{{"date", "is required"}}},
		{"end_date before date", func(e *domain.Event) { e.EndDate = domain.MustDate("2025-04-29") },
			[]problem{{"end_date", "2025-04-29 is before date 2025-04-30"}}},
		{"missing title", func(e *domain.Event) { e.Title = "" }, []problem{{"title", "is required"}}},
		{"blank title", func(e *domain.Event) { e.Title = "\t" }, []problem{{"title", "is required"}}},
		{"unknown kind", func(e *domain.Event) { e.Kind = "meeting" },
			[]problem{{"kind", `"meeting" is not known; use one of deadline, policy, visit, operation or other`}}},
		{"missing kind", func(e *domain.Event) { e.Kind = "" }, []problem{{"kind", "is required"}}},
		{"bad country", func(e *domain.Event) { e.Countries = []string{"PAK", "ZZZ"} },
			[]problem{{"countries", `"ZZZ" is not an ISO 3166-1 alpha-3`}}},
		{"two bad countries", func(e *domain.Event) { e.Countries = []string{"pak", "ZZZ"} },
			[]problem{{"countries", `"pak"`}, {"countries", `"ZZZ"`}}},
		{"missing excerpt", func(e *domain.Event) { e.Excerpt = "" }, []problem{{"excerpt", "is required"}}},
		{"bad source url", func(e *domain.Event) { e.Source.URL = "javascript:alert(1)" },
			[]problem{{"source_url", "must start with http:// or https://"}}},
		{"missing source url", func(e *domain.Event) { e.Source.URL = "" }, []problem{{"source_url", "is required"}}},
		{"missing source title", func(e *domain.Event) { e.Source.Title = "" }, []problem{{"source_title", "is required"}}},
		{"bad event_id", func(e *domain.Event) { e.ID = "../x" }, []problem{{"event_id", "is not an id"}}},
		{"unknown status", func(e *domain.Event) { e.Status = "live" }, []problem{{"status", `"live" is not known`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validEvent()
			tt.mutate(&e)
			checkProblems(t, e.Validate(), tt.want...)
		})
	}
}

func TestOrganizationValidate(t *testing.T) {
	valid := func() domain.Organization {
		return domain.Organization{Slug: "iom", Name: "International Organization for Migration", Acronym: "IOM",
			Kind: domain.OrgUNAgency, URL: "https://www.iom.int/"}
	}
	tests := []struct {
		name   string
		mutate func(o *domain.Organization)
		want   []problem
	}{
		{"valid", func(o *domain.Organization) {}, nil},
		{"valid without url", func(o *domain.Organization) { o.URL = "" }, nil},
		{"missing name", func(o *domain.Organization) { o.Name = "" }, []problem{{"name", "is required"}}},
		{"blank name", func(o *domain.Organization) { o.Name = "  " }, []problem{{"name", "is required"}}},
		{"unknown kind", func(o *domain.Organization) { o.Kind = "charity" },
			[]problem{{"kind", `"charity" is not known; use one of un_agency, government, ngo, media, research or other`}}},
		{"missing kind", func(o *domain.Organization) { o.Kind = "" }, []problem{{"kind", "is required"}}},
		{"url without scheme", func(o *domain.Organization) { o.URL = "www.iom.int" },
			[]problem{{"url", "must start with http:// or https://"}}},
		{"javascript url", func(o *domain.Organization) { o.URL = "javascript:alert(1)" },
			[]problem{{"url", "must start with http:// or https://"}}},
		{"url without host", func(o *domain.Organization) { o.URL = "https://" }, []problem{{"url", "has no host"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := valid()
			tt.mutate(&o)
			checkProblems(t, o.Validate(), tt.want...)
		})
	}
}
