package domain

import (
	"crypto/rand"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// FormatNumber writes v with thousands separators: 1000000 → "1,000,000".
// Fractions, which counts do not have, are kept as given.
func FormatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// FormatPlain writes v as the canonical CSV writes it: digits only, no
// separators, no exponent (1000000, not 1e+06).
func FormatPlain(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// ParsePlain reads a plain number as the canonical CSV holds it. Numbers with
// separators, words or exponents are refused with a message that says what to
// write instead.
func ParsePlain(s string) (float64, error) {
	if !plainNumber.MatchString(s) {
		if d := strings.NewReplacer(",", "", " ", "").Replace(s); d != s && plainNumber.MatchString(d) {
			return 0, fmt.Errorf("%q is not a plain number: write %s, without separators", s, d)
		}
		return 0, fmt.Errorf("%q is not a plain number (write digits only, like 1000000)", s)
	}
	return strconv.ParseFloat(s, 64)
}

// NewID returns a fresh identifier for a figure or event: 16 lower-case
// base-32 characters, safe in URLs and file names. The first 7 count the
// seconds since 1970 and the other 9 are random (45 bits): ids made later
// sort later, so a large import appends to the end of the id indexes
// instead of touching pages all over them, and ids made in the same
// second still differ with overwhelming odds.
func NewID() string { return newID(time.Now()) }

func newID(now time.Time) string {
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz" // Crockford: no i, l, o, u
	var b [16]byte
	rand.Read(b[7:]) // never returns an error (crypto/rand, Go 1.24+)
	for i := 7; i < 16; i++ {
		b[i] = alphabet[b[i]&31]
	}
	secs := uint64(max(now.Unix(), 0))
	for i := 6; i >= 0; i-- {
		b[i] = alphabet[secs&31]
		secs >>= 5
	}
	return string(b[:])
}

// Slugify turns a name into a slug: "Pakistan Ministry of Interior" →
// "pakistan-ministry-of-interior". Letters outside ASCII are dropped after
// their accents are; a name with none left gives "org".
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		r = foldAccent(r)
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	if s == "" {
		return "org"
	}
	return s
}

func foldAccent(r rune) rune {
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return 'a'
	case 'ç':
		return 'c'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï', 'ı':
		return 'i'
	case 'ñ':
		return 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ý', 'ÿ':
		return 'y'
	case 'ş', 'ś':
		return 's'
	case 'ğ':
		return 'g'
	}
	return r
}
