package web

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Handler returns the whole site as an http.Handler.
func (s *Server) Handler() (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	if err := r.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		return nil, err
	}
	r.Use(s.recoverPanics, s.logRequests, securityHeaders)
	r.HandleMethodNotAllowed = true

	static, _ := fs.Sub(assets, "static")
	r.StaticFS("/static", http.FS(static))

	r.GET("/healthz", s.healthz)
	r.GET("/", s.home)
	r.GET("/figures.csv", s.allFiguresCSV)
	r.GET("/events.csv", s.eventsCSV)
	r.GET("/figures/:id", s.figurePage)
	r.GET("/series/:slug", s.seriesPage)
	r.GET("/series/:slug/chart.svg", s.chartSVG)
	r.GET("/series/:slug/chart.png", s.chartPNG)
	r.GET("/series/:slug/figures.csv", s.seriesFiguresCSV)

	r.NoRoute(s.notFound)
	r.NoMethod(func(c *gin.Context) {
		s.problem(c, http.StatusMethodNotAllowed, "Method not allowed", c.Request.Method+" is not allowed here.")
	})
	return headAsGet(r), nil
}

// headAsGet answers HEAD requests with the GET route: net/http sends the
// headers and drops the body, which is what HEAD means.
func headAsGet(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			r = r.Clone(r.Context())
			r.Method = http.MethodGet
		}
		h.ServeHTTP(w, r)
	})
}
