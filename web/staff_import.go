package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
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

// importData is what the import page shows besides the report: its limits.
func importData(more map[string]any) map[string]any {
	data := map[string]any{"MaxMB": maxUpload >> 20, "MaxRows": domain.FormatNumber(maxImportRows)}
	maps.Copy(data, more)
	return data
}

// importOptions are a browser import's: in review, and bounded.
func importOptions(u domain.User) exchange.Options {
	return exchange.Options{Status: importStatus(u), MaxRows: maxImportRows}
}

func (s *Server) importPage(c *gin.Context) {
	s.staffPage(c, http.StatusOK, "staff_import", "Import", importData(nil))
}

// importStatus is where a browser import lands: in review, whoever uploads
// it — a second person verifies every figure before the public sees it.
// (`tracker import` on the server publishes directly: it is the
// operator's tool for loading an already-verified dataset.)
func importStatus(domain.User) domain.Status { return domain.StatusInReview }

// previewImport checks the uploaded files without writing anything, keeps
// them, and shows what the import would do, or every problem.
func (s *Server) previewImport(c *gin.Context) {
	u, _ := currentUser(c)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUpload)
	up, err := readUpload(c)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		s.staffPage(c, http.StatusRequestEntityTooLarge, "staff_import", "Import", importData(map[string]any{"Error": fmt.Sprintf("The upload is larger than %d MB. Split the file, or import it with `tracker import`, which has no limit.", maxUpload>>20)}))
		return
	case err != nil:
		s.staffPage(c, http.StatusUnprocessableEntity, "staff_import", "Import", importData(map[string]any{"Error": err.Error()}))
		return
	}
	up.UserID = u.ID
	rep, err := importer.Preview(c.Request.Context(), s.db, u.Actor(), up.input(), importOptions(u))
	data := importData(map[string]any{"Report": rep, "Upload": up, "Status": importStatus(u)})
	if errors.Is(err, exchange.ErrRejected) {
		s.staffPage(c, http.StatusUnprocessableEntity, "staff_import", "Import", data)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	token, hash := auth.NewToken()
	if err := s.db.SaveUpload(c.Request.Context(), hash, up.Upload); err != nil {
		s.fail(c, err)
		return
	}
	data["Token"] = token
	s.staffPage(c, http.StatusOK, "staff_import", "Import", data)
}

// confirmImport imports the files of a preview, all or nothing.
func (s *Server) confirmImport(c *gin.Context) {
	ctx := c.Request.Context()
	u, _ := currentUser(c)
	stored, err := s.db.TakeUpload(ctx, auth.TokenHash(c.PostForm("token")), u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	up := upload{stored}
	rep, err := importer.Run(ctx, s.db, u.Actor(), up.input(), importOptions(u))
	s.metrics.imported(rep, err, up.EventsName)
	data := importData(map[string]any{"Report": rep, "Upload": up, "Done": err == nil, "Status": importStatus(u)})
	switch {
	case errors.Is(err, exchange.ErrRejected): // the data changed since the preview
		s.staffPage(c, http.StatusConflict, "staff_import", "Import", data)
	case err != nil:
		s.fail(c, err)
	default:
		s.log.Info("import", "by", u.Email, "figures", rep.Figures, "events", rep.Events)
		s.staffPage(c, http.StatusOK, "staff_import", "Import", data)
	}
}

type upload struct{ store.Upload }

func (u upload) input() importer.Input {
	var in importer.Input
	if u.Figures != nil {
		in.Figures, in.FiguresName = bytes.NewReader(u.Figures), u.FiguresName
	}
	if u.Events != nil {
		in.Events, in.EventsName = bytes.NewReader(u.Events), u.EventsName
	}
	return in
}

// readUpload reads the form's figures and events files.
func readUpload(c *gin.Context) (upload, error) {
	if err := c.Request.ParseMultipartForm(1 << 20); err != nil {
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
