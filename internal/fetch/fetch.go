// Package fetch fetches a source document safely and keeps an evidence copy
// of it: the bytes as served, their SHA-256, the final URL after redirects,
// the status, the time, and the readable text extracted from it.
//
// Safety (issue 17, item 5): only http and https; no credentials in URLs; no
// cookies; no proxies from the environment; a redirect limit, a body-size
// limit and a total timeout. Every address is checked twice: after DNS
// resolution (all resolved addresses must be public) and again when the
// socket connects (net.Dialer.Control), so DNS rebinding and redirects to
// private addresses are refused. Options.Allow names hosts or CIDR ranges
// that may be fetched all the same (an intranet document server). A host
// allowed by name is allowed only under that name: a redirect from it to a
// private IP literal, or to another name resolving to a private address, is
// still refused.
package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Defaults used when an Options field is zero.
const (
	DefaultTimeout      = 20 * time.Second
	DefaultMaxBytes     = 10 << 20
	DefaultMaxRedirects = 5
	DefaultUserAgent    = "DisplacementTracker/1 (evidence copies)"
	// dnsTimeout bounds a DNS lookup so that a machine without network
	// fails fast instead of waiting for the whole fetch timeout.
	dnsTimeout = 5 * time.Second
)

// UserAgent is the honest User-Agent for a site at siteURL, naming it so a
// publisher can see who copies their pages and why.
func UserAgent(siteURL string) string {
	if siteURL == "" {
		return DefaultUserAgent
	}
	return "DisplacementTracker/1 (+" + siteURL + "; evidence copies)"
}

// Options configure a Fetcher. Zero values take the defaults above.
type Options struct {
	// Allow names hosts ("docs.intranet", "10.1.2.3") or CIDR ranges
	// ("10.0.0.0/8") that may be fetched although they are private.
	Allow     []string
	UserAgent string
	// Timeout bounds the whole fetch: DNS, connect, redirects and body.
	Timeout time.Duration
	// MaxBytes caps the body (after content decoding).
	MaxBytes int64
	// MaxRedirects caps redirects followed; negative means none.
	MaxRedirects int
}

// Copy is the evidence copy of one fetched document.
type Copy struct {
	URL         string // as asked for
	FinalURL    string // after redirects
	Status      int
	ContentType string // as served (header), or sniffed when absent
	Body        []byte // bytes as served (after transfer decoding)
	SHA256      string // hex of Body
	FetchedAt   time.Time
	Text        string // readable text; empty for types without text
	Charset     string // encoding the text was decoded from ("utf-8", "windows-1256", ...)
}

// Fetcher fetches documents. It is safe for concurrent use.
type Fetcher struct {
	opts         Options
	allowNames   map[string]bool
	allowNets    []netip.Prefix
	client       *http.Client
	lookup       func(ctx context.Context, host string) ([]netip.Addr, error)
	pdfToText    string // program name; tests may change it
	now          func() time.Time
	maxRedirects int
}

