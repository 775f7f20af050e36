package web

import (
	"encoding/xml"
	"fmt"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// change is one entry of the public change log, read from a revision's
// snapshot: what the public saw after it.
type change struct {
	ID        int64 // the revision's
	At        time.Time
	Action    domain.Action
	Reason    string
	FigureID  string
	Series    string
	Summary   string // "about 1,000,000 — IOM, 19 Apr 2025"
	Permalink string
}

func (c change) Verb() string {
	switch c.Action {
	case domain.ActionRetract:
		return "Retracted"
	case domain.ActionApprove:
		return "Approved and published"
	}
	return "Published by import"
}

func (s *Server) loadChanges(c *gin.Context, before int64, limit int) ([]change, error) {
	revs, err := s.db.PublicChanges(c.Request.Context(), before, limit)
	if err != nil {
		return nil, err
	}
	out := make([]change, 0, len(revs))
	for _, r := range revs {
		snap, err := store.DecodeFigureSnapshot(r)
		if err != nil {
			return nil, err
		}
		end, _ := domain.ParseDate(snap.PeriodEnd)
		f := domain.Figure{Value: snap.Value, Qualifier: domain.Qualifier(snap.Qualifier), ValueLow: snap.ValueLow, ValueHigh: snap.ValueHigh}
		out = append(out, change{ID: r.ID, At: r.At, Action: r.Action, Reason: r.Reason, FigureID: r.EntityID, Series: snap.Series,
			Summary:   fmt.Sprintf("%s — %s, %s", valueText(f), snap.AttributedTo, end.Human()),
			Permalink: exchange.Permalink(s.baseURL(c), r.EntityID)})
	}
	return out, nil
}

// changesPage is the change log, kept in the render cache per dataset
// version (every change it lists, and every series title it names, is a
// new version). Its query is ignored, as it always was.
func (s *Server) changesPage(c *gin.Context) error {
	return s.cachedPageAs(c, "", func(int64) ([]byte, error) {
		changes, err := s.loadChanges(c, 0, 100)
		if err != nil {
			return nil, err
		}
		// Series by title, as a reader knows them; one read per series named.
		titles := map[string]string{}
		for _, ch := range changes {
			if _, ok := titles[ch.Series]; ok {
				continue
			}
			titles[ch.Series] = ch.Series
			if series, err := s.db.SeriesBySlug(c.Request.Context(), ch.Series); err == nil {
				titles[ch.Series] = series.Title
			} else if domain.ErrorCode(err) != domain.ENOTFOUND {
				return nil, err
			}
		}
		return s.renderBytes("changes", &changesView{layoutView: layoutView{Title: "Changes",
			Description: "Every publication, correction and retraction of a displacement figure on this site, newest first, with the reason given."},
			Changes: changes, SeriesTitles: titles})
	})
}

type changesView struct {
	layoutView
	Changes      []change
	SeriesTitles map[string]string // by slug
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

// changesFeed is the change log as an Atom feed, for reporters' readers,
// kept like the page.
func (s *Server) changesFeed(c *gin.Context) error {
	base := s.baseURL(c)
	key := func(version int64) string { return fmt.Sprintf("feed|%d|%s", version, base) }
	return s.sendRendered(c, "page", "application/atom+xml; charset=utf-8", key, func(int64) ([]byte, error) {
		changes, err := s.loadChanges(c, 0, 100)
		if err != nil {
			return nil, err
		}
		return changesAtom(changes, base)
	})
}

// changesAtom is the feed of changes on the site at base.
func changesAtom(changes []change, base string) ([]byte, error) {
	feed := atomFeed{Title: "Displacement Tracker: changes to published figures", ID: base + "/changes.atom",
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339), Author: atomAuthor{Name: "Displacement Tracker"},
		Links: []atomLink{{Href: base + "/changes.atom", Rel: "self", Type: "application/atom+xml"},
			{Href: base + "/changes", Rel: "alternate", Type: "text/html"}}}
	if len(changes) > 0 {
		feed.Updated = changes[0].At.Format(time.RFC3339)
	}
	for _, ch := range changes {
		summary := ch.Verb() + ": " + ch.Summary
		if ch.Reason != "" {
			summary += ". Reason: " + ch.Reason
		}
		feed.Entries = append(feed.Entries, atomEntry{Title: ch.Verb() + ": " + ch.Summary,
			ID: fmt.Sprintf("%s#%s", ch.Permalink, ch.At.Format("20060102T150405.000000Z")), Updated: ch.At.Format(time.RFC3339),
			Link: atomLink{Href: ch.Permalink}, Summary: summary})
	}
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}
