package web

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Every public response that depends only on the published dataset — a
// page, a chart, an API page, a download — is labelled with the dataset
// version: its ETag, its cache key, the file name of a download. The
// version and the data must then come from one read: read apart, a
// publish between the two labels old data with the new version, and a
// client that has it is answered 304 until the next publish. So such a
// response is made here, one way:
//
//   - whenModified reads the version (cheap: from memory on PostgreSQL)
//     and answers 304 when the client has it;
//   - a cached response is looked up under that version (rendered);
//   - anything else is read within one store.ReadAtVersion, in which every
//     read of the request (through c.Request.Context()) sees the state of
//     the version it reads itself (readAt). When that version is newer than
//     the one whenModified read, the response is labelled with it.
//
// A read holds a database connection until it ends, so nothing waits with
// one open for long: requests that miss the cache together wait for one
// build without a read of their own, a chart reads before it takes a
// render slot, a workbook takes its build slot before it reads. (A page
// build waits, its read open, for the render slot of its inline chart: two
// seconds at most, see renderGate.)

// whenModified reads the dataset version and sets the validators of a
// response that depends only on it. ok is false when the response is
// complete (304: the client has this version) or err is not nil.
func (s *Server) whenModified(c *gin.Context) (version int64, ok bool, err error) {
	version, err = s.datasetVersion(c.Request.Context())
	if err != nil || notModified(c, version) {
		return 0, false, err
	}
	return version, true, nil
}

// consistently calls read within one store.ReadAtVersion, with the version
// it reads. Every read made through c.Request.Context() meanwhile sees the
// state of that version; c's request is restored after.
func (s *Server) consistently(c *gin.Context, read func(version int64) error) error {
	req := c.Request
	defer func() { c.Request = req }()
	return s.db.ReadAtVersion(req.Context(), func(ctx context.Context, version int64) error {
		c.Request = req.WithContext(ctx)
		return read(version)
	})
}

// readAt is consistently for a request whose validators whenModified has
// set for version: should the read find a newer version, the validators
// name that one instead, and a client that has it gets 304 without send
// being called.
func (s *Server) readAt(c *gin.Context, version int64, send func(version int64) error) error {
	return s.consistently(c, func(v int64) error {
		if v != version && notModified(c, v) {
			return nil
		}
		return send(v)
	})
}

// atVersion answers a request with what send writes from the published
// data of one version (whenModified, then readAt). An error before send
// has started a body is the request's error; one after breaks the
// connection (errBodyStarted).
func (s *Server) atVersion(c *gin.Context, send func(version int64) error) error {
	version, ok, err := s.whenModified(c)
	if !ok {
		return err
	}
	return s.readAt(c, version, send)
}

// errBodyStarted marks an error that came after the status line was sent:
// fail answers it by breaking the connection (abortBody).
type errBodyStarted struct{ err error }

func (e errBodyStarted) Error() string { return e.err.Error() }
func (e errBodyStarted) Unwrap() error { return e.err }

// sendDownload answers with a download named name-vVERSION.ext made from
// the published data of one version. open reads what it needs — an error
// there is a clean error response (404, 500) — and returns what writes the
// body, in the same read, after the headers; its error breaks the
// connection, so that the client sees a failed download rather than a
// short file that looks whole. The body streams: its SHA-256 follows it as
// a Repr-Digest trailer (RFC 9530).
func (s *Server) sendDownload(c *gin.Context, name, ext, contentType string, open func(version int64) (func(io.Writer) error, error)) error {
	return s.atVersion(c, func(version int64) error {
		write, err := open(version)
		if err != nil {
			return err
		}
		return s.writeDownload(c, name, version, ext, contentType, write)
	})
}

// readFresh reads what a response needs in one consistent read, unless
// the client has the version (whenModified, then readAt). ok is false when
// the response is complete (304) or err is set; version is the one read.
func (s *Server) readFresh(c *gin.Context, read func(version int64) error) (version int64, ok bool, err error) {
	if version, ok, err = s.whenModified(c); !ok {
		return version, ok, err
	}
	ran := false
	err = s.readAt(c, version, func(v int64) error {
		version, ran = v, true
		return read(v)
	})
	return version, err == nil && ran, err // not ran: 304 for the newer version the read found
}

