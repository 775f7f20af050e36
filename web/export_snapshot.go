package web

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/snapshot"
	"github.com/displacement-tracker/tracker/internal/store"
)

// The full figures CSV of a large dataset takes the database half a minute
// and more to produce (a five-table join, row by row), yet it only changes
// with the dataset version. So, when Config.CacheDir and Config.BaseURL are
// set (keepsCopies), the first request for /figures.csv of a new version
// streams it from the database as always and starts writing a copy of it
// to disk in the background; once that is done, requests for that version
// are served from the file, with Range, at disk speed. Downloads with query parameters (?hxl=0, ?excel=1)
// and every other download still stream, except /figures.xlsx, which is
// kept likewise (export_xlsx.go).

const csvType = "text/csv; charset=utf-8"

// keepsCopies tells whether downloads are kept on disk: with a cache
// directory, and only for a site that knows its own address. Without
// Config.BaseURL the permalinks in a download come from the request's Host
// header, which any client sets: a copy made for one request would carry
// that client's address, and serving or even keeping it would let one
// client decide what the others get. (The render cache keys every entry by
// the address, so there a forged Host only ever gets its own pages.)
func (s *Server) keepsCopies() bool { return s.cfg.CacheDir != "" && s.cfg.BaseURL != "" }

// newFiguresSnapshots returns the snapshot directory of the full figures
// CSV, or nil when copies are not kept. A snapshot is keyed by the
// options it was written with, the site's address in its permalinks among
// them: a request that would be written differently is streamed.
func (s *Server) newFiguresSnapshots() *snapshot.Dir[exchange.WriteOptions] {
	if !s.keepsCopies() {
		return nil
	}
	return snapshot.New(s.cfg.CacheDir, "figures", ".csv", s.writeFiguresSnapshot, s.log)
}

// writeFiguresSnapshot writes what figuresCSV writes for the whole dataset,
// reading the version in the same transaction as the rows.
func (s *Server) writeFiguresSnapshot(ctx context.Context, opt exchange.WriteOptions, w io.Writer) (int64, error) {
	fw, err := exchange.NewFigureWriter(w, opt)
	if err != nil {
		return 0, err
	}
	var version int64
	// A public read, as a request's: with a read replica, the version
	// requests compare with comes from the replica too.
	err = s.db.PublicFigureStreamOfVersion(store.PublicRead(ctx), func(v int64) error {
		version = v
		return nil
	}, fw.Write)
	if err == nil {
		err = fw.Flush()
	}
	return version, err
}

// serveFiguresSnapshot answers a request for the full CSV from its
// snapshot. It returns false, having written nothing but validators, when
// the request is to be streamed: it asks for another form of the file
// (?hxl=0, ?excel=1), or there is no snapshot of the current version yet
// (and then one is being written). Other parameters change nothing, so they
// get the copy too: a random one must not buy a read of the whole dataset.
func (s *Server) serveFiguresSnapshot(c *gin.Context, name string) bool {
	opt, err := s.downloadOptions(c)
	if err != nil || !opt.HXL || opt.SpreadsheetSafe {
		return false
	}
	return s.serveSnapshot(c, s.snapshots, opt, name, "csv", csvType, false)
}

// serveSnapshot answers a request for a whole-dataset download from its
// snapshot in d, written with key, with the headers a streamed download has
// (the digest as a header, not a trailer: it is known before the body).
// With wait, a request finding no snapshot of the current version waits for
// the one being written (see snapshot.Dir.Wait). It returns false when the
// download is to be made for this request instead.
func (s *Server) serveSnapshot(c *gin.Context, d *snapshot.Dir[exchange.WriteOptions], key exchange.WriteOptions,
	name, ext, contentType string, wait bool) bool {
	if d == nil {
		return false
	}
	ctx := c.Request.Context()
	version, err := s.datasetVersion(ctx)
	if err != nil {
		return false // the download made per request reports it
	}
	if notModified(c, version) { // before any wait: the client has this version
		c.Header("ETag", `"v`+strconv.FormatInt(version, 10)+`"`)
		return true
	}
	var r *snapshot.Reader
	var ok bool
	if wait {
		r, ok = d.Wait(ctx, version, key)
	} else {
		r, ok = d.Open(version, key)
	}
	s.metrics.cacheLookup("download", ok)
	if !ok {
		return false
	}
	defer r.Close()
	s.sendDownloadFile(c, name, version, ext, contentType, r, r.Digest, true)
	return true
}

// sendDownloadFile sends a download made in full before the response, from
// a file, with its digest. notModified has been called. A kept copy
// (stable) gets Range and a strong tag: the streamed download's, but strong
// even to a client that takes gzip, since these bytes are never compressed
// and never change for the version, and If-Range, which resumes a download,
// needs a strong tag. A file built for this request alone is not the same
// bytes as the next build (a workbook records when it was made): its tag is
// weak and it is sent whole, so a resumed download cannot splice two builds.
func (s *Server) sendDownloadFile(c *gin.Context, name string, version int64, ext, contentType string,
	content io.ReadSeeker, digest [sha256.Size]byte, stable bool) {
	tag := `"v` + strconv.FormatInt(version, 10) + `"`
	if !stable {
		tag = "W/" + tag
	}
	c.Header("ETag", tag)
	s.downloadHeaders(c, name, version, ext, contentType)
	c.Header("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(digest[:])+":")
	if stable {
		http.ServeContent(c.Writer, c.Request, "", time.Time{}, content)
		return
	}
	size, err := content.Seek(0, io.SeekEnd)
	if err == nil {
		_, err = content.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Accept-Ranges", "none")
	c.Header("Content-Length", strconv.FormatInt(size, 10))
	c.Status(http.StatusOK)
	io.Copy(c.Writer, content)
}

// Close stops the background work of the server: a snapshot being written,
// and the browser imports, whose transactions roll back; it returns when
// they have. Call it after the HTTP server has shut down.
func (s *Server) Close() {
	s.imports.Close()
	for _, d := range []*snapshot.Dir[exchange.WriteOptions]{s.snapshots, s.workbooks} {
		if d != nil {
			d.Close()
		}
	}
}
