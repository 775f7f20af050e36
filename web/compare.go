package web

import (
	"html/template"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/charts"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// compareSlugs reads ?series=a,b,… (or ?series=a&series=b, as the home
// page's form sends them): two to charts.MaxCompare series. With the error
// of too few or too many, the slugs are those read, for the form to show.
func compareSlugs(c *gin.Context) ([]string, error) {
	var slugs []string
	seen := map[string]bool{}
	for _, s := range strings.Split(strings.Join(c.QueryArray("series"), ","), ",") {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			slugs = append(slugs, s)
		}
	}
	if len(slugs) < 2 || len(slugs) > charts.MaxCompare {
		return slugs, domain.FieldErrorf(domain.EINVALID, "series",
			"name 2 to %d series, separated by commas (?series=a,b); got %d", charts.MaxCompare, len(slugs))
	}
	return slugs, nil
}

// comparePage puts several series on one chart, with what the claims of
// each group of series that count the same thing say together
// (compareScopes), when they count the same way; series that mix stocks,
// flows and cumulative totals are refused with a message.
func (s *Server) comparePage(c *gin.Context) error {
	if _, asked := c.GetQuery("series"); !asked {
		return s.compareChooser(c, nil, nil)
	}
	slugs, err := compareSlugs(c)
	if err != nil {
		// Too few or too many boxes ticked: the form again, as it was sent.
		checked := map[string]bool{}
		for _, slug := range slugs {
			checked[slug] = true
		}
		return s.compareChooser(c, err, checked)
	}
	p, err := parseChartParams(c, slugs)
	if err != nil {
		return err
	}
	return s.cachedPage(c, []string{"series", "size", "from", "to"}, func(version int64) ([]byte, error) {
		var views []*seriesView
		for _, slug := range slugs {
			v, err := s.loadSeries(c.Request.Context(), slug)
			if err != nil {
				return nil, err
			}
			views = append(views, v)
		}
		svg, err := s.inlineCharts(c, p, version, views...)
		if err != nil {
			return nil, err
		}
		// The table under the chart holds the figures the chart draws.
		shown := make([]*seriesView, len(views))
		for i, v := range views {
			shown[i] = s.inPeriod(c, v, p)
		}
		scopes, note := compareScopes(shown)
		ins, err := s.chartInputs(c.Request.Context(), p, s.baseURL(c), views)
		if err != nil {
			return nil, err
		}
		var events seriesEventsView
		events.Before, events.Shown, events.After = charts.CompareEventsAround(ins)
		return s.renderBytes("compare", &compareView{layoutView: layoutView{Title: "Compare series", Description: compareDescription(views)},
			Views: views, Shown: shown, Chart: template.HTML(svg), Scopes: scopes, ScopeNote: note,
			Events: events, Query: compareQuery(slugs, c)})
	})
}

type compareView struct {
	layoutView
	Views     []*seriesView
	Shown     []*seriesView // the figures in the period asked for
	Chart     template.HTML
	Scopes    []compareScope   // the compared series by what they count
	ScopeNote string           // when they count different things, that they are not compared
	Events    seriesEventsView // on the chart, each once, in its numbering; and those before and after it
	Query     template.URL     // of the chart and download links
}

// compareQuery is the query of a comparison's chart and download links,
// built from checked parameters only, so that html/template may leave its
// = and & as they are (the request's own query would come out escaped).
func compareQuery(slugs []string, c *gin.Context) template.URL {
	q := url.Values{"series": {strings.Join(slugs, ",")}}
	for _, name := range []string{"from", "to", "size"} {
		if v := c.Query(name); v != "" {
			q.Set(name, v)
		}
	}
	return template.URL(q.Encode())
}

func (s *Server) compareImage(format string) handler {
	return func(c *gin.Context) error {
		slugs, err := compareSlugs(c)
		if err != nil {
			return err
		}
		return s.chartImage(c, slugs, "compare-"+strings.Join(slugs, "-"), format)
	}
}

// compareDownload serves the compared series' figures in one file, after
// a check that each is public (seriesDownload).
func (s *Server) compareDownload(write downloadWriter) handler {
	return s.compareFile(s.checked(write))
}

// compareFile is compareDownload for a download that checks the series
// itself (seriesFile).
func (s *Server) compareFile(write downloadWriter) handler {
	return func(c *gin.Context) error {
		slugs, err := compareSlugs(c)
		if err != nil {
			return err
		}
		return write(c, store.FigureFilter{SeriesSlugs: slugs}, "compare-"+strings.Join(slugs, "-"))
	}
}

// comparePermalink is the public address of the comparison of slugs on
// the site at base: the link its chart and its downloads give.
func comparePermalink(base string, slugs []string) string {
	return base + "/compare?series=" + strings.Join(slugs, ",")
}

// compareDescription: "A, B and C on one chart, with every figure, …"
func compareDescription(views []*seriesView) string {
	titles := make([]string, len(views))
	for i, v := range views {
		titles[i] = v.Series.Title
	}
	list := strings.Join(titles[:len(titles)-1], "; ") + " and " + titles[len(titles)-1]
	return clipDescription(list + " on one chart, with every figure, its source, and where the sources disagree.")
}
