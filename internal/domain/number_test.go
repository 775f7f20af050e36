package domain_test

import (
	"math"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{685, "685"},
		{999, "999"},
		{1000, "1,000"},
		{59561, "59,561"},
		{857157, "857,157"},
		{1000000, "1,000,000"},
		{1234567.5, "1,234,567.5"},
		{-1234, "-1,234"},
		{1e15, "1,000,000,000,000,000"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "+Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := domain.FormatNumber(tt.in); got != tt.want {
				t.Errorf("FormatNumber(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatPlain(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{1e6, "1000000"},
		{857157, "857157"},
		{1e15, "1000000000000000"},
		{12.5, "12.5"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := domain.FormatPlain(tt.in)
			if got != tt.want {
				t.Errorf("FormatPlain(%v) = %q, want %q", tt.in, got, tt.want)
			}
			if strings.ContainsAny(got, "eE,") {
				t.Errorf("FormatPlain(%v) = %q has an exponent or separator", tt.in, got)
			}
			back, err := domain.ParsePlain(got)
			if err != nil || back != tt.in {
				t.Errorf("ParsePlain(FormatPlain(%v)) = %v, %v; want the value back", tt.in, back, err)
			}
		})
	}
}

func TestParsePlainAccepts(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"1000000", 1000000},
		{"0", 0},
		{"12.5", 12.5},
		{"857157", 857157},
	}
	for _, tt := range tests {
		t.Run(caseName(tt.in), func(t *testing.T) {
			got, err := domain.ParsePlain(tt.in)
			if err != nil {
				t.Fatalf("ParsePlain(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParsePlain(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParsePlainRejects(t *testing.T) {
	tests := []struct {
		in      string
		wantMsg string // what the message tells the user to write
	}{
		{"1,000,000", "write 1000000"},
		{"1 000 000", "write 1000000"},
		{" 12", "write 12"},
		{"1e6", "digits only"},
		{"1E+06", "digits only"},
		{"abc", "digits only"},
		{"", "digits only"},
		{"nearly a million", "digits only"},
		{"1.000.000", "digits only"},
		{"12.", "digits only"},
		{".5", "digits only"},
		{"+12", "digits only"},
		{"NaN", "digits only"},
		{"Inf", "digits only"},
		{"0x10", "digits only"},
	}
	for _, tt := range tests {
		t.Run(caseName(tt.in), func(t *testing.T) {
			got, err := domain.ParsePlain(tt.in)
			if err == nil {
				t.Fatalf("ParsePlain(%q) = %v, want an error", tt.in, got)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("ParsePlain(%q) error = %q, want it to contain %q", tt.in, err, tt.wantMsg)
			}
		})
	}
}

func TestNewID(t *testing.T) {
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	seen := make(map[string]bool)
	for range 1000 {
		id := domain.NewID()
		if len(id) != 16 {
			t.Fatalf("NewID() = %q, %d characters, want 16", id, len(id))
		}
		if i := strings.IndexFunc(id, func(r rune) bool { return !strings.ContainsRune(alphabet, r) }); i >= 0 {
			t.Fatalf("NewID() = %q has %q, outside the alphabet %q", id, id[i], alphabet)
		}
		if !domain.ValidID(id) {
			t.Fatalf("ValidID(NewID() = %q) = false", id)
		}
		if seen[id] {
			t.Fatalf("NewID() returned %q twice in 1000 calls", id)
		}
		seen[id] = true
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"k3m9q2x7w4r8t6v1", true},
		{"IOM_2025-04-19", true},
		{"a", true},
		{strings.Repeat("a", 64), true},
		{"", false},
		{"a b", false},
		{"../x", false},
		{"a/b", false},
		{"-a", false},
		{"_a", false},
		{"a?b", false},
		{"é1", false},
		{strings.Repeat("a", 65), false},
	}
	for _, tt := range tests {
		t.Run(caseName(tt.in), func(t *testing.T) {
			if got := domain.ValidID(tt.in); got != tt.want {
				t.Errorf("ValidID(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Pakistan Ministry of Interior", "pakistan-ministry-of-interior"},
		{"Türkiye Göç İdaresi", "turkiye-goc-idaresi"},
		{"Ministère de l'Intérieur", "ministere-de-l-interieur"},
		{"IOM/DTM", "iom-dtm"},
		{"  UNHCR – Pakistan  ", "unhcr-pakistan"},
		{"Ministry of States & Frontier Regions (SAFRON)", "ministry-of-states-frontier-regions-safron"},
		{"Abb Takk", "abb-takk"},
		{"UN OCHA 2025", "un-ocha-2025"},
		{"!!!", "org"},
		{"", "org"},
		{"وزارة الداخلية", "org"},
	}
	for _, tt := range tests {
		t.Run(caseName(tt.in), func(t *testing.T) {
			if got := domain.Slugify(tt.in); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// A slug from any name is a valid series/organization slug of at most 80
// characters, even when truncation would cut after a hyphen.
func TestSlugifyLongNames(t *testing.T) {
	tests := []string{
		strings.Repeat("word ", 40),
		strings.Repeat("a", 79) + " b " + strings.Repeat("c", 20),
		strings.Repeat("abcdefghi ", 20),
	}
	for _, in := range tests {
		t.Run(in[:20], func(t *testing.T) {
			got := domain.Slugify(in)
			if len(got) > 80 {
				t.Errorf("Slugify(long) has %d characters, want at most 80", len(got))
			}
			s := domain.Series{Slug: got, Unit: "persons"}
			if err := s.ValidateGiven(); err != nil {
				t.Errorf("Slugify(long) = %q is not a valid slug: %v", got, err)
			}
		})
	}
}
