package web

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPIDoc describes /api/v1 in OpenAPI 3.1. It is kept in the
// repository beside the code, and the tests check it is a valid document
// and that every operation's responses match it.
//
//go:embed openapi.json
var openAPIDoc []byte

// OpenAPIDocument returns the API description, for tests and tools.
func OpenAPIDocument() []byte { return openAPIDoc }

func (s *Server) openAPI(c *gin.Context) error {
	if err := newAPIQuery(c).err(); err != nil {
		return err
	}
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "application/json", openAPIDoc)
	return nil
}
