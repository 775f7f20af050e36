package domain_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Organisations the Sudan data names (/work/shared/realistic/figures.csv,
// attributed_to), with the aliases a person would map once.
const (
	iom int64 = iota + 1
	unhcr
	idmc
	ocha
	wfp
	unicef
	un
	egypt
	egyptMFA
	fao
	unhcrEgypt // merged into UNHCR
	unDPO      // shares "UN" with un: an ambiguous key
)

func sudanOrgs() []domain.Organization {
	return []domain.Organization{
		{ID: iom, Name: "International Organization for Migration", Acronym: "IOM", Kind: domain.OrgKinds[0],
			Aliases: []string{"المنظمة الدولية للهجرة", "DTM Sudan", "IOM DTM", "Displacement Tracking Matrix"}},
		{ID: unhcr, Name: "United Nations High Commissioner for Refugees", Acronym: "UNHCR",
			Aliases: []string{"the UN refugee agency", "المفوضية السامية لشؤون اللاجئين التابعة للأمم المتحدة",
				"المفوضية السامية للأمم المتحدة لشؤون اللاجئين"}},
		{ID: idmc, Name: "Internal Displacement Monitoring Centre", Acronym: "IDMC"},
		{ID: ocha, Name: "United Nations Office for the Coordination of Humanitarian Affairs", Acronym: "OCHA",
			Aliases: []string{"UNOCHA"}},
		{ID: wfp, Name: "World Food Programme", Acronym: "WFP"},
		{ID: unicef, Name: "United Nations Children's Fund", Acronym: "UNICEF"},
		{ID: un, Name: "United Nations", Acronym: "UN"},
		{ID: egypt, Name: "Government of Egypt", Country: "EGY", Aliases: []string{"the Egyptian government"}},
		{ID: egyptMFA, Name: "Ministry of Foreign Affairs of Egypt", Country: "EGY", ParentID: egypt},
		{ID: fao, Name: "Food and Agriculture Organization", Acronym: "FAO"},
		{ID: unhcrEgypt, Name: "UNHCR Egypt", MergedInto: unhcr},
	}
}

// lookupOf is the lookup the store gives ResolveAttribution, over orgs.
func lookupOf(orgs []domain.Organization) func(string) []int64 {
	return domain.NewOrgIndex(orgs).Lookup
}

func TestOrgKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"The International Organization for Migration", "the international organization  for migration"},
		{"U.N.H.C.R.", "UNHCR"},
		{"Médecins Sans Frontières", "MEDECINS SANS FRONTIERES"},
		{"Pakistan's government", "Pakistans Government"},
		{"the the UNHCR", "UNHCR"},
		// Arabic: harakat, tatweel, hamza on alef, alef maksura, ta marbuta.
		{"المُفَوَّضِيَّةُ", "المفوضية"},
		{"المفـــوضية", "المفوضية"},
		{"الأمم المتحدة", "الامم المتحده"},
		{"إدارة", "ادارة"},
		{"آمنة", "امنه"},
		{"ٱلهجرة", "الهجرة"},
		{"على", "علي"},
		{"لشؤون", "لشئون"},
		{"فارسی کمیته", "فارسي كميته"},
		{"٢٠٢٤ ۲۰۲۴", "2024 2024"},
		{"المفوض\u200cية\u200f", "المفوضية"},
		{"ﻻ", "لا"}, // a presentation form from a PDF
		{"ＵＮＨＣＲ", "unhcr"},
	}
	for _, tt := range tests {
		if a, b := domain.OrgKey(tt.a), domain.OrgKey(tt.b); a != b {
			t.Errorf("OrgKey(%q) = %q, OrgKey(%q) = %q; want them equal", tt.a, a, tt.b, b)
		}
	}
	differ := []struct{ a, b string }{
		{"International Organization for Migration", "International Organisation for Migration"},
		{"المتحدة", "المت حدة"},  // a stray space is not guessed away
		{"الهجرة", "هجرة"},       // the article is kept
		{"ةالف", "هالف"},         // ta marbuta inside a word is kept
		{"UNHCR Egypt", "UNHCR"}, // a country office is another spelling
	}
	for _, tt := range differ {
		if a, b := domain.OrgKey(tt.a), domain.OrgKey(tt.b); a == b {
			t.Errorf("OrgKey(%q) and OrgKey(%q) are both %q; want them to differ", tt.a, tt.b, a)
		}
	}
	if got, want := domain.OrgKey("  The U.N. Refugee-Agency "), "un refugee agency"; got != want {
		t.Errorf("OrgKey = %q, want %q", got, want)
	}
}

