package domain_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// An IRI becomes a URI that RFC 3986 accepts (no byte above 0x7F, no space)
// and that names the same resource: decoded, it is the address given.
func TestURI(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://www.aljazeera.net/news/2025/4/25/باكستان-ترحيل-الأفغان",
			"https://www.aljazeera.net/news/2025/4/25/%D8%A8%D8%A7%D9%83%D8%B3%D8%AA%D8%A7%D9%86-%D8%AA%D8%B1%D8%AD%D9%8A%D9%84-%D8%A7%D9%84%D8%A3%D9%81%D8%BA%D8%A7%D9%86"},
		{"https://example.org/a b?q=“x”#§", "https://example.org/a%20b?q=%E2%80%9Cx%E2%80%9D#%C2%A7"},
		{"https://موقع.example/", "https://%D9%85%D9%88%D9%82%D8%B9.example/"},
		{"https://example.org/already%20encoded?x=1&y=%D8%A8", "https://example.org/already%20encoded?x=1&y=%D8%A8"},
		{"https://example.org/100%", "https://example.org/100%25"},
		{"https://example.org/{a}|^`\\<\">", "https://example.org/%7Ba%7D%7C%5E%60%5C%3C%22%3E"},
		{"https://www.unhcr.org/news/stories/returns-2025", "https://www.unhcr.org/news/stories/returns-2025"},
	}
	for _, tc := range cases {
		got := domain.URI(tc.in)
		if got != tc.want {
			t.Errorf("URI(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for i := 0; i < len(got); i++ {
			if got[i] > 0x7F || got[i] <= ' ' {
				t.Errorf("URI(%q) = %q holds byte %#x", tc.in, got, got[i])
			}
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Errorf("URI(%q) = %q does not parse: %v", tc.in, got, err)
			continue
		}
		if domain.URI(got) != got {
			t.Errorf("URI(URI(%q)) encodes again: %q", tc.in, domain.URI(got))
		}
		// The same resource: decoding gives back what was given (an input
		// with its own escapes decodes the same on both sides).
		want, _ := url.PathUnescape(strings.ReplaceAll(tc.in, "100%", "100%25"))
		if back, err := url.PathUnescape(got); err != nil || back != want {
			t.Errorf("URI(%q) = %q decodes to %q, want %q", tc.in, got, back, want)
		}
		if strings.Contains(tc.in, "aljazeera") && (u.Host != "www.aljazeera.net" || u.Path != "/news/2025/4/25/باكستان-ترحيل-الأفغان") {
			t.Errorf("URI(%q): host %q path %q", tc.in, u.Host, u.Path)
		}
	}
}
