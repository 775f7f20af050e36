package web

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/charts"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// chartParams is what a chart depends on besides the published data; with
// the dataset version and the site's address it keys the render cache.
type chartParams struct {
	slugs    []string
	size     charts.Size
	from, to domain.Date // zero: open
}

// chartQuery lists the query parameters chart addresses take; any other is
// refused rather than ignored, so that a typo does not pass unnoticed.
var chartQuery = map[string]bool{"size": true, "from": true, "to": true, "series": true}

// parseChartParams reads ?size=, ?from= and ?to= for the given series.
func parseChartParams(c *gin.Context, slugs []string) (chartParams, error) {
	var p domain.Problems
	for name := range c.Request.URL.Query() {
		if !chartQuery[name] {
			p.Add(name, "is not a parameter of charts; use size, from and to")
		}
	}
	params := chartParams{slugs: slugs, size: charts.Size(c.DefaultQuery("size", "medium"))}
	if _, _, err := charts.Sizes(params.size); err != nil {
		p.Add("size", "%q is not a size: use small, medium, large, social or phone", params.size)
	}
	var err error
	if params.from, err = domain.ParseDate(c.Query("from")); err != nil {
		p.Add("from", "%v", err)
	}
	if params.to, err = domain.ParseDate(c.Query("to")); err != nil {
		p.Add("to", "%v", err)
	}
	if !params.from.IsZero() && !params.to.IsZero() && params.to.Last().Before(params.from.First()) {
		p.Add("to", "%s is before from %s", params.to, params.from)
	}
	return params, p.Err()
}

func (p chartParams) key(version int64, base, format string) string {
	// The slugs quoted: a series' slug from its path may hold a comma, and
	// "a,b" must not be the comparison of a and b.
	return fmt.Sprintf("chart|%d|%s|%q|%s|%s|%s|%s", version, base, p.slugs, format, p.size, p.from, p.to)
}

// chartInputs turns the series' published data, clipped to the window,
// into chart inputs. views holds series already loaded by the caller; the
// others are loaded here. base is the site's address, for the permalink.
func (s *Server) chartInputs(ctx context.Context, p chartParams, base string, views []*seriesView) ([]charts.Input, error) {
	loaded := map[string]*seriesView{}
	for _, v := range views {
		loaded[v.Series.Slug] = v
	}
	ins := make([]charts.Input, 0, len(p.slugs))
	for _, slug := range p.slugs {
		v, ok := loaded[slug]
		if !ok {
			var err error
			if v, err = s.loadSeries(ctx, slug); err != nil {
				return nil, err
			}
		}
		in := s.chartInput(v, base)
		if !p.from.IsZero() {
			in.From = p.from.First()
		}
		if !p.to.IsZero() {
			in.To = p.to.Last()
		}
		in.Headline = windowHeadline(in, v.Kin)
		ins = append(ins, in)
	}
	return ins, nil
}

// renderChart returns the chart of p in one format, from the cache when this
// dataset version was drawn already: a news spike costs one render. views
// are series the caller has loaded already (may be nil). The drawing goes
// through s.renders, which bounds it (see renderGate); only a chart drawn
// to the end is cached.
func (s *Server) renderChart(c *gin.Context, p chartParams, version int64, format string, views ...*seriesView) ([]byte, error) {
	r, err := s.renderChartAt(c, p, version, format, views...)
	return r.b, err
}

// renderChartAt is renderChart with the dataset version the chart is of:
// version, or a newer one when a publish came after version was read. (In a
// page built in one consistent read, always version.)
func (s *Server) renderChartAt(c *gin.Context, p chartParams, version int64, format string, views ...*seriesView) (rendering, error) {
	base := s.baseURL(c)
	key := func(version int64) string { return p.key(version, base, format) }
	k := key(version)
	b, ok := s.responses.get(k)
	s.metrics.cacheLookup("chart", ok)
	if ok {
		return rendering{b, version, k}, nil
	}
	if s.renderLimiter.rate > 0 {
		if ok, wait := s.renderLimiter.take(c.ClientIP(), time.Now()); !ok {
			return rendering{}, rendersLimitError{retryAfter: int(math.Ceil(wait.Seconds()))}
		}
	}
	// The render may outlive this handler (another request waiting for the
	// same chart takes it over), so it must not touch c. Its data is read in
	// one consistent read (the page's, when a page draws it), and before a
	// render slot is taken: a slot is never held waiting for a database
	// connection, and a request waiting for another's render holds none.
	return s.renders.do(c.Request.Context(), k, func(ctx context.Context, enter func() error) (rendering, error) {
		var r rendering
		var ins []charts.Input
		err := s.db.ReadAtVersion(ctx, func(ctx context.Context, v int64) error {
			r.version, r.key = v, key(v)
			if b, ok := s.responses.get(r.key); ok { // drawn while this request waited
				r.b = b
				return nil
			}
			if v != version {
				views = nil // loaded at another version, they would not do
			}
			var err error
			ins, err = s.chartInputs(ctx, p, base, views)
			return err
		})
		if err != nil || r.b != nil {
			return r, err
		}
		if err := enter(); err != nil {
			return rendering{}, err
		}
		if s.buildHook != nil {
			s.buildHook(r.key)
		}
		if r.b, err = s.drawChart(ctx, p, ins, base, format); err != nil {
			return rendering{}, err
		}
		s.responses.put(r.key, r.b)
		return r, nil
	})
}

