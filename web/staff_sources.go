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

func (s *Server) sourceForm(c *gin.Context, status int, values, errs map[string]string) {
	s.staffPage(c, status, "staff_source_form", "New source", map[string]any{"Values": values, "Errors": errs,
		"DocTypes": domain.DocTypes})
}

func (s *Server) newSource(c *gin.Context) {
	s.sourceForm(c, http.StatusOK, map[string]string{}, map[string]string{})
}

// createSource records a document once, so that every figure read in it
// points at the same source.
func (s *Server) createSource(c *gin.Context) {
	values := map[string]string{}
	for _, k := range sourceFields {
		values[k] = strings.TrimSpace(c.PostForm(k))
	}
	errs := map[string]string{}
	date := func(field string) domain.Date {
		d, err := domain.ParseDate(values[field])
		if err != nil {
			errs[field] = err.Error()
		}
		return d
	}
	src := domain.Source{URL: values["source_url"], Title: values["source_title"], Publisher: values["source_publisher"],
		PublishedOn: date("source_published"), AccessedOn: date("source_accessed"), ArchiveURL: values["archive_url"],
		Licence: values["licence"], DocType: domain.DocType(values["doc_type"]), Language: values["language"], Notes: values["notes"]}
	u, _ := currentUser(c)
	err := s.db.InTx(c.Request.Context(), u.Actor(), func(tx *store.Tx) error {
		var err error
		src, err = tx.CreateSource(c.Request.Context(), src)
		return err
	})
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		s.fail(c, err)
		return
	}
	for _, p := range domain.FieldProblems(err) {
		if _, ok := errs[p.Field]; !ok {
			errs[p.Field] = p.Message
		}
	}
	if len(errs) > 0 {
		status := http.StatusUnprocessableEntity
		if err != nil {
			status = statusOf[domain.ErrorCode(err)]
		}
		s.sourceForm(c, status, values, errs)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/figures/new?source="+strconv.FormatInt(src.ID, 10))
}
