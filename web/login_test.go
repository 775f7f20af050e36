package web_test

import (
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/web"
)

// proxied is a site whose tests play clients at many addresses: the
// loopback peer is trusted to name them in X-Forwarded-For.
func proxied(t *testing.T, delay time.Duration) *staffSite {
	return newStaffSite(t, web.Config{TrustedProxies: []string{"127.0.0.1"}, SignInDelay: delay})
}

// signInFrom posts a sign-in as if from addr and returns the status.
func signInFrom(t *testing.T, s *staffSite, addr, email, pw string) int {
	t.Helper()
	resp, _ := do(t, s.client(t), "POST", s.URL+"/staff/login", url.Values{"email": {email}, "password": {pw}}, "X-Forwarded-For", addr)
	return resp.StatusCode
}

// parallel runs n sign-ins at once and counts their statuses.
func parallel(t *testing.T, n int, attempt func(i int) int) map[int]int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	got := map[int]int{}
	for i := range n {
		wg.Go(func() {
			code := attempt(i)
			mu.Lock()
			got[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return got
}

// The outside test sent 40 wrong passwords for one account at once and got
// 39 checked (limit 5), and 200 from one address all checked (limit 20):
// each attempt counted the failures before any was recorded.
func TestConcurrentSignInsAreCounted(t *testing.T) {
	s := proxied(t, -1)
	got := parallel(t, 40, func(i int) int { return signInFrom(t, s, "192.0.2.1", "editor@example.org", "wrong "+itoa(int64(i))) })
	if got[401] != 5 || got[429] != 35 {
		t.Errorf("40 concurrent wrong passwords for one account: %v; want 5 × 401 and 35 × 429", got)
	}
	auth.VerifyDummy(t.Context(), "") // makes the dummy hash, once per process
	_, _, before := auth.HashStats()
	got = parallel(t, 200, func(i int) int { return signInFrom(t, s, "192.0.2.2", "nobody"+itoa(int64(i))+"@example.org", "wrong") })
	if got[401] != 20 || got[429] != 180 {
		t.Errorf("200 concurrent sign-ins from one address: %v; want 20 × 401 and 180 × 429", got)
	}
	// Refused attempts are refused before they hash.
	if _, _, after := auth.HashStats(); after-before != 20 {
		t.Errorf("%d password hashes for 20 checked attempts", after-before)
	}
}

// 200 sign-ins at once from 200 addresses pass every throttle; hashing
// each with 19 MiB at once took the outside test's server to 3 GB. At most
// the budget's worth run at once.
func TestConcurrentSignInsShareTheHashingMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("slow (200 sign-ins hashed with argon2id): left out of -short")
	}
	s := proxied(t, -1)
	auth.VerifyDummy(t.Context(), "") // makes the dummy hash, once per process
	defer auth.SetHashMemory(auth.DefaultHashMemory)
	auth.SetHashMemory(2 * uint64(auth.Default.Memory))
	got := parallel(t, 200, func(i int) int {
		addr := "198.51.100." + itoa(int64(i))
		if i%5 == 0 { // an unknown account: the dummy hash at full cost
			return signInFrom(t, s, addr, "nobody@example.org", password)
		}
		return signInFrom(t, s, addr, "editor@example.org", password)
	})
	if got[303] != 160 || got[401] != 40 {
		t.Errorf("200 concurrent sign-ins: %v; want 160 × 303 and 40 × 401", got)
	}
	if now, most, all := auth.HashStats(); most > 2 || all != 200 || now != 0 {
		t.Errorf("%d hashes at once (budget 2), %d in all (want 200), %d still running", most, all, now)
	}
}

// Five wrong passwords from anywhere used to lock the account's owner out
// for fifteen minutes, renewable forever. Now an address is refused for an
// account it failed on, and the account is only slowed down elsewhere.
func TestSignInFailuresElsewhereDoNotLockTheOwnerOut(t *testing.T) {
	s := proxied(t, time.Millisecond)
	for a := range 10 {
		addr := "203.0.113." + itoa(int64(a))
		for i := range 5 {
			if code := signInFrom(t, s, addr, "editor@example.org", "guess "+itoa(int64(i))); code != 401 {
				t.Fatalf("attacker %s, failure %d: %d", addr, i+1, code)
			}
		}
		if code := signInFrom(t, s, addr, "editor@example.org", "guess 6"); code != 429 {
			t.Fatalf("attacker %s after 5 failures: %d, want 429", addr, code)
		}
	}
	// 50 failures from elsewhere; the owner's own address still gets in.
	if code := signInFrom(t, s, "192.0.2.77", "editor@example.org", password); code != 303 {
		t.Errorf("the owner after 50 failures from other addresses: %d, want 303", code)
	}
	// One address trying many accounts is held back after 20.
	for i := range 20 {
		if code := signInFrom(t, s, "203.0.113.200", "user"+itoa(int64(i))+"@example.org", "guess"); code != 401 {
			t.Fatalf("stuffing attempt %d: %d", i+1, code)
		}
	}
	if code := signInFrom(t, s, "203.0.113.200", "reviewer@example.org", password); code != http.StatusTooManyRequests {
		t.Errorf("21st account from one address: %d, want 429", code)
	}
}

// A disabled account answered in 2.5 ms against 45 ms for others: it
// skipped the hash, which told an attacker which accounts exist.
func TestDisabledAccountCostsAHash(t *testing.T) {
	s := proxied(t, -1)
	if err := s.db.SetUserDisabled(t.Context(), "cli:test", s.users["editor"].ID, true); err != nil {
		t.Fatal(err)
	}
	_, _, before := auth.HashStats()
	if code := signInFrom(t, s, "192.0.2.5", "editor@example.org", password); code != 401 {
		t.Fatalf("disabled account: %d", code)
	}
	if _, _, after := auth.HashStats(); after-before != 1 {
		t.Errorf("a disabled account's sign-in ran %d hashes, want 1 as for any other", after-before)
	}
}
