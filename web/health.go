package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func (s *Server) healthz(c *gin.Context) error {
	if err := s.db.Ping(c.Request.Context()); err != nil {
		s.log.Error("healthz", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
		return nil
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
	return nil
}
