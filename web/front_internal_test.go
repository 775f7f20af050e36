package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
)

// A response built on a newer version than the request started with — a
// publish came between the handler's check of its query and its build —
// is sent but not kept: a later request of that version would have its
// query checked against that version's data, and may be refused.
func TestFrontKeepsOnlyTheVersionTheRequestStartedWith(t *testing.T) {
	s := &Server{cfg: Config{BaseURL: "https://tracker.example.org"}, fronts: newFrontCache()}
	send := func(started, built int64) {
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest(http.MethodGet, "/?publisher=iom", nil)
		c.Set(frontMissKey, started)
		c.Writer.Header()["Etag"] = []string{`"v7"`}
		s.sendFront(c, built, "page|7|/", "text/html", []byte("<p>"))
	}
	send(6, 7)
	if n, _ := s.fronts.held(); n != 0 {
		t.Errorf("a page of version 7 asked at version 6 is kept (%d entries)", n)
	}
	send(7, 7)
	if n, _ := s.fronts.held(); n != 1 {
		t.Errorf("a page of the version asked: %d entries kept, want 1", n)
	}
}

// An entry that takes a slot takes it from the entry that held it.
func TestLRUSlotsHoldOneEntry(t *testing.T) {
	rc := newRenderCache(10, 1<<20)
	rc.put("other", []byte("x"))
	for _, k := range []string{"/?a=1", "/?a=2", "/?a=3"} {
		rc.putIn("home", k, []byte(k))
	}
	if n, _ := rc.held(); n != 2 {
		t.Errorf("%d entries, want other and the last of the slot", n)
	}
	if _, ok := rc.get("/?a=2"); ok {
		t.Error("the slot's earlier entry is kept")
	}
	if _, ok := rc.get("/?a=3"); !ok {
		t.Error("the slot's last entry is gone")
	}
	rc.put("/?a=3", nil) // put again, with no slot: the slot is free
	rc.putIn("home", "/?a=4", nil)
	if _, ok := rc.get("/?a=3"); !ok {
		t.Error("an entry that left its slot was removed with the slot's next")
	}
}
