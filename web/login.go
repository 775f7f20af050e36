package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// Sign-in throttling, counted per attempt before the password is checked
// (see store.ReserveSignIn). One address may try one account a few times,
// and all accounts somewhat more (credential stuffing); both then wait. An
// account tried from many addresses is never refused, only slowed down:
// refusing it would let anyone lock its owner out.
const (
	failureWindow    = 15 * time.Minute
	maxPairFailure   = 5  // one account from one address
	maxClientFailure = 20 // one address, any accounts
	freeAccountTry   = 5  // attempts on an account, from anywhere, before it slows down
	maxAccountSteps  = 10 // the slow-down grows by one step per attempt up to this many
	hashWait         = 10 * time.Second
)

func (s *Server) loginPage(c *gin.Context) error {
	if _, ok := currentUser(c); ok {
		c.Redirect(http.StatusSeeOther, localPath(c.Query("next")))
		return nil
	}
	s.render(c, http.StatusOK, "login", newLoginView("", c.Query("next")))
	return nil
}

// loginView is the sign-in page: the address typed, where to go after,
// and why the last attempt was refused.
type loginView struct {
	layoutView
	Email, Next, Error string
}

func newLoginView(email, next string) *loginView {
	return &loginView{layoutView: layoutView{Title: "Staff sign-in"}, Email: email, Next: next}
}

func (s *Server) login(c *gin.Context) error {
	ctx := c.Request.Context()
	email := strings.TrimSpace(c.PostForm("email"))
	password := c.PostForm("password")
	next := c.PostForm("next")
	account, client := strings.ToLower(email), c.ClientIP()
	pair := "pair:" + account + " " + client
	res, err := s.db.ReserveSignIn(ctx, []store.SignInLimit{{Key: pair, Limit: maxPairFailure},
		{Key: "ip:" + client, Limit: maxClientFailure}, {Key: "email:" + account}}, failureWindow)
	if err != nil {
		return err
	}
	page := newLoginView(email, next)
	if res.Wait > 0 {
		s.log.Warn("sign-in throttled", "email", email, "client", client, "retry_after", res.Wait)
		page.Error = fmt.Sprintf("Too many failed sign-ins. Try again in %s.", res.Wait.Round(time.Minute).String())
		s.refuseSignIn(c, http.StatusTooManyRequests, res.Wait, page)
		return nil
	}
	u, ok, err := s.checkPassword(ctx, email, password, s.accountDelay(res.Counts[2]))
	if err != nil {
		s.db.ForgiveSignIn(context.WithoutCancel(ctx), res.IDs) // never checked: not a failure
		if errors.Is(err, auth.ErrBusy) {
			s.log.Warn("sign-in refused: password checks busy", "client", client)
			page.Error = "The server is busy checking other sign-ins. Try again in a moment."
			s.refuseSignIn(c, http.StatusServiceUnavailable, 2*time.Second, page)
			return nil
		}
		return err
	}
	if !ok {
		s.metrics.loginFailures.Inc()
		s.log.Warn("sign-in failed", "email", email, "client", client)
		page.Error = "That email and password do not match an active account."
		s.render(c, http.StatusUnauthorized, "login", page)
		return nil
	}
	token, tokenHash := auth.NewToken()
	if err := s.db.CreateSession(ctx, u.ID, tokenHash, s.cfg.Sessions); err != nil {
		return err
	}
	s.db.ForgiveSignIn(ctx, res.IDs)
	s.db.ClearLoginFailures(ctx, pair)
	s.log.Info("signed in", "email", u.Email, "client", client)
	s.setSessionCookie(c, token)
	c.Redirect(http.StatusSeeOther, localPath(next))
	return nil
}

// checkPassword waits out the account's slow-down, then verifies. Unknown
// and disabled accounts cost the same hash as a wrong password, so that
// the time of the answer tells nothing. The error is auth.ErrBusy when no
// hashing memory came free in time, or the request ended.
func (s *Server) checkPassword(ctx context.Context, email, password string, delay time.Duration) (domain.User, bool, error) {
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return domain.User{}, false, auth.ErrBusy
		}
	}
	ctx, cancel := context.WithTimeout(ctx, hashWait)
	defer cancel()
	u, hash, err := s.db.UserByEmail(ctx, email)
	if err != nil {
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			return domain.User{}, false, err
		}
		return domain.User{}, false, auth.VerifyDummy(ctx, password)
	}
	ok, err := auth.Verify(ctx, password, hash)
	return u, ok && !u.Disabled, err
}

// accountDelay is the slow-down of the nth attempt on one account within
// the window: nothing for the first few, then one step more per attempt.
func (s *Server) accountDelay(n int) time.Duration {
	return time.Duration(min(max(n-freeAccountTry, 0), maxAccountSteps)) * s.cfg.SignInDelay
}

func (s *Server) refuseSignIn(c *gin.Context, status int, wait time.Duration, page *loginView) {
	c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	s.render(c, status, "login", page)
}

func (s *Server) logout(c *gin.Context) error {
	if tok, err := c.Cookie(sessionCookie); err == nil {
		if err := s.db.DeleteSession(c.Request.Context(), auth.TokenHash(tok)); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/")
	return nil
}
