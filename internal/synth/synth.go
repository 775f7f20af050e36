// Package synth makes synthetic datasets in the canonical CSV format for
// benchmarks, load tests and crash tests: figures with the shapes real data
// has (cumulative totals that grow, stocks that wander, monthly flows,
// several publishers quoting each other, hedged values and ranges) and the
// events on their timelines. The same Config and seed give the same bytes.
//
// Every URL is under example.org and every title says it is synthetic, so a
// generated dataset can never be mistaken for a real one.
package synth

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
)

// Config says how much to make.
type Config struct {
	Figures int    // rows in the figures CSV
	Series  int    // series they spread over (at most Figures)
	Events  int    // rows in the events CSV
	Seed    uint64 // same seed, same data
}

// corridor is a from → to pair with the names the sentences use.
type corridor struct{ from, to string }

// corridors real reports cover; the rest of the series take random pairs.
var corridors = []corridor{
	{"PAK", "AFG"}, {"IRN", "AFG"}, {"SDN", "TCD"}, {"SDN", "EGY"}, {"SDN", "SSD"},
	{"UKR", "POL"}, {"UKR", "DEU"}, {"VEN", "COL"}, {"VEN", "PER"}, {"MMR", "BGD"},
	{"SYR", "TUR"}, {"SYR", "LBN"}, {"SSD", "UGA"}, {"COD", "UGA"}, {"SOM", "KEN"},
	{"HTI", "DOM"}, {"AFG", "IRN"}, {"ERI", "ETH"}, {"CAF", "CMR"}, {"NGA", "NER"},
}

// publisher is an organisation that counts, or a news outlet that quotes one.
type publisher struct {
	name, kind string // kind: "agency", "government" or "media"
	docTitle   string // fmt pattern with the corridor and date
}

var publishers = []publisher{
	{"IOM", "agency", "Synthetic DTM flash update: %s, %s"},
	{"UNHCR", "agency", "Synthetic operational data portal: %s, %s"},
	{"OCHA", "agency", "Synthetic situation report: %s, %s"},
	{"NRC", "agency", "Synthetic briefing note: %s, %s"},
	{"IDMC", "agency", "Synthetic displacement monitor: %s, %s"},
	{"Ministry of Interior", "government", "Synthetic government statement: %s, %s"},
	{"Reuters", "media", "Synthetic news report: %s, %s"},
	{"Associated Press", "media", "Synthetic wire story: %s, %s"},
	{"Al Jazeera", "media", "Synthetic news article: %s, %s"},
}

// Organizations returns the names of the organisations a generated dataset
// names as attributions and publishers: an import must know them, or be
// told to create them.
func Organizations() []string {
	names := make([]string, len(publishers))
	for i, p := range publishers {
		names[i] = p.name
	}
	return names
}

var groups = []string{"returnees", "deportees", "refugees", "idps", "asylum_seekers", "migrants"}

var eventKinds = []string{"deadline", "policy", "visit", "operation", "other"}

// series is one generated series and the state its next figure grows from.
type series struct {
	slug, title, group, measure, unit string
	c                                 corridor
	start                             time.Time // first report; cumulative totals count from here
	level                             float64   // the running value
	day                               time.Time // the last report's date
}

