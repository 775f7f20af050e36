package extract

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// TestReadPeriod reads the period of sentences written for this test, each
// one form of reporting, against a publication date ("" for none).
func TestReadPeriod(t *testing.T) {
	cases := []struct {
		sentence, published, start, end string
	}{
		// stated in full
		{"Between March 2, 2022, and June 30, 2023, some 40,000 people were registered.", "", "2022-03-02", "2023-06-30"},
		{"From 4 to 8 August 2024, 2,300 families crossed the border.", "", "2024-08-04", "2024-08-08"},
		{"12–18 February 2019: 7,000 arrivals recorded at the transit centre.", "", "2019-02-12", "2019-02-18"},
		{"Since late March 2022, 15,000 people have fled the district.", "2022-06-10", "2022-03", "2022-06-10"},
		{"During the second half of 2022 the agency registered 9,400 returnees.", "", "2022-07-01", "2022-12-31"},
		{"In the first quarter of 2021, 3,100 people were relocated.", "", "2021-01-01", "2021-03-31"},
		{"Throughout 2019, 52,000 people crossed into the country.", "", "2019", "2019"},
		{"In October 2022, 18,000 people left the camps.", "", "2022-10", "2022-10"},
		// a "since" that is the base of a comparison starts nothing
		{"It was the worst flooding since 1998, and 45,000 people fled their homes.", "", "", ""},
		{"Camp populations have doubled since 2020 and now stand at 310,000 people.", "", "", ""},
		{"The largest exodus since 2011 saw 75,000 people cross the border in May 2024.", "", "2024-05", "2024-05"},
		// between an event and a date
		{"Some 64,000 people returned between the ceasefire in March 2021 and 30 June 2022.", "", "2021-03", "2022-06-30"},
		{"Fighting between the army and the militia in May 2023 displaced 9,000 people.", "", "2023-05", "2023-05"},
		// a date after a bracketed name, a month named as such, a dateline
		{"Since the clashes between the Alpha Brigade (AB) and the National Guard (NG) began on 2 May 2022, 30,000 have fled.", "2022-08-01", "2022-05-02", "2022-08-01"},
		{"Field teams counted 8,100 arrivals in the month of August 2020.", "", "2020-08", "2020-08"},
		{"Goma, March 3 – Some 4,000 people have fled the town, the agency said.", "2022-03-04", "", "2022-03-03"},
		// the Persian solar calendar: a day is its Gregorian day, a month the
		// days from its first to its last; "سال جاری" is this solar year
		{"در ۲۵ اسفند ۱۴۰۰ حدود ۳۰۰۰ نفر از مرز گذشتند.", "", "2022-03-16", "2022-03-16"},
		{"طی مهر ۱۴۰۲ بیش از ۹۰ هزار نفر بازگشتهاند.", "", "2023-09-23", "2023-10-22"},
		{"از دوم تا نهم فروردین امسال ۴۰۰۰ مهاجر بازگشتند.", "2022-04-20", "2022-03-22", "2022-03-29"},
		{"از بیست و یکم تا بیست و پنجم دی ماه سال گذشته ۵۰۰ نفر بازگشتند.", "2023-06-01", "2023-01-11", "2023-01-15"},
		{"از آغاز سال ۲۰۲۴ تاکنون ۸۰ هزار نفر بازگشتهاند.", "2024-05-02", "2024", "2024-05-02"},
		{"تیر ۵۰۰ نفر را زخمی کرد.", "2022-05-01", "", ""},
		// a "since" in a later clause with its own count dates that count only
		{"Some 2.3 million people live in the camps, and 90,000 more have arrived since March 2021.", "", "", ""},
		{"Since March 2021, 90,000 people have arrived, and 2.3 million live in the camps.", "", "2021-03", ""},
		// the weekend before publication (a Wednesday), or the one it falls on (a Sunday)
		{"Over the weekend, 6,000 people fled the town.", "2024-03-13", "2024-03-09", "2024-03-10"},
		{"Over the weekend, 6,000 people fled the town.", "2024-03-10", "2024-03-09", "2024-03-10"},
		// Urdu: this year, so far
		{"رواں سال اب تک 12 ہزار افغان مہاجرین واپس گئے ہیں۔", "2019-05-10", "2019", "2019-05-10"},
		// yearless dates take the latest such date not after publication
		{"As of 2 March, 61,000 people were sheltering in schools.", "2021-03-05", "", "2021-03-02"},
		{"As of 20 December, 61,000 people were sheltering in schools.", "2022-01-04", "", "2021-12-20"},
		{"Since 1 September, 4,000 families have returned.", "2020-10-15", "2020-09-01", "2020-10-15"},
		{"Between 3 and 7 May, some 8,000 people arrived.", "2022-05-09", "2022-05-03", "2022-05-07"},
		{"From 28 December to 3 January, 1,200 people crossed.", "2021-01-10", "2020-12-28", "2021-01-03"},
		{"All 40,000 undocumented foreigners must leave by 30 September.", "2021-08-01", "", "2021-09-30"},
		{"Some 12,000 people had been evacuated by the end of the year.", "2022-03-01", "", "2021-12-31"},
		{"The plan will relocate 5,000 families by the end of the year.", "2022-03-01", "", "2022-12-31"},
		{"At the end of August, 31,000 people were living in tents.", "2020-10-02", "", "2020-08"},
		{"Over 9,000 people arrived in early March last year.", "2022-02-01", "2021-03", "2021-03"},
		// relative to publication
		{"Some 3,000 people crossed the border yesterday.", "2022-04-13", "2022-04-12", "2022-04-12"},
		{"The ministry said on Friday that 2,500 families had been moved.", "2022-04-13", "", "2022-04-08"},
		{"On Wednesday, 1,800 people arrived, the agency said.", "2022-04-13", "2022-04-13", "2022-04-13"},
		{"Registration closed on the 9th of this month with 14,000 households listed.", "2022-04-13", "2022-04-09", "2022-04-09"},
		{"Last year, 220,000 people were displaced by floods.", "2022-04-13", "2021", "2021"},
		{"Around 6,000 people returned last month.", "2022-04-13", "2022-03", "2022-03"},
		{"Around 6,000 people returned last month.", "2022-01-13", "2021-12", "2021-12"},
		{"So far this year, 48,000 people have crossed into the country.", "2022-04-13", "2022", "2022-04-13"},
		{"Some 48,000 people have crossed this year.", "2022-04-13", "2022", "2022-04-13"},
		{"More than 5,000 people were displaced over the past week.", "2022-04-13", "2022-04-06", "2022-04-13"},
		{"About 70,000 people have been displaced in the last 14 months.", "2022-04-13", "2021-02", "2022-04"},
		{"Some 5,600 people arrived last week.", "2022-04-13", "2022-04-04", "2022-04-10"},
		{"Close to 2,000 arrived at the end of last June.", "2022-04-13", "", "2021-06"},
		{"In all, 19,000 people have been registered to date.", "2022-04-13", "", "2022-04-13"},
		{"A total of 88,000 refugees have so far returned home.", "2022-04-13", "", "2022-04-13"},
		{"Some 310,000 people are currently displaced in the region.", "2022-04-13", "", "2022-04-13"},
		{"The camp currently hosts 75,000 people, up from 40,000 in January.", "2022-04-13", "", "2022-04-13"},
		{"More than 90,000 people have fled since Sunday.", "2022-04-13", "2022-04-10", "2022-04-13"},
		{"More than 20,000 have arrived since last year.", "2022-04-13", "2021", "2022-04-13"},
		{"Some 10,000 people returned in April last year.", "2022-04-13", "2021-04", "2021-04"},
		{"Between 11th and 15th of this month, 4,000 people arrived.", "2022-04-20", "2022-04-11", "2022-04-15"},
		// a past simple with no date is not a running total
		{"The bombardment displaced 14,000 people.", "2022-04-13", "", ""},
		{"Some 14,000 people had fled before the ceasefire.", "2022-04-13", "", ""},
		// the dateline dates the report
		{"March 3, 2021 (GENEVA) – Some 40,000 people have fled the fighting.", "", "", "2021-03-03"},
		// Arabic
		{"وصل 5 آلاف لاجئ منذ 3 مارس 2022.", "", "2022-03-03", ""},
		{"نزح 12 ألف شخص منذ أيار الماضي حتى الآن.", "2022-08-01", "2022-05", "2022-08-01"},
		{"عاد 3 آلاف شخص في تشرين الأول 2021.", "", "2021-10", "2021-10"},
		{"عبر 900 شخص الحدود بين 2 و5 كانون الثاني 2022.", "", "2022-01-02", "2022-01-05"},
		{"لندن في 14 يونيو/رويترز/ فر 4000 شخص من القرية.", "2022-06-15", "", "2022-06-14"},
		{"وصل ألفا لاجئ أمس إلى المخيم.", "2022-06-15", "2022-06-14", "2022-06-14"},
		// more forms
		{"Between May 2 and 9, 2021, some 6,000 people were registered.", "", "2021-05-02", "2021-05-09"},
		{"On June 3–9, 2020, 1,100 people crossed.", "", "2020-06-03", "2020-06-09"},
		{"Floods displaced 9,000 people between 4 and 10 July (OCHA, 12 July 2019).", "2019-07-11", "2019-07-04", "2019-07-10"},
		{"Some 30,000 people have been deported so far in 2019, officials said.", "2019-05-02", "2019", "2019-05-02"},
		{"In the first four months of 2020, 12,000 people fled.", "", "2020-01", "2020-04"},
		{"The camp population reached 80,000 in March 2021.", "", "", "2021-03"},
		{"Since the late 1980s, 2 million people have left, the report says.", "2020-02-02", "", "2020-02-02"},
		{"There are 45,000 refugees in the district, the mayor said.", "2020-02-02", "", "2020-02-02"},
		{"Some 8,000 people are still living in tents.", "2020-02-02", "", "2020-02-02"},
		{"The agency said in a statement on Monday that 7,000 people had returned.", "2020-02-05", "", "2020-02-03"},
		{"The army evacuated 2,000 residents on Monday, the agency said.", "2020-02-05", "2020-02-03", "2020-02-03"},
		{"Last week, the council said 50,000 people had been displaced over the past month.", "2020-02-05", "2020-01", "2020-02"},
		{"Plus de 12 000 personnes ont fui depuis avril 2021.", "", "2021-04", ""},
		{"عاد أكثر من 20 ألف لاجئ هذا العام.", "2021-09-01", "2021", "2021-09-01"},
		{"نزح 40 ألف شخص العام الماضي.", "2021-09-01", "2020", "2020"},
		{"وبحلول نهاية العام الماضي، نزح مليون شخص.", "2021-09-01", "", "2020-12-31"},
		{"بلغ عدد اللاجئين 10 آلاف بحلول مايو 2021.", "", "", "2021-05"},
		{"امسال تاکنون بیش از 5000 نفر بازگشتهاند.", "2021-09-01", "2021", "2021-09-01"},
		{"In a statement on Tuesday 13 May 2025, the agency said 20,000 people were displaced last year.", "", "2024", "2024"},
		{"About 9,000 people returned in 2019-2020 (as of 1st March 2020).", "", "2019", "2020-03-01"},
		{"The 2023-24 response plan targets 2.5 million people.", "", "", ""},
		{"The Red Cross on Tuesday said 4,000 homes were flooded.", "2021-07-08", "", "2021-07-06"},
		{"The count began on 2 July; 3,100 families were listed, officials said on Thursday.", "2021-07-09", "2021-07-02", "2021-07-08"},
		{"More than 600,000 people are internally displaced, after a surge in March.", "2021-07-09", "", "2021-07-09"},
		{"ذكرت المنظمة يوم 3 ماي 2021 أن 5000 شخص نزحوا.", "", "", "2021-05-03"},
		{"The ministry said 9,300 migrants had left the country.", "2021-07-09", "", "2021-07-09"},
		{"Fighting drove 20,000 people to the town, bringing the total number of displaced to 90,000.", "2021-07-09", "", "2021-07-09"},
		{"Some 70,000 people have left after the 1 March deadline expired.", "2021-07-09", "2021-03-01", "2021-07-09"},
		{"حکام کے مطابق 12 اور 14 جون کو 3000 افراد واپس آئے۔", "2021-07-09", "2021-06-12", "2021-06-14"},
		// the start of the year or month, of the date written in full or
		// else of the publication; Arabic "from A to B" and "the current month"
		{"Since the start of the year and up to 30 September 2023, 5,100 families fled.", "2023-10-15", "2023", "2023-09-30"},
		{"As of 20 May 2022, 3,000 people had fled since the beginning of the month.", "", "2022-05", "2022-05-20"},
		{"نزح 5000 شخص منذ بداية العام حتى 15 مارس 2022.", "2022-04-01", "2022", "2022-03-15"},
		{"نزح 4000 شخص في الفترة من 3 فبراير إلى 20 فبراير 2023.", "", "2023-02-03", "2023-02-20"},
		{"قالت المنظمة إن أكثر من 2020 شخصا نزحوا.", "", "", ""},
		{"نزحت 800 أسرة خلال شهر مارس الجاري.", "2022-03-18", "2022-03", "2022-03-18"},
		{"عبر نحو 900 شخص الحدود خلال اليومين الماضيين.", "2022-05-12", "2022-05-10", "2022-05-12"},
		{"عاد 40 ألف لاجئ خلال الأشهر الستة الماضية.", "2022-09-15", "2022-03", "2022-09"},
		{"نزح 7 آلاف شخص منذ مطلع العام الماضي.", "2022-09-15", "2021", "2022-09-15"},
		{"Floods this week displaced 12,000 people in the north.", "2023-03-09", "2023-03-06", "2023-03-09"},
		{"نزح 900 شخص خلال الأسبوع الجاري.", "2023-03-09", "2023-03-06", "2023-03-09"},
		{"عاد 20 ألف لاجئ خلال العام الفائت.", "2023-03-09", "2022", "2022"},
		// no publication date: relative dates give nothing
		{"Some 3,000 people crossed the border yesterday.", "", "", ""},
		{"Last year, 220,000 people were displaced by floods.", "", "", ""},
		{"As of 2 March, 61,000 people were sheltering in schools.", "", "", ""},
	}
	for _, c := range cases {
		pub, err := domain.ParseDate(c.published)
		if err != nil {
			t.Fatal(err)
		}
		p := Read(c.sentence, Options{Published: pub})
		if p.PeriodStart.String() != c.start || p.PeriodEnd.String() != c.end {
			t.Errorf("Read(%q, published %s): period %q..%q, want %q..%q",
				c.sentence, c.published, p.PeriodStart, p.PeriodEnd, c.start, c.end)
		}
	}
}
