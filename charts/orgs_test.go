package charts

import (
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Organisations as the store fills Figure.Orgs: IDs as a migration hands
// them out, one per organisation.
var (
	orgIOM    = domain.OrgRef{ID: 1, Slug: "iom", Name: "International Organization for Migration", Acronym: "IOM"}
	orgUNHCR  = domain.OrgRef{ID: 2, Slug: "unhcr", Name: "UN Refugee Agency", Acronym: "UNHCR"}
	orgPakGov = domain.OrgRef{ID: 3, Slug: "pakistan-government", Name: "Government of Pakistan"}
	orgAbbTak = domain.OrgRef{ID: 4, Slug: "abb-takk", Name: "Abb Takk"}
)

func attributed(f domain.Figure, orgs ...domain.OrgRef) domain.Figure {
	f.Orgs = orgs
	return f
}

// resolvedPakInput is the demo series with its six spellings of Pakistan's
// government resolved to one organisation.
func resolvedPakInput() Input {
	in := demoInput()
	for i := range in.Figures {
		in.Figures[i].Orgs = []domain.OrgRef{orgPakGov}
	}
	return in
}

// unhcrFiveWaysInput has UNHCR spelled five ways, and IOM and Pakistan's
// government each spelled once, in an order that puts UNHCR last in time.
func unhcrFiveWaysInput() Input {
	figs := []domain.Figure{
		attributed(fig("a1", "2023-10-21", 50000, domain.Exact, "Pakistani officials", "Abb Takk", ""), orgPakGov),
		attributed(fig("a2", "2023-11-30", 90000, domain.Exact, "IOM", "IOM", ""), orgIOM),
		attributed(fig("u1", "2024-01-31", 150000, domain.Exact, "UNHCR", "UNHCR", ""), orgUNHCR),
		attributed(fig("u2", "2024-03-31", 210000, domain.Approx, "UNHCR (post on X)", "X", ""), orgUNHCR),
		attributed(fig("u3", "2024-05-31", 260000, domain.Exact, "UNHCR (Geneva press briefing, A. Jamal)", "UNHCR", ""), orgUNHCR),
		attributed(fig("u4", "2024-07-31", 300000, domain.Exact, "the UN refugee agency", "Reuters", ""), orgUNHCR),
		attributed(fig("u5", "2024-09-30", 330000, domain.Exact, "U.N.H.C.R. (annual report)", "UNHCR", ""), orgUNHCR),
	}
	return Input{Series: iomSeries, Figures: figs, AsOf: asOf}
}

// styleOf is how a chart draws the publisher labelled name.
func styleOf(t *testing.T, c *Chart, name string) publisher {
	t.Helper()
	for _, p := range c.pubs {
		if p.name == name {
			return p
		}
	}
	var names []string
	for _, p := range c.pubs {
		names = append(names, p.name)
	}
	t.Fatalf("no line for %s; lines: %q", name, names)
	return publisher{}
}

// One organisation spelled five ways is one line, one legend entry, one
// colour; the legend names the organisation, not any of the spellings.
func TestOneOrganisationManySpellings(t *testing.T) {
	c, err := SeriesChart(unhcrFiveWaysInput(), SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, it := range c.items {
		labels = append(labels, it.label)
	}
	if got, want := strings.Join(labels, " | "), "Government of Pakistan | IOM | UNHCR"; got != want {
		t.Errorf("legend %q, want %q", got, want)
	}
	if u := styleOf(t, c, "UNHCR"); len(u.pts) != 5 {
		t.Errorf("UNHCR's line has %d figures, want 5", len(u.pts))
	}
	colours := map[[3]uint8]string{}
	for _, p := range c.pubs {
		k := [3]uint8{p.color.R, p.color.G, p.color.B}
		if other, ok := colours[k]; ok {
			t.Errorf("%s and %s share a colour", p.name, other)
		}
		colours[k] = p.name
	}
	// The demo's six spellings of one government: one entry.
	c, err = SeriesChart(resolvedPakInput(), SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.items) != 1 || c.items[0].label != "Government of Pakistan" {
		t.Errorf("resolved demo legend has %d entries (%v), want one: Government of Pakistan", len(c.items), c.items)
	}
}

// The words as stated stay in the text alternative, after the organisation.
func TestDescribeKeepsTheWordsAsStated(t *testing.T) {
	got := Describe(unhcrFiveWaysInput())
	for _, want := range []string{
		"UNHCR (stated as “UNHCR (post on X)”, “UNHCR (Geneva press briefing, A. Jamal)”, “the UN refugee agency” and “U.N.H.C.R. (annual report)”) reported 150,000",
		"Government of Pakistan (stated as “Pakistani officials”) reported 50,000",
		"IOM reported 90,000",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Describe = %q\nlacks %q", got, want)
		}
	}
}

// An organisation has one colour and one marker in its full chart, a date
// window of it, at phone size, in another series' chart and in the compare
// view, whatever else is in them and in whatever order they appear.
func TestOrganisationStyleHoldsAcrossViews(t *testing.T) {
	full := unhcrFiveWaysInput()
	window := full
	window.From = time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC) // IOM first in time here, the government gone
	other := Input{Series: iranSeries, AsOf: asOf, Figures: []domain.Figure{
		attributed(fig("o1", "2023-06-30", 10000, domain.Exact, "Abb Takk", "Abb Takk", ""), orgAbbTak),
		attributed(fig("o2", "2023-09-30", 20000, domain.Exact, "UNHCR Pakistan", "UNHCR", ""), orgUNHCR),
		attributed(fig("o3", "2023-12-31", 30000, domain.Exact, "IOM DTM", "IOM", ""), orgIOM),
	}}
	want := map[string]publisher{}
	c, err := SeriesChart(full, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"UNHCR", "IOM"} {
		want[name] = styleOf(t, c, name)
	}
	views := map[string]func() (*Chart, error){
		"window":         func() (*Chart, error) { return SeriesChart(window, SizeMedium) },
		"phone":          func() (*Chart, error) { return SeriesChart(full, SizePhone) },
		"another series": func() (*Chart, error) { return SeriesChart(other, SizeSmall) },
		"compare":        func() (*Chart, error) { return CompareChart([]Input{other, full}, SizeMedium, compareLink) },
	}
	for view, chart := range views {
		c, err := chart()
		if err != nil {
			t.Fatalf("%s: %v", view, err)
		}
		for name, w := range want {
			drawn := 0
			for _, p := range c.pubs {
				if p.name != name {
					continue
				}
				drawn++
				if p.color != w.color || p.shape != w.shape {
					t.Errorf("%s: %s drawn in %v/%v, want %v/%v as in its full chart", view, name, p.color, p.shape, w.color, w.shape)
				}
			}
			if drawn == 0 {
				t.Errorf("%s: no line for %s", view, name)
			}
		}
	}
	// The compare view keys organisations in the same colours.
	cmpn := compare([]Input{other, full})
	for _, it := range cmpn.orgs {
		if w, ok := want[it.label]; ok && (it.marker != w.color || it.shape != w.shape) {
			t.Errorf("compare legend: %s in %v/%v, want %v/%v", it.label, it.marker, it.shape, w.color, w.shape)
		}
	}
}