// Figures writes cfg.Figures rows of the canonical figures CSV to w.
func Figures(w io.Writer, cfg Config) error {
	if cfg.Figures < 0 || cfg.Series < 1 {
		return fmt.Errorf("synth: need at least one series, got %d", cfg.Series)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	all := make([]*series, min(cfg.Series, max(cfg.Figures, 1)))
	for i := range all {
		all[i] = newSeries(rng, i)
	}

	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	if err := cw.Write(figureHeader); err != nil {
		return err
	}
	rec := make([]string, len(figureHeader))
	// Series take turns, a few reports at a time (one per publisher that
	// covers the date), so every series gets its share and grows over time.
	per := max(1, min(3, cfg.Figures/len(all)))
	for i := range cfg.Figures {
		s := all[(i/per)%len(all)]
		if i%per == 0 {
			s.advance(rng)
		}
		figureRow(rng, s, i, rec)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func newSeries(rng *rand.Rand, i int) *series {
	c := corridors[i%len(corridors)]
	if i >= len(corridors)*5 {
		codes := domain.Countries()
		c = corridor{codes[rng.IntN(len(codes))], codes[rng.IntN(len(codes))]}
		for c.to == c.from {
			c.to = codes[rng.IntN(len(codes))]
		}
	}
	group := groups[i%len(groups)]
	measure := [...]string{"cumulative", "cumulative", "stock", "flow", "cumulative"}[i%5]
	unit := "persons"
	if i%23 == 7 {
		unit = "households"
	}
	start := time.Date(2015+rng.IntN(9), time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
	from, _ := domain.CountryName(c.from)
	to, _ := domain.CountryName(c.to)
	title := fmt.Sprintf("Synthetic %s %s, %s to %s (%s)", strings.ReplaceAll(group, "_", " "), measure, from, to, unit)
	if measure == "cumulative" {
		title = fmt.Sprintf("Synthetic %s from %s to %s since %s, cumulative", strings.ReplaceAll(group, "_", " "), from, to, start.Format("January 2006"))
	}
	return &series{
		slug:    fmt.Sprintf("syn-%05d-%s-%s-%s-%s", i, strings.ToLower(c.from), strings.ToLower(c.to), strings.ReplaceAll(group, "_", "-"), measure),
		title:   title,
		group:   group,
		measure: measure,
		unit:    unit,
		c:       c,
		start:   start,
		level:   float64(500 + rng.IntN(50_000)),
		day:     start,
	}
}

// advance moves a series on to its next report: a week or two later, the
// total grown, the stock moved a little.
func (s *series) advance(rng *rand.Rand) {
	if s.measure == "flow" {
		s.day = time.Date(s.day.Year(), s.day.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		s.level = math.Max(10, s.level*(0.7+0.6*rng.Float64()))
		return
	}
	s.day = s.day.AddDate(0, 0, 5+rng.IntN(12))
	switch s.measure {
	case "cumulative":
		s.level += s.level*0.01 + float64(rng.IntN(5000))
	default:
		s.level = math.Max(100, s.level*(0.92+0.16*rng.Float64()))
	}
}

// figureRow fills rec with the i-th figure, of series s.
func figureRow(rng *rand.Rand, s *series, i int, rec []string) {
	for k := range rec {
		rec[k] = ""
	}
	// Several publishers report the same series; media quote the agencies.
	pub := publishers[(i/3+i%3)%len(publishers)]
	attributed := pub.name
	if pub.kind == "media" {
		attributed = publishers[i%5].name
	}
	value := math.Round(s.level * (0.97 + 0.06*rng.Float64()))
	q, low, high := qualifier(rng, value)
	stated := statedValue(q, value, low, high)

	periodStart, periodEnd := "", s.day.Format(time.DateOnly)
	switch s.measure {
	case "flow":
		periodStart = s.day.Format(time.DateOnly)
		periodEnd = s.day.AddDate(0, 1, -1).Format(time.DateOnly)
	case "cumulative":
		periodStart = s.start.Format(time.DateOnly)
	}
	if i%41 == 0 && s.measure != "flow" {
		periodEnd = s.day.Format("2006-01") // month precision, as some sources give
	}
	published := s.day.AddDate(0, 0, 1+i%4)
	from, _ := domain.CountryName(s.c.from)
	to, _ := domain.CountryName(s.c.to)
	corr := from + " to " + to
	docID := fmt.Sprintf("%s-%s-%s", strings.ToLower(strings.ReplaceAll(pub.name, " ", "-")), published.Format("20060102"), s.slug[4:9])

	set := func(col, v string) { rec[colIndex[col]] = v }
	set("series", s.slug)
	set("series_title", s.title)
	set("population_group", s.group)
	set("measure", s.measure)
	set("unit", s.unit)
	set("from_iso3", s.c.from)
	set("to_iso3", s.c.to)
	set("period_start", periodStart)
	set("period_end", periodEnd)
	set("value", strconv.FormatFloat(value, 'f', 0, 64))
	set("qualifier", string(q))
	if q == domain.Range {
		set("value_low", strconv.FormatFloat(low, 'f', 0, 64))
		set("value_high", strconv.FormatFloat(high, 'f', 0, 64))
	}
	set("value_as_stated", stated)
	set("attributed_to", attributed)
	set("source_publisher", pub.name)
	set("source_title", fmt.Sprintf(pub.docTitle, corr, published.Format("2 January 2006")))
	set("source_url", "https://reports.example.org/"+docID)
	set("source_published", published.Format(time.DateOnly))
	if i%7 == 0 {
		set("archive_url", "https://archive.example.org/"+docID)
	}
	if pub.kind == "agency" {
		set("licence", "CC-BY-4.0")
	}
	set("excerpt", excerpt(s, attributed, stated, from, to, i))
	if i%13 == 0 {
		set("notes", "Synthetic row for load tests; the value is made up.")
	}
}

// figureHeader is the columns an import reads, in the canonical order;
// colIndex finds a column's place in it.
var figureHeader, colIndex = func() ([]string, map[string]int) {
	var names []string
	index := map[string]int{}
	for _, c := range exchange.FigureColumns {
		if !c.ExportOnly {
			index[c.Name] = len(names)
			names = append(names, c.Name)
		}
	}
	return names, index
}()

// qualifier draws how exact a value is, in the proportions real reports
// show: mostly exact or "about", some floors, a few ranges.
func qualifier(rng *rand.Rand, v float64) (q domain.Qualifier, low, high float64) {
	switch r := rng.IntN(100); {
	case r < 50:
		return domain.Exact, 0, 0
	case r < 75:
		return domain.Approx, 0, 0
	case r < 84:
		return domain.AtLeast, 0, 0
	case r < 92:
		return domain.MoreThan, 0, 0
	case r < 94:
		return domain.AtMost, 0, 0
	case r < 95:
		return domain.LessThan, 0, 0
	}
	return domain.Range, math.Round(v * 0.9), math.Round(v * 1.1)
}

func statedValue(q domain.Qualifier, v, low, high float64) string {
	n := domain.FormatNumber(v)
	switch q {
	case domain.Exact:
		return n
	case domain.Range:
		return domain.FormatNumber(low) + " to " + domain.FormatNumber(high)
	case domain.Approx:
		if v >= 1e6 {
			return fmt.Sprintf("nearly %.1f million", v/1e6)
		}
	}
	return q.Words() + " " + n
}

func excerpt(s *series, who, stated, from, to string, i int) string {
	group := strings.ReplaceAll(s.group, "_", " ")
	switch s.measure {
	case "flow":
		return fmt.Sprintf("%s %s moved from %s to %s in %s, according to %s.", upperFirst(stated), group, from, to, s.day.Format("January 2006"), who)
	case "cumulative":
		return fmt.Sprintf("Since %s, %s %s have arrived in %s from %s, %s said in its update of %s.", s.start.Format("January 2006"), stated, group, to, from, who, s.day.Format("2 January 2006"))
	}
	if i%2 == 0 {
		return fmt.Sprintf("%s counted %s %s from %s in %s as of %s.", who, stated, group, from, to, s.day.Format("2 January 2006"))
	}
	return fmt.Sprintf("There are now %s %s from %s in %s, %s reported.", stated, group, from, to, who)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Events writes cfg.Events rows of the events CSV: deadlines, policy
// announcements and visits on the corridors the figures cover.
func Events(w io.Writer, cfg Config) error {
	rng := rand.New(rand.NewPCG(cfg.Seed, 0xe7e7))
	cw := csv.NewWriter(w)
	var header []string
	for _, c := range exchange.EventColumns {
		if !c.ExportOnly {
			header = append(header, c.Name)
		}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := range cfg.Events {
		c := corridors[i%len(corridors)]
		kind := eventKinds[rng.IntN(len(eventKinds))]
		day := time.Date(2015+rng.IntN(10), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		end := ""
		if kind == "operation" {
			end = day.AddDate(0, 0, 7+rng.IntN(60)).Format(time.DateOnly)
		}
		from, _ := domain.CountryName(c.from)
		to, _ := domain.CountryName(c.to)
		title := fmt.Sprintf("Synthetic %s %d: %s and %s", kind, i+1, from, to)
		pub := publishers[i%len(publishers)]
		id := fmt.Sprintf("event-%06d", i)
		rec := []string{"", day.Format(time.DateOnly), end, title, kind, c.from + ";" + c.to, "",
			pub.name, fmt.Sprintf(pub.docTitle, from+" to "+to, day.Format("2 January 2006")),
			"https://reports.example.org/" + id, day.Format(time.DateOnly),
			fmt.Sprintf("On %s, a synthetic %s concerning people moving from %s to %s was announced.", day.Format("2 January 2006"), kind, from, to)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