func TestResolveAttributionSudan(t *testing.T) {
	lookup := lookupOf(sudanOrgs())
	tests := []struct {
		words string
		want  []int64 // nil: Unresolved
	}{
		// Names, acronyms and aliases, as spelled.
		{"the United Nations", []int64{un}},
		{"The United Nations", []int64{un}},
		{"the UN", []int64{un}},
		{"UNHCR", []int64{unhcr}},
		{"the UNHCR", []int64{unhcr}},
		{"IDMC", []int64{idmc}},
		{"OCHA", []int64{ocha}},
		{"UNOCHA", []int64{ocha}},
		{"The UNOCHA", []int64{ocha}},
		{"IOM", []int64{iom}},
		{"the IOM", []int64{iom}},
		{"DTM Sudan", []int64{iom}},
		{"IOM DTM", []int64{iom}},
		{"the International Organization for Migration", []int64{iom}},
		{"The International Organization for Migration", []int64{iom}},
		{"the UN refugee agency", []int64{unhcr}},
		{"The UN Refugee Agency", []int64{unhcr}},
		{"the Egyptian government", []int64{egypt}},
		{"المنظمة الدولية للهجرة", []int64{iom}},
		{"المفوضية السامية للأمم المتحدة لشؤون اللاجئين", []int64{unhcr}},
		{"المفوضية السامية لشؤون اللاجئين التابعة للأمم المتحدة", []int64{unhcr}},
		// The same words with ئ for ؤ: one spelling after folding.
		{"المفوضية السامية للأمم المتحدة لشئون اللاجئين", []int64{unhcr}},
		{"المفوضية السامية لشئون اللاجئين التابعة للأمم المتحدة", []int64{unhcr}},
		// A trailing remark; a bracketed acronym when the words before fail.
		{"UNHCR regional refugee response report (figure footnoted)", nil},
		{"the International Organization for Migration (IOM)", []int64{iom}},
		{"The International Organization for Migration (IOM)", []int64{iom}},
		{"the International Organisation for Migration (IOM)", []int64{iom}},
		{"the International Organization for Migration [IOM]", []int64{iom}},
		{"Internal Displacement Monitoring Centre (IDMC)", []int64{idmc}},
		{"the Internal Displacement Monitoring Centre (IDMC)", []int64{idmc}},
		{"the United Nations humanitarian agency (OCHA)", []int64{ocha}},
		{"the United Nations High Commissioner for Refugees (UNHCR)", []int64{unhcr}},
		{"the Displacement Tracking Matrix (DTM) issued by the International Organization for Migration (IOM)", []int64{iom}},
		// Not stated: resolved, to nobody.
		{"(not stated)", []int64{}},
		{"(not stated; article relays an IOM statement received by Sudan Tribune)", []int64{}},
		{"(statement signatories not named in the stored copy)", []int64{}},
		// Joint attributions.
		{"UNICEF and the UN World Food Programme (WFP)", []int64{unicef, wfp}},
		{"the UN High Commissioner for Refugees (UNHCR) and the International Organization for Migration (IOM)", []int64{unhcr, iom}},
		{"the UN refugee agency, UNHCR", []int64{unhcr}}, // apposition: one organisation twice
		// People, country offices, other spellings: a person maps them once.
		{"UNHCR spokesman Evan Watson", nil},
		{"IOM director-general Amy Pope", nil},
		{"UN High Commissioner for Refugees Filippo Grandi", nil},
		{"Raouf Mazou, Assistant High Commissioner for UNHCR Operations", nil},
		{"UNHCR Principal Situation Coordinator in Chad, Dossou Patrice Ahouansou", nil},
		{"Sanaa Abdalla Omer, United Nations High Commissioner for Refugees (UNHCR) and the International Organization for Migration (IOM)", nil},
		{"UNHCR Egypt", nil}, // merged away: its aliases moved to UNHCR, if any
		{"UNHCR Chad", nil},
		{"UNHCR in Chad", nil},
		{"The World Food Program WFP", nil},
		{"The Egyptian foreign ministry", nil},
		{"the government of Egypt", []int64{egypt}},
		{"المنظمة الدولية للهجرة الدولية", nil},
		{"منظمة الهجرة الدولية", nil},
		{"فرق تابعة لمفوضية الأمم المت حدة السامية لشؤون اللاجئين", nil},
		{"البوابة الإلكترونية التابعة للمفوضية", nil},
		{"دومينيك هايد مدير العلاقات الخارجية بالمفوضية السامية لشؤون اللاجئين التابعة للأمم المتحدة", nil},
		{"ACAPS", nil},
		{"Castro", nil},
		{"the Famine Review Committee", nil},
		{"Islamic Relief Worldwide", nil},
	}
	for _, tt := range tests {
		got := domain.ResolveAttribution(tt.words, lookup)
		if tt.want == nil {
			if !got.Unresolved || len(got.IDs) != 0 {
				t.Errorf("%q: got %+v, want unresolved", tt.words, got)
			}
			continue
		}
		if got.Unresolved || !slices.Equal(got.IDs, tt.want) && len(got.IDs)+len(tt.want) > 0 {
			t.Errorf("%q: got %+v, want ids %v", tt.words, got, tt.want)
		}
	}
}

