// Package auth holds the pieces of staff sign-in that need care: password
// hashing with argon2id, password rules, and session tokens. It knows
// nothing of HTTP or SQL.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Params are argon2id's cost parameters. Default is OWASP's first
// recommended configuration (19 MiB of memory, 2 passes, 1 thread).
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// Default is what new hashes use.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
	// MinPassword and MaxPassword bound a password's length in characters
	// (not bytes, so that multibyte passwords are not cut short).
	MinPassword = 8
	MaxPassword = 256
)

// CheckPassword applies the password rules; the error names the field.
func CheckPassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw):
		return domain.FieldErrorf(domain.EINVALID, "password", "is not valid UTF-8")
	case n < MinPassword:
		return domain.FieldErrorf(domain.EINVALID, "password", "must be at least %d characters (it has %d)", MinPassword, n)
	case n > MaxPassword:
		return domain.FieldErrorf(domain.EINVALID, "password", "must be at most %d characters (it has %d)", MaxPassword, n)
	case commonPasswords()[strings.ToLower(pw)]:
		return domain.FieldErrorf(domain.EINVALID, "password", "is one of the most common passwords, which attackers try first; choose another (a few unrelated words make a good one)")
	}
	return nil
}

// NIST SP 800-63B (5.1.1.2) asks that new passwords be checked against
// lists of commonly used or breached ones.
//
//go:embed common-passwords.txt
var commonList string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
})

// Hash returns the PHC string of pw: $argon2id$v=19$m=…,t=…,p=…$salt$key.
// It waits for its share of the hashing memory budget however long that
// takes: new passwords are set by admins, not by anonymous requests.
func Hash(pw string, p Params) string {
	salt := make([]byte, saltLen)
	rand.Read(salt)
	var key []byte
	withSlots(context.Background(), p.Memory, func() { key = argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen) })
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Verify reports whether pw matches the PHC string hash, in constant time.
// A malformed hash never matches. It waits for its share of the hashing
// memory budget, and returns ErrBusy if ctx ends first.
func Verify(ctx context.Context, pw, hash string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false, nil
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, nil
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || p.Time == 0 || p.Threads == 0 {
		return false, nil
	}
	var got []byte
	if err := withSlots(ctx, p.Memory, func() { got = argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want))) }); err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified against when an account does not exist, so that
// a sign-in takes as long for an unknown email as for a wrong password.
var dummyHash = sync.OnceValue(func() string { return Hash("no such account", Default) })

// VerifyDummy spends the time and memory of one Verify.
func VerifyDummy(ctx context.Context, pw string) error {
	_, err := Verify(ctx, pw, dummyHash())
	return err
}

// NewToken returns a session token for the cookie (32 random bytes,
// base64url) and the hash under which the database keeps it.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token)
}

// TokenHash is the database key of a session token.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewPassword returns a generated password: 20 characters from an alphabet
// without look-alikes, about 115 bits.
func NewPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
