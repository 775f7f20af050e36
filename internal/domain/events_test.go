package domain_test

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func TestEventApplies(t *testing.T) {
	pakAfg := domain.Series{Slug: "afghans-from-pakistan", FromISO3: "PAK", ToISO3: "AFG"}
	pakDeaths := domain.Series{Slug: "pakistan-security-deaths", FromISO3: "PAK"}
	sudanIDPs := domain.Series{Slug: "sudan-idps", FromISO3: "SDN", ToISO3: "SDN"}
	chadArrivals := domain.Series{Slug: "chad-arrivals", ToISO3: "TCD"}
	global := domain.Series{Slug: "global-refugees"}
	ev := func(countries []string, series ...string) domain.Event {
		return domain.Event{Title: "e", Countries: countries, Series: series}
	}
	tests := []struct {
		name string
		e    domain.Event
		s    domain.Series
		want bool
	}{
		{"one end of a corridor: origin", ev([]string{"PAK"}), pakAfg, true},
		{"one end of a corridor: destination", ev([]string{"AFG"}), pakAfg, true},
		{"both ends", ev([]string{"AFG", "PAK"}), pakAfg, true},
		{"both ends and another country", ev([]string{"IRN", "PAK", "AFG"}), pakAfg, true},
		{"another corridor sharing one end", ev([]string{"IRN", "AFG"}), pakAfg, false},
		{"a third country", ev([]string{"IRN"}), pakAfg, false},
		{"no country", ev(nil), pakAfg, false},
		{"explicit link beats countries", ev([]string{"IRN"}, "afghans-from-pakistan"), pakAfg, true},
		{"explicit link without countries", ev(nil, "global-refugees"), global, true},
		{"link to another series", ev(nil, "sudan-idps"), global, false},
		{"in-country: that country alone", ev([]string{"PAK"}), pakDeaths, true},
		{"in-country: a corridor's deadline", ev([]string{"PAK", "AFG"}), pakDeaths, false},
		{"in-country: repeated code", ev([]string{"PAK", "PAK"}), pakDeaths, true},
		{"in-country by destination", ev([]string{"TCD"}), chadArrivals, true},
		{"in-country by destination: corridor", ev([]string{"SDN", "TCD"}), chadArrivals, false},
		{"both ends equal", ev([]string{"SDN"}), sudanIDPs, true},
		{"both ends equal: another country", ev([]string{"SSD"}), sudanIDPs, false},
		{"series without country", ev([]string{"PAK"}), global, false},
		{"one country: a regional plan naming it", ev([]string{"SDN", "CAF", "TCD", "EGY"}), sudanIDPs, true},
		{"one country: a declaration with mediators", ev([]string{"SDN", "SAU", "USA"}), pakDeaths, false},
		{"one country: a region it is in", ev([]string{"SDN", "SAU", "USA"}), sudanIDPs, true},
		{"one country: a region without it", ev([]string{"CAF", "TCD", "EGY"}), sudanIDPs, false},
	}
	for _, tt := range tests {
		if got := domain.EventApplies(tt.e, tt.s); got != tt.want {
			t.Errorf("%s: EventApplies(%v %v, %s) = %v, want %v", tt.name, tt.e.Countries, tt.e.Series, tt.s.Slug, got, tt.want)
		}
	}
}

func TestEventSeriesSlugsValidated(t *testing.T) {
	date, _ := domain.ParseDate("2024-01-01")
	e := domain.Event{Title: "t", Date: date, Kind: domain.EventKinds[0], Excerpt: "x",
		Series: []string{"ok-slug", "Not A Slug"},
		Source: domain.Source{Title: "s", Publisher: "p", URL: "https://example.org/"}}
	err := e.Validate()
	if err == nil {
		t.Fatal("an event linked to \"Not A Slug\" validated")
	}
	p := domain.FieldProblems(err)
	if len(p) != 1 || p[0].Field != "series" {
		t.Fatalf("problems = %v, want one on series", p)
	}
}