// IDs that are equal mod N×M want one (colour, marker) pair: the later ID
// moves to the next free pair, the earlier keeps its own, in either order
// of appearance; no two groups of a chart ever share both.
func TestClashingIDsNeverShareColourAndMarker(t *testing.T) {
	n := int64(slots)
	ref := func(id int64) domain.OrgRef {
		return domain.OrgRef{ID: id, Slug: "org-" + itoa(int(id)), Name: "Organisation " + itoa(int(id))}
	}
	alone, err := SeriesChart(Input{Series: iomSeries, Figures: []domain.Figure{
		attributed(fig("x", "2024-01-01", 1, domain.Exact, "one", "one", ""), ref(1)),
	}}, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	// 1, 1+N×M and 1+2N×M all want slot 0; 2 wants slot 1, which 1+N×M
	// moves towards; the words group and the joint group hash somewhere.
	ids := []int64{1 + 2*n, 1 + n, 2, 1, 3 + n, 3}
	var figs []domain.Figure
	for i, id := range ids {
		figs = append(figs, attributed(fig("c"+itoa(i), "2024-0"+itoa(i+1)+"-01", float64(i+1), domain.Exact, "w", "w", ""), ref(id)))
	}
	figs = append(figs,
		fig("w1", "2024-08-01", 9, domain.Exact, "Words only", "Somebody", ""),
		attributed(fig("j1", "2024-09-01", 9, domain.Exact, "IOM and UNHCR", "IOM", ""), orgUNHCR, orgIOM))
	c, err := SeriesChart(Input{Series: iomSeries, Figures: figs}, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.pubs) != len(ids)+2 {
		t.Fatalf("%d lines, want %d", len(c.pubs), len(ids)+2)
	}
	seen := map[string]string{}
	for _, p := range c.pubs {
		k := fmtColour(p) + itoa(int(p.shape))
		if other, ok := seen[k]; ok {
			t.Errorf("%s and %s share colour %v and marker %v", p.name, other, p.color, p.shape)
		}
		seen[k] = p.name
	}
	first, one := styleOf(t, c, "Organisation 1"), alone.pubs[0]
	if first.color != one.color || first.shape != one.shape || first.color != palette[0] || first.shape != shapeCircle {
		t.Errorf("ID 1 drawn in %v/%v beside IDs that clash with it, want %v/%v as alone", first.color, first.shape, palette[0], shapeCircle)
	}
	if two := styleOf(t, c, "Organisation 2"); two.color != palette[1] {
		t.Errorf("ID 2 drawn in %v, want its own %v: a moved clash must not take another organisation's pair", two.color, palette[1])
	}
}

// A joint report is one group, named by its organisations in one order
// whatever order the words gave them; a figure that names nobody is drawn
// under its source's publisher; words alone still draw.
func TestGroups(t *testing.T) {
	pub := fig("p", "2024-01-01", 1, domain.Exact, "(not stated)", "Abb Takk", "")
	pub.Source.PublisherOrg = orgAbbTak
	tests := []struct {
		f    domain.Figure
		want string
	}{
		{attributed(fig("j1", "2024-01-01", 1, domain.Exact, "UNHCR-IOM joint report", "x", ""), orgUNHCR, orgIOM), "IOM & UNHCR"},
		{attributed(fig("j2", "2024-01-01", 1, domain.Exact, "IOM and UNHCR", "x", ""), orgIOM, orgUNHCR, orgIOM), "IOM & UNHCR"},
		{pub, "Abb Takk"},
		{fig("w", "2024-01-01", 1, domain.Exact, "Pakistani officials", "x", ""), "Pakistani officials"},
		{fig("w", "2024-01-01", 1, domain.Exact, " ", "Dawn", ""), "Dawn"},
		{attributed(fig("n", "2024-01-01", 1, domain.Exact, "x", "x", ""), domain.OrgRef{ID: 9, Name: "Sudan Tribune"}), "Sudan Tribune"},
	}
	keys := map[string]string{}
	for _, tt := range tests {
		g := groupOf(&tt.f)
		if g.label != tt.want {
			t.Errorf("%s: group %q, want %q", tt.f.ID, g.label, tt.want)
		}
		if other, ok := keys[g.label]; ok && other != g.key {
			t.Errorf("%s: key %q, another figure of %s had %q", tt.f.ID, g.key, g.label, other)
		}
		keys[g.label] = g.key
	}
}

// A compare chart tells its series apart by dash, never by colour: each
// series' lines share one pattern, no two series share one, and the legend
// keys series by pattern and organisations by colour and marker.
func TestCompareDashesSeries(t *testing.T) {
	c, err := CompareChart(compareInputs(), SizeMedium, compareLink)
	if err != nil {
		t.Fatal(err)
	}
	cmpn := compare(compareInputs())
	for i, s := range cmpn.series {
		for _, p := range s.pubs {
			if p.dash != i {
				t.Errorf("series %d: %s has dash %d", i, p.name, p.dash)
			}
		}
		if it, want := c.items[i], itoa(i+1)+" · "+s.title; it.label != want || it.dash != i || it.marker != nil {
			t.Errorf("legend item %d = %q dash %d, want %q dash %d, no marker", i, it.label, it.dash, want, i)
		}
	}
	if len(dashPatterns) < MaxCompare {
		t.Errorf("%d dash patterns for up to %d series", len(dashPatterns), MaxCompare)
	}
}