// New returns a Fetcher for opts. It fails on an Allow entry that is
// neither a host name, an IP address nor a CIDR range.
func New(opts Options) (*Fetcher, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	f := &Fetcher{
		opts:         opts,
		allowNames:   map[string]bool{},
		pdfToText:    "pdftotext",
		now:          time.Now,
		maxRedirects: opts.MaxRedirects,
	}
	switch {
	case opts.MaxRedirects == 0:
		f.maxRedirects = DefaultMaxRedirects
	case opts.MaxRedirects < 0:
		f.maxRedirects = 0
	}
	for _, raw := range opts.Allow {
		e := strings.TrimSpace(raw)
		if e == "" {
			continue
		}
		if strings.Contains(e, "/") {
			p, err := netip.ParsePrefix(e)
			if err != nil {
				return nil, fmt.Errorf("fetch: allow entry %q is not a CIDR range: %v", raw, err)
			}
			f.allowNets = append(f.allowNets, p.Masked())
			continue
		}
		if a, err := netip.ParseAddr(strings.Trim(e, "[]")); err == nil {
			a = a.Unmap()
			f.allowNets = append(f.allowNets, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		name := normalizeHost(e)
		if !validHostName(name) {
			return nil, fmt.Errorf("fetch: allow entry %q is not a host name, IP address or CIDR range", raw)
		}
		f.allowNames[name] = true
	}
	var r net.Resolver
	f.lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
		return r.LookupNetIP(ctx, "ip", host)
	}
	tr := &http.Transport{
		Proxy:                  nil, // never an environment proxy: the checks must see the real peer
		DialContext:            f.dialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  opts.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConns:           16,
		IdleConnTimeout:        30 * time.Second,
	}
	f.client = &http.Client{
		Transport:     tr,
		Jar:           nil, // no cookies
		Timeout:       opts.Timeout,
		CheckRedirect: f.checkRedirect,
	}
	return f, nil
}

// Errors returned by Fetch. Test them with errors.Is / errors.As.
var (
	// ErrRefused: the URL or an address it leads to may not be fetched.
	// The error is a *RefusedError naming why.
	ErrRefused = errors.New("refused")
	// ErrTooLarge: the body is larger than Options.MaxBytes.
	ErrTooLarge = errors.New("document too large")
	// ErrTooManyRedirects: more redirects than Options.MaxRedirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrNoPDFExtractor: a PDF was fetched but pdftotext is not installed.
	ErrNoPDFExtractor = errors.New("no PDF text extractor (install poppler-utils for pdftotext)")
)

// RefusedError says why a URL was refused. It matches ErrRefused.
type RefusedError struct {
	URL    string
	Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("fetch refused %s: %s", redact(e.URL), e.Reason)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// HTTPError is a response whose status is not 2xx. RetryAfter is the
// server's Retry-After (seconds or HTTP date), zero when absent.
type HTTPError struct {
	URL        string
	Status     int
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string {
	s := fmt.Sprintf("fetch %s: HTTP %d %s", redact(e.URL), e.Status, http.StatusText(e.Status))
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

// NetworkError is a failure to reach the server: DNS, connect, TLS, a
// broken or slow response. Timeout is set when a time limit ran out.
// On a machine without network every fetch ends here, quickly.
type NetworkError struct {
	URL     string
	Timeout bool
	Err     error
}

func (e *NetworkError) Error() string {
	what := "could not fetch"
	if e.Timeout {
		what = "timed out fetching"
	}
	return fmt.Sprintf("%s %s: %v", what, redact(e.URL), e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// ExtractError is a document fetched whole whose text could not be
// extracted; Fetch returns the Copy with it.
type ExtractError struct {
	URL string
	Err error
}

func (e *ExtractError) Error() string {
	return fmt.Sprintf("fetch %s: extracting text: %v", redact(e.URL), e.Err)
}

func (e *ExtractError) Unwrap() error { return e.Err }

// Fetch fetches rawURL and returns its copy. On a non-2xx status it
// returns the Copy (body kept, no text) and an *HTTPError; when the text
// cannot be extracted it returns the Copy and an *ExtractError. Any other
// error comes with a nil Copy: *RefusedError (ErrRefused), ErrTooLarge,
// ErrTooManyRedirects, *NetworkError.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*Copy, error) {
	u, err := f.checkURL(rawURL)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &RefusedError{URL: rawURL, Reason: err.Error()}
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	fetchedAt := f.now().UTC()
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.classify(rawURL, err)
	}
	defer resp.Body.Close()
	if resp.ContentLength > f.opts.MaxBytes {
		return nil, fmt.Errorf("%w: %s declares %d bytes, more than the limit of %d", ErrTooLarge, rawURL, resp.ContentLength, f.opts.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxBytes+1))
	if err != nil {
		return nil, f.classify(rawURL, err)
	}
	if int64(len(body)) > f.opts.MaxBytes {
		return nil, fmt.Errorf("%w: %s is more than the limit of %d bytes", ErrTooLarge, rawURL, f.opts.MaxBytes)
	}
	sum := sha256.Sum256(body)
	c := &Copy{
		URL:         rawURL,
		FinalURL:    resp.Request.URL.String(),
		Status:      resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		Body:        body,
		SHA256:      hex.EncodeToString(sum[:]),
		FetchedAt:   fetchedAt,
	}
	if c.ContentType == "" {
		c.ContentType = http.DetectContentType(body)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c, &HTTPError{URL: rawURL, Status: resp.StatusCode, RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), f.now())}
	}
	text, cs, err := f.extract(ctx, c)
	c.Text, c.Charset = text, cs
	if err != nil {
		return c, &ExtractError{URL: rawURL, Err: err}
	}
	return c, nil
}

// checkURL refuses what must never be fetched whatever its address.
func (f *Fetcher) checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, &RefusedError{URL: raw, Reason: "not a valid URL: " + err.Error()}
	}
	return u, f.checkParsed(raw, u)
}

