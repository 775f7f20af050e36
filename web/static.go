package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// staticAsset is one file of web/static, read and compressed once: the
// files are embedded, so they cannot change while the server runs.
type staticAsset struct {
	body, gz    []byte // gz is nil when compressing does not make it smaller
	hash        string // of body: names this content in URLs and the ETag
	contentType string
}

// staticAssets are the files of web/static by name ("style.css").
var staticAssets = loadStatic()

func loadStatic() map[string]*staticAsset {
	out := map[string]*staticAsset{}
	err := fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(assets, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a := &staticAsset{body: b, hash: hex.EncodeToString(sum[:8]), contentType: mime.TypeByExtension(path.Ext(p))}
		switch {
		case path.Ext(p) == ".ico": // not in Go's table, and the system's may lack it
			a.contentType = "image/x-icon"
		case a.contentType == "":
			a.contentType = "application/octet-stream"
		}
		if z := gzipBytes(b); len(z) < len(b) {
			a.gz = z
		}
		out[strings.TrimPrefix(p, "static/")] = a
		return nil
	})
	if err != nil {
		panic("web: static files: " + err.Error()) // embedded: cannot fail at run time
	}
	return out
}

// staticURL is the address of a static file with its content's hash:
// "/static/style.css?v=3f2a…". A page links with it, so that the file can be
// cached for a year, and a new release, whose file has another hash, is
// fetched at once. A name that is not a static file is a template's bug:
// it fails the page at its first render, in tests.
func staticURL(name string) (string, error) {
	a, ok := staticAssets[name]
	if !ok {
		return "", fs.ErrNotExist
	}
	return "/static/" + name + "?v=" + a.hash, nil
}

// staticFile serves /static/*file.
func (s *Server) staticFile(c *gin.Context) {
	s.sendAsset(c, strings.TrimPrefix(c.Param("file"), "/"))
}

// favicon answers /favicon.ico, which browsers and feed readers ask for
// whatever the page links, with the icon itself.
func (s *Server) favicon(c *gin.Context) { s.sendAsset(c, "favicon.ico") }

// sendAsset writes a static file. At its hashed address it is immutable for
// a year; at any other (no ?v=, an old one, /favicon.ico) the file may
// change with a release, so a day. The ETag is the hash, a weak one on the
// compressed body, as notModified does for pages.
func (s *Server) sendAsset(c *gin.Context, name string) {
	a, ok := staticAssets[name]
	if !ok {
		s.notFound(c)
		return
	}
	if c.Query("v") == a.hash {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "public, max-age=86400")
	}
	etag, body := `"`+a.hash+`"`, a.body
	c.Header("Vary", "Accept-Encoding")
	zipped := a.gz != nil && acceptsGzip(c.GetHeader("Accept-Encoding"))
	if zipped {
		c.Header("ETag", "W/"+etag)
	} else {
		c.Header("ETag", etag)
	}
	if etagMatches(c.GetHeader("If-None-Match"), etag) {
		c.Status(http.StatusNotModified)
		return
	}
	if zipped {
		c.Header("Content-Encoding", "gzip")
		body = a.gz
	}
	c.Data(http.StatusOK, a.contentType, body)
}
