package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Rule is who may use a route and how it is served. Role "" is everybody.
// An Internal route answers only clients on loopback or in
// Config.MetricsAllow — whatever their role — and is a 404 to everyone
// else. The route table below is the one place that says it, and a test
// checks every route against it; middleware reads the rule of the route a
// request matched (ruleOf), never its path.
type Rule struct {
	Method, Path string
	Role         domain.Role
	Internal     bool
	// MaxBody is the most bytes the route reads of a request's body (0: a
	// form's maxFormBody); a body declared larger is refused before any of
	// it is read, and one sent without a length is cut off there.
	MaxBody int64
	// TooLarge, when set, is what a body over MaxBody is told to do
	// instead, in the words of the page that sends it.
	TooLarge string
	// Session routes read the staff session: the staff pages, sign-in and
	// sign-out. Every other route is a public read, which the store may
	// serve from the replica.
	Session bool
	// API routes are the open JSON API: readable by pages of any origin,
	// rate-limited, and answering every error, a malformed query's
	// included, in problem+json.
	API bool
	// Frameable routes may be framed by any site (the embed pages: that is
	// their job); every other response forbids it.
	Frameable bool
	// NoStore responses are kept out of every cache: staff pages show
	// drafts, and metrics are of the moment.
	NoStore bool
	// Kept routes answer from the front cache what their handler kept
	// there: responses that depend only on the published data of one
	// dataset version and on the address (see front).
	Kept bool
}

type route struct {
	Rule
	handle handler
}

// Public marks a route anybody may use.
const Public domain.Role = ""