// drawChart lays out and draws the chart of p from ins, for the site at
// base, stopping with ctx's error at the first stage after ctx ends.
func (s *Server) drawChart(ctx context.Context, p chartParams, ins []charts.Input, base, format string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Timed: drawing and encoding, not loading the data.
	start, kind := time.Now(), "compare"
	var ch *charts.Chart
	var desc string
	var err error
	if len(ins) == 1 {
		kind = "series"
		ch, err = charts.SeriesChart(ins[0], p.size)
		desc = charts.Describe(ins[0])
	} else {
		ch, err = charts.CompareChart(ins, p.size, comparePermalink(base, p.slugs))
		desc = charts.DescribeCompare(ins)
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	switch format {
	case "inline":
		err = ch.WriteInlineSVGContext(ctx, &buf, "", desc)
	case "svg":
		err = ch.WriteSVGContext(ctx, &buf)
	case "png":
		err = ch.WritePNGContext(ctx, &buf)
	default:
		err = fmt.Errorf("chart format %q", format)
	}
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", strings.Join(p.slugs, ","), err)
	}
	s.metrics.renderTime.WithLabelValues(format, kind).Observe(time.Since(start).Seconds())
	return buf.Bytes(), nil
}

// inlineChart is the chart embedded in a page: SVG with a title and a text
// description for screen readers.
func (s *Server) inlineChart(c *gin.Context, v *seriesView) ([]byte, error) {
	return s.renderChart(c, chartParams{slugs: []string{v.Series.Slug}, size: charts.SizeMedium}, v.Version, "inline", v)
}

// inlineCharts is a page's chart twice, inline: at p's size for wide
// screens and at the phone size, which the stylesheet shows instead below
// 640 px. Shrunk to a phone's width, a medium chart's text is 4 to 6 px.
func (s *Server) inlineCharts(c *gin.Context, p chartParams, version int64, views ...*seriesView) ([]byte, error) {
	wide, err := s.renderChart(c, p, version, "inline", views...)
	if err != nil {
		return nil, err
	}
	p.size = charts.SizePhone
	narrow, err := s.renderChart(c, p, version, "inline", views...)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`<div class="chart-wide">`)
	b.Write(wide)
	b.WriteString("</div>\n" + `<div class="chart-narrow">`)
	b.Write(narrow)
	b.WriteString("</div>")
	return b.Bytes(), nil
}

var contentTypes = map[string]string{"svg": "image/svg+xml", "png": "image/png"}

// chartImage serves /series/{slug}/chart.{svg,png} and the compare chart.
// PDF is not offered: gonum/plot's PDF backend writes Windows-1252 text and
// garbles names such as "Türkiye" and every "—".
func (s *Server) chartImage(c *gin.Context, slugs []string, name, format string) error {
	p, err := parseChartParams(c, slugs)
	if err != nil {
		return err
	}
	version, ok, err := s.whenModified(c)
	if !ok {
		return err
	}
	r, err := s.renderChartAt(c, p, version, format)
	if err != nil {
		return err
	}
	if r.version != version && notModified(c, r.version) {
		return nil
	}
	c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="%s-v%d.%s"`, name, r.version, format))
	if format == "png" { // compressed already
		s.sendFront(c, r.version, r.key, contentTypes[format], r.b)
		return nil
	}
	s.sendRendering(c, contentTypes[format], r)
	return nil
}

func (s *Server) chartSVG(c *gin.Context) error {
	return s.chartImage(c, []string{c.Param("slug")}, c.Param("slug"), "svg")
}

func (s *Server) chartPNG(c *gin.Context) error {
	return s.chartImage(c, []string{c.Param("slug")}, c.Param("slug"), "png")
}
