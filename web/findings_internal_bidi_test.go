package web

import (
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Arabic names in a list keep their order in an English sentence: each is
// isolated; Latin names are left as they are (found in review).
func TestSummaryIsolatesRightToLeftNames(t *testing.T) {
	got := andWords([]string{"المفوضية", "IOM", "منظمة الهجرة"})
	want := "\u2068المفوضية\u2069, IOM and \u2068منظمة الهجرة\u2069"
	if got != want {
		t.Errorf("andWords = %q, want %q", got, want)
	}
	if got := inParens("UNHCR"); got != "(UNHCR)" {
		t.Errorf("inParens = %q", got)
	}
}

// Two in-country series that name no place are not one scope, and the
// compare page says why in words, never "()" (found in review).
func TestCompareSaysWhyInCountrySeriesAreNotPaired(t *testing.T) {
	camp := &seriesView{Series: domain.Series{ID: 1, Slug: "camp", Title: "Camp", PopulationGroup: "idps", Measure: domain.MeasureStock, Unit: "persons", FromISO3: "SDN"}}
	all := &seriesView{Series: domain.Series{ID: 2, Slug: "all", Title: "All", PopulationGroup: "idps", Measure: domain.MeasureStock, Unit: "persons", FromISO3: "SDN"}}
	scopes, note := compareScopes([]*seriesView{camp, all})
	if len(scopes) != 2 || !strings.Contains(note, "names no place") || strings.Contains(note, "()") {
		t.Errorf("%d scopes, note %q", len(scopes), note)
	}
}
