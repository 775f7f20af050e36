package web

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/charts"
	"github.com/displacement-tracker/tracker/internal/cite"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
)

// seriesBundle is the reporter's zip: the CSV, metadata, a readme that says
// how to cite, the chart as PNG and SVG with the sources burned in, and
// the chart's events numbered as on it (events-key.txt).
// An unknown series is a 404 even to a client that has the version. The
// series is read in one consistent read; its charts are drawn after that
// read has ended, so that no database connection is held while a chart
// waits for a render slot (renderGate).
func (s *Server) seriesBundle(c *gin.Context) error {
	slug := c.Param("slug")
	if _, err := s.db.PublicSeriesBySlug(c.Request.Context(), slug); err != nil {
		return err
	}
	var v *seriesView
	_, ok, err := s.readFresh(c, func(int64) error {
		var err error
		v, err = s.loadSeries(c.Request.Context(), slug)
		return err
	})
	if !ok {
		return err
	}
	b, err := s.bundle(c, v)
	if err != nil {
		return err
	}
	return s.writeDownload(c, slug+"-bundle", v.Version, "zip", "application/zip", func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// bundle makes the zip of the series v. Its charts are of v's version
// (drawn from v), unless a publish came after v was read: then they are
// drawn from the newer data, each with its own source line.
func (s *Server) bundle(c *gin.Context, v *seriesView) ([]byte, error) {
	p := chartParams{slugs: []string{v.Series.Slug}, size: charts.SizeLarge}
	png, err := s.renderChart(c, p, v.Version, "png", v)
	if err != nil {
		return nil, err
	}
	svg, err := s.renderChart(c, p, v.Version, "svg", v)
	if err != nil {
		return nil, err
	}
	keys, err := s.eventKey(c, p, v)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	link := seriesPermalink(s.baseURL(c), v.Series.Slug)
	var full bytes.Buffer
	if err := cite.Series(&full, cite.FormatText, v.Series, v.Figures, link, v.AsOf, now); err != nil {
		return nil, err
	}
	meta := exchange.BundleMeta{Title: v.Series.Title,
		Subtitle:       strings.Join([]string{groupText(v.Series.PopulationGroup), routeText(v.Series), measureText(v.Series)}, " · "),
		Citation:       strings.TrimSpace(full.String()),
		InlineCitation: inlineCitation(v.Figures, v.AsOf),
		Permalink:      link, Licence: s.cfg.Licence, Version: v.Version, Downloaded: now, EventKey: keys}
	var buf bytes.Buffer
	err = exchange.WriteBundle(&buf, meta, exchange.WriteOptions{BaseURL: s.baseURL(c)}, v.Series, v.Figures, png, svg)
	return buf.Bytes(), err
}

// eventKey is the numbered list of the events on the chart of p drawn
// from v, in the chart's own numbering: the image lists as many as it has
// room for, and the bundle's events-key.txt all of them.
func (s *Server) eventKey(c *gin.Context, p chartParams, v *seriesView) ([]string, error) {
	ins, err := s.chartInputs(c.Request.Context(), p, s.baseURL(c), []*seriesView{v})
	if err != nil {
		return nil, err
	}
	ch, err := charts.SeriesChart(ins[0], p.size)
	if err != nil {
		return nil, err
	}
	return ch.EventKey(), nil
}

// inlineCitation is "(IOM; Pakistani officials, via Displacement Tracker,
// 2025)": the first three organisations of the series citation's authors
// (cite.Authors: each organisation once, whatever its spellings), then
// "others".
func inlineCitation(figs []domain.Figure, asOf time.Time) string {
	orgs := cite.Authors(figs...)
	if len(orgs) > 3 {
		orgs = append(orgs[:3], "others")
	}
	return fmt.Sprintf("(%s, via Displacement Tracker, %d)", strings.Join(orgs, "; "), asOf.Year())
}
