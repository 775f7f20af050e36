package web_test

import (
	"archive/zip"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

const eventsHeader = "event_id,date,end_date,title,kind,countries,series,source_publisher,source_title,source_url,source_published,excerpt\n"

// eventsSite is browseSite with events besides the demo's: one with no
// country linked to the deaths series, one on Iran's corridor, one on
// Pakistan alone, one long before and one long after the data, and a
// draft.
func eventsSite(t *testing.T, db *store.DB) string {
	t.Helper()
	ts := browseSite(t, db)
	published := eventsHeader +
		"global-compact,2024-06-20,,Global Compact review,policy,," + deathsSeries + ",UNHCR,Global Trends,https://example.org/global,,The review met in June.\n" +
		"irn-deadline,2025-03-20,,Iran's deadline for undocumented Afghans,deadline,IRN;AFG,,UNHCR,Iran update,https://example.org/iran,,Iran set a deadline.\n" +
		"pak-operation,2024-06-22,,Operation Azm-e-Istehkam announced,operation,PAK,,Reuters,Pakistan launches operation,https://example.org/azm,,Pakistan announced an operation.\n" +
		"pak-old,2019-02-01,,An old Pakistani registration drive,policy,PAK,,Reuters,Old drive,https://example.org/old,,A drive in 2019.\n" +
		"pak-afg-later,2027-01-01,,A deadline long after the data,deadline,PAK;AFG,,Reuters,Later,https://example.org/later,,A deadline in 2027.\n"
	drafts := eventsHeader +
		"secret-event,2024-07-01,,A secret deadline nobody checked,deadline,PAK,,Leaky News,Leak," + leakURL + ",,Unchecked.\n"
	for _, f := range []struct {
		csv    string
		status domain.Status
	}{{published, ""}, {drafts, "draft"}} {
		if rep, err := importer.Run(context.Background(), db, "test", importer.Input{Events: strings.NewReader(f.csv), CreateOrganizations: true},
			exchange.Options{Status: f.status}); err != nil {
			t.Fatalf("import: %v %v", err, rep.Problems)
		}
	}
	return ts.URL
}

func TestEventsPage(t *testing.T) {
	db := storetest.SQLite(t)
	base := eventsSite(t, db)
	resp, body := get(t, base+"/events")
	if resp.StatusCode != 200 {
		t.Fatalf("/events: status %d\n%s", resp.StatusCode, body)
	}
	mustContain(t, "/events", body,
		"<strong>9</strong> events",                                                                   // the demo's 4 and the 5 published here
		"Global Compact review", "Names no country", `<a href="/series/`+deathsSeries+`" dir="auto">`, // no country, a link
		"Iran&#39;s deadline for undocumented Afghans", `<a href="/events?country=IRN">Iran`,
		`<a href="https://example.org/global" rel="noopener nofollow" dir="auto">Global Trends</a>`, // its source
		"The review met in June.",      // and excerpt
		`<a href="/events">Events</a>`) // in the site's navigation
	for _, draft := range []string{"secret deadline", "Leaky News", "Unchecked."} {
		if strings.Contains(body, draft) {
			t.Errorf("/events shows %q, of a draft", draft)
		}
	}

	for _, tt := range []struct {
		query     string
		n         string
		want, not []string
	}{
		{"country=IRN", "<strong>1</strong> event match", []string{"Iran&#39;s deadline"}, []string{"Global Compact", "Ishaq Dar"}},
		{"country=pak&kind=visit", "<strong>1</strong> event match", []string{"Ishaq Dar", `<option value="visit" selected`}, []string{"Operation Azm"}},
		{"from=2025-04&to=2025-04", "<strong>2</strong> events match", []string{"Ishaq Dar", "30 April 2025"}, []string{"Iran&#39;s deadline"}},
		{"from=2027", "<strong>1</strong> event match", []string{"long after the data"}, []string{"Global Compact"}},
	} {
		resp, body := get(t, base+"/events?"+tt.query)
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", tt.query, resp.StatusCode)
			continue
		}
		mustContain(t, tt.query, body, append([]string{tt.n}, tt.want...)...)
		for _, no := range tt.not {
			if strings.Contains(body, no) {
				t.Errorf("%s lists %q", tt.query, no)
			}
		}
	}

	for _, tt := range []struct{ query, says string }{
		{"from=2025-13-01", `&#34;2025-13-01&#34; is not a date`},
		{"country=XXX", `&#34;XXX&#34; is not an ISO 3166-1 alpha-3 country code`},
		{"kind=party", `&#34;party&#34; is not a kind of event`},
		{"from=2025&to=2024", "2024 is before from 2025"},
		{"page=2", "is not a filter of this page"},
	} {
		resp, body := get(t, base+"/events?"+tt.query)
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", tt.query, resp.StatusCode)
		}
		mustContain(t, tt.query, body, tt.says, `<form method="get" action="/events"`)
	}
}

