package charts

import (
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

var realistic = flag.String("realistic", "", "a canonical figures CSV (e.g. /work/shared/realistic/figures.csv) to chart, organisations resolved by hand, into the -png directory")

// realisticOrgs resolves the realistic data's attributions by hand, as
// staff would map them once: keyword → organisation, joint reports to both.
var realisticOrgs = []struct {
	words []string
	org   domain.OrgRef
}{
	{[]string{"unhcr", "refugee agency", "high commissioner for refugees", "مفوضية", "mazou", "castro", "ahouansou"},
		domain.OrgRef{ID: 1, Slug: "unhcr", Name: "United Nations High Commissioner for Refugees", Acronym: "UNHCR"}},
	{[]string{"iom", "migration", "dtm", "الهجرة"},
		domain.OrgRef{ID: 2, Slug: "iom", Name: "International Organization for Migration", Acronym: "IOM"}},
	{[]string{"idmc", "internal displacement monitoring"},
		domain.OrgRef{ID: 3, Slug: "idmc", Name: "Internal Displacement Monitoring Centre", Acronym: "IDMC"}},
	{[]string{"ocha"}, domain.OrgRef{ID: 4, Slug: "ocha", Name: "UN Office for the Coordination of Humanitarian Affairs", Acronym: "OCHA"}},
	{[]string{"egypt"}, domain.OrgRef{ID: 5, Slug: "egypt-government", Name: "Government of Egypt"}},
	{[]string{"=the united nations", "=the un", "unicef and the un world food"}, domain.OrgRef{ID: 6, Slug: "un", Name: "United Nations", Acronym: "UN"}},
}

// TestRealisticPNGs charts every series of the realistic data, resolved to
// organisations, and one compare chart, for a person to look at:
// go test ./charts -run Realistic -realistic /work/shared/realistic/figures.csv -png /tmp/out
func TestRealisticPNGs(t *testing.T) {
	if *realistic == "" || *pngDir == "" {
		t.Skip("no -realistic file or -png directory")
	}
	f, err := os.Open(*realistic)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	inputs := map[string]*Input{}
	var order []string
	for n, r := range rows[2:] {
		get := func(c string) string { return r[col[c]] }
		v, _ := strconv.ParseFloat(get("value"), 64)
		end, err := domain.ParseDate(get("period_end"))
		if err != nil {
			t.Fatalf("line %d: %v", n+3, err)
		}
		start, err := domain.ParseDate(get("period_start"))
		if err != nil {
			t.Fatalf("line %d: %v", n+3, err)
		}
		fig := domain.Figure{ID: "r" + strconv.Itoa(n+3), Value: v, Qualifier: domain.Qualifier(get("qualifier")), PeriodStart: start, PeriodEnd: end,
			AttributedTo: get("attributed_to"), Source: domain.Source{Publisher: get("source_publisher")}}
		if fig.Qualifier == domain.Range {
			lo, _ := strconv.ParseFloat(get("value_low"), 64)
			hi, _ := strconv.ParseFloat(get("value_high"), 64)
			fig.ValueLow, fig.ValueHigh = &lo, &hi
		}
		words := strings.ToLower(fig.AttributedTo)
		for _, o := range realisticOrgs {
			for _, w := range o.words {
				exact, ok := strings.CutPrefix(w, "=")
				if ok && words == exact || !ok && strings.Contains(words, w) && !strings.HasPrefix(words, "(") {
					fig.Orgs = append(fig.Orgs, o.org)
					break
				}
			}
		}
		slug := get("series")
		in, ok := inputs[slug]
		if !ok {
			in = &Input{Series: domain.Series{Slug: slug, Title: get("series_title"), PopulationGroup: domain.PopulationGroup(get("population_group")),
				Measure: domain.Measure(get("measure")), Unit: domain.Unit(get("unit")), FromISO3: get("from_iso3"), ToISO3: get("to_iso3")}, AsOf: asOf}
			inputs[slug], order = in, append(order, slug)
		}
		in.Figures = append(in.Figures, fig)
	}
	for _, slug := range order {
		for _, size := range []Size{SizeMedium, SizePhone} {
			c, err := SeriesChart(*inputs[slug], size)
			if err != nil {
				t.Fatalf("%s: %v", slug, err)
			}
			base := filepath.Join(*pngDir, "realistic-"+slug+"-"+string(size))
			write(t, base+".png", c.WritePNG)
		}
		t.Logf("%s: %s", slug, Describe(*inputs[slug]))
	}
	slugs := []string{"sdn-to-tcd-refugees-cumulative-since-2023-04", "sdn-cross-border-cumulative-since-2023-04", "sdn-to-egy-sudanese-arrivals-cumulative-since-2023-04"}
	c, err := CompareChart([]Input{*inputs[slugs[0]], *inputs[slugs[1]], *inputs[slugs[2]]}, SizeMedium,
		"https://example.org/compare?series="+strings.Join(slugs, ","))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(*pngDir, "realistic-compare.png"), c.WritePNG)
}