func TestResolveAttributionRules(t *testing.T) {
	orgs := append(sudanOrgs(),
		domain.Organization{ID: unDPO, Name: "United Nations Department of Peace Operations", Acronym: "DPO",
			Aliases: []string{"the UN"}},
		domain.Organization{ID: 101, Name: "Alpha"}, domain.Organization{ID: 102, Name: "Alpha and Beta"},
		domain.Organization{ID: 103, Name: "Beta and Gamma"}, domain.Organization{ID: 104, Name: "Gamma"},
	)
	lookup := lookupOf(orgs)
	tests := []struct {
		words      string
		want       []int64 // nil: Unresolved
		candidates []int64
	}{
		{"IOM and UNHCR", []int64{iom, unhcr}, nil},
		{"UNHCR-IOM joint report", []int64{unhcr, iom}, nil},
		{"UNHCR–IOM joint statement", []int64{unhcr, iom}, nil},
		{"IOM & UNHCR", []int64{iom, unhcr}, nil},
		{"IOM/UNHCR", []int64{iom, unhcr}, nil},
		{"IOM + UNHCR + WFP", []int64{iom, unhcr, wfp}, nil},
		{"IOM, UNHCR and WFP", []int64{iom, unhcr, wfp}, nil},
		{"IOM AND UNHCR joint", []int64{iom, unhcr}, nil},
		{"IOM and UNHCR (joint press release, Geneva)", []int64{iom, unhcr}, nil},
		{"IOM and UNHCR joint press release (Geneva)", []int64{iom, unhcr}, nil},
		{"UNHCR and the UN refugee agency", []int64{unhcr}, nil}, // one organisation, named twice
		{"المنظمة الدولية للهجرة، المفوضية السامية للأمم المتحدة لشؤون اللاجئين", []int64{iom, unhcr}, nil},
		// A name holding "and" is one part: the split with fewest parts wins.
		{"the Food and Agriculture Organization and WFP", []int64{fao, wfp}, nil},
		{"FAO and WFP", []int64{fao, wfp}, nil},
		// Two splits of as many parts that disagree: a person chooses.
		{"Alpha and Beta and Gamma", nil, []int64{101, 103, 102, 104}},
		// Every part must resolve, to exactly one.
		{"IOM and Castro", nil, nil},
		{"IOM and the UN", nil, nil},
		{"IOM (Geneva, UNHCR)", []int64{iom}, nil}, // separators inside brackets do not split
		{"UN-Habitat", nil, nil},                   // a dash splits two acronyms only
		{"IOM-Castro", nil, nil},
		// A key matching several organisations is never chosen from.
		{"the UN", nil, []int64{un, unDPO}},
		{"The U.N.", nil, []int64{un, unDPO}},
		// The bracketed acronym chooses among them.
		{"the UN (DPO)", []int64{unDPO}, nil},
		{"the UN (WFP)", nil, []int64{un, unDPO}},
		// An acronym alone in brackets names it; a remark names nobody.
		{"(IOM)", []int64{iom}, nil},
		{"[UNHCR]", []int64{unhcr}, nil},
		{"(annual report)", []int64{}, nil},
		{"", []int64{}, nil},
		{"UNHCR (post on X)", []int64{unhcr}, nil},
		{"UNHCR (Geneva press briefing, A. Jamal)", []int64{unhcr}, nil},
		{"Castro (AFP)", nil, nil},
	}
	for _, tt := range tests {
		got := domain.ResolveAttribution(tt.words, lookup)
		if tt.want == nil {
			if !got.Unresolved || len(got.IDs) != 0 || !slices.Equal(got.Candidates, tt.candidates) {
				t.Errorf("%q: got %+v, want unresolved with candidates %v", tt.words, got, tt.candidates)
			}
			continue
		}
		if got.Unresolved || !slices.Equal(got.IDs, tt.want) && len(got.IDs)+len(tt.want) > 0 || len(got.Candidates) > 0 {
			t.Errorf("%q: got %+v, want ids %v", tt.words, got, tt.want)
		}
	}
	// A lookup that returns one organisation twice (its name and an alias
	// share a key) names one organisation.
	twice := func(string) []int64 { return []int64{7, 7} }
	if got := domain.ResolveAttribution("UN", twice); got.Unresolved || !slices.Equal(got.IDs, []int64{7}) {
		t.Errorf("lookup returning one id twice: got %+v, want [7]", got)
	}
	if got := domain.NewOrgIndex(orgs).Resolve("IOM and UNHCR"); !slices.Equal(got.IDs, []int64{iom, unhcr}) {
		t.Errorf("OrgIndex.Resolve: got %+v, want IOM and UNHCR", got)
	}
	if got := domain.ResolveAttribution("UN", nil); !got.Unresolved {
		t.Errorf("nil lookup: got %+v, want unresolved", got)
	}
}

