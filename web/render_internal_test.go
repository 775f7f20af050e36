package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// A page that fails to render is a 500 with the request's reference and no
// detail; the log line under the same reference has the detail.
func TestRenderFailureGivesReference(t *testing.T) {
	var logs bytes.Buffer
	s, err := New(nil, slog.New(slog.NewTextHandler(&logs, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(w)
	c.Request = httptest.NewRequest(http.MethodGet, "/", nil)
	c.Set(requestIDKey, "ref123")
	s.render(c, http.StatusOK, "no-such-page", nil)
	if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), "ref123") || strings.Contains(w.Body.String(), "no-such-page") {
		t.Errorf("%d %q", w.Code, w.Body.String())
	}
	if !strings.Contains(logs.String(), "request_id=ref123") || !strings.Contains(logs.String(), "no-such-page") {
		t.Errorf("log: %s", logs.String())
	}
}
