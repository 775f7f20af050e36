package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// Reading documents takes a slot: when every slot stays taken, a read is
// told at once that the server is busy (503, Retry-After), and the reads
// in slots are answered as usual.
func TestDocumentReadsTakeASlot(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	web.SetDocumentGate(s.srv, 1, 50*time.Millisecond, func(ctx context.Context) {
		once.Do(func() {
			close(entered)
			<-release
		})
	})
	v := documentSource()
	v.Set("text", "Some 4,321 families fled the district last week, IOM said.\n")
	v.Set("action", "read")
	held := make(chan int)
	go func() {
		resp, _ := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
		held <- resp.StatusCode
	}()
	<-entered
	const parallel = 8
	type answer struct {
		resp *http.Response
		page string
	}
	var wg sync.WaitGroup
	answers := make(chan answer, parallel)
	for range parallel {
		wg.Go(func() {
			resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
			answers <- answer{resp, page}
		})
	}
	wg.Wait()
	close(answers)
	for a := range answers {
		if a.resp.StatusCode != 503 || a.resp.Header.Get("Retry-After") == "" || !strings.Contains(a.page, "reading as many documents as it can at once") {
			t.Errorf("a read while the slot is taken: status %d, Retry-After %q, want 503 saying why", a.resp.StatusCode, a.resp.Header.Get("Retry-After"))
		}
	}
	close(release)
	if st := <-held; st != 200 {
		t.Errorf("the read in the slot: status %d", st)
	}
	// The slot is free again.
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
	if resp.StatusCode != 200 || !regexp.MustCompile(`name="rows" value="1"`).MatchString(page) {
		t.Errorf("a read after: status %d", resp.StatusCode)
	}
}
