package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// sourceSeries is one series' figures read from a source.
type sourceSeries struct {
	Series  domain.Series
	Figures []domain.Figure
}

// sourcePage is one cited document: what it is, where to read it, and every
// published figure and event read from it. A document that only drafts
// cite is not public: 404, like an unknown id.
func (s *Server) sourcePage(c *gin.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return domain.Errorf(domain.ENOTFOUND, "There is no source %q.", shorten(c.Param("id")))
	}
	return s.cachedPage(c, nil, func(int64) ([]byte, error) {
		src, figs, events, err := s.db.PublicSourceReadings(c.Request.Context(), id)
		if err != nil {
			return nil, err
		}
		var groups []sourceSeries
		for _, f := range figs {
			if n := len(groups); n == 0 || groups[n-1].Series.ID != f.Series.ID {
				groups = append(groups, sourceSeries{Series: f.Series})
			}
			groups[len(groups)-1].Figures = append(groups[len(groups)-1].Figures, f.Figure)
		}
		return s.renderBytes("source", &sourcePageView{layoutView: layoutView{Title: src.Title,
			Description: sourceDescription(src, len(figs), len(events))}, Source: src, Series: groups,
			DocType: strings.ReplaceAll(string(src.DocType), "_", " "), Figures: len(figs), Events: events,
			PublisherURL: s.publisherURL(c.Request.Context(), src.Publisher)})
	})
}

type sourcePageView struct {
	layoutView
	Source       domain.Source
	Series       []sourceSeries
	DocType      string // in words
	Figures      int
	Events       []domain.Event
	PublisherURL string
}

// publisherURL is the home page's list of the publisher's series, or ""
// when the publisher is no choice of its filter (its documents back events
// only).
func (s *Server) publisherURL(ctx context.Context, name string) string {
	version, err := s.datasetVersion(ctx)
	if err != nil {
		return ""
	}
	opts, err := s.seriesOptions(ctx, version)
	if err != nil {
		return ""
	}
	org, ok := findOrg(opts.Orgs, name)
	if !ok {
		return ""
	}
	return seriesQuery{Publisher: orgValue(org)}.url(1)
}

// sourceDescription: "Flash update, published by IOM: the 3 figures and
// 1 event read in this document."
func sourceDescription(src domain.Source, figures, events int) string {
	d := src.Title + ", published by " + src.Publisher + ": the " + countOf(figures, "figure")
	if events > 0 {
		d += " and " + countOf(events, "event")
	}
	return clipDescription(d + " read in this document, each with the sentence it came from.")
}

func countOf(n int, noun string) string {
	s := domain.FormatNumber(float64(n)) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}
