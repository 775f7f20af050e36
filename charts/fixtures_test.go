package charts

import (
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Fixtures modelled on /work/shared/demo: Pakistan's official running totals
// of Afghans repatriated since October 2023, the seed article's IOM figure,
// and the four dated events.

var pakSeries = domain.Series{
	Slug:            "afg-repatriated-from-pak-cumulative-pak-gov",
	Title:           "Cumulative Afghans repatriated/left Pakistan under the Illegal Foreigners Repatriation Plan, Pakistani official counts",
	PopulationGroup: "returnees",
	Measure:         domain.MeasureCumulative,
	Unit:            "persons",
	FromISO3:        "PAK",
	ToISO3:          "AFG",
}

var iomSeries = domain.Series{
	Slug:            "afg-returns-from-pak-cumulative-since-2023-09",
	Title:           "Cumulative Afghans returned or deported from Pakistan to Afghanistan since the Sept/Oct 2023 IFRP drive (UN agencies and others)",
	PopulationGroup: "returnees",
	Measure:         domain.MeasureCumulative,
	Unit:            "persons",
	FromISO3:        "PAK",
	ToISO3:          "AFG",
}

func fig(id, end string, v float64, q domain.Qualifier, attributed, publisher, published string) domain.Figure {
	return domain.Figure{
		ID:           id,
		Value:        v,
		Qualifier:    q,
		PeriodEnd:    domain.MustDate(end),
		AttributedTo: attributed,
		Source:       domain.Source{Publisher: publisher, PublishedOn: domain.MustDate(published)},
		Excerpt:      "…",
		Status:       domain.StatusPublished,
	}
}

// pakFigures are in a shuffled order on purpose: the chart sorts.
func pakFigures() []domain.Figure {
	return []domain.Figure{
		fig("f06", "2024-03-02", 503261, domain.Exact, "Pakistan government", "ARY News (Pakistan Today)", ""),
		fig("f01", "2023-10-21", 59561, domain.Exact, "Pakistani officials", "Abb Takk", ""),
		fig("f10", "2025-06-02", 1000000, domain.MoreThan, "Pakistan Ministry of Interior", "AFP (A News)", "2025-06-04"),
		fig("f02", "2023-10-30", 200000, domain.Approx, "Pakistan Interior Minister Sarfraz Bugti", "MENAFN", "2023-11-01"),
		fig("f03", "2023-11-01", 140322, domain.Exact, "Pakistan Ministry of Interior", "Reuters (DT Next)", "2023-11-01"),
		fig("f04", "2023-11-02", 165000, domain.AtLeast, "Pakistani officials", "PTI (Tribune India)", "2023-11-03"),
		fig("f05", "2024-01-23", 474264, domain.Exact, "Pakistan government figures", "Such TV", ""),
		fig("f07", "2024-05-10", 567554, domain.Exact, "Pakistan government", "ARY News", "2024-05-12"),
		fig("f08", "2024-06-21", 620981, domain.Exact, "Pakistan government", "The Nation", "2024-06-22"),
		fig("f09", "2025-04-25", 857157, domain.Exact, "Pakistan Minister of State for Interior Talal Chaudhry", "The News", "2025-04-25"),
	}
}

func iomFigure() domain.Figure {
	return fig("s01", "2025-04-19", 1000000, domain.Approx, "IOM", "Bloomberg", "2025-04-20")
}

func event(date, title string, kind domain.EventKind) domain.Event {
	return domain.Event{Date: domain.MustDate(date), Title: title, Kind: kind, Status: domain.StatusPublished}
}

func demoEvents() []domain.Event {
	return []domain.Event{
		event("2025-04-30", "Deadline for undocumented Afghans to leave Pakistan: 30 April 2025 (per Bloomberg)", "deadline"),
		event("2023-10-03", "Pakistan announces plan to repatriate 'illegal foreigners' (Illegal Foreigners Repatriation Plan, IFRP)", "policy"),
		event("2023-11-01", "Deadline for undocumented foreigners to leave Pakistan; arrests and deportations from 1 November 2023", "deadline"),
		event("2025-04-19", "Deputy Prime Minister and Foreign Minister Ishaq Dar's one-day visit to Kabul (first at this level since 2021)", "visit"),
	}
}

var asOf = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

// demoInput is the Pakistan series with its events.
func demoInput() Input {
	return Input{
		Series:    pakSeries,
		Figures:   pakFigures(),
		Events:    demoEvents(),
		AsOf:      asOf,
		Permalink: "https://example.org/series/" + pakSeries.Slug,
		Licence:   "CC-BY-4.0",
	}
}

// oneInput is the seed article's single IOM figure.
func oneInput() Input {
	return Input{
		Series:    iomSeries,
		Figures:   []domain.Figure{iomFigure()},
		AsOf:      asOf,
		Permalink: "https://example.org/series/" + iomSeries.Slug,
		Licence:   "CC-BY-4.0",
	}
}

func emptyInput() Input {
	in := demoInput()
	in.Figures = nil
	return in
}

func ptr(v float64) *float64 { return &v }

// mixedInput uses every qualifier, a lasting event, a very long publisher
// name and text in several scripts: what the demo data does not exercise.
func mixedInput() Input {
	rng := fig("m05", "2024-09", 300000, domain.Range, "UNHCR", "UNHCR", "2024-10-02")
	rng.ValueLow, rng.ValueHigh = ptr(250000), ptr(350000)
	figs := []domain.Figure{
		fig("m01", "2024-01-15", 120000, domain.Exact, "UNHCR", "UNHCR", "2024-01-20"),
		fig("m02", "2024-04-30", 180000, domain.AtMost, "UNHCR", "ReliefWeb", "2024-05-02"),
		fig("m03", "2024-06-30", 210000, domain.LessThan, "IOM DTM", "IOM", "2024-07-05"),
		rng,
		fig("m06", "2024-12", 410000, domain.Exact, "وزارة الداخلية (Ministry of Interior) — a publisher whose name is far too long to fit in a single legend row on any of the canvas sizes we offer", "Ariana News 🇦🇫", ""),
		fig("m07", "2025", 520000, domain.Approx, "IOM DTM", "IOM", ""),
	}
	ev := event("2024-05-01", "Winter border closure (Torkham) — 国境閉鎖 — إغلاق الحدود", "operation")
	ev.EndDate = domain.MustDate("2024-07-15")
	return Input{
		Series: domain.Series{
			Slug: "mixed-example", Title: "Mixed example: every qualifier, a lasting event and Unicode ünïcödé",
			PopulationGroup: "idps", Measure: domain.MeasureStock, Unit: "persons", ToISO3: "AFG", Location: "Nangarhar",
		},
		Figures:   figs,
		Events:    []domain.Event{ev, event("2024-09-15", "Survey round 3", "other")},
		AsOf:      asOf,
		Permalink: "https://example.org/series/mixed-example",
		Licence:   "CC-BY-4.0",
	}
}

// unicodeInput adds what text can hold at worst: other scripts, emoji,
// control characters, invalid UTF-8, a title of 400 characters, an URL
// longer than a line.
func unicodeInput() Input {
	in := mixedInput()
	in.Series.Title = "عودة الأفغان 🇦🇫 \x00\x1b invalid \xff utf-8 " + strings.Repeat("Überlänge ", 40)
	in.Permalink = "https://example.org/" + strings.Repeat("a-very-long-slug-", 20)
	return in
}

// arabicInput is a series whose title, organisations, event and sources
// are in Dari, Pashto and Arabic as well as English, as Afghan reporting
// is: the chart draws them shaped and right to left.
func arabicInput() Input {
	in := demoInput()
	in.Series.Title = "عودت‌کنندگان از پاکستان — Afghans returning from Pakistan"
	in.Figures = []domain.Figure{
		fig("ar1", "2023-11-30", 350_000, domain.Approx, "وزارت امور مهاجرین و عودت‌کنندگان", "Tolo News", "2023-12-01"),
		fig("ar2", "2024-03-31", 520_000, domain.Exact, "وزارت امور مهاجرین و عودت‌کنندگان", "طلوع‌نیوز", "2024-04-02"),
		fig("ar3", "2024-03-31", 498_000, domain.AtLeast, "UNHCR", "الجزيرة", "2024-04-03"),
		fig("ar4", "2024-09-30", 690_000, domain.Exact, "UNHCR", "Türkiye Today — “Afghan returns”", "2024-10-02"),
	}
	in.Events = []domain.Event{
		{ID: "e1", Date: domain.MustDate("2023-11-01"), Title: "د پاکستان له خوا د بې‌اسنادو افغانانو د وتلو وروستۍ نېټه (deadline for undocumented Afghans)"},
		{ID: "e2", Date: domain.MustDate("2024-04-15"), Title: "انتهاء المهلة الثانية: ۱۵ اپریل ۲۰۲۴"},
	}
	return in
}

// compareLink is the permalink the tests give a compare chart: the
// comparison's own address, as the web package gives it.
const compareLink = "https://example.org/compare?series=afg-repatriated-from-pak-cumulative-pak-gov,afg-returns-from-pak-cumulative-since-2023-09"
