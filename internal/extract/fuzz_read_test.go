package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// FuzzRead is FuzzFromSentence with what the document tells: a publication
// date (any day from 1900 to 2199, or none) and a registry, so that the
// relative dates and the attribution are fuzzed too. The attribution must
// be cut from the input and the organisation must be one of the registry.
func FuzzRead(f *testing.F) {
	f.Add("As of 2 March, 61,000 people were sheltering in schools, UNHCR said.", 40000)
	f.Add("More than 5,000 people were displaced over the past 999 years, according to the IOM (IOM).", 0)
	f.Add("وفقًا للمفوضية، نزح 12 ألف شخص منذ أيار الماضي حتى الآن.", 1)
	f.Add("“Nearly 40,000 people crossed last week,” Ahmed Ali, UNHCR representative in Niger, told journalists.", 45000)
	f.Add("Between 11th and 31st of this month, 4,000 people arrived by the end of the year.", 12345)
	orgs := []domain.Organization{
		{ID: 1, Name: "International Organization for Migration", Acronym: "IOM", Aliases: []string{"the UN migration agency"}},
		{ID: 2, Name: "Office of the United Nations High Commissioner for Refugees", Acronym: "UNHCR", Aliases: []string{"المفوضية"}},
	}
	f.Fuzz(func(t *testing.T, s string, day int) {
		var pub domain.Date
		if day > 0 {
			pub = domain.DateOf(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day%109500))
		}
		p := propose(s, Options{Published: pub, Organizations: orgs})
		checkProposal(t, s, p)
		if !strings.Contains(s, p.AttributedTo) {
			t.Errorf("attributed to %q, not in the input", p.AttributedTo)
		}
		if p.Organization != "" && p.Organization != orgs[0].Name && p.Organization != orgs[1].Name {
			t.Errorf("organisation %q is not in the registry", p.Organization)
		}
		for _, c := range p.Candidates {
			checkProposal(t, s, c)
		}
	})
}
