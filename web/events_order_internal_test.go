package web

import (
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/charts"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// (Found in review.) The series page numbers its events (eventsAround, on the
// stored titles) as the chart does (on chartSafe's titles, bidi controls
// stripped). Two events of one day whose order flips when an isolate is
// stripped are numbered differently on the page and in the image.
func TestPageEventOrderMatchesChartWithBidiTitles(t *testing.T) {
	v := &seriesView{Series: domain.Series{Slug: "s", Title: "S", PopulationGroup: "refugees",
		Measure: domain.MeasureStock, Unit: "persons", FromISO3: "SDN"}}
	v.Figures = []domain.Figure{{ID: "f1", Value: 10, Qualifier: domain.Exact, PeriodEnd: domain.MustDate("2024-05-01"),
		AttributedTo: "UNHCR", Source: domain.Source{Publisher: "P", URL: "https://example.org/a", Title: "t"}}}
	v.Events = []domain.Event{
		{ID: "e1", Date: domain.MustDate("2024-05-01"), Title: "\u2067اتفاق\u2069", Kind: "other"},
		{ID: "e2", Date: domain.MustDate("2024-05-01"), Title: "بيان", Kind: "other"},
	}
	page := eventsAround(v, chartParams{slugs: []string{"s"}, size: charts.SizeMedium})
	ch, err := charts.SeriesChart((&Server{}).chartInput(v, "https://x"), charts.SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	key := ch.EventKey()
	if len(key) != len(page.Shown) {
		t.Fatalf("chart numbers %d events, page lists %d", len(key), len(page.Shown))
	}
	for i, e := range page.Shown {
		if !strings.Contains(key[i], domain.StripBidi(e.Title)) {
			t.Errorf("page event %d is %q, chart's event %d is %q", i+1, e.Title, i+1, key[i])
		}
	}
}
