package web

import (
	"cmp"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Rule is who may use a route: Role "" is everybody. An Internal route
// answers only clients on loopback or in Config.MetricsAllow — whatever
// their role — and is a 404 to everyone else. The route table below is the
// one place that says it, and a test checks every route against it.
// MaxBody is the most bytes the route reads of a request's body (0: a
// form's maxFormBody); a body declared larger is refused before any of it
// is read, and one sent without a length is cut off there.
type Rule struct {
	Method, Path string
	Role         domain.Role
	Internal     bool
	MaxBody      int64
}

type route struct {
	Rule
	handle gin.HandlerFunc
}

// Public marks a route anybody may use.
const Public domain.Role = ""

func (s *Server) routes() []route {
	r := func(method, path string, role domain.Role, h gin.HandlerFunc) route {
		return route{Rule{Method: method, Path: path, Role: role}, h}
	}
	// internal: for the machines that watch this server, not for people.
	internal := func(method, path string, h gin.HandlerFunc) route {
		return route{Rule{Method: method, Path: path, Role: Public, Internal: true}, h}
	}
	// upload: a route that takes files, up to maxUpload.
	upload := func(rt route) route { rt.MaxBody = maxUpload; return rt }
	const get, post = http.MethodGet, http.MethodPost
	editor, reviewer, admin := domain.RoleEditor, domain.RoleReviewer, domain.RoleAdmin
	return []route{
		r(get, "/healthz", Public, s.healthz),
		internal(get, "/metrics", s.serveMetrics()),
		r(get, "/", Public, s.home),
		r(get, "/figures.csv", Public, s.allFiguresCSV),
		r(get, "/figures.json", Public, s.allFiguresJSON),
		r(get, "/figures.xlsx", Public, s.allFiguresXLSX),
		r(get, "/datapackage.zip", Public, s.allDataPackage),
		r(get, "/events.csv", Public, s.eventsCSV),
		r(get, "/figures/:id", Public, s.figurePage),
		r(get, "/figures/:id/cite", Public, s.citeFigure),
		r(get, "/sources/:id", Public, s.sourcePage),
		r(get, "/changes", Public, s.changesPage),
		r(get, "/data", Public, s.dataPage),
		r(get, "/changes.atom", Public, s.changesFeed),
		r(get, "/series/:slug", Public, s.seriesPage),
		r(get, "/series/:slug/chart.svg", Public, s.chartSVG),
		r(get, "/series/:slug/chart.png", Public, s.chartPNG),
		r(get, "/series/:slug/figures.csv", Public, s.seriesDownload(s.figuresCSV)),
		r(get, "/series/:slug/figures.json", Public, s.seriesDownload(s.figuresJSON)),
		r(get, "/series/:slug/figures.xlsx", Public, s.seriesDownload(s.figuresXLSX)),
		r(get, "/series/:slug/datapackage.zip", Public, s.seriesDownload(s.dataPackage)),
		r(get, "/series/:slug/bundle.zip", Public, s.seriesBundle),
		r(get, "/series/:slug/cite", Public, s.citeSeries),
		r(get, "/embed/series/:slug", Public, s.embedSeries),
		r(get, "/compare", Public, s.comparePage),
		r(get, "/compare/chart.svg", Public, s.compareImage("svg")),
		r(get, "/compare/chart.png", Public, s.compareImage("png")),
		r(get, "/compare/figures.csv", Public, s.compareDownload(s.figuresCSV)),
		r(get, "/compare/figures.json", Public, s.compareDownload(s.figuresJSON)),
		r(get, "/compare/figures.xlsx", Public, s.compareDownload(s.figuresXLSX)),
		r(get, "/compare/datapackage.zip", Public, s.compareDownload(s.dataPackage)),

		r(get, "/api/v1/series", Public, s.apiSeriesList),
		r(get, "/api/v1/series/:slug", Public, s.apiSeries),
		r(get, "/api/v1/series/:slug/figures", Public, s.apiSeriesFigures),
		r(get, "/api/v1/figures", Public, s.apiFigures),
		r(get, "/api/v1/figures/:id", Public, s.apiFigure),
		r(get, "/api/v1/sources", Public, s.apiSources),
		r(get, "/api/v1/sources/:id", Public, s.apiSource),
		r(get, "/api/v1/events", Public, s.apiEvents),
		r(get, "/api/v1/changes", Public, s.apiChanges),
		r(get, "/api/v1/openapi.json", Public, s.openAPI),
		r(http.MethodOptions, "/api/v1/*path", Public, func(*gin.Context) {}),

		r(get, "/staff/login", Public, s.loginPage),
		r(post, "/staff/login", Public, s.login),
		r(post, "/staff/logout", Public, s.logout),
		r(get, "/staff", editor, s.staffHome),
		r(get, "/staff/figures/new", editor, s.newFigure),
		r(post, "/staff/figures", editor, s.saveFigure),
		r(get, "/staff/figures/:id", editor, s.staffFigure),
		r(get, "/staff/figures/:id/edit", editor, s.editFigure),
		r(post, "/staff/figures/:id", editor, s.saveFigure),
		r(post, "/staff/figures/:id/submit", editor, s.actOnFigure(domain.ActionSubmit)),
		r(post, "/staff/figures/:id/approve", reviewer, s.actOnFigure(domain.ActionApprove)),
		r(post, "/staff/figures/:id/reject", reviewer, s.actOnFigure(domain.ActionReject)),
		r(post, "/staff/figures/:id/retract", admin, s.actOnFigure(domain.ActionRetract)),
		r(get, "/staff/events/new", editor, s.newEvent),
		r(post, "/staff/events", editor, s.createEvent),
		r(get, "/staff/events/:id", editor, s.staffEvent),
		r(post, "/staff/events/:id/submit", editor, s.actOnEvent(domain.ActionSubmit)),
		r(post, "/staff/events/:id/approve", reviewer, s.actOnEvent(domain.ActionApprove)),
		r(post, "/staff/events/:id/reject", reviewer, s.actOnEvent(domain.ActionReject)),
		r(post, "/staff/events/:id/retract", admin, s.actOnEvent(domain.ActionRetract)),
		r(get, "/staff/review", reviewer, s.reviewQueue),
		r(get, "/staff/sources", editor, s.sources),
		r(get, "/staff/sources/new", editor, s.newSource),
		r(post, "/staff/sources", editor, s.createSource),
		r(get, "/staff/series/new", editor, s.newSeries),
		r(post, "/staff/series", editor, s.createSeries),
		r(get, "/staff/import", editor, s.importPage),
		upload(r(post, "/staff/import", editor, s.previewImport)),
		r(post, "/staff/import/confirm", editor, s.confirmImport),
		r(get, "/staff/import/jobs/:id", editor, s.importJobPage),
		r(get, "/staff/users", admin, s.listUsers),
		r(post, "/staff/users", admin, s.addUser),
		r(post, "/staff/users/:id", admin, s.changeUser),
	}
}

// Rules lists every route and who may use it.
func (s *Server) Rules() []Rule {
	var out []Rule
	for _, rt := range s.routes() {
		out = append(out, rt.Rule)
	}
	return out
}

// Handler returns the whole site as an http.Handler.
func (s *Server) Handler() (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	if err := r.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		return nil, err
	}
	// The body limit comes before anything that could read a body; the
	// form check (which reads it) runs in each POST route's chain, after
	// the role check, so that no anonymous body is parsed for a staff route.
	limits := map[string]int64{}
	for _, rt := range s.routes() {
		limits[rt.Method+" "+rt.Path] = cmp.Or(rt.MaxBody, maxFormBody)
	}
	r.Use(s.logRequests, s.observeRequests, s.recoverPanics, s.limitBodies(limits))
	r.HandleMethodNotAllowed = true

	r.GET("/static/*file", s.staticFile)
	r.GET("/favicon.ico", s.favicon)
	for _, rt := range s.routes() {
		var chain []gin.HandlerFunc
		if strings.HasPrefix(rt.Path, "/staff") {
			chain = append(chain, noStore, s.loadUser)
		} else if rt.Role == Public {
			chain = append(chain, publicReads)
		}
		if strings.HasPrefix(rt.Path, "/api/") {
			chain = append(chain, s.apiMiddleware)
		}
		if rt.Internal {
			chain = append(chain, noStore, s.requireInternal)
		}
		if rt.Role != Public {
			chain = append(chain, s.requireRole(rt.Role))
		}
		if rt.Method == http.MethodPost {
			chain = append(chain, s.checkForm)
		}
		r.Handle(rt.Method, rt.Path, append(chain, rt.handle)...)
	}
	r.NoRoute(s.notFound)
	r.NoMethod(s.methodNotAllowed)

	// Every state-changing request must come from this site: a cross-site
	// form post (CSRF) is refused before it reaches a handler.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		s.log.Warn("cross-origin request refused", "method", req.Method, "path", req.URL.Path, "origin", req.Header.Get("Origin"))
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"type":"about:blank","title":"Cross-origin request refused","status":403,"detail":"This form must be sent from this site."}`))
	}))
	return securityHeaders(headAsGet(cop.Handler(r))), nil
}

// methodNotAllowed answers a path that some other method's route matches.
// The preflight route OPTIONS /api/v1/*path matches every API path, so when
// OPTIONS is all gin found, the path itself is unknown: a 404 that pages of
// other origins can read, not a 405.
func (s *Server) methodNotAllowed(c *gin.Context) {
	h := c.Writer.Header()
	if h.Get("Allow") == http.MethodOptions {
		h.Del("Allow")
		corsHeaders(h)
		s.notFound(c)
		return
	}
	s.problem(c, http.StatusMethodNotAllowed, "Method not allowed", c.Request.Method+" is not allowed here.")
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
