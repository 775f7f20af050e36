package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// want is what a sentence should propose. stated == "" means no value.
type want struct {
	value     float64
	q         domain.Qualifier
	stated    string
	low, high float64 // for ranges
	start     string  // PeriodStart as YYYY[-MM[-DD]], "" for zero
	end       string  // PeriodEnd
	cands     []string
}

// cand writes a candidate the way want.cands lists it.
func cand(p Proposal) string {
	return fmt.Sprintf("%s=%s %s", p.ValueAsStated, domain.FormatPlain(p.Value), p.Qualifier)
}

// demoCases are the excerpts of /work/shared/demo, verbatim.
var demoCases = []struct {
	sentence string
	want     want
}{
	{"Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023, according to a report by United Nations International Organization for Migration.",
		want{value: 1000000, q: domain.Approx, stated: "Nearly a million", start: "2023-09"}},
	{"A total of 59,561 Afghan refugees have so far been repatriated.",
		want{value: 59561, q: domain.Exact, stated: "59,561"}},
	{"The Pakistani Interior Minister has stated that approximately 200,000 out of an estimated 1.7 million undocumented Afghan migrants in Pakistan have adhered to the directive to return to their home country by November 1.",
		want{value: 200000, q: domain.Approx, stated: "approximately 200,000",
			cands: []string{"an estimated 1.7 million=1700000 approx"}}},
	{"However, Pakistan’s interior ministry put the number higher, saying 140,322 of those who had stayed illegally had left.",
		want{value: 140322, q: domain.Exact, stated: "140,322"}},
	{"At least 1,65,000 Afghans living in Pakistan without valid documents have left the country since the government ordered all illegal foreigners to leave or face forcible expulsion, officials said.",
		want{value: 165000, q: domain.AtLeast, stated: "At least 1,65,000"}},
	{"The repatriation process for Afghan nationals residing illegally in Pakistan is in progress, with a total of 474,264 individuals having returned, as of January 23, 2024.",
		want{value: 474264, q: domain.Exact, stated: "474,264", end: "2024-01-23"}},
	{"As per details, 5033 illegal Afghan nationals returned to their country from February 25 till March 2, taking the total number of returned immigrants to 503,261.",
		want{value: 503261, q: domain.Exact, stated: "503,261", cands: []string{"5033=5033 exact"}}},
	{"567,554 Afghans have been repatriated to Afghanistan till 10th May 2024.",
		want{value: 567554, q: domain.Exact, stated: "567,554", end: "2024-05-10"}},
	{"Repatriation of illegal Afghan nationals continues as 620,981 Afghans have returned to their country so far.",
		want{value: 620981, q: domain.Exact, stated: "620,981"}},
	{"He added that this is part of Pakistan’s One Document Policy, under which 857,157 undocumented individuals—most of them Afghan—have already been repatriated since the policy’s enforcement.",
		want{value: 857157, q: domain.Exact, stated: "857,157"}},
	{"But over one million Afghans have left Pakistan since Islamabad launched its repatriation program in 2023, the ministry added.",
		want{value: 1000000, q: domain.MoreThan, stated: "over one million", start: "2023"}},
	{"Last year was the deadliest in a decade for Pakistan's security forces, with at least 685 forces killed, according to Dawn news outlet",
		want{value: 685, q: domain.AtLeast, stated: "at least 685"}},
	// events.csv: dated, but no count.
	{"On 3 October 2023, the Government of Pakistan announced plans to repatriate “illegal foreigners”.", want{start: "2023-10-03", end: "2023-10-03"}},
	{"A large number of Afghans crammed into trucks and buses in Pakistan on Tuesday, heading to the border to return home hours before the expiration of Pakistan’s government deadline for those who are in the country illegally to leave or face deportation from November 1.", want{}},
	{"(Bloomberg) — Pakistan’s Deputy Prime Minister Mohammad Ishaq Dar is in Afghanistan for a day-long visit to hold talks with the country’s Taliban leaders amid a recent deterioration in ties.", want{}},
	{"Pakistan is also carrying out a campaign of forcing undocumented Afghans to leave the country by April 30.", want{}},
	// seed article
	{"It’s the first such high-level visit from Pakistan since the Taliban seized power in 2021.", want{start: "2021"}},
	{"Dar’s visit takes place at a time when ties between the two nations are at a low over accusations by Islamabad that the Afghan Taliban have given refuge to the Pakistani militants.", want{}},
}

