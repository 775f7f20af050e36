package charts

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
)

// worstOrgs are twelve organisations of the realistic data
// (testdata/realistic/organizations.csv) by their full names, no acronyms.
var worstOrgs = []string{
	"Office of the United Nations High Commissioner for Refugees", "International Organization for Migration",
	"IOM Displacement Tracking Matrix", "United Nations Office for the Coordination of Humanitarian Affairs",
	"World Food Programme", "United Nations Children's Fund", "United Nations Mission in South Sudan",
	"Internal Displacement Monitoring Centre", "Government of Egypt", "Ministry of Foreign Affairs of Egypt",
	"Famine Review Committee", "Islamic Relief Worldwide",
}

// worstPublishers are thirty publishers of the realistic data.
var worstPublishers = []string{
	"A News", "ACAPS", "APA News", "Addis Standard", "Africa Global Village", "Ahram Online", "Al Bawaba",
	"Al-Araby Al-Jadeed", "Catholic Radio Network", "Daily Monitor", "Darfur24", "Egyptian Streets",
	"Emirates News Network (ENN)", "EpiNews (EMPHNET)", "Eritrea24News", "GhanaWeb", "Global Issues", "Khaleej Times",
	"Libya Security Monitor", "MENAFN", "Middle East Monitor", "Mirage News", "Pan-African News Wire",
	"Prensa Latina (Voces del Sur)", "Radio Tamazuj", "Sudan Tribune", "TRT World", "The Media Line", "The Sudan Times",
	"Vanguard",
}

// worstEvents are twenty events of the realistic data (Sudan, 2023–2025).
var worstEvents = [][3]string{
	{"2023-04-15", "", "War between the Sudanese Armed Forces and the Rapid Support Forces breaks out"},
	{"2023-04-25", "", "UNHCR Chad and partners begin preliminary registration of Sudanese refugees in eastern Chad"},
	{"2023-05-11", "", "Jeddah Declaration of Commitment to Protect the Civilians of Sudan signed by SAF and RSF"},
	{"2023-05-17", "", "UN launches $3 billion appeal: revised Sudan humanitarian plan ($2.56bn) and first Regional Refugee Response Plan ($470.4m)"},
	{"2023-06-10", "", "Egypt requires visas from all Sudanese nationals entering the country"},
	{"2023-06-14", "", "West Darfur governor Khamis Abakar killed in El Geneina"},
	{"2023-06-14", "2023-06-22", "El Geneina massacre of Masalit civilians"},
	{"2023-12-18", "", "RSF enters Wad Madani, capital of Al Jazirah state"},
	{"2024-01-22", "", "UN sanctions monitors' report: 10,000 to 15,000 killed in El Geneina (report seen by AFP)"},
	{"2024-02-07", "", "OCHA and UNHCR launch 2024 Sudan humanitarian and regional refugee response plans ($4.1 billion)"},
	{"2024-05-10", "", "RSF launches new offensive on El Fasher (start of the siege)"},
	{"2024-06-17", "", "Relocation of Sudanese refugees from Kurmuk to the new Ura settlement begins (Ethiopia)"},
	{"2024-08-01", "", "Famine Review Committee confirms famine in Zamzam camp (IPC)"},
	{"2024-08-04", "", "Sudan's government denies famine in Zamzam camp"},
	{"2024-08-15", "2024-11-15", "Adre border crossing with Chad opened to humanitarian aid for three months"},
	{"2024-08-18", "", "Health minister reports cholera outbreak: at least 22 deaths, 354 confirmed cases"},
	{"2024-08-30", "", "UN Deputy Secretary-General Amina Mohammed visits the Adre crossing in Chad"},
	{"2024-11-13", "", "Sudan extends the Adre crossing opening for another three months from 15 November"},
	{"2024-12-10", "", "Humanitarian activities resume at the Joda border point (Sudan-South Sudan)"},
	{"2025-02-17", "", "UN and partners launch 2025 Sudan humanitarian and refugee response plans ($6 billion)"},
}

const worstLink = "https://tracker.example.org/series/sdn-to-tcd-refugees-cumulative-since-2023-04"

// worstInput is the worst realistic case: 20 events, 12 organisations with
// long names, 30 distinct sources (one figure each, every organisation
// quoted by two or three publishers), over two years.
func worstInput() Input {
	in := Input{
		Series: domain.Series{Slug: "sdn-to-tcd-refugees-cumulative-since-2023-04",
			Title:           "Cumulative Sudanese refugees arriving in eastern Chad since the war began in April 2023",
			PopulationGroup: "refugees", Measure: domain.MeasureCumulative, Unit: "persons", FromISO3: "SDN", ToISO3: "TCD"},
		AsOf: asOf, Permalink: worstLink, Licence: "CC-BY-4.0",
		Headline: "about 1,200,000 as of 30 Jun 2025 (UNHCR; 11 other claims)",
	}
	start := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	for i, pub := range worstPublishers {
		org := i % len(worstOrgs)
		end := start.AddDate(0, 0, 26*i)
		f := fig(fmt.Sprintf("w%02d", i), end.Format("2006-01-02"), float64(60000+40000*i+7000*org), domain.Exact,
			worstOrgs[org], pub, end.AddDate(0, 0, 2).Format("2006-01-02"))
		f.Orgs = []domain.OrgRef{{ID: int64(org + 1), Slug: fmt.Sprintf("org-%d", org+1), Name: worstOrgs[org]}}
		in.Figures = append(in.Figures, f)
	}
	for i, e := range worstEvents {
		ev := event(e[0], e[2], "other")
		ev.ID = fmt.Sprintf("e%02d", i)
		if e[1] != "" {
			ev.EndDate = domain.MustDate(e[1])
		}
		in.Events = append(in.Events, ev)
	}
	return in
}