func (f *Fetcher) checkParsed(raw string, u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return &RefusedError{URL: raw, Reason: "no scheme; only http and https URLs are fetched"}
	default:
		return &RefusedError{URL: raw, Reason: fmt.Sprintf("scheme %q; only http and https URLs are fetched", u.Scheme)}
	}
	if u.User != nil {
		return &RefusedError{URL: raw, Reason: "the URL carries a user name or password; credentials are never sent"}
	}
	host := u.Hostname()
	if host == "" {
		return &RefusedError{URL: raw, Reason: "no host"}
	}
	if _, err := netip.ParseAddr(host); err != nil && numericHost(host) {
		return &RefusedError{URL: raw, Reason: fmt.Sprintf("host %q is a number but not a plain IP address (octal, hex or short forms hide the real address)", host)}
	}
	return nil
}

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.maxRedirects {
		return fmt.Errorf("%w: more than %d, the last to %s", ErrTooManyRedirects, f.maxRedirects, req.URL.Redacted())
	}
	if err := f.checkParsed(req.URL.String(), req.URL); err != nil {
		var re *RefusedError
		if errors.As(err, &re) {
			re.Reason = "redirected from " + via[len(via)-1].URL.Redacted() + ": " + re.Reason
		}
		return err
	}
	// No credentials: the first request has none; make sure a redirect
	// adds none either.
	req.Header.Del("Authorization")
	req.Header.Del("Cookie")
	return nil
}

// dialContext resolves the host itself, checks every address and dials
// only addresses it checked (so a second DNS answer cannot slip a private
// address in), with the socket's peer checked again at connect time.
func (f *Fetcher) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	host = normalizeHost(host)
	byName := f.allowNames[host]
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else {
		lctx, cancel := context.WithTimeout(ctx, dnsTimeout)
		addrs, err = f.lookup(lctx, host)
		cancel()
		if err != nil {
			return nil, err
		}
		if len(addrs) == 0 {
			return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
		}
	}
	if !byName {
		for _, a := range addrs {
			if why := f.forbidden(a); why != "" {
				return nil, &RefusedError{URL: addr, Reason: fmt.Sprintf("host %s resolves to %s, a %s address", host, a, why)}
			}
		}
	}
	d := net.Dialer{Timeout: 10 * time.Second, Control: f.control(byName)}
	var firstErr error
	for _, a := range addrs {
		conn, err := d.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
		if err == nil {
			return conn, nil
		}
		var re *RefusedError
		if errors.As(err, &re) {
			return nil, re
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// control checks the address a socket is about to connect to. A host
// allowed by name may connect anywhere (its addresses were resolved from
// that name); any other connection must reach a public or allowed address.
func (f *Fetcher) control(byName bool) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		if byName {
			return nil
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return &RefusedError{URL: address, Reason: "cannot check connect address: " + err.Error()}
		}
		if why := f.forbidden(ap.Addr()); why != "" {
			return &RefusedError{URL: address, Reason: fmt.Sprintf("connecting to %s, a %s address", ap.Addr(), why)}
		}
		return nil
	}
}

