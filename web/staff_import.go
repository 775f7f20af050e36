package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/importjobs"
	"github.com/displacement-tracker/tracker/internal/store"
)

// maxUpload and maxImportRows bound an import uploaded in the browser;
// larger files go through `tracker import`, which streams. Every row of a
// browser import waits in the review queue for a second person, and fifty
// thousand is already more than a team reviews from one file.
const (
	maxUpload     = 20 << 20
	maxImportRows = 50_000
)

// importView is the import page: the form with its limits, and a
// finished job's report with its preview token, or the error that stopped
// it.
type importView struct {
	layoutView
	MaxMB   int
	MaxRows string
	Error   string
	Report  exchange.Report
	Upload  store.Upload
	Token   string        // a preview's, sent back to confirm it (or to answer its questions)
	Done    bool          // the import is saved
	Held    []heldRowView // a preview's rows like figures already held
	// The Organisations step: a question for each name that names no
	// organisation, the answers the preview ran with, and what an answer
	// chooses from.
	Questions []nameQuestion
	Names     []importer.Name
	Answers   []nameAnswer
	Orgs      []domain.Organization
	AnyOrgs   bool // each question lists every organisation (few enough)
	Kinds     []orgKind
}

// newImportView is the import page showing problem, if any, above the form.
func newImportView(problem string) *importView {
	return &importView{MaxMB: maxUpload >> 20, MaxRows: domain.FormatNumber(maxImportRows), Error: problem, Kinds: orgKinds()}
}

// importJobView is the page of an import job that runs, or of one this
// server does not know (Unknown).
type importJobView struct {
	layoutView
	Unknown     bool
	Job         importjobs.State
	Percent     int
	Rows        string
	Seconds     int
	Refresh     bool
	KeepMinutes int
}

// importOptions are a browser import's: in review, and bounded.
func importOptions(u domain.User) exchange.Options {
	return exchange.Options{Status: importStatus(u), MaxRows: maxImportRows}
}

func (s *Server) importPage(c *gin.Context) error {
	s.staffPage(c, http.StatusOK, "staff_import", "Import", newImportView(""))
	return nil
}

// importStatus is where a browser import lands: in review, whoever uploads
// it — a second person verifies every figure before the public sees it.
// (`tracker import` on the server publishes directly: it is the
// operator's tool for loading an already-verified dataset.)
func importStatus(domain.User) domain.Status { return domain.StatusInReview }

// previewImport takes the uploaded files and checks them in the
// background, without writing anything; the job's page shows the progress,
// then what the import would do, or every problem.
func (s *Server) previewImport(c *gin.Context) error {
	u, _ := currentUser(c)
	// The route's MaxBody bounds the upload, and checkForm has parsed it.
	up, err := readUpload(c)
	if err != nil {
		s.staffPage(c, http.StatusUnprocessableEntity, "staff_import", "Import", newImportView(err.Error()))
		return nil
	}
	up.UserID = u.ID
	j, err := s.imports.Reserve(u.ID, importjobs.Check)
	if err != nil {
		s.importRefused(c, err)
		return nil
	}
	s.imports.Start(j, up.Upload, importOptions(u), s.previewWork(u, up, nil))
	c.Redirect(http.StatusSeeOther, "/staff/import/jobs/"+j.ID())
	return nil
}

// confirmImport imports the files of a preview, all or nothing, in the
// background; the job's page shows the progress and then the result.
func (s *Server) confirmImport(c *gin.Context) error {
	u, _ := currentUser(c)
	return s.runStoredUpload(c, importjobs.Save, func(up upload, names []importer.Name) importjobs.Work {
		return func(ctx context.Context, in importer.Input, opt exchange.Options) (exchange.Report, string, error) {
			in.Names = names
			rep, err := importer.Run(ctx, s.db, u.Actor(), in, opt)
			s.metrics.imported(rep, err, up.EventsName)
			if err == nil {
				s.log.Info("import", "by", u.Email, "figures", rep.Figures, "events", rep.Events)
				s.sourcesAdded()
			}
			return rep, "", err
		}
	})
}

// runStoredUpload runs the step's work on the upload a preview stored (its
// token posted), with the Organisations step's answers the form carries,
// in the background, and sends the user to the job's page. A place is
// reserved first: a refused start leaves the upload to retry.
func (s *Server) runStoredUpload(c *gin.Context, step importjobs.Step, work func(upload, []importer.Name) importjobs.Work) error {
	u, _ := currentUser(c)
	j, err := s.imports.Reserve(u.ID, step)
	if err != nil {
		s.importRefused(c, err)
		return nil
	}
	stored, err := s.db.TakeUpload(c.Request.Context(), auth.TokenHash(c.PostForm("token")), u.ID)
	if err != nil {
		s.imports.Drop(j)
		return err
	}
	up := upload{stored}
	names := postedNames(c)
	j.Carry(names)
	s.imports.Start(j, up.Upload, importOptions(u), work(up, names))
	c.Redirect(http.StatusSeeOther, "/staff/import/jobs/"+j.ID())
	return nil
}

