package web

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// downloadScope is what a workbook or package covers: one series, or the
// whole published dataset.
type downloadScope struct {
	filter    store.FigureFilter
	events    []domain.Event
	title     string
	permalink string
}

// scopeAt reads the scope of filter, for a site at base.
func (s *Server) scopeAt(ctx context.Context, base string, filter store.FigureFilter) (downloadScope, error) {
	sc := downloadScope{filter: filter, title: "Displacement Tracker: all published figures", permalink: base}
	slugs := filter.SeriesSlugs
	if filter.SeriesSlug != "" {
		slugs = []string{filter.SeriesSlug}
	}
	var titles []string
	var list []domain.Series
	for _, slug := range slugs {
		series, err := s.db.PublicSeriesBySlug(ctx, slug)
		if err != nil {
			return sc, err
		}
		titles = append(titles, series.Title)
		list = append(list, series)
	}
	switch {
	case len(slugs) == 1:
		sc.title, sc.permalink = titles[0], seriesPermalink(base, slugs[0])
	case len(slugs) > 1:
		sc.title = "Comparison: " + strings.Join(titles, "; ")
		sc.permalink = comparePermalink(base, slugs)
	}
	var err error
	if len(list) == 0 {
		sc.events, err = s.db.PublicEvents(ctx, store.EventFilter{})
	} else {
		// The events that apply to the series (domain.EventApplies), as
		// on their pages, whatever their dates: the download is the
		// series' whole record.
		sc.events, err = s.eventsOfSeries(ctx, list)
		// A download of some series links its events to those series
		// only: a link to a series it does not hold could not be imported
		// from it (the import refuses a link to an unknown series).
		for i := range sc.events {
			sc.events[i].Series = slices.DeleteFunc(slices.Clone(sc.events[i].Series), func(slug string) bool { return !slices.Contains(slugs, slug) })
		}
	}
	return sc, err
}

// packageDescription is the Data Package's description: what it is, and
// that its files are for software, exact to the byte.
const packageDescription = "Sourced figures on migration and displacement, each with the sentence it was read in, its source and a citation. " +
	"The CSV files give every text exactly as entered, even one that begins with =, +, - or @, which a spreadsheet may run as a formula: " +
	"for a spreadsheet, use the site's CSV with ?excel=1, the .xlsx workbook or a series' bundle.zip, which are made for it."

// dataPackage streams a Frictionless Data Package zip.
func (s *Server) dataPackage(c *gin.Context, filter store.FigureFilter, name string) error {
	base := s.baseURL(c)
	return s.sendDownload(c, name+"-datapackage", "zip", "application/zip", func(version int64) (func(io.Writer) error, error) {
		ctx := c.Request.Context()
		sc, err := s.scopeAt(ctx, base, filter)
		return func(w io.Writer) error {
			p, err := exchange.NewPackageWriter(w, exchange.WriteOptions{HXL: true, BaseURL: base})
			if err == nil {
				err = s.db.PublicFigureStream(ctx, filter, p.Write)
			}
			if err == nil {
				err = p.Finish(sc.events, exchange.PackageMeta{Name: fmt.Sprintf("%s-v%d", name, version), Title: sc.title,
					Description: packageDescription,
					Version:     version, Created: time.Now().UTC(), Homepage: sc.permalink, Licence: s.cfg.Licence})
			}
			return err
		}, err
	})
}

func (s *Server) allDataPackage(c *gin.Context) error {
	return s.dataPackage(c, store.FigureFilter{}, "displacement-tracker")
}
