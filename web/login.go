package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/auth"
)

// Sign-in throttling: after this many failures within the window, an
// account — or a client address, which may try many accounts — waits.
const (
	failureWindow     = 15 * time.Minute
	maxAccountFailure = 5
	maxClientFailure  = 20
)

func (s *Server) loginPage(c *gin.Context) {
	if _, ok := currentUser(c); ok {
		c.Redirect(http.StatusSeeOther, localPath(c.Query("next")))
		return
	}
	s.render(c, http.StatusOK, "login", map[string]any{"Title": "Staff sign-in", "Next": c.Query("next")})
}

func (s *Server) login(c *gin.Context) {
	ctx := c.Request.Context()
	email := strings.TrimSpace(c.PostForm("email"))
	password := c.PostForm("password")
	next := c.PostForm("next")
	keys := []string{"email:" + strings.ToLower(email), "ip:" + c.ClientIP()}
	if wait, err := s.throttled(c, keys); err != nil {
		s.fail(c, err)
		return
	} else if wait > 0 {
		s.log.Warn("sign-in throttled", "email", email, "client", c.ClientIP(), "retry_after", wait)
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		s.render(c, http.StatusTooManyRequests, "login", map[string]any{"Title": "Staff sign-in", "Email": email, "Next": next,
			"Error": fmt.Sprintf("Too many failed sign-ins. Try again in %s.", wait.Round(time.Minute).String())})
		return
	}
	u, hash, err := s.db.UserByEmail(ctx, email)
	ok := err == nil && !u.Disabled && auth.Verify(password, hash)
	if err != nil {
		auth.VerifyDummy(password) // the same time as a wrong password
	}
	if !ok {
		for _, k := range keys {
			if err := s.db.RecordLoginFailure(ctx, k); err != nil {
				s.fail(c, err)
				return
			}
		}
		s.metrics.loginFailures.Inc()
		s.log.Warn("sign-in failed", "email", email, "client", c.ClientIP())
		s.render(c, http.StatusUnauthorized, "login", map[string]any{"Title": "Staff sign-in", "Email": email, "Next": next,
			"Error": "That email and password do not match an active account."})
		return
	}
	token, tokenHash := auth.NewToken()
	if err := s.db.CreateSession(ctx, u.ID, tokenHash, s.cfg.Sessions); err != nil {
		s.fail(c, err)
		return
	}
	s.db.ClearLoginFailures(ctx, keys[0])
	s.log.Info("signed in", "email", u.Email, "client", c.ClientIP())
	s.setSessionCookie(c, token)
	c.Redirect(http.StatusSeeOther, localPath(next))
}

// throttled returns how long the client must wait before another try.
func (s *Server) throttled(c *gin.Context, keys []string) (time.Duration, error) {
	now := time.Now()
	var wait time.Duration
	for i, k := range keys {
		limit := maxAccountFailure
		if i > 0 {
			limit = maxClientFailure
		}
		n, oldest, err := s.db.LoginFailures(c.Request.Context(), k, now.Add(-failureWindow))
		if err != nil {
			return 0, err
		}
		if n >= limit {
			if w := oldest.Add(failureWindow).Sub(now); w > wait {
				wait = max(w, time.Second)
			}
		}
	}
	return wait, nil
}

func (s *Server) logout(c *gin.Context) {
	if tok, err := c.Cookie(sessionCookie); err == nil {
		if err := s.db.DeleteSession(c.Request.Context(), auth.TokenHash(tok)); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/")
}