// The organisations proposed for the Sudan spellings that resolve to none.
func TestClosestOrgsSudan(t *testing.T) {
	x := domain.NewOrgIndex(sudanOrgs())
	tests := []struct {
		words string
		want  []int64 // best first; at most 3
	}{
		{"UNHCR spokesman Evan Watson", []int64{unhcr}},
		{"IOM director-general Amy Pope", []int64{iom}},
		{"UN High Commissioner for Refugees Filippo Grandi", []int64{unhcr, un}},
		{"Raouf Mazou, Assistant High Commissioner for UNHCR Operations", []int64{unhcr}},
		{"UNHCR Principal Situation Coordinator in Chad, Dossou Patrice Ahouansou", []int64{unhcr}},
		{"UNHCR regional refugee response report (figure footnoted)", []int64{unhcr}},
		{"Sanaa Abdalla Omer, United Nations High Commissioner for Refugees (UNHCR) and the International Organization for Migration (IOM)",
			[]int64{unhcr, iom, un}},
		// The merged "UNHCR Egypt" is not proposed; its organisation is.
		{"UNHCR Egypt", []int64{unhcr, egypt, egyptMFA}},
		{"UNHCR in Chad", []int64{unhcr}},
		{"The World Food Program WFP", []int64{wfp, fao}},
		{"The Egyptian foreign ministry", []int64{egyptMFA, egypt}},
		{"المنظمة الدولية للهجرة الدولية", []int64{iom}},
		{"منظمة الهجرة الدولية", []int64{iom}},
		{"فرق تابعة لمفوضية الأمم المت حدة السامية لشؤون اللاجئين", []int64{unhcr}},
		{"البوابة الإلكترونية التابعة للمفوضية", []int64{unhcr}},
		{"دومينيك هايد مدير العلاقات الخارجية بالمفوضية السامية لشؤون اللاجئين التابعة للأمم المتحدة", []int64{unhcr}},
		// Nothing shared, nothing proposed: "worldwide" is not "world".
		{"Castro", nil},
		{"ACAPS", nil},
		{"Islamic Relief Worldwide", nil},
	}
	for _, tt := range tests {
		var got []int64
		for _, o := range x.Closest(tt.words, 3) {
			got = append(got, o.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Closest(%q) = %v, want %v", tt.words, got, tt.want)
		}
		var wrapped []int64
		for _, o := range domain.ClosestOrgs(tt.words, sudanOrgs(), 3) {
			wrapped = append(wrapped, o.ID)
		}
		if !slices.Equal(wrapped, got) {
			t.Errorf("ClosestOrgs(%q) = %v, Closest gave %v", tt.words, wrapped, got)
		}
	}
	if got := x.Closest("UNHCR", 0); len(got) != 0 {
		t.Errorf("Closest(n=0) = %v, want none", got)
	}
	if got := domain.ClosestOrgs("UNHCR", nil, 3); len(got) != 0 {
		t.Errorf("ClosestOrgs with no organisations = %v, want none", got)
	}
}

// Organisations that score alike come in order of name, whatever order
// they were given in.
func TestClosestOrgsTiesByName(t *testing.T) {
	orgs := []domain.Organization{
		{ID: 3, Name: "Sudan Ministry of Health"}, {ID: 1, Name: "Sudan Ministry of Interior"},
		{ID: 2, Name: "Sudan Ministry of Agriculture"},
	}
	for range 3 {
		var got []string
		for _, o := range domain.ClosestOrgs("Sudanese ministry official", orgs, 5) {
			got = append(got, o.Name)
		}
		want := []string{"Sudan Ministry of Agriculture", "Sudan Ministry of Health", "Sudan Ministry of Interior"}
		if !slices.Equal(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
		slices.Reverse(orgs)
	}
}

// At the size of a real register, the right organisation still comes
// first, and a few hundred words take well under a second.
func TestClosestOrgsAtScale(t *testing.T) {
	orgs := sudanOrgs()
	for i := range 2000 {
		orgs = append(orgs, domain.Organization{ID: int64(1000 + i),
			Name:    fmt.Sprintf("Ministry of Displacement Affairs of Province %d", i),
			Acronym: fmt.Sprintf("MDA%d", i), Aliases: []string{fmt.Sprintf("Province %d government", i)}})
	}
	x := domain.NewOrgIndex(orgs)
	start := time.Now()
	for i := range 300 {
		got := x.Closest(fmt.Sprintf("MDA%d spokesman Evan Watson", i), 5)
		if len(got) == 0 || got[0].ID != int64(1000+i) {
			t.Fatalf("Closest for MDA%d: first is %+v", i, got)
		}
	}
	if got := x.Closest("UNHCR spokesman Evan Watson", 5); len(got) == 0 || got[0].ID != unhcr {
		t.Errorf("Closest among 2,000: first is %+v, want UNHCR", got)
	}
	t.Logf("300 words against %d organisations: %v", len(orgs), time.Since(start))
}

// FuzzOrgKey checks that OrgKey, ResolveAttribution and Closest never
// panic on any words, that OrgKey is idempotent, and that a resolution
// names each organisation once.
func FuzzOrgKey(f *testing.F) {
	for _, s := range []string{
		"", "the", "the the UNHCR", "UNHCR (Geneva press briefing, A. Jamal)", "(not stated)", "((IOM)",
		"IOM and UNHCR", "UNHCR-IOM joint report", "a - b", " and and ", ",,,", "(IOM)", "[", ")",
		"المفوضية السامية للأمم المتحدة لشئون اللاجئين", "فرق تابعة لمفوضية الأمم المت حدة", "ة", "ﻷ",
		"ـ", "\u200c", "İstanbul", "ǅ", "ﬁ", "Ⅻ", "ᄀ\u1161", "é\u0301", "UN–Habitat/WFP+FAO&IOM, UNICEF",
	} {
		f.Add(s)
	}
	x := domain.NewOrgIndex(sudanOrgs())
	f.Fuzz(func(t *testing.T, words string) {
		k := domain.OrgKey(words)
		if again := domain.OrgKey(k); again != k {
			t.Errorf("OrgKey(%q) = %q, but OrgKey(%q) = %q", words, k, k, again)
		}
		r := domain.ResolveAttribution(words, x.Lookup)
		if len(r.IDs) > 0 && r.Unresolved {
			t.Errorf("%q: %+v is both resolved and not", words, r)
		}
		for i, id := range r.IDs {
			if slices.Contains(r.IDs[:i], id) {
				t.Errorf("%q: %v names %d twice", words, r.IDs, id)
			}
		}
		if domain.NotStated(words) && (r.Unresolved || len(r.IDs) > 0) {
			t.Errorf("%q is not stated but resolved to %+v", words, r)
		}
		if got := x.Closest(words, 3); len(got) > 3 {
			t.Errorf("Closest(%q, 3) gave %d", words, len(got))
		}
	})
}

func TestOrgNameFrom(t *testing.T) {
	for words, want := range map[string]string{
		"the United Nations":    "United Nations",
		"The UNOCHA":            "UNOCHA",
		"UNHCR (post on X)":     "UNHCR",
		"(not stated)":          "(not stated)",
		"the":                   "the",
		"Theatre Company":       "Theatre Company",
		"  المنظمة الدولية  ":   "المنظمة الدولية",
		"the IOM (annual data)": "IOM",
	} {
		if got := domain.OrgNameFrom(words); got != want {
			t.Errorf("OrgNameFrom(%q) = %q, want %q", words, got, want)
		}
	}
}

// Separators that overlap ("and and", "and, and") split nothing backwards:
// the words resolve or are a question, and never panic.
func TestResolveOverlappingSeparators(t *testing.T) {
	lookup := func(key string) []int64 {
		return map[string][]int64{"iom": {1}, "unhcr": {2}}[key]
	}
	for _, words := range []string{"IOM and and UNHCR", "IOM and  and UNHCR", "IOM and, and UNHCR", "IOM and and", "and and and", "IOM & and UNHCR"} {
		r := domain.ResolveAttribution(words, lookup)
		if !r.Unresolved && len(r.IDs) == 0 {
			t.Errorf("%q: %+v names nobody", words, r)
		}
	}
}