var (
	cgnat        = netip.MustParsePrefix("100.64.0.0/10")
	thisNetwork  = netip.MustParsePrefix("0.0.0.0/8")
	ietfProto    = netip.MustParsePrefix("192.0.0.0/24")
	benchmarking = netip.MustParsePrefix("198.18.0.0/15")
	reservedV4   = netip.MustParsePrefix("240.0.0.0/4") // includes 255.255.255.255
	nat64        = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour    = netip.MustParsePrefix("2002::/16")
	siteLocalV6  = netip.MustParsePrefix("fec0::/10")
	metadataV4   = netip.MustParseAddr("169.254.169.254")
	metadataV6   = netip.MustParseAddr("fd00:ec2::254")
)

// forbidden names the class of a, or "" when a may be fetched.
func (f *Fetcher) forbidden(a netip.Addr) string {
	a = a.WithZone("").Unmap()
	for _, p := range f.allowNets {
		if p.Contains(a) {
			return ""
		}
	}
	return addrClass(a)
}

// addrClass names why a is not a public address, or "".
func addrClass(a netip.Addr) string {
	a = a.WithZone("").Unmap()
	switch {
	case !a.IsValid():
		return "invalid"
	case a == metadataV4 || a == metadataV6:
		return "cloud metadata (link-local)"
	case a.IsUnspecified():
		return "unspecified"
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast():
		return "link-local"
	case a.IsMulticast(), a.IsLinkLocalMulticast(), a.IsInterfaceLocalMulticast():
		return "multicast"
	case cgnat.Contains(a):
		return "shared (CGNAT 100.64.0.0/10)"
	case thisNetwork.Contains(a):
		return "this-network (0.0.0.0/8)"
	case ietfProto.Contains(a), benchmarking.Contains(a), reservedV4.Contains(a), siteLocalV6.Contains(a):
		return "reserved"
	case nat64.Contains(a):
		b := a.As16()
		if c := addrClass(netip.AddrFrom4([4]byte(b[12:16]))); c != "" {
			return c + " (through NAT64)"
		}
	case sixToFour.Contains(a):
		b := a.As16()
		if c := addrClass(netip.AddrFrom4([4]byte(b[2:6]))); c != "" {
			return c + " (through 6to4)"
		}
	}
	return ""
}

// classify turns an error from the HTTP client into one of ours.
func (f *Fetcher) classify(rawURL string, err error) error {
	var re *RefusedError
	if errors.As(err, &re) {
		return &RefusedError{URL: rawURL, Reason: re.Reason}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, ErrTooManyRedirects) {
		return fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	timeout := errors.Is(err, context.DeadlineExceeded)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		timeout = true
	}
	var de *net.DNSError
	if errors.As(err, &de) {
		if de.IsTimeout {
			timeout = true
		}
		err = fmt.Errorf("could not resolve host %s: %v", de.Name, de.Err)
	}
	return &NetworkError{URL: rawURL, Timeout: timeout, Err: err}
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d.Round(time.Second)
		}
	}
	return 0
}

// redact drops any user name and password from a URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

func normalizeHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
}

func validHostName(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}

// numericHost is true for hosts whose last label is a number (all digits
// or 0x…): resolvers read "2130706433", "0177.1" or "0x7f.1" as IPv4
// addresses, and no public DNS name ends in a numeric label.
func numericHost(h string) bool {
	h = strings.TrimSuffix(h, ".")
	last := h[strings.LastIndexByte(h, '.')+1:]
	if last == "" {
		return false
	}
	if strings.HasPrefix(strings.ToLower(last), "0x") {
		return true
	}
	for _, r := range last {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// mediaType is the lower-case media type of a Content-Type value.
func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(ct, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}