// TestSeriesPageShowsApplicableEvents: a corridor's page draws the events
// of its corridor, lists those before and after its data, and leaves out
// another corridor's; an in-country page leaves out a corridor's deadlines
// and shows an event linked to it.
func TestSeriesPageShowsApplicableEvents(t *testing.T) {
	db := storetest.SQLite(t)
	base := eventsSite(t, db)
	_, body := get(t, base+"/series/"+govSeries)
	events := section(t, body, "events")
	mustContain(t, "the government series' events", events,
		"Pakistan announces plan to repatriate", "Operation Azm-e-Istehkam announced", // PAK alone applies to PAK → AFG
		"Before the period shown", "An old Pakistani registration drive",
		"After the period shown", "A deadline long after the data", `href="https://example.org/later"`,
		`<a href="/events">All events</a>`)
	if before := events[strings.Index(events, "Before the period shown"):]; strings.Index(before, "registration drive") > strings.Index(before, "After the period shown") {
		t.Errorf("the 2019 event is not listed before the period shown:\n%s", events)
	}
	for _, no := range []string{"Iran&#39;s deadline", "Global Compact", "secret deadline"} {
		if strings.Contains(body, no) {
			t.Errorf("the government series' page shows %q", no)
		}
	}
	// The chart is not stretched to 2019 or 2027.
	_, svg := get(t, base+"/series/"+govSeries+"/chart.svg")
	for _, year := range []string{">2019<", ">2027<", "A deadline long after"} {
		if strings.Contains(svg, year) {
			t.Errorf("the chart shows %q: events stretched its axis", year)
		}
	}

	// Its Data Package carries the same events, whatever their dates.
	_, zipped := get(t, base+"/series/"+govSeries+"/datapackage.zip")
	csv := zipEntry(t, zipped, "events.csv")
	mustContain(t, "the government series' events.csv", csv, "Pakistan announces plan to repatriate", "An old Pakistani registration drive",
		"A deadline long after the data")
	for _, no := range []string{"Iran's deadline", "Global Compact"} {
		if strings.Contains(csv, no) {
			t.Errorf("the government series' events.csv has %q", no)
		}
	}

	_, body = get(t, base+"/series/"+deathsSeries)
	events = section(t, body, "events")
	mustContain(t, "the deaths series' events", events, "Global Compact review", "Operation Azm-e-Istehkam announced")
	for _, no := range []string{"Deadline for undocumented", "Ishaq Dar", "Iran&#39;s deadline"} {
		if strings.Contains(events, no) {
			t.Errorf("the deaths series' page lists %q, which names Afghanistan too or another country", no)
		}
	}
}

// zipEntry is the text of the file name in the zip archive body.
func zipEntry(t *testing.T, body, name string) string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatalf("no %s in the archive", name)
	return ""
}

// A comparison lists the events its chart numbers, and those that apply to
// its series before and after the period it shows, as a series page does:
// the chart's key points to this page. (Found in review.)
func TestCompareListsEventsAroundItsPeriod(t *testing.T) {
	db := storetest.SQLite(t)
	base := eventsSite(t, db)
	resp, body := get(t, base+"/compare?series="+iomSeries+","+govSeries)
	if resp.StatusCode != 200 {
		t.Fatalf("compare: %d", resp.StatusCode)
	}
	before := strings.Index(body, "Before the period shown")
	after := strings.Index(body, "After the period shown")
	if before < 0 || after < 0 {
		t.Fatalf("the compare page has no before/after lists")
	}
	for want, at := range map[string]int{"An old Pakistani registration drive": before, "A deadline long after the data": after} {
		if i := strings.Index(body, want); i < at {
			t.Errorf("%q is not listed in its section (at %d, section at %d)", want, i, at)
		}
	}
	if strings.Contains(body, "A secret deadline nobody checked") || strings.Contains(body, "Iran&#39;s deadline") {
		t.Error("the compare page lists a draft or another corridor's event")
	}
}
