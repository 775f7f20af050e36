package extract

// set builds a lookup of lower-case words.
func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// people are the nouns (and a few verbs) that make a number a count of
// people: "503,261 Afghans", "685 forces killed".
var people = set(
	"people", "persons", "person", "individuals", "refugees", "refugee", "returnees",
	"returnee", "migrants", "migrant", "immigrants", "emigrants", "households", "families",
	"deaths", "dead", "killed", "died", "injured", "wounded", "casualties", "fatalities", "bodies",
	"displaced", "idps", "deportees", "deported", "expelled", "nationals", "citizens",
	"children", "minors", "women", "men", "girls", "boys", "civilians", "residents",
	"asylum", "seekers", "evacuees", "returns", "returned", "arrivals", "departures",
	"deportations", "detainees", "detained", "arrested", "survivors", "victims", "orphans",
	"pilgrims", "workers", "students", "inhabitants", "others", "undocumented", "exiles",
	// verbs of displacement written right after a count: "3.3 million have
	// crossed borders", "2,000 fled overnight"
	"crossed", "fled", "repatriated", "evacuated", "relocated", "uprooted", "drowned",
	"missing", "arrived", "resettled", "sheltering", "sheltered", "stranded", "trapped",
	// demonyms that displacement reporting uses as nouns
	"afghans", "pakistanis", "iranians", "syrians", "iraqis", "sudanese", "somalis",
	"eritreans", "ethiopians", "yemenis", "palestinians", "ukrainians", "venezuelans",
	"haitians", "rohingya", "rohingyas", "congolese", "burundians", "libyans",
	"bangladeshis", "nigerians", "malians", "colombians", "hondurans", "guatemalans",
	"lebanese", "armenians", "azerbaijanis", "tajiks", "uzbeks", "hazaras",
)

// things are nouns after which a number counts something other than people,
// so it is offered but not preferred: "2,000 trucks", "three border crossings".
var things = set(
	"trucks", "vehicles", "buses", "camps", "sites", "districts", "provinces", "villages",
	"towns", "cities", "schools", "shelters", "tents", "flights", "border", "points",
	"checkpoints", "centres", "centers", "organizations", "organisations", "partners",
	"agencies", "hospitals", "houses", "homes", "buildings", "incidents", "attacks",
	"respondents", "interviews", "cases", "applications", "documents", "cards",
	"locations", "facilities", "localities", "settlements", "counties", "municipalities",
	"regions", "governorates", "countries", "neighbourhoods", "neighborhoods", "assessments",
	"reports", "kits", "meals", "rations", "convoys", "states",
)

// units follow numbers that measure time, distance, weight or shares, never
// counts of people: "9 days", "15 percent", "500 km".
var units = set(
	"day", "days", "week", "weeks", "month", "months", "year", "years", "yr", "yrs",
	"hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "second", "seconds",
	"decade", "decades", "century", "centuries", "am", "pm", "gmt", "utc", "o",
	"km", "kms", "kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles",
	"metre", "metres", "meter", "meters", "cm", "kg", "kgs", "kilogram", "kilograms",
	"kilo", "kilos", "tonne", "tonnes", "ton", "tons", "mt", "litre", "litres", "liter",
	"liters", "degree", "degrees", "hectare", "hectares", "ha", "acre", "acres", "sq",
	"square", "times", "percent", "pc", "pct", "percentage", "storey", "storeys",
)

// money follows or precedes currency amounts: "US$1.2 million", "Rs 500",
// "300 dollars".
var money = set(
	"dollar", "dollars", "usd", "us$", "euro", "euros", "eur", "rupee", "rupees", "rs",
	"pkr", "inr", "afghani", "afghanis", "afn", "afs", "pound", "pounds", "gbp", "chf",
	"franc", "francs", "yen", "yuan", "rial", "rials", "irr", "toman", "tomans", "taka",
)

// currencySigns precede currency amounts; "#" and "№" precede labels.
var currencySigns = set("$", "€", "£", "¥", "₹", "₨", "﷼", "#", "№")

// labels precede numbers that name rather than count: "Resolution 2231",
// "Camp 4", "aged 15", "phone 051…".
var labels = set(
	"resolution", "article", "articles", "section", "chapter", "paragraph", "para",
	"page", "pages", "p", "pp", "no", "nos", "update", "phase", "round", "route",
	"highway", "flight", "version", "decree", "law", "rule", "item", "annex", "table",
	"figure", "fig", "block", "sector", "camp", "zone", "grade", "level", "category",
	"tier", "gate", "room", "platform", "bus", "aged", "age", "ages", "tel", "phone",
	"telephone", "fax", "hotline", "code", "ward", "unit", "batch", "episode",
)

// totals are words that mark a running total, which is what a sentence with
// several numbers is usually about: "taking the total number ... to 503,261",
// "the death toll rose to 1,234", "bringing the number of refugees to 45,000".
var totals = set(
	"total", "totals", "totalled", "totaled", "totalling", "totaling", "tally",
	"overall", "cumulative", "cumulatively", "altogether", "aggregate", "toll", "bringing",
	"brings",
)

// changeVerbs come before "from" in "rose from A to B", which is no range.
var changeVerbs = set(
	"rose", "risen", "rising", "rises", "increased", "increasing", "increase", "grew",
	"grown", "growing", "jumped", "climbed", "climbing", "fell", "fallen", "falling",
	"dropped", "declined", "decreased", "decreasing", "up", "down", "surged", "soared",
	"doubled", "tripled", "went", "compared", "halved",
)

// ordinalSuffixes written against digits make ordinals: "10th", "2nd".
var ordinalSuffixes = set("st", "nd", "rd", "th")

// The Arabic and Persian units and currencies, by folded spelling (arabicKey).
func init() {
	for _, w := range []string{"يوم", "يوما", "ايام", "اسبوع", "اسابيع", "شهر", "اشهر",
		"شهور", "سنة", "سنوات", "عام", "عاما", "اعوام", "ساعة", "ساعات", "دقيقة", "دقائق",
		"كيلومتر", "كيلومترا", "كيلومترات", "كلم", "كم", "المئة", "المائة", "بالمئة",
		"بالمائة", "روز", "هفته", "ماه", "سال", "ساعت", "دقيقه", "درصد"} {
		units[w] = true
	}
	for _, w := range []string{"دولار", "دولارا", "دولارات", "يورو", "جنيه", "جنيها",
		"ريال", "ريالا", "درهم", "دينار", "دينارا", "تومان", "روبية"} {
		money[w] = true
	}
	labels["رقم"] = true
	labels["قرار"] = true
}