func (s *Server) routes() []route {
	r := func(method, path string, role domain.Role, h handler) route {
		return route{Rule{Method: method, Path: path, Role: role}, h}
	}
	// staff: a page of the staff side, signed in or signing in.
	staff := func(method, path string, role domain.Role, h handler) route {
		return route{Rule{Method: method, Path: path, Role: role, Session: true, NoStore: true}, h}
	}
	// api: a route of the open JSON API.
	api := func(method, path string, h handler) route {
		return route{Rule{Method: method, Path: path, Role: Public, API: true}, h}
	}
	// internal: for the machines that watch this server, not for people.
	internal := func(method, path string, h handler) route {
		return route{Rule{Method: method, Path: path, Role: Public, Internal: true, NoStore: true}, h}
	}
	// upload: a route that takes files, up to maxUpload.
	upload := func(rt route) route { rt.MaxBody = maxUpload; return rt }
	// document: the document form, whose text, or the sentences and rows
	// read from it, are larger than a form's (maxDocumentBody).
	document := func(rt route) route { rt.MaxBody, rt.TooLarge = maxDocumentBody, documentTooLarge; return rt }
	// frameable: a page other sites may put in a frame.
	frameable := func(rt route) route { rt.Frameable = true; return rt }
	// kept: a public route whose answers are kept per dataset version and
	// address, and answered again before the handler runs (front).
	kept := func(rt route) route { rt.Kept = true; return rt }
	const get, post = http.MethodGet, http.MethodPost
	// workflow: the buttons of an entry's staff page (page/:id), each
	// open to the least role that may take its step (domain.NeededRole).
	workflow := func(page string, act func(domain.Action) handler) []route {
		var rs []route
		for _, a := range []domain.Action{domain.ActionSubmit, domain.ActionApprove, domain.ActionReject, domain.ActionRetract} {
			rs = append(rs, staff(post, page+"/:id/"+string(a), domain.NeededRole(a), act(a)))
		}
		return rs
	}
	editor, reviewer, admin := domain.RoleEditor, domain.RoleReviewer, domain.RoleAdmin
	return slices.Concat([]route{
		r(get, "/healthz", Public, s.healthz),
		internal(get, "/metrics", plain(s.serveMetrics())),
		kept(r(get, "/", Public, s.home)),
		r(get, "/figures.csv", Public, s.allFiguresCSV),
		r(get, "/figures.json", Public, s.allFiguresJSON),
		r(get, "/figures.xlsx", Public, s.allFiguresXLSX),
		r(get, "/datapackage.zip", Public, s.allDataPackage),
		kept(r(get, "/events.csv", Public, s.eventsCSV)),
		kept(r(get, "/events", Public, s.eventsPage)),
		r(get, "/figures/:id", Public, s.figurePage),
		r(get, "/figures/:id/cite", Public, s.citeFigure),
		r(get, "/sources/:id", Public, s.sourcePage),
		r(get, "/sources/:id/copy", Public, s.publicCopy),
		r(get, "/sources/:id/copies/:copy", Public, s.publicCopyDownload),
		kept(r(get, "/organisations", Public, s.organisationsPage)),
		kept(r(get, "/organisations/:slug", Public, s.organisationPage)),
		kept(r(get, "/changes", Public, s.changesPage)),
		kept(r(get, "/data", Public, s.dataPage)),
		kept(r(get, "/changes.atom", Public, s.changesFeed)),
		kept(r(get, "/series/:slug", Public, s.seriesPage)),
		kept(r(get, "/series/:slug/chart.svg", Public, s.chartSVG)),
		kept(r(get, "/series/:slug/chart.png", Public, s.chartPNG)),
		kept(r(get, "/series/:slug/figures.csv", Public, s.seriesFile(s.figuresCSV))),
		kept(r(get, "/series/:slug/figures.json", Public, s.seriesFile(s.figuresJSON))),
		r(get, "/series/:slug/figures.xlsx", Public, s.seriesDownload(s.figuresXLSX)),
		r(get, "/series/:slug/datapackage.zip", Public, s.seriesDownload(s.dataPackage)),
		r(get, "/series/:slug/bundle.zip", Public, s.seriesBundle),
		r(get, "/series/:slug/cite", Public, s.citeSeries),
		kept(frameable(r(get, "/embed/series/:slug", Public, s.embedSeries))),
		kept(r(get, "/compare", Public, s.comparePage)),
		kept(r(get, "/compare/chart.svg", Public, s.compareImage("svg"))),
		kept(r(get, "/compare/chart.png", Public, s.compareImage("png"))),
		kept(r(get, "/compare/figures.csv", Public, s.compareFile(s.figuresCSV))),
		kept(r(get, "/compare/figures.json", Public, s.compareFile(s.figuresJSON))),
		r(get, "/compare/figures.xlsx", Public, s.compareDownload(s.figuresXLSX)),
		r(get, "/compare/datapackage.zip", Public, s.compareDownload(s.dataPackage)),

		kept(api(get, "/api/v1/series", s.apiSeriesList)),
		kept(api(get, "/api/v1/series/:slug", s.apiSeries)),
		kept(api(get, "/api/v1/series/:slug/figures", s.apiSeriesFigures)),
		kept(api(get, "/api/v1/series/:slug/facts", s.apiSeriesFacts)),
		kept(api(get, "/api/v1/series/:slug/disagreements", s.apiSeriesDisagreements)),
		kept(api(get, "/api/v1/figures", s.apiFigures)),
		kept(api(get, "/api/v1/figures/:id", s.apiFigure)),
		kept(api(get, "/api/v1/sources", s.apiSources)),
		kept(api(get, "/api/v1/sources/:id", s.apiSource)),
		kept(api(get, "/api/v1/organisations", s.apiOrganisations)),
		kept(api(get, "/api/v1/organisations/:slug", s.apiOrganisation)),
		kept(api(get, "/api/v1/events", s.apiEvents)),
		kept(api(get, "/api/v1/changes", s.apiChanges)),
		api(get, "/api/v1/openapi.json", s.openAPI),
		api(http.MethodOptions, "/api/v1/*path", func(*gin.Context) error { return nil }), // apiMiddleware answers

		staff(get, "/staff/login", Public, s.loginPage),
		staff(post, "/staff/login", Public, s.login),
		staff(post, "/staff/logout", Public, s.logout),
		staff(get, "/staff", editor, s.staffHome),
		staff(get, "/staff/figures/new", editor, s.newFigure),
		staff(get, "/staff/figures/document", editor, s.documentPage),
		document(staff(post, "/staff/figures/document", editor, s.postDocument)),
		staff(get, "/staff/figures/document/saved", editor, s.documentSaved),
		staff(post, "/staff/figures", editor, s.saveFigure),
		staff(get, "/staff/figures/:id", editor, s.staffFigure),
		staff(get, "/staff/figures/:id/edit", editor, s.editFigure),
		staff(post, "/staff/figures/:id", editor, s.saveFigure),
		staff(post, "/staff/figures/:id/mark", reviewer, s.proposeFigureMark),
	}, workflow("/staff/figures", s.actOnFigure), []route{
		staff(get, "/staff/events/new", editor, s.newEvent),
		staff(post, "/staff/events", editor, s.createEvent),
		staff(get, "/staff/events/:id", editor, s.staffEvent),
	}, workflow("/staff/events", s.actOnEvent), []route{
		staff(get, "/staff/review", reviewer, s.reviewQueue),
		staff(get, "/staff/marks", reviewer, s.staffMarks),
		staff(post, "/staff/marks/:id/approve", reviewer, s.decideMark(true)),
		staff(post, "/staff/marks/:id/reject", reviewer, s.decideMark(false)),
		staff(get, "/staff/sources", editor, s.sources),
		staff(get, "/staff/sources/new", editor, s.newSource),
		staff(post, "/staff/sources", editor, s.createSource),
		staff(get, "/staff/sources/problems", editor, s.sourceProblems),
		staff(get, "/staff/sources/:id/copy", editor, s.staffCopy),
		staff(get, "/staff/sources/:id/copies/:copy", editor, s.staffCopyDownload),
		staff(get, "/staff/organisations", editor, s.organisations),
		staff(get, "/staff/organisations/new", editor, s.newOrganisation),
		staff(post, "/staff/organisations", editor, s.createOrganisation),
		staff(get, "/staff/organisations/merges", editor, s.orgMerges),
		staff(post, "/staff/organisations/merges/:id/approve", reviewer, s.decideOrgMerge(true)),
		staff(post, "/staff/organisations/merges/:id/reject", reviewer, s.decideOrgMerge(false)),
		staff(post, "/staff/organisations/changes/:id/approve", reviewer, s.decideOrgChange(true)),
		staff(post, "/staff/organisations/changes/:id/reject", reviewer, s.decideOrgChange(false)),
		staff(get, "/staff/organisations/:slug", editor, s.staffOrg),
		// What published figures show of an organisation changes at once:
		// a reviewer changes it. Editors add spellings and propose merges.
		staff(post, "/staff/organisations/:slug", editor, s.updateOrg),
		staff(post, "/staff/organisations/:slug/aliases", editor, s.addOrgAlias),
		staff(post, "/staff/organisations/:slug/aliases/remove", editor, s.removeOrgAlias),
		staff(post, "/staff/organisations/:slug/merge", editor, s.proposeOrgMerge),
		staff(get, "/staff/series/new", editor, s.newSeries),
		staff(post, "/staff/series", editor, s.createSeries),
		staff(get, "/staff/import", editor, s.importPage),
		upload(staff(post, "/staff/import", editor, s.previewImport)),
		staff(post, "/staff/import/confirm", editor, s.confirmImport),
		staff(post, "/staff/import/names", editor, s.answerNames),
		staff(get, "/staff/import/jobs/:id", editor, s.importJobPage),
		staff(get, "/staff/users", admin, s.listUsers),
		staff(post, "/staff/users", admin, s.addUser),
		staff(post, "/staff/users/:id", admin, s.changeUser),
	})
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
	// Every request learns its route's rule first, so that whatever
	// answers it — a refusal of its body or its query, a panic, an error —
	// answers by the rule. The body limit comes before anything that could
	// read a body; the form check (which reads it) runs in each POST
	// route's chain, after the role check, so that no anonymous body is
	// parsed for a staff route.
	rules := map[string]*Rule{}
	for _, rt := range s.routes() {
		rules[rt.Method+" "+rt.Path] = &rt.Rule
	}
	r.Use(applyRule(rules), s.logRequests, s.observeRequests, s.recoverPanics, s.limitBodies)
	r.HandleMethodNotAllowed = true

	r.GET("/static/*file", s.staticFile)
	r.GET("/favicon.ico", s.favicon)
	for _, rt := range s.routes() {
		var chain []gin.HandlerFunc
		if rt.Session {
			chain = append(chain, s.loadUser)
		} else if rt.Role == Public && s.db.HasReadReplica() {
			// Without a replica the mark would change nothing, and costs a
			// copy of the request on every public request.
			chain = append(chain, publicReads)
		}
		if rt.API {
			chain = append(chain, s.apiMiddleware)
		}
		if rt.Internal {
			chain = append(chain, s.requireInternal)
		}
		if rt.Role != Public {
			chain = append(chain, s.requireRole(rt.Role))
		}
		if rt.Method == http.MethodPost {
			chain = append(chain, s.checkForm)
		}
		if rt.Kept {
			chain = append(chain, s.front)
		}
		r.Handle(rt.Method, rt.Path, append(chain, s.h(rt.handle))...)
	}
	r.NoRoute(s.notFound)
	r.NoMethod(s.methodNotAllowed)

	// Every state-changing request must come from this site: a cross-site
	// form post (CSRF) is refused before it reaches a handler.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		s.log.Warn("cross-origin request refused", "method", req.Method, "path", req.URL.Path, "origin", req.Header.Get("Origin"))
		writeProblemJSON(w, req, "", &problemError{status: http.StatusForbidden,
			title: "Cross-origin request refused", detail: "This form must be sent from this site."})
	}))
	return securityHeaders(headAsGet(cop.Handler(r))), nil
}

// ruleKey holds the Rule of the route a request matched.
const ruleKey = "rule"

// applyRule finds the rule of the route a request matched (rules is keyed
// by method and route path) and sends the headers it sets: no-store, and
// leave to be framed (securityHeaders forbids it to every response first).
func applyRule(rules map[string]*Rule) gin.HandlerFunc {
	return func(c *gin.Context) {
		if rule, ok := rules[c.Request.Method+" "+c.FullPath()]; ok {
			c.Set(ruleKey, rule)
			if rule.NoStore {
				c.Header("Cache-Control", "no-store")
			}
			if rule.Frameable {
				allowFraming(c.Writer.Header())
			}
		}
		c.Next()
	}
}

// ruleOf is the rule of the route a request matched. An address no route
// has (a 404, or a 405) has the zero rule — no session, not framed, the
// form limit — but one under /api/, the prefix of every API route, is
// answered as the API answers.
func ruleOf(c *gin.Context) Rule {
	if rule, ok := c.Get(ruleKey); ok {
		return *rule.(*Rule)
	}
	return Rule{API: strings.HasPrefix(c.Request.URL.Path, apiPrefix)}
}

// apiPrefix starts the path of every API route (the route test checks it).
const apiPrefix = "/api/"

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
