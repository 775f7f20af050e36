package web

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gin-gonic/gin"
)

// The API's answers depend only on the published data of one dataset
// version and on their checked parameters, so each is kept in the render
// cache like a public page: a client that asks again, or a thousand that
// ask the same, cost one read per dataset version. The bytes are those
// c.JSON writes (json.Marshal's), sent in gzip to a client that takes it.

// jsonType is the type of the API's JSON, as c.JSON states it.
const jsonType = "application/json; charset=utf-8"

// sendList answers with the JSON read makes of the published data, kept
// under what: the operation and its checked parameters.
func (s *Server) sendList(c *gin.Context, what string, read func(ctx context.Context) (any, error)) error {
	key, build := s.apiResponse(c, what, read)
	return s.sendRendered(c, "api", jsonType, key, build)
}

// sendOne answers with {"data": item}, the one item read gives, kept as
// sendList keeps a list. An item that is not there is a 404 even to a
// client that has the version (sendRenderedOne).
func (s *Server) sendOne(c *gin.Context, what string, read func(ctx context.Context) (any, error)) error {
	key, build := s.apiResponse(c, what, func(ctx context.Context) (any, error) {
		data, err := read(ctx)
		return gin.H{"data": data}, err
	})
	return s.sendRenderedOne(c, "api", jsonType, key, build)
}

// apiResponse is the cache key and the build of what read makes, read in
// the build's consistent read.
func (s *Server) apiResponse(c *gin.Context, what string, read func(ctx context.Context) (any, error)) (key func(int64) string, build func(int64) ([]byte, error)) {
	base := s.baseURL(c)
	key = func(version int64) string { return fmt.Sprintf("api-%s|%d|%s", what, version, base) }
	return key, func(int64) ([]byte, error) {
		out, err := read(c.Request.Context())
		if err != nil {
			return nil, err
		}
		return json.Marshal(out)
	}
}
