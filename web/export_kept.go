package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"

	"github.com/gin-gonic/gin"
)

// A download of a series, of a comparison or of the events is a few
// kilobytes to a few hundred, asked for again and again between publishes:
// it is kept in the render cache, per dataset version, as pages are, and
// sent from memory — in gzip, compressed once, to a client that takes it,
// its digest a header (RFC 9530 allows either). One bigger than
// maxKeptDownload streams from the database as before, and is remembered
// as too big for its version, so that the next request does not build it
// into memory only to give up again. (The whole dataset has its snapshot on
// disk; workbooks and packages are built per request.)

// maxKeptDownload is the largest download body kept in the render cache.
const maxKeptDownload = 1 << 20

// errTooBigToKeep stops the build of a download past its cap.
var errTooBigToKeep = errors.New("download too big to keep")

// downloadFile is what a download is: its file name (name-vVERSION.ext)
// and type.
type downloadFile struct {
	name, ext, contentType string
}

// sendKept answers with the download d that write makes of the published
// data of one version, built in one consistent read (rendered) and kept
// under key, or by stream when it is too big to keep. An error of write
// before it has written (a series not there) is the request's, even to a
// client that has the version: the kept bytes are looked up before the
// validators.
func (s *Server) sendKept(c *gin.Context, d downloadFile, key func(version int64) string, write func(io.Writer) error, stream func() error) error {
	version, err := s.datasetVersion(c.Request.Context())
	if err != nil {
		return err
	}
	if _, big := s.responses.get(key(version) + "|big"); big {
		return stream()
	}
	r, err := s.rendered(c, "download", version, key, func(v int64) ([]byte, error) {
		w := &cappedBuffer{max: s.maxKept}
		if err := write(w); err != nil {
			if errors.Is(err, errTooBigToKeep) {
				s.responses.put(key(v)+"|big", nil)
			}
			return nil, err
		}
		return bytes.Clone(w.buf.Bytes()), nil // no spare capacity held in the cache
	})
	switch {
	case errors.Is(err, errTooBigToKeep):
		return stream()
	case err != nil:
		return err
	}
	if s.readHook != nil {
		s.readHook(c.Request.Context())
	}
	if notModified(c, r.version) {
		return nil
	}
	s.downloadHeaders(c, d.name, r.version, d.ext, d.contentType)
	body, bodyKey := s.encoded(c, r.key, r.b)
	c.Header("Repr-Digest", s.digest(bodyKey, body))
	s.sendFront(c, r.version, r.key, d.contentType, body)
	return nil
}

// digest is the Repr-Digest of body, kept under key|digest: the bytes sent,
// compressed or not (RFC 9530: the digest of the representation as its
// Content-Encoding makes it).
func (s *Server) digest(key string, body []byte) string {
	if d, ok := s.responses.get(key + "|digest"); ok {
		return string(d)
	}
	sum := sha256.Sum256(body)
	d := "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"
	s.responses.put(key+"|digest", []byte(d))
	return d
}

// cappedBuffer keeps what is written to it up to max bytes, and refuses
// the write that would pass it. (Only Write: a bytes.Buffer embedded would
// let WriteString and ReadFrom past the cap.)
type cappedBuffer struct {
	buf bytes.Buffer
	max int
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.buf.Len()+len(p) > b.max {
		return 0, errTooBigToKeep
	}
	return b.buf.Write(p)
}