// composedCases are written for these tests in the style of UNHCR, IOM, OCHA
// and news reporting (they are not quotations): the number forms, qualifiers
// and dates the form meets, and counter-examples that must not be read.
var composedCases = []struct {
	sentence string
	want     want
}{
	// number forms
	{"Cumulatively, since 15th September 2023, 512,400 individuals have returned to Afghanistan, primarily due to fear of arrest.",
		want{value: 512400, q: domain.Exact, stated: "512,400", start: "2023-09-15"}},
	{"Some 2.43m Afghans have returned from Iran and Pakistan since September 2023, IOM said.",
		want{value: 2430000, q: domain.Approx, stated: "Some 2.43m", start: "2023-09"}},
	{"IOM says more than 2.43 million undocumented Afghan migrants had returned from Pakistan and Iran between September 2023 and 2025.",
		want{value: 2430000, q: domain.MoreThan, stated: "more than 2.43 million", start: "2023-09", end: "2025"}},
	{"Pakistan hosts an estimated 1.3 million registered Afghan refugees holding Proof of Registration cards.",
		want{value: 1300000, q: domain.Approx, stated: "an estimated 1.3 million"}},
	{"No fewer than 1.65 lakh Afghans crossed the border at Torkham till 31 October 2023.",
		want{value: 165000, q: domain.AtLeast, stated: "No fewer than 1.65 lakh", end: "2023-10-31"}},
	{"Officials estimate 2 crore people were displaced by the floods.",
		want{value: 20000000, q: domain.Exact, stated: "2 crore"}},
	{"The appeal covers 1,000,000 people in Balochistan and Khyber Pakhtunkhwa.",
		want{value: 1000000, q: domain.Exact, stated: "1,000,000"}},
	{"Half a million Afghans could be deported by the end of the year, the ministry warned.",
		want{value: 500000, q: domain.Exact, stated: "Half a million"}},
	{"Almost two million people remain displaced in the region, as of mid-April 2024.",
		want{value: 2000000, q: domain.Approx, stated: "Almost two million", end: "2024-04"}},
	{"The region's population is 1.2bn, and 1.2 billion lack safe drinking water, the report said.",
		want{value: 1200000000, q: domain.Exact, stated: "1.2bn", cands: []string{"1.2 billion=1200000000 exact"}}},
	{"More than 250k people have fled since the fighting began in April 2023.",
		want{value: 250000, q: domain.MoreThan, stated: "More than 250k", start: "2023-04"}},
	{"Nearly 700 000 Afghans left Iran in 2024, according to the agency.",
		want{value: 700000, q: domain.Approx, stated: "Nearly 700 000", start: "2024", end: "2024"}},
	{"Some 12\u202f000 people have been displaced since the start of 2024.",
		want{value: 12000, q: domain.Approx, stated: "Some 12\u202f000", start: "2024"}},
	{"The UNHCR representative said 14\u00a0000 refugees had arrived since 2023.",
		want{value: 14000, q: domain.Exact, stated: "14\u00a0000", start: "2023"}},
	{"IOM provided post-arrival assistance to 1,003,563 returnees as of 15 April 2025.",
		want{value: 1003563, q: domain.Exact, stated: "1,003,563", end: "2025-04-15"}},
	{"Two children were killed and three others injured when a shell struck a school in the camp on 4 March 2024.",
		want{value: 2, q: domain.Exact, stated: "Two", cands: []string{"three=3 exact"}, start: "2024-03-04", end: "2024-03-04"}},
	// qualifiers
	{"Up to 600,000 undocumented Afghans could be affected by the second phase of the plan, officials warned.",
		want{value: 600000, q: domain.AtMost, stated: "Up to 600,000"}},
	{"Fewer than 5,000 refugees were resettled to third countries in 2024.",
		want{value: 5000, q: domain.LessThan, stated: "Fewer than 5,000", start: "2024", end: "2024"}},
	{"Over the past two weeks, about 104,000 people left through Torkham, the deputy commissioner said.",
		want{value: 104000, q: domain.Approx, stated: "about 104,000"}},
	{"Last year, over 200 migrants died crossing the Mediterranean.",
		want{value: 200, q: domain.MoreThan, stated: "over 200"}},
	{"As many as 40 people drowned when the boat capsized off the coast on 14 June 2023.",
		want{value: 40, q: domain.AtMost, stated: "As many as 40", start: "2023-06-14", end: "2023-06-14"}},
	{"Returns through Chaman have been running at well over 3,000 people a day since 1 November 2023.",
		want{value: 3000, q: domain.MoreThan, stated: "well over 3,000", start: "2023-11-01"}},
	{"The organisation assisted 45,000+ returnees in February 2024.",
		want{value: 45000, q: domain.AtLeast, stated: "45,000+", start: "2024-02", end: "2024-02"}},
	{"Some 500-odd families are sheltering in the mosque.",
		want{value: 500, q: domain.Approx, stated: "Some 500-odd"}},
	{"Border officials counted 1,800 or more returnees a day at Torkham since November 1, 2023.",
		want{value: 1800, q: domain.AtLeast, stated: "1,800 or more", start: "2023-11-01"}},
	// ranges
	{"Between 20,000 and 30,000 people have been displaced by fighting in the district since 1 November 2023.",
		want{value: 25000, q: domain.Range, stated: "Between 20,000 and 30,000", low: 20000, high: 30000, start: "2023-11-01"}},
	{"Between 800,000 and 1 million Afghans are expected to return in 2025, the plan estimates.",
		want{value: 900000, q: domain.Range, stated: "Between 800,000 and 1 million", low: 800000, high: 1000000, start: "2025", end: "2025"}},
	{"The floods affected 1.5 to 2 million people, OCHA said.",
		want{value: 1750000, q: domain.Range, stated: "1.5 to 2 million", low: 1500000, high: 2000000}},
	{"An estimated 20-30 families arrive at the transit centre every day.",
		want{value: 25, q: domain.Range, stated: "An estimated 20-30", low: 20, high: 30}},
	{"From 15,000 to 20,001 refugees are expected to cross the border.",
		want{value: 17500, q: domain.Range, stated: "From 15,000 to 20,001", low: 15000, high: 20001}},
	{"The number of arrivals rose from 200,000 in 2023 to 350,000 by the end of 2024.",
		want{value: 350000, q: domain.Exact, stated: "350,000", end: "2024", cands: []string{"200,000=200000 exact"}}},
	{"Arrivals increased from 12,000 to 18,500 people over the month.",
		want{value: 18500, q: domain.Exact, stated: "18,500", cands: []string{"12,000=12000 exact"}}},
	// periods
	{"Between 16 and 31 July 2023, 3,480 undocumented Afghan nationals spontaneously returned to Afghanistan, including 1,410 through the Torkham border point.",
		want{value: 3480, q: domain.Exact, stated: "3,480", start: "2023-07-16", end: "2023-07-31", cands: []string{"1,410=1410 exact"}}},
	{"A total of 26,105 undocumented Afghan nationals returned to Afghanistan from Pakistan between April and June 2023, the agency said.",
		want{value: 26105, q: domain.Exact, stated: "26,105", start: "2023-04", end: "2023-06"}},
	{"Between 1st and 15th January 2024, IOM reported 9,982 Afghan nationals returning through various border crossing points.",
		want{value: 9982, q: domain.Exact, stated: "9,982", start: "2024-01-01", end: "2024-01-15"}},
	{"From 25 December to 5 January 2024, 7,400 people crossed at Spin Boldak.",
		want{value: 7400, q: domain.Exact, stated: "7,400", start: "2023-12-25", end: "2024-01-05"}},
	{"As of 7 December 2023, UNHCR and partners had recorded 471,000 returns to Afghanistan since 15 September.",
		want{value: 471000, q: domain.Exact, stated: "471,000", start: "2023-09-15", end: "2023-12-07"}},
	{"Approximately 1.7 million Afghans were estimated to be living in Pakistan without documents as at 30 September 2023.",
		want{value: 1700000, q: domain.Approx, stated: "Approximately 1.7 million", end: "2023-09-30"}},
	{"Since October 2023, 541,000 Afghans have returned, up to 31 May 2025 according to the latest figures.",
		want{value: 541000, q: domain.Exact, stated: "541,000", start: "2023-10", end: "2025-05-31"}},
	{"UNHCR counted 610,000 returns until 31 May 2025, as of Monday, 2 June 2025.",
		want{value: 610000, q: domain.Exact, stated: "610,000", end: "2025-05-31"}},
	{"The total number of deportees since 1 November 2023 stands at 43,520, officials said on 23 January 2024.",
		want{value: 43520, q: domain.Exact, stated: "43,520", start: "2023-11-01", end: "2024-01-23"}},
	{"The border consortium reported over 632,000 returns as of the end of May 2025.",
		want{value: 632000, q: domain.MoreThan, stated: "over 632,000", end: "2025-05"}},
	{"Returns reached 9,000 per day as of 2024-01-23, officials said.",
		want{value: 9000, q: domain.Exact, stated: "9,000", end: "2024-01-23"}},
	{"About 300,000 Afghans must leave by 15 June, the order says.",
		want{value: 300000, q: domain.Approx, stated: "About 300,000"}},
	{"Between 11th to 21st of this month, 23,000 Afghans returned.",
		want{value: 23000, q: domain.Exact, stated: "23,000"}},
	{"In 2024, 790,000 Afghans returned from Pakistan, more than last year.",
		want{value: 790000, q: domain.Exact, stated: "790,000", start: "2024", end: "2024"}},
	{"The registration drive, launched on 1 April 2025, will run until 30 June 2025.",
		want{start: "2025-04-01", end: "2025-06-30"}},
	{"As of 30 February 2024, 12,000 people had been registered.",
		want{value: 12000, q: domain.Exact, stated: "12,000"}},
	{"Of the 1.7 million Afghans, 600,000 have left.",
		want{value: 600000, q: domain.Exact, stated: "600,000", cands: []string{"1.7 million=1700000 exact"}}},
	{"At least 1,000 people, including at least 400 children, were displaced.",
		want{value: 1000, q: domain.AtLeast, stated: "At least 1,000", cands: []string{"at least 400=400 at_least"}}},
	{"A minimum of 3,500 households and upwards of 20,000 individuals were affected.",
		want{value: 3500, q: domain.AtLeast, stated: "A minimum of 3,500", cands: []string{"upwards of 20,000=20000 more_than"}}},
	{"c. 500 people, ~600 people, approx. 700 people and >1,000 people were counted.",
		want{value: 500, q: domain.Approx, stated: "c. 500", cands: []string{"~600=600 approx", "approx. 700=700 approx", ">1,000=1000 more_than"}}},
	{"Twenty-five thousand people and two hundred and fifty families arrived.",
		want{value: 25000, q: domain.Exact, stated: "Twenty-five thousand", cands: []string{"two hundred and fifty=250 exact"}}},
	{"Two to three million people may need assistance.",
		want{value: 2500000, q: domain.Range, stated: "Two to three million", low: 2000000, high: 3000000}},
	{"NEARLY A MILLION AFGHANS HAVE RETURNED SINCE SEPTEMBER 2023.",
		want{value: 1000000, q: domain.Approx, stated: "NEARLY A MILLION", start: "2023-09"}},
	{"Between 2021 and 2023, 1.6 million Afghans fled to Iran.",
		want{value: 1600000, q: domain.Exact, stated: "1.6 million", start: "2021", end: "2023"}},
	{"IOM recorded 3,200 returns (between 1 January - 31 July 2023).",
		want{value: 3200, q: domain.Exact, stated: "3,200", start: "2023-01-01", end: "2023-07-31"}},
	{"Returnees: 1.234.567 (Stand: 31.12.2024).",
		want{value: 1234567, q: domain.Exact, stated: "1.234.567"}},
	// ambiguous, read as a date: "January 25"
	{"In January 25 people died at the crossing.", want{}},
	// counter-examples: numbers that are not counts
	{"Around 15% of returnees reported having no shelter on arrival.", want{}},
	{"Fifteen percent of returnees were female-headed households, and 3 per cent were unaccompanied children.", want{}},
	{"UNHCR appealed for US$1.2 million to assist 50,000 returnees at the border.",
		want{value: 50000, q: domain.Exact, stated: "50,000"}},
	{"The government allocated Rs. 500 million and $300 for the relief of 12,000 displaced families.",
		want{value: 12000, q: domain.Exact, stated: "12,000"}},
	{"Donors pledged 1.5 million dollars, 200,000 euros and 40 million rupees.", want{}},
	{"Resolution 2231 was cited by officials, who said 1,200 people had been detained.",
		want{value: 1200, q: domain.Exact, stated: "1,200"}},
	{"The hotline +92 51 9201234 and 051-920-1234 received 3,000 calls.",
		want{value: 3000, q: domain.Exact, stated: "3,000"}},
	{"At 10:30 on Tuesday, 45 families boarded the buses; the second convoy left at 3pm and the third at 10.30 a.m.",
		want{value: 45, q: domain.Exact, stated: "45"}},
	{"The 2nd round of the plan began on the first of the month and ran for 9 days.", want{}},
	{"See page 3 and No. 5 of the 1990s report on 250 households.",
		want{value: 250, q: domain.Exact, stated: "250"}},
	{"The 5-year-old was one of 12 children rescued.",
		want{value: 12, q: domain.Exact, stated: "12"}},
	{"The population of Karachi is 20.4 million, and 1.2% are Afghans.",
		want{value: 20400000, q: domain.Exact, stated: "20.4 million"}},
	{"One in five returnees is a child under five.", want{}},
	{"Children under 18 account for 55 per cent of the 1.1 million returnees.",
		want{value: 1100000, q: domain.Exact, stated: "1.1 million"}},
	{"The 2023-24 response plan targets 2.5 million people in need.",
		want{value: 2500000, q: domain.Exact, stated: "2.5 million"}},
	{"Thousands of Afghans queued at the border crossing on 1 November 2023.", want{start: "2023-11-01", end: "2023-11-01"}},
	{"Hundreds of thousands of people have fled the fighting, and tens of thousands more are expected.", want{}},
	{"Covid-19 restrictions reduced crossings by 60% in 2020.", want{start: "2020", end: "2020"}},
	{"A 10-member delegation visited 3 camps hosting 2,000 families.",
		want{value: 2000, q: domain.Exact, stated: "2,000", cands: []string{"3=3 exact"}}},
	{"The two sides agreed on a one-day visit and a 30-day extension for card holders.", want{}},
	{"Deadline for undocumented Afghans to leave Pakistan: 30 April 2025, extended from 31 March 2025.", want{}},
	{"Arrests and deportations from 1 November 2023 have affected 12,300 people.",
		want{value: 12300, q: domain.Exact, stated: "12,300", start: "2023-11-01"}},
	{"The deadline for Afghan Citizen Card holders was extended to 31 March 2025.", want{}},
	{"Flights resumed on 30/04/2025 and the camp reopened on 2.5.2025.", want{}},
	{"In 2021 alone, 700,000 people were newly displaced within the country.",
		want{value: 700000, q: domain.Exact, stated: "700,000", start: "2021", end: "2021"}},
	{"The 2000 families who arrived in 1999 are still in the camp.",
		want{value: 2000, q: domain.Exact, stated: "2000", start: "1999", end: "1999"}},
	// other scripts
	{"بازگشت 150,000 مهاجر افغان از پاکستان", want{value: 150000, q: domain.Exact, stated: "150,000"}},
	{"شمار بازگشت‌کنندگان به ۵۰۰ هزار نفر رسید", want{value: 500000, q: domain.Exact, stated: "۵۰۰ هزار"}},
	{"", want{}},
}

