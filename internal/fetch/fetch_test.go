package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// newFetcher is a Fetcher allowed to reach the local test servers.
func newFetcher(t *testing.T, opts Options) *Fetcher {
	t.Helper()
	if opts.Allow == nil {
		opts.Allow = []string{"127.0.0.1"}
	}
	f, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// withHosts makes f resolve the given names (others fail as unknown).
func withHosts(f *Fetcher, hosts map[string][]string) {
	f.lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
		ips, ok := hosts[host]
		if !ok {
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		var out []netip.Addr
		for _, s := range ips {
			out = append(out, netip.MustParseAddr(s))
		}
		return out, nil
	}
}

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

const articleHTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Thousands flee fighting in North Darfur | Daily Courier</title>
<script>var trackingSecret = "abc"; window.analytics = {};</script>
<style>.nav{color:red}</style></head>
<body>
<header><nav class="nav menu"><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport section</a></li>
<li><a href="/weather">Weather forecast</a></li><li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav></header>
<div class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Celebrity chef opens restaurant</a></li></ul></div>
<main><article>
<h1>Thousands flee fighting in North Darfur</h1>
<p class="byline">By A. Reporter, 20 April 2025</p>
<p>More than 12,500 people have been displaced from Al Fashir since the start of April, the UN refugee agency said on Sunday, as fighting between the army and the Rapid Support Forces spread to the camps around the city.</p>
<p>“Families are arriving with nothing,” a spokesperson for the agency told reporters in Geneva, adding that most of those who fled were women and children who had walked for days to reach Tawila, some sixty kilometres to the west.</p>
<p>Aid groups said water and shelter were the most urgent needs. The World Food Programme warned that stocks in the area would run out within weeks unless roads reopened, and called on all parties to allow humanitarian convoys through.</p>
<p>The displacement comes on top of the millions already uprooted since the war began in April 2023, making Sudan the largest displacement crisis in the world according to figures published by the International Organization for Migration.</p>
</article></main>
<footer><p>© 2025 Daily Courier. All rights reserved. Cookie settings.</p></footer>
<script>document.write("injected script text");</script>
</body></html>`

func TestArticleMainText(t *testing.T) {
	var ua string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articleHTML)
	})
	f := newFetcher(t, Options{UserAgent: UserAgent("https://tracker.example.org")})
	c, err := f.Fetch(context.Background(), srv.URL+"/news/darfur")
	if err != nil {
		t.Fatal(err)
	}
	if ua != "DisplacementTracker/1 (+https://tracker.example.org; evidence copies)" {
		t.Errorf("User-Agent %q", ua)
	}
	if c.Status != 200 || c.FinalURL != srv.URL+"/news/darfur" || c.URL != srv.URL+"/news/darfur" {
		t.Errorf("status %d final %q url %q", c.Status, c.FinalURL, c.URL)
	}
	if string(c.Body) != articleHTML {
		t.Error("body is not the bytes as served")
	}
	if sum := sha256.Sum256([]byte(articleHTML)); c.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 %q", c.SHA256)
	}
	if c.Charset != "utf-8" {
		t.Errorf("charset %q", c.Charset)
	}
	if c.FetchedAt.IsZero() || time.Since(c.FetchedAt) > time.Minute {
		t.Errorf("fetched at %v", c.FetchedAt)
	}
	for _, want := range []string{
		"More than 12,500 people have been displaced from Al Fashir since the start of April",
		"“Families are arriving with nothing,”",
		"largest displacement crisis in the world",
	} {
		if !strings.Contains(c.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, c.Text)
		}
	}
	for _, bad := range []string{"trackingSecret", "injected script text", "Subscribe to our newsletter", "Weather forecast", "Celebrity chef", "color:red"} {
		if strings.Contains(c.Text, bad) {
			t.Errorf("text has %q:\n%s", bad, c.Text)
		}
	}
}

const arabicHTML = `<html dir="rtl"><head><meta charset="windows-1256"><title>نزوح</title></head><body>
<nav><a href="/">الرئيسية</a></nav>
<article><h1>نزوح آلاف الأسر من الفاشر</h1>
<p>أعلنت المفوضية السامية للأمم المتحدة لشؤون اللاجئين أن أكثر من 12500 شخص نزحوا من مدينة الفاشر منذ بداية شهر أبريل، وأن معظمهم من النساء والأطفال الذين ساروا لأيام للوصول إلى طويلة.</p>
<p>وقالت منظمات الإغاثة إن المياه والمأوى هما أكثر الاحتياجات إلحاحاً، وحذر برنامج الأغذية العالمي من نفاد المخزون خلال أسابيع ما لم تفتح الطرق أمام القوافل الإنسانية.</p>
</article></body></html>`

func TestCharsets(t *testing.T) {
	win1256, err := charmap.Windows1256.NewEncoder().String(arabicHTML)
	if err != nil {
		t.Fatal(err)
	}
	latin1, err := charmap.ISO8859_1.NewEncoder().String(`<html><head><title>Déplacés</title></head><body><article>
<p>Selon le HCR, plus de 3 000 personnes déplacées ont été recensées à Bunia, où les sites d'accueil sont déjà saturés ; l'organisation appelle à un accès humanitaire sûr et sans entrave.</p>
</article></body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]struct{ ct, body string }{
		"/ar-meta":     {"text/html", win1256},                       // charset only in <meta>
		"/ar-header":   {"text/html; charset=windows-1256", win1256}, // charset in the header
		"/latin1":      {"text/html; charset=ISO-8859-1", latin1},    // Latin-1 from the header
		"/latin1-meta": {"text/html", mustEnc(t, charmap.ISO8859_1, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body><p>Déplacés à Goma : 1 200 ménages.</p></body></html>`)},
		"/plain":       {"text/plain; charset=utf-8", "  Line one.\r\nLine   two.\n"},
		"/plain-1256":  {"text/plain; charset=windows-1256", mustEnc(t, charmap.Windows1256, "نزوح 12500 شخص")},
	}
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		p := pages[r.URL.Path]
		w.Header().Set("Content-Type", p.ct)
		fmt.Fprint(w, p.body)
	})
	f := newFetcher(t, Options{})
	for _, tc := range []struct {
		path, charset string
		want          []string
	}{
		{"/ar-meta", "windows-1256", []string{"أكثر من 12500 شخص نزحوا من مدينة الفاشر", "نفاد المخزون"}},
		{"/ar-header", "windows-1256", []string{"أكثر من 12500 شخص نزحوا من مدينة الفاشر"}},
		{"/latin1", "windows-1252", []string{"plus de 3 000 personnes déplacées ont été recensées à Bunia", "Déplacés"}},
		{"/latin1-meta", "windows-1252", []string{"Déplacés à Goma : 1 200 ménages."}},
		{"/plain", "utf-8", []string{"Line one.\nLine two."}},
		{"/plain-1256", "windows-1256", []string{"نزوح 12500 شخص"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			c, err := f.Fetch(context.Background(), srv.URL+tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if c.Charset != tc.charset {
				t.Errorf("charset %q, want %q", c.Charset, tc.charset)
			}
			for _, w := range tc.want {
				if !strings.Contains(c.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, c.Text)
				}
			}
			if string(c.Body) != pages[tc.path].body {
				t.Error("body is not the bytes as served")
			}
		})
	}
}

func mustEnc(t *testing.T, cm *charmap.Charmap, s string) string {
	t.Helper()
	out, err := cm.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPDF(t *testing.T) {
	pdf, err := os.ReadFile("testdata/report.pdf")
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdf)
	})
	t.Run("pdftotext", func(t *testing.T) {
		if _, err := exec.LookPath("pdftotext"); err != nil && os.Getenv("TRACKER_TEST_PDF") != "1" {
			t.Skip("pdftotext not installed (apt-get install poppler-utils); TRACKER_TEST_PDF=1 makes this fail")
		}
		c, err := newFetcher(t, Options{}).Fetch(context.Background(), srv.URL+"/report.pdf")
		if err != nil {
			t.Fatal(err)
		}
		if want := "UNHCR reports 12,500 people displaced from Al Fashir in April 2025."; c.Text != want {
			t.Errorf("text %q, want %q", c.Text, want)
		}
		if c.ContentType != "application/pdf" || len(c.Body) != len(pdf) {
			t.Errorf("content type %q, %d bytes", c.ContentType, len(c.Body))
		}
	})
	t.Run("no extractor", func(t *testing.T) {
		f := newFetcher(t, Options{})
		f.pdfToText = "no-such-pdftotext-program"
		c, err := f.Fetch(context.Background(), srv.URL+"/report.pdf")
		if !errors.Is(err, ErrNoPDFExtractor) {
			t.Fatalf("err %v, want ErrNoPDFExtractor", err)
		}
		var ee *ExtractError
		if !errors.As(err, &ee) || c == nil || len(c.Body) != len(pdf) || c.SHA256 == "" {
			t.Errorf("the copy must be kept without text: %v %+v", err, c)
		}
	})
	t.Run("broken pdf", func(t *testing.T) {
		if _, err := exec.LookPath("pdftotext"); err != nil {
			t.Skip("pdftotext not installed")
		}
		bad := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.4 this is not really a PDF")
		})
		c, err := newFetcher(t, Options{}).Fetch(context.Background(), bad.URL)
		var ee *ExtractError
		if !errors.As(err, &ee) || c == nil {
			t.Errorf("err %v, want an ExtractError with the copy", err)
		}
	})
}

func TestRedirects(t *testing.T) {
	var srv *httptest.Server
	var cookieSeen bool
	srv = serve(t, func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("session"); err == nil {
			cookieSeen = true
		}
		p := r.URL.Path
		port := srv.Listener.Addr().(*net.TCPAddr).Port
		switch {
		case strings.HasPrefix(p, "/r/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(p, "/r/"))
			if n == 0 {
				fmt.Fprint(w, "arrived")
				return
			}
			http.SetCookie(w, &http.Cookie{Name: "session", Value: "x", Path: "/"})
			http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusFound)
		case p == "/to-ip":
			http.Redirect(w, r, fmt.Sprintf("http://127.0.0.1:%d/r/0", port), http.StatusMovedPermanently)
		case p == "/to-other":
			http.Redirect(w, r, fmt.Sprintf("http://other.example:%d/r/0", port), http.StatusFound)
		case p == "/to-localhost":
			http.Redirect(w, r, fmt.Sprintf("http://localhost:%d/r/0", port), http.StatusFound)
		case p == "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case p == "/to-file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		case p == "/to-userinfo":
			http.Redirect(w, r, fmt.Sprintf("http://user:secret@intranet.example:%d/r/0", port), http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	})
	port := srv.Listener.Addr().(*net.TCPAddr).Port

	t.Run("followed", func(t *testing.T) {
		f := newFetcher(t, Options{MaxRedirects: 3})
		c, err := f.Fetch(context.Background(), srv.URL+"/r/3")
		if err != nil {
			t.Fatal(err)
		}
		if c.FinalURL != srv.URL+"/r/0" || c.Text != "arrived" {
			t.Errorf("final %q text %q", c.FinalURL, c.Text)
		}
		if cookieSeen {
			t.Error("a cookie set by the server was sent back")
		}
	})
	t.Run("limit", func(t *testing.T) {
		f := newFetcher(t, Options{MaxRedirects: 3})
		c, err := f.Fetch(context.Background(), srv.URL+"/r/4")
		if !errors.Is(err, ErrTooManyRedirects) || c != nil {
			t.Fatalf("err %v copy %v, want ErrTooManyRedirects", err, c)
		}
		f = newFetcher(t, Options{MaxRedirects: -1})
		if _, err := f.Fetch(context.Background(), srv.URL+"/r/1"); !errors.Is(err, ErrTooManyRedirects) {
			t.Fatalf("no redirects allowed: err %v", err)
		}
	})

	// intranet.example is allowed by name and resolves to 127.0.0.1, like
	// an intranet document server. Its redirects stay checked: to the same
	// address as an IP literal, to another name for it, to localhost, to
	// the metadata address — all refused.
	f := newFetcher(t, Options{Allow: []string{"intranet.example"}})
	withHosts(f, map[string][]string{"intranet.example": {"127.0.0.1"}, "other.example": {"127.0.0.1"}, "localhost": {"127.0.0.1", "::1"}})
	base := fmt.Sprintf("http://intranet.example:%d", port)
	t.Run("allowed by name", func(t *testing.T) {
		c, err := f.Fetch(context.Background(), base+"/r/2")
		if err != nil {
			t.Fatal(err)
		}
		if c.FinalURL != base+"/r/0" {
			t.Errorf("final %q", c.FinalURL)
		}
	})
	for _, tc := range []struct{ path, reason string }{
		{"/to-ip", "loopback"},
		{"/to-other", "loopback"},
		{"/to-localhost", "loopback"},
		{"/to-metadata", "cloud metadata"},
		{"/to-file", `scheme "file"`},
		{"/to-userinfo", "password"},
	} {
		t.Run("refused"+tc.path, func(t *testing.T) {
			c, err := f.Fetch(context.Background(), base+tc.path)
			if !errors.Is(err, ErrRefused) || c != nil {
				t.Fatalf("err %v copy %v, want ErrRefused", err, c)
			}
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("error %q does not say %q", err, tc.reason)
			}
		})
	}
}

func TestHTTPErrors(t *testing.T) {
	date := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gone":
			http.NotFound(w, r)
		case "/busy":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/down":
			w.Header().Set("Retry-After", date)
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	f := newFetcher(t, Options{})
	c, err := f.Fetch(context.Background(), srv.URL+"/gone")
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 404 || he.RetryAfter != 0 {
		t.Fatalf("err %v, want HTTPError 404", err)
	}
	if c == nil || c.Status != 404 || !strings.Contains(string(c.Body), "not found") || c.Text != "" {
		t.Errorf("404 copy %+v", c)
	}
	if _, err = f.Fetch(context.Background(), srv.URL+"/busy"); !errors.As(err, &he) || he.Status != 429 || he.RetryAfter != 2*time.Minute {
		t.Errorf("err %v, want 429 retry after 2m", err)
	}
	if _, err = f.Fetch(context.Background(), srv.URL+"/down"); !errors.As(err, &he) || he.Status != 503 || he.RetryAfter < 80*time.Second || he.RetryAfter > 91*time.Second {
		t.Errorf("err %v, want 503 retry after ~90s", err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    string
		want time.Duration
	}{
		{"", 0}, {"0", 0}, {"30", 30 * time.Second}, {" 3600 ", time.Hour}, {"-5", 0}, {"soon", 0},
		{"Sun, 03 May 2026 12:05:00 GMT", 5 * time.Minute},
		{"Sunday, 03-May-26 12:00:30 GMT", 30 * time.Second},
		{"Sun, 03 May 2026 11:00:00 GMT", 0}, // in the past
	} {
		if got := parseRetryAfter(tc.v, now); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

func TestSlowResponse(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	f := newFetcher(t, Options{Timeout: 300 * time.Millisecond})
	start := time.Now()
	_, err := f.Fetch(context.Background(), srv.URL)
	var ne *NetworkError
	if !errors.As(err, &ne) || !ne.Timeout {
		t.Fatalf("err %v, want a NetworkError with Timeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
	// The caller's context is obeyed too.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = newFetcher(t, Options{}).Fetch(ctx, srv.URL)
	if !errors.As(err, &ne) || !ne.Timeout {
		t.Fatalf("err %v, want a NetworkError with Timeout", err)
	}
}

func TestSizeLimit(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/declared" {
			w.Header().Set("Content-Length", "100000000")
			w.Write([]byte("short"))
			return
		}
		if r.URL.Path == "/exact" {
			w.Write([]byte(strings.Repeat("a", 64<<10)))
			return
		}
		chunk := []byte(strings.Repeat("endless ", 128))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	f := newFetcher(t, Options{MaxBytes: 64 << 10})
	for _, p := range []string{"/endless", "/declared"} {
		c, err := f.Fetch(context.Background(), srv.URL+p)
		if !errors.Is(err, ErrTooLarge) || c != nil {
			t.Errorf("%s: err %v, want ErrTooLarge", p, err)
		}
	}
	c, err := f.Fetch(context.Background(), srv.URL+"/exact")
	if err != nil || len(c.Body) != 64<<10 {
		t.Errorf("a body of exactly MaxBytes: err %v", err)
	}
}

func TestRefusedAddresses(t *testing.T) {
	f, err := New(Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ url, reason string }{
		{"http://127.0.0.1/", "loopback"},
		{"http://127.1.2.3:8080/x", "loopback"},
		{"http://localhost/", "loopback"}, // resolved by the system
		{"http://10.0.0.1/", "private"},
		{"http://192.168.1.1/", "private"},
		{"http://172.16.0.1/", "private"},
		{"http://169.254.169.254/latest/meta-data/", "cloud metadata"},
		{"http://169.254.10.1/", "link-local"},
		{"http://[::1]/", "loopback"},
		{"http://[fc00::1]/", "private"},
		{"http://[fd12:3456::1]/", "private"},
		{"http://[fe80::1]/", "link-local"},
		{"http://[fe80::1%25eth0]/", "link-local"},
		{"http://224.0.0.1/", "multicast"},
		{"http://[ff02::1]/", "multicast"},
		{"http://0.0.0.0/", "unspecified"},
		{"http://[::]/", "unspecified"},
		{"http://0.1.2.3/", "this-network"},
		{"http://100.64.0.1/", "CGNAT"},
		{"http://[::ffff:127.0.0.1]/", "loopback"},
		{"http://[::ffff:10.0.0.1]/", "private"},
		{"http://[64:ff9b::7f00:1]/", "loopback (through NAT64)"},
		{"http://255.255.255.255/", "reserved"},
		{"http://2130706433/", "is a number"},
		{"http://0x7f.1/", "is a number"},
		{"http://0177.0.0.1/", "is a number"},
		{"file:///etc/passwd", `scheme "file"`},
		{"ftp://example.org/report.pdf", `scheme "ftp"`},
		{"gopher://example.org/", `scheme "gopher"`},
		{"javascript:alert(1)", `scheme "javascript"`},
		{"//example.org/x", "no scheme"},
		{"http://user:pass@example.org/", "password"},
		{"https://user@example.org/", "user name"},
		{"http:///path", "no host"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			start := time.Now()
			c, err := f.Fetch(context.Background(), tc.url)
			if !errors.Is(err, ErrRefused) || c != nil {
				t.Fatalf("err %v, want ErrRefused", err)
			}
			var re *RefusedError
			if !errors.As(err, &re) || !strings.Contains(re.Reason, tc.reason) {
				t.Errorf("error %q does not say %q", err, tc.reason)
			}
			if strings.Contains(err.Error(), "pass@") {
				t.Errorf("error repeats the password: %v", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("refusal took %v", d)
			}
		})
	}
}

// A host name that resolves to a private address (or to public and
// private ones, as in DNS rebinding) is refused before any connection.
func TestRefusedByResolution(t *testing.T) {
	f := newFetcher(t, Options{Allow: []string{}})
	withHosts(f, map[string][]string{
		"evil.example":     {"10.0.0.1"},
		"rebind.example":   {"93.184.216.34", "127.0.0.1"},
		"metadata.example": {"169.254.169.254"},
		"mapped.example":   {"::ffff:192.168.0.1"},
	})
	for host, reason := range map[string]string{
		"evil.example": "private", "rebind.example": "loopback", "metadata.example": "cloud metadata", "mapped.example": "private",
	} {
		_, err := f.Fetch(context.Background(), "http://"+host+"/")
		var re *RefusedError
		if !errors.As(err, &re) || !strings.Contains(re.Reason, host+" resolves to") || !strings.Contains(re.Reason, reason) {
			t.Errorf("%s: err %v, want refused as %s", host, err, reason)
		}
	}
}

// The connect-time check refuses what the resolver check would have,
// whatever address the socket ends up connecting to.
func TestConnectTimeCheck(t *testing.T) {
	f := newFetcher(t, Options{Allow: []string{"192.168.7.0/24", "intranet.example"}})
	check := f.control(false)
	for addr, ok := range map[string]bool{
		"127.0.0.1:80": false, "10.1.1.1:443": false, "169.254.169.254:80": false, "[::1]:80": false,
		"[::ffff:127.0.0.1]:80": false, "100.64.1.1:80": false, "[fe80::1%eth0]:80": false,
		"93.184.216.34:443": true, "[2606:4700::1111]:443": true, "192.168.7.20:80": true, "127.0.0.1:0": false,
	} {
		err := check("tcp", addr, nil)
		if (err == nil) != ok {
			t.Errorf("control(%s) = %v, want allowed %v", addr, err, ok)
		}
		if err != nil && !errors.Is(err, ErrRefused) {
			t.Errorf("control(%s) = %v, not ErrRefused", addr, err)
		}
	}
	if err := f.control(true)("tcp", "10.0.0.1:80", nil); err != nil {
		t.Errorf("a host allowed by name connects to its own private address: %v", err)
	}
}

func TestAllow(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "intranet report") })
	u, _ := url.Parse(srv.URL)
	for _, allow := range [][]string{{"127.0.0.0/8"}, {"127.0.0.1"}, {" 127.0.0.1 ", ""}, {"::ffff:127.0.0.1"}} {
		f := newFetcher(t, Options{Allow: allow})
		if c, err := f.Fetch(context.Background(), srv.URL); err != nil || c.Text != "intranet report" {
			t.Errorf("allow %q: %v", allow, err)
		}
	}
	// Allowed by name: only under that name.
	f := newFetcher(t, Options{Allow: []string{"Docs.Intranet."}})
	withHosts(f, map[string][]string{"docs.intranet": {"127.0.0.1"}})
	if _, err := f.Fetch(context.Background(), "http://docs.intranet:"+u.Port()+"/"); err != nil {
		t.Errorf("allowed by name: %v", err)
	}
	if _, err := f.Fetch(context.Background(), srv.URL); !errors.Is(err, ErrRefused) {
		t.Errorf("the same server by IP: err %v, want refused", err)
	}
	// Nothing allowed: the local server is refused.
	f = newFetcher(t, Options{Allow: []string{}})
	if _, err := f.Fetch(context.Background(), srv.URL); !errors.Is(err, ErrRefused) {
		t.Errorf("no allow list: err %v, want refused", err)
	}
	for _, bad := range []string{"10.0.0.0/33", "not a host!", "http://x/"} {
		if _, err := New(Options{Allow: []string{bad}}); err == nil {
			t.Errorf("allow %q accepted", bad)
		}
	}
}

func TestAddrClassPublic(t *testing.T) {
	for _, s := range []string{"93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001::200e", "100.128.0.1", "172.32.0.1", "192.169.0.1"} {
		if c := addrClass(netip.MustParseAddr(s)); c != "" {
			t.Errorf("%s classed %q, want public", s, c)
		}
	}
}

// No network is normal: a name that does not resolve fails fast as a
// NetworkError, never waiting for the whole timeout.
func TestUnresolvable(t *testing.T) {
	f := newFetcher(t, Options{Timeout: 20 * time.Second})
	start := time.Now()
	_, err := f.Fetch(context.Background(), "http://no-such-host.invalid/report")
	var ne *NetworkError
	if !errors.As(err, &ne) || errors.Is(err, ErrRefused) {
		t.Fatalf("err %v, want a NetworkError", err)
	}
	if d := time.Since(start); d > dnsTimeout+time.Second {
		t.Errorf("took %v", d)
	}
	if !strings.Contains(err.Error(), "could not") {
		t.Errorf("message %q", err)
	}
	// A closed port: connection refused, fast.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	if _, err := f.Fetch(context.Background(), "http://"+addr+"/"); !errors.As(err, &ne) || ne.Timeout {
		t.Errorf("closed port: err %v, want a NetworkError without timeout", err)
	}
}

func TestSniffedTypeAndBinary(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/png" {
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n\x1a\n0000"))
			return
		}
		w.Header()["Content-Type"] = nil // no header at all: sniffed
		fmt.Fprint(w, "<html><body><p>Sniffed page text.</p></body></html>")
	})
	f := newFetcher(t, Options{})
	c, err := f.Fetch(context.Background(), srv.URL+"/sniff")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.ContentType, "text/html") || !strings.Contains(c.Text, "Sniffed page text.") {
		t.Errorf("type %q text %q", c.ContentType, c.Text)
	}
	c, err = f.Fetch(context.Background(), srv.URL+"/png")
	if err != nil || c.Text != "" || c.ContentType != "image/png" {
		t.Errorf("png: err %v text %q", err, c.Text)
	}
}

// One Fetcher serves many goroutines (run under -race).
func TestConcurrent(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "page ", r.URL.Path)
	})
	f := newFetcher(t, Options{})
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			c, err := f.Fetch(context.Background(), fmt.Sprintf("%s/%d", srv.URL, i))
			if err == nil && c.Text != fmt.Sprintf("page /%d", i) {
				err = fmt.Errorf("text %q", c.Text)
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
