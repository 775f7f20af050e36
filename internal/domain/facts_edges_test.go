package domain_test

// Edges the labelled cases missed, found in review: short flows, the order
// of a revision, zero values.

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func foundKinds(an domain.Analysis) []string {
	var out []string
	for _, f := range an.Found {
		out = append(out, string(f.Kind)+" "+f.Claims[0].ID+">"+f.Claims[1].ID)
	}
	return out
}

// Daily flows on consecutive days from one source are two facts, not a revision.
func TestDailyFlowsAreNotOneFact(t *testing.T) {
	a := claim("d1", 1200, domain.Exact, "", "2025-06-02", by(refUNHCR))
	b := claim("d2", 900, domain.Exact, "", "2025-06-03", by(refUNHCR))
	an := domain.Analyse(domain.MeasureFlow, []domain.Figure{a, b}, sudanKin)
	if len(an.Facts) != 2 || len(an.Found) != 0 {
		t.Errorf("daily arrivals on 2 and 3 June: %d facts, found %v; want 2 facts, nothing found", len(an.Facts), foundKinds(an))
	}
}

// Weeks 1–7 June and 4–10 June overlap by half; they are not one period.
func TestOverlappingWeeksAreNotOneFact(t *testing.T) {
	a := claim("w1", 7000, domain.Exact, "2025-06-01", "2025-06-07", by(refUNHCR))
	b := claim("w2", 9000, domain.Exact, "2025-06-04", "2025-06-10", by(refIOM))
	an := domain.Analyse(domain.MeasureFlow, []domain.Figure{a, b}, sudanKin)
	if len(an.Found) != 0 {
		t.Errorf("two different weeks: found %v; want none", foundKinds(an))
	}
}

// A revision reads from the earlier-published figure to the later one.
func TestRevisionReadsInPublicationOrder(t *testing.T) {
	first := claim("r1", 931700, domain.Exact, "2025-04-01", "2025-04-30", by(refUNHCR), published("2025-05-05"))
	later := claim("r2", 930000, domain.Exact, "2025-04-01", "2025-04-28", by(refUNHCR), published("2025-05-20"))
	an := domain.Analyse(domain.MeasureFlow, []domain.Figure{first, later}, sudanKin)
	if len(an.Found) != 1 {
		t.Fatalf("found %v", foundKinds(an))
	}
	fi := an.Found[0]
	if fi.Claims[0].ID != "r1" || fi.Claims[1].ID != "r2" {
		t.Errorf("revision %v: %s", foundKinds(an), fi.Words())
	}
}

func TestZeroFindingAndFactDoNotPanic(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("panic: %v", r)
		}
	}()
	_ = domain.Finding{}.Words()
	_ = (&domain.Fact{}).PeriodWords()
}

// A month and the same month less two days are still one period.
func TestMonthAndNearlyTheMonthAreOneFact(t *testing.T) {
	a := claim("month", 148200, domain.Exact, "2025-04", "2025-04", by(refUNHCR))
	b := claim("days", 144500, domain.Exact, "2025-04-01", "2025-04-28", by(refIOM))
	an := domain.Analyse(domain.MeasureFlow, []domain.Figure{a, b}, sudanKin)
	if len(an.Facts) != 1 || len(an.Found) != 1 || an.Found[0].Kind != domain.KindConflict {
		t.Errorf("April and 1–28 April: %d facts, found %v; want one fact, a conflict", len(an.Facts), foundKinds(an))
	}
}

// A headline's range counts a range claim by its own ends: never "between
// 250,000 and 300,000 to about 300,000".
func TestHeadlineRangeOfARangeClaim(t *testing.T) {
	an := domain.Analyse(domain.MeasureCumulative, []domain.Figure{
		claim("iom", 250000, domain.Range, "2023-12-15", "2023-12-18", between(250000, 300000), by(refIOM)),
		claim("ir", 300000, domain.Approx, "2023-12-15", "2023-12-18", by(refIR)),
	}, sudanKin)
	h, _ := an.Headline()
	if got := h.RangeWords(); got != "250,000–300,000" {
		t.Errorf("range words %q, want 250,000–300,000", got)
	}
}

// Two series within one country that name no place may count a camp and
// the whole country: they are never one scope. Cross-border series of the
// same corridor are.
func TestSameScopeNeedsAPlaceWithinACountry(t *testing.T) {
	camp := domain.Series{Slug: "zamzam", PopulationGroup: "idps", Measure: domain.MeasureStock, Unit: "persons", FromISO3: "SDN"}
	all := domain.Series{Slug: "idps", PopulationGroup: "idps", Measure: domain.MeasureStock, Unit: "persons", FromISO3: "SDN"}
	if domain.SameScope(camp, all) {
		t.Error("a camp series and a national series with no place named are one scope")
	}
	if !domain.SameScope(camp, camp) {
		t.Error("a series is not of its own scope")
	}
	a := domain.Series{Slug: "a", PopulationGroup: "refugees", Measure: domain.MeasureCumulative, Unit: "persons", FromISO3: "SDN", ToISO3: "TCD"}
	b := a
	b.Slug = "b"
	if !domain.SameScope(a, b) {
		t.Error("two series of one corridor are not one scope")
	}
	a.Location, b.Location = "Adre", "adre "
	if !domain.SameScope(a, b) {
		t.Error("one named place, spelled with other case and spaces, is not one scope")
	}
}