// importRefused answers an import this server cannot take now.
func (s *Server) importRefused(c *gin.Context, err error) {
	c.Header("Retry-After", "60")
	s.staffPage(c, http.StatusServiceUnavailable, "staff_import", "Import", newImportView("Not started: "+err.Error()+"."))
}

// importJobPage shows a job to the user who started it: its progress
// while it runs, and then exactly what the import page shows for its
// result. The page reloads itself only when the user asks (?refresh=on):
// a page that reloads on a timer nobody chose fails WCAG 2.2.1, and the
// site has no script to update it in place.
func (s *Server) importJobPage(c *gin.Context) error {
	u, _ := currentUser(c)
	j := s.imports.Job(c.Param("id"), u.ID)
	if j == nil {
		s.staffPage(c, http.StatusNotFound, "staff_import_job", "Import not found", &importJobView{Unknown: true, KeepMinutes: int(importjobs.KeepFor / time.Minute)})
		return nil
	}
	st := j.State(time.Now())
	if st.Done {
		return s.importResult(c, st)
	}
	percent := int(st.Read * 100)
	title := "Checking"
	if st.Saving() {
		title = "Saving"
	}
	title += fmt.Sprintf(" %d %% · Import", percent)
	if st.Waiting {
		title = "Waiting · Import"
	}
	s.staffPage(c, http.StatusOK, "staff_import_job", title, &importJobView{Job: st, Percent: percent,
		Rows: domain.FormatNumber(float64(st.Rows)), Seconds: int(st.Elapsed.Seconds()),
		Refresh: c.Query("refresh") == "on", KeepMinutes: int(importjobs.KeepFor / time.Minute)})
	return nil
}

// importResult is a finished job's page: the import page with its report.
func (s *Server) importResult(c *gin.Context, st importjobs.State) error {
	data := newImportView("")
	data.Report, data.Upload = st.Report, st.Up
	data.Held = heldRowViews(st.Report.Held)
	if err := s.withNames(c.Request.Context(), data, st); err != nil {
		return err
	}
	switch {
	case errors.Is(st.Err, exchange.ErrRejected) && !st.Saving() && st.Token != "":
		data.Token = st.Token // the Organisations step
		s.staffPage(c, http.StatusOK, "staff_import", "Organisations · Import", data)
	case errors.Is(st.Err, exchange.ErrRejected) && !st.Saving():
		s.staffPage(c, http.StatusUnprocessableEntity, "staff_import", "Import", data)
	case errors.Is(st.Err, exchange.ErrRejected): // the data changed since the preview
		s.staffPage(c, http.StatusConflict, "staff_import", "Import", data)
	case errors.Is(st.Err, context.Canceled):
		data.Error = "The import was stopped because the server was shutting down; nothing was written. Upload the file again."
		s.staffPage(c, http.StatusServiceUnavailable, "staff_import", "Import", data)
	case st.Err != nil:
		return st.Err
	case st.Saving():
		data.Done = true
		s.staffPage(c, http.StatusOK, "staff_import", "Import", data)
	default:
		data.Token = st.Token
		s.staffPage(c, http.StatusOK, "staff_import", "Import", data)
	}
	return nil
}

type upload struct{ store.Upload }

// readUpload reads the form's figures and events files.
func readUpload(c *gin.Context) (upload, error) {
	if err := c.Request.ParseMultipartForm(multipartMemory); err != nil {
		return upload{}, err
	}
	var up upload
	read := func(field string) (string, []byte, error) {
		fh, err := c.FormFile(field)
		if errors.Is(err, http.ErrMissingFile) {
			return "", nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		b, err := readAll(fh)
		return fh.Filename, b, err
	}
	var err1, err2 error
	up.FiguresName, up.Figures, err1 = read("figures")
	up.EventsName, up.Events, err2 = read("events")
	if err := errors.Join(err1, err2); err != nil {
		return upload{}, err
	}
	if up.Figures == nil && up.Events == nil {
		return upload{}, errors.New("choose a figures CSV (or an events CSV) to import")
	}
	return up, nil
}

func readAll(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}