// sendRead is sendDownload for a download made from what read reads into
// memory: the read ends before the body is written, so that a slow client
// holds no database connection while it takes the bytes.
func (s *Server) sendRead(c *gin.Context, name, ext, contentType string, read func(version int64) (func(io.Writer) error, error)) error {
	var write func(io.Writer) error
	version, ok, err := s.readFresh(c, func(v int64) error {
		var err error
		write, err = read(v)
		return err
	})
	if !ok {
		return err
	}
	return s.writeDownload(c, name, version, ext, contentType, write)
}

// writeDownload sends the headers of a download of version, then the body
// write writes, with its digest as a trailer (sendDownload).
func (s *Server) writeDownload(c *gin.Context, name string, version int64, ext, contentType string, write func(io.Writer) error) error {
	if s.readHook != nil {
		s.readHook(c.Request.Context())
	}
	s.downloadHeaders(c, name, version, ext, contentType)
	h := c.Writer.Header()
	h.Set("Trailer", "Repr-Digest")
	c.Status(http.StatusOK)
	sum := sha256.New()
	if err := write(io.MultiWriter(c.Writer, sum)); err != nil {
		return errBodyStarted{err}
	}
	h.Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum.Sum(nil))+":")
	return nil
}

// sendRendered answers with a response kept in the render cache under
// key(version): 304 when the client has the version, the kept bytes when
// there are some, and otherwise build's, made once for all the requests
// that miss at once (rendered).
func (s *Server) sendRendered(c *gin.Context, kind, contentType string, key func(version int64) string, build func(version int64) ([]byte, error)) error {
	version, ok, err := s.whenModified(c)
	if !ok {
		return err
	}
	r, err := s.rendered(c, kind, version, key, build)
	if err != nil {
		return err
	}
	if r.version == version || !notModified(c, r.version) {
		s.sendRendering(c, contentType, r)
	}
	return nil
}

// sendRenderedOne is sendRendered for a response about one thing that may
// not be there (a series, a figure): the kept bytes are looked up, or
// built, before the validators are checked, so that a thing not there is a
// 404 even to a client that has the version. A hit still reads nothing.
func (s *Server) sendRenderedOne(c *gin.Context, kind, contentType string, key func(version int64) string, build func(version int64) ([]byte, error)) error {
	version, err := s.datasetVersion(c.Request.Context())
	if err != nil {
		return err
	}
	r, err := s.rendered(c, kind, version, key, build)
	if err != nil {
		return err
	}
	if !notModified(c, r.version) {
		s.sendRendering(c, contentType, r)
	}
	return nil
}

// sendRendering writes r, in gzip when the client takes it (encoded), and
// keeps the response in the front cache (sendFront): it is the same for
// every request of its address under r's version.
func (s *Server) sendRendering(c *gin.Context, contentType string, r rendering) {
	body, _ := s.encoded(c, r.key, r.b)
	s.sendFront(c, r.version, r.key, contentType, body)
}

// rendering is a response made from the published data, and the dataset
// version of that data.
type rendering struct {
	b       []byte
	version int64
	key     string // the render cache's key of b
}

// rendered returns the bytes kept under key(version), or builds them in one
// consistent read and keeps them under the key of the version read. After
// a publish, the requests that miss at once share one build: the first
// builds on its own goroutine, the others wait for it (and build again
// only when the first's client went away, which ends its build).
func (s *Server) rendered(c *gin.Context, kind string, version int64, key func(version int64) string, build func(version int64) ([]byte, error)) (rendering, error) {
	k := key(version)
	if b, ok := s.responses.get(k); ok {
		s.metrics.cacheLookup(kind, true)
		return rendering{b, version, k}, nil
	}
	s.metrics.cacheLookup(kind, false)
	for {
		r, err, _ := s.builds.Do(k, func() (any, error) {
			var r rendering
			err := s.consistently(c, func(v int64) error {
				k := key(v)
				b, ok := s.responses.get(k) // built while this request waited
				if !ok {
					if s.buildHook != nil {
						s.buildHook(k)
					}
					var err error
					if b, err = build(v); err != nil {
						return err
					}
					s.responses.put(k, b)
				}
				r = rendering{b, v, k}
				return nil
			})
			if ctx := c.Request.Context(); err != nil && ctx.Err() != nil {
				// This request's client went away, and its build failed in
				// whatever way that made it fail (on PostgreSQL, a closed
				// transaction): the waiters, whose clients have not, build
				// again rather than answer with this error.
				err = ctx.Err()
			}
			return r, err
		})
		if errors.Is(err, context.Canceled) && c.Request.Context().Err() == nil {
			continue // the request that built it went away; this one did not
		}
		got, _ := r.(rendering)
		return got, err
	}
}
