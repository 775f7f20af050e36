package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// sourceFields are the source form's fields: the canonical CSV's source
// columns and the details only staff enter.
var sourceFields = []string{"source_url", "source_title", "source_publisher", "source_published", "source_accessed",
	"archive_url", "licence", "doc_type", "language", "notes"}

type sourceFormView struct {
	layoutView
	Form     *form
	DocTypes []string
}

func (s *Server) sourceForm(c *gin.Context, f *form) {
	s.staffPage(c, f.status(), "staff_source_form", "New source", &sourceFormView{Form: f, DocTypes: choices(domain.DocTypes)})
}

func (s *Server) newSource(c *gin.Context) error {
	s.sourceForm(c, newForm(nil))
	return nil
}

// createSource records a document once, so that every figure read in it
// points at the same source. A form with a problem writes nothing.
func (s *Server) createSource(c *gin.Context) error {
	f := postedForm(c, sourceFields, true)
	v := f.Values
	src := domain.Source{URL: v["source_url"], Title: v["source_title"], Publisher: v["source_publisher"],
		PublishedOn: f.date("source_published"), AccessedOn: f.date("source_accessed"), ArchiveURL: v["archive_url"],
		Licence: v["licence"], DocType: domain.DocType(v["doc_type"]), Language: v["language"], Notes: v["notes"]}
	f.check(src.Validate())
	answers := postedOrgAnswers(c, "source_publisher")
	err := s.saveInTx(c, f, func(tx *store.Tx) error {
		ctx := c.Request.Context()
		id, err := f.applyOrg(ctx, tx, answers, "source_publisher", src.Publisher)
		if err != nil {
			return err
		}
		if id != 0 {
			src.PublisherOrg = domain.OrgRef{ID: id}
		}
		src, err = tx.CreateSource(ctx, src)
		f.askAbout(err)
		return err
	})
	if err != nil {
		return err
	}
	if f.Invalid() {
		if err := s.withOrgs(c.Request.Context(), f); err != nil {
			return err
		}
		s.sourceForm(c, f)
		return nil
	}
	s.sourcesAdded()
	c.Redirect(http.StatusSeeOther, "/staff/figures/new?source="+strconv.FormatInt(src.ID, 10))
	return nil
}

type sourcesView struct {
	layoutView
	Q       string
	Sources []sourceRow
}

// sources searches the sources by title, URL or publisher, so that an
// editor attaches a figure to a document already on record.
func (s *Server) sources(c *gin.Context) error {
	q := strings.TrimSpace(c.Query("q"))
	var rows []sourceRow
	if q != "" {
		found, err := s.db.SearchSources(c.Request.Context(), q, 50)
		if err != nil {
			return err
		}
		if rows, err = s.sourceRows(c, found); err != nil {
			return err
		}
	}
	s.staffPage(c, http.StatusOK, "staff_sources", "Sources", &sourcesView{Q: q, Sources: rows})
	return nil
}

// sourcesAdded tells Config.SourcesAdded that a source may have been
// created, after its transaction committed.
func (s *Server) sourcesAdded() {
	if s.cfg.SourcesAdded != nil {
		s.cfg.SourcesAdded()
	}
}
