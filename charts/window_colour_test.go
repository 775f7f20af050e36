package charts

import (
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// An organisation's colour and marker must be the same
// in the full chart and in a date window of it. Org 33 has the same natural
// slot as org 1 (IDs differ by N×M = 32); with both in the full chart, 33 is
// displaced; in a window that holds only 33's figures, it is not.
func TestWindowKeepsAClashedOrganisationsColour(t *testing.T) {
	a := domain.OrgRef{ID: 1, Slug: "a", Name: "Org A"}
	b := domain.OrgRef{ID: 1 + int64(slots), Slug: "b", Name: "Org B"}
	figs := []domain.Figure{
		attributed(fig("a1", "2023-10-21", 50000, domain.Exact, "Org A", "Org A", ""), a),
		attributed(fig("b1", "2024-06-30", 90000, domain.Exact, "Org B", "Org B", ""), b),
		attributed(fig("b2", "2024-08-31", 95000, domain.Exact, "Org B", "Org B", ""), b),
	}
	in := Input{Series: iomSeries, Figures: figs, AsOf: asOf}
	full, err := SeriesChart(in, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	in.From = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	win, err := SeriesChart(in, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	f, w := styleOf(t, full, "Org B"), styleOf(t, win, "Org B")
	if f.color != w.color || f.shape != w.shape {
		t.Errorf("Org B is %v/%v in the full chart, %v/%v in the window", f.color, f.shape, w.color, w.shape)
	}
}