// worstCompare is the worst case beside a second series of the same kind
// and its own twelve organisations' figures.
func worstCompare() []Input {
	a := worstInput()
	b := worstInput()
	b.Series.Slug, b.Series.Title = "sdn-cross-border-cumulative-since-2023-04", "Cumulative people crossing from Sudan into neighbouring countries since April 2023"
	for i := range b.Figures {
		b.Figures[i].ID += "b"
		b.Figures[i].Value *= 1.8
	}
	return []Input{a, b}
}

const worstCompareLink = "https://tracker.example.org/compare?series=sdn-to-tcd-refugees-cumulative-since-2023-04,sdn-cross-border-cumulative-since-2023-04"

var allSizes = []Size{SizeSmall, SizeMedium, SizeLarge, SizeSocial, SizePhone}

// At every size, the worst realistic case leaves the plot (its axes and
// their labels, not the strip of event numbers above it) at least half of
// the height, in a series chart and a compare chart; the source line ends
// by counting the sources it leaves out and where they are, and the event
// key says where the events it has no room for are listed.
func TestWorstCaseKeepsHalfTheHeightForThePlot(t *testing.T) {
	for _, size := range allSizes {
		series, err := SeriesChart(worstInput(), size)
		if err != nil {
			t.Fatal(err)
		}
		cmp, err := CompareChart(worstCompare(), size, worstCompareLink)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			kind string
			c    *Chart
			link string
		}{{"series", series, worstLink}, {"compare", cmp, worstCompareLink}} {
			name := tc.kind + " " + string(size)
			c, l := tc.c, tc.c.lay
			if share := float64(l.plot.Size().Y) / float64(c.height); share < plotShare {
				t.Errorf("%s: the plot has %.0f%% of the height, want %.0f%% at least", name, share*100, plotShare*100)
			}
			var b bytes.Buffer
			if err := c.WriteSVG(&b); err != nil {
				t.Fatal(err)
			}
			svg := b.String()
			checkDrawn(t, name, svg, c.width, c.height)
			src := strings.Join(l.source.lines, " ")
			// A permalink longer than a line is cut between characters.
			if !regexpMoreSources.MatchString(src) || !strings.HasSuffix(nospace(src), nospace("more sources: "+tc.link)) {
				t.Errorf("%s: the source line %q does not end with \"and N more sources: %s\"", name, src, tc.link)
			}
			more := strings.Join(l.keyMore.lines, " ")
			if !strings.Contains(nospace(more), nospace("listed at "+tc.link)) && !strings.HasSuffix(more, "listed at the link below") || !strings.HasPrefix(more, "Event") {
				t.Errorf("%s: the event key ends %q, want \"Events k–20: listed at %s\"", name, more, tc.link)
			}
			if !strings.Contains(svg, ">"+l.keyMore.lines[0]+"<") {
				t.Errorf("%s: the SVG does not draw %q", name, l.keyMore.lines[0])
			}
			if n := len(l.source.lines); n > max(c.sourceLines(), len(wrap(l.th.footer, "Source: a; and 29 more sources: "+tc.link, c.lay.plot.Size().X))+1) {
				t.Errorf("%s: the source line takes %d lines", name, n)
			}
			checkLegendKeys(t, name, c, l)
			if *pngDir != "" {
				write(t, filepath.Join(*pngDir, "worst-"+tc.kind+"-"+string(size)+".png"), c.WritePNG)
			}
		}
	}
}

var regexpMoreSources = regexp.MustCompile(`; and \d+ more sources: `)

// checkLegendKeys asserts that every organisation drawn is keyed in the
// legend, or counted in its last row, "and N more: …".
func checkLegendKeys(t *testing.T, name string, c *Chart, l layout) {
	t.Helper()
	keyed, more := 0, 0
	for _, row := range l.legend {
		for _, it := range row {
			if it.marker != nil && it.line == nil || it.marker != nil && !c.compared {
				keyed++
			}
			if n, ok := strings.CutPrefix(it.label, "and "); ok {
				fmt.Sscanf(n, "%d more:", &more)
			}
		}
	}
	orgs := map[string]bool{}
	for _, p := range c.pubs {
		orgs[p.key] = true
	}
	if keyed+more != len(orgs) {
		t.Errorf("%s: the legend keys %d organisations and says %d more; %d are drawn", name, keyed, more, len(orgs))
	}
}

