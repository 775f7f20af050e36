package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// countingBody counts the bytes the site reads of a request's body.
type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// filler is a body of n bytes made as it is sent, after a prefix, so that
// sixty of them in parallel cost no memory in the test.
type filler struct {
	prefix string
	n      int64
}

func (f *filler) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, io.EOF
	}
	k := copy(p, f.prefix)
	f.prefix = f.prefix[k:]
	for i := k; i < len(p); i++ {
		p[i] = 'x'
	}
	n := int(min(int64(len(p)), f.n))
	f.n -= int64(n)
	return n, nil
}

// A body over its route's limit is never read past the limit — not by the
// form check, not by a handler — whether its length is declared (413 at
// once, nothing read) or not (chunked: cut off at the limit). The counts
// are taken on the server, inside the listener, by a reader around every
// request's body; the requests run in parallel on several routes, signed
// in and not.
func TestBodiesAreNeverReadPastTheirLimit(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	anon := s.signIn(t, "")

	h, err := s.srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	read := map[string]int64{} // by X-Test-Case
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := new(atomic.Int64)
		r.Body = countingBody{r.Body, n}
		h.ServeHTTP(w, r)
		mu.Lock()
		read[r.Header.Get("X-Test-Case")] = n.Load()
		mu.Unlock()
	}))
	defer ts.Close()

	const form, upload = 1 << 20, 20 << 20
	urlencoded := "application/x-www-form-urlencoded"
	multi := "multipart/form-data; boundary=b"
	part := "--b\r\nContent-Disposition: form-data; name=\"figures\"; filename=\"f.csv\"\r\n\r\n"
	cases := []struct {
		client      *http.Client
		who, path   string
		ctype, head string
		size, limit int64
		chunkedWant int // the status when the length is not declared
	}{
		{anon, "anonymous", "/staff/login", urlencoded, "email=a%40b.org&password=", 9_900_000, form, 413},
		{anon, "anonymous", "/staff/login", multi, part, 9_900_000, form, 413},
		{ed, "editor", "/staff/sources", urlencoded, "source_title=", 9_900_000, form, 413},
		{ed, "editor", "/staff/figures", multi, part, 9_900_000, form, 413},
		{anon, "anonymous", "/staff/sources", urlencoded, "source_title=", 9_900_000, form, 401},
		{ed, "editor", "/staff/import", multi, part, 25 << 20, upload, 413},
		{anon, "anonymous", "/staff/import", multi, part, 25 << 20, upload, 401},
		{anon, "anonymous", "/no/such/page", urlencoded, "a=", 9_900_000, form, 404},
	}
	var wg sync.WaitGroup
	for _, c := range cases {
		for _, declared := range []bool{true, false} {
			for try := range 3 {
				name := fmt.Sprintf("%s %s %s declared=%v #%d", c.who, c.path, c.ctype, declared, try)
				wg.Go(func() {
					body := &filler{prefix: c.head, n: c.size}
					req, _ := http.NewRequest(http.MethodPost, ts.URL+c.path, body)
					req.Header.Set("Content-Type", c.ctype)
					req.Header.Set("Origin", ts.URL)
					req.Header.Set("X-Test-Case", name)
					req.ContentLength = -1
					if declared {
						req.ContentLength = c.size
					}
					// A careful client asks before it sends (and so always
					// reads the answer); a browser sends at once, and may
					// find the connection closed under it.
					careful := try == 0 && declared
					if careful {
						req.Header.Set("Expect", "100-continue")
					}
					client := c.client
					if careful {
						// It waits for the answer however slow the machine
						// (the default is to send the body after a second).
						client = &http.Client{Jar: c.client.Jar, CheckRedirect: c.client.CheckRedirect,
							Transport: &http.Transport{ExpectContinueTimeout: 10 * time.Minute}}
					}
					resp, err := client.Do(req)
					want := c.chunkedWant
					if declared { // refused before anything else looks
						want = http.StatusRequestEntityTooLarge
					}
					switch {
					case err != nil && careful:
						t.Errorf("%s: %v", name, err)
					case err != nil:
						// The server closes the connection on a body it
						// will not read while it is still being sent; what
						// it read is checked below.
						t.Logf("%s: %v", name, err)
					default:
						resp.Body.Close()
						if resp.StatusCode != want {
							t.Errorf("%s: status %d, want %d", name, resp.StatusCode, want)
						}
					}
				})
			}
		}
	}
	wg.Wait()
	ts.Close() // waits for every handler, some of which outlive their client
	mu.Lock()
	defer mu.Unlock()
	for _, c := range cases {
		for _, declared := range []bool{true, false} {
			for try := range 3 {
				name := fmt.Sprintf("%s %s %s declared=%v #%d", c.who, c.path, c.ctype, declared, try)
				n, ok := read[name]
				switch {
				case !ok:
					t.Errorf("%s: never reached the server", name)
				case declared && n != 0:
					t.Errorf("%s: %d bytes read of a body declared over the limit of %d", name, n, c.limit)
				case n > c.limit+1:
					t.Errorf("%s: %d bytes read, past the limit of %d", name, n, c.limit)
				}
			}
		}
	}
}
