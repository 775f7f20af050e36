package extract

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// TestReadAttribution reads who gave the number in sentences written for
// this test, one form of reporting each.
func TestReadAttribution(t *testing.T) {
	cases := []struct{ sentence, want string }{
		{"Some 20,000 people crossed in May, according to WFP.", "WFP"},
		{"According to the World Health Organization, 1,200 people died.", "the World Health Organization"},
		{"Some 9,000 families returned, according to a report by the Norwegian Refugee Council.", "the Norwegian Refugee Council"},
		{"According to the latest data from the Internal Displacement Monitoring Centre (IDMC), 2.1 million people were displaced.",
			"the Internal Displacement Monitoring Centre (IDMC)"},
		{"According to figures released by the office, 4,000 arrived.", ""},
		{"Over 30,000 people have fled, UNICEF said on Monday.", "UNICEF"},
		{"The UN children's agency reported that 11,000 children were displaced.", "The UN children's agency"},
		{"Somalia’s disaster management agency told Reuters that 45,000 people had fled.", "Somalia’s disaster management agency"},
		{"WFP country director Jane Doe said 500,000 people need food.", "WFP country director Jane Doe"},
		{"About 3,500 people were evacuated, said the provincial government.", "the provincial government"},
		{"“We have registered 12,000 new arrivals,” said Maria Lopez.", "Maria Lopez"},
		{"OCHA Ethiopia estimates that 60,000 people are sheltering in schools.", "OCHA Ethiopia"},
		{"The Danish Refugee Council (DRC) has said that 7,000 returned.", "The Danish Refugee Council (DRC)"},
		{"Local officials said 2,000 homes were destroyed.", "Local officials"},
		{"The government of Chad and UNHCR said 15,000 people had arrived.", "The government of Chad and UNHCR"},
		{"“Nearly 40,000 people crossed last week,” Ahmed Ali, UNHCR representative in Niger, told journalists.",
			"Ahmed Ali, UNHCR representative in Niger"},
		{"In Chad, UNHCR said 8,000 refugees had arrived.", "UNHCR"},
		{"He said 12,000 people had left.", ""},
		{"An estimated 1.2 million people were displaced.", ""},
		{"A UNICEF report counts 300,000 children out of school.", ""},
		{"Some 4,000 people fled the town on Tuesday.", ""},
		// Arabic
		{"وفقًا للمفوضية السامية للأمم المتحدة لشؤون اللاجئين، فر 5 آلاف شخص.", "للمفوضية السامية للأمم المتحدة لشؤون اللاجئين"},
		{"فر 5 آلاف شخص بحسب برنامج الأغذية العالمي.", "برنامج الأغذية العالمي"},
		{"ذكرت منظمة الصحة العالمية أن 300 شخص لقوا حتفهم.", "منظمة الصحة العالمية"},
		{"وأكدت المفوضية في بيان أن 20 ألف لاجئ وصلوا.", "المفوضية"},
		{"وقال المتحدث باسم الحكومة إن ألفي شخص نزحوا.", "المتحدث باسم الحكومة"},
	}
	for _, c := range cases {
		if got := Read(c.sentence, Options{}).AttributedTo; got != c.want {
			t.Errorf("Read(%q).AttributedTo = %q, want %q", c.sentence, got, c.want)
		}
	}
}

// TestReadOrganization resolves attributions against a small registry.
func TestReadOrganization(t *testing.T) {
	orgs := []domain.Organization{
		{ID: 1, Name: "World Food Programme", Acronym: "WFP", Aliases: []string{"UN World Food Programme"}},
		{ID: 2, Name: "Norwegian Refugee Council", Acronym: "NRC"},
		{ID: 3, Name: "United Nations Children's Fund", Acronym: "UNICEF", Aliases: []string{"the UN children's agency"}},
		{ID: 4, Name: "Office for the Coordination of Humanitarian Affairs", Acronym: "OCHA"},
		{ID: 5, Name: "Old Relief Office", Acronym: "ORO", MergedInto: 4},
		{ID: 6, Name: "World Health Organisation", Acronym: "WHO"},
	}
	cases := []struct{ sentence, want string }{
		{"Some 20,000 people crossed in May, according to WFP.", "World Food Programme"},
		{"Some 9,000 families returned, according to a report by the Norwegian Refugee Council.", "Norwegian Refugee Council"},
		{"The UN children's agency reported that 11,000 children were displaced.", "United Nations Children's Fund"},
		{"OCHA Ethiopia estimates that 60,000 people are sheltering in schools.", "Office for the Coordination of Humanitarian Affairs"},
		{"The Old Relief Office said 3,000 people had arrived.", "Office for the Coordination of Humanitarian Affairs"},
		{"According to the World Health Organization, 1,200 people died.", "World Health Organisation"},
		{"According to the Office for the Coordination of Humanitarian Affairs (OCHA), 5,000 fled.", "Office for the Coordination of Humanitarian Affairs"},
		{"A spokesperson for the UN World Food Programme said 40,000 people need aid.", "World Food Programme"},
		{"Local officials said 2,000 homes were destroyed.", ""},
		{"Some 4,000 people fled, who said they feared attacks.", ""},
	}
	for _, c := range cases {
		if got := Read(c.sentence, Options{Organizations: orgs}).Organization; got != c.want {
			t.Errorf("Read(%q).Organization = %q (attributed to %q), want %q",
				c.sentence, got, Read(c.sentence, Options{}).AttributedTo, c.want)
		}
	}
	if got := Read("WFP said 2,000 people fled.", Options{}).Organization; got != "" {
		t.Errorf("no registry: Organization = %q, want empty", got)
	}
}