// A layout that must cut its keys says so: more events than the key has
// room for are pointed to the permalink, and a plot short of its share is
// never the price of listing them.
func TestCompactKeysOnlyWhenNeeded(t *testing.T) {
	light := demoInput()
	light.Events = light.Events[:2]
	c, err := SeriesChart(light, SizeLarge)
	if err != nil {
		t.Fatal(err)
	}
	if c.lay.compact || len(c.lay.eventKey) != len(c.events) || c.lay.keyMore.height() != 0 {
		t.Errorf("a light chart's keys are cut: compact %v, %d of %d events listed", c.lay.compact, len(c.lay.eventKey), len(c.events))
	}
	w, err := SeriesChart(worstInput(), SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	if !w.lay.compact || len(w.lay.eventKey) >= len(w.events) {
		t.Errorf("the worst case lists %d of %d events, compact %v", len(w.lay.eventKey), len(w.events), w.lay.compact)
	}
	if w.lay.plot.Size().Y < vg.Length(w.height)/2 {
		t.Errorf("plot %v of %d", w.lay.plot.Size().Y, w.height)
	}
}

func nospace(s string) string { return strings.ReplaceAll(s, " ", "") }

// checkListed asserts that text, an SVG's, carries the chart's keys as its
// layout cut them: every event the key lists (its first line), the others
// counted by a line that says where they are listed; the source line
// whole, or its first entries and "and N more sources: {permalink}".
func checkListed(t *testing.T, name, text string, c *Chart) {
	t.Helper()
	l := c.lay
	flat := strings.Join(strings.Fields(text), " ")
	for _, k := range l.eventKey {
		if !strings.Contains(text, k.lines[0]) {
			t.Errorf("%s: SVG text lacks the event key's %q", name, k.lines[0])
		}
	}
	if listed := len(l.eventKey); l.numbered && listed < len(c.events) {
		want := fmt.Sprintf("Events %d–%d: listed at ", listed+1, len(c.events))
		if listed == len(c.events)-1 {
			want = fmt.Sprintf("Event %d: listed at ", len(c.events))
		}
		if !strings.Contains(flat, want) {
			t.Errorf("%s: SVG text lacks %q", name, want)
		}
	}
	if src := strings.Join(strings.Fields(c.source), " "); !strings.Contains(flat, src) {
		if !regexpMoreSources.MatchString(flat) || !strings.Contains(nospace(flat), nospace("more sources: "+c.permalink)) {
			t.Errorf("%s: SVG text lacks the whole source line %q and the end of a cut one", name, src)
		}
		if first := strings.SplitN(src, "; ", 2)[0]; !strings.Contains(flat, first) {
			t.Errorf("%s: SVG text lacks the source line's first entry %q", name, first)
		}
	}
}

// fewOrgs keeps the figures of in's first n organisations.
func fewOrgs(in Input, n int) Input {
	var figs []domain.Figure
	for _, f := range in.Figures {
		if f.Orgs[0].ID <= int64(n) {
			figs = append(figs, f)
		}
	}
	in.Figures = figs
	return in
}

// A legend with more organisations than its rows hold, in its narrowest
// columns, keys the first and counts the rest, "and N more: {link}", and
// every label it keeps is cut to its column.
func TestCompactLegendCountsWhatItLeavesOut(t *testing.T) {
	sty := newTheme(390, fits[0]).legend
	width := vg.Length(390 - 32)
	var items []legendItem
	for i := range 30 {
		items = append(items, legendItem{label: fmt.Sprintf("%s (%d)", worstOrgs[i%len(worstOrgs)], i), line: palette[0], marker: palette[0]})
	}
	for _, link := range []string{"https://t.example/s/x", worstCompareLink} {
		rows := compactItems(sty, items, width, 4, link, false)
		if len(rows) > 4 {
			t.Fatalf("%d rows, want 4 at most", len(rows))
		}
		keyed, more := 0, 0
		for _, row := range rows {
			used := vg.Length(0)
			for _, it := range row {
				if it.marker != nil {
					keyed++
					used += it.width
				}
				if _, err := fmt.Sscanf(it.label, "and %d more", &more); err == nil {
					want := "and " + itoa(more) + " more: " + link
					if link == worstCompareLink {
						want = "and " + itoa(more) + " more, listed at the link below"
					}
					if it.label != want {
						t.Errorf("the last row says %q, want %q", it.label, want)
					}
				}
			}
			if used > width+1 {
				t.Errorf("a row of %v is wider than %v", used, width)
			}
		}
		if keyed+more != len(items) || more == 0 {
			t.Errorf("%d keyed and %d more, of %d", keyed, more, len(items))
		}
	}
}

// A compact compare legend cuts a series title at its end, keeping its
// number and the start that says what it counts: series titles differ at
// their start and often share their end ("… since April 2023"). (Found in
// review.)
func TestCompactCompareLegendKeepsTitlesStarts(t *testing.T) {
	c, err := CompareChart(worstCompare(), SizePhone, worstCompareLink)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range c.lay.legend {
		for _, it := range row {
			if it.title && strings.Contains(it.label, " … ") {
				t.Errorf("series title shortened in its middle: %q", it.label)
			}
		}
	}
}
