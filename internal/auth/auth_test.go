package auth_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
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
		if ok, err := auth.Verify(t.Context(), pw, h); !ok || err != nil {
			t.Errorf("Verify(%q) = %v, %v", pw, ok, err)
		}
		if verifies(t, pw+"x", h) || verifies(t, "", h) {
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
		if verifies(t, "pw", h) {
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
		{"gq7vx2mz", ""},
		{"日本語のパスワード", ""}, // 9 characters, 27 bytes
		{"ключ", "at least 8"},
		{strings.Repeat("é", 128), ""},
		{strings.Repeat("a", 256), ""},
		{strings.Repeat("a", 257), "at most 256"},
		{"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", "UTF-8"},
		// NIST SP 800-63B: the most common passwords are refused whatever their case.
		{"password1", "most common passwords"},
		{"PassWord123", "most common passwords"},
		{"qwertyuiop", "most common passwords"},
		{"iloveyou", "most common passwords"},
		{"Displacement", "most common passwords"},
		{"password1 but longer", ""},
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

func verifies(t *testing.T, pw, hash string) bool {
	ok, err := auth.Verify(t.Context(), pw, hash)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// Each argon2id computation holds its memory until it ends: 200 sign-ins
// at once must not all hash at once (the outside test saw 3 GB).
func TestHashingIsBoundedByMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("slow (hundreds of argon2id hashes): left out of -short")
	}
	defer auth.SetHashMemory(auth.DefaultHashMemory)
	if got := auth.HashSlots(); got != auth.DefaultHashMemory/int(auth.Default.Memory) {
		t.Errorf("default budget: %d slots", got)
	}
	auth.SetHashMemory(3 * uint64(auth.Default.Memory)) // three at a time
	h := auth.Hash("correct horse", auth.Params{Memory: 1024, Time: 1, Threads: 1})
	auth.VerifyDummy(context.Background(), "x") // makes the dummy hash once
	_, before, start := auth.HashStats()
	var wg sync.WaitGroup
	var wrong atomic.Int64
	for i := range 200 {
		wg.Go(func() {
			ok, err := auth.Verify(context.Background(), "correct horse", h)
			if err != nil || !ok {
				wrong.Add(1)
			}
			if i%2 == 0 {
				auth.VerifyDummy(context.Background(), "x")
			}
		})
	}
	wg.Wait()
	now, most, all := auth.HashStats()
	if wrong.Load() != 0 || now != 0 || all-start != 300 {
		t.Fatalf("%d wrong answers, %d running after, %d computations (want 300)", wrong.Load(), now, all-start)
	}
	if most > 3 || before > 1 {
		t.Errorf("%d computations ran at once; the budget allows 3", most)
	}
}

// A caller whose request ends while waiting for memory gets ErrBusy.
func TestHashingWaitEndsWithTheContext(t *testing.T) {
	defer auth.SetHashMemory(auth.DefaultHashMemory)
	auth.SetHashMemory(1)
	h := auth.Hash("correct horse", fast)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := auth.Verify(ctx, "correct horse", h); !errors.Is(err, auth.ErrBusy) {
		t.Errorf("Verify with an ended context: %v", err)
	}
}
