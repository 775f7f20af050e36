package web

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// sourceSeries is one series' figures read from a source (or attributed to
// an organisation).
type sourceSeries struct {
	Series  domain.Series
	Figures []domain.Figure
}

// checkedSeries is one series' figures read from a source, each excerpt
// checked against the source's saved copy.
type checkedSeries struct {
	Series  domain.Series
	Figures []sourceFigure
}

// sourceFigure is a figure read from a source, with its excerpt's check.
type sourceFigure struct {
	Figure        domain.Figure
	ExcerptStatus domain.ExcerptStatus
}

// ExcerptWords is the check as the table says it: "found", "not checked".
func (f sourceFigure) ExcerptWords() string { return excerptStatusWords(f.ExcerptStatus) }

// sourcePage is one cited document: what it is, where to read it, its
// saved copy and link health, and every published figure (its excerpt
// checked against the copy) and event read from it. A document that only
// drafts cite is not public: 404, like an unknown id. The page is cached
// per dataset version and per the source's latest copy and visit.
func (s *Server) sourcePage(c *gin.Context) error {
	id := paramID(c)
	if id == 0 {
		return domain.Errorf(domain.ENOTFOUND, "There is no source %q.", shorten(c.Param("id")))
	}
	// Whether it is public first: a source only drafts cite answers as an
	// unknown one does, its copy and visits unsaid (not even in an ETag).
	if _, err := s.db.PublicSource(c.Request.Context(), id); err != nil {
		return err
	}
	tag, err := s.db.SourceWatermark(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return s.cachedPageTagged(c, tag, func(int64) ([]byte, error) {
		ctx := c.Request.Context()
		src, figs, events, err := s.db.PublicSourceReadings(ctx, id)
		if err != nil {
			return nil, err
		}
		cp, err := s.db.LatestSourceText(ctx, id)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return nil, err
		}
		saved := err == nil
		if saved && len(figs)+len(events) > 0 {
			// The checks below share the slots of the figure pages' (one
			// check of a 2 MB text makes about 50 MB of garbage).
			leave, err := s.provenances.enter(ctx)
			if err != nil {
				return nil, err
			}
			defer leave()
		}
		budget := checkBudget(cp.Text, publicCheckBytes)
		var groups []checkedSeries
		unchecked := 0
		for i, f := range figs {
			if n := len(groups); n == 0 || groups[n-1].Series.ID != f.Series.ID {
				groups = append(groups, checkedSeries{Series: f.Series})
			}
			row := sourceFigure{Figure: f.Figure, ExcerptStatus: domain.ExcerptUnchecked}
			switch {
			case saved && i < budget:
				row.ExcerptStatus = domain.CheckExcerpt(f.Figure.Excerpt, cp.Text).Status
			case saved:
				unchecked++
			}
			groups[len(groups)-1].Figures = append(groups[len(groups)-1].Figures, row)
		}
		// Events have no page of their own: their excerpts are checked
		// here too, within what is left of the budget; past it, an event
		// says its kept check (which names the copy it was made against).
		for j := range events {
			if saved && len(figs)+j < budget {
				events[j].Evidence = domain.Evidence{Status: domain.CheckExcerpt(events[j].Excerpt, cp.Text).Status,
					SavedAt: cp.FetchedAt, SHA256: cp.SHA256}
			}
		}
		prov := provenanceView{Saved: saved, SavedAt: cp.FetchedAt, SHA256: cp.SHA256}
		health, err := s.linkHealth(ctx, id, prov, s.publicCopyURL(src), "")
		if err != nil {
			return nil, err
		}
		v := &sourcePageView{layoutView: layoutView{Title: src.Title,
			Description: sourceDescription(src, len(figs), len(events))}, Source: src, Series: groups,
			DocType: strings.ReplaceAll(string(src.DocType), "_", " "), Figures: len(figs), Events: events,
			PublisherURL: s.publisherURL(ctx, src.Publisher), Health: health, Unchecked: unchecked}
		if saved {
			v.Copy = &savedCopyView{SavedAt: cp.FetchedAt, SHA256: cp.SHA256, URL: cp.URL, FinalURL: cp.FinalURL,
				ContentType: mediaType(cp.ContentType), Size: cp.Size}
		}
		return s.renderBytes("source", v)
	})
}

type sourcePageView struct {
	layoutView
	Source       domain.Source
	Series       []checkedSeries
	DocType      string // in words
	Figures      int
	Events       []domain.Event
	PublisherURL string
	Copy         *savedCopyView // nil when no copy is saved
	Health       linkHealthView
	Unchecked    int // figures past the page's bound of excerpt checks
}

// savedCopyView is what a page says of a saved copy.
type savedCopyView struct {
	SavedAt       time.Time
	SHA256        string
	URL, FinalURL string
	ContentType   string
	Size          int64
}

// Redirected reports whether the copy was served from another address
// than the one fetched.
func (c savedCopyView) Redirected() bool { return c.FinalURL != "" && c.FinalURL != c.URL }

// SizeWords: "48 KB", "1.2 MB", "512 bytes".
func (c savedCopyView) SizeWords() string { return sizeWords(c.Size) }

func sizeWords(n int64) string {
	switch {
	case n < 1000:
		return countOf(int(n), "byte")
	case n < 1_000_000:
		return strconv.FormatInt((n+500)/1000, 10) + " KB"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
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
