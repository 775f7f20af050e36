package web

import (
	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/store"
)

// publicReads marks a public request's context so that the store may serve
// its reads — the page's data and the dataset version that keys its cache
// and ETag — from the read replica, when one is configured. Handler puts it
// in front of every public route outside /staff; staff pages, sign-in and
// every write read from the primary.
func publicReads(c *gin.Context) {
	c.Request = c.Request.WithContext(store.PublicRead(c.Request.Context()))
	c.Next()
}
