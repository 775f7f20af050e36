package domain

import (
	"strings"
	"testing"
)

// IOM's DTM is a part of IOM: the analysis counts them as one source (no
// conflict, a revision at most), and so must the headline (found in review).
func TestHeadlineCountsAnOrganisationAndItsPartAsOneSource(t *testing.T) {
	iom := OrgRef{ID: 1, Slug: "iom", Name: "International Organization for Migration", Acronym: "IOM"}
	dtm := OrgRef{ID: 2, Slug: "dtm", Name: "IOM Displacement Tracking Matrix", Acronym: "DTM"}
	kin := Kin{2: 1}
	figs := []Figure{
		{ID: "a", Value: 11_000_000, Qualifier: Exact, AttributedTo: "DTM", Orgs: []OrgRef{dtm}, PeriodEnd: MustDate("2024-10-22")},
		{ID: "b", Value: 11_018_231, Qualifier: Exact, AttributedTo: "IOM", Orgs: []OrgRef{iom}, PeriodEnd: MustDate("2024-10-29")},
	}
	an := Analyse(MeasureStock, figs, kin)
	h, _ := an.Headline()
	if strings.Contains(h.Words(), "2 sources") {
		t.Errorf("headline %q counts IOM and its DTM as two sources; findings treat them as one (found %d)", h.Words(), len(an.Found))
	}
}
