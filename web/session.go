package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

const sessionCookie = "tracker_session"

// defaultSessions: signed out after an hour without a request, and after
// twelve hours in any case (a working day).
var defaultSessions = store.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}

const userKey = "user"

// loadUser reads the session cookie and, when it names a live session,
// makes the user available to handlers through currentUser.
func (s *Server) loadUser(c *gin.Context) {
	if tok, err := c.Cookie(sessionCookie); err == nil && tok != "" {
		u, err := s.db.SessionUser(c.Request.Context(), auth.TokenHash(tok), s.cfg.Sessions)
		switch {
		case err == nil:
			c.Set(userKey, u)
		case domain.ErrorCode(err) == domain.EUNAUTHORIZED:
			s.clearSessionCookie(c)
		default:
			s.fail(c, err)
			c.Abort()
			return
		}
	}
	c.Next()
}

// currentUser is the signed-in user, if any.
func currentUser(c *gin.Context) (domain.User, bool) {
	v, ok := c.Get(userKey)
	if !ok {
		return domain.User{}, false
	}
	u, ok := v.(domain.User)
	return u, ok
}

// requireRole lets through users whose role includes min. Anonymous
// browsers are sent to sign in and brought back; anonymous clients asking
// for data get 401. A signed-in user without the role gets 403.
func (s *Server) requireRole(min domain.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, ok := currentUser(c)
		switch {
		case !ok && c.Request.Method == http.MethodGet && !wantsData(c):
			c.Redirect(http.StatusSeeOther, "/staff/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
		case !ok:
			s.problem(c, http.StatusUnauthorized, "Sign-in required", "Sign in as staff to do this.")
			c.Abort()
		case !u.Role.AtLeast(min):
			s.problem(c, http.StatusForbidden, "Not allowed", "This needs the "+string(min)+" role; you are "+string(u.Role)+".")
			c.Abort()
		default:
			c.Next()
		}
	}
}

func (s *Server) setSessionCookie(c *gin.Context, token string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: token, Path: "/",
		MaxAge: int(s.cfg.Sessions.Absolute / time.Second), HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.secure(c)})
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(c)})
}

// secure reports whether cookies get the Secure flag: when configured, or
// when this request came over TLS.
func (s *Server) secure(c *gin.Context) bool {
	return s.cfg.SecureCookies || c.Request.TLS != nil || strings.HasPrefix(s.cfg.BaseURL, "https://")
}

// localPath keeps a post-sign-in redirect on this site: a path, with no
// scheme, no host and no control characters that a browser might strip
// into "//other.site".
func localPath(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(next, "/") ||
		strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.IndexFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return "/staff"
	}
	return next
}
