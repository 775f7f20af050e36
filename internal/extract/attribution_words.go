package extract

// This file holds the English word lists that attribution.go reads a
// source by: reporting verbs, words of bodies and roles, words that are
// never part of a name.

var figureVerbs = set("put", "puts", "raised", "raises", "revised", "revises", "updated", "updates", "lowered", "increased", "placed")
var figureNouns = set("number", "figure", "toll", "tally", "estimate", "count", "total")

// reportingVerbs say that their subject gave the number. "report" and
// "estimated" after "an" are nouns and adjectives, which the subject rules
// turn away ("a UNHCR report", "an estimated 9 million").
var reportingVerbs = set("said", "says", "say", "reported", "reports", "reporting", "told", "stated", "detailed",
	"states", "estimates", "estimate", "estimated", "announced", "announces", "added", "noted",
	"confirmed", "tweeted", "wrote", "recorded", "records", "registered", "counted",
	"documented", "verified", "released", "published", "outlined", "warned", "revealed", "show",
	"shows", "showed", "showing", "found", "explained", "observed", "indicates", "indicated",
	// Ukrainian and Russian, whose subject comes first as in English:
	// "Йорданія зазначила, що …"
	"заявив", "заявила", "заявили", "повідомив", "повідомила", "повідомили", "зазначив", "зазначила",
	"зазначили", "заявил", "сообщил", "сообщила", "сообщили", "отметил", "отметила", "отметили")

// subjectVerbs say that their subject gave the number by tallying it or
// by speaking of it, but do not report it: "IOM Yemen DTM tracked 222
// households", "DTM also identified", "OCHA on Wednesday expressed concern
// over", "IOM called for support as 3 million return". Only the subject
// before them is read: they take no source after them.
var subjectVerbs = set("tracked", "tracks", "identified", "identifies", "monitored", "monitors",
	"logged", "expressed", "expresses", "called", "calls", "urged", "urges", "appealed",
	"appeals", "stressed", "highlighted", "cautioned", "raised", "recovered", "rescued", "evacuated")

// dayNames are the days of the week.
var dayNames = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

// beForms make a participle passive: "was verified", "were recorded".
var beForms = set("was", "were", "is", "are", "been", "be", "being")

// docNouns are the documents a source gives a figure in.
var docNouns = set("survey", "report", "data", "figures", "update", "assessment", "statement", "analysis", "estimates",
	"bulletin", "snapshot", "dashboard", "overview", "factsheet", "records", "review", "monitor", "tracker", "portal")

// auxiliaries stand between a subject and its reporting verb: "has said",
// "also reports".
var auxiliaries = set("has", "have", "had", "also", "further", "later", "previously", "earlier",
	"recently", "was", "were", "is", "are", "now", "then", "reportedly", "today", "yesterday",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "on")

// pronouns name nobody.
var pronouns = set("he", "she", "it", "they", "we", "i", "you", "this", "that", "which", "who")

// bodyWords are the lower-case words of a phrase that names a body or a
// role: "the UN refugee agency", "Pakistan's interior ministry", "IOM
// director-general Amy Pope", "Dawn news outlet", "officials".
var bodyWords = set(
	"ministry", "minister", "agency", "government", "officials", "official", "office",
	"authorities", "authority", "spokesperson", "spokesman", "spokeswoman", "director",
	"general", "chief", "head", "coordinator", "commissioner", "representative", "secretary",
	"president", "envoy", "department", "council", "committee", "commission", "organization",
	"organisation", "police", "army", "military", "news", "outlet", "newspaper", "refugee",
	"interior", "foreign", "humanitarian", "migration", "health", "local", "provincial",
	"federal", "national", "regional", "senior", "country", "team", "teams", "border",
	"statistics", "bureau", "administration", "deputy", "acting", "high", "body", "civil",
	"society", "management", "disaster", "network", "matrix", "tracking", "monitoring",
	"partners", "sources", "governor", "mayor", "agencies", "aid", "groups", "organizations",
	"organisations", "charities", "ngos", "activists", "monitors", "observers", "witnesses",
	"leaders", "leader", "elders", "staff", "unit", "units", "cell", "desk", "service", "services",
	// the places a body is named with: "officials in eastern Nangarhar province"
	"province", "district", "region", "governorate", "county", "state",
)

// compass are the words that place a body: "officials in eastern Nangarhar
// province".
var compass = set("eastern", "western", "northern", "southern", "central", "north", "south", "east",
	"west", "northeastern", "northwestern", "southeastern", "southwestern", "northeast", "northwest",
	"southeast", "southwest")

// joinWords may join the capitalised words of a name: "International
// Organization for Migration", "Office of the High Commissioner".
var joinWords = set("of", "for", "the", "de", "du", "des", "la")

// notNames are capitalised words that do not name a source: the function
// words that open a sentence and the days; nameWord turns away the months.
var notNames = set("a", "an", "in", "on", "at", "as", "by", "for", "from", "but", "however",
	"and", "of", "since", "after", "before", "with", "according", "meanwhile", "additionally",
	"this", "that", "it", "its", "there", "over", "nearly", "some", "about", "more", "almost",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

// sourceLead are the words of "a report by", "the latest data from", "a
// statement by", skipped before the source itself.
var sourceLead = set("a", "an", "the", "latest", "new", "recent", "report", "reports", "statement",
	"data", "figures", "estimates", "estimate", "survey", "update", "assessment", "by", "from",
	"of", "official", "preliminary", "monthly", "weekly", "published", "released", "compiled",
	"conducted", "provided", "issued", "prepared")

// asideOpeners open a phrase set off by commas between a subject and its
// verb: "The UNOCHA, in its latest update issued Friday, said", "IOM, on
// Tuesday, said".
var asideOpeners = set("in", "on", "at", "during", "through", "after", "following", "speaking", "via", "with",
	"citing", "quoting")

// issuedBy extend a source to who issued it: "the DTM issued by the IOM".
var issuedBy = set("issued", "published", "released", "compiled", "produced", "provided", "conducted", "prepared")
