package auth_test

import (
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// fast keeps the tests quick; the parameters are part of the hash, so
// Verify works with any.
var fast = auth.Params{Memory: 64, Time: 1, Threads: 1}

func TestHashAndVerify(t *testing.T) {
	for _, pw := range []string{"correct horse", "пароль-достаточно-длинный", "كلمة السر الطويلة", strings.Repeat("x", 256)} {
		h := auth.Hash(pw, fast)
		if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
			t.Fatalf("hash %q is not a PHC argon2id string", h)
		}
		if !auth.Verify(pw, h) {
			t.Errorf("Verify(%q) = false", pw)
		}
		if auth.Verify(pw+"x", h) || auth.Verify("", h) {
			t.Errorf("Verify accepts a wrong password for %q", pw)
		}
	}
	if auth.Hash("same", fast) == auth.Hash("same", fast) {
		t.Error("two hashes of one password are equal: no salt")
	}
}

func TestDefaultMeetsOWASP(t *testing.T) {
	// OWASP Password Storage Cheat Sheet: argon2id with at least 19 MiB,
	// 2 iterations, 1 degree of parallelism.
	if auth.Default.Memory < 19*1024 || auth.Default.Time < 2 || auth.Default.Threads < 1 {
		t.Errorf("Default %+v is weaker than OWASP's minimum", auth.Default)
	}
}

func TestVerifyRejectsMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=64,t=0,p=1$c2FsdA$a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$!!$a2V5", "$argon2id$v=18$m=64,t=1,p=1$c2FsdA$a2V5"} {
		if auth.Verify("pw", h) {
			t.Errorf("Verify accepted %q", h)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		pw   string
		want string // "" = accepted
	}{
		{"1234567", "at least 8"},
		{"12345678", ""},
		{"日本語のパスワード", ""}, // 9 characters, 27 bytes
		{"ключ", "at least 8"},
		{strings.Repeat("é", 128), ""},
		{strings.Repeat("a", 256), ""},
		{strings.Repeat("a", 257), "at most 256"},
		{"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", "UTF-8"},
	}
	for _, tt := range tests {
		err := auth.CheckPassword(tt.pw)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckPassword(%q) = %v, want nil", tt.pw, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckPassword(%q) = %v, want %q", tt.pw, err, tt.want)
		case err != nil && domain.FieldProblems(err)[0].Field != "password":
			t.Errorf("CheckPassword(%q) names field %q", tt.pw, domain.FieldProblems(err)[0].Field)
		}
	}
}

func TestTokens(t *testing.T) {
	tok, hash := auth.NewToken()
	tok2, _ := auth.NewToken()
	if len(tok) < 40 || tok == tok2 || hash != auth.TokenHash(tok) || hash == tok {
		t.Errorf("token %q hash %q", tok, hash)
	}
	pw := auth.NewPassword()
	if len(pw) != 20 || auth.CheckPassword(pw) != nil {
		t.Errorf("generated password %q", pw)
	}
}
