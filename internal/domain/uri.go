package domain

import "strings"

// URI writes an address as an RFC 3986 URI, for every output that declares
// `format: uri` (the API, the Data Package). Addresses are stored as they
// were given, and a source's may be an IRI — an Arabic news site's path in
// Arabic letters — which a URI may not hold. Following RFC 3987 section
// 3.1, every byte of a character a URI may not hold (non-ASCII, space, ", <,
// >, \, ^, `, {, |, }) is percent-encoded as UTF-8; RFC 3986 section 3.2.2
// allows the same in a host name. What is already a URI is left as it is:
// reserved characters keep their meaning and %XX escapes are not encoded
// twice, so the address names the same resource, and URI(URI(s)) == URI(s).
// Pages may still show the readable form.
func URI(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !uriSafe(s, i) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		if uriSafe(s, i) {
			b.WriteByte(s[i])
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[s[i]>>4])
		b.WriteByte(hex[s[i]&15])
	}
	return b.String()
}

// uriSafe reports whether the byte at i may stand as it is in a URI: an
// unreserved or reserved character, or the % of a percent-encoding.
func uriSafe(s string, i int) bool {
	c := s[i]
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case c == '%':
		return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
