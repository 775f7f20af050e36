package domain

import (
	"slices"
	"testing"
)

func TestCountryName(t *testing.T) {
	tests := []struct {
		code string
		name string
		ok   bool
	}{
		{"PAK", "Pakistan", true},
		{"AFG", "Afghanistan", true},
		{"IRN", "Iran", true},
		{"TUR", "Türkiye", true},
		{"CIV", "Côte d'Ivoire", true},
		{"XKX", "Kosovo", true},
		{"XXX", "", false},
		{"pak", "", false},
		{"PA", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		name, ok := CountryName(tt.code)
		if name != tt.name || ok != tt.ok {
			t.Errorf("CountryName(%q) = %q, %v; want %q, %v", tt.code, name, ok, tt.name, tt.ok)
		}
	}
}

func TestCountries(t *testing.T) {
	codes := Countries()
	if len(codes) != 250 {
		t.Errorf("len(Countries()) = %d, want 250 (249 ISO 3166-1 codes plus XKX)", len(codes))
	}
	if !slices.IsSorted(codes) {
		t.Error("Countries() is not sorted")
	}
	for i, code := range codes {
		if i > 0 && codes[i-1] == code {
			t.Errorf("Countries() has duplicate %q", code)
		}
		if len(code) != 3 {
			t.Errorf("code %q is not 3 letters", code)
			continue
		}
		for j := 0; j < len(code); j++ {
			if code[j] < 'A' || code[j] > 'Z' {
				t.Errorf("code %q is not 3 upper-case ASCII letters", code)
				break
			}
		}
		if name, ok := CountryName(code); !ok || name == "" {
			t.Errorf("CountryName(%q) = %q, %v; want a name", code, name, ok)
		}
	}
}