func TestFromSentence(t *testing.T) {
	all := append(append([]struct {
		sentence string
		want     want
	}{}, demoCases...), composedCases...)
	for _, tc := range all {
		got := FromSentence(tc.sentence)
		if diff := compare(got, tc.want); diff != "" {
			t.Errorf("FromSentence(%q):\n%s", tc.sentence, diff)
		}
	}
}

// compare lists the differences between a proposal and what was wanted.
func compare(got Proposal, w want) string {
	var d []string
	add := func(field string, got, want any) {
		if fmt.Sprint(got) != fmt.Sprint(want) {
			d = append(d, fmt.Sprintf("  %s: got %v, want %v", field, got, want))
		}
	}
	add("HasValue", got.HasValue, w.stated != "")
	add("Value", domain.FormatPlain(got.Value), domain.FormatPlain(w.value))
	add("Qualifier", got.Qualifier, w.q)
	add("ValueAsStated", fmt.Sprintf("%q", got.ValueAsStated), fmt.Sprintf("%q", w.stated))
	add("PeriodStart", got.PeriodStart, w.start)
	add("PeriodEnd", got.PeriodEnd, w.end)
	if w.q == domain.Range {
		if got.ValueLow == nil || got.ValueHigh == nil {
			d = append(d, "  ValueLow/ValueHigh: nil")
		} else {
			add("ValueLow", *got.ValueLow, w.low)
			add("ValueHigh", *got.ValueHigh, w.high)
		}
	} else if got.ValueLow != nil || got.ValueHigh != nil {
		d = append(d, "  ValueLow/ValueHigh set without a range")
	}
	var cands []string
	for _, c := range got.Candidates {
		cands = append(cands, cand(c))
	}
	add("Candidates", strings.Join(cands, "; "), strings.Join(w.cands, "; "))
	return strings.Join(d, "\n")
}
